import re

import pytest
from django.core.cache import cache
from django.utils import translation

from catalogue.models import ProductImage
from catalogue.tests.factories import (
    CategoryFactory,
    IKMFactory,
    KecamatanFactory,
    ProductFactory,
    SentraFactory,
)
from council.models import SiteSettings
from council.tests.test_council import settings_data
from galleries.tests.factories import DisplayFactory, GalleryFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "home": ("/", None),
    "catalogue": ("/produk/", None),
    "product": ("/produk/selendang-ikat/", "/media/renditions/"),
    "ikm": ("/ikm/tenun-ayu/", "/media/renditions/ikm/"),
    "gallery": ("/galeri/galeri-mpp/", "/media/renditions/galleries/"),
    "category": ("/kategori/tenun/", "/media/renditions/"),
    "sentra": ("/sentra/sentra-tenun/", "/media/renditions/"),
    "about": ("/tentang/", None),
}


@pytest.fixture
def site(jpeg_upload):
    cache.clear()
    with translation.override("id"):
        kecamatan = KecamatanFactory(name="Sooko", slug="sooko")
        sentra = SentraFactory(name="Sentra Tenun", slug="sentra-tenun", kecamatan=kecamatan)
        ikm = IKMFactory(
            name="Tenun Ayu",
            slug="tenun-ayu",
            kecamatan=kecamatan,
            sentra=sentra,
            photo=jpeg_upload("ikm.jpg"),
            whatsapp="081234567801",
        )
        ikm.save()
        category = CategoryFactory(name="Tenun", slug="tenun")
        product = ProductFactory(
            ikm=ikm, category=category, name="Selendang Ikat", slug="selendang-ikat"
        )
        ProductImage.objects.create(product=product, image=jpeg_upload(), alt_text="Selendang")
        gallery = GalleryFactory(slug="galeri-mpp", photo=jpeg_upload("galeri.jpg"))
        gallery.save()
        DisplayFactory(gallery=gallery, product=product)
    yield
    cache.clear()


def og_image(html):
    match = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    return match and match.group(1)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_public_page_has_an_absolute_share_image(client, site, page, language):
    path, own_photo = PAGES[page]
    if language == "en":
        path = "/en" + path
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    image = og_image(html)
    assert image and image.startswith("http://testserver/")
    assert f'<meta name="twitter:image" content="{image}">' in html
    if own_photo:
        assert image.startswith(f"http://testserver{own_photo}")
        assert '<meta name="twitter:card" content="summary_large_image">' in html
    else:
        assert image.startswith("http://testserver/icon-512.png?v=")
        assert '<meta name="twitter:card" content="summary">' in html


def test_pages_without_a_photo_share_the_council_logo(client, jpeg_upload):
    SiteSettings(**settings_data(logo=jpeg_upload("logo.jpg"))).save()
    logo = SiteSettings.current().logo.url
    assert og_image(client.get("/").content.decode()) == f"http://testserver{logo}"


@pytest.mark.parametrize("page", list(PAGES))
def test_header_search_box_on_every_page_submits_to_the_catalogue(client, site, page):
    html = client.get(PAGES[page][0]).content.decode()
    form = re.search(r'<form class="header-search"[^>]*>(.*?)</form>', html, flags=re.S)
    assert form, "no search box in the header"
    assert 'method="get" action="/produk/"' in form.group(0)
    assert '<label class="visually-hidden" for="site-search">' in form.group(1)
    assert '<input type="search" name="q" id="site-search"' in form.group(1)


def test_header_search_finds_products(client, site):
    response = client.get("/produk/", {"q": "selendang"})
    assert "/produk/selendang-ikat/" in response.content.decode()


def test_gallery_page_reads_phones_in_the_site_format(client, site):
    GalleryFactory(slug="galeri-dua", whatsapp="081234567801")
    html = client.get("/galeri/galeri-dua/").content.decode()
    assert '<span class="phone">+62 812-3456-7801</span>' in html
    assert 'href="https://wa.me/6281234567801"' in html
