"""Counts that stop early, so pages cost the same with 100 or 100,000 products."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone, translation

from catalogue import counting
from catalogue.counting import CappedPaginator, capped_count, capped_group_counts
from catalogue.models import Product
from catalogue.tests.factories import (
    CategoryFactory,
    IKMFactory,
    KecamatanFactory,
    ProductFactory,
)
from catalogue.views import ProductListView
from galleries.models import Display, Gallery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


@pytest.fixture
def five_products():
    """Two batik products from Sooko, three footwear products from Trowulan."""
    sooko = KecamatanFactory(name="Sooko", slug="sooko")
    trowulan = KecamatanFactory(name="Trowulan", slug="trowulan")
    batik = CategoryFactory(name="Batik", slug="batik")
    shoes = CategoryFactory(name="Alas Kaki", slug="alas-kaki")
    batik_house = IKMFactory(name="Batik Surya", slug="batik-surya", kecamatan=sooko)
    shoemaker = IKMFactory(name="Sepatu Jaya", slug="sepatu-jaya", kecamatan=trowulan)
    now = timezone.now()
    return [
        ProductFactory(
            ikm=batik_house if i < 2 else shoemaker,
            category=batik if i < 2 else shoes,
            published_at=now - datetime.timedelta(days=i),
        )
        for i in range(5)
    ]


def test_capped_count_is_exact_up_to_the_limit(five_products):
    published = Product.objects.published()
    assert capped_count(published, limit=5) == 5
    assert capped_count(published, limit=4) is None
    rows = capped_group_counts(published.values("category__slug"), ["category__slug"], limit=5)
    assert sorted(rows) == [("alas-kaki", 3), ("batik", 2)]
    assert capped_group_counts(published, ["category_id"], limit=4) is None


def test_paginator_counts_a_lower_bound_past_the_limit(five_products):
    published = Product.objects.published()
    first = CappedPaginator(published, 2, number=1, limit=3)
    assert (first.count, first.is_exact, first.num_pages) == (3, False, 2)
    assert first.get_page(1).has_next()
    # Asked for a page further on, it counts further: here to the end.
    third = CappedPaginator(published, 2, number=3, limit=3)
    assert (third.count, third.is_exact, third.num_pages) == (5, True, 3)
    assert [p.pk for p in third.get_page(3)] == [five_products[4].pk]
    # Nonsense and huge page numbers are answered, not a database error.
    assert CappedPaginator(published, 2, number="x", limit=3).count == 3
    assert CappedPaginator(published, 2, number=10**30, limit=3).get_page(10**30).number == 3


def test_large_selection_says_more_than_and_lists_choices_without_counts(
    client, five_products, monkeypatch
):
    monkeypatch.setattr(counting, "COUNT_LIMIT", 3)
    monkeypatch.setattr(ProductListView, "paginate_by", 2)
    response = client.get("/produk/")
    html = response.content.decode()
    assert "Lebih dari 3 produk" in html
    assert "Halaman 1</span>" in html and "Halaman 1 dari" not in html
    assert 'rel="next"' in html
    facets = {facet.name: facet for facet in response.context["facets"]["choices"]}
    assert {o.value: o.count for o in facets["category"].options} == {
        "alas-kaki": None,
        "batik": None,
    }
    assert {o.value for o in facets["kecamatan"].options} == {"sooko", "trowulan"}
    # Every maker would make a list of thousands: not offered over a large selection.
    assert facets["ikm"].options == []
    assert ">Batik</option>" in html
    # The next pages still work.
    assert len(client.get("/produk/?page=3").context["products"]) == 1


def test_small_selection_is_counted_exactly(client, five_products, monkeypatch):
    monkeypatch.setattr(counting, "COUNT_LIMIT", 3)
    response = client.get("/produk/?category=batik")
    html = response.content.decode()
    assert re.search(r"results-count\">\s*2 produk", html)
    facets = {facet.name: facet for facet in response.context["facets"]["choices"]}
    # The category facet ignores its own filter: all five products, too many to count.
    assert {o.count for o in facets["category"].options} == {None}
    # The other facets count the two batik products.
    assert {o.value: o.count for o in facets["kecamatan"].options} == {"sooko": 2}
    assert {o.value: o.count for o in facets["ikm"].options} == {"batik-surya": 2}
    assert "Sooko (2)" in html


def test_home_shows_more_than_for_large_categories(client, five_products, monkeypatch):
    monkeypatch.setattr("dekranasda.views.HOME_COUNT_LIMIT", 2)
    html = client.get("/").content.decode()
    assert "lebih dari 2 produk" in html  # footwear: three products
    assert '<span class="count">2 produk</span>' in html  # batik: exactly two


def test_gallery_with_many_makers_sends_visitors_to_the_catalogue(
    client, five_products, monkeypatch
):
    monkeypatch.setattr("galleries.views.IKM_LISTED", 1)
    gallery = Gallery.objects.create(
        name="Galeri Uji",
        slug="galeri-uji",
        code="GU",
        address="Jl. Raya",
        kecamatan=KecamatanFactory(),
    )
    for product in five_products:
        Display.objects.create(gallery=gallery, product=product)
    html = client.get(gallery.get_absolute_url()).content.decode()
    assert "/produk/?gallery=galeri-uji" in html
    assert 'name="ikm"' not in html
    # One structured-data block for the store, not one per character of it.
    assert html.count("application/ld+json") < 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search")
@pytest.mark.parametrize("listed", [20_000, 3])  # ids read once as a list, or searched again
def test_search_with_many_matches_shows_the_newest_first(
    client, five_products, monkeypatch, listed
):
    monkeypatch.setattr("catalogue.search.RANKED_MATCHES", 2)
    monkeypatch.setattr("catalogue.search.LISTED_MATCHES", listed)
    Product.objects.filter(pk=five_products[4].pk).update(name_ind="Kulit kulit kulit")
    response = client.get("/produk/?q=kulit")
    assert [p.pk for p in response.context["products"]] == [p.pk for p in five_products]
    assert "5 produk" in response.content.decode()
    # Filters and facets apply to the same matches.
    response = client.get("/produk/?q=kulit&category=batik")
    assert [p.pk for p in response.context["products"]] == [p.pk for p in five_products[:2]]
