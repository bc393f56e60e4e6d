import csv
import datetime
import io
import json
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from catalogue.models import Product
from catalogue.tests.factories import (
    BrandCertificateFactory,
    CategoryFactory,
    IKMFactory,
    ProductFactory,
)

from .factories import ClosureFactory, DisplayFactory, GalleryFactory, add_hours

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
# Friday 20 March 2026, 11:30 in Jakarta: between the two Friday intervals.
FRIDAY_BREAK = datetime.datetime(2026, 3, 20, 11, 30, tzinfo=WIB)


@pytest.fixture
def galleries():
    mpp = add_hours(GalleryFactory(name="Galeri Dekranasda MPP", slug="mpp", code="MPP"))
    ppst = GalleryFactory(
        name="Galeri Dekranasda PPST",
        slug="ppst",
        code="PPST",
        latitude="-7.548210",
        longitude="112.383570",
        ordering=1,
    )
    closed_down = GalleryFactory(name="Galeri Lama", slug="lama", code="LAMA", is_active=False)
    return mpp, ppst, closed_down


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@time_machine.travel(FRIDAY_BREAK, tick=False)
def test_directory_lists_active_galleries_with_state_and_hours(client, galleries):
    response = client.get("/galeri/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Galeri Dekranasda MPP" in html
    assert "Galeri Dekranasda PPST" in html
    assert "Galeri Lama" not in html
    assert "<strong>Tutup</strong>, buka pukul 13.00" in html
    assert "08.00–11.00, 13.00–15.00" in html
    assert "Jam buka belum diumumkan" in html  # PPST has no hours yet
    assert 'href="/galeri/mpp/"' in html
    assert "https://wa.me/6281234567001" in html


@time_machine.travel(FRIDAY_BREAK, tick=False)
def test_directory_markers_are_data_not_script(client, galleries):
    response = client.get("/galeri/")

    html = response.content.decode()
    markers = json.loads(
        re.search(
            r'<script id="gallery-markers" type="application/json">(.*?)</script>', html
        ).group(1)
    )
    assert [m["name"] for m in markers] == ["Galeri Dekranasda MPP", "Galeri Dekranasda PPST"]
    assert markers[1]["lat"] == -7.54821
    assert markers[1]["lon"] == 112.38357
    assert markers[0]["status"] == "Tutup, buka pukul 13.00"
    # Only data and external scripts: nothing inline runs, so a strict CSP holds.
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or "application/json" in attrs for attrs in scripts)
    assert not re.search(r"\son[a-z]+=", html)
    # The map stays hidden until the script shows it.
    assert re.search(r'<div class="gallery-map" id="gallery-map" hidden', html)


def test_directory_query_count_does_not_grow_with_galleries(
    client, galleries, django_assert_max_num_queries
):
    for _n in range(5):
        ClosureFactory(gallery=add_hours(GalleryFactory()))

    with django_assert_max_num_queries(4):
        response = client.get("/galeri/")

    assert response.content.decode().count('class="gallery-card"') == 7


def test_directory_in_english(client, galleries):
    response = client.get("/en/galeri/")

    assert response.status_code == 200
    assert 'href="/en/galeri/mpp/"' in response.content.decode()


# «Galeri terdekat»: ?dekat=lat,lng


def nearest_galleries():
    """Galleries at known distances from Mojokerto's centre (-7.4726, 112.4341)."""
    return [
        GalleryFactory(
            name="Galeri Jauh", slug="jauh", latitude="-7.700000", longitude="112.434100"
        ),
        GalleryFactory(name="Galeri Tanpa Peta", slug="tanpa-peta", latitude=None, longitude=None),
        GalleryFactory(
            name="Galeri Dekat", slug="dekat", latitude="-7.480000", longitude="112.434100"
        ),
        GalleryFactory(
            name="Galeri Tengah", slug="tengah", latitude="-7.501400", longitude="112.434100"
        ),
    ]


def card_names(html):
    return re.findall(r'class="gallery-card-title"[^>]*><a [^>]*>([^<]+)</a>', html)


def test_nearest_orders_galleries_by_distance_and_shows_it(client):
    nearest_galleries()

    response = client.get("/galeri/", {"dekat": "-7.4726,112.4341"})

    html = response.content.decode()
    assert response.status_code == 200
    # Galleries without coordinates come last.
    assert card_names(html) == ["Galeri Dekat", "Galeri Tengah", "Galeri Jauh", "Galeri Tanpa Peta"]
    assert "820 m dari lokasi Anda" in html
    assert "3,2 km dari lokasi Anda" in html
    assert "25 km dari lokasi Anda" in html
    assert "Jarak tidak diketahui" in html
    assert "Galeri diurutkan dari yang terdekat" in html
    assert 'value="-7.4726,112.4341"' in html


def test_nearest_in_english_writes_a_decimal_point(client):
    nearest_galleries()

    html = client.get("/en/galeri/", {"dekat": "-7.4726,112.4341"}).content.decode()

    assert "3.2 km from your location" in html
    assert "820 m from your location" in html


@pytest.mark.parametrize(
    ("distance_km", "indonesian", "english"),
    [
        (0.004, "10 m", "10 m"),
        (0.8449, "840 m", "840 m"),
        (3.24, "3,2 km", "3.2 km"),
        (9.96, "10,0 km", "10.0 km"),
        (41.4, "41 km", "41 km"),
    ],
)
def test_distances_are_written_the_visitors_way(distance_km, indonesian, english):
    from django.utils import translation

    from galleries.nearest import format_distance

    with translation.override("id"):
        assert format_distance(distance_km) == indonesian
    with translation.override("en"):
        assert format_distance(distance_km) == english


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "-7.56",
        "-7.56,",
        ",112.38",
        "-7.56;112.38",
        "-7,56,112,38",
        "91,112.38",
        "-7.56,181",
        "-95.5,-200",
        "1e3,5",
        "nan,nan",
        "inf,0",
        "-7.56,112.38,5",
        "%00",
        "x" * 5000,
        "٣,٤",
    ],
)
def test_bad_coordinates_keep_the_usual_order_and_say_why(client, galleries, value):
    response = client.get("/galeri/", {"dekat": value})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="notice"' in html
    assert "Galeri ditampilkan dalam urutan biasa." in html
    assert card_names(html) == ["Galeri Dekranasda MPP", "Galeri Dekranasda PPST"]
    assert "dari lokasi Anda" not in html


def test_empty_coordinates_are_no_request_to_sort(client, galleries):
    html = client.get("/galeri/?dekat=").content.decode()

    assert 'class="notice"' not in html
    assert card_names(html) == ["Galeri Dekranasda MPP", "Galeri Dekranasda PPST"]


def test_nearest_button_is_an_external_script_and_the_form_works_without_it(client, galleries):
    html = client.get("/galeri/").content.decode()

    assert re.search(r'<script src="/static/js/nearest-gallery(\.[0-9a-f]+)?\.js" defer>', html)
    assert re.search(r'<p class="nearest-locate" id="nearest-locate" hidden>', html)
    assert "Cari galeri terdekat" in html
    assert re.search(r'<form class="nearest-form" method="get" action="/galeri/"', html)
    assert '<input type="text" name="dekat"' in html
    assert not re.search(r"\son[a-z]+=", html)


def test_nearest_query_count_does_not_grow_with_galleries(
    client, galleries, django_assert_max_num_queries
):
    for _n in range(10):
        ClosureFactory(gallery=add_hours(GalleryFactory()))

    with django_assert_max_num_queries(4):
        response = client.get("/galeri/?dekat=-7.56,112.38")

    assert response.content.decode().count('class="gallery-card"') == 12


def test_gallery_page_has_a_map_of_its_place(client, galleries, settings):
    html = client.get("/galeri/ppst/").content.decode()

    assert re.search(r'<div class="gallery-map gallery-map--single" id="gallery-map" hidden', html)
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    markers = json.loads(
        re.search(
            r'<script id="gallery-markers" type="application/json">(.*?)</script>', html
        ).group(1)
    )
    assert [(m["name"], m["lat"], m["lon"]) for m in markers] == [
        ("Galeri Dekranasda PPST", -7.54821, 112.38357)
    ]
    assert "js/gallery-map" in html


def test_gallery_page_without_coordinates_has_no_map(client, galleries):
    GalleryFactory(slug="keliling", latitude=None, longitude=None)

    html = client.get("/galeri/keliling/").content.decode()

    assert 'id="gallery-map"' not in html
    assert "leaflet" not in html


def test_map_tiles_come_from_the_configured_server(client, galleries, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_ATTRIBUTION = "&copy; Peta Contoh"

    html = client.get("/galeri/").content.decode()

    assert 'data-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="&amp;copy; Peta Contoh"' in html


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "https://*.tiles.example.org"),
        ("https://maps.example.go.id:8443/t/{z}/{x}/{y}.png", "https://maps.example.go.id:8443"),
    ],
)
def test_tile_server_origin_is_allowed_by_the_csp(url, origin):
    from dekranasda.settings import tile_origin

    assert tile_origin(url) == origin


def test_csp_allows_images_from_the_tile_server(client, galleries):
    policy = client.get("/galeri/")["Content-Security-Policy"]

    img_src = re.search(r"img-src ([^;]+)", policy).group(1).split()
    assert "https://tile.openstreetmap.org" in img_src


@time_machine.travel(FRIDAY_BREAK, tick=False)
def test_gallery_page_shows_hours_closures_contact_and_directions(client, galleries):
    mpp = galleries[0]
    ClosureFactory(
        gallery=mpp,
        start_date=datetime.date(2026, 3, 30),
        end_date=datetime.date(2026, 3, 31),
        reason_ind="Idulfitri",
    )
    ClosureFactory(gallery=mpp, start_date=datetime.date(2026, 1, 1), reason_ind="Tahun Baru")

    response = client.get("/galeri/mpp/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Galeri Dekranasda MPP</h1>" in html
    assert 'Jumat <span class="today-tag">(hari ini)</span>' in html
    assert "08.00–11.00, 13.00–15.00" in html
    assert "30 Maret 2026</time> – <time" in html
    assert "Idulfitri" in html
    assert "Tahun Baru" not in html  # past closures are not listed
    assert "Ibu Rina" in html
    assert 'href="https://wa.me/6281234567001"' in html
    assert 'href="tel:+62321123456"' in html
    assert "+62 321 123456" in html
    assert 'href="mailto:galeri@example.org"' in html
    assert "https://www.openstreetmap.org/?mlat=-7.472600&amp;mlon=112.434100" in html
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=-7.472600,112.434100" in html


def test_gallery_page_without_hours_says_so(client, galleries):
    response = client.get("/galeri/ppst/")

    assert "Jam buka belum diumumkan." in response.content.decode()


def test_inactive_or_unknown_gallery_is_404(client, galleries):
    assert client.get("/galeri/lama/").status_code == 404
    assert client.get("/galeri/tidak-ada/").status_code == 404


@time_machine.travel(FRIDAY_BREAK, tick=False)
def test_gallery_page_json_ld_store(client, galleries):
    mpp = galleries[0]
    ClosureFactory(gallery=mpp, start_date=datetime.date(2026, 3, 30), reason_ind="Cuti")

    data = json_ld(client.get("/galeri/mpp/").content.decode())

    assert data["@type"] == "Store"
    assert data["name"] == "Galeri Dekranasda MPP"
    assert data["url"] == "http://testserver/galeri/mpp/"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": -7.4726, "longitude": 112.4341}
    assert data["address"]["streetAddress"] == "Jl. Raya Jabon No. 1"
    assert data["address"]["addressCountry"] == "ID"
    friday = [
        (s["opens"], s["closes"])
        for s in data["openingHoursSpecification"]
        if s.get("dayOfWeek") == "https://schema.org/Friday"
    ]
    assert friday == [("08:00", "11:00"), ("13:00", "15:00")]
    closed = [s for s in data["openingHoursSpecification"] if "validFrom" in s]
    assert closed == [
        {
            "@type": "OpeningHoursSpecification",
            "opens": "00:00",
            "closes": "00:00",
            "validFrom": "2026-03-30",
            "validThrough": "2026-03-30",
        }
    ]


def test_json_ld_cannot_break_out_of_its_script(client, galleries):
    mpp = galleries[0]
    mpp.description_ind = "</script><script>alert(1)</script>"
    mpp.save()

    html = client.get("/galeri/mpp/").content.decode()

    assert "<script>alert(1)" not in html
    assert json_ld(html)["description"] == "</script><script>alert(1)</script>"


def test_gallery_page_lists_only_published_products_on_display(client, galleries):
    mpp, ppst, _closed = galleries
    shown = DisplayFactory(gallery=mpp, product=ProductFactory(name="Tas Anyaman Pandan")).product
    DisplayFactory(gallery=mpp, product=ProductFactory(name="Draf Rahasia", status="draft"))
    hidden_ikm = IKMFactory(name="IKM Tersembunyi", is_public=False)
    DisplayFactory(
        gallery=mpp, product=ProductFactory(name="Produk IKM Tersembunyi", ikm=hidden_ikm)
    )
    DisplayFactory(gallery=ppst, product=ProductFactory(name="Sepatu di PPST"))

    html = client.get("/galeri/mpp/").content.decode()

    assert "Tas Anyaman Pandan" in html
    assert shown.get_absolute_url() in html
    assert "Draf Rahasia" not in html
    assert "Produk IKM Tersembunyi" not in html
    assert "IKM Tersembunyi" not in html
    assert "Sepatu di PPST" not in html
    # The IKM represented, linked to their profiles.
    assert f'href="{shown.ikm.get_absolute_url()}"' in html


def test_gallery_products_filter_and_paginate(client, galleries):
    mpp = galleries[0]
    batik = CategoryFactory(name="Batik", slug="batik")
    for n in range(30):
        DisplayFactory(gallery=mpp, product=ProductFactory(name=f"Batik {n:02d}", category=batik))
    DisplayFactory(gallery=mpp, product=ProductFactory(name="Kendang Jawa"))

    first = client.get("/galeri/mpp/?category=batik").content.decode()
    second = client.get("/galeri/mpp/?category=batik&page=2").content.decode()

    assert "Kendang Jawa" not in first + second
    assert first.count('class="card"') == 24
    assert second.count('class="card"') == 6
    assert "Halaman 1 dari 2" in first
    assert 'href="?category=batik&amp;page=2"' in first
    # The gallery is fixed by the page: no gallery field in its filter form.
    assert 'name="gallery"' not in first


def test_gallery_products_filter_by_registered_brand(client, galleries):
    mpp = galleries[0]
    branded = BrandCertificateFactory().ikm
    DisplayFactory(gallery=mpp, product=ProductFactory(name="Bermerek", ikm=branded))
    DisplayFactory(gallery=mpp, product=ProductFactory(name="Tanpa Merek"))

    html = client.get("/galeri/mpp/?brand=on").content.decode()

    assert "Bermerek" in html
    assert "Tanpa Merek" not in html


@pytest.mark.parametrize(
    "query",
    ["price_min=abc", "page=abc", "page=999", "category=tidak-ada", "sort=bogus", "q=" + "x" * 500],
)
def test_bad_filter_parameters_never_fail(client, galleries, query):
    DisplayFactory(gallery=galleries[0])

    response = client.get(f"/galeri/mpp/?{query}")

    assert response.status_code == 200


def test_bad_filter_value_is_explained(client, galleries):
    html = client.get("/galeri/mpp/?price_min=abc").content.decode()

    assert 'class="field-error"' in html


def test_gallery_page_query_count_is_constant(client, galleries, django_assert_max_num_queries):
    mpp = galleries[0]
    for _n in range(30):
        DisplayFactory(gallery=mpp)
    ClosureFactory(gallery=mpp)

    with django_assert_max_num_queries(12):
        response = client.get("/galeri/mpp/")

    assert response.status_code == 200
    assert Product.objects.published().filter(displays__gallery=mpp).count() == 30


@time_machine.travel(FRIDAY_BREAK, tick=False)
def test_geojson_feature_collection(client, galleries):
    mpp = galleries[0]
    ClosureFactory(gallery=mpp, start_date=datetime.date(2026, 3, 30), reason_ind="Cuti")

    response = client.get("/galeri.geojson")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    by_code = {f["properties"]["code"]: f for f in data["features"]}
    assert set(by_code) == {"MPP", "PPST"}
    mpp_feature = by_code["MPP"]
    assert mpp_feature["type"] == "Feature"
    # RFC 7946: longitude first. Mojokerto is at about 112° E, 7.5° S.
    lon, lat = mpp_feature["geometry"]["coordinates"]
    assert (lon, lat) == (112.4341, -7.4726)
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    properties = mpp_feature["properties"]
    assert properties["name"] == "Galeri Dekranasda MPP"
    assert properties["address"] == "Jl. Raya Jabon No. 1"
    assert properties["opening_hours"] == (
        "Mo-Th 08:00-15:00; Fr 08:00-11:00,13:00-15:00; Sa 08:00-12:00"
    )
    assert properties["open_now"] is False
    assert properties["status"] == "Tutup, buka pukul 13.00"
    assert properties["closures"][0]["start_date"] == "2026-03-30"
    assert properties["whatsapp"] == "+6281234567001"
    assert properties["contact_person"] == "Ibu Rina"
    assert properties["url"] == "http://testserver/galeri/mpp/"


def test_geojson_gallery_without_coordinates_has_null_geometry(client, galleries):
    GalleryFactory(slug="tanpa-peta", code="TP", latitude=None, longitude=None)

    data = json.loads(client.get("/galeri.geojson").content)

    feature = next(f for f in data["features"] if f["id"] == "tanpa-peta")
    assert feature["geometry"] is None


def test_csv_lists_active_galleries(client, galleries, django_assert_max_num_queries):
    GalleryFactory(slug="rumus", code="RUMUS", name="=HYPERLINK(1)", ordering=2)

    with django_assert_max_num_queries(4):
        response = client.get("/galeri.csv")

    assert response["Content-Type"].startswith("text/csv")
    assert "galeri.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["code"] for row in rows] == ["MPP", "PPST", "RUMUS"]
    assert rows[0]["latitude"] == "-7.472600"
    assert rows[0]["longitude"] == "112.434100"
    assert rows[0]["phone"] == "+62321123456"
    assert rows[0]["url"] == "http://testserver/galeri/mpp/"
    assert rows[1]["opening_hours"] == ""
    # A spreadsheet must not run a gallery name as a formula.
    assert rows[2]["name"] == "'=HYPERLINK(1)"


def test_every_gallery_url_is_named():
    assert reverse("galleries:gallery-list") == "/galeri/"
    assert reverse("galleries:gallery-geojson") == "/galeri.geojson"
    assert reverse("galleries:gallery-csv") == "/galeri.csv"


def test_maker_filter_offers_only_ikm_on_these_shelves(client, galleries):
    mpp, ppst, _closed = galleries
    here = DisplayFactory(gallery=mpp, product=ProductFactory(ikm=IKMFactory(name="Batik Sini")))
    DisplayFactory(gallery=ppst, product=ProductFactory(ikm=IKMFactory(name="Sepatu Sana")))

    html = client.get("/galeri/mpp/").content.decode()
    filtered = client.get(f"/galeri/mpp/?ikm={here.product.ikm.slug}").content.decode()

    assert '<option value="' + here.product.ikm.slug + '">Batik Sini</option>' in html
    assert "Sepatu Sana" not in html
    assert here.product.name in filtered


def test_gallery_photo_is_shown_as_responsive_picture(client, jpeg_upload):
    GalleryFactory(slug="berfoto", name="Galeri Berfoto", photo=jpeg_upload(size=(1200, 800)))

    html = client.get("/galeri/berfoto/").content.decode()

    assert "<picture>" in html
    assert 'alt="Foto Galeri Berfoto"' in html
    assert "-640.webp 640w" in html
    assert json_ld(html)["image"].startswith("http://testserver/media/galleries/")
