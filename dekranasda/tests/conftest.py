import os

import pytest


@pytest.fixture(scope="session")
def redis_url():
    """Return the Redis the tests may write to (TEST_REDIS_URL); skip when it does not answer."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as error:
        pytest.skip(f"Redis is not reachable at {url} ({error})")
    return url
