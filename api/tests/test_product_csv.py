import csv
import io

import pytest
from django.db.models import QuerySet

from api import views
from catalogue.models import Product, ProductImage
from catalogue.tests.factories import CategoryFactory, IKMFactory, ProductFactory

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response.streaming
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_lists_published_products_with_addresses(client, jpeg_upload):
    ikm = IKMFactory(name="Kuningan Bejijong", kecamatan__name="Trowulan")
    product = ProductFactory(
        ikm=ikm,
        category=CategoryFactory(name="Kerajinan Logam"),
        name="Patung Gajah Mada “Mini”",
        code="P-ABC234",
        price=350000,
        price_max=500000,
        materials="kuningan, kayu jati",
        is_export_ready=True,
        slug="patung-gajah-mada",
    )
    image = ProductImage.objects.create(
        product=product, image=jpeg_upload(size=(1200, 900)), alt_text="x"
    )
    ProductImage.objects.filter(pk=image.pk).update(width=1200, height=900)
    ProductFactory(price=None, slug="sesuai-pesanan")

    response = client.get("/produk.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="produk.csv"' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header[:6] == ["kode", "nama", "kategori", "IKM", "kecamatan", "harga (Rp)"]
    by_code = {row[0]: row for row in rows}
    assert len(rows) == 2
    row = by_code["P-ABC234"]
    assert row[1:9] == [
        "Patung Gajah Mada “Mini”",
        "Kerajinan Logam",
        "Kuningan Bejijong",
        "Trowulan",
        "350000",
        "500000",
        "kuningan, kayu jati",
        "ya",
    ]
    assert row[9] == "http://testserver/produk/patung-gajah-mada/"
    assert row[10].startswith("http://testserver/media/renditions/products/")
    assert row[10].endswith("-640.jpg")
    unpriced = next(r for r in rows if r[0] != "P-ABC234")
    assert unpriced[5:7] == ["", ""]
    assert unpriced[8] == "tidak"
    assert unpriced[10] == ""


def test_csv_in_english_under_en(client):
    ProductFactory(name_ind="Tas Pandan", name_en="Pandan bag", slug="tas-pandan")
    _header, row = read_csv(client.get("/en/produk.csv"))
    assert row[1] == "Pandan bag"
    assert row[9] == "http://testserver/en/produk/tas-pandan/"


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected", "archived"])
def test_csv_leaves_out_unpublished_products(client, status):
    ProductFactory(status=status, code="P-HIDDEN")
    ProductFactory(ikm=IKMFactory(is_public=False), code="P-HIDIKM")
    ProductFactory(code="P-SHOWN2")
    for query in ("", "?q=Produk", "?sort=price", "?export=false"):
        _header, *rows = read_csv(client.get("/produk.csv" + query))
        assert [row[0] for row in rows] == ["P-SHOWN2"]


def test_csv_accepts_catalogue_filters(client):
    batik = CategoryFactory(slug="batik")
    ProductFactory(category=batik, code="P-BATIK2", price=100000)
    ProductFactory(code="P-LAIN22", price=900000)
    for query in ("category=batik", "price_max=200000", "q=&category=batik"):
        _header, *rows = read_csv(client.get(f"/produk.csv?{query}"))
        assert [row[0] for row in rows] == ["P-BATIK2"], query
    _header, *rows = read_csv(client.get("/produk.csv?sort=-price"))
    assert [row[0] for row in rows] == ["P-LAIN22", "P-BATIK2"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("price_min=abc", "price_min"),
        ("category=nope", "category"),
        ("q=" + "a" * 101, "q"),
        ("ikm=%00", "ikm"),
        ("sort=acak", "sort"),
    ],
)
def test_csv_bad_parameters_are_a_400(client, query, field):
    response = client.get(f"/produk.csv?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_csv_cells_never_run_as_formulas(client):
    ProductFactory(name='=HYPERLINK("http://jahat.example")', materials="+62 kain", code="P-FORM22")
    _header, row = read_csv(client.get("/produk.csv"))
    assert row[1] == '\'=HYPERLINK("http://jahat.example")'
    assert row[7] == "'+62 kain"


def test_csv_photo_of_unknown_width_is_its_smallest_rendition(client, jpeg_upload):
    product = ProductFactory()
    image = ProductImage.objects.create(product=product, image=jpeg_upload(), alt_text="x")
    ProductImage.objects.filter(pk=image.pk).update(width=None, height=None)
    _header, row = read_csv(client.get("/produk.csv"))
    assert row[10].endswith("-320.jpg")


def test_csv_reads_rows_through_an_iterator_in_chunks(client, monkeypatch):
    for _ in range(5):
        ProductFactory()
    monkeypatch.setattr(views, "CHUNK_ROWS", 2)
    chunk_sizes = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)

    response = client.get("/produk.csv")
    chunks = list(response.streaming_content)

    assert chunk_sizes == [2]
    # The header and two rows, two rows, the last row: written as they are read.
    assert len(chunks) == 3
    assert sum(chunk.count(b"\n") for chunk in chunks) == 6


def test_csv_query_count_does_not_grow_with_the_catalogue(client, django_assert_max_num_queries):
    for _ in range(30):
        ProductFactory()
    with django_assert_max_num_queries(2):
        rows = read_csv(client.get("/produk.csv"))
    assert len(rows) == 31
    assert Product.objects.published().count() == 30
