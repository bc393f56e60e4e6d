"""The printable catalogue and buyer sheets: what the PDFs say, where their QR codes lead."""

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from PIL import Image

from catalogue.models import IKM, Product, ProductImage
from catalogue.tests.factories import (
    BrandCertificateFactory,
    CategoryFactory,
    IKMFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def read_pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    return data, pypdf.PdfReader(io.BytesIO(data))


def page_text(reader, index):
    return " ".join(reader.pages[index].extract_text().replace("\xa0", " ").split())


def all_text(reader):
    return " ".join(page_text(reader, i) for i in range(len(reader.pages)))


def link_targets(reader):
    return {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }


def qr_codes(data, index):
    """Return the texts of the QR codes on page `index`, read from the page as printed."""
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[index].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    return sorted(result.text for result in zxingcpp.read_barcodes(image))


@pytest.fixture
def batik_and_more(jpeg_upload):
    """Two published batik products (one with a photo), an anyaman one, and hidden ones."""
    batik = CategoryFactory(name="Batik", slug="batik")
    anyaman = CategoryFactory(name="Anyaman", slug="anyaman")
    maker = IKMFactory(name="Batik Sekar Jagad", slug="sekar-jagad")
    tulis = ProductFactory(
        ikm=maker,
        category=batik,
        name="Batik Tulis Majapahit",
        slug="batik-tulis",
        price=450000,
        materials="katun primisima",
        dimensions="200 × 115 cm",
        min_order=2,
    )
    ProductImage.objects.create(product=tulis, image=jpeg_upload(), alt_text="Kain batik tulis")
    ProductFactory(ikm=maker, category=batik, name="Batik Cap Surya", slug="batik-cap", price=None)
    ProductFactory(category=anyaman, name="Tas Anyaman Pandan", slug="tas-pandan")
    ProductFactory(category=batik, name="Batik Draf", slug="batik-draf", status="draft")
    ProductFactory(
        category=batik,
        name="Batik Tersembunyi",
        slug="batik-tersembunyi",
        ikm=IKMFactory(is_public=False),
    )
    return tulis


def test_catalogue_pdf_holds_the_selection_with_its_facts(client, batik_and_more):
    _data, reader = read_pdf(client.get("/produk/katalog.pdf", {"category": "batik"}))

    cover = page_text(reader, 0)
    assert settings.COUNCIL["name"] in cover
    assert "Kategori: Batik" in cover
    assert "2 produk" in cover
    text = all_text(reader)
    assert "Batik Tulis Majapahit" in text
    assert "Batik Cap Surya" in text
    for left_out in ("Tas Anyaman Pandan", "Batik Draf", "Batik Tersembunyi"):
        assert left_out not in text
    assert "Rp 450.000" in text
    assert "Harga sesuai pesanan" in text
    assert "Batik Sekar Jagad" in text
    assert "Bahan: katun primisima" in text
    assert "Ukuran: 200 × 115 cm" in text
    assert "Pesanan minimum: 2 buah" in text
    assert f"{BASE}/produk/katalog" not in text
    assert f"{BASE}/produk/?category=batik" in text


def test_catalogue_pdf_embeds_a_small_rendition_not_the_original(client, batik_and_more):
    _data, reader = read_pdf(client.get("/produk/katalog.pdf", {"category": "batik"}))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    assert images[0].image.width == 320  # the original is 800 pixels wide


def test_catalogue_qr_codes_and_links_open_the_product_pages(client, batik_and_more):
    data, reader = read_pdf(
        client.get("/produk/katalog.pdf", {"category": "batik", "sort": "name"})
    )
    expected = [f"{BASE}/produk/batik-cap/", f"{BASE}/produk/batik-tulis/"]
    assert qr_codes(data, 1) == expected
    assert set(expected) <= link_targets(reader)


def test_english_catalogue_speaks_english_and_links_to_english_pages(client, batik_and_more):
    data, reader = read_pdf(client.get("/en/produk/katalog.pdf", {"q": "tulis"}))
    cover = page_text(reader, 0)
    assert "Craft product catalogue" in cover
    assert "Printed on" in cover
    assert "Search: tulis" in cover
    assert "Minimum order: 2 pieces" in all_text(reader)
    assert qr_codes(data, 1) == [f"{BASE}/en/produk/batik-tulis/"]


def test_catalogue_cut_at_the_cap_says_so_on_the_cover_and_the_list(client, settings, db):
    settings.CATALOGUE_PDF_MAX_PRODUCTS = 3
    ProductFactory.create_batch(4)
    _data, reader = read_pdf(client.get("/produk/katalog.pdf"))
    cover = page_text(reader, 0)
    assert "lebih dari 3 produk" in cover
    assert "3 produk pertama" in cover
    assert all_text(reader).count("Pesanan minimum") == 3

    page = client.get("/produk/").content.decode()
    assert "paling banyak 3 produk per katalog" in page
    assert "hanya 3 produk pertama yang dimuat" in page


def test_catalogue_page_links_to_the_pdf_of_its_valid_filters(client, batik_and_more):
    page = client.get("/produk/", {"category": "batik", "price_min": "abc"}).content.decode()
    assert 'href="/produk/katalog.pdf?category=batik"' in page
    assert "Unduh katalog (PDF)" in page
    assert "paling banyak 500 produk per katalog" in page
    assert "hanya 500 produk pertama" not in page


@pytest.mark.parametrize(
    "query",
    [
        {"price_min": "abc"},
        {"price_max": "-5"},
        {"category": "tidak-ada"},
        {"sort": "harga; DROP TABLE"},
        {"q": "x" * 500},
        {"q": "batik\x00"},
        {"gallery": "<script>"},
        {"brand": "barangkali", "export": "2"},
        {"page": "-1"},
        {"ikm": ["sekar-jagad", "lain"]},
    ],
)
def test_bad_parameters_never_fail_the_pdf(client, batik_and_more, query):
    response = client.get("/produk/katalog.pdf", query)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        _data, reader = read_pdf(response)
        assert "Batik Tulis Majapahit" in all_text(reader) or "0 produk" in page_text(reader, 0)


def test_ignored_filters_are_named_on_the_cover(client, batik_and_more):
    _data, reader = read_pdf(client.get("/produk/katalog.pdf", {"price_min": "abc"}))
    assert "diabaikan" in page_text(reader, 0)
    assert "Tas Anyaman Pandan" in all_text(reader)


def test_pdf_generation_is_rate_limited(client, batik_and_more, settings):
    cache.clear()
    settings.RATE_LIMITS = {"pdf": 2, "search": 0, "api": 0}
    assert client.get("/produk/katalog.pdf").status_code == 200
    assert client.get("/produk/batik-tulis/lembar.pdf").status_code == 200
    response = client.get("/en/produk/katalog.pdf", {"category": "batik"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    # Browsing goes on.
    assert client.get("/produk/", {"category": "batik"}).status_code == 200
    cache.clear()


# The buyer sheet ---------------------------------------------------------------------


@pytest.fixture
def wordy_product(batik_and_more):
    """A product with every fact filled and far more story than a page holds."""
    product = batik_and_more
    BrandCertificateFactory(ikm=product.ikm, mark_name="SEKAR JAGAD")
    IKM.objects.filter(pk=product.ikm_id).update(
        phone="0321-123456",
        email="halo@sekarjagad.id",
        address="Jl. Raya Trowulan No. 12",
        instagram="sekarjagad",
    )
    Product.objects.filter(pk=product.pk).update(
        name="Batik Tulis Majapahit " + "Motif Surya " * 10,
        description="\n\n".join(["Dibuat dengan canting oleh perajin Trowulan. " * 12] * 8),
        colours="merah soga, biru indigo, cokelat",
        weight_grams=350,
        lead_time_days=21,
        capacity_per_month=40,
        is_export_ready=True,
    )
    return product


def test_buyer_sheet_is_one_a4_page_with_the_facts_and_a_qr_code(client, wordy_product):
    data, reader = read_pdf(client.get("/produk/batik-tulis/lembar.pdf"))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = page_text(reader, 0)
    for fact in (
        "Batik Tulis Majapahit",
        "Rp 450.000",
        "Batik Sekar Jagad",
        "katun primisima",
        "200 × 115 cm",
        "2 buah",
        "+62 321 123456",
        "halo@sekarjagad.id",
        "Jl. Raya Trowulan No. 12",
        "SEKAR JAGAD",
        settings.COUNCIL["name"],
    ):
        assert fact in text
    assert qr_codes(data, 0) == [f"{BASE}/produk/batik-tulis/"]
    assert f"{BASE}/produk/batik-tulis/" in link_targets(reader)


def test_product_page_links_to_its_sheet(client, batik_and_more):
    page = client.get("/produk/batik-tulis/").content.decode()
    assert 'href="/produk/batik-tulis/lembar.pdf"' in page
    assert "Unduh lembar produk (PDF)" in page
    english = client.get("/en/produk/batik-tulis/").content.decode()
    assert 'href="/en/produk/batik-tulis/lembar.pdf"' in english


@pytest.mark.parametrize("slug", ["batik-draf", "batik-tersembunyi", "tidak-ada"])
def test_sheet_of_an_unpublished_product_is_not_found(client, batik_and_more, slug):
    assert client.get(f"/produk/{slug}/lembar.pdf").status_code == 404


# Memory ------------------------------------------------------------------------------

# A worker's peak while it builds a catalogue of CATALOGUE_PDF_MAX_PRODUCTS products,
# each with a photo of its own, above what it held before.
MEMORY_BOUND_MB = 120

MEASURE = """
import json, os, resource, sys, time
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment(debug=False)
from django.test import Client
import dekranasda.urls  # a worker has its views imported before the first request
client = Client()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
response = client.get("/produk/katalog.pdf")
size = sum(len(chunk) for chunk in response.streaming_content)
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"status": response.status_code, "bytes": size, "seconds": seconds,
                  "before_kb": before, "after_kb": after}))
"""


def database_url_for_another_process(tmp_path):
    """Return a DATABASE_URL at which another process sees this test's data."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: copy it to a file.
        path = tmp_path / "copy.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    host = db.get("HOST") or "127.0.0.1"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def write_renditions(media_root, names):
    """Store a 320-pixel JPEG rendition for each photo name, each different.

    Photos of random noise compress worst of all, and ReportLab stores an identical
    photo once: the catalogue holds as many bytes of photos as it can.
    """
    for name in names:
        path = media_root / "renditions" / name.replace(".jpg", "-320.jpg")
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.effect_noise((320, 240), 60).convert("RGB").save(path, quality=80)


@pytest.mark.django_db(transaction=True)
def test_a_catalogue_at_the_cap_stays_within_the_memory_bound(tmp_path, media_root):
    cap = settings.CATALOGUE_PDF_MAX_PRODUCTS
    ikm, category = IKMFactory(), CategoryFactory()
    products = Product.objects.bulk_create(
        Product(
            ikm=ikm,
            category=category,
            code=f"P{n:05d}",
            name=f"Produk {n}",
            slug=f"produk-{n}",
            materials="kulit sapi",
            dimensions="30 × 20 cm",
            price=150000 + n,
            status=Product.Status.APPROVED,
            published_at=timezone.now(),
        )
        for n in range(cap + 20)
    )
    photos = ProductImage.objects.bulk_create(
        ProductImage(
            product=product,
            image=f"products/2026/{product.code}.jpg",
            width=320,
            height=240,
            alt_text_ind="Foto",
        )
        for product in products
    )
    write_renditions(media_root, [photo.image.name for photo in photos])

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dekranasda.settings",
        "DATABASE_URL": database_url_for_another_process(tmp_path),
        "MEDIA_ROOT": str(media_root),
        "DJANGO_RATE_LIMIT_PDF": "0",
    }
    # Linux carries the peak memory of the process that starts a program over into
    # the program's ru_maxrss: started straight from this test process it would read
    # this process's peak. A shell forks it anew, from its own few megabytes.
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        ["/bin/sh", "-c", '"$0" -c "$1"; exit $?', sys.executable, MEASURE],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(settings.BASE_DIR),
        timeout=300,
        check=True,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["status"] == 200
    assert measured["bytes"] > cap * 20_000  # every photo is in it
    grown_mb = (measured["after_kb"] - measured["before_kb"]) / 1024
    print(
        f"\ncatalogue of {cap} products: {measured['bytes'] / 1e6:.1f} MB PDF in "
        f"{measured['seconds']:.1f} s; worker peak {measured['before_kb'] / 1024:.0f} MB "
        f"before, {measured['after_kb'] / 1024:.0f} MB after (+{grown_mb:.0f} MB)"
    )
    assert grown_mb < MEMORY_BOUND_MB
