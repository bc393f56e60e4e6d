"""Nothing unpublished is reachable, and no query parameter breaks a page or reveals anything.

Drafts, submissions, rejected and archived products, and every product of an IKM
that is not public, stay out of every page, list, search, sitemap, API answer,
CSV file and QR redirect.
"""

import pytest
from django.conf import settings

from catalogue.models import Product
from catalogue.tests.factories import (
    CategoryFactory,
    IKMFactory,
    KecamatanFactory,
    ProductFactory,
    SentraFactory,
)
from galleries.models import Display
from galleries.tests.factories import GalleryFactory

Status = Product.Status
HIDDEN_STATUSES = [Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.ARCHIVED]


@pytest.fixture
def catalogue(db):
    kecamatan = KecamatanFactory(slug="trowulan")
    sentra = SentraFactory(slug="sentra-sepatu", kecamatan=kecamatan)
    category = CategoryFactory(slug="alas-kaki")
    ikm = IKMFactory(slug="sepatu-wilwatikta", kecamatan=kecamatan, sentra=sentra)
    hidden_ikm = IKMFactory(
        name="Perajin Tersembunyi",
        slug="perajin-tersembunyi",
        kecamatan=kecamatan,
        sentra=sentra,
        is_public=False,
    )
    gallery = GalleryFactory(slug="mpp")
    published = ProductFactory(
        ikm=ikm, category=category, name="Sepatu Terbit", slug="sepatu-terbit"
    )
    hidden = [
        ProductFactory(
            ikm=ikm,
            category=category,
            status=status,
            name=f"Sepatu Rahasia {status}",
            slug=f"sepatu-rahasia-{status}",
        )
        for status in HIDDEN_STATUSES
    ]
    hidden.append(
        ProductFactory(
            ikm=hidden_ikm,
            category=category,
            name="Sepatu Rahasia IKM",
            slug="sepatu-rahasia-ikm",
        )
    )
    for product in [published, *hidden]:
        Display.objects.create(gallery=gallery, product=product)
    return {
        "published": published,
        "hidden": hidden,
        "ikm": ikm,
        "hidden_ikm": hidden_ikm,
        "gallery": gallery,
        "category": category,
        "sentra": sentra,
    }


def assert_only_published(text, catalogue, where=""):
    assert catalogue["published"].slug in text, where
    for product in catalogue["hidden"]:
        assert product.slug not in text, (where, product.status)
        assert str(product.name) not in text, (where, product.status)
        assert product.code not in text, (where, product.status)
    assert catalogue["hidden_ikm"].slug not in text, where
    assert "Perajin Tersembunyi" not in text, where


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_unpublished_product_and_hidden_ikm_pages_are_not_found(client, catalogue, prefix):
    for product in catalogue["hidden"]:
        assert client.get(prefix + product.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/products/{product.slug}").status_code == 404
        assert client.get(f"/qr/{product.code}/").status_code == 404
        assert client.get(f"/qr/{product.code.lower()}/").status_code == 404
    assert client.get(prefix + catalogue["hidden_ikm"].get_absolute_url()).status_code == 404
    assert client.get("/api/v1/ikm/perajin-tersembunyi").status_code == 404
    # The published product is there, so the addresses above are the right ones.
    published = catalogue["published"]
    assert client.get(prefix + published.get_absolute_url()).status_code == 200
    assert client.get(f"/api/v1/products/{published.slug}").status_code == 200
    assert client.get(f"/qr/{published.code}/").status_code == 302


def test_lists_and_searches_show_only_published_products(client, catalogue):
    pages = [
        "/",
        "/produk/",
        "/produk/?q=sepatu",
        "/produk/?category=alas-kaki&sort=-newest",
        "/produk/?gallery=mpp",
        "/produk/?kecamatan=trowulan&sentra=sentra-sepatu",
        "/en/produk/?q=sepatu",
        "/ikm/",
        catalogue["ikm"].get_absolute_url(),
        catalogue["category"].get_absolute_url(),
        catalogue["sentra"].get_absolute_url(),
        catalogue["gallery"].get_absolute_url(),
        catalogue["gallery"].get_absolute_url() + "?q=sepatu",
        "/sitemap.xml",
        "/api/v1/products",
        "/api/v1/products?q=sepatu",
        "/api/v1/products?gallery=mpp&page_size=100",
        "/api/v1/ikm",
        "/produk.csv",
        "/produk.csv?q=sepatu",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = body(response)
        if path in ("/ikm/", "/api/v1/ikm"):
            assert "perajin-tersembunyi" not in text, path
            continue
        assert_only_published(text, catalogue, path)


def test_counts_include_only_published_products(client, catalogue):
    assert client.get("/api/v1/products").json()["count"] == 1
    assert client.get("/api/v1/categories/alas-kaki").json()["product_count"] == 1
    assert client.get("/api/v1/galleries/mpp").json()["product_count"] == 1
    sentra = client.get("/api/v1/sentra/sentra-sepatu").json()
    assert (sentra["product_count"], sentra["ikm_count"]) == (1, 1)
    assert client.get("/produk/").context["paginator"].count == 1
    assert client.get("/produk/", {"q": "rahasia"}).context["paginator"].count == 0
    assert client.get("/api/v1/products", {"q": "rahasia"}).json()["count"] == 0


def test_hidden_ikm_cannot_be_used_as_a_filter(client, catalogue):
    response = client.get("/api/v1/products", {"ikm": "perajin-tersembunyi"})
    assert response.status_code == 400
    assert "Perajin Tersembunyi" not in response.text
    response = client.get("/produk/", {"ikm": "perajin-tersembunyi"})
    assert response.status_code == 200
    # The page's own links repeat what was asked; nothing else names the hidden IKM.
    assert_only_published(response.text.replace("ikm=perajin-tersembunyi", ""), catalogue)


# Hostile query parameters: a clear answer, never a server error ---------------------------

SECRET_PROBE = "{{ settings.SECRET_KEY }}"
HOSTILE_PARAMS = [
    {"q": "' OR 1=1 --"},
    {"q": "'; DROP TABLE catalogue_product; --"},
    {"q": '" OR ""="'},
    {"q": SECRET_PROBE},
    {"q": "{% debug %}"},
    {"q": "<script>alert(1)</script>"},
    {"q": "%"},
    {"q": "_"},
    {"q": "\\"},
    {"q": "a\x00b"},
    {"q": "x" * 5000},
    {"q": "sepatu & | ! ( ) : * <->"},
    {"category": "\x00"},
    {"ikm": "\x00", "sentra": "\x00", "kecamatan": "\x00", "gallery": "\x00"},
    {"category": "' OR 1=1 --"},
    {"ikm": "../../etc/passwd"},
    {"gallery": "mpp' OR '1'='1"},
    {"material": "\x00"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "99999999999999999999999999"},
    {"page": "1e9"},
    {"page": "last"},
    {"page": "\x00"},
    {"page_size": "100000"},
    {"page_size": "-5"},
    {"sort": "price; DROP TABLE catalogue_product"},
    {"sort": "-ikm__owner_name"},
    {"sort": "status"},
    {"ordering": "-ikm__nib"},
    {"price_min": "1 OR 1=1"},
    {"price_max": "-1"},
    {"price_min": "1e400"},
    {"brand": "maybe"},
    {"lang": "\x00"},
    {"lang": "../en"},
]
PATHS = [
    "/produk/",
    "/en/produk/",
    "/ikm/",
    "/galeri/mpp/",
    "/cari/",
    "/api/v1/products",
    "/api/v1/ikm",
    "/api/v1/galleries",
    "/produk.csv",
    "/sitemap.xml",
]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("params", HOSTILE_PARAMS, ids=repr)
def test_hostile_query_parameters_are_harmless(client, catalogue, params):
    for path in PATHS:
        response = client.get(path, params)
        assert response.status_code in (200, 301, 400), (path, response.status_code)
        text = body(response)
        assert settings.SECRET_KEY not in text, path
        if response.status_code == 200 and path != "/sitemap.xml":
            assert "Sepatu Rahasia" not in text, path
            assert "<script>alert(1)</script>" not in text, path


def test_injected_search_finds_nothing_and_shows_the_text_as_typed(client, catalogue):
    # The quote and comment marks are plain text: the search is the one for its words.
    injected = client.get("/produk/", {"q": "' OR 1=1 --"}).context["paginator"]
    words = client.get("/produk/", {"q": "OR 1 1"}).context["paginator"]
    assert [p.pk for p in injected.object_list] == [p.pk for p in words.object_list]
    assert injected.count < Product.objects.count()
    response = client.get("/produk/", {"q": SECRET_PROBE})
    assert response.status_code == 200
    assert "{{ settings.SECRET_KEY }}" in response.text
    api = client.get("/api/v1/products", {"q": "' OR 1=1 --"}).json()
    assert api["count"] == injected.count


@pytest.mark.parametrize(
    "path",
    [
        "/qr/%00/",
        "/qr/'%20OR%201=1%20--/",
        "/qr/" + "A" * 5000 + "/",
        "/produk/%00/",
        "/produk/%7B%7B%20settings.SECRET_KEY%20%7D%7D/",
        "/ikm/'%20OR%20'1'='1/",
        "/galeri/%00/",
        "/api/v1/products/%00",
        "/api/v1/products/'%20OR%201=1",
        "/api/v1/ikm/" + "a" * 5000,
        "/kategori/..%2F..%2Fetc%2Fpasswd/",
        "/sitemap.xml?p=%00",
        "/sitemap.xml?p=-1",
        "/sitemap.xml?p=99999999999999999999",
    ],
)
def test_hostile_paths_are_not_found(client, catalogue, path):
    response = client.get(path)
    assert response.status_code == 404, response.status_code
    assert settings.SECRET_KEY not in body(response)


def test_too_long_searches_and_pages_are_refused_clearly(client, catalogue):
    response = client.get("/api/v1/products", {"q": "x" * 101})
    assert response.status_code == 400
    assert "q" in response.json()["errors"]
    response = client.get("/api/v1/products", {"page_size": "101"})
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]
    response = client.get("/produk.csv", {"q": "x" * 101})
    assert response.status_code == 400
    # The catalogue page says why it ignored the search, and searches nothing.
    response = client.get("/produk/", {"q": "x" * 101})
    assert response.status_code == 200
    assert response.context["filter_errors"]
    assert response.context["query"] == ""
