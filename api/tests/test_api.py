import datetime

import pytest
from django.utils import timezone

from catalogue.models import IKM, Product, ProductImage
from catalogue.tests.factories import (
    BrandCertificateFactory,
    CategoryFactory,
    IKMFactory,
    KecamatanFactory,
    ProductFactory,
    SentraFactory,
)
from galleries.models import Closure, Display, Gallery, OpeningHours

pytestmark = pytest.mark.django_db

HIDDEN_STATUSES = [
    Product.Status.DRAFT,
    Product.Status.SUBMITTED,
    Product.Status.REJECTED,
    Product.Status.ARCHIVED,
]


def make_gallery(**kwargs):
    n = Gallery.objects.count() + 1
    defaults = {
        "name": f"Galeri Dekranasda {n}",
        "slug": f"galeri-{n}",
        "code": f"G{n}",
        "address": "Jl. Raya Trowulan",
        "kecamatan": KecamatanFactory(name="Trowulan"),
        "latitude": "-7.548210",
        "longitude": "112.383570",
        "contact_person": "Ibu Sri",
    }
    defaults.update(kwargs)
    return Gallery.objects.create(**defaults)


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def hidden_products():
    """One product in each unpublished state, plus an approved one of a hidden IKM."""
    products = [
        ProductFactory(status=status, slug=f"tersembunyi-{status}") for status in HIDDEN_STATUSES
    ]
    hidden_ikm = IKMFactory(is_public=False, slug="ikm-tersembunyi")
    products.append(ProductFactory(ikm=hidden_ikm, slug="produk-ikm-tersembunyi"))
    return products


# Products


def test_product_list_shows_published_products_with_links_prices_and_images(client, jpeg_upload):
    product = ProductFactory(name="Tas Anyaman Pandan", price=150000, price_max=250000)
    ProductImage.objects.create(product=product, image=jpeg_upload(size=(800, 600)), alt_text="Tas")

    response = client.get("/api/v1/products")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["name"] == "Tas Anyaman Pandan"
    assert item["url"] == f"http://testserver/produk/{product.slug}/"
    assert item["price"] == 150000
    assert item["price_max"] == 250000
    assert item["currency"] == "IDR"
    assert item["ikm"]["url"] == f"http://testserver/ikm/{product.ikm.slug}/"
    assert item["category"]["slug"] == product.category.slug
    assert item["kecamatan"]["name"] == product.ikm.kecamatan.name
    image = item["image"]
    assert image["alt"] == "Tas"
    assert [r["width"] for r in image["renditions"]] == [320, 640, 800]
    assert image["renditions"][1]["webp"].startswith("http://testserver/media/renditions/")
    assert image["renditions"][1]["webp"].endswith("-640.webp")
    assert image["thumbnail"].endswith("-320.jpg")


def test_product_detail_shows_description_images_and_active_galleries(client):
    product = ProductFactory(description="Tas dari pandan.", dimensions="30 × 20 cm")
    shown = make_gallery(name="Galeri PPST")
    closed = make_gallery(name="Galeri Lama", is_active=False)
    Display.objects.create(gallery=shown, product=product)
    Display.objects.create(gallery=closed, product=product)

    body = client.get(f"/api/v1/products/{product.slug}").json()

    assert body["description"] == "Tas dari pandan."
    assert body["dimensions"] == "30 × 20 cm"
    assert body["images"] == []
    assert [g["name"] for g in body["galleries"]] == ["Galeri PPST"]


def test_unknown_product_is_a_json_404(client):
    response = client.get("/api/v1/products/tidak-ada")
    assert response.status_code == 404
    assert response.json() == {"detail": "Tidak ditemukan."}


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/tidak-ada")
    assert response.status_code == 404
    assert response.json()["detail"] == "Tidak ditemukan."


# Nothing unpublished leaks


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=Produk",
        "?q=IKM+Contoh",
        "?material=kulit",
        "?price_min=0",
        "?sort=-price",
        "?sort=name",
        "?export=false",
        "?brand=false",
    ],
)
def test_no_unpublished_product_in_any_list(client, hidden_products, query):
    published = ProductFactory()
    assert slugs(client.get("/api/v1/products" + query)) == [published.slug]


def test_no_unpublished_product_through_its_category_sentra_kecamatan_or_gallery(
    client, hidden_products
):
    gallery = make_gallery()
    for product in hidden_products:
        Display.objects.create(gallery=gallery, product=product)
    for product in hidden_products:
        for query in (
            f"category={product.category.slug}",
            f"kecamatan={product.ikm.kecamatan.slug}",
            f"gallery={gallery.slug}",
        ):
            assert slugs(client.get(f"/api/v1/products?{query}")) == []


def test_products_of_a_hidden_ikm_cannot_be_asked_for_by_ikm(client, hidden_products):
    response = client.get("/api/v1/products?ikm=ikm-tersembunyi")
    assert response.status_code == 400
    assert "ikm" in response.json()["errors"]


@pytest.mark.parametrize("index", range(len(HIDDEN_STATUSES) + 1))
def test_no_unpublished_product_detail(client, hidden_products, index):
    response = client.get(f"/api/v1/products/{hidden_products[index].slug}")
    assert response.status_code == 404


def test_counts_ignore_unpublished_products_and_hidden_ikm(client, hidden_products):
    category = CategoryFactory(name="Batik", slug="batik")
    sentra = SentraFactory()
    ikm = IKMFactory(sentra=sentra, kecamatan=sentra.kecamatan)
    ProductFactory(category=category, ikm=ikm)
    ProductFactory(category=category, ikm=ikm, status=Product.Status.DRAFT)
    ProductFactory(category=category, ikm=IKMFactory(is_public=False, sentra=sentra))
    gallery = make_gallery()
    for product in Product.objects.all():
        Display.objects.create(gallery=gallery, product=product)

    assert client.get("/api/v1/categories/batik").json()["product_count"] == 1
    assert client.get(f"/api/v1/galleries/{gallery.slug}").json()["product_count"] == 1
    assert client.get(f"/api/v1/ikm/{ikm.slug}").json()["product_count"] == 1
    sentra_body = client.get(f"/api/v1/sentra/{sentra.slug}").json()
    assert (sentra_body["ikm_count"], sentra_body["product_count"]) == (1, 1)
    kecamatan_body = client.get(f"/api/v1/kecamatan/{sentra.kecamatan.slug}").json()
    assert (kecamatan_body["ikm_count"], kecamatan_body["product_count"]) == (1, 1)


def test_hidden_ikm_is_neither_listed_nor_shown(client):
    shown = IKMFactory()
    hidden = IKMFactory(is_public=False)
    assert slugs(client.get("/api/v1/ikm")) == [shown.slug]
    assert slugs(client.get(f"/api/v1/ikm?kecamatan={hidden.kecamatan.slug}")) == []
    assert client.get(f"/api/v1/ikm/{hidden.slug}").status_code == 404


def test_ikm_shows_business_contact_but_no_personal_or_administrative_data(client):
    ikm = IKMFactory(
        owner_name="Siti Aminah",
        nib="1234567890123",
        address="Jl. Melati 7 RT 02 RW 03",
        desa="Bejijong",
        whatsapp="0812-3456-7890",
        instagram="kuningan.bejijong",
        story="Kerajinan kuningan sejak 1990.",
    )
    BrandCertificateFactory(ikm=ikm, mark_name="BEJIJONG", registration_number="IDM000123456")
    BrandCertificateFactory(
        ikm=ikm, mark_name="DIAJUKAN", status="in_application", registration_number=""
    )

    response = client.get(f"/api/v1/ikm/{ikm.slug}")

    text = response.content.decode()
    for private in ("Siti Aminah", "1234567890123", "Jl. Melati", "owner", "nib", "address"):
        assert private not in text
    body = response.json()
    assert body["desa"] == "Bejijong"
    assert body["story"] == "Kerajinan kuningan sejak 1990."
    assert body["contact"]["whatsapp"] == "+6281234567890"
    assert body["contact"]["whatsapp_url"] == "https://wa.me/6281234567890"
    assert body["contact"]["instagram"] == "kuningan.bejijong"
    assert body["has_registered_brand"] is True
    assert [c["mark_name"] for c in body["certificates"]] == ["BEJIJONG"]
    assert body["certificates"][0]["registration_number"] == "IDM000123456"
    list_text = client.get("/api/v1/ikm").content.decode()
    assert "Siti Aminah" not in list_text
    assert "1234567890123" not in list_text


def test_inactive_gallery_is_neither_listed_nor_shown(client):
    active = make_gallery()
    inactive = make_gallery(is_active=False)
    assert slugs(client.get("/api/v1/galleries")) == [active.slug]
    assert client.get(f"/api/v1/galleries/{inactive.slug}").status_code == 404


def test_gallery_shows_hours_and_upcoming_closures(client):
    gallery = make_gallery(name="Galeri MPP", phone="0321-123456")
    OpeningHours.objects.create(
        gallery=gallery, weekday=0, opens=datetime.time(8), closes=datetime.time(12)
    )
    OpeningHours.objects.create(
        gallery=gallery, weekday=0, opens=datetime.time(13), closes=datetime.time(15, 30)
    )
    today = timezone.localdate()
    Closure.objects.create(
        gallery=gallery,
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=29),
        reason="Lampau",
    )
    Closure.objects.create(
        gallery=gallery,
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=5),
        reason="Idulfitri",
    )

    body = client.get(f"/api/v1/galleries/{gallery.slug}").json()

    assert body["hours"] == [
        {"weekday": 0, "day": "Senin", "opens": "08:00", "closes": "12:00"},
        {"weekday": 0, "day": "Senin", "opens": "13:00", "closes": "15:30"},
    ]
    assert [c["reason"] for c in body["closures"]] == ["Idulfitri"]
    assert body["latitude"] == pytest.approx(-7.54821)
    assert body["longitude"] == pytest.approx(112.38357)
    assert body["phone"] == "+62321123456"
    assert body["url"] == f"http://testserver/galeri/{gallery.slug}/"


# Pagination


def test_pages_follow_a_stable_order_without_overlap(client):
    # Equal prices and publication times: only the primary key tells them apart.
    moment = timezone.now()
    for n in range(7):
        ProductFactory(price=100000, published_at=moment, slug=f"sama-{n}")
    seen = []
    url = "/api/v1/products?sort=price&page_size=3"
    while url:
        body = client.get(url).json()
        seen += [item["slug"] for item in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(f"sama-{n}" for n in range(7))
    assert len(seen) == len(set(seen)) == 7
    again = slugs(client.get("/api/v1/products?sort=price&page_size=3&page=2"))
    assert again == seen[3:6]


def test_page_links_and_counts(client):
    for _ in range(5):
        ProductFactory()
    body = client.get("/api/v1/products?page_size=2&page=2&category=").json()
    assert (body["count"], body["page"], body["num_pages"]) == (5, 2, 3)
    assert body["next"] == "http://testserver/api/v1/products?page_size=2&page=3&category="
    assert body["previous"] == "http://testserver/api/v1/products?page_size=2&page=1&category="


def test_page_past_the_last_is_empty(client, django_assert_max_num_queries):
    ProductFactory()
    with django_assert_max_num_queries(1):
        body = client.get("/api/v1/products?page=99").json()
    assert body["results"] == []
    assert body["count"] == 1
    assert body["next"] is None
    assert body["previous"].endswith("page=1")


def test_default_and_largest_page_size(client):
    for _ in range(3):
        CategoryFactory()
    assert client.get("/api/v1/categories").json()["page_size"] == 24
    assert client.get("/api/v1/categories?page_size=100").status_code == 200


# Filters


@pytest.fixture
def two_products():
    """A cheap batik shawl and a dear brass piece of a branded IKM on show in a gallery."""
    batik = CategoryFactory(name="Batik", slug="batik")
    trowulan = KecamatanFactory(name="Trowulan")
    sentra = SentraFactory(slug="sentra-kuningan", kecamatan=trowulan)
    maker = IKMFactory(slug="kuningan-bejijong", kecamatan=trowulan, sentra=sentra)
    BrandCertificateFactory(ikm=maker)
    ProductFactory(
        category=batik, name="Selendang Sutra", price=90000, materials="sutra", slug="murah"
    )
    dear = ProductFactory(
        ikm=maker, price=900000, is_export_ready=True, materials="kuningan", slug="mahal"
    )
    Display.objects.create(gallery=make_gallery(slug="galeri-mpp"), product=dear)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=selendang", {"murah"}),
        ("q=sutra+selendang", {"murah"}),
        ("q=batik", {"murah"}),
        # Spelling slips are corrected to the catalogue's words.
        ("q=selendng+sutera", {"murah"}),
        ("q=", {"murah", "mahal"}),
        ("category=batik", {"murah"}),
        ("kecamatan=trowulan", {"mahal"}),
        ("sentra=sentra-kuningan", {"mahal"}),
        ("ikm=kuningan-bejijong", {"mahal"}),
        ("material=KUNINGAN", {"mahal"}),
        ("price_min=100000", {"mahal"}),
        ("price_max=100000", {"murah"}),
        ("price_min=50000&price_max=1000000", {"murah", "mahal"}),
        ("brand=true", {"mahal"}),
        ("brand=false", {"murah", "mahal"}),
        ("export=true", {"mahal"}),
        ("export=1", {"mahal"}),
        ("gallery=galeri-mpp", {"mahal"}),
        ("gallery=galeri-lain", set()),
    ],
)
def test_product_filters(client, two_products, query, expected):
    assert set(slugs(client.get(f"/api/v1/products?{query}"))) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("price", ["murah", "mahal"]), ("-price", ["mahal", "murah"]), ("name", ["mahal", "murah"])],
)
def test_product_sort(client, two_products, sort, expected):
    assert slugs(client.get(f"/api/v1/products?sort={sort}")) == expected


def test_every_catalogue_filter_is_an_api_parameter(client):
    from catalogue.filters import IKMFilter, ProductFilter

    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, filterset in (("/api/v1/products", ProductFilter), ("/api/v1/ikm", IKMFilter)):
        names = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert set(filterset.base_filters) | {"page", "page_size", "lang"} == names


def test_ikm_filters(client):
    anyaman = CategoryFactory(slug="anyaman")
    pacet = KecamatanFactory(name="Pacet")
    sentra = SentraFactory(slug="sentra-bambu", kecamatan=pacet)
    weaver = IKMFactory(kecamatan=pacet, sentra=sentra, slug="anyaman-welirang")
    weaver.categories.add(anyaman)
    other = IKMFactory(slug="lainnya")
    BrandCertificateFactory(ikm=other)
    assert slugs(client.get("/api/v1/ikm?category=anyaman")) == [weaver.slug]
    assert slugs(client.get("/api/v1/ikm?kecamatan=pacet")) == [weaver.slug]
    assert slugs(client.get("/api/v1/ikm?sentra=sentra-bambu")) == [weaver.slug]
    assert slugs(client.get("/api/v1/ikm?brand=true")) == [other.slug]
    assert slugs(client.get("/api/v1/ikm?brand=false")) == [weaver.slug, other.slug]


# Bad parameters


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("price_min=abc", "price_min"),
        ("price_max=-5", "price_max"),
        ("category=nope", "category"),
        ("category=bukan%20slug", "category"),
        ("kecamatan=tidak-ada", "kecamatan"),
        ("sentra=tidak-ada", "sentra"),
        ("ikm=tidak-ada", "ikm"),
        ("q=" + "a" * 101, "q"),
        ("q=tas%00", "q"),
        ("material=" + "b" * 61, "material"),
        ("gallery=" + "c" * 151, "gallery"),
        ("brand=mungkin", "brand"),
        ("sort=harga", "sort"),
        ("page=0", "page"),
        ("page=satu", "page"),
        ("page_size=0", "page_size"),
        ("page_size=1000", "page_size"),
        ("lang=fr", "lang"),
    ],
)
def test_bad_product_parameters_are_a_400_naming_the_field(client, query, field):
    ProductFactory()
    response = client.get(f"/api/v1/products?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Parameter tidak valid."
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/ikm?category=nope",
        "/api/v1/ikm?kecamatan=%00",
        "/api/v1/ikm?brand=x",
        "/api/v1/galleries?page=0",
        "/api/v1/categories?page_size=101",
        "/api/v1/sentra?page=-1",
        "/api/v1/kecamatan?page_size=x",
        "/api/v1/products/produk?lang=xx",
    ],
)
def test_bad_parameters_on_other_endpoints_are_a_400(client, url):
    ProductFactory(slug="produk")
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_query_exactly_at_the_length_cap_is_accepted(client):
    assert client.get("/api/v1/products?q=" + "a" * 100).status_code == 200


# Language, CORS, query counts


def test_lang_en_gives_english_texts_and_page_addresses(client):
    product = ProductFactory(name_ind="Tas Pandan", name_en="Pandan bag", slug="tas-pandan")
    body = client.get("/api/v1/products?lang=en").json()
    assert body["results"][0]["name"] == "Pandan bag"
    assert body["results"][0]["url"] == "http://testserver/en/produk/tas-pandan/"
    response = client.get(f"/api/v1/products/{product.slug}?lang=en")
    assert response.json()["name"] == "Pandan bag"
    assert response["Content-Language"] == "en"
    assert client.get("/api/v1/products").json()["results"][0]["name"] == "Tas Pandan"


def test_api_is_open_to_every_origin_without_cookies(client):
    ProductFactory()
    response = client.get("/api/v1/products", HTTP_ORIGIN="https://mitra.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert not response.cookies
    assert client.get("/api/v1/products/nope")["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/products?page=0")["Access-Control-Allow-Origin"] == "*"


def test_preflight_request_is_answered(client):
    response = client.options(
        "/api/v1/products",
        HTTP_ORIGIN="https://mitra.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept-language",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "Accept-Language" in response["Access-Control-Allow-Headers"]


def test_public_pages_get_no_cors_header(client):
    product = ProductFactory()
    assert "Access-Control-Allow-Origin" not in client.get(product.get_absolute_url())


def test_api_refuses_writes(client):
    assert client.post("/api/v1/products").status_code == 405


def populate(jpeg_upload, count):
    gallery = make_gallery()
    for _ in range(count):
        sentra = SentraFactory()
        ikm = IKMFactory(sentra=sentra, kecamatan=sentra.kecamatan)
        ikm.categories.add(CategoryFactory())
        BrandCertificateFactory(ikm=ikm)
        product = ProductFactory(ikm=ikm)
        ProductImage.objects.create(
            product=product, image=jpeg_upload(size=(400, 300)), alt_text="x"
        )
        Display.objects.create(gallery=gallery, product=product)
    for weekday in range(7):
        OpeningHours.objects.create(
            gallery=gallery, weekday=weekday, opens=datetime.time(9), closes=datetime.time(17)
        )
    Closure.objects.create(
        gallery=gallery, start_date=timezone.localdate(), end_date=timezone.localdate()
    )


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/products", 3),
        # A search first reads which products its words match, and after each change
        # to the catalogue the vocabulary that corrects its words (5 queries).
        ("/api/v1/products?brand=true&sort=price&q=produk", 9),
        ("/api/v1/products/{product}", 3),
        ("/api/v1/ikm", 3),
        ("/api/v1/ikm/{ikm}", 3),
        ("/api/v1/galleries", 4),
        ("/api/v1/categories", 2),
        ("/api/v1/sentra", 2),
        ("/api/v1/kecamatan", 2),
    ],
)
def test_query_count_does_not_grow_with_the_data(
    client, jpeg_upload, django_assert_max_num_queries, url, queries
):
    for count in (1, 4):
        populate(jpeg_upload, count)
        product = Product.objects.first()
        ikm = IKM.objects.first()
        with django_assert_max_num_queries(queries):
            response = client.get(url.format(product=product.slug, ikm=ikm.slug))
        assert response.status_code == 200
