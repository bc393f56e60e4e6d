import socket
import time
import uuid

import pytest
from django_redis.cache import RedisCache

OPTIONS = {
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
    "REDIS_CLIENT_CLASS": "dekranasda.redis_cache.FailFastRedis",
}


def make_cache(location):
    prefix = f"redis-cache-test-{uuid.uuid4().hex[:8]}"
    return RedisCache(location, {"KEY_PREFIX": prefix, "OPTIONS": OPTIONS})


@pytest.fixture
def redis_cache(redis_url):
    cache = make_cache(redis_url)
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
    with pytest.raises(ValueError):
        redis_cache.incr("missing")


def test_every_call_uses_the_same_client(redis_cache):
    client = redis_cache.client
    assert client.get_client(write=True) is client.get_client(write=True)


@pytest.fixture
def hung_redis():
    """A socket that accepts connections and never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


def test_a_hung_redis_costs_one_timeout_then_is_skipped(hung_redis, settings):
    settings.REDIS_RETRY_SECONDS = 5
    cache = make_cache(hung_redis)
    started = time.monotonic()
    assert cache.get("page") is None
    assert 0.4 < time.monotonic() - started < 2

    started = time.monotonic()
    assert cache.get("page", "absent") == "absent"
    assert cache.get_many(["version", "page"]) == {}
    assert cache.set("page", b"<html>") is None
    assert cache.incr("version") is None
    assert time.monotonic() - started < 0.1


def test_redis_is_asked_again_after_the_pause(redis_url, settings):
    settings.REDIS_RETRY_SECONDS = 0.2
    cache = make_cache(redis_url)
    pool = cache.client.get_client().connection_pool
    pool.down_until = time.monotonic() + settings.REDIS_RETRY_SECONDS
    assert cache.set("page", b"<html>") is None
    assert cache.get("page") is None
    time.sleep(0.25)
    assert cache.set("page", b"<html>")
    assert cache.get("page") == b"<html>"
    cache.delete("page")
