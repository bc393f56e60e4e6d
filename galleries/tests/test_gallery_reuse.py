"""The pieces other pages reuse: the open-now badge, galleries showing a product, the sitemap."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine
from django.template import Context, Template

from catalogue.tests.factories import ProductFactory
from galleries.models import Gallery
from galleries.sitemaps import GallerySitemap

from .factories import ClosureFactory, DisplayFactory, GalleryFactory, add_hours

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime.datetime(2026, 3, 16, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


def render(source, **context):
    return Template(source).render(Context(context))


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_status_badge_include():
    gallery = add_hours(GalleryFactory())
    loaded = Gallery.objects.with_hours().get(pk=gallery.pk)

    html = render('{% include "includes/gallery_status.html" %}', gallery=loaded)

    assert 'class="gallery-status gallery-status--open"' in html
    assert "<strong>Buka sekarang</strong>, sampai 15.00" in html


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_status_badge_shows_closure_reason():
    gallery = add_hours(GalleryFactory())
    ClosureFactory(gallery=gallery, start_date=MONDAY_MORNING.date(), reason_ind="Rapat kerja")

    html = render('{% include "includes/gallery_status.html" %}', gallery=gallery)

    assert "gallery-status--closure" in html
    assert "Tutup hari ini: Rapat kerja" in html
    assert "buka besok pukul 08.00" in html


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_product_galleries_lists_active_galleries_showing_it(django_assert_num_queries):
    product = ProductFactory()
    mpp = add_hours(GalleryFactory(name="Galeri MPP"))
    DisplayFactory(gallery=mpp, product=product)
    DisplayFactory(gallery=GalleryFactory(name="Galeri Tutup", is_active=False), product=product)
    DisplayFactory(gallery=GalleryFactory(name="Galeri Lain"))

    with django_assert_num_queries(3):
        html = render('{% include "includes/product_galleries.html" %}', product=product)

    assert "Galeri MPP" in html
    assert "Buka sekarang" in html
    assert "Galeri Tutup" not in html
    assert "Galeri Lain" not in html


def test_product_galleries_says_so_when_not_on_display():
    html = render('{% include "includes/product_galleries.html" %}', product=ProductFactory())

    assert "Produk ini sedang tidak dipajang di galeri" in html
    assert "<ul" not in html


def test_sitemap_lists_active_galleries_in_both_languages():
    GalleryFactory(slug="mpp")
    GalleryFactory(slug="lama", is_active=False)

    urls = GallerySitemap().get_urls(site=SimpleNamespace(domain="katalog.example"))

    locations = sorted(url["location"] for url in urls)
    assert locations == [
        "https://katalog.example/en/galeri/mpp/",
        "https://katalog.example/galeri/mpp/",
    ]
    assert urls[0]["lastmod"] is not None
