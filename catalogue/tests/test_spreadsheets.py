import datetime

import pytest
from django.core.exceptions import ValidationError

from catalogue.fields import normalise_nib, normalise_phone
from catalogue.spreadsheets import (
    CellError,
    Column,
    SpreadsheetError,
    parse_bool,
    parse_date,
    parse_int,
    read_sheet,
    write_csv,
    write_xlsx,
)
from catalogue.tests.spreadsheet_data import csv_bytes, xlsx_bytes

COLUMNS = (Column("name", "Nama Usaha", ("name",), required=True), Column("phone", "No. HP"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-15", datetime.date(2024, 3, 15)),
        ("15/03/2024", datetime.date(2024, 3, 15)),
        ("15-03-2024", datetime.date(2024, 3, 15)),
        ("15.3.2024", datetime.date(2024, 3, 15)),
        ("15 Maret 2024", datetime.date(2024, 3, 15)),
        ("15 mar 2024", datetime.date(2024, 3, 15)),
        ("1 Agustus 2023", datetime.date(2023, 8, 1)),
        ("7 Desember 2023", datetime.date(2023, 12, 7)),
        (datetime.datetime(2024, 3, 15, 0, 0), datetime.date(2024, 3, 15)),
        (45366, datetime.date(2024, 3, 15)),  # Excel serial number
        (45366.0, datetime.date(2024, 3, 15)),
        ("45366", datetime.date(2024, 3, 15)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_reads_the_ways_dates_are_written(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2024", "15 Marc 2024", "kemarin", "12", 5])
def test_parse_date_reports_what_it_cannot_read(value):
    with pytest.raises(CellError):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, 12),
        (12.0, 12),
        ("12", 12),
        ("1.500", 1500),
        ("Rp 150.000", 150000),
        ("150,000", 150000),
        ("150.000,00", 150000),
        ("", None),
    ],
)
def test_parse_int(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize("value", ["banyak", 1.5, "12a"])
def test_parse_int_refuses_non_numbers(value):
    with pytest.raises(CellError):
        parse_int(value)


@pytest.mark.parametrize(
    ("value", "expected"), [("Ya", True), ("tidak", False), ("1", True), (0, False), ("", None)]
)
def test_parse_bool(value, expected):
    assert parse_bool(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "0812-3456-7890",
        "+62 812 3456 7890",
        "6281234567890",
        6281234567890.0,
        "6281234567890.0",
        "'081234567890",
        "81234567890",
        81234567890,
    ],
)
def test_phone_numbers_as_spreadsheets_hold_them(value):
    assert normalise_phone(value) == "+6281234567890"


def test_phone_truncated_by_excel_is_reported_not_guessed():
    with pytest.raises(ValidationError, match="dipotong"):
        normalise_phone("6.28123E+12")


@pytest.mark.parametrize(
    "value", ["1234 5678 90123", 1234567890123.0, "1234567890123.0", "1.234567890123E+12"]
)
def test_nib_as_spreadsheets_hold_it(value):
    assert normalise_nib(value) == "1234567890123"


def test_nib_must_have_13_digits():
    with pytest.raises(ValidationError, match="NIB harus 13 digit"):
        normalise_nib("12345")


@pytest.mark.parametrize("make", [xlsx_bytes, csv_bytes])
def test_read_sheet_matches_headers_loosely_and_skips_blank_rows(make):
    data = make(["  NAMA usaha", "no hp", "Lain"], [["A", "0812"], [None, None], ["B", ""]])
    sheet = read_sheet(data, "x.xlsx" if make is xlsx_bytes else "x.csv", COLUMNS)
    assert [row.number for row in sheet.rows] == [2, 4]
    assert sheet.rows[0].values == {"name": "A", "phone": "0812"}
    assert sheet.ignored_headers == ["Lain"]


def test_header_row_may_follow_blank_rows_and_english_names():
    sheet = read_sheet(b"\n\nName;No. HP\nSepatu;0812\n", "x.csv", COLUMNS)
    assert sheet.rows[0].number == 4
    assert sheet.rows[0].values["name"] == "Sepatu"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "x.csv", "kosong"),
        (b"Nama Usaha\n", "x.pdf", "CSV atau XLSX"),
        (b"\xd0\xcf\x11\xe0", "x.xls", "Excel lama"),
        (b"PK\x03\x04 not really", "x.xlsx", "tidak dapat dibaca"),
        (b"a,b\n1,2\n", "x.csv", "judul tidak dikenali"),
        (b"No. HP\n0812\n", "x.csv", "Kolom wajib tidak ada: Nama Usaha"),
        (b"Nama Usaha,nama usaha\nA,B\n", "x.csv", "lebih dari sekali"),
        (b"\n\n", "x.csv", "tidak berisi data"),
    ],
)
def test_bad_files_get_a_clear_error(data, name, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_sheet(data, name, COLUMNS)


def test_too_many_rows_refused(monkeypatch):
    monkeypatch.setattr("catalogue.spreadsheets.MAX_ROWS", 2)
    with pytest.raises(SpreadsheetError, match="lebih dari 2 baris"):
        read_sheet(b"Nama Usaha\nA\nB\nC\n", "x.csv", COLUMNS)


def test_exports_never_write_formulas():
    columns = (Column("name", "Nama Usaha"), Column("phone", "No. HP"))
    rows = [['=HYPERLINK("http://x")', "+6281234567890"], ["@SUM(A1)", "-"]]
    text = write_csv(columns, rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text
    assert ",+6281234567890" in text  # phone numbers stay as they are
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx(columns, rows))).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    # And the importer reads the text back as typed.
    back = read_sheet(write_csv(columns, rows), "x.csv", columns)
    assert back.rows[0].values["name"] == '\'=HYPERLINK("http://x")'
