import hashlib
import io
import json
import os
import shutil
import tarfile

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection

from catalogue.models import IKM, Product
from catalogue.tests.factories import ProductFactory
from dekranasda import backups, roles
from galleries.models import Gallery

ON_POSTGRES = connection.vendor == "postgresql"
HAS_PG_DUMP = ON_POSTGRES and shutil.which("pg_dump") is not None


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def archives(directory):
    return sorted(directory.glob("dekranasda-*.tar.gz"))


def read_manifest(path):
    with tarfile.open(path) as tar:
        return json.load(tar.extractfile("manifest.json")), tar.getnames()


def state():
    """What an operator checks after a restore: counts and a few records in full."""
    product = Product.objects.get(slug="batik-tulis-mrico-bolong-indigo")
    photo = product.images.order_by("pk").first()
    with photo.image.open("rb") as handle:
        photo_bytes = handle.read()
    ikm = IKM.objects.get(slug="batik-sutra-kirana")
    gallery = Gallery.objects.get(code="PPST")
    user = User.objects.get(username="kurator-satu")
    return {
        "counts": backups.model_counts(exclude=backups.JSON_EXCLUDED),
        "product": (product.code, product.name_ind, product.name_en, product.description_en),
        "product_status": (product.status, product.published_at, product.ikm.slug),
        "photo": (photo.image.name, photo.width, hashlib.sha256(photo_bytes).hexdigest()),
        "ikm_phone": (ikm.phone, ikm.whatsapp, ikm.nib),
        "hours": list(gallery.hours.values_list("weekday", "opens", "closes")),
        "user": (user.password, user.is_staff, sorted(user.groups.values_list("name", flat=True))),
        "history": product.history.count(),
    }


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    product = Product.objects.get(slug="batik-tulis-mrico-bolong-indigo")
    product.name_en = "Mrico Bolong hand-drawn batik, indigo"
    product.description_en = "Drawn by hand with natural indigo."
    product.save()
    user = User.objects.create_user("kurator-satu", password="kata-sandi-uji-123", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.KURATOR), Group.objects.get(name=roles.EDITOR))
    return state()


@pytest.mark.parametrize(
    "fmt",
    [
        "json",
        pytest.param(
            "pg_dump",
            marks=pytest.mark.skipif(not HAS_PG_DUMP, reason="needs PostgreSQL and pg_dump"),
        ),
    ],
)
def test_backup_and_restore_round_trip(demo, media_root, tmp_path, fmt):
    before = demo
    assert before["counts"]["catalogue.product"] >= 60
    assert before["product"][2] == "Mrico Bolong hand-drawn batik, indigo"

    output = run("backup", "--dir", str(tmp_path / "backups"), "--format", fmt)
    [archive] = archives(tmp_path / "backups")
    assert str(archive) in output
    manifest, names = read_manifest(archive)
    assert manifest["format"] == fmt
    assert ("database.dump" if fmt == "pg_dump" else "database.json") in names
    assert manifest["counts"]["catalogue.product"] == before["counts"]["catalogue.product"]
    assert manifest["media"]["files"] == sum(1 for p in media_root.rglob("*") if p.is_file())
    assert f"media/{before['photo'][0]}" in names
    assert manifest["app_version"].startswith("0.")

    call_command("flush", interactive=False)
    shutil.rmtree(media_root)
    assert not Product.objects.exists()

    output = run("restore", str(archive))

    assert "all counts match the backup" in output
    assert f"catalogue.product: {before['counts']['catalogue.product']}" in output
    after = state()
    assert after == before
    # The restored site keeps working: a new product gets a fresh id, roles are intact.
    ProductFactory()
    assert (
        Group.objects.get(name=roles.KURATOR)
        .permissions.filter(codename="approve_product")
        .exists()
    )


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL only")
def test_restore_of_a_pg_dump_into_a_database_without_tables(demo, media_root, tmp_path):
    if not HAS_PG_DUMP:
        pytest.skip("needs pg_dump")
    run("backup", "--dir", str(tmp_path), "--format", "pg_dump")
    [archive] = archives(tmp_path)
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    shutil.rmtree(media_root)

    output = run("restore", str(archive))

    assert "all counts match the backup" in output
    assert state() == demo


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_data_unless_forced(tmp_path, media_root):
    kept = ProductFactory(name="Tas Lama")
    run("backup", "--dir", str(tmp_path))
    [archive] = archives(tmp_path)
    ProductFactory(name="Tas Baru")

    with pytest.raises(CommandError, match=r"already holds data.*--force"):
        call_command("restore", str(archive))
    assert Product.objects.count() == 2

    output = run("restore", str(archive), "--force", "--dir", str(tmp_path / "safety"))

    assert list(Product.objects.values_list("name_ind", flat=True)) == [kept.name_ind]
    [safety] = archives(tmp_path / "safety")
    assert str(safety) in output
    assert read_manifest(safety)[0]["counts"]["catalogue.product"] == 2


def write_archive(path, manifest=None, files=None):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in (files or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if manifest is not None:
            data = json.dumps(manifest).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def valid_manifest(dump, fmt="json", **extra):
    return {
        "archive_format": 1,
        "created_at": "2026-11-23T10:15:00+07:00",
        "format": fmt,
        "database": {
            "file": "database.dump" if fmt == "pg_dump" else "database.json",
            "sha256": hashlib.sha256(dump).hexdigest(),
        },
        "migrations": [["catalogue", "0001_initial"]],
        "counts": {},
        **extra,
    }


def truncated(tmp_path):
    dump = os.urandom(100_000)
    good = write_archive(tmp_path / "good.tar.gz", valid_manifest(dump), {"database.json": dump})
    path = tmp_path / "truncated.tar.gz"
    path.write_bytes(good.read_bytes()[:2000])
    return path


BAD_ARCHIVES = {
    "missing": (lambda tmp: tmp / "nowhere.tar.gz", "not found"),
    "not an archive": (
        lambda tmp: (tmp / "x.tar.gz").write_bytes(b"not a tarball") and tmp / "x.tar.gz",
        "not a readable backup archive",
    ),
    "truncated": (truncated, "not a readable backup archive"),
    "no manifest": (
        lambda tmp: write_archive(tmp / "x.tar.gz", None, {"database.json": b"[]"}),
        "no manifest.json",
    ),
    "unreadable manifest": (
        lambda tmp: write_archive(tmp / "x.tar.gz", None, {"manifest.json": b"{oops"}),
        "manifest .* is unreadable",
    ),
    "no dump": (
        lambda tmp: write_archive(tmp / "x.tar.gz", valid_manifest(b"[]")),
        "holds no database dump",
    ),
    "damaged dump": (
        lambda tmp: write_archive(
            tmp / "x.tar.gz", valid_manifest(b"[]"), {"database.json": b"[{}]"}
        ),
        "checksum mismatch",
    ),
    "bad rows": (
        lambda tmp: write_archive(
            tmp / "x.tar.gz",
            valid_manifest(b'[{"model": "catalogue.nosuch", "fields": {}}]'),
            {"database.json": b'[{"model": "catalogue.nosuch", "fields": {}}]'},
        ),
        "could not be loaded",
    ),
    "from a newer version": (
        lambda tmp: write_archive(
            tmp / "x.tar.gz",
            valid_manifest(b"[]", migrations=[["catalogue", "0999_future"]]),
            {"database.json": b"[]"},
        ),
        "newer version of the site",
    ),
    "escaping paths": (
        lambda tmp: write_archive(tmp / "x.tar.gz", None, {"../../manifest.json": b"{}"}),
        "no manifest.json",
    ),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", BAD_ARCHIVES)
def test_restore_explains_a_bad_archive_and_changes_nothing(tmp_path, case):
    make, message = BAD_ARCHIVES[case]
    archive = make(tmp_path)
    Group.objects.create(name="Tetap ada")

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive))

    assert Group.objects.filter(name="Tetap ada").exists()
    assert not (tmp_path.parent / "manifest.json").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(ON_POSTGRES, reason="checks the refusal on a database other than PostgreSQL")
def test_a_pg_dump_archive_is_refused_outside_postgresql(tmp_path):
    dump = b"PGDMP fake"
    archive = write_archive(
        tmp_path / "x.tar.gz", valid_manifest(dump, fmt="pg_dump"), {"database.dump": dump}
    )
    with pytest.raises(CommandError, match="restores only into PostgreSQL"):
        call_command("restore", str(archive))


def test_the_database_password_never_reaches_the_command_line():
    settings_dict = {
        "NAME": "dekranasda",
        "USER": "katalog",
        "PASSWORD": "rahasia-sekali",
        "HOST": "db.internal",
        "PORT": 5432,
        "OPTIONS": {"sslmode": "require"},
    }
    args, env = backups.pg_command("/usr/bin/pg_dump", settings_dict, ["--format=custom"])
    assert not any("rahasia" in arg for arg in args)
    assert args[-2:] == ["--dbname", "dekranasda"]
    assert args[args.index("--host") : args.index("--host") + 2] == ["--host", "db.internal"]
    assert env["PGPASSWORD"] == "rahasia-sekali"
    assert env["PGSSLMODE"] == "require"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL only")
def test_a_pg_dump_too_old_for_the_server_falls_back_to_json(tmp_path, monkeypatch):
    ProductFactory()
    monkeypatch.setattr(backups.shutil, "which", lambda name: f"/opt/old/{name}")
    monkeypatch.setattr(backups, "pg_tool_version", lambda binary: 9)

    output = run("backup", "--dir", str(tmp_path))

    assert "pg_dump 9 cannot dump a PostgreSQL" in output
    [archive] = archives(tmp_path)
    assert read_manifest(archive)[0]["format"] == "json"
    with pytest.raises(CommandError, match="Install postgresql-client"):
        call_command("backup", "--dir", str(tmp_path), "--format", "pg_dump")


@pytest.mark.django_db(transaction=True)
def test_media_in_object_storage_are_left_to_the_provider(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    ProductFactory()

    output = run("backup", "--dir", str(tmp_path))

    assert "back up the bucket with its provider" in output
    [archive] = archives(tmp_path)
    manifest, names = read_manifest(archive)
    assert manifest["media"]["included"] is False
    assert not [name for name in names if name.startswith("media/")]


@pytest.mark.django_db(transaction=True)
def test_backup_dir_from_the_settings_and_keep_the_newest(tmp_path, settings, media_root):
    settings.BACKUP_DIR = tmp_path / "nightly"
    media_root.mkdir(parents=True)
    (media_root / "catatan.txt").write_text("isi")
    for _ in range(3):
        run("backup")
    assert len(archives(tmp_path / "nightly")) == 3
    newest = max(archives(tmp_path / "nightly"), key=lambda p: p.stat().st_mtime_ns)

    output = run("backup", "--keep", "2")

    kept = archives(tmp_path / "nightly")
    assert len(kept) == 2
    assert "Deleted old backup" in output
    assert newest in kept
    assert all(oct(path.stat().st_mode)[-3:] == "600" for path in kept)
    assert "media/catatan.txt" in read_manifest(kept[0])[1]


@pytest.mark.django_db(transaction=True)
def test_backup_into_an_unusable_folder_says_so(tmp_path):
    occupied = tmp_path / "taken"
    occupied.write_text("a file, not a folder")

    with pytest.raises(CommandError, match="Cannot create the backup folder"):
        call_command("backup", "--dir", str(occupied / "backups"))
    with pytest.raises(CommandError, match="--keep must be zero or more"):
        call_command("backup", "--dir", str(tmp_path), "--keep", "-1")
