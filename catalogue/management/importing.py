"""The shared body of the `import_*` management commands."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from catalogue.importers import STATUS_LABELS, STATUSES, refused_file_name, refused_rows_file
from catalogue.spreadsheets import SpreadsheetError, read_sheet


class ImportCommand(BaseCommand):
    """Import a CSV or XLSX file with the rules the admin's import page uses."""

    importer_class = None

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file whose first row holds the headers")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and report, write nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=(
                "save the valid rows and write the invalid ones, with what to fix, to "
                "FILE-ditolak.csv/.xlsx next to the input"
            ),
        )
        parser.add_argument(
            "--user", help="username whose permissions the import must respect (optional)"
        )

    def handle(self, *args, file, dry_run, skip_invalid, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        importer = self.importer_class(user=self.get_user(user))
        try:
            sheet = read_sheet(path.read_bytes(), path.name, self.importer_class.columns)
        except SpreadsheetError as error:
            raise CommandError(str(error)) from None
        with tqdm(
            total=len(sheet.rows),
            desc=_("Memeriksa"),
            unit=_("baris"),
            file=sys.stderr,
            disable=None,
        ) as bar:
            result = importer.run(
                sheet, dry_run=dry_run, skip_invalid=skip_invalid, progress=bar.update
            )
        self.report(result)
        invalid = len(result.invalid_rows)
        if invalid and skip_invalid:
            refused = path.with_name(refused_file_name(path.name))
            refused.write_bytes(refused_rows_file(sheet, result, path.name))
            self.stdout.write(
                self.style.WARNING(
                    ngettext(
                        "%(count)d baris ditolak, ditulis ke %(path)s dengan kolom Perbaiki; "
                        "perbaiki lalu impor berkas itu.",
                        "%(count)d baris ditolak, ditulis ke %(path)s dengan kolom Perbaiki; "
                        "perbaiki lalu impor berkas itu.",
                        invalid,
                    )
                    % {"count": invalid, "path": refused}
                )
            )
        elif invalid:
            raise CommandError(
                ngettext(
                    "%(count)d baris bermasalah; tidak ada yang disimpan.",
                    "%(count)d baris bermasalah; tidak ada yang disimpan.",
                    invalid,
                )
                % {"count": invalid}
                + " "
                + _("Dengan --skip-invalid baris yang valid disimpan.")
            )
        if dry_run:
            self.stdout.write(_("Uji coba (--dry-run): tidak ada yang disimpan."))
        elif invalid:
            self.stdout.write(self.style.SUCCESS(result.summary()))
        else:
            self.stdout.write(self.style.SUCCESS(_("Semua baris tersimpan.")))

    def get_user(self, username):
        if not username:
            return None
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not self.importer_class.may_import(user):
            raise CommandError(
                f"{username} may not import {self.importer_class.model._meta.verbose_name_plural}."
            )
        return user

    def report(self, result):
        counts = result.counts
        if result.ignored_headers:
            self.stdout.write(
                _("Kolom diabaikan: %(columns)s") % {"columns": ", ".join(result.ignored_headers)}
            )
        for status in STATUSES:
            label = str(STATUS_LABELS[status]).capitalize()
            self.stdout.write(f"{label:>25}: {counts[status]}")
        for row in result.repeated_rows:
            self.stdout.write(row.describe())
        for row in result.invalid_rows:
            self.stderr.write(row.describe())
