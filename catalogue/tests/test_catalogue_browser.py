"""The public pages in a real browser: a phone-sized Chromium, axe-core and the Nu HTML Checker."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from catalogue.models import ProductImage
from catalogue.tests.factories import (
    BrandCertificateFactory,
    CategoryFactory,
    IKMFactory,
    KecamatanFactory,
    ProductFactory,
    SentraFactory,
)
from conftest import missing_tool
from galleries.models import Display, Gallery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(jpeg_upload):
    """A few published products across categories, one with a registered mark and a photo."""
    trowulan = KecamatanFactory(name="Trowulan", slug="trowulan")
    sentra = SentraFactory(name="Sentra Sepatu Trowulan", slug="sentra-sepatu", kecamatan=trowulan)
    footwear = CategoryFactory(name="Alas Kaki", slug="alas-kaki")
    batik = CategoryFactory(name="Batik", slug="batik")
    shoemaker = IKMFactory(
        name="Sepatu Wilwatikta",
        slug="sepatu-wilwatikta",
        kecamatan=trowulan,
        sentra=sentra,
        story="Sepatu kulit buatan tangan sejak 2004.",
    )
    BrandCertificateFactory(ikm=shoemaker, mark_name="WILWATIKTA")
    pantofel = ProductFactory(
        ikm=shoemaker,
        category=footwear,
        name="Sepatu Pantofel Kulit",
        slug="sepatu-pantofel",
        price=385000,
    )
    ProductImage.objects.create(
        product=pantofel, image=jpeg_upload(), alt_text="Sepatu pantofel kulit hitam"
    )
    ProductFactory(ikm=shoemaker, category=footwear, name="Sandal Selop", slug="sandal-selop")
    ProductFactory.create_batch(3, category=batik)
    gallery = Gallery.objects.create(
        name="Galeri Dekranasda PPST",
        slug="ppst",
        code="PPST",
        address="Jl. Raya Trowulan",
        kecamatan=trowulan,
        latitude="-7.548210",
        longitude="112.383570",
    )
    Display.objects.create(gallery=gallery, product=pantofel)
    return {"product": pantofel, "ikm": shoemaker, "gallery": gallery}


def test_phone_visitor_filters_opens_a_product_and_finds_whatsapp(live_server, phone, site):
    phone.goto(f"{live_server.url}/produk/")
    assert phone.locator(".results-count").inner_text() == "5 produk"

    phone.get_by_text("Saring dan urutkan").click()
    phone.get_by_label("Kategori").select_option("alas-kaki")
    phone.get_by_label("Hanya merek terdaftar (HKI)").check()
    phone.get_by_role("button", name="Terapkan").click()

    assert "category=alas-kaki" in phone.url
    assert phone.locator(".results-count").inner_text() == "2 produk"
    assert phone.get_by_role("link", name="Kategori: Alas Kaki").is_visible()
    # Nothing sticks out sideways on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.get_by_role("link", name="Sepatu Pantofel Kulit").click()
    assert phone.url == f"{live_server.url}/produk/sepatu-pantofel/"
    whatsapp = phone.get_by_role("link", name="Tanya lewat WhatsApp")
    assert whatsapp.is_visible()
    link = urlsplit(whatsapp.get_attribute("href"))
    assert (link.scheme, link.netloc, link.path) == ("https", "wa.me", "/6281234567890")
    message = parse_qs(link.query)["text"][0]
    assert "Sepatu Pantofel Kulit" in message
    assert f"{live_server.url}/produk/sepatu-pantofel/" in message

    phone.get_by_role("link", name="English").click()
    assert phone.url == f"{live_server.url}/en/produk/sepatu-pantofel/"
    assert phone.locator("html").get_attribute("lang") == "en"


def page_paths(site):
    return {
        "home": "/",
        "catalogue": "/produk/?category=alas-kaki&brand=on",
        "empty catalogue": "/produk/?q=tidakada",
        "product": site["product"].get_absolute_url(),
        "IKM directory": "/ikm/",
        "IKM search": "/ikm/?q=sepatu&kecamatan=trowulan&brand=on",
        "IKM profile": site["ikm"].get_absolute_url(),
        "sentra index": "/sentra/",
        "sentra": "/sentra/sentra-sepatu/",
        "gallery with its map": site["gallery"].get_absolute_url(),
        "nearest gallery": "/galeri/?dekat=-7.56,112.38",
        "English product": "/en" + site["product"].get_absolute_url(),
        "English sentra index": "/en/sentra/",
    }


def without_tiles(context):
    # Map tiles come from OpenStreetMap; the checks run without them, as a slow network might.
    context.route(
        "**/*",
        lambda route: route.abort() if "openstreetmap" in route.request.url else route.continue_(),
    )


def test_pages_have_no_axe_violations(live_server, browser, site):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    failures = {}
    for width in (390, 1440):
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        without_tiles(context)
        page = context.new_page()
        for name, path in page_paths(site).items():
            page.goto(live_server.url + path)
            if "map" in name:
                page.locator("#gallery-map .leaflet-marker-icon").wait_for(timeout=10_000)
            results = axe.run(page)
            if results.violations_count:
                failures[f"{name} at {width}px"] = results.generate_report()
        context.close()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())


def test_pages_are_valid_html(live_server, browser, site, tmp_path):
    npm = shutil.which("npm")
    if not VNU_JAR.exists() and npm:
        subprocess.run(  # noqa: S603 - fixed arguments
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=settings.BASE_DIR,
            check=True,
        )
    java = shutil.which("java")
    if not VNU_JAR.exists() or not java:
        missing_tool("the Nu HTML Checker needs Java and node_modules/vnu-jar (npm ci)")
    context = browser.new_context()
    files = []
    for name, path in page_paths(site).items():
        response = context.request.get(live_server.url + path)
        assert response.ok, name
        target = tmp_path / (name.replace(" ", "-") + ".html")
        target.write_text(response.text(), encoding="utf-8")
        files.append(str(target))
    context.close()
    result = subprocess.run(  # noqa: S603 - our own files
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, "\n".join(errors)
