import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from catalogue.models import IKM
from catalogue.tests.spreadsheet_data import (
    IKM_ROWS,
    REGISTRY_HEADER,
    csv_bytes,
    messy_file,
    registry_rows,
    setup_lookups,
    setup_registry_lookups,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def write(tmp_path, rows, file_format="xlsx"):
    data, name = messy_file(file_format, rows=rows)
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_ikm_dry_run_then_for_real(tmp_path):
    setup_lookups()
    path = write(tmp_path, IKM_ROWS[:3])
    out, _err = run("import_ikm", path, "--dry-run")
    assert "Baru: 3" in out and "tidak ada yang disimpan" in out
    assert IKM.objects.count() == 0
    out, _err = run("import_ikm", path)
    assert "Semua baris tersimpan." in out
    assert IKM.objects.count() == 3
    out, _err = run("import_ikm", path)
    assert "Tidak berubah: 3" in out


def test_invalid_rows_are_listed_and_the_command_fails(tmp_path):
    setup_lookups()
    path = write(tmp_path, IKM_ROWS, "csv")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 baris bermasalah; tidak ada yang disimpan"):
        call_command("import_ikm", path, stdout=out, stderr=err)
    assert "Bermasalah: 1" in out.getvalue()
    assert "baris 5 (Salah Ketik): NIB harus 13 digit" in err.getvalue()
    assert IKM.objects.count() == 0


def test_bad_file_and_user_without_permission(tmp_path, pengelola_galeri):
    bad = tmp_path / "registri.pdf"
    bad.write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="CSV atau XLSX"):
        run("import_ikm", str(bad))
    with pytest.raises(CommandError, match="No such file"):
        run("import_products", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="may not import"):
        run("import_ikm", str(bad), "--user", pengelola_galeri.username)


def test_skip_invalid_saves_the_valid_rows_and_hands_back_the_refused_ones(tmp_path):
    setup_registry_lookups()
    path = tmp_path / "registry.xlsx"
    path.write_bytes(xlsx_bytes(REGISTRY_HEADER, registry_rows(2400)))
    out, err = run("import_ikm", str(path), "--skip-invalid")
    # 80 NIB with 12 digits, 80 unknown kecamatan, 80 listed twice with another number.
    assert "Baru: 2240" in out and "Bermasalah: 240" in out
    assert "Berulang, diimpor sekali: 80" in out
    assert "baris 3 (Usaha Kerajinan 0): sama persis dengan baris 2; diimpor sekali." in out
    refused_path = tmp_path / "registry-ditolak.xlsx"
    assert f"240 baris ditolak, ditulis ke {refused_path}" in out
    assert "Impor selesai: 2240 baru, 0 diperbarui, 0 tidak berubah. 240 baris ditolak." in out
    assert "NIB harus 13 digit" in err
    assert IKM.objects.count() == 2240
    assert not IKM.objects.filter(is_public=True).exists()  # «Tampil Publik: ya» is ignored

    # The officer fixes the refused rows in the file and imports it as it is.
    workbook = openpyxl.load_workbook(refused_path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header == [*REGISTRY_HEADER, "Perbaiki"]
    fixes = [row[-1].value for row in sheet.iter_rows(min_row=2)]
    assert len(fixes) == 240 and all(fixes)
    for name, nib, kecamatan, *_rest in sheet.iter_rows(min_row=2):
        number = int(name.value.rsplit(" ", 1)[1])
        nib.value = str(1200000000000 + number)
        if kecamatan.value == "Trowulann":
            kecamatan.value = "Trowulan"
    workbook.save(refused_path)
    out, err = run("import_ikm", str(refused_path), "--skip-invalid")
    assert "Bermasalah: 0" in out and "Kolom diabaikan" not in out
    # The businesses listed twice now update the record saved from their first row.
    assert "Baru: 160" in out and "Diperbarui: 80" in out
    assert not (tmp_path / "registry-ditolak-ditolak.xlsx").exists()
    assert IKM.objects.count() == 2400
    assert IKM.objects.filter(categories__slug="alas-kaki").count() == 1200


def test_skip_invalid_csv_writes_a_csv_and_dry_run_saves_nothing(tmp_path):
    setup_registry_lookups()
    path = tmp_path / "registry.csv"
    path.write_bytes(csv_bytes(REGISTRY_HEADER, registry_rows(60)))
    out, _err = run("import_ikm", str(path), "--skip-invalid", "--dry-run")
    assert "tidak ada yang disimpan" in out
    assert IKM.objects.count() == 0
    text = (tmp_path / "registry-ditolak.csv").read_text("utf-8-sig")
    assert text.splitlines()[0] == ",".join([*REGISTRY_HEADER, "Perbaiki"])
    assert len(text.splitlines()) == 1 + 6


@pytest.mark.parametrize(
    ("command", "header", "bad_row"),
    [
        ("import_ikm", ["Nama Usaha", "Kecamatan"], ["Usaha", "Tidak Ada"]),
        ("import_products", ["Nama Produk", "Kategori"], ["Kain", "Tidak Ada"]),
        ("import_certificates", ["Nama Merek", "Kelas Nice"], ["JAYA", "99"]),
        ("import_galleries", ["Nama Galeri", "Kode"], ["Galeri", ""]),
    ],
)
def test_every_import_command_can_skip_invalid_rows(tmp_path, command, header, bad_row):
    path = tmp_path / "data.csv"
    path.write_bytes(csv_bytes(header, [bad_row]))
    with pytest.raises(CommandError, match="--skip-invalid"):
        run(command, str(path))
    out, _err = run(command, str(path), "--skip-invalid")
    assert "1 baris ditolak" in out
    lines = (tmp_path / "data-ditolak.csv").read_text("utf-8-sig").splitlines()
    assert lines[0] == ",".join([*header, "Perbaiki"]) and len(lines) == 2
