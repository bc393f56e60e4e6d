import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from catalogue.models import Product, ProductImage
from catalogue.tests.factories import (
    BrandCertificateFactory,
    CategoryFactory,
    IKMFactory,
    KecamatanFactory,
    ProductFactory,
    SentraFactory,
)
from galleries.models import Display, Gallery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian():
    """Create test data in the source language, whatever a previous request activated."""
    with translation.override("id"):
        yield


def jsonld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, flags=re.S
        )
    ]


def add_photo(product, jpeg_upload, alt="Foto produk"):
    return ProductImage.objects.create(product=product, image=jpeg_upload(), alt_text=alt)


@pytest.fixture
def catalogue(jpeg_upload):
    """A small catalogue: two categories, two kecamatan, brand and export variety."""
    trowulan = KecamatanFactory(name="Trowulan", slug="trowulan")
    sooko = KecamatanFactory(name="Sooko", slug="sooko")
    batik = CategoryFactory(name="Batik", slug="batik", name_en="Batik cloth")
    sepatu = CategoryFactory(name="Alas Kaki", slug="alas-kaki", name_en="Footwear")
    sentra = SentraFactory(name="Sentra Sepatu Trowulan", slug="sentra-sepatu", kecamatan=trowulan)
    shoemaker = IKMFactory(
        name="Sepatu Wilwatikta", slug="sepatu-wilwatikta", kecamatan=trowulan, sentra=sentra
    )
    batik_house = IKMFactory(name="Batik Surya", slug="batik-surya", kecamatan=sooko)
    BrandCertificateFactory(
        ikm=shoemaker, mark_name="WILWATIKTA", registration_number="IDM000111222"
    )
    products = {
        "pantofel": ProductFactory(
            ikm=shoemaker,
            category=sepatu,
            name="Sepatu Pantofel Kulit",
            slug="sepatu-pantofel",
            materials="kulit sapi",
            price=385000,
            is_export_ready=True,
        ),
        "sandal": ProductFactory(
            ikm=shoemaker,
            category=sepatu,
            name="Sandal Selop",
            slug="sandal-selop",
            materials="kulit domba",
            price=120000,
        ),
        "tulis": ProductFactory(
            ikm=batik_house,
            category=batik,
            name="Batik Tulis Sogan",
            slug="batik-tulis-sogan",
            description="Kain batik tulis pewarna alam.",
            materials="katun primisima",
            price=850000,
            price_max=950000,
        ),
        "cap": ProductFactory(
            ikm=batik_house,
            category=batik,
            name="Batik Cap Gringsing",
            slug="batik-cap-gringsing",
            materials="katun",
            price=None,
        ),
    }
    add_photo(products["pantofel"], jpeg_upload, alt="Sepatu pantofel hitam")
    return {
        "products": products,
        "batik": batik,
        "sepatu": sepatu,
        "sentra": sentra,
        "shoemaker": shoemaker,
        "batik_house": batik_house,
        "trowulan": trowulan,
    }


def names_on(response):
    return [p.name for p in response.context["products"]]


# Home


def test_home_shows_council_featured_categories_galleries_and_newest(client, catalogue):
    pantofel = catalogue["products"]["pantofel"]
    pantofel.is_featured = True
    pantofel.save()
    gallery = Gallery.objects.create(
        name="Galeri Dekranasda PPST",
        slug="ppst",
        code="PPST",
        address="Jl. Raya Trowulan",
        kecamatan=catalogue["trowulan"],
    )
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dekranasda Kabupaten Mojokerto" in html
    assert list(response.context["featured"]) == [pantofel]
    assert 'href="/kategori/batik/"' in html
    assert "2 produk" in html  # batik has two published products
    assert gallery.get_absolute_url() in html
    assert "Jam buka belum diumumkan" in html  # its open-now state, with no hours yet
    assert 'href="/galeri/"' in html
    assert len(response.context["newest"]) == 4
    assert 'action="/produk/"' in html
    org = [b for b in jsonld_blocks(html) if b["@type"] == "Organization"]
    assert org[0]["name"] == "Dekranasda Kabupaten Mojokerto"


def test_home_hides_unpublished_products(client, catalogue):
    ProductFactory(name="Produk Draf Rahasia", status=Product.Status.DRAFT, is_featured=False)
    hidden_ikm = IKMFactory(is_public=False)
    ProductFactory(name="Produk IKM Tersembunyi", ikm=hidden_ikm)
    html = client.get("/").content.decode()
    assert "Produk Draf Rahasia" not in html
    assert "Produk IKM Tersembunyi" not in html


# Catalogue list, filters, facets


def test_catalogue_lists_published_products_only(client, catalogue):
    ProductFactory(name="Produk Ditolak", status=Product.Status.REJECTED)
    response = client.get("/produk/")
    assert response.status_code == 200
    assert sorted(names_on(response)) == sorted(p.name for p in catalogue["products"].values())
    assert "4 produk" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=batik", {"Batik Tulis Sogan", "Batik Cap Gringsing"}),
        ("kecamatan=trowulan", {"Sepatu Pantofel Kulit", "Sandal Selop"}),
        ("sentra=sentra-sepatu", {"Sepatu Pantofel Kulit", "Sandal Selop"}),
        ("ikm=batik-surya", {"Batik Tulis Sogan", "Batik Cap Gringsing"}),
        ("material=domba", {"Sandal Selop"}),
        ("price_min=300000", {"Sepatu Pantofel Kulit", "Batik Tulis Sogan"}),
        ("price_max=400000", {"Sepatu Pantofel Kulit", "Sandal Selop"}),
        ("price_min=100000&price_max=200000", {"Sandal Selop"}),
        ("brand=on", {"Sepatu Pantofel Kulit", "Sandal Selop"}),
        ("export=on", {"Sepatu Pantofel Kulit"}),
        ("category=alas-kaki&brand=on&export=on", {"Sepatu Pantofel Kulit"}),
        ("kecamatan=sooko&price_min=500000", {"Batik Tulis Sogan"}),
        ("category=batik&kecamatan=trowulan", set()),
    ],
)
def test_catalogue_filters_and_combinations(client, catalogue, query, expected):
    response = client.get(f"/produk/?{query}")
    assert response.status_code == 200
    assert set(names_on(response)) == expected


def test_catalogue_filters_by_gallery_on_display(client, catalogue):
    gallery = Gallery.objects.create(
        name="Galeri MPP",
        slug="mpp",
        code="MPP",
        address="Jl. Jabon",
        kecamatan=catalogue["trowulan"],
    )
    Display.objects.create(gallery=gallery, product=catalogue["products"]["tulis"])
    response = client.get("/produk/?gallery=mpp")
    assert names_on(response) == ["Batik Tulis Sogan"]
    html = response.content.decode()
    assert 'value="mpp" selected' in html
    assert "Dipajang di galeri: Galeri MPP" in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "price",
            ["Sandal Selop", "Sepatu Pantofel Kulit", "Batik Tulis Sogan", "Batik Cap Gringsing"],
        ),
        (
            "-price",
            ["Batik Tulis Sogan", "Sepatu Pantofel Kulit", "Sandal Selop", "Batik Cap Gringsing"],
        ),
        (
            "name",
            ["Batik Cap Gringsing", "Batik Tulis Sogan", "Sandal Selop", "Sepatu Pantofel Kulit"],
        ),
    ],
)
def test_catalogue_sorting_puts_products_without_price_last(client, catalogue, sort, expected):
    assert names_on(client.get(f"/produk/?sort={sort}")) == expected


def test_facet_counts_follow_the_other_filters(client, catalogue):
    response = client.get("/produk/?kecamatan=trowulan")
    facets = {facet.name: facet for facet in response.context["facets"]["choices"]}
    categories = {o.value: o.count for o in facets["category"].options}
    # Within Trowulan only footwear is made; batik is not offered as a dead end.
    assert categories == {"alas-kaki": 2}
    # The kecamatan facet ignores its own selection, so the alternative stays visible.
    kecamatan = {o.value: (o.count, o.selected) for o in facets["kecamatan"].options}
    assert kecamatan == {"trowulan": (2, True), "sooko": (2, False)}
    assert response.context["facets"]["brand"] == 2
    assert response.context["facets"]["export"] == 1
    html = response.content.decode()
    assert "Alas Kaki (2)" in html


def test_active_filters_are_removable_one_by_one(client, catalogue):
    response = client.get("/produk/?category=alas-kaki&brand=on&q=sepatu")
    active = response.context["active_filters"]
    labels = [str(label) for label, _value, _rest in active]
    assert labels == ["Cari", "Kategori", "Hanya merek terdaftar (HKI)"]
    removal = {str(label): parse_qs(rest) for label, _value, rest in active}
    assert removal["Kategori"] == {"brand": ["on"], "q": ["sepatu"]}
    assert removal["Cari"] == {"category": ["alas-kaki"], "brand": ["on"]}
    html = response.content.decode()
    assert 'href="?category=alas-kaki&amp;brand=on"' in html


def test_empty_result_says_so_and_offers_to_clear(client, catalogue):
    response = client.get("/produk/?category=batik&kecamatan=trowulan")
    html = response.content.decode()
    assert "Tidak ada produk yang cocok" in html
    assert "Hapus semua filter dan lihat seluruh produk" in html


@pytest.mark.parametrize(
    "query",
    [
        "price_min=abc",
        "price_max=-5",
        "page=99999",
        "page=abc",
        "page=-1",
        "category=nope",
        "kecamatan=%00",
        "ikm=" + "x" * 5000,
        "q=" + "batik " * 500,
        "material=" + "k" * 1000,
        "sort=password",
        "brand=maybe",
        "gallery=" + "g" * 400,
        "category=batik&category=nope",
        "q=%27%3B+DROP+TABLE",
        "q=!!!%3A*%26|",
    ],
)
def test_bad_filter_values_never_break_the_page(client, catalogue, query):
    response = client.get(f"/produk/?{query}")
    assert response.status_code == 200
    assert "produk" in response.content.decode()


def test_bad_value_is_ignored_and_reported_while_other_filters_apply(client, catalogue):
    response = client.get("/produk/?category=nope&kecamatan=sooko&price_min=abc")
    html = response.content.decode()
    assert set(names_on(response)) == {"Batik Tulis Sogan", "Batik Cap Gringsing"}
    assert "Sebagian filter tidak dapat dipakai" in html


def test_page_past_the_end_shows_the_last_page(client, catalogue):
    ProductFactory.create_batch(30)
    response = client.get("/produk/?page=99999")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(response.context["products"]) == 34 - 24


def test_pagination_keeps_the_filters(client, catalogue):
    category = catalogue["batik"]
    ProductFactory.create_batch(30, category=category)
    html = client.get("/produk/?category=batik").content.decode()
    assert 'href="?category=batik&amp;page=2"' in html


# Search


def test_search_finds_products_by_name_material_ikm_and_category(client, catalogue):
    assert set(names_on(client.get("/produk/?q=pantofel"))) == {"Sepatu Pantofel Kulit"}
    assert set(names_on(client.get("/produk/?q=primisima"))) == {"Batik Tulis Sogan"}
    assert set(names_on(client.get("/produk/?q=wilwatikta"))) == {
        "Sepatu Pantofel Kulit",
        "Sandal Selop",
    }
    assert set(names_on(client.get("/produk/?q=alas+kaki"))) == {
        "Sepatu Pantofel Kulit",
        "Sandal Selop",
    }


def test_search_ranks_name_matches_first(client, catalogue):
    ProductFactory(
        name="Tas Anyaman", slug="tas-anyaman", description="Cocok dipadukan dengan kain batik."
    )
    names = names_on(client.get("/produk/?q=batik"))
    assert names[-1] == "Tas Anyaman"
    assert set(names[:2]) == {"Batik Tulis Sogan", "Batik Cap Gringsing"}


def test_search_combines_with_filters(client, catalogue):
    assert names_on(client.get("/produk/?q=kulit&price_max=200000")) == ["Sandal Selop"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram search needs PostgreSQL")
def test_search_forgives_typos_on_postgresql(client, catalogue):
    assert set(names_on(client.get("/produk/?q=batk"))) == {
        "Batik Tulis Sogan",
        "Batik Cap Gringsing",
    }


def test_search_matches_word_prefixes(client, catalogue):
    assert "Sepatu Pantofel Kulit" in names_on(client.get("/produk/?q=pantof"))


def test_search_url_leads_to_the_catalogue(client, catalogue):
    response = client.get("/cari/?q=batik")
    assert response.status_code == 301
    assert response["Location"] == "/produk/?q=batik"


# Product page


def test_product_page_shows_facts_price_maker_and_contact(client, catalogue):
    product = catalogue["products"]["pantofel"]
    product.dimensions = "30 × 12 × 10 cm"
    product.lead_time_days = 14
    product.min_order = 2
    product.save()
    ikm = catalogue["shoemaker"]
    ikm.tokopedia_url = "https://www.tokopedia.com/wilwatikta"
    ikm.phone = "0321-123456"
    ikm.save()
    response = client.get(product.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rp\xa0385.000" in html
    assert "kulit sapi" in html
    assert "30 × 12 × 10 cm" in html
    assert "14 hari" in html
    assert "2 buah" in html
    assert "Merek terdaftar" in html
    assert "IDM000111222" in html
    assert 'href="tel:+62321123456"' in html
    assert 'href="https://www.tokopedia.com/wilwatikta"' in html
    assert 'alt="Sepatu pantofel hitam"' in html
    assert "srcset=" in html and "image/webp" in html


def test_product_page_whatsapp_link_names_the_product_and_its_url(client, catalogue):
    product = catalogue["products"]["pantofel"]
    response = client.get(product.get_absolute_url())
    link = re.search(r'href="(https://wa\.me/[^"]+)"', response.content.decode()).group(1)
    parts = urlsplit(link.replace("&amp;", "&"))
    assert parts.path == "/6281234567890"
    message = unquote(parse_qs(parts.query)["text"][0])
    assert "Sepatu Pantofel Kulit" in message
    assert "http://testserver/produk/sepatu-pantofel/" in message


def test_product_page_price_range_and_on_request(client, catalogue):
    html = client.get("/produk/batik-tulis-sogan/").content.decode()
    assert "Rp\xa0850.000 – Rp\xa0950.000" in html
    html = client.get("/produk/batik-cap-gringsing/").content.decode()
    assert "Harga sesuai pesanan" in html


def test_product_page_lists_galleries_displaying_it(client, catalogue):
    product = catalogue["products"]["tulis"]
    active = Gallery.objects.create(
        name="Galeri PPST",
        slug="ppst",
        code="PPST",
        address="Trowulan",
        kecamatan=catalogue["trowulan"],
    )
    closed = Gallery.objects.create(
        name="Galeri Lama",
        slug="lama",
        code="LAMA",
        address="Sooko",
        kecamatan=catalogue["trowulan"],
        is_active=False,
    )
    Display.objects.create(gallery=active, product=product)
    Display.objects.create(gallery=closed, product=product)
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Galeri PPST" in html
    assert "Jam buka belum diumumkan" in html
    assert "Galeri Lama" not in html
    assert "sedang tidak dipajang" not in html


def test_product_page_says_when_no_gallery_shows_it(client, catalogue):
    html = client.get(catalogue["products"]["cap"].get_absolute_url()).content.decode()
    assert "Produk ini sedang tidak dipajang di galeri" in html


def test_product_page_related_products_share_the_category(client, catalogue):
    response = client.get("/produk/sepatu-pantofel/")
    assert [p.name for p in response.context["related"]] == ["Sandal Selop"]


def test_product_jsonld_names_price_currency_brand_and_breadcrumbs(client, catalogue):
    html = client.get("/produk/sepatu-pantofel/").content.decode()
    blocks = {block["@type"]: block for block in jsonld_blocks(html)}
    product = blocks["Product"]
    assert product["name"] == "Sepatu Pantofel Kulit"
    assert product["offers"]["@type"] == "Offer"
    assert product["offers"]["price"] == 385000
    assert product["offers"]["priceCurrency"] == "IDR"
    assert product["brand"]["name"] == "WILWATIKTA"
    assert product["image"][0].startswith("http://testserver/media/renditions/")
    crumbs = [item["name"] for item in blocks["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Beranda", "Produk", "Alas Kaki", "Sepatu Pantofel Kulit"]


def test_product_jsonld_price_range_is_an_aggregate_offer(client, catalogue):
    html = client.get("/produk/batik-tulis-sogan/").content.decode()
    product = next(b for b in jsonld_blocks(html) if b["@type"] == "Product")
    assert product["offers"]["@type"] == "AggregateOffer"
    assert (product["offers"]["lowPrice"], product["offers"]["highPrice"]) == (850000, 950000)
    assert product["brand"]["name"] == "Batik Surya"  # no registered mark: the IKM's name


def test_jsonld_cannot_break_out_of_its_script(client, catalogue):
    product = catalogue["products"]["sandal"]
    product.description = "</script><script>alert(1)</script>"
    product.save()
    html = client.get(product.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    product_data = next(b for b in jsonld_blocks(html) if b["@type"] == "Product")
    assert product_data["description"] == "</script><script>alert(1)</script>"


def test_product_page_share_tags_use_the_product_photo(client, catalogue):
    html = client.get("/produk/sepatu-pantofel/").content.decode()
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/renditions/', html
    )
    assert '<meta property="og:type" content="product">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<link rel="canonical" href="http://testserver/produk/sepatu-pantofel/">' in html
    assert 'hreflang="en" href="http://testserver/en/produk/sepatu-pantofel/"' in html


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected", "archived"])
def test_unpublished_product_page_is_not_found(client, catalogue, status):
    product = ProductFactory(status=status)
    response = client.get(product.get_absolute_url())
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_product_of_hidden_ikm_is_not_found(client, catalogue):
    product = ProductFactory(ikm=IKMFactory(is_public=False))
    assert client.get(product.get_absolute_url()).status_code == 404


# IKM directory and profile, category and sentra pages


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Sepatu Wilwatikta", "Batik Surya"}),
        ("kecamatan=sooko", {"Batik Surya"}),
        ("sentra=sentra-sepatu", {"Sepatu Wilwatikta"}),
        ("brand=on", {"Sepatu Wilwatikta"}),
        ("kecamatan=nope", {"Sepatu Wilwatikta", "Batik Surya"}),
        ("page=99999", {"Sepatu Wilwatikta", "Batik Surya"}),
    ],
)
def test_ikm_directory_filters(client, catalogue, query, expected):
    IKMFactory(name="IKM Tersembunyi", is_public=False)
    response = client.get(f"/ikm/?{query}")
    assert response.status_code == 200
    assert {ikm.name for ikm in response.context["ikm_list"]} == expected


def test_ikm_directory_filters_by_craft(client, catalogue):
    catalogue["batik_house"].categories.add(catalogue["batik"])
    response = client.get("/ikm/?category=batik")
    assert [ikm.name for ikm in response.context["ikm_list"]] == ["Batik Surya"]


def test_ikm_directory_shows_badge_and_product_count(client, catalogue):
    html = client.get("/ikm/").content.decode()
    assert html.count("Merek terdaftar") >= 1
    assert "2 produk" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("wilwatikta", {"Sepatu Wilwatikta"}),  # name
        ("bengkel kecil", {"Sepatu Wilwatikta"}),  # story, every word
        ("workshop", {"Sepatu Wilwatikta"}),  # English story
        ("Jatipasar", {"Batik Surya"}),  # desa
        ("sooko", {"Batik Surya"}),  # kecamatan
        ("BATIK", {"Batik Surya"}),  # name and craft, any case
        ("footwear", {"Sepatu Wilwatikta"}),  # English craft name
        ("sentra sepatu", {"Sepatu Wilwatikta"}),  # sentra
        ("bengkel sooko", set()),
        # Never what the profile keeps private.
        ("Siti", set()),
        ("0813999888", set()),
        ("1234567890123", set()),
    ],
)
def test_ikm_directory_searches_public_text_only(client, catalogue, query, expected):
    shoemaker, batik_house = catalogue["shoemaker"], catalogue["batik_house"]
    shoemaker.story_ind = "Berawal dari bengkel kecil."
    shoemaker.story_en = "It began in a small workshop."
    shoemaker.owner_phone = "0813999888777"
    shoemaker.nib = "1234567890123"
    shoemaker.save()
    shoemaker.categories.add(catalogue["sepatu"])
    batik_house.desa = "Jatipasar"
    batik_house.save()
    batik_house.categories.add(catalogue["batik"])
    IKMFactory(name="Batik Tersembunyi", kecamatan=batik_house.kecamatan, is_public=False)
    response = client.get("/ikm/", {"q": query})
    assert response.status_code == 200
    assert {ikm.name for ikm in response.context["ikm_list"]} == expected


def test_ikm_directory_counts_each_choice_given_the_other_filters(client, catalogue):
    catalogue["shoemaker"].categories.add(catalogue["sepatu"])
    catalogue["batik_house"].categories.add(catalogue["batik"], catalogue["sepatu"])
    hidden = IKMFactory(name="IKM Tersembunyi", kecamatan=catalogue["trowulan"], is_public=False)
    hidden.categories.add(catalogue["sepatu"])
    BrandCertificateFactory(ikm=hidden)
    response = client.get("/ikm/?kecamatan=trowulan")
    facets = {facet.name: facet for facet in response.context["facets"]["choices"]}
    assert {o.value: (o.count, o.selected) for o in facets["kecamatan"].options} == {
        "trowulan": (1, True),
        "sooko": (1, False),
    }
    assert {o.value: o.count for o in facets["category"].options} == {"alas-kaki": 1}
    assert {o.value: o.count for o in facets["sentra"].options} == {"sentra-sepatu": 1}
    assert response.context["facets"]["brand"] == 1
    html = response.content.decode()
    assert "Sooko (1)" in html
    assert "Punya merek terdaftar (1)" in html

    response = client.get("/ikm/?category=alas-kaki")
    facets = {facet.name: facet for facet in response.context["facets"]["choices"]}
    assert {o.value: o.count for o in facets["category"].options} == {
        "alas-kaki": 2,
        "batik": 1,
    }
    assert {o.value: o.count for o in facets["kecamatan"].options} == {
        "trowulan": 1,
        "sooko": 1,
    }


def test_ikm_directory_filters_are_removable_and_kept_across_pages(client, catalogue):
    IKMFactory.create_batch(30, kecamatan=catalogue["batik_house"].kecamatan)
    response = client.get("/ikm/?kecamatan=sooko&q=ikm")
    html = response.content.decode()
    assert response.context["paginator"].count == 30
    assert 'href="?q=ikm&amp;kecamatan=sooko&amp;page=2"' in html
    assert 'href="?kecamatan=sooko"' in html  # the search's chip removes the search only


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=99999",
        "kecamatan=nope",
        "category=nope",
        "sentra=%00",
        "sentra=" + "x" * 5000,
        "brand=maybe",
        "q=" + "batik " * 500,
        "q=%27%3B+DROP+TABLE",
        "kecamatan=sooko&kecamatan=nope",
    ],
)
def test_ikm_directory_bad_values_never_break_the_page(client, catalogue, query):
    response = client.get(f"/ikm/?{query}")
    assert response.status_code == 200
    assert "IKM" in response.content.decode()


def test_ikm_directory_explains_an_ignored_value_and_applies_the_rest(client, catalogue):
    response = client.get("/ikm/?sentra=nope&kecamatan=sooko&q=" + "x" * 101)
    html = response.content.decode()
    assert {ikm.name for ikm in response.context["ikm_list"]} == {"Batik Surya"}
    assert "Sebagian filter tidak dapat dipakai" in html
    assert "Sentra:" in html and "Cari:" in html


def test_ikm_directory_in_english(client, catalogue):
    response = client.get("/en/ikm/?q=batik")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Has a registered mark" in html
    assert "1 craft business" in html


def test_sentra_index_shows_craft_place_public_counts_and_a_photo(client, catalogue, jpeg_upload):
    sentra = catalogue["sentra"]
    sentra.main_category = catalogue["sepatu"]
    sentra.desa = "Watesumpak"
    sentra.save()
    ProductFactory(ikm=catalogue["shoemaker"], name="Sepatu Draf", status=Product.Status.DRAFT)
    hidden = IKMFactory(name="IKM Tersembunyi", sentra=sentra, is_public=False)
    secret = ProductFactory(ikm=hidden, is_featured=True)
    add_photo(secret, jpeg_upload, alt="Foto rahasia")
    SentraFactory(
        name="Sentra Kosong", slug="sentra-kosong", kecamatan=catalogue["batik_house"].kecamatan
    )

    response = client.get("/sentra/")
    html = response.content.decode()
    assert response.status_code == 200
    cards = {s.name: s for s in response.context["sentra_list"]}
    assert (
        cards["Sentra Sepatu Trowulan"].ikm_count,
        cards["Sentra Sepatu Trowulan"].product_count,
    ) == (1, 2)
    assert (cards["Sentra Kosong"].ikm_count, cards["Sentra Kosong"].product_count) == (0, 0)
    assert "1 IKM · 2 produk" in html and "0 IKM · 0 produk" in html
    assert "Alas Kaki · Watesumpak, Kec. Trowulan" in html
    assert 'href="/sentra/sentra-sepatu/"' in html
    assert 'alt="Sepatu pantofel hitam"' in html
    assert "Foto rahasia" not in html
    # The cluster without a photo shows a plain tile, not a broken image.
    assert html.count('class="card-noimage"') == 1

    english = client.get("/en/sentra/").content.decode()
    assert "1 craft business · 2 products" in english
    assert "Footwear" in english
    assert 'href="/en/sentra/sentra-sepatu/"' in english


def test_sentra_index_is_linked_from_the_menu_the_home_page_and_each_sentra(client, catalogue):
    home = client.get("/").content.decode()
    assert re.search(r'<nav aria-label="Menu utama">.*href="/sentra/"', home, re.S)
    assert "Sentra kerajinan" in home
    assert 'href="/sentra/sentra-sepatu/"' in home
    page = client.get("/sentra/sentra-sepatu/").content.decode()
    assert re.search(r'class="breadcrumbs".*href="/sentra/"', page, re.S)
    index = client.get("/sentra/").content.decode()
    assert 'href="/sentra/" aria-current="page"' in index


def test_ikm_profile_shows_story_facts_certificates_contact_and_products(client, catalogue):
    ikm = catalogue["shoemaker"]
    ikm.story = "Berawal dari bengkel kecil."
    ikm.year_founded = 2004
    ikm.workers = 14
    ikm.instagram = "wilwatikta"
    ikm.save()
    ProductFactory(ikm=ikm, name="Sepatu Draf", status=Product.Status.DRAFT)
    response = client.get(ikm.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["Berawal dari bengkel kecil.", "2004", "14 orang", "Siti Aminah", "IDM000111222"]:
        assert text in html
    assert "https://wa.me/6281234567890" in html
    assert "Sepatu Pantofel Kulit" in html and "Sandal Selop" in html
    assert "Sepatu Draf" not in html


def test_hidden_ikm_profile_is_not_found(client):
    assert client.get(IKMFactory(is_public=False).get_absolute_url()).status_code == 404


def test_category_page_lists_its_products_and_makers(client, catalogue):
    catalogue["batik_house"].categories.add(catalogue["batik"])
    response = client.get("/kategori/batik/")
    html = response.content.decode()
    assert response.status_code == 200
    assert set(names_on(response)) == {"Batik Tulis Sogan", "Batik Cap Gringsing"}
    assert 'href="/ikm/batik-surya/"' in html


def test_sentra_page_lists_its_products_and_ikm(client, catalogue):
    response = client.get("/sentra/sentra-sepatu/")
    html = response.content.decode()
    assert set(names_on(response)) == {"Sepatu Pantofel Kulit", "Sandal Selop"}
    assert 'href="/ikm/sepatu-wilwatikta/"' in html


def test_unknown_pages_are_friendly_404s(client):
    for url in ["/kategori/nope/", "/sentra/nope/", "/ikm/nope/", "/produk/nope/", "/tidak-ada/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Kembali ke beranda" in response.content.decode()


# Titles, languages, sitemap


def test_titles_and_descriptions_are_unique(client, catalogue):
    urls = [
        "/",
        "/produk/",
        "/produk/?category=batik",
        "/produk/sepatu-pantofel/",
        "/produk/sandal-selop/",
        "/ikm/",
        "/ikm/sepatu-wilwatikta/",
        "/kategori/batik/",
        "/sentra/sentra-sepatu/",
    ]
    titles, descriptions = set(), set()
    for url in urls:
        html = client.get(url).content.decode()
        titles.add(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())
        descriptions.add(re.search(r'<meta name="description" content="([^"]*)"', html).group(1))
    assert len(titles) == len(urls)
    assert len(descriptions) == len(urls) - 1  # the filtered catalogue shares the list's text


def test_english_site_translates_interface_and_content(client, catalogue):
    response = client.get("/en/produk/?category=batik")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Batik cloth (2)" in html
    assert "Filter and sort" in html
    assert "2 products" in html
    assert 'hreflang="id" href="http://testserver/produk/"' in html


@pytest.mark.parametrize(
    ("url", "switch"),
    [
        ("/produk/?category=batik&sort=price", "/en/produk/?category=batik&amp;sort=price"),
        ("/en/produk/?q=batik&page=2", "/produk/?q=batik&amp;page=2"),
        ("/en/ikm/batik-surya/", "/ikm/batik-surya/"),
        ("/produk/sepatu-pantofel/", "/en/produk/sepatu-pantofel/"),
        ("/", "/en/"),
        ("/en/", "/"),
    ],
)
def test_language_switch_keeps_the_page_and_its_query(client, catalogue, url, switch):
    html = client.get(url).content.decode()
    link = re.search(r'<ul class="lang".*?href="([^"]+)"', html, re.S).group(1)
    assert link == switch
    assert client.get(link.replace("&amp;", "&")).status_code == 200


def test_english_catalogue_covers_model_and_admin_texts():
    with translation.override("en"):
        assert str(Product._meta.verbose_name) == "product"
        assert str(Product._meta.get_field("lead_time_days").verbose_name) == "lead time (days)"
        assert str(Product.Status.SUBMITTED.label) == "awaiting curation"
        assert str(Gallery._meta.get_field("contact_person").verbose_name) == "contact person"
    with translation.override("id"):
        assert (
            str(Product._meta.get_field("lead_time_days").verbose_name) == "lama pengerjaan (hari)"
        )


def test_sitemap_lists_published_items_in_both_languages(client, catalogue):
    draft = ProductFactory(slug="produk-draf", status=Product.Status.DRAFT)
    hidden = IKMFactory(slug="ikm-tersembunyi", is_public=False)
    ProductFactory(slug="produk-ikm-tersembunyi", ikm=hidden)
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert "<loc>http://testserver/produk/sepatu-pantofel/</loc>" in xml
    assert "<loc>http://testserver/en/produk/sepatu-pantofel/</loc>" in xml
    assert 'hreflang="en"' in xml
    assert "/ikm/batik-surya/" in xml and "/kategori/batik/" in xml
    assert "<loc>http://testserver/galeri/</loc>" in xml
    for directory in ("ikm", "sentra"):
        assert f"<loc>http://testserver/{directory}/</loc>" in xml
        assert f"<loc>http://testserver/en/{directory}/</loc>" in xml
    assert draft.slug not in xml
    assert "ikm-tersembunyi" not in xml


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


# Speed


@pytest.mark.parametrize("count", [3, 30])
def test_catalogue_query_count_is_constant(
    client, django_assert_max_num_queries, count, jpeg_upload
):
    gallery_place = KecamatanFactory()
    gallery = Gallery.objects.create(
        name="Galeri", slug="g", code="G", address="Jl.", kecamatan=gallery_place
    )
    products = ProductFactory.create_batch(count, category=CategoryFactory(slug="batik"))
    for product in products[:3]:
        add_photo(product, jpeg_upload)
        Display.objects.create(gallery=gallery, product=product)
    url = "/produk/?q=produk&category=batik&brand=on&price_min=1&sort=price"
    # The first search after a change also reads the vocabulary its words are checked against.
    with django_assert_max_num_queries(12 + 5):
        client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    with django_assert_max_num_queries(10):
        client.get("/produk/")


@pytest.mark.parametrize("count", [3, 30])
def test_pages_query_count_is_constant(client, django_assert_max_num_queries, count, jpeg_upload):
    ikm = IKMFactory(slug="ikm-banyak", sentra=SentraFactory(slug="sentra-banyak"))
    category = CategoryFactory(slug="kategori-banyak")
    ikm.categories.add(category)
    products = ProductFactory.create_batch(count, ikm=ikm, category=category)
    for product in products[:3]:
        add_photo(product, jpeg_upload)
    BrandCertificateFactory(ikm=ikm)
    IKMFactory.create_batch(count)
    budgets = {
        "/": 6,
        products[0].get_absolute_url(): 8,
        "/ikm/": 6,
        "/ikm/?brand=on&kecamatan=" + ikm.kecamatan.slug: 8,
        ikm.get_absolute_url(): 8,
        "/kategori/kategori-banyak/": 6,
        "/sentra/sentra-banyak/": 6,
    }
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_directory_query_counts_are_constant(
    client, django_assert_max_num_queries, count, jpeg_upload
):
    category = CategoryFactory(slug="batik")
    kecamatan = KecamatanFactory(slug="trowulan")
    for n in range(count):
        sentra = SentraFactory(kecamatan=kecamatan, main_category=category)
        ikm = IKMFactory(kecamatan=kecamatan, sentra=sentra)
        ikm.categories.add(category)
        BrandCertificateFactory(ikm=ikm)
        product = ProductFactory(ikm=ikm, category=category)
        if n % 2:
            add_photo(product, jpeg_upload)
    budgets = {
        "/sentra/": 3,
        "/ikm/": 8,
        "/ikm/?q=ikm&kecamatan=trowulan&category=batik&sentra=sentra-1&brand=on": 10,
        "/ikm/?page=2": 8,
    }
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


def test_catalogue_list_reads_only_the_columns_cards_need(client, catalogue):
    with CaptureQueriesContext(connection) as queries:
        client.get("/produk/")
    product_selects = [
        q["sql"] for q in queries if 'FROM "catalogue_product"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert product_selects
    assert "description_ind" not in product_selects[0]
    assert "status_note" not in product_selects[0]


def test_list_images_are_small_renditions(client, catalogue, jpeg_upload):
    product = catalogue["products"]["sandal"]
    ProductImage.objects.create(
        product=product, image=jpeg_upload(size=(2000, 1500)), alt_text="Besar"
    )
    html = client.get("/produk/").content.decode()
    card_sources = re.findall(r'srcset="([^"]+)"', html)
    widths = {
        int(w) for srcset in card_sources for w in re.findall(r"-(\d+)\.(?:webp|jpg) ", srcset)
    }
    assert widths and max(widths) <= 640
    assert "/media/products/" not in html  # never the original upload


def test_server_error_page_is_friendly(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/produk/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Maaf, terjadi kesalahan" in html
    assert 'href="/"' in html


def test_phone_numbers_read_the_same_on_product_and_ikm_pages(client):
    ikm = IKMFactory(slug="tenun-ayu", whatsapp="081234567801", phone="0812 3456 7801")
    product = ProductFactory(ikm=ikm, slug="selendang")

    for url in (product.get_absolute_url(), ikm.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '<span class="phone">+62 812-3456-7801</span>' in html
        assert 'href="tel:+6281234567801"' in html
        assert "+6281234567801<" not in html


def test_ikm_page_whatsapp_link_names_the_maker_and_the_council(client, settings):
    ikm = IKMFactory(name="Tenun Ayu", slug="tenun-ayu", whatsapp="081234567801")
    response = client.get(ikm.get_absolute_url())
    link = re.search(r'href="(https://wa\.me/[^"]+)"', response.content.decode()).group(1)
    parts = urlsplit(link.replace("&amp;", "&"))
    assert parts.path == "/6281234567801"
    message = unquote(parse_qs(parts.query)["text"][0])
    assert message.startswith("Halo Tenun Ayu, saya melihat profil Anda di situs ")
    assert response.context["council"]["name"] in message
    assert "http://testserver/ikm/tenun-ayu/" in message
