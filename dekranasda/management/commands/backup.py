from django.core.management.base import BaseCommand, CommandError

from dekranasda.backups import JSON, PG_DUMP, BackupError, backup_dir, create_backup, prune_backups


class Command(BaseCommand):
    help = (
        "Write a timestamped archive of the database and the media files into the backup "
        "folder (--dir, or DJANGO_BACKUP_DIR, default ./backups). See docs/backups.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder for the archive (default DJANGO_BACKUP_DIR)")
        parser.add_argument(
            "--format",
            choices=["auto", PG_DUMP, JSON],
            default="auto",
            help="pg_dump on PostgreSQL when a suitable pg_dump is installed, else json",
        )
        parser.add_argument("--no-media", action="store_true", help="leave the media files out")
        parser.add_argument(
            "--keep", type=int, default=0, help="then delete all but the newest N archives"
        )

    def handle(self, *args, dir, format, no_media, keep, **options):
        if keep < 0:
            raise CommandError("--keep must be zero or more.")
        try:
            backup = create_backup(directory=dir, format=format, media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for note in backup.notes:
            self.stderr.write(self.style.WARNING(note))
        manifest = backup.manifest
        media = manifest["media"]
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {backup.path} ({backup.path.stat().st_size:,} bytes)\n"
                f"  database: {manifest['format']}, {rows:,} rows in "
                f"{sum(1 for n in manifest['counts'].values() if n)} tables\n"
                + (
                    f"  media: {media['files']:,} files, {media['bytes']:,} bytes"
                    if media["included"]
                    else "  media: not included"
                )
            )
        )
        if keep:
            for path in prune_backups(backup_dir(dir), keep):
                self.stdout.write(f"Deleted old backup {path}")
