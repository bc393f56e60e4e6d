"""Without its Redis, the site and the back office keep working, only a little slower.

A real gunicorn runs against a SQLite database of its own and a Redis that is either
not there (a closed port: connections refused) or hung (a socket that accepts and never
answers). Every request must answer its usual status within a bounded time.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

requests = pytest.importorskip("requests")

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "kata-sandi-uji-123"
STARTUP_SECONDS = 40
# Once Redis has failed, the server does not ask it again for this long: over the whole
# module, a hung Redis may cost one timeout per worker, never one per cache call.
RETRY_SECONDS = "600"

SETUP = """
import json
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.contrib.auth import get_user_model
from catalogue.tests.factories import ProductFactory
from galleries.tests.factories import GalleryFactory
get_user_model().objects.create_superuser("admin", "admin@contoh.go.id", "{password}")
product = ProductFactory(name="Pantofel Kulit", slug="pantofel-kulit")
gallery = GalleryFactory()
print(json.dumps({{
    "product": product.get_absolute_url(),
    "ikm": product.ikm.get_absolute_url(),
    "gallery": gallery.get_absolute_url(),
}}))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HungRedis:
    """Accept connections and never answer, as a Redis stuck on a full disk or a long save."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture(scope="module", params=["closed", "hung"])
def server(request, tmp_path_factory):
    hung = HungRedis() if request.param == "hung" else None
    redis_port = hung.port if hung else free_port()
    folder = tmp_path_factory.mktemp(f"redis-{request.param}")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "REDIS_TIMEOUT": "1",
        "REDIS_RETRY_SECONDS": RETRY_SECONDS,
        "DJANGO_PAGE_CACHE_SECONDS": "600",
        # Static files straight from static/, so the test needs no collectstatic.
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(folder / "media"),
        "WEB_CONCURRENCY": "1",
        "PYTHONUNBUFFERED": "1",
    }
    setup = subprocess.run(  # noqa: S603 (our own manage.py)
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            SETUP.format(password=PASSWORD),
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    paths = json.loads(setup.stdout.strip().splitlines()[-1])
    port = free_port()
    log_path = folder / "gunicorn.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603 (our own gunicorn)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "dekranasda.wsgi",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                requests.get(f"{url}/robots.txt", timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, log_path.read_text()[-3000:]
                time.sleep(0.2)
        yield {"url": url, "paths": paths, "log": log_path}
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        if hung:
            hung.close()


def timed(call, url, **kwargs):
    """Send a request; a server waiting on Redis for every cache call would time out."""
    return call(url, timeout=15, **kwargs)


def asked_redis_once(server):
    """Return True if the server found Redis failing once, then stopped asking it."""
    return server["log"].read_text().count("Redis unavailable") == 1


def test_public_pages_answer_without_redis(server):
    paths = ["/", "/produk/", "/produk/?q=kulit", "/ikm/", "/galeri/", "/api/v1/products"]
    paths += [server["paths"][name] for name in ("product", "ikm", "gallery")]
    for path in paths:
        response = timed(requests.get, server["url"] + path)
        assert response.status_code == 200, (path, response.text[:500])
    # Nothing could be stored, so nothing is served from the cache either.
    assert timed(requests.get, server["url"] + "/produk/").headers["X-Cache"] == "skip"
    assert asked_redis_once(server)


def test_health_check_names_the_cache_but_keeps_the_server_in_service(server):
    response = timed(requests.get, server["url"] + "/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "error"}
    assert asked_redis_once(server)


def test_staff_log_in_and_work_in_the_admin_without_redis(server):
    staff = requests.Session()
    login_url = server["url"] + "/admin/login/"
    assert timed(staff.get, login_url).status_code == 200
    response = timed(
        staff.post,
        login_url,
        data={
            "username": "admin",
            "password": PASSWORD,
            "csrfmiddlewaretoken": staff.cookies["csrftoken"],
            "next": "/admin/",
        },
    )
    assert response.status_code == 200
    assert response.url == server["url"] + "/admin/", response.text[:500]
    # The session, kept in the database as well, carries the login on.
    for path in ("/admin/", "/admin/catalogue/product/", "/admin/catalogue/product/add/"):
        response = timed(staff.get, server["url"] + path, allow_redirects=False)
        assert response.status_code == 200, (path, response.text[:500])
    assert timed(staff.get, server["url"] + "/produk/").headers["X-Cache"] == "bypass"
    assert asked_redis_once(server)


# The same, in the test process: quicker to read when one of them fails. ------------------


@pytest.fixture
def redis_down(settings):
    """Point the cache, and the sessions kept in it, at a Redis that refuses connections."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "REDIS_CLIENT_CLASS": "dekranasda.redis_cache.FailFastRedis",
            },
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE_SECONDS = 600
    return settings


def test_rate_limits_let_requests_through_without_redis(client, db, redis_down):
    redis_down.RATE_LIMITS = {"api": 1, "search": 1}
    for _request in range(4):
        assert client.get("/api/v1/products").status_code == 200
        assert client.get("/produk/", {"q": "batik"}).status_code == 200


def test_sessions_fall_back_to_the_database_without_redis(client, superuser, redis_down):
    response = client.post(
        "/admin/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/catalogue/product/").status_code == 200
