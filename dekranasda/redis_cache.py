"""A Redis client that stops asking a Redis that has just failed.

The cache (django-redis with IGNORE_EXCEPTIONS) answers "nothing stored" when Redis
fails, so the site keeps working without it. A Redis that accepts connections and never
answers would still cost each cache call its full socket timeout, and a page makes
several. After a failure, calls on the same connection pool fail at once for
REDIS_RETRY_SECONDS; the first call after that finds out whether Redis is back.
"""

import logging
import time

import redis
from django.conf import settings

logger = logging.getLogger(__name__)


class FailFastRedis(redis.Redis):
    def execute_command(self, *args, **options):
        pool = self.connection_pool
        # On the pool, shared by every thread of the process and every cache client.
        if time.monotonic() < getattr(pool, "down_until", 0.0):
            raise redis.ConnectionError("Redis failed moments ago; not asked again yet.")
        try:
            return super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError):
            pool.down_until = time.monotonic() + settings.REDIS_RETRY_SECONDS
            logger.warning(
                "Redis unavailable; the cache is skipped for %s s.",
                settings.REDIS_RETRY_SECONDS,
                exc_info=True,
            )
            raise
