import datetime
import io

import openpyxl
import pytest
from django.db import DatabaseError

from catalogue.importers import (
    BrandCertificateImporter,
    IKMImporter,
    ProductImporter,
    refused_file_name,
    refused_rows_file,
)
from catalogue.models import IKM, BrandCertificate, Category, Product
from catalogue.spreadsheets import read_sheet
from catalogue.tests.factories import (
    BrandCertificateFactory,
    CategoryFactory,
    IKMFactory,
    KecamatanFactory,
    ProductFactory,
)
from catalogue.tests.spreadsheet_data import IKM_HEADER, csv_bytes, messy_file, setup_lookups
from dekranasda import demo

pytestmark = pytest.mark.django_db


def run(importer_class, data, name, dry_run, user=None, skip_invalid=False):
    sheet = read_sheet(data, name, importer_class.columns)
    return importer_class(user=user).run(sheet, dry_run=dry_run, skip_invalid=skip_invalid)


def messy_ikm(file_format, dry_run, valid_only=False):
    from catalogue.tests.spreadsheet_data import IKM_ROWS

    rows = IKM_ROWS[:3] if valid_only else IKM_ROWS
    data, name = messy_file(file_format, rows=rows)
    return run(IKMImporter, data, name, dry_run)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_preview_of_a_messy_registry_reports_each_row_and_writes_nothing(file_format):
    setup_lookups()
    result = messy_ikm(file_format, dry_run=True)
    assert result.counts == {"new": 3, "updated": 0, "unchanged": 0, "repeated": 0, "invalid": 1}
    assert result.ignored_headers == ["Catatan Internal"]
    [invalid] = result.invalid_rows
    text = invalid.describe()
    assert text.startswith("baris 5 (Salah Ketik): ")
    assert "NIB harus 13 digit" in text
    assert "No. HP: “12” bukan nomor telepon Indonesia" in text
    assert "Kecamatan “Trowulann” tidak dikenal. Mungkin maksudnya “Trowulan”?" in text
    assert "Kategori “Tenun” tidak dikenal" in text
    assert "Email: “bukan-email” bukan alamat email." in text
    assert "Tahun Berdiri: 1800 terlalu kecil" in text
    assert "Jumlah Tenaga Kerja: “banyak” bukan angka." in text
    assert not result.written
    assert IKM.objects.count() == 0


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_invalid_row_blocks_the_whole_import(file_format):
    setup_lookups()
    result = messy_ikm(file_format, dry_run=False)
    assert not result.written
    assert IKM.objects.count() == 0


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_confirm_normalises_messy_cells(file_format):
    setup_lookups()
    result = messy_ikm(file_format, dry_run=False, valid_only=True)
    assert result.written
    assert result.counts["new"] == 3
    jaya = IKM.objects.get(nib="1234567890123")
    assert jaya.name == "Sepatu Jaya"
    assert jaya.kecamatan.name == "Trowulan"
    # The registry's «No. HP» is the owner's own number: private, not the business line.
    assert (jaya.owner_phone, jaya.phone) == ("+6281234567890", "")
    assert jaya.whatsapp == "+6281234567891"
    assert jaya.email == "budi@contoh.id"
    assert (jaya.year_founded, jaya.workers) == (2001, 12)
    assert [c.name for c in jaya.categories.all()] == ["Alas Kaki"]
    sekar = IKM.objects.get(nib="1234567890124")
    assert sekar.name == "Batik Sekar"  # double space tidied
    assert (sekar.owner_phone, sekar.whatsapp) == ("+6281234567892", "+6281234567893")
    assert sorted(c.name for c in sekar.categories.all()) == ["Alas Kaki", "Batik"]
    darto = IKM.objects.get(name="Ukir Pak Darto")
    assert (darto.nib, darto.kecamatan.name, darto.slug) == ("", "Sooko", "ukir-pak-darto")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_importing_the_same_file_twice_changes_nothing(file_format):
    setup_lookups()
    messy_ikm(file_format, dry_run=False, valid_only=True)
    before = list(IKM.objects.order_by("pk").values())
    again = messy_ikm(file_format, dry_run=False, valid_only=True)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 3, "repeated": 0, "invalid": 0}
    assert list(IKM.objects.order_by("pk").values()) == before


def test_rows_match_by_nib_then_by_name_and_kecamatan_in_any_case():
    trowulan = KecamatanFactory(name="Trowulan", slug="trowulan")
    by_nib = IKMFactory(name="Nama Lama", nib="1234567890123", kecamatan=trowulan)
    by_name = IKMFactory(name="Kulit Indah", nib="", kecamatan=trowulan, owner_name="Ani")
    data = csv_bytes(
        ["Nama Usaha", "NIB", "Kecamatan", "Pemilik"],
        [
            ["Nama Baru", "1234567890123", "Trowulan", ""],
            ["  KULIT   indah", "", "trowulan ", "Ani Rahayu"],
        ],
    )
    result = run(IKMImporter, data, "x.csv", dry_run=False)
    assert result.counts == {"new": 0, "updated": 2, "unchanged": 0, "repeated": 0, "invalid": 0}
    assert "berubah: nama usaha" in result.rows[0].messages[0]
    by_nib.refresh_from_db()
    by_name.refresh_from_db()
    assert by_nib.name == "Nama Baru"
    assert by_nib.owner_name == "Siti Aminah"  # empty cell leaves stored data alone
    assert by_name.owner_name == "Ani Rahayu"
    assert IKM.objects.count() == 2


def test_a_nib_fills_in_an_ikm_entered_without_one():
    ikm = IKMFactory(name="Kulit Indah", nib="", kecamatan__name="Trowulan")
    data = csv_bytes(
        ["Nama Usaha", "NIB", "Kecamatan"], [["Kulit Indah", "1234567890123", "trowulan"]]
    )
    result = run(IKMImporter, data, "x.csv", dry_run=False)
    assert result.counts["updated"] == 1
    ikm.refresh_from_db()
    assert ikm.nib == "1234567890123"


def test_the_same_ikm_twice_with_different_contents_is_refused():
    KecamatanFactory(name="Trowulan", slug="trowulan")
    data = csv_bytes(
        ["Nama Usaha", "NIB", "Kecamatan"],
        [["A", "1234567890123", "Trowulan"], ["B", "1234 5678 90123", "Trowulan"]],
    )
    result = run(IKMImporter, data, "x.csv", dry_run=True)
    assert result.invalid_rows[0].describe() == (
        "baris 3 (B): sama dengan baris 2 di berkas ini, tetapi isinya berbeda."
    )


def test_a_database_error_mid_import_leaves_nothing(monkeypatch):
    setup_lookups()
    original = IKMImporter.write_many_to_many

    def fail_after_ikm_are_saved(self, name, pairs):
        original(self, name, pairs)
        assert IKM.objects.count() == 3  # the rows were inserted
        raise DatabaseError("disk full")

    monkeypatch.setattr(IKMImporter, "write_many_to_many", fail_after_ikm_are_saved)
    with pytest.raises(DatabaseError):
        messy_ikm("csv", dry_run=False, valid_only=True)
    assert IKM.objects.count() == 0
    assert IKM.categories.through.objects.count() == 0


def test_imported_products_are_drafts_and_keep_their_status_on_update(editor, kurator):
    ikm = IKMFactory(name="Sepatu Jaya", nib="1234567890123")
    CategoryFactory(name="Alas Kaki", slug="alas-kaki")
    published = ProductFactory(ikm=ikm, name="Sandal Kulit", price=100000)
    header = ["Nama Produk", "Kode Produk", "NIB IKM", "Kategori", "Harga", "Status Kurasi"]
    rows = [
        ["Sepatu Pantofel", "", "1234567890123", "alas kaki", "Rp 350.000", "disetujui"],
        ["Sandal Kulit", published.code.lower(), "", "", "125.000", "draf"],
    ]
    for user in (editor, kurator):
        result = run(ProductImporter, csv_bytes(header, rows), "p.csv", dry_run=True, user=user)
        assert result.counts == {
            "new": 1,
            "updated": 1,
            "unchanged": 0,
            "repeated": 0,
            "invalid": 0,
        }
    preview = run(ProductImporter, csv_bytes(header, rows), "p.csv", dry_run=True, user=editor)
    assert "menunggu kurasi" in preview.rows[1].describe()
    run(ProductImporter, csv_bytes(header, rows), "p.csv", dry_run=False, user=editor)
    new = Product.objects.get(name_ind="Sepatu Pantofel")
    assert (new.status, new.price, new.ikm, new.slug) == ("draft", 350000, ikm, "sepatu-pantofel")
    assert new not in Product.objects.published()
    # An Editor's import does not change what the public sees: the change waits for review.
    published.refresh_from_db()
    assert (published.status, published.price) == ("approved", 100000)
    revision = published.revisions.get()
    assert (revision.status, revision.fields, revision.created_by) == (
        "pending",
        {"price": 125000},
        editor,
    )
    # A Kurator's import is the Kurator's decision: written at once, with its history.
    run(ProductImporter, csv_bytes(header, rows), "p.csv", dry_run=False, user=kurator)
    published.refresh_from_db()
    assert (published.status, published.price) == ("approved", 125000)
    before, after = published.history.order_by("history_date")[:2]
    assert (before.price, after.price) == (100000, 125000)
    assert (after.history_user, after.history_change_reason) == (kurator, "Impor dari berkas")
    again = run(ProductImporter, csv_bytes(header, rows), "p.csv", dry_run=False, user=editor)
    assert again.counts["unchanged"] == 2


def test_product_rows_name_their_ikm_and_codes_must_exist():
    IKMFactory(name="Dua", kecamatan__name="A")
    IKMFactory(name="Dua", kecamatan__name="B")
    CategoryFactory(name="Batik", slug="batik")
    header = ["Nama Produk", "Kode Produk", "Nama IKM", "Kategori", "Harga", "Harga Tertinggi"]
    rows = [
        ["Kain", "", "dua", "batik", "", ""],
        ["Kain", "P-NOPE99", "", "", "", ""],
        ["Kain", "", "Tidak Ada", "Batik", "", ""],
        ["Kain", "", "", "Batik", "50000", "40000"],
    ]
    result = run(ProductImporter, csv_bytes(header, rows), "p.csv", dry_run=True)
    messages = [row.describe() for row in result.invalid_rows]
    assert "ada 2 IKM bernama “dua”; isi kolom NIB IKM." in messages[0]
    assert "Kode Produk P-NOPE99 tidak ditemukan" in messages[1]
    assert "IKM “Tidak Ada” tidak dikenal." in messages[2]
    assert "isi kolom NIB IKM / Nama IKM" in messages[3]


def test_certificates_import_with_dates_in_many_formats():
    ikm = IKMFactory(name="Sepatu Jaya", nib="1234567890123")
    existing = BrandCertificateFactory(
        ikm=ikm, mark_name="JAYA", registration_number="IDM000000001"
    )
    header = [
        "Nama Merek",
        "Nomor Pendaftaran",
        "NIB IKM",
        "Kelas Nice",
        "Status",
        "Tanggal Permohonan",
        "Tanggal Pendaftaran",
        "Berlaku Sampai",
    ]
    rows = [
        ["JAYA", "idm 000000001", "", "25", "terdaftar", "15/03/2024", "15 Maret 2024", ""],
        ["SEKAR", "", "1234567890123", "24", "", "2024-02-29", "", ""],
        ["RUSAK", "", "1234567890123", "50", "terdaftar", "kemarin", "", ""],
    ]
    result = run(BrandCertificateImporter, csv_bytes(header, rows), "c.csv", dry_run=True)
    assert result.counts == {"new": 1, "updated": 1, "unchanged": 0, "repeated": 0, "invalid": 1}
    text = result.invalid_rows[0].describe()
    assert "Kelas Nice: 50 terlalu besar" in text
    assert "Tanggal Permohonan: “kemarin” bukan tanggal" in text
    result = run(BrandCertificateImporter, csv_bytes(header, rows[:2]), "c.csv", dry_run=False)
    assert result.written
    existing.refresh_from_db()
    assert existing.filing_date == datetime.date(2024, 3, 15)
    sekar = BrandCertificate.objects.get(mark_name="SEKAR")
    assert sekar.status == BrandCertificate.Status.IN_APPLICATION
    assert sekar.expiry_date == datetime.date(2034, 2, 28)  # ten years, 29 February
    again = run(BrandCertificateImporter, csv_bytes(header, rows[:2]), "c.csv", dry_run=False)
    assert again.counts["unchanged"] == 2


def test_registered_certificate_needs_a_number():
    IKMFactory(name="Sepatu Jaya")
    data = csv_bytes(
        ["Nama Merek", "Nama IKM", "Kelas Nice", "Status"],
        [["JAYA", "Sepatu Jaya", "25", "Terdaftar"]],
    )
    result = run(BrandCertificateImporter, data, "c.csv", dry_run=True)
    assert "merek terdaftar harus memiliki nomor pendaftaran" in result.invalid_rows[0].describe()


def test_rows_repeated_identically_import_once_with_a_notice():
    KecamatanFactory(name="Trowulan", slug="trowulan")
    # The same data, typed differently: a copied row whose cells were tidied by hand.
    data = csv_bytes(
        ["Nama Usaha", "NIB", "Kecamatan", "No. HP"],
        [
            ["Sepatu Jaya", "1234567890123", "Trowulan", "0812-3456-7890"],
            ["Batik Sekar", "", "Trowulan", ""],
            ["Sepatu Jaya", "1234 5678 90123", "trowulan", "+6281234567890"],
            ["Sepatu Jaya", "1234567890123", "Trowulan", "0812-3456-0000"],
        ],
    )
    result = run(IKMImporter, data, "x.csv", dry_run=True)
    assert result.counts == {"new": 2, "updated": 0, "unchanged": 0, "repeated": 1, "invalid": 1}
    assert "sama dengan baris 2 di berkas ini, tetapi isinya berbeda" in (
        result.invalid_rows[0].describe()
    )
    [repeated] = result.repeated_rows
    assert (
        repeated.describe() == "baris 4 (Sepatu Jaya): sama persis dengan baris 2; diimpor sekali."
    )
    run(IKMImporter, data, "x.csv", dry_run=False, skip_invalid=True)
    assert IKM.objects.count() == 2
    assert IKM.objects.get(nib="1234567890123").owner_phone == "+6281234567890"


def test_valid_rows_are_saved_with_skip_invalid_and_the_refused_file_says_what_to_fix():
    setup_lookups()
    data, name = messy_file("xlsx")
    sheet = read_sheet(data, name, IKMImporter.columns)
    result = IKMImporter().run(sheet, dry_run=False, skip_invalid=True)
    assert result.written
    assert result.counts["new"] == 3 and result.counts["invalid"] == 1
    assert IKM.objects.count() == 3
    assert result.summary() == (
        "Impor selesai: 3 baru, 0 diperbarui, 0 tidak berubah. 1 baris ditolak."
    )
    refused = openpyxl.load_workbook(io.BytesIO(refused_rows_file(sheet, result, name))).active
    header, *rows = list(refused.values)
    assert header[:-1] == tuple(IKM_HEADER) and header[-1] == "Perbaiki"
    [row] = rows
    assert row[0] == "Salah Ketik" and row[-3] == "Tenun"  # the cells as typed
    assert "NIB harus 13 digit" in row[-1]
    assert refused_file_name(name) == "registri-ditolak.xlsx"


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("Kuningan", "logam-kuningan"),
        ("cor  KUNINGAN", "logam-kuningan"),
        ("Kendang", "alat-musik"),
        ("Anyaman Bambu", "anyaman"),
        ("Catur", "mainan-permainan"),
        ("Sepatu", "alas-kaki"),
        ("Tas Kulit", "kulit"),
        ("Batik Tulis", "batik"),
        ("Gerabah", "gerabah-keramik"),
        ("Ukir Kayu", "ukir-kayu"),
        ("Musical instruments", "alat-musik"),  # the English name
        ("logam-kuningan", "logam-kuningan"),  # the slug
    ],
)
def test_categories_match_by_name_slug_or_alias(typed, slug):
    for order, (cat_slug, name, name_en, _colour, _description) in enumerate(demo.CATEGORIES):
        category = Category(
            slug=cat_slug,
            name_ind=name,
            name_en=name_en,
            aliases="\n".join(demo.CATEGORY_ALIASES.get(cat_slug, [])),
            ordering=order,
        )
        category.full_clean()  # the demo aliases never clash
        category.save()
    KecamatanFactory(name="Trowulan", slug="trowulan")
    data = csv_bytes(["Nama Usaha", "Kecamatan", "Jenis Kerajinan"], [["Usaha", "Trowulan", typed]])
    run(IKMImporter, data, "x.csv", dry_run=False)
    assert [c.slug for c in IKM.objects.get().categories.all()] == [slug]
    ikm = IKMFactory(nib="1234567890123")
    data = csv_bytes(["Nama Produk", "NIB IKM", "Kategori"], [["Barang", ikm.nib, typed]])
    run(ProductImporter, data, "p.csv", dry_run=False)
    assert Product.objects.get().category.slug == slug


def test_imports_never_publish_or_hide_an_ikm():
    KecamatanFactory(name="Trowulan", slug="trowulan")
    hidden = IKMFactory(name="Lama", nib="1234567890123", is_public=False)
    shown = IKMFactory(name="Tampil", nib="1234567890124", is_public=True)
    data = csv_bytes(
        ["Nama Usaha", "NIB", "Kecamatan", "Tampil Publik"],
        [
            ["Baru", "", "Trowulan", "ya"],
            ["Lama", hidden.nib, "Trowulan", "ya"],
            ["Tampil", shown.nib, "Trowulan", "tidak"],
        ],
    )
    result = run(IKMImporter, data, "x.csv", dry_run=False)
    assert not result.invalid_rows and not result.ignored_headers
    assert IKM.objects.get(name="Baru").is_public is False
    hidden.refresh_from_db()
    shown.refresh_from_db()
    assert (hidden.is_public, shown.is_public) == (False, True)


def test_business_numbers_and_the_owner_number_go_to_their_own_fields():
    KecamatanFactory(name="Trowulan", slug="trowulan")
    data = csv_bytes(
        ["Nama Usaha", "Kecamatan", "HP", "Telepon Usaha", "WA"],
        [["Usaha", "Trowulan", "0812-1111-2222", "0321-123456", "0813-3333-4444"]],
    )
    run(IKMImporter, data, "x.csv", dry_run=False)
    ikm = IKM.objects.get()
    assert (ikm.owner_phone, ikm.phone, ikm.whatsapp) == (
        "+6281211112222",
        "+62321123456",
        "+6281333334444",
    )
    assert ikm.owner_phone_public is False
