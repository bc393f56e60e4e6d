"""A product page printed from Chromium: one A4 sheet with the facts, the contact, a QR code."""

import io

import pypdf
import pytest

from catalogue.models import ProductImage
from catalogue.tests.factories import BrandCertificateFactory, IKMFactory, ProductFactory
from catalogue.tests.test_printing import qr_codes
from galleries.models import Display, Gallery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def printed_product(jpeg_upload):
    """A product with every fact, several photos, a long story and galleries showing it."""
    maker = IKMFactory(
        name="Batik Sekar Jagad",
        phone="0321-123456",
        email="halo@sekarjagad.id",
        address="Jl. Raya Trowulan No. 12",
    )
    BrandCertificateFactory(ikm=maker, mark_name="SEKAR JAGAD")
    product = ProductFactory(
        ikm=maker,
        name="Batik Tulis Majapahit Motif Surya",
        slug="batik-tulis",
        price=450000,
        price_max=650000,
        materials="katun primisima, pewarna alam",
        colours="merah soga, biru indigo",
        dimensions="200 × 115 cm",
        weight_grams=350,
        min_order=2,
        lead_time_days=21,
        capacity_per_month=40,
        is_export_ready=True,
        description="\n\n".join(["Dibuat dengan canting oleh perajin Trowulan. " * 10] * 6),
    )
    for colour in ((120, 60, 30), (30, 60, 120), (60, 120, 30)):
        ProductImage.objects.create(
            product=product,
            image=jpeg_upload(size=(1200, 900), colour=colour),
            alt_text="Kain batik",
        )
    gallery = Gallery.objects.create(
        name="Galeri PPST", slug="ppst", code="PPST", address="Jl. Raya", kecamatan=maker.kecamatan
    )
    Display.objects.create(gallery=gallery, product=product)
    ProductFactory.create_batch(4, category=product.category)
    return product


def test_product_page_prints_on_one_a4_sheet(live_server, browser, printed_product):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    url = f"{live_server.url}/produk/batik-tulis/"
    page.goto(url)
    page.emulate_media(media="print")

    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".contact-buttons", ".related"):
        assert not page.locator(hidden).is_visible(), hidden
    assert not page.get_by_text("Unduh lembar produk (PDF)").is_visible()
    contact = page.locator(".print-contact")
    assert contact.is_visible()
    assert "+62 321 123456" in contact.inner_text()
    assert page.locator(".print-contact svg.qr").is_visible()

    data = page.pdf(format="A4")
    page.close()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for fact in (
        "Dekranasda Kabupaten Mojokerto",
        "Batik Tulis Majapahit Motif Surya",
        "Batik Sekar Jagad",
        "200 × 115 cm",
    ):
        assert fact in text
    assert qr_codes(data, 0) == [url]
