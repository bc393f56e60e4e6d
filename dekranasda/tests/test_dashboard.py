import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Product
from catalogue.tests.factories import (
    BrandCertificateFactory,
    CategoryFactory,
    IKMFactory,
    KecamatanFactory,
    ProductFactory,
)
from dekranasda.dashboard import dashboard_for
from galleries.models import Display, Gallery

pytestmark = pytest.mark.django_db


def known_data(scale=1):
    """Build a catalogue whose numbers the tests know; `scale` multiplies the rows."""
    today = timezone.localdate()
    trowulan = KecamatanFactory(name="Trowulan", slug="trowulan")
    sooko = KecamatanFactory(name="Sooko", slug="sooko")
    batik = CategoryFactory(name="Batik", slug="batik")
    alas_kaki = CategoryFactory(name="Alas Kaki", slug="alas-kaki")
    CategoryFactory(name="Gerabah", slug="gerabah")
    shoes = IKMFactory(name="Sepatu Trowulan", kecamatan=trowulan)
    cloth = IKMFactory(name="Batik Sooko", kecamatan=sooko)
    IKMFactory(name="Anyaman Baru", kecamatan=sooko)
    # Registered and lapsing in 30 days; registered for years; only applied for; lapsed.
    BrandCertificateFactory(
        ikm=shoes, mark_name="TROWULAN STEP", expiry_date=today + datetime.timedelta(days=30)
    )
    BrandCertificateFactory(
        ikm=shoes, mark_name="STEP LAMA", expiry_date=today + datetime.timedelta(days=900)
    )
    BrandCertificateFactory(
        ikm=cloth, mark_name="SOOKO", status="in_application", registration_number=""
    )
    BrandCertificateFactory(
        ikm=cloth, mark_name="KEDALUWARSA", expiry_date=today - datetime.timedelta(days=1)
    )
    now = timezone.now()
    for _i in range(3 * scale):
        ProductFactory(ikm=shoes, category=alas_kaki)
    for _i in range(2 * scale):
        ProductFactory(ikm=cloth, category=batik, status="draft", published_at=None)
    waiting = [
        ProductFactory(
            ikm=cloth,
            category=batik,
            name=f"Menunggu {i}",
            status="submitted",
            submitted_at=now - datetime.timedelta(days=10 - i),
        )
        for i in range(scale)
    ]
    ProductFactory(ikm=shoes, category=batik, status="archived")
    ppst = Gallery.objects.create(
        name="Galeri PPST", slug="ppst", code="PPST", address="PPST", kecamatan=trowulan
    )
    Gallery.objects.create(
        name="Galeri MPP", slug="mpp", code="MPP", address="MPP", kecamatan=sooko
    )
    for product in Product.objects.filter(category=alas_kaki):
        Display.objects.create(gallery=ppst, product=product)
    return waiting


def numbers(chart):
    return {str(bar.label): bar.value for bar in chart.bars}


def test_dashboard_numbers_match_known_data(superuser):
    waiting = known_data()
    data = dashboard_for(superuser)
    charts = {chart.key: chart for chart in data["charts"]}
    assert numbers(charts["status"]) == {
        "draf": 2,
        "menunggu kurasi": 1,
        "disetujui": 3,
        "ditolak": 0,
        "diarsipkan": 1,
    }
    assert numbers(charts["category"]) == {"Alas Kaki": 3, "Batik": 3, "Gerabah": 0}
    assert numbers(charts["kecamatan"]) == {"Sooko": 3, "Trowulan": 3}
    assert numbers(charts["brand"]) == {"Dengan merek terdaftar": 1, "Tanpa merek terdaftar": 2}
    assert numbers(charts["gallery"]) == {"Galeri PPST": 3, "Galeri MPP": 0}
    assert [c.mark_name for c in data["certificates"]["rows"]] == ["TROWULAN STEP"]
    assert data["certificates"]["rows"][0].days_left == 30
    assert data["submissions"]["rows"] == waiting


def test_dashboard_page_draws_svg_charts_with_tables_and_links(client, superuser):
    known_data()
    client.force_login(superuser)
    page = client.get(reverse("admin:index")).content.decode()
    assert page.count('<svg class="dash-svg"') == 5
    assert '<caption class="visually-hidden">Produk menurut kategori</caption>' in page
    products_url = reverse("admin:catalogue_product_changelist")
    assert f'<th scope="row"><a href="{products_url}?category__id__exact=' in page
    assert re.search(r'<rect x="190" y="0" width="240" height="18"', page)
    assert "TROWULAN STEP" in page
    assert "Menunggu 0" in page
    assert "30 hari lagi" in page
    assert f"{products_url}?review=waiting" in page
    assert (
        "<script" not in page.split('id="dashboard-heading"')[1].split("</section>\n</section>")[0]
    )


def test_query_count_does_not_grow_with_the_data(client, superuser, django_assert_max_num_queries):
    known_data(scale=1)
    client.force_login(superuser)
    url = reverse("admin:index")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    known_data_more = [
        ProductFactory(status="submitted", submitted_at=timezone.now()) for _ in range(15)
    ]
    assert known_data_more
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
    with django_assert_max_num_queries(13):
        client.get(url)


def test_pending_changes_are_listed_for_review(client, kurator, editor):
    from catalogue import curation

    product = ProductFactory(name="Tas Pandan Terbit")
    curation.propose_change(product, by=editor, fields={"price": 1})
    client.force_login(kurator)
    page = client.get(reverse("admin:index")).content.decode()
    review = reverse("admin:catalogue_product_revision", args=[product.pk])
    assert f'<a href="{review}">Tas Pandan Terbit</a>' in page


def test_each_role_sees_only_its_sections(client, editor, kurator, pengelola_galeri):
    known_data()
    url = reverse("admin:index")
    client.force_login(pengelola_galeri)
    page = client.get(url).content.decode()
    assert "Produk dipajang per galeri" in page
    assert "Sertifikat merek yang habis" not in page
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "Sertifikat merek yang habis" in page
    assert "Produk menurut status kurasi" in page


def test_staff_without_permissions_see_no_dashboard(client, django_user_model):
    user = django_user_model.objects.create_user("tamu", password="x-kata-sandi-1", is_staff=True)
    client.force_login(user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "dashboard-heading" not in page
