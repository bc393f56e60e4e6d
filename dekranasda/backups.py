"""Backups of the database and media files in one archive, and their restore.

An archive is a `.tar.gz` holding `manifest.json`, the database (`database.dump` from
pg_dump's custom format, or `database.json` from Django's serialisation) and the files
under MEDIA_ROOT in `media/`. See docs/backups.md.
"""

import contextlib
import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone, translation

from dekranasda.roles import sync_roles

ARCHIVE_PREFIX = "dekranasda"
ARCHIVE_FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP_FILE = "database.dump"
JSON_FILE = "database.json"
MEDIA_DIR = "media"
PG_DUMP = "pg_dump"
JSON = "json"

# Rebuilt by `migrate` on the target (ids differ between databases) or worthless after a
# restore; everything pointing at them is written with natural keys instead of ids.
JSON_EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
# Rows in these apps (or any user account) mean the database is in use.
DATA_APPS = ("catalogue", "galleries", "council")


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class Backup:
    path: Path
    manifest: dict
    notes: list = field(default_factory=list)


@dataclass
class Restore:
    manifest: dict
    counts: dict
    media_files: int
    notes: list = field(default_factory=list)
    safety_backup: Path | None = None


def backup_dir(directory=None):
    return Path(directory or settings.BACKUP_DIR)


def app_version():
    """Return the version in pyproject.toml, with the git commit when there is a checkout."""
    version = "unknown"
    with contextlib.suppress(OSError):
        text = (Path(settings.BASE_DIR) / "pyproject.toml").read_text()
        match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
        version = match.group(1) if match else version
    git = shutil.which("git")
    if git and (Path(settings.BASE_DIR) / ".git").exists():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            commit = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [git, "-C", str(settings.BASE_DIR), "rev-parse", "--short", "HEAD"],
                capture_output=True,
                text=True,
                timeout=5,
                check=True,
            ).stdout.strip()
            if commit:
                version = f"{version}+{commit}"
    return version


def counted_models():
    """Return the models whose rows are stored in the database, in a stable order."""
    return sorted(
        (
            model
            for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy and not model._meta.swapped
        ),
        key=lambda model: model._meta.label_lower,
    )


def model_counts(using=DEFAULT_DB_ALIAS, exclude=()):
    counts = {}
    for model in counted_models():
        label = model._meta.label_lower
        if label in exclude or model._meta.app_label in exclude:
            continue
        counts[label] = model._base_manager.using(using).count()
    return counts


def existing_data(using=DEFAULT_DB_ALIAS):
    """Return {model label: rows} of the site's own data present in the database."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    user_model = get_user_model()
    found = {}
    for model in counted_models():
        if model._meta.app_label not in DATA_APPS and model is not user_model:
            continue
        if model._meta.db_table not in tables:
            continue
        rows = model._base_manager.using(using).count()
        if rows:
            found[model._meta.label_lower] = rows
    return found


def applied_migrations(using=DEFAULT_DB_ALIAS):
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def media_storage():
    """Return the default storage when it keeps files on this machine, else None."""
    storage = storages["default"]
    return storage if isinstance(storage, FileSystemStorage) else None


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


# PostgreSQL tools -------------------------------------------------------------------------


def pg_tool_version(binary):
    """Return the major version of a PostgreSQL client tool, or None when it will not run."""
    try:
        output = subprocess.run(  # noqa: S603 - a binary found on PATH, no shell
            [binary, "--version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\)\s*(\d+)", output) or re.search(r"(\d+)\.\d+", output)
    return int(match.group(1)) if match else None


def pg_server_version(connection):
    connection.ensure_connection()
    number = connection.pg_version
    # From version 10 on, the major version is the first two digits of server_version_num.
    return number // 10000 if number >= 100000 else number // 100


def pg_command(binary, settings_dict, options):
    """Return (args, env) to run a PostgreSQL tool on the database of `settings_dict`.

    The password goes in PGPASSWORD (as Django's dbshell does), never on the command line,
    where any user of the machine could read it.
    """
    _args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    args = [binary, *options]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("NAME"):
        args += ["--dbname", settings_dict["NAME"]]
    return args, {**os.environ, **(env or {})}


def run_pg_tool(args, env):
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError as error:
        raise BackupError(f"Could not run {args[0]}: {error}") from error
    if result.returncode != 0:
        raise BackupError(
            f"{Path(args[0]).name} failed (exit status {result.returncode}): "
            f"{result.stderr.strip() or result.stdout.strip()}"
        )


def choose_format(connection, wanted, notes):
    """Return (format, pg_dump path, pg_dump major version) for this database."""
    if wanted == JSON:
        return JSON, None, None
    if connection.vendor != "postgresql":
        if wanted == PG_DUMP:
            raise BackupError("--format pg_dump needs a PostgreSQL database.")
        return JSON, None, None
    binary = shutil.which("pg_dump")
    tool_major = pg_tool_version(binary) if binary else None
    server_major = pg_server_version(connection)
    if binary and tool_major and tool_major >= server_major:
        return PG_DUMP, binary, tool_major
    reason = (
        "pg_dump was not found on PATH"
        if not binary
        else f"pg_dump {tool_major or '?'} cannot dump a PostgreSQL {server_major} server"
    )
    if wanted == PG_DUMP:
        raise BackupError(
            f"Cannot use pg_dump: {reason}. Install postgresql-client-{server_major}."
        )
    notes.append(f"{reason}; the database is saved with Django's JSON serialisation instead.")
    return JSON, None, None


# Backup ------------------------------------------------------------------------------------


def archive_name(directory, when):
    stem = f"{ARCHIVE_PREFIX}-{when:%Y%m%d-%H%M%S}"
    path, number = directory / f"{stem}.tar.gz", 1
    while path.exists():
        number += 1
        path = directory / f"{stem}-{number}.tar.gz"
    return path


@contextlib.contextmanager
def snapshot(connection):
    """Read the whole database as of one moment, so counts and dump agree.

    Yields a snapshot id that pg_dump can share on PostgreSQL, else None.
    """
    if connection.in_atomic_block:
        # Inside a caller's transaction (or a test's): its view is the snapshot.
        yield None
        return
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                yield cursor.fetchone()[0]
        else:
            yield None


def dump_json(path, using):
    serializers.register_serializer("json-exact", "dekranasda.exact_json")
    # Natural keys for the rows `migrate` creates anew on the target (content types,
    # permissions, the role groups) and for users, so nothing depends on their ids.
    with translation.override(settings.LANGUAGE_CODE):
        call_command(
            "dumpdata",
            exclude=JSON_EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            format="json-exact",
            database=using,
            output=str(path),
            verbosity=0,
        )


def add_media(tar, storage, skip):
    """Add every file under the storage's folder to `tar`; return (files, bytes)."""
    root = Path(storage.location)
    files = size = 0
    if not root.is_dir():
        return files, size
    for folder, dirnames, filenames in os.walk(root):
        folder = Path(folder)
        dirnames[:] = sorted(d for d in dirnames if (folder / d).resolve() not in skip)
        for filename in sorted(filenames):
            path = folder / filename
            if path.is_symlink() or not path.is_file():
                continue
            arcname = posixpath.join(MEDIA_DIR, path.relative_to(root).as_posix())
            tar.add(path, arcname=arcname, recursive=False)
            files += 1
            size += path.stat().st_size
    return files, size


def create_backup(*, directory=None, format="auto", media=True, using=DEFAULT_DB_ALIAS):
    """Write a timestamped archive of the database and media files; return a Backup."""
    connection = connections[using]
    directory = backup_dir(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise BackupError(f"Cannot create the backup folder {directory}: {error}") from error
    notes = []
    chosen, pg_dump, pg_dump_major = choose_format(connection, format, notes)
    now = timezone.localtime()
    path = archive_name(directory, now)
    manifest = {
        "archive_format": ARCHIVE_FORMAT_VERSION,
        "created_at": now.isoformat(),
        "app_version": app_version(),
        "django_version": django.get_version(),
        "database_vendor": connection.vendor,
        "format": chosen,
    }
    storage = media_storage() if media else None
    try:
        with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
            work = Path(work)
            with snapshot(connection) as snapshot_id:
                manifest["migrations"] = applied_migrations(using)
                if chosen == PG_DUMP:
                    manifest["counts"] = model_counts(using)
                    manifest["pg_dump_version"] = pg_dump_major
                    manifest["server_version"] = pg_server_version(connection)
                    dump = work / PG_DUMP_FILE
                    options = ["--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"]
                    if snapshot_id:
                        options.append(f"--snapshot={snapshot_id}")
                    run_pg_tool(*pg_command(pg_dump, connection.settings_dict, options))
                else:
                    manifest["counts"] = model_counts(using, exclude=JSON_EXCLUDED)
                    dump = work / JSON_FILE
                    dump_json(dump, using)
            manifest["database"] = {
                "file": dump.name,
                "bytes": dump.stat().st_size,
                "sha256": sha256(dump),
            }
            partial = work / "archive.tar.gz"
            with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                tar.add(dump, arcname=dump.name)
                if storage is not None:
                    skip = {directory.resolve()}
                    files, size = add_media(tar, storage, skip)
                    manifest["media"] = {"included": True, "files": files, "bytes": size}
                else:
                    kept_by = type(storages["default"]).__name__
                    reason = (
                        "left out on request (--no-media)"
                        if not media
                        else f"not included: media are kept by {kept_by}, not on this "
                        "machine's disk; back up the bucket with its provider"
                    )
                    manifest["media"] = {"included": False, "reason": reason}
                    notes.append(f"Media files {reason}.")
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(now.timestamp())
                info.mode = 0o600
                tar.addfile(info, fileobj=io.BytesIO(data))
            # Holds password hashes and contact details: readable by the owner only.
            partial.chmod(0o600)
            os.replace(partial, path)
    except OSError as error:
        # A full disk or an unreadable media file: no archive is left behind.
        raise BackupError(f"Could not write the backup in {directory}: {error}") from error
    return Backup(path=path, manifest=manifest, notes=notes)


def prune_backups(directory, keep):
    """Delete all but the newest `keep` archives in `directory`; return the deleted paths."""
    archives = sorted(
        Path(directory).glob(f"{ARCHIVE_PREFIX}-*.tar.gz"), key=lambda p: p.stat().st_mtime
    )
    old = archives[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


# Restore -----------------------------------------------------------------------------------


def unpack(archive, target):
    """Extract the archive's manifest, database and media into `target`; return the manifest.

    Only plain files at the expected places are taken: an archive cannot write outside
    `target`, whatever names it holds.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Backup archive not found: {archive}")
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                name = posixpath.normpath(member.name)
                if not member.isfile() or name.startswith(("/", "..")):
                    continue
                top = name.split("/", 1)[0]
                if name not in (MANIFEST, PG_DUMP_FILE, JSON_FILE) and top != MEDIA_DIR:
                    continue
                destination = target / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, open(destination, "wb") as out:
                    shutil.copyfileobj(source, out)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(f"{archive} is not a readable backup archive: {error}") from error
    try:
        manifest = json.loads((target / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{archive} has no {MANIFEST}: not a backup of this site.") from error
    except (ValueError, OSError) as error:
        raise BackupError(f"The manifest in {archive} is unreadable: {error}") from error
    check_manifest(manifest, target, archive)
    return manifest


def check_manifest(manifest, target, archive):
    if not isinstance(manifest, dict) or manifest.get("format") not in (PG_DUMP, JSON):
        raise BackupError(f"The manifest in {archive} names no known database format.")
    if manifest.get("archive_format", 0) > ARCHIVE_FORMAT_VERSION:
        raise BackupError(f"{archive} was written by a newer version of the site; upgrade first.")
    database = manifest.get("database") or {}
    dump = target / database.get("file", "")
    if database.get("file") not in (PG_DUMP_FILE, JSON_FILE) or not dump.is_file():
        raise BackupError(f"{archive} holds no database dump.")
    if database.get("sha256") and sha256(dump) != database["sha256"]:
        raise BackupError(f"The database dump in {archive} is damaged (checksum mismatch).")
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = [
        f"{app}.{name}"
        for app, name in manifest.get("migrations", [])
        if (app, name) not in loader.disk_migrations
    ]
    if unknown:
        raise BackupError(
            f"{archive} comes from a newer version of the site (migrations unknown here: "
            f"{', '.join(unknown[:5])}). Restore it with that version or later."
        )


def check_target(manifest, connection):
    """Raise BackupError unless the archive's database can be restored into `connection`."""
    if connection.in_atomic_block:
        raise BackupError("Cannot restore inside a transaction.")
    if manifest["format"] == PG_DUMP and connection.vendor != "postgresql":
        raise BackupError(
            "This backup was taken with pg_dump and restores only into PostgreSQL. "
            "For another database, take the backup with --format json."
        )


def restore_database(manifest, dump, using):
    connection = connections[using]
    if manifest["format"] == PG_DUMP:
        binary = shutil.which("pg_restore")
        if not binary:
            raise BackupError("pg_restore was not found on PATH; install postgresql-client.")
        tool_major = pg_tool_version(binary)
        if tool_major and tool_major < (manifest.get("pg_dump_version") or 0):
            raise BackupError(
                f"pg_restore {tool_major} cannot read a dump from pg_dump "
                f"{manifest['pg_dump_version']}; install a newer postgresql-client."
            )
        # --clean drops the tables the dump recreates; callers have checked they are empty
        # (or were told to replace them). One transaction: on any error nothing changes.
        options = [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
        ]
        args, env = pg_command(binary, connection.settings_dict, options)
        connection.close()
        run_pg_tool([*args, str(dump)], env)
        # A backup from an older version of the site gets this version's tables.
        call_command("migrate", database=using, interactive=False, verbosity=0)
    else:
        call_command("migrate", database=using, interactive=False, verbosity=0)
        try:
            with translation.override(settings.LANGUAGE_CODE):
                call_command("loaddata", str(dump), database=using, verbosity=0)
        except Exception as error:
            # loaddata reports bad rows and mismatched fields in many exception types;
            # it has rolled back, so the database is as it was.
            raise BackupError(f"The database could not be loaded: {error}") from error
        # Roles follow this version's table, whatever the groups held when backed up.
        sync_roles()


def restore_media(source, notes):
    """Copy restored media files into the storage folder; return how many."""
    if not source.is_dir():
        return 0
    storage = media_storage()
    if storage is None:
        notes.append(
            f"Media files in the archive were not restored: the site keeps media in "
            f"{type(storages['default']).__name__}. Copy them from the archive's media/ "
            "folder into the bucket if needed."
        )
        return 0
    root = Path(storage.location)
    count = 0
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        destination = root / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        count += 1
    return count


def restore_backup(*, archive, force=False, directory=None, using=DEFAULT_DB_ALIAS):
    """Bring back the database and media of `archive`; return a Restore.

    Refuses when the database already holds the site's data, unless `force`: then a backup
    of the current data is taken first, and the archive's data replace it.
    """
    connection = connections[using]
    notes = []
    with tempfile.TemporaryDirectory(prefix="dekranasda-restore-") as work:
        work = Path(work)
        manifest = unpack(archive, work)
        check_target(manifest, connection)
        safety = None
        present = existing_data(using)
        if present:
            shown = sorted(present.items(), key=lambda item: ("historical" in item[0], item[0]))
            listing = ", ".join(f"{label}: {rows}" for label, rows in shown[:5])
            if len(shown) > 5:
                listing += f" and {len(shown) - 5} more tables"
            if not force:
                raise BackupError(
                    f"The database already holds data ({listing}). Restore into an empty "
                    "database, or add --force to replace it (a backup of it is taken first)."
                )
            safety = create_backup(directory=directory, using=using).path
            if manifest["format"] == JSON:
                call_command("flush", database=using, interactive=False, verbosity=0)
        restore_database(manifest, work / manifest["database"]["file"], using)
        try:
            media_files = restore_media(work / MEDIA_DIR, notes)
        except OSError as error:
            raise BackupError(
                f"The database was restored, but the media files could not be written: {error}"
            ) from error
    connection.close()
    cache.clear()
    counts = model_counts(using)
    if manifest.get("counts"):
        counts = {label: counts.get(label, 0) for label in manifest["counts"]}
    return Restore(
        manifest=manifest, counts=counts, media_files=media_files, notes=notes, safety_backup=safety
    )
