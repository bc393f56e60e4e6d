import datetime
import io
import re
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation

from catalogue.importers import ProductImporter
from catalogue.models import Product, ProductImage, SearchSynonym
from catalogue.spreadsheets import read_sheet
from catalogue.tests.factories import (
    BrandCertificateFactory,
    CategoryFactory,
    IKMFactory,
    KecamatanFactory,
    ProductFactory,
    SentraFactory,
)
from catalogue.tests.spreadsheet_data import csv_bytes
from council.models import BoardMember, BoardTerm, SiteSettings
from dekranasda.caching import bump_content_version, cache_public_page, content_version
from galleries.models import OpeningHours
from galleries.tests.factories import (
    ClosureFactory,
    DisplayFactory,
    GalleryFactory,
    OpeningHoursFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """Whole-page caching on, in an empty cache, with Indonesian test data."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_CLOCK_SECONDS = 300
    cache.clear()
    with translation.override("id"):
        yield
    cache.clear()


@pytest.fixture
def site():
    """One published product of an IKM in a sentra, displayed in a gallery."""
    kecamatan = KecamatanFactory(name="Trowulan", slug="trowulan")
    sentra = SentraFactory(name="Sentra Sepatu", slug="sentra-sepatu", kecamatan=kecamatan)
    ikm = IKMFactory(name="Sepatu Wilwatikta", slug="sepatu-wilwatikta", sentra=sentra)
    category = CategoryFactory(name="Alas Kaki", slug="alas-kaki")
    product = ProductFactory(name="Pantofel Kulit", slug="pantofel", ikm=ikm, category=category)
    ikm.categories.add(category)
    gallery = GalleryFactory(name="Galeri PPST", slug="galeri-ppst", kecamatan=kecamatan)
    DisplayFactory(gallery=gallery, product=product)
    return product


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def nonces(response, html):
    """Return the CSP header's nonce and the set of nonces the page's tags carry."""
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    return header, set(re.findall(r'nonce="([^"]+)"', html))


def test_second_visit_is_served_from_the_cache_with_the_same_page(client, site):
    url = site.get_absolute_url()
    first, first_html = get(client, url)
    second, second_html = get(client, url)
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.status_code == 200
    assert second["Content-Type"] == first["Content-Type"]
    assert "Pantofel Kulit" in second_html
    # Each response has a nonce of its own, the same in its header and in its tags.
    first_nonce, first_tags = nonces(first, first_html)
    second_nonce, second_tags = nonces(second, second_html)
    assert first_tags == {first_nonce} and second_tags == {second_nonce}
    assert first_nonce != second_nonce
    assert second_html == first_html.replace(first_nonce, second_nonce)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/produk/",
        "/produk/?q=pantofel&urut=terbaru",
        "/produk/pantofel/",
        "/ikm/",
        "/ikm/sepatu-wilwatikta/",
        "/kategori/alas-kaki/",
        "/sentra/sentra-sepatu/",
        "/galeri/",
        "/galeri/galeri-ppst/",
        "/tentang/",
        "/en/produk/pantofel/",
    ],
)
def test_every_public_page_is_cached(client, site, url):
    assert get(client, url)[0]["X-Cache"] == "miss"
    response, _html = get(client, url)
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"


def test_a_cached_page_costs_one_round_trip_to_the_cache(client, site):
    url = site.get_absolute_url()
    get(client, url)
    with mock.patch("dekranasda.caching.cache", wraps=cache) as spy:
        response, _html = get(client, url)
    assert response["X-Cache"] == "hit"
    assert [call[0] for call in spy.method_calls] == ["get_many"]


def test_a_page_rendered_while_the_content_changed_is_not_served(
    site, django_capture_on_commit_callbacks
):
    def render_while_a_change_is_saved(request):
        name = Product.objects.get(pk=site.pk).name
        # Another app server commits a change while this page is being rendered.
        with django_capture_on_commit_callbacks(execute=True):
            Product.objects.get(pk=site.pk).save()
        return HttpResponse(name)

    view = cache_public_page(render_while_a_change_is_saved)
    assert view(RequestFactory().get("/x/"))["X-Cache"] == "miss"
    Product.objects.filter(pk=site.pk).update(name="Pantofel Kulit Sapi Asli")
    again = view(RequestFactory().get("/x/"))
    assert again["X-Cache"] == "miss"
    assert again.content == b"Pantofel Kulit Sapi Asli"


def test_query_string_and_language_are_part_of_the_key(client, site):
    get(client, "/produk/?q=pantofel")
    assert get(client, "/produk/?q=batik")[0]["X-Cache"] == "miss"
    english, html = get(client, "/en/produk/?q=pantofel")
    assert english["X-Cache"] == "miss"
    assert 'lang="en"' in html


def test_a_saved_change_is_shown_at_once(client, site, django_capture_on_commit_callbacks):
    url = site.get_absolute_url()
    get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        site.name = "Pantofel Kulit Sapi Asli"
        site.save()
    response, html = get(client, url)
    assert response["X-Cache"] == "miss"
    assert "Pantofel Kulit Sapi Asli" in html


def test_the_version_moves_only_when_the_change_is_committed(
    site, django_capture_on_commit_callbacks
):
    before = content_version()
    with django_capture_on_commit_callbacks() as callbacks:
        site.name = "Nama baru"
        site.save()
        # Another server rendering now still reads the old row: it must keep the old key.
        assert content_version() == before
    for callback in callbacks:
        callback()
    assert content_version() != before


def test_a_version_the_cache_could_not_move_is_logged(caplog, monkeypatch):
    # What django-redis answers, ignoring its error, when Redis is down.
    monkeypatch.setattr(cache, "incr", lambda *args, **kwargs: None)
    assert bump_content_version() is None
    assert "Content version not moved" in caplog.text


def test_a_lost_version_starts_again_from_the_clock(site):
    first = content_version()
    cache.delete("public-pages:content-version")
    assert content_version() > first
    assert bump_content_version() == content_version()


def change_everything(site):
    """Yield (label, change) for one change to each kind of record the public sees."""
    ikm, category = site.ikm, site.category
    gallery = site.displays.get().gallery
    yield "category", lambda: CategoryFactory(name="Batik", slug="batik")
    yield "kecamatan", lambda: KecamatanFactory(name="Sooko", slug="sooko").save()
    yield "sentra", lambda: SentraFactory()
    yield "ikm", lambda: IKMFactory()
    yield "ikm categories", lambda: ikm.categories.remove(category)
    yield "certificate", lambda: BrandCertificateFactory(ikm=ikm)
    yield "search synonym", lambda: SearchSynonym.objects.create(words="tas, bag")
    yield "product", lambda: site.save()
    yield "photo deleted", lambda: ProductImage.objects.filter(product=site).delete()
    yield "gallery", lambda: gallery.save()
    yield "opening hours", lambda: OpeningHoursFactory(gallery=gallery)
    yield "closure", lambda: ClosureFactory(gallery=gallery)
    yield "display", lambda: site.displays.get().delete()
    yield "site settings", lambda: SiteSettings(**SiteSettings.defaults()).save()
    yield "board term", lambda: BoardTerm.objects.create(start_year=2025, end_year=2030)
    yield (
        "board member",
        lambda: BoardMember.objects.create(
            term=BoardTerm.objects.get_or_create(start_year=2020, end_year=2025)[0],
            position=BoardMember.Position.KETUA,
            name="Ibu Ketua",
        ),
    )


def test_every_public_record_renews_the_pages(
    site, jpeg_upload, django_capture_on_commit_callbacks
):
    ProductImage.objects.create(product=site, image=jpeg_upload(), alt_text="Foto")
    for label, change in change_everything(site):
        before = content_version()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert content_version() != before, label


def test_a_spreadsheet_import_renews_the_pages(editor, site, django_capture_on_commit_callbacks):
    sheet = read_sheet(
        csv_bytes(
            ["Kode Produk", "Nama Produk"],
            [[site.code, "Pantofel dari Impor"]],
        ),
        "produk.csv",
        ProductImporter.columns,
    )
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        result = ProductImporter(user=editor).run(sheet, dry_run=False)
    assert result.written, result.invalid_rows
    assert content_version() != before


def test_a_preview_of_an_import_does_not(editor, site):
    sheet = read_sheet(
        csv_bytes(["Kode Produk", "Nama Produk"], [[site.code, "Belum disimpan"]]),
        "produk.csv",
        ProductImporter.columns,
    )
    before = content_version()
    ProductImporter(user=editor).run(sheet, dry_run=True)
    assert content_version() == before


def test_remaking_photo_sizes_renews_the_pages(site):
    before = content_version()
    call_command("make_renditions", stdout=io.StringIO())
    assert content_version() != before


def test_staff_always_get_a_fresh_page_and_never_fill_the_cache(client, site, superuser):
    url = site.get_absolute_url()
    client.force_login(superuser)
    assert get(client, url)[0]["X-Cache"] == "bypass"
    assert get(client, url)[0]["X-Cache"] == "bypass"
    client.logout()
    client.cookies.clear()
    assert get(client, url)[0]["X-Cache"] == "miss"


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, site):
    client.cookies["messages"] = "anything"
    assert get(client, site.get_absolute_url())[0]["X-Cache"] == "bypass"


def test_missing_pages_are_not_cached(client, site):
    assert client.get("/produk/tidak-ada/").status_code == 404
    assert client.get("/produk/tidak-ada/").status_code == 404
    assert not [key for key in cache._cache if "tidak-ada" in key]


def test_a_page_that_sets_a_cookie_or_fails_is_not_stored():
    def sets_cookie(request):
        response = HttpResponse("hai")
        response.set_cookie("pilihan", "1")
        return response

    def teapot(request):
        return HttpResponse("tidak", status=418)

    factory = RequestFactory()
    for view in (sets_cookie, teapot):
        cached = cache_public_page(view)
        assert cached(factory.get("/x/"))["X-Cache"] == "skip"
        assert cached(factory.get("/x/"))["X-Cache"] == "skip"


def test_posts_are_never_cached():
    cached = cache_public_page(lambda request: HttpResponse("ok"))
    assert cached(RequestFactory().post("/x/"))["X-Cache"] == "bypass"


def test_caching_can_be_turned_off(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert get(client, "/produk/")[0]["X-Cache"] == "bypass"


def test_a_broken_cache_only_makes_pages_slower(client, site, monkeypatch):
    def fail(*args, **kwargs):
        raise ConnectionError("cache is down")

    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(f"dekranasda.caching.cache.{method}", fail)
    response, html = get(client, site.get_absolute_url())
    assert response.status_code == 200
    assert "Pantofel Kulit" in html


def test_open_now_pages_are_kept_only_within_a_slice_of_time(client, site):
    gallery = site.displays.get().gallery
    OpeningHours.objects.all().delete()
    now = timezone.localtime().replace(hour=8, minute=59, second=0, microsecond=0)
    for weekday in range(7):
        OpeningHoursFactory(
            gallery=gallery,
            weekday=weekday,
            opens=datetime.time(9, 0),
            closes=datetime.time(16, 0),
        )
    cache.clear()
    url = gallery.get_absolute_url()
    with time_machine.travel(now.replace(minute=55), tick=False):
        closed, closed_html = get(client, url)
    with time_machine.travel(now, tick=False):
        assert get(client, url)[0]["X-Cache"] == "hit"
    with time_machine.travel(now + datetime.timedelta(minutes=2), tick=False):
        opened, open_html = get(client, url)
    assert closed["X-Cache"] == "miss"
    assert opened["X-Cache"] == "miss"
    assert "gallery-status--closed" in closed_html
    assert "gallery-status--open" in open_html
