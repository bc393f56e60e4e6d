import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalogue.tests.factories import KecamatanFactory
from catalogue.tests.spreadsheet_data import csv_bytes, xlsx_bytes
from galleries.models import Gallery

pytestmark = pytest.mark.django_db

HEADER = ["Kode", "Nama Galeri", "Alamat", "Kecamatan", "Lintang", "Bujur", "Telepon", "Aktif"]
ROWS = [
    [
        "ppst",
        "Galeri Dekranasda PPST",
        "Jl. Raya Trowulan",
        "TROWULAN",
        "-7,5612",
        112.3801,
        "0321-495000",
        "ya",
    ],
    ["MPP", "Galeri Dekranasda MPP", "Jl. Jayanegara", " trowulan", "", "", "", "tidak"],
]


def test_gallery_manager_imports_galleries_matched_by_code(client, pengelola_galeri):
    KecamatanFactory(name="Trowulan", slug="trowulan")
    Gallery.objects.create(
        code="PPST", name="Lama", slug="lama", address="x", kecamatan=KecamatanFactory()
    )
    client.force_login(pengelola_galeri)
    url = reverse("admin:galleries_gallery_import")
    response = client.post(url, {"file": SimpleUploadedFile("g.xlsx", xlsx_bytes(HEADER, ROWS))})
    assert response.context["result"].counts == {
        "new": 1,
        "updated": 1,
        "unchanged": 0,
        "repeated": 0,
        "invalid": 0,
    }
    token = response.context["upload"].token
    client.post(reverse("admin:galleries_gallery_import_confirm"), {"token": token})
    ppst = Gallery.objects.get(code="PPST")
    assert (ppst.name, ppst.latitude, ppst.phone) == (
        "Galeri Dekranasda PPST",
        Decimal("-7.561200"),
        "+62321495000",
    )
    assert not Gallery.objects.get(code="MPP").is_active
    exported = client.get(reverse("admin:galleries_gallery_export", args=["csv"]))
    again = client.post(url, {"file": SimpleUploadedFile("g.csv", exported.getvalue())})
    assert again.context["result"].counts["unchanged"] == 2


def test_editor_may_not_import_galleries(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:galleries_gallery_import")).status_code == 403


def test_import_galleries_command_reports_bad_coordinates(tmp_path):
    KecamatanFactory(name="Trowulan", slug="trowulan")
    path = tmp_path / "galeri.csv"
    path.write_bytes(csv_bytes(HEADER, [["X", "Galeri", "Jl.", "Trowulan", "95", "", "", ""]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 baris bermasalah"):
        call_command("import_galleries", str(path), stdout=io.StringIO(), stderr=err)
    assert "Lintang: 95 di luar rentang" in err.getvalue()
