import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.models import IKM, BrandCertificate, Category, Product, ProductImage, SearchSynonym
from galleries.models import Closure, Display, Gallery


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            IKM,
            BrandCertificate,
            Category,
            Product,
            ProductImage,
            Gallery,
            Display,
            SearchSynonym,
        )
    }


@pytest.mark.django_db
def test_load_demo_builds_the_mojokerto_council_and_is_idempotent(client):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first

    assert first["IKM"] >= 10
    assert BrandCertificate.objects.registered().values("ikm").distinct().count() >= 10
    assert first["Product"] >= 60
    assert Category.objects.filter(products__isnull=False).distinct().count() >= 8
    assert set(Gallery.objects.values_list("code", flat=True)) == {"PPST", "MPP"}
    statuses = set(Product.objects.values_list("status", flat=True))
    assert statuses == set(Product.Status.values)
    assert not ProductImage.objects.filter(alt_text="").exists()

    response = client.get(reverse("home"))
    featured = Product.objects.published().filter(is_featured=True).first()
    assert featured.name in response.content.decode()

    assert first["SearchSynonym"] >= 5
    # The demo's synonyms and spelling slips reach its products.
    response = client.get(reverse("catalogue:product-list"), {"q": "sendal"})
    assert any(product.category.slug == "alas-kaki" for product in response.context["products"])


@pytest.mark.django_db
def test_load_demo_if_empty_leaves_existing_data_alone():
    call_command("load_demo", "--if-empty")
    before = counts()
    Product.objects.update(name_ind="Diubah staf")
    call_command("load_demo", "--if-empty")
    assert counts() == before
    assert not Product.objects.exclude(name_ind="Diubah staf").exists()


@pytest.mark.django_db
def test_load_demo_adds_synthetic_products_in_bulk():
    call_command("load_demo")
    published = Product.objects.published().count()
    with CaptureQueriesContext(connection) as few:
        call_command("load_demo", "--products", "50")
    with CaptureQueriesContext(connection) as many:
        call_command("load_demo", "--products", "1500")
    assert Product.objects.published().count() == published + 1550
    # Bulk inserts: far fewer than one query per added product.
    assert (len(many) - len(few)) / 1450 < 0.1


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["2026-12-29", "2040-02-29"])
def test_the_demo_looks_current_whenever_it_is_loaded(day):
    with time_machine.travel(f"{day} 10:00 +0700", tick=False):
        call_command("load_demo", stdout=io.StringIO())
        today = timezone.localdate()
        certificates = BrandCertificate.objects.all()
        registered = certificates.filter(status=BrandCertificate.Status.REGISTERED)
        assert registered.count() == certificates.registered().count() == 10
        assert all(c.filing_date < today for c in certificates)
        assert all(c.registration_date < today for c in registered)
        closures = Closure.objects.all()
        assert closures.count() == 6
        assert all(closure.start_date > today for closure in closures)
