import re

import pytest
import zxingcpp
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse_lazy
from PIL import Image, ImageDraw

from catalogue.tests.factories import BrandCertificateFactory, IKMFactory, ProductFactory
from galleries.models import Display

from .factories import DisplayFactory, GalleryFactory

pytestmark = pytest.mark.django_db

DISPLAY_CHANGELIST = reverse_lazy("admin:galleries_display_changelist")
GALLERY_CHANGELIST = reverse_lazy("admin:galleries_gallery_changelist")


def rasterise(svg, module_px=8):
    """Draw a segno inline SVG (horizontal stroke runs of one module) as a bitmap."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    image = Image.new("L", (size * module_px, size * module_px), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:  # h: a dark run of `a` modules on row y - 0.5
            top = (y - 0.5) * module_px
            left = x * module_px
            draw.rectangle([left, top, left + float(a) * module_px - 1, top + module_px - 1], 0)
            x += float(a)
    return image


def decode_labels(html):
    """Return the text of every QR code on the page, decoded from its SVG."""
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    texts = []
    for svg in svgs:
        results = zxingcpp.read_barcodes(rasterise(svg))
        assert len(results) == 1
        texts.append(results[0].text)
    return texts


def print_labels(client, changelist, objects, action="print_display_labels"):
    return client.post(
        changelist,
        {"action": action, ACTION_CHECKBOX_NAME: [str(o.pk) for o in objects]},
    )


@pytest.fixture
def shelf():
    gallery = GalleryFactory(name="Galeri Dekranasda MPP", code="MPP")
    branded = BrandCertificateFactory(mark_name="WILWATIKTA").ikm
    boots = DisplayFactory(
        gallery=gallery,
        shelf_note="Rak B2",
        product=ProductFactory(
            name="Sepatu Boots Kulit", ikm=branded, price=525000, code="P-BOOTS2"
        ),
    )
    batik = DisplayFactory(
        gallery=gallery,
        product=ProductFactory(
            name="Kain Batik Tulis",
            ikm=IKMFactory(name="Batik Majapahit"),
            price=150000,
            price_max=None,
            code="P-BATIK3",
        ),
    )
    return gallery, boots, batik


def test_labels_show_product_facts_and_decode_to_the_product(client, pengelola_galeri, shelf):
    _gallery, boots, batik = shelf
    client.force_login(pengelola_galeri)

    response = print_labels(client, DISPLAY_CHANGELIST, [boots, batik])

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sepatu Boots Kulit" in html
    assert boots.product.ikm.name in html
    assert "Rp\u00a0525.000" in html
    assert "Rp\u00a0150.000" in html
    assert "P-BOOTS2 · Rak B2" in html
    assert html.count("Merek terdaftar") == 1  # only the IKM with a registered mark
    assert html.count('class="label"') == 2
    assert sorted(decode_labels(html)) == [
        "http://testserver/qr/P-BATIK3/",
        "http://testserver/qr/P-BOOTS2/",
    ]


def test_label_page_is_printable_without_inline_script(client, pengelola_galeri, shelf):
    client.force_login(pengelola_galeri)

    html = print_labels(client, DISPLAY_CHANGELIST, shelf[1:]).content.decode()

    assert "css/labels.css" in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in attrs for attrs in scripts)
    assert not re.search(r"\son[a-z]+=", html)


def test_qr_codes_are_language_neutral_even_from_the_english_admin(client, editor, shelf):
    client.force_login(editor)

    response = client.post(
        DISPLAY_CHANGELIST,
        {"action": "print_display_labels", ACTION_CHECKBOX_NAME: [str(shelf[1].pk)]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert decode_labels(response.content.decode()) == ["http://testserver/qr/P-BOOTS2/"]


def test_gallery_action_prints_every_product_on_display(client, kurator, shelf):
    gallery = shelf[0]
    client.force_login(kurator)

    response = print_labels(client, GALLERY_CHANGELIST, [gallery], "print_gallery_labels")

    assert response.status_code == 200
    assert sorted(decode_labels(response.content.decode())) == [
        "http://testserver/qr/P-BATIK3/",
        "http://testserver/qr/P-BOOTS2/",
    ]


def test_unpublished_products_get_no_label_and_are_named(client, pengelola_galeri, shelf):
    draft = DisplayFactory(gallery=shelf[0], product=ProductFactory(name="Draf", status="draft"))
    client.force_login(pengelola_galeri)

    html = print_labels(client, DISPLAY_CHANGELIST, [draft, shelf[1]]).content.decode()

    assert html.count('class="label"') == 1
    assert "Draf (" in html
    assert "belum terbit" in html


def test_thirty_labels_fill_two_a4_sheets_in_constant_queries(
    client, pengelola_galeri, django_assert_max_num_queries
):
    gallery = GalleryFactory()
    for _n in range(30):
        DisplayFactory(gallery=gallery)
    client.force_login(pengelola_galeri)

    with django_assert_max_num_queries(12):
        response = print_labels(client, DISPLAY_CHANGELIST, Display.objects.all())

    html = response.content.decode()
    assert html.count('class="sheet"') == 2
    assert html.count('class="label"') == 30


def test_staff_without_view_permission_cannot_print(client, django_user_model, shelf):
    clerk = django_user_model.objects.create_user("tamu", password="x" * 12, is_staff=True)
    client.force_login(clerk)

    response = print_labels(client, DISPLAY_CHANGELIST, shelf[1:])

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-US,en;q=0.9", "/en/produk/sepatu/"),
        ("id-ID,id;q=0.9", "/produk/sepatu/"),
        ("", "/produk/sepatu/"),
    ],
)
def test_scanned_code_opens_the_product_in_the_phone_language(client, accept_language, expected):
    ProductFactory(slug="sepatu", code="P-SEPATU")

    response = client.get("/qr/P-SEPATU/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_scanned_code_of_unpublished_or_unknown_product_is_404(client):
    ProductFactory(code="P-DRAF01", status="draft")

    assert client.get("/qr/P-DRAF01/").status_code == 404
    assert client.get("/qr/P-TIDAKADA/").status_code == 404
