"""Messy registry spreadsheets for the import tests, written as real CSV and XLSX files."""

import datetime
import io

import openpyxl

from catalogue.tests.factories import CategoryFactory, KecamatanFactory

IKM_HEADER = [
    " nama usaha ",  # stray spaces, lower case
    "PEMILIK",
    "NIB",
    "Alamat",
    "Desa",
    "Kecamatan",
    "No. HP",
    "WhatsApp",
    "Email",
    "Tahun Berdiri",
    "Jumlah Tenaga Kerja",
    "Kategori",
    "Catatan Internal",  # unknown column: ignored
]

# Each row: the cells as an officer typed them; what the import must make of it.
IKM_ROWS = [
    # dashes in the phone, NIB as a float, kecamatan in capitals, year as a float
    [
        "Sepatu Jaya",
        "Budi",
        1234567890123.0,
        "Jl. Raya 1",
        "Watesumpak",
        "TROWULAN",
        "0812-3456-7890",
        "+62 812 3456 7891",
        "BUDI@contoh.ID",
        2001.0,
        "12",
        "alas kaki",
    ],
    # NIB with spaces, phone as 62…, kecamatan lower case with stray spaces
    [
        "Batik  Sekar",
        "Siti",
        "1234 5678 90124",
        "",
        "",
        "  trowulan ",
        "6281234567892",
        6281234567893.0,
        "",
        "2010",
        4.0,
        "Batik; Alas Kaki",
    ],
    # no NIB: matched by name + kecamatan
    [
        "Ukir Pak Darto",
        "Darto",
        "",
        "Dusun Sumber",
        "Jatirejo",
        "Sooko",
        "+6281234567894",
        "",
        "",
        "",
        "",
        "",
    ],
    # everything wrong: NIB too short, phone not Indonesian, kecamatan typo, unknown category
    [
        "Salah Ketik",
        "X",
        "12345",
        "",
        "",
        "Trowulann",
        "12",
        "",
        "bukan-email",
        "1800",
        "banyak",
        "Tenun",
    ],
]
EMPTY_TRAILING_ROWS = [[None] * len(IKM_HEADER)] * 3


def setup_lookups():
    """Create the kecamatan and categories the messy sheet names."""
    KecamatanFactory(name="Trowulan", slug="trowulan")
    KecamatanFactory(name="Sooko", slug="sooko")
    CategoryFactory(name="Alas Kaki", slug="alas-kaki")
    CategoryFactory(name="Batik", slug="batik")


def xlsx_bytes(header, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(header, rows, delimiter=","):
    def cell(value):
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        text = str(value)
        return f'"{text}"' if delimiter in text else text

    lines = [delimiter.join(cell(v) for v in row) for row in [header, *rows]]
    return ("\n".join(lines) + "\n").encode("utf-8")


def messy_file(file_format, header=IKM_HEADER, rows=IKM_ROWS):
    rows = [*rows, *EMPTY_TRAILING_ROWS]
    if file_format == "xlsx":
        return xlsx_bytes(header, rows), "registri.xlsx"
    # Excel in an Indonesian locale writes CSV with semicolons.
    return csv_bytes(header, rows, delimiter=";"), "registri.csv"


REGISTRY_HEADER = ["Nama Usaha", "NIB", "Kecamatan", "No. HP", "Jenis Kerajinan", "Tampil Publik"]


def registry_rows(count):
    """Return a registry of `count` businesses as a council's office keeps it, with slips.

    Every 30th business has a NIB missing a digit, another a misspelt kecamatan, another
    is listed twice with different numbers; and some rows were pasted in twice.
    """
    rows = []
    for i in range(count):
        row = [
            f"Usaha Kerajinan {i}",
            str(1200000000000 + i),
            "Trowulan" if i % 2 else "SOOKO",
            f"0812-{i:04d}-{i % 7:04d}",
            ["Sepatu", "Batik", "sandal", "Batik Tulis"][i % 4],
            "ya",
        ]
        if i % 30 == 10:
            row[1] = row[1][:12]
        elif i % 30 == 20:
            row[2] = "Trowulann"
        rows.append(row)
        if i % 30 == 0:
            rows.append(list(row))
        elif i % 30 == 25:
            rows.append([*row[:3], "0899-0000-0000", *row[4:]])
    return rows


def setup_registry_lookups():
    """Create what registry_rows() names, the crafts as aliases of two categories."""
    KecamatanFactory(name="Trowulan", slug="trowulan")
    KecamatanFactory(name="Sooko", slug="sooko")
    CategoryFactory(name="Alas Kaki", slug="alas-kaki", aliases="Sepatu\nSandal")
    CategoryFactory(name="Batik", slug="batik", aliases="Batik Tulis\nBatik Cap")
