import io

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import IKM
from catalogue.tests.spreadsheet_data import IKM_ROWS, messy_file, setup_lookups

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
