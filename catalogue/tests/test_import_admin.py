import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.models import IKM, ImportUpload, Product
from catalogue.tests.factories import (
    CategoryFactory,
    IKMFactory,
    KecamatanFactory,
    ProductFactory,
)
from catalogue.tests.spreadsheet_data import (
    IKM_ROWS,
    REGISTRY_HEADER,
    csv_bytes,
    messy_file,
    registry_rows,
    setup_lookups,
    setup_registry_lookups,
)

pytestmark = pytest.mark.django_db

IMPORT_PAGES = {
    "ikm": "admin:catalogue_ikm_import",
    "products": "admin:catalogue_product_import",
    "certificates": "admin:catalogue_brandcertificate_import",
    "galleries": "admin:galleries_gallery_import",
}


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("editor", {"ikm", "products", "certificates"}),
        ("kurator", {"ikm", "products", "certificates"}),
        ("pengelola_galeri", {"galleries"}),
        ("superuser", set(IMPORT_PAGES)),
    ],
)
def test_import_pages_per_role(client, request, role, allowed):
    client.force_login(request.getfixturevalue(role))
    for page, name in IMPORT_PAGES.items():
        response = client.get(reverse(name))
        assert response.status_code == (200 if page in allowed else 403), (role, page)
        response = client.post(reverse(name.replace("_import", "_import_confirm")), {"token": "x"})
        assert response.status_code == (302 if page in allowed else 403), (role, page)


def test_import_link_shown_only_to_those_who_may_import(client, editor, pengelola_galeri):
    client.force_login(pengelola_galeri)
    page = client.get(reverse("admin:catalogue_ikm_changelist")).content.decode()
    assert "Impor dari berkas" not in page
    assert "Ekspor XLSX" in page
    client.force_login(editor)
    page = client.get(reverse("admin:catalogue_ikm_changelist")).content.decode()
    assert "Impor dari berkas" in page


def upload(client, data, name):
    return client.post(
        reverse("admin:catalogue_ikm_import"), {"file": SimpleUploadedFile(name, data)}
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_upload_preview_confirm(client, editor, file_format):
    setup_lookups()
    client.force_login(editor)
    data, name = messy_file(file_format)
    page = upload(client, data, name).content.decode()
    assert "baris bermasalah" in page.lower()
    assert "NIB harus 13 digit" in page and "Mungkin maksudnya “Trowulan”?" in page
    assert "Simpan semua perubahan" not in page  # no confirm while a row is invalid
    assert IKM.objects.count() == 0

    data, name = messy_file(file_format, rows=IKM_ROWS[:3])
    response = upload(client, data, name)
    page = response.content.decode()
    assert "Simpan semua perubahan" in page
    assert IKM.objects.count() == 0  # nothing written before confirming
    token = response.context["upload"].token
    response = client.post(reverse("admin:catalogue_ikm_import_confirm"), {"token": token})
    assert response.status_code == 302
    assert IKM.objects.count() == 3
    assert not ImportUpload.objects.filter(token=token).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Impor selesai: 3 baru, 0 diperbarui, 0 tidak berubah."]
    # Each imported record's history says who imported it.
    created = IKM.history.filter(history_type="+")
    assert created.count() == 3
    assert {(h.history_user, h.history_change_reason) for h in created} == {
        (editor, "Impor dari berkas")
    }

    # The same file again: every row unchanged, nothing to confirm.
    page = upload(client, data, name).content.decode()
    assert "Semua baris sama dengan data yang tersimpan" in page


def test_confirm_checks_again_and_belongs_to_the_uploader(client, editor, kurator):
    setup_lookups()
    client.force_login(editor)
    data, name = messy_file("csv", rows=IKM_ROWS[:1])
    token = upload(client, data, name).context["upload"].token
    client.force_login(kurator)
    response = client.post(reverse("admin:catalogue_ikm_import_confirm"), {"token": token})
    assert response.status_code == 302
    assert IKM.objects.count() == 0
    client.force_login(editor)
    # Someone removes the kecamatan between preview and confirm.
    IKM.objects.all().delete()
    from catalogue.models import Kecamatan

    Kecamatan.objects.filter(name="Trowulan").update(name="Trowulan Lama", slug="lama")
    response = client.post(reverse("admin:catalogue_ikm_import_confirm"), {"token": token})
    assert response.status_code == 200
    assert "tidak ada yang disimpan" in response.content.decode()
    assert IKM.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "kosong.csv", ""),  # Django's own "file is empty" error
        (b"%PDF-1.4", "registri.pdf", "Berkas harus berformat CSV atau XLSX."),
        (b"PK\x03\x04rusak", "registri.xlsx", "Berkas XLSX tidak dapat dibaca."),
        (b"Nama,Umur\nA,1\n", "registri.csv", "Kolom wajib tidak ada: Kecamatan."),
        (b"Nama Usaha;Kecamatan\n", "registri.csv", "tanpa data"),
        (b"\xff\xfe\x00\x00", "registri.csv", "bukan CSV teks"),
    ],
)
def test_bad_files_get_a_form_error(client, editor, data, name, message):
    client.force_login(editor)
    response = upload(client, data, name)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert message in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_huge_file_refused(client, editor, monkeypatch):
    monkeypatch.setattr("catalogue.spreadsheet_admin.MAX_FILE_BYTES", 100)
    client.force_login(editor)
    response = upload(client, b"Nama Usaha;Kecamatan\n" + b"A;B\n" * 50, "besar.csv")
    assert "Berkas terlalu besar" in response.content.decode()


def test_export_respects_filters_and_search(client, pengelola_galeri):
    trowulan = KecamatanFactory(name="Trowulan", slug="trowulan")
    IKMFactory(name="Sepatu Jaya", kecamatan=trowulan, nib="1234567890123")
    IKMFactory(name="Sepatu Lain", kecamatan__name="Sooko")
    IKMFactory(name="Batik Sekar", kecamatan=trowulan)
    client.force_login(pengelola_galeri)
    url = reverse("admin:catalogue_ikm_export", args=["xlsx"])
    response = client.get(url, {"kecamatan__id__exact": trowulan.pk, "q": "sepatu"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ikm-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Nama Usaha", "Pemilik", "NIB")
    assert [row[0] for row in rows[1:]] == ["Sepatu Jaya"]
    assert rows[1][2] == "1234567890123"  # text, not a float

    response = client.get(reverse("admin:catalogue_ikm_export", args=["csv"]), {"q": "sepatu"})
    text = response.getvalue().decode("utf-8-sig")
    assert "Sepatu Jaya" in text and "Sepatu Lain" in text and "Batik Sekar" not in text
    assert client.get(url, {"kecamatan__id__exact": "x"}).status_code == 302
    assert client.get(reverse("admin:catalogue_ikm_export", args=["pdf"])).status_code == 403


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(client, kurator, file_format):
    ikm = IKMFactory(
        name="Sepatu Jaya",
        nib="1234567890123",
        phone="0321-123456",
        workers=5,
        email="jaya@contoh.id",
        instagram="sepatujaya",
        year_founded=1999,
    )
    ProductFactory(ikm=ikm, name="Sandal", price=125000, price_max=150000, weight_grams=400)
    ProductFactory(ikm=ikm, name="Tas", status=Product.Status.DRAFT, is_export_ready=True)
    client.force_login(kurator)
    for model in ("ikm", "product"):
        exported = client.get(reverse(f"admin:catalogue_{model}_export", args=[file_format]))
        response = client.post(
            reverse(f"admin:catalogue_{model}_import"),
            {"file": SimpleUploadedFile(f"ekspor.{file_format}", exported.getvalue())},
        )
        counts = response.context["result"].counts
        assert counts["unchanged"] == counts["new"] + counts["updated"] + counts["unchanged"] > 0
        assert not response.context["result"].invalid_rows


def test_csv_export_streams_in_chunks_read_through_an_iterator(client, kurator, monkeypatch):
    from catalogue import spreadsheets

    IKMFactory.create_batch(5)
    chunk_sizes = []
    real_chunks = spreadsheets.csv_chunks

    def small_chunks(columns, rows):
        assert not isinstance(rows, list)  # a generator: rows are never all in memory
        for chunk in real_chunks(columns, rows, rows_per_chunk=2):
            chunk_sizes.append(len(chunk))
            yield chunk

    monkeypatch.setattr("catalogue.spreadsheet_admin.csv_chunks", small_chunks)
    client.force_login(kurator)
    response = client.get(reverse("admin:catalogue_ikm_export", args=["csv"]))
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.startswith("Nama Usaha,")
    assert len(text.splitlines()) == 6
    assert len(chunk_sizes) == 3  # 2 + 2 + 1 rows, the header with the first


def test_save_the_valid_rows_and_download_the_refused_ones(client, editor):
    setup_registry_lookups()
    client.force_login(editor)
    rows = registry_rows(90)
    response = upload(client, csv_bytes(REGISTRY_HEADER, rows), "registry.csv")
    page = response.content.decode()
    assert "Simpan baris yang valid" in page and "Simpan semua perubahan" not in page
    assert "Unduh baris yang ditolak" in page
    assert "sama persis dengan baris 2; diimpor sekali." in page
    assert IKM.objects.count() == 0
    refused_url = response.context["refused_url"]
    token = response.context["upload"].token

    response = client.post(
        reverse("admin:catalogue_ikm_import_confirm"), {"token": token, "skip_invalid": "1"}
    )
    assert response.status_code == 302
    assert IKM.objects.count() == 84
    assert not IKM.objects.filter(is_public=True).exists()
    [message] = [str(m) for m in response.wsgi_request._messages]
    assert message.startswith(
        "Impor selesai: 84 baru, 0 diperbarui, 0 tidak berubah. 9 baris ditolak. "
        "3 baris berulang diimpor sekali."
    )
    assert refused_url in message  # the refused rows can still be fetched after saving

    response = client.get(refused_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="registry-ditolak.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join([*REGISTRY_HEADER, "Perbaiki"])
    assert len(lines) == 1 + 9
    assert "Usaha Kerajinan 10,120000000001" in lines[1] and "NIB harus 13 digit" in lines[1]

    # Fixed, the downloaded file imports with nothing refused.
    fixed = list(csv.reader(lines))
    for row in fixed[1:]:
        row[1] = str(1200000000000 + int(row[0].rsplit(" ", 1)[1]))
        row[2] = row[2].replace("Trowulann", "Trowulan")
    response = upload(client, csv_bytes(fixed[0], fixed[1:]), "registry-ditolak.csv")
    result = response.context["result"]
    assert result.counts["invalid"] == 0 and not result.ignored_headers
    assert "Simpan semua perubahan" in response.content.decode()


def test_refused_rows_belong_to_the_uploader(client, editor, kurator):
    setup_lookups()
    client.force_login(editor)
    data, name = messy_file("xlsx")
    response = upload(client, data, name)
    refused_url = response.context["refused_url"]
    response = client.get(refused_url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.values] == [" nama usaha ", "Salah Ketik"]
    client.force_login(kurator)
    assert client.get(refused_url).status_code == 302


def test_category_aliases_in_the_admin(client, superuser):
    logam = CategoryFactory(name="Logam & Kuningan", slug="logam-kuningan", aliases="Kuningan")
    client.force_login(superuser)
    page = client.get(reverse("admin:catalogue_category_change", args=[logam.pk]))
    assert 'name="aliases"' in page.content.decode()
    found = client.get(reverse("admin:catalogue_category_changelist"), {"q": "kuningan"})
    assert "Logam &amp; Kuningan" in found.content.decode()

    response = client.post(
        reverse("admin:catalogue_category_add"),
        {
            "name_ind": "Cor Logam",
            "slug": "cor-logam",
            "aliases": "Cor Kuningan\n  KUNINGAN ",
            "ordering": 0,
        },
    )
    assert response.status_code == 200
    assert "“KUNINGAN” sudah dipakai kategori Logam &amp; Kuningan." in response.content.decode()
    response = client.post(
        reverse("admin:catalogue_category_add"),
        {"name_ind": "Cor Logam", "slug": "cor-logam", "aliases": "Cor Kuningan", "ordering": 0},
    )
    assert response.status_code == 302
