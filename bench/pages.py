"""Load-test the public pages with 100,000 published products behind gunicorn.

Run with `make bench` (or `python bench/pages.py [--cached]`). Uses DATABASE_URL when it is
set (a PostgreSQL database that does not exist yet is created), else a SQLite file in var/bench/.
The products are loaded once (`load_demo --products N`) and reused by later runs.

For each page it prints what one request costs (SQL queries, HTML bytes, the CSS and JS the
page links), then what gunicorn serves on loopback to `wrk` with 64 connections: requests per
second, p50/p99 latency, errors, and throughput as a share of a view that does no database work
(robots.txt, measured again just before each page), and at the end each worker's peak
resident memory. `--cached` (or BENCH_REDIS_URL) runs the pages a second time with the server
given that Redis as its cache.
"""

import argparse
import gzip
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "100000"))
PORT = int(os.environ.get("BENCH_PORT", "8099"))
DURATION = int(os.environ.get("BENCH_SECONDS", "12"))
WARMUP = int(os.environ.get("BENCH_WARMUP_SECONDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
# Each page is measured in this many slices, alternating with the reference.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
TARGET_P99_MS = 250
TARGET_TRANSFER_BYTES = 200_000
TARGET_WORKER_MB = 200

# The server runs as in production (debug off), answering on loopback only.
SERVER_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_hex(32),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_HSTS_SECONDS": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
    # One client address makes every request: the per-address limits would answer 429.
    "DJANGO_RATE_LIMIT_API": "0",
    "DJANGO_RATE_LIMIT_SEARCH": "0",
    "DJANGO_STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
}

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH %d %d %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def ensure_database(url):
    """Create the PostgreSQL database named in `url` when it does not exist yet."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Created PostgreSQL database {name}.")


def setup_django():
    if "DATABASE_URL" not in os.environ:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    ensure_database(os.environ["DATABASE_URL"])
    os.environ.update(SERVER_ENV)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dekranasda.settings")
    import django

    django.setup()


def load_products():
    """Migrate, and add synthetic published products until there are PRODUCTS of them."""
    from django.core.management import call_command
    from django.db import connection

    from catalogue.models import Product

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if not Product.objects.exists():
        call_command("load_demo")
    missing = PRODUCTS - Product.objects.published().count()
    if missing > 0:
        started = time.perf_counter()
        call_command("load_demo", products=missing)
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses from an empty table.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"Loaded {missing:,} products in {time.perf_counter() - started:.0f} s.")
    print(f"{Product.objects.published().count():,} published products.")


def bench_pages():
    """Return [(name, path)]: the pages to measure, found in the loaded data."""
    from catalogue.models import Category, Kecamatan, Product
    from galleries.models import Gallery

    published = Product.objects.published()
    product = published.order_by("-published_at", "-pk").only("slug").first()
    category = Category.objects.filter(products__in=published).order_by("ordering").first()
    kecamatan = (
        Kecamatan.objects.filter(ikm__products__in=published.filter(category=category))
        .order_by("name")
        .first()
    )
    gallery = Gallery.objects.active().order_by("ordering").first()
    return [
        ("reference (no database)", "/robots.txt"),
        ("home", "/"),
        ("catalogue", "/produk/"),
        ("catalogue, 2 filters", f"/produk/?category={category.slug}&kecamatan={kecamatan.slug}"),
        ("search", "/produk/?q=tas+kulit"),
        ("product", product.get_absolute_url()),
        ("gallery", gallery.get_absolute_url()),
    ]


def linked_assets(html):
    """Return the paths of the stylesheets and scripts a page links (loaded before use)."""
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    return styles + scripts


def asset_bytes(path):
    from django.conf import settings

    relative = path.removeprefix(settings.STATIC_URL)
    file = Path(settings.STATIC_ROOT) / relative
    return file.read_bytes() if file.exists() else b""


def inspect(pages):
    """Return {path: facts} from one in-process request per page: queries and bytes."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    facts = {}
    for _name, path in pages:
        client.get(path)  # the first request pays for settings and translations
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        query_count = len(queries)  # read now: the next request empties the log
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}, not 200.")
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(path)
            timings.append(time.perf_counter() - started)
        html = response.content
        text = html.decode()
        assets = b"".join(asset_bytes(p) for p in linked_assets(text))
        facts[path] = {
            "queries": query_count,
            "alone_ms": sorted(timings)[2] * 1000,
            "html": len(html),
            "transfer": len(html) + len(assets),
            "transfer_gzip": len(gzip.compress(html)) + len(gzip.compress(assets)),
            "eager_images": len(re.findall(r"<img(?![^>]*loading=\"lazy\")", text)),
        }
    return facts


class Server:
    """gunicorn serving the site on loopback, as in production."""

    def __init__(self, env):
        self.env = env

    def __enter__(self):
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "dekranasda.wsgi",
            f"--bind=127.0.0.1:{PORT}",
            f"--workers={WORKERS}",
            "--backlog=2048",
            "--log-level=warning",
        ]
        # The access log (gunicorn.conf.py) is written as in production, but not shown.
        self.process = subprocess.Popen(  # noqa: S603 (fixed argv)
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        else:
            self.process.kill()
            raise SystemExit("gunicorn did not start.")
        time.sleep(1)  # let every worker finish booting
        return self

    def drain(self, limit=120):
        """Wait until the requests wrk left queued are served, so pages are measured apart."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            started = time.perf_counter()
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt", timeout=limit).read()
            if time.perf_counter() - started < 0.05:
                return
            time.sleep(0.5)

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_memory_mb(self):
        """Return each worker's peak resident memory (VmHWM) in MB, by pid."""
        peaks = {}
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            peaks[pid] = int(match.group(1)) / 1024 if match else 0
        return peaks

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wrk(path, seconds, script):
    url = f"http://127.0.0.1:{PORT}{path}"
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout=5s", "-s", script]
    # A fixed argv: the paths come from bench_pages(), not from outside.
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # noqa: S603
    output = output.stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    values = [int(v) for v in line.split()[1:]]
    requests, duration, connect, read, write, status, timeout, p50, p99, worst = values
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p99": p99 / 1000,
        "max": worst / 1000,
        "errors": connect + read + write + status + timeout,
        "requests": requests,
    }


def combine(results):
    """Return one result for several slices of a run: the slowest p50 and p99 count."""
    requests = sum(result["requests"] for result in results)
    seconds = sum(result["requests"] / result["rps"] for result in results if result["rps"])
    return {
        "rps": requests / seconds if seconds else 0.0,
        "p50": max(result["p50"] for result in results),
        "p99": max(result["p99"] for result in results),
        "max": max(result["max"] for result in results),
        "errors": sum(result["errors"] for result in results),
        "requests": requests,
    }


def export_csv():
    """Fetch the whole catalogue as CSV once; return (bytes, seconds)."""
    started = time.perf_counter()
    size = 0
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/produk.csv", timeout=300) as response:
        while chunk := response.read(1 << 16):
            size += len(chunk)
    return size, time.perf_counter() - started


def run(label, pages, facts, env):
    print(f"\n{label}: gunicorn, {WORKERS} sync workers; wrk, {CONNECTIONS} connections, "
          f"{DURATION} s per page in {ROUNDS} slices taken in turns with the reference, "
          f"after {WARMUP} s of warm-up")  # fmt: skip
    header = (
        f"{'page':<24} {'req/s':>7} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'queries':>7} {'alone ms':>8} {'HTML kB':>7} {'sent kB':>7}"
    )
    print(header)
    print("-" * len(header))
    results = {}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script, Server(env) as server:
        script.write(WRK_REPORT)
        script.flush()
        reference_path = pages[0][1]

        def measure(path):
            """Measure `path` and the reference in turns; return (page, reference) results.

            The machine's speed drifts by a fifth from one ten-second window to the
            next: measured in alternating slices, both see the same drift, and the
            ratio compares like with like.
            """
            slices = {reference_path: [], path: []}  # one entry for the reference itself
            for target in slices:
                wrk(target, WARMUP, script.name)
            server.drain()
            for _round in range(ROUNDS):
                for target in slices:
                    slices[target].append(wrk(target, max(1, DURATION // ROUNDS), script.name))
                    server.drain()
            return combine(slices[path]), combine(slices[reference_path])

        for name, path in pages:
            result, reference_result = measure(path)
            reference = reference_result["rps"]
            fact = facts[path]
            results[name] = {**result, **fact, "path": path, "reference_rps": reference}
            missed = " *" if result["p99"] > TARGET_P99_MS or result["errors"] else ""
            print(
                f"{name:<24} {result['rps']:>7.0f} {result['rps'] / reference:>6.2f} "
                f"{result['p50']:>7.0f} {result['p99']:>7.0f} {result['errors']:>6} "
                f"{fact['queries']:>7} {fact['alone_ms']:>8.0f} {fact['html'] / 1000:>7.1f} "
                f"{fact['transfer'] / 1000:>7.1f}{missed}"
            )
        pages_memory = server.peak_memory_mb()
        size, seconds = export_csv()
        export_memory = server.peak_memory_mb()
    print(
        f"(* misses p99 < {TARGET_P99_MS} ms or has errors; 'alone' is the median time of one "
        "request at a time, in-process; 'sent' is HTML + linked CSS and JS)"
    )
    print(
        "Peak resident memory per worker after the pages (MB): "
        + ", ".join(f"{mb:.0f}" for mb in sorted(pages_memory.values()))
    )
    print(
        f"/produk.csv: {size / 1e6:.1f} MB in {seconds:.1f} s; peak per worker after it (MB): "
        + ", ".join(f"{mb:.0f}" for mb in sorted(export_memory.values()))
    )
    return {"pages": results, "memory_mb": export_memory, "csv_bytes": size}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cached", action="store_true", help="also run with Redis as cache")
    parser.add_argument("--json", type=Path, help="write the measurements to this file")
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL", "")
    if args.cached and not redis_url:
        raise SystemExit("--cached needs BENCH_REDIS_URL or REDIS_URL.")
    if redis_url and (args.cached or os.environ.get("BENCH_REDIS_URL")):
        try:
            import redis  # noqa: F401 (Django's Redis cache needs it)
        except ImportError:
            raise SystemExit("The cached run needs the redis package installed.") from None
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk).")
    setup_django()
    from django.conf import settings

    print(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} "
          f"{settings.DATABASES['default']['NAME']}")  # fmt: skip
    load_products()
    pages = bench_pages()
    facts = inspect(pages)
    env = {**os.environ, **SERVER_ENV}
    # Uncached: no whole-page cache, whatever the environment says.
    report = {"uncached": run("Uncached", pages, facts, {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"})}
    if args.cached or os.environ.get("BENCH_REDIS_URL"):
        # Cached: Redis as the cache, so the page cache is on (DJANGO_PAGE_CACHE_SECONDS).
        cached_env = {**env, "REDIS_URL": redis_url}
        if cached_env.get("DJANGO_PAGE_CACHE_SECONDS") == "0":
            del cached_env["DJANGO_PAGE_CACHE_SECONDS"]
        report["cached"] = run("Cached (Redis)", pages, facts, cached_env)
    listing = ("home", "catalogue", "search", "gallery")
    lists = [facts[path] for name, path in pages if name.startswith(listing)]
    biggest = max(fact["transfer"] for fact in lists)
    print(
        f"Largest list page sent: {biggest / 1000:.0f} kB uncompressed "
        f"({max(f['transfer_gzip'] for f in lists) / 1000:.0f} kB gzip), target "
        f"{TARGET_TRANSFER_BYTES / 1000:.0f} kB; images loaded eagerly on list pages: "
        f"{sum(f['eager_images'] for f in lists)}"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
