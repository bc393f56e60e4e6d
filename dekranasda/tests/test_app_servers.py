"""Two gunicorn app servers on one PostgreSQL and one Redis stay consistent.

The servers run for real (subprocesses) against a database this module creates and
migrates, and drops afterwards. Skipped only when PostgreSQL or Redis cannot be
reached: TEST_POSTGRES_URL (else a PostgreSQL DATABASE_URL, else the local server) and
TEST_REDIS_URL (default redis://127.0.0.1:6379/2) say where they are;
TEST_SERVER_PORTS is the range the servers may listen on (default 8210-8229).
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

import dj_database_url
import pytest

requests = pytest.importorskip("requests")

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "kata-sandi-uji-123"
# Both servers sit behind one address, as behind a load balancer.
SITE = {"Host": "katalog.test"}
STARTUP_SECONDS = 40


def postgres_settings():
    url = os.environ.get("TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/dekranasda"
    return dj_database_url.parse(url)


def postgres_admin(config):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        connect_timeout=3,
        autocommit=True,
    )


def free_ports(count):
    start, end = (int(n) for n in os.environ.get("TEST_SERVER_PORTS", "8210-8229").split("-"))
    ports = []
    for port in range(start, end + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    pytest.fail(f"no {count} free ports in {start}-{end}")


def manage(env, *args, timeout=120):
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def orm(env, code):
    """Run `code` in a Django shell of its own: a change made outside both servers."""
    return manage(env, "shell", "--no-imports", "-c", code)


SETUP = """
import json
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.contrib.auth import get_user_model
from catalogue.tests.factories import ProductFactory
get_user_model().objects.create_superuser("admin", "admin@contoh.go.id", "{password}")
product = ProductFactory(name="Pantofel Kulit", slug="pantofel-kulit")
print(json.dumps({{"pk": product.pk, "slug": product.slug}}))
"""


@pytest.fixture(scope="module")
def servers(tmp_path_factory, redis_url):
    import redis

    config = postgres_settings()
    try:
        postgres_admin(config).close()
    except Exception as error:
        pytest.skip(f"PostgreSQL is not reachable ({error})")
    store = redis.Redis.from_url(redis_url, socket_connect_timeout=2)

    name = f"{config['NAME'] or 'dekranasda'}_servers_{os.getpid()}"[:63]
    prefix = f"servers-test-{uuid.uuid4().hex[:8]}"
    folder = tmp_path_factory.mktemp("servers")
    with postgres_admin(config) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    database_url = (
        f"postgres://{config['USER'] or 'postgres'}"
        + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
        + f"@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_CACHE_PREFIX": prefix,
        "DJANGO_PAGE_CACHE_SECONDS": "600",
        # Static files straight from static/, so the test needs no collectstatic.
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,katalog.test",
        "MEDIA_ROOT": str(folder / "media"),
        "WEB_CONCURRENCY": "1",
        "PYTHONUNBUFFERED": "1",
    }
    processes = []
    try:
        product = json.loads(orm(env, SETUP.format(password=PASSWORD)).strip().splitlines()[-1])
        urls = []
        for port in free_ports(2):
            log = open(folder / f"gunicorn-{port}.log", "w")  # noqa: SIM115
            processes.append(
                subprocess.Popen(  # noqa: S603 (our own gunicorn)
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
            )
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + STARTUP_SECONDS
        for url in urls:
            while True:
                try:
                    if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                assert time.monotonic() < deadline, folder / "gunicorn-*.log"
                time.sleep(0.2)
        yield {"a": urls[0], "b": urls[1], "env": env, "product": product, "logs": folder}
    finally:
        for process in processes:
            # SIGINT: gunicorn's quick shutdown; the test has nothing in flight.
            process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                # Workers are gone at once; the master may linger, and holds nothing.
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()
        with postgres_admin(config) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        keys = list(store.scan_iter(f"{prefix}:*"))
        if keys:
            store.delete(*keys)


def page(url):
    response = requests.get(url, headers=SITE, timeout=10)
    assert response.status_code == 200, response.text[:500]
    return response


def without_nonces(html):
    return re.sub(r'nonce="[^"]+"', 'nonce=""', html)


def test_both_servers_answer_the_health_check(servers):
    for url in (servers["a"], servers["b"]):
        response = requests.get(f"{url}/healthz", timeout=5)
        assert response.json() == {"database": "ok", "cache": "ok"}


def test_servers_share_cached_pages_and_a_saved_change_shows_at_once(servers):
    path = f"/produk/{servers['product']['slug']}/"
    first = page(servers["a"] + path)
    assert first.headers["X-Cache"] in ("miss", "hit")
    assert page(servers["a"] + path).headers["X-Cache"] == "hit"
    # B serves the copy A stored: one cache for all servers.
    from_b = page(servers["b"] + path)
    assert from_b.headers["X-Cache"] == "hit"
    # The same page, each response with a Content-Security-Policy nonce of its own.
    assert without_nonces(from_b.text) == without_nonces(first.text)

    orm(
        servers["env"],
        "from catalogue.models import Product\n"
        f"product = Product.objects.get(pk={servers['product']['pk']})\n"
        "product.name = 'Pantofel Kulit Sapi Asli'\n"
        "product.save()\n",
    )
    after = page(servers["b"] + path)
    assert after.headers["X-Cache"] == "miss"
    assert "Pantofel Kulit Sapi Asli" in after.text
    assert page(servers["a"] + path).headers["X-Cache"] == "hit"


class FormFields(HTMLParser):
    """Collect what a browser would submit from the form with id `form_id`."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None
        self.options = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        kind = attrs.get("type", "text")
        if tag == "input" and attrs.get("name") and kind not in ("submit", "button", "file"):
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((attrs["name"], attrs.get("value", "on")))
            else:
                self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = [attrs["name"], ""]
        elif tag == "select" and attrs.get("name"):
            self.select, self.options = (attrs["name"], "multiple" in attrs), []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self.select = None


def test_a_change_saved_in_the_admin_of_one_server_shows_on_the_other(servers):
    path = f"/produk/{servers['product']['slug']}/"
    page(servers["b"] + path)
    assert page(servers["b"] + path).headers["X-Cache"] == "hit"

    staff = requests.Session()
    staff.headers.update(SITE)
    login_url = f"{servers['a']}/admin/login/"
    staff.get(login_url, timeout=10)
    response = staff.post(
        login_url,
        data={
            "username": "admin",
            "password": PASSWORD,
            "csrfmiddlewaretoken": staff.cookies["csrftoken"],
            "next": "/admin/",
        },
        timeout=10,
    )
    assert response.url.endswith("/admin/"), response.text[:500]
    change_url = f"{servers['a']}/admin/catalogue/product/{servers['product']['pk']}/change/"
    form = FormFields("product_form")
    form.feed(staff.get(change_url, timeout=10).text)
    fields = [(k, v) for k, v in form.fields if k not in ("name", "name_ind")]
    fields += [("name_ind", "Pantofel Kulit Edisi Pameran"), ("_save", "Simpan")]
    saved = staff.post(change_url, data=fields, timeout=10, allow_redirects=False)
    assert saved.status_code == 302, saved.text[-3000:]

    after = page(servers["b"] + path)
    assert "Pantofel Kulit Edisi Pameran" in after.text
    # The staff member's own pages are never shared with the public.
    assert staff.get(servers["b"] + path, timeout=10).headers["X-Cache"] == "bypass"
