import json
import logging
import runpy
import sys
from pathlib import Path

import pytest
from django.db import OperationalError

from dekranasda.logs import JsonFormatter

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.mark.django_db
def test_health_check_answers_ok_without_language_prefix_or_cookies(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert client.get("/en/healthz").status_code == 404


@pytest.mark.django_db
def test_health_check_skips_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/produk/").status_code == 301


@pytest.mark.django_db
def test_health_check_names_a_cache_that_stores_nothing_but_stays_in_service(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz")
    # Every app server shares the one cache: a 503 would take them all out at once.
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_health_check_names_a_database_that_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("dekranasda.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}


def record(name, message, args=(), **extra):
    entry = logging.LogRecord(name, logging.WARNING, __file__, 1, message, args, None)
    entry.__dict__.update(extra)
    return entry


def test_log_lines_are_json_with_extras():
    line = JsonFormatter().format(record("django.request", "Not Found: %s", ("/x/",), status=404))
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Not Found: /x/"
    assert entry["status"] == 404
    assert entry["time"].endswith("+00:00")


def test_log_lines_carry_exceptions():
    try:
        raise ValueError("rusak")
    except ValueError:
        entry = logging.LogRecord("x", logging.ERROR, __file__, 1, "gagal", (), sys.exc_info())
    assert "ValueError: rusak" in json.loads(JsonFormatter().format(entry))["exception"]


def test_gunicorn_access_lines_become_request_fields():
    atoms = {
        "h": "10.0.0.5",
        "m": "GET",
        "U": "/produk/",
        "q": "q=batik",
        "s": "200",
        "B": 5120,
        "M": 12,
        "a": "Mozilla/5.0",
        "f": "-",
        "{x-request-id}i": "abc-123",
        "{x-cache}o": "hit",
    }
    entry = json.loads(JsonFormatter().format(record("gunicorn.access", "%(h)s", (atoms,))))
    assert entry["message"] == "request"
    assert entry["path"] == "/produk/"
    assert entry["status"] == 200
    assert entry["duration_ms"] == 12
    assert entry["request_id"] == "abc-123"
    assert entry["cache"] == "hit"
    assert "referer" not in entry


@pytest.mark.parametrize(
    ("env", "bind", "workers"),
    [
        ({}, "127.0.0.1:8000", 1),
        ({"PORT": "9000"}, "0.0.0.0:9000", 1),
        (
            {"GUNICORN_BIND": "unix:/run/dekranasda.sock", "PORT": "9000"},
            "unix:/run/dekranasda.sock",
            1,
        ),
        ({"WEB_CONCURRENCY": "3"}, "127.0.0.1:8000", 3),
    ],
)
def test_gunicorn_settings_come_from_the_environment(monkeypatch, env, bind, workers):
    for name in ("PORT", "GUNICORN_BIND", "WEB_CONCURRENCY", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    conf = runpy.run_path(str(GUNICORN_CONF))
    assert conf["bind"] == bind
    assert conf["workers"] == workers
    assert conf["preload_app"] is True
    assert conf["accesslog"] == "-"
    assert conf["timeout"] > 0


def test_gunicorn_runs_several_workers_when_the_cache_is_shared(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert runpy.run_path(str(GUNICORN_CONF))["workers"] >= 3
