import uuid

import pytest

from dekranasda.redis_cache import RedisCache


@pytest.fixture
def redis_cache(redis_url):
    cache = RedisCache(redis_url, {"KEY_PREFIX": f"redis-cache-test-{uuid.uuid4().hex[:8]}"})
    yield cache
    cache.delete_many(["page", "version"])


def test_the_cache_keeps_values_and_reads_several_at_once(redis_cache):
    redis_cache.set("page", (7, b"<html>", [("Content-Type", "text/html")]))
    redis_cache.set("version", 7)
    assert redis_cache.get_many(["version", "page", "missing"]) == {
        "version": 7,
        "page": (7, b"<html>", [("Content-Type", "text/html")]),
    }
    assert redis_cache.incr("version") == 8


def test_every_call_uses_the_same_client(redis_cache):
    client = redis_cache._cache
    assert client.get_client(write=True) is client.get_client(write=True)
    assert client.get_client(write=True).connection_pool is client._get_connection_pool(True)
