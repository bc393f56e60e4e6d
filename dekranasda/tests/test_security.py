"""Production hardening: deploy checks, security headers, cookies, login lock-out, rate limits."""

import importlib
import os
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import clear_url_caches, reverse

from catalogue.tests.factories import ProductFactory
from dekranasda import security
from galleries.tests.factories import GalleryFactory

PASSWORD = "kata-sandi-uji-123"

# What the environment of a production server turns on (see README's table).
PRODUCTION = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
}


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def pages(db):
    product = ProductFactory()
    gallery = GalleryFactory()
    return {
        "home": "/",
        "catalogue": "/produk/?q=sepatu",
        "product": product.get_absolute_url(),
        "IKM": product.ikm.get_absolute_url(),
        "IKM directory": "/ikm/",
        "gallery": gallery.get_absolute_url(),
        "gallery map": "/galeri/",
        "API JSON": "/api/v1/products",
        "sitemap": "/sitemap.xml",
        "admin login": reverse("admin:login"),
        "not found": "/produk/tidak-ada/",
    }


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="katalog.dekranasda.example.go.id",
        **extra,
    )
    return env


def test_deploy_check_reports_nothing_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # No banner from django-axes on every command.
    assert "AXES" not in result.stdout + result.stderr


def test_deploy_check_warns_without_https():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=production_env(DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_HSTS_SECONDS="0"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_every_page_type_carries_the_security_headers(client, production, pages):
    for name, path in pages.items():
        response = client.get(path, secure=True)
        assert response.status_code in (200, 404), name
        headers = response.headers
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains", name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", name
        policy = dict(
            part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";")
        )
        assert policy["frame-ancestors"] == "'none'", name
        assert policy["object-src"] == "'none'", name
        assert policy["default-src"] == "'self'", name
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"], name
        assert "'unsafe-eval'" not in headers["Content-Security-Policy"], name
        assert policy["script-src"].startswith("'self'"), name


def test_inline_elements_carry_the_nonce_of_the_policy(client, pages):
    response = client.get(pages["product"])
    policy = response.headers["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    html = response.text
    assert html.count("<style") == html.count(f'<style nonce="{nonce}"') == 1
    assert html.count('<script type="application/ld+json"') == 2
    assert html.count(f'<script type="application/ld+json" nonce="{nonce}"') == 2
    # A fresh nonce for every response.
    assert client.get(pages["product"]).headers["Content-Security-Policy"] != policy


def test_plain_http_is_sent_to_https(client, production, pages):
    response = client.get(pages["product"])
    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + pages["product"]


def test_https_proxy_header_is_trusted_only_when_configured(client, production, pages):
    forwarded = {"HTTP_X_FORWARDED_PROTO": "https"}
    production.SECURE_PROXY_SSL_HEADER = None
    assert client.get(pages["product"], **forwarded).status_code == 301
    production.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get(pages["product"], **forwarded).status_code == 200


def cookie_flags(cookie):
    return {"secure": bool(cookie["secure"]), "httponly": bool(cookie["httponly"])}


def test_session_csrf_and_language_cookies_are_secure_and_http_only(client, production, superuser):
    login_url = reverse("admin:login")
    client.get(login_url, secure=True)
    response = client.post(
        login_url,
        {"username": "admin", "password": PASSWORD, "next": reverse("admin:index")},
        secure=True,
    )
    assert response.status_code == 302
    cookies = response.cookies
    assert cookie_flags(cookies[django_settings.SESSION_COOKIE_NAME]) == {
        "secure": True,
        "httponly": True,
    }
    assert cookie_flags(client.cookies[django_settings.CSRF_COOKIE_NAME]) == {
        "secure": True,
        "httponly": True,
    }
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
    assert cookie_flags(response.cookies[django_settings.LANGUAGE_COOKIE_NAME]) == {
        "secure": True,
        "httponly": True,
    }


def test_password_validators_refuse_weak_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("pendek1", "1234567890123", "password123", "qwertyuiop"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("anyaman-pandan-Trowulan-7")


# Login lock-out -------------------------------------------------------------------------


def log_in(client, password, username="admin", **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )


def test_admin_login_locks_out_after_the_configured_failures(client, settings, superuser):
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(2):
        response = log_in(client, "salah")
        assert response.status_code == 200
        assert "benar" in response.text or "correct" in response.text
    response = log_in(client, "salah")
    assert response.status_code == 429

    # Locked: even the right password is refused, with a clear page and when to come back.
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Masuk dikunci sementara" in response.text
    assert "Coba lagi setelah 30 menit" in response.text
    assert response["Retry-After"] == "1800"
    assert "_auth_user_id" not in client.session

    # After the cool-off the right password works again.
    with time_machine.travel(timedelta(minutes=31)):
        response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_the_lock_holds_one_account_from_one_address_not_the_whole_office(
    client, settings, superuser, editor
):
    settings.AXES_FAILURE_LIMIT = 5
    office = {"REMOTE_ADDR": "198.51.100.7"}
    for _attempt in range(5):
        log_in(client, "salah", **office)
    assert log_in(client, PASSWORD, **office).status_code == 429
    # A colleague behind the same address still logs in.
    response = log_in(client, PASSWORD, username="editor", **office)
    assert response.status_code == 302
    client.logout()
    # The same account from elsewhere (home, a phone's network) is not locked either.
    assert log_in(client, PASSWORD, REMOTE_ADDR="203.0.113.80").status_code == 302
    client.logout()
    assert log_in(client, PASSWORD, **office).status_code == 429


def test_a_successful_login_forgets_earlier_failures(client, settings, superuser):
    settings.AXES_FAILURE_LIMIT = 3
    log_in(client, "salah")
    log_in(client, "salah")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    log_in(client, "salah")
    log_in(client, "salah")
    assert log_in(client, PASSWORD).status_code == 302


def test_forged_forwarded_for_does_not_escape_the_lock_without_a_proxy(client, settings, superuser):
    settings.AXES_FAILURE_LIMIT = 2
    settings.PROXY_COUNT = 0
    log_in(client, "salah", HTTP_X_FORWARDED_FOR="10.0.0.1")
    log_in(client, "salah", HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.3").status_code == 429


def test_behind_a_proxy_each_client_is_locked_on_its_own(client, settings, superuser):
    settings.AXES_FAILURE_LIMIT = 2
    settings.PROXY_COUNT = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    log_in(client, "salah", **attacker)
    log_in(client, "salah", **attacker)
    assert log_in(client, PASSWORD, **attacker).status_code == 429
    # Addresses the attacker writes in front of the one the proxy appended change nothing.
    forged = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.9"}
    assert log_in(client, PASSWORD, **forged).status_code == 429
    staff = {"HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert log_in(client, PASSWORD, **staff).status_code == 302


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "remote", "expected"),
    [
        (0, "", "192.0.2.1", "192.0.2.1"),
        (0, "203.0.113.9", "192.0.2.1", "192.0.2.1"),
        (1, "203.0.113.9", "10.0.0.2", "203.0.113.9"),
        # The client forged the first entry; the proxy appended the real address.
        (1, "1.2.3.4, 203.0.113.9", "10.0.0.2", "203.0.113.9"),
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.5", "10.0.0.2", "203.0.113.9"),
        (1, "", "10.0.0.2", "10.0.0.2"),
        (1, "bukan-alamat", "10.0.0.2", "10.0.0.2"),
        (1, "2001:db8::1", "10.0.0.2", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxy_count, forwarded_for, remote, expected):
    settings.PROXY_COUNT = proxy_count
    meta = {"REMOTE_ADDR": remote}
    if forwarded_for:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().get("/", **meta)
    assert security.client_ip(request) == expected


# The admin's address -------------------------------------------------------------------


@pytest.fixture
def admin_at(settings):
    """Reload the URLs with the back office at another path, and put it back afterwards."""
    import dekranasda.urls

    original = settings.ADMIN_PATH

    def move(path):
        settings.ADMIN_PATH = path
        importlib.reload(dekranasda.urls)
        clear_url_caches()

    yield move
    move(original)


def test_admin_lives_at_the_configured_path(client, db, admin_at):
    admin_at("kantor-dekranasda/")
    assert reverse("admin:login") == "/kantor-dekranasda/login/"
    assert client.get("/kantor-dekranasda/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 404


# Rate limits -----------------------------------------------------------------------------


@pytest.fixture
def limits(settings):
    cache.clear()
    settings.RATE_LIMITS = {"api": 3, "search": 2}
    settings.RATE_LIMIT_WINDOW = 60
    yield settings.RATE_LIMITS
    cache.clear()


@time_machine.travel("2026-03-02 10:00:15 +0700", tick=False)
def test_api_answers_429_with_retry_after_past_the_limit(client, db, limits):
    for _request in range(3):
        assert client.get("/api/v1/products").status_code == 200
    response = client.get("/api/v1/categories")
    assert response.status_code == 429
    assert response["Retry-After"] == "45"
    assert response["Content-Type"] == "application/json"
    assert "Terlalu banyak permintaan" in response.json()["detail"]
    # Partners' sites still read the answer.
    assert response["Access-Control-Allow-Origin"] == "*"
    # The CSV of the catalogue counts against the same limit.
    assert client.get("/produk.csv").status_code == 429
    # Pages of the site are not limited.
    assert client.get("/produk/").status_code == 200


def test_api_limit_is_per_client_and_per_window(client, db, limits, settings):
    settings.PROXY_COUNT = 1
    with time_machine.travel("2026-03-02 10:00:00 +0700", tick=False) as clock:
        for _request in range(3):
            client.get("/api/v1/products", HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert client.get("/api/v1/products", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
        assert (
            client.get("/api/v1/products", HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 200
        )
        clock.shift(60)
        assert client.get("/api/v1/products", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200


def test_search_is_limited_but_browsing_is_not(client, db, limits):
    for _request in range(2):
        assert client.get("/produk/", {"q": "batik"}).status_code == 200
    response = client.get("/en/produk/", {"q": "batik tulis"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "text/html" in response["Content-Type"]
    assert "Too many requests" in response.text or "Terlalu banyak" in response.text
    assert client.get("/produk/", {"category": "batik"}).status_code == 200
    assert client.get("/produk/", {"q": ""}).status_code == 200


def test_a_limit_of_zero_turns_it_off(client, db, limits, settings):
    settings.RATE_LIMITS = {"api": 0, "search": 0}
    for _request in range(10):
        assert client.get("/api/v1/products").status_code == 200


def test_a_cache_outage_lets_requests_through(client, db, limits, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(security.cache, "add", broken)
    for _request in range(5):
        assert client.get("/api/v1/products").status_code == 200


def test_robots_txt_does_not_name_the_back_office(client, db):
    assert "admin" not in client.get("/robots.txt").text
