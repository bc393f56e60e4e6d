from django.core.management.base import BaseCommand, CommandError

from dekranasda.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database and media files from a backup archive into an empty database. "
        "--force replaces existing data, after backing it up. See docs/backups.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data already in the database (a backup of it is taken first)",
        )
        parser.add_argument("--dir", help="folder for that backup (default DJANGO_BACKUP_DIR)")

    def handle(self, *args, archive, force, dir, **options):
        try:
            restored = restore_backup(archive=archive, force=force, directory=dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = restored.manifest
        if restored.safety_backup:
            self.stdout.write(f"The data it replaced were backed up to {restored.safety_backup}")
        for note in restored.notes:
            self.stderr.write(self.style.WARNING(note))
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} "
            f"(version {manifest.get('app_version', '?')}, {manifest['format']}):"
        )
        expected = manifest.get("counts", {})
        differ = 0
        for label, rows in restored.counts.items():
            if not rows and not expected.get(label):
                continue
            line = f"  {label}: {rows:,}"
            if label in expected and expected[label] != rows:
                differ += 1
                line += f" (the backup had {expected[label]:,})"
            self.stdout.write(line)
        self.stdout.write(f"  media files: {restored.media_files:,}")
        if differ:
            self.stderr.write(
                self.style.WARNING(f"{differ} tables differ in rows from the backup.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Restore complete; all counts match the backup."))
