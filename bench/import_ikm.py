"""Time the IKM import on a messy 11,000-row registry, as CSV and as XLSX.

Then the same registry with mistakes (NIB missing a digit, misspelt kecamatan, rows pasted
twice) is imported as XLSX with skip_invalid, as `import_ikm --skip-invalid` does: the
valid rows are saved and the refused ones written to a file.

Run with `make bench-import` (or `python bench/import_ikm.py [ROWS]`). Uses a throwaway
SQLite database unless DATABASE_URL is set, in which case that database is used as is.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dekranasda.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from catalogue.importers import IKMImporter, refused_rows_file  # noqa: E402
from catalogue.models import IKM, Category, Kecamatan  # noqa: E402
from catalogue.spreadsheets import read_sheet, write_csv, write_xlsx  # noqa: E402
from dekranasda import demo  # noqa: E402

KECAMATAN = ["Trowulan", "Sooko", "Puri", "Bangsal", "Mojosari", "Pacet", "Jatirejo", "Gondang"]
# Craft names as the regency's registry writes them; each is a demo category or an alias.
CRAFTS = [
    "Sepatu",
    "Sandal",
    "Tas Kulit",
    "Batik Tulis",
    "Ukir Kayu",
    "Anyaman Bambu",
    "Kuningan",
    "Cor Kuningan",
    "Kendang",
    "Gerabah",
    "Catur",
    "Alas Kaki",
]
KEYS = [
    "name",
    "owner_name",
    "nib",
    "address",
    "desa",
    "kecamatan",
    "owner_phone",
    "whatsapp",
    "email",
    "year_founded",
    "workers",
    "categories",
]


def messy_rows(count, rng):
    for i in range(count):
        phone = f"812{i:08d}"
        yield [
            f"  Usaha  Kerajinan {i} ",
            f"Pemilik {i}",
            # NIB with spaces, as a float, or missing.
            [f"{1200000000000 + i}", f"1 2{i:011d}", float(1300000000000 + i), ""][i % 4],
            f"Jl. Raya {i}",
            f"Desa {i % 50}",
            rng.choice(KECAMATAN).upper() if i % 3 else f"  {rng.choice(KECAMATAN).lower()} ",
            [
                "0" + phone[:3] + "-" + phone[3:7] + "-" + phone[7:],
                "+62 " + phone,
                "62" + phone,
                float("62" + phone),
            ][i % 4],
            "0" + phone,
            f"usaha{i}@contoh.id" if i % 5 == 0 else "",
            1990 + i % 30,
            str(i % 40),
            ", ".join(rng.sample(CRAFTS, 2)),
        ]


def with_mistakes(rows):
    """Return rows with one in 20 refused (bad NIB or kecamatan) and one in 50 pasted twice."""
    out = []
    for i, row in enumerate(rows):
        row = list(row)
        if i % 40 == 7:
            row[2] = "120000000000"
        elif i % 40 == 27:
            row[5] = row[5].strip() + "x"
        out.append(row)
        if i % 50 == 3:
            out.append(list(row))
    return out


def timed(timings, name, function, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    value = function(*args, **kwargs)
    timings[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return value


def reimport(data, name, skip_invalid=False):
    sheet = read_sheet(data, name, IKMImporter.columns)
    return IKMImporter().run(sheet, dry_run=False, skip_invalid=skip_invalid)


def main(count):
    call_command("migrate", verbosity=0)
    for name in KECAMATAN:
        Kecamatan.objects.get_or_create(name=name, slug=name.lower())
    for slug, name, name_en, _colour, _description in demo.CATEGORIES:
        Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name_ind": name,
                "name_en": name_en,
                "aliases": "\n".join(demo.CATEGORY_ALIASES.get(slug, [])),
            },
        )
    IKM.objects.all().delete()
    headers = [next(c for c in IKMImporter.columns if c.key == key) for key in KEYS]
    rows = list(messy_rows(count, random.Random(5)))
    files = {"xlsx": write_xlsx(headers, rows), "csv": write_csv(headers, rows)}
    print(f"{count} IKM rows; kecamatan in mixed case, NIB and phones in mixed formats")
    for file_format, data in files.items():
        IKM.objects.all().delete()
        timings = {}
        name = f"registry.{file_format}"
        sheet = timed(timings, "read", read_sheet, data, name, IKMImporter.columns)
        preview = timed(timings, "preview", IKMImporter().run, sheet, dry_run=True)
        confirm = timed(timings, "confirm (new)", IKMImporter().run, sheet, dry_run=False)
        again = timed(timings, "re-import (read + check, unchanged)", reimport, data, name)
        assert preview.counts["invalid"] == 0, preview.invalid_rows[:3]
        assert confirm.counts["new"] == count and again.counts["unchanged"] == count
        assert IKM.objects.count() == count
        summary = ", ".join(
            f"{name} {wall:.1f} s ({cpu:.1f} s CPU)" for name, (wall, cpu) in timings.items()
        )
        print(f"{file_format.upper():>4} ({len(data) / 1e6:.1f} MB): {summary}")

    IKM.objects.all().delete()
    data, name = write_xlsx(headers, with_mistakes(rows)), "registry.xlsx"
    timings = {}
    sheet = timed(timings, "read", read_sheet, data, name, IKMImporter.columns)
    preview = timed(timings, "preview", IKMImporter().run, sheet, dry_run=True)
    saved = timed(
        timings, "save valid rows", IKMImporter().run, sheet, dry_run=False, skip_invalid=True
    )
    refused = timed(timings, "write refused rows", refused_rows_file, sheet, saved, name)
    again = timed(timings, "import again", reimport, data, name, skip_invalid=True)
    counts = saved.counts
    assert counts == preview.counts and counts["new"] + counts["invalid"] == count
    assert counts["new"] == IKM.objects.count()
    assert again.counts["new"] == again.counts["updated"] == 0
    summary = ", ".join(
        f"{name} {wall:.1f} s ({cpu:.1f} s CPU)" for name, (wall, cpu) in timings.items()
    )
    print(
        f"XLSX with mistakes, --skip-invalid ({len(sheet.rows)} rows): "
        f"{counts['new']} saved, {counts['invalid']} refused "
        f"({len(refused) / 1e3:.0f} kB file), {counts['repeated']} repeated rows imported once"
    )
    print(f"     {summary}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11_000)
