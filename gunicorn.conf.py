"""gunicorn settings: `gunicorn dekranasda.wsgi` reads this file from the working directory.

Every value can be changed from the environment (docs/deploying.md lists them).
"""

import multiprocessing
import os

# Where to listen: GUNICORN_BIND wins, else PORT (as platforms set it), else local 8000.
if os.environ.get("GUNICORN_BIND"):
    bind = os.environ["GUNICORN_BIND"]
elif os.environ.get("PORT"):
    bind = f"0.0.0.0:{os.environ['PORT']}"
else:
    bind = "127.0.0.1:8000"

# Several processes may share pages and sessions only through a shared cache (Redis);
# without one, a single process keeps what it caches consistent.
if "WEB_CONCURRENCY" in os.environ:
    workers = int(os.environ["WEB_CONCURRENCY"])
elif os.environ.get("REDIS_URL"):
    workers = multiprocessing.cpu_count() * 2 + 1
else:
    workers = 1
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# A page is rendered in well under a second; a stuck request is ended, not waited on.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Behind a proxy that keeps connections open to us.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then, so a slow leak never grows. A new worker opens its own
# database and cache connections: under heavy load, recycling every few thousand
# requests showed as a slow tail of requests waiting for it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10

# Load Django once in the master, then fork: faster start, shared memory, and workers
# that start warm (dekranasda/warmup.py, run by dekranasda/wsgi.py). Django opens no
# database or cache connection while loading, so nothing is shared across the fork.
preload_app = True

# gunicorn's runtime control socket is one fixed path per user: two app servers on one
# host would fight over it. Give each its own path to use it.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

# Trust X-Forwarded-* only from the proxy in front (comma-separated addresses).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access and error log as JSON lines on stdout, the same format as Django's own logs.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
if os.environ.get("DJANGO_LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "dekranasda.logs.JsonFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "loggers": {
            "gunicorn.error": {
                "handlers": ["stdout"],
                "level": loglevel.upper(),
                "propagate": False,
            },
            "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        },
        # Replaces gunicorn's default root logger; Django's LOGGING takes it over on load.
        "root": {"handlers": ["stdout"], "level": "INFO"},
    }
