"""Reading and writing the spreadsheets staff exchange with the back office (CSV and XLSX).

This module knows files and cells, not models: `read_sheet()` turns an upload into
numbered rows keyed by column, `write_csv()`/`write_xlsx()` do the reverse for exports,
and the `parse_*` helpers turn messy cells into Python values or raise `CellError`
with a message for the officer who typed them.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# An XLSX is a ZIP; refuse one that would unpack to far more than any registry needs.
MAX_XLSX_UNPACKED_BYTES = 300 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")
# The column a file of refused rows adds; reading that file back ignores it quietly.
FIX_HEADER = "Perbaiki"


class SpreadsheetError(Exception):
    """The file as a whole cannot be read: wrong type, empty, damaged, wrong headers."""


class CellError(ValueError):
    """One cell cannot be understood; the message is shown to the officer."""


@dataclass(frozen=True)
class Column:
    """A column of an import/export sheet: its key, Indonesian header and accepted aliases."""

    key: str
    header: str
    aliases: tuple = ()
    required: bool = False

    def names(self):
        return {header_key(self.header), header_key(self.key), *map(header_key, self.aliases)}


@dataclass
class Row:
    """A data row: its number as the spreadsheet shows it and its raw cells by column key."""

    number: int
    values: dict
    # Every cell as read, known column or not, to hand a refused row back unchanged.
    cells: list = field(default_factory=list)


@dataclass
class Sheet:
    columns: list
    rows: list
    ignored_headers: list = field(default_factory=list)
    header: list = field(default_factory=list)

    def has(self, key):
        return any(column.key == key for column in self.columns)


def name_key(text):
    """Return text as name matching compares it: lower case, single spaces."""
    return " ".join(str(text or "").lower().split())


def header_key(text):
    """Return a header reduced to letters and digits: "No. HP " and "no hp" are the same."""
    return re.sub(r"[^0-9a-z]", "", str(text or "").lower())


def read_sheet(data, file_name, columns):
    """Read an uploaded CSV or XLSX into a Sheet of the given columns."""
    name = (file_name or "").lower()
    if not data:
        raise SpreadsheetError(_("Berkas kosong."))
    if len(data) > MAX_FILE_BYTES:
        raise SpreadsheetError(
            _("Berkas terlalu besar; maksimal %(max)d MB.") % {"max": MAX_FILE_BYTES // 1_048_576}
        )
    if name.endswith(".xlsx"):
        table = _xlsx_rows(data)
    elif name.endswith(".csv"):
        table = _csv_rows(data)
    elif name.endswith(".xls"):
        raise SpreadsheetError(
            _("Berkas .xls (Excel lama) tidak didukung. Simpan ulang sebagai .xlsx atau .csv.")
        )
    else:
        raise SpreadsheetError(_("Berkas harus berformat CSV atau XLSX."))
    return _sheet_of(table, columns)


def _unreadable_xlsx():
    return SpreadsheetError(
        _("Berkas XLSX tidak dapat dibaca. Simpan ulang dari Excel atau LibreOffice.")
    )


def _xlsx_rows(data):
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _unreadable_xlsx() from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise SpreadsheetError(_("Isi berkas XLSX terlalu besar."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise _unreadable_xlsx() from None
    try:
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    except Exception:
        raise _unreadable_xlsx() from None
    finally:
        workbook.close()


def _csv_rows(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    if "\x00" in text:
        raise SpreadsheetError(_("Berkas ini bukan CSV teks."))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in an Indonesian locale separates CSV columns with semicolons.
    delimiter = max(",;\t", key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text), delimiter=delimiter)
    except csv.Error:
        raise SpreadsheetError(_("Berkas CSV rusak dan tidak dapat dibaca.")) from None


def _is_blank(cells):
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _sheet_of(table, columns):
    by_name = {}
    for column in columns:
        for name in column.names():
            by_name[name] = column
    table = iter(table)
    header, header_number = None, 0
    for cells in table:
        header_number += 1
        if not _is_blank(cells):
            header = cells
            break
    if header is None:
        raise SpreadsheetError(_("Berkas tidak berisi data."))

    positions, present, ignored = [], [], []
    for cell in header:
        column = by_name.get(header_key(cell))
        if column is None:
            positions.append(None)
            text = "" if cell is None else str(cell).strip()
            if text and header_key(text) != header_key(FIX_HEADER):
                ignored.append(text)
        elif column in present:
            raise SpreadsheetError(
                _("Kolom “%(column)s” muncul lebih dari sekali.") % {"column": str(cell).strip()}
            )
        else:
            positions.append(column)
            present.append(column)
    if not present:
        raise SpreadsheetError(
            _(
                "Baris judul tidak dikenali. Baris pertama harus berisi judul kolom, "
                "misalnya: %(headers)s."
            )
            % {"headers": ", ".join(column.header for column in columns[:5])}
        )
    missing = [column.header for column in columns if column.required and column not in present]
    if missing:
        raise SpreadsheetError(
            _("Kolom wajib tidak ada: %(columns)s.") % {"columns": ", ".join(missing)}
        )

    rows = []
    for number, cells in enumerate(table, start=header_number + 1):
        if _is_blank(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise SpreadsheetError(
                _("Berkas berisi lebih dari %(max)s baris data; bagi menjadi beberapa berkas.")
                % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        values = {
            column.key: cells[index] if index < len(cells) else None
            for index, column in enumerate(positions)
            if column is not None
        }
        rows.append(Row(number=number, values=values, cells=list(cells)))
    return Sheet(columns=present, rows=rows, ignored_headers=ignored, header=list(header))


# Writing ---------------------------------------------------------------------


def _csv_safe(value):
    # A cell starting with = or @ (or +/- before something that is not a number) is run
    # as a formula by spreadsheet programs; a leading apostrophe keeps it plain text.
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "=@\t\r" or (value[0] in "+-" and not re.fullmatch(r"[-+\d\s().]*", value)):
        return "'" + value
    return value


def headers_of(columns):
    """Return the header texts of Columns, or of plain header cells as a file had them."""
    return [
        column.header if isinstance(column, Column) else "" if column is None else str(column)
        for column in columns
    ]


def write_csv(columns, rows):
    """Return CSV bytes (UTF-8 with a BOM, so Excel reads the accents) for the rows."""
    return b"".join(csv_chunks(columns, rows))


def csv_chunks(columns, rows, rows_per_chunk=2000):
    """Yield the CSV bytes of write_csv() a few thousand rows at a time, for streaming."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(headers_of(columns))
    for index, row in enumerate(rows, start=1):
        writer.writerow(["" if value is None else _csv_safe(value) for value in row])
        if index % rows_per_chunk == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def write_xlsx(columns, rows, title="Data"):
    """Return XLSX bytes for the rows, every text cell stored as text (never a formula)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    header = []
    for text in headers_of(columns):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_like(file_name, columns, rows):
    """Return the rows as a file of the same format as file_name (CSV or XLSX)."""
    if file_name.lower().endswith(".xlsx"):
        return write_xlsx(columns, rows)
    return write_csv(columns, rows)


# Cells -----------------------------------------------------------------------


def parse_text(value):
    """Return a cell as tidy text: trimmed, single-spaced, "" when empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    text = " ".join(str(value).split())
    # Excel's marker for "keep this as text" survives in CSV files.
    return text[1:].strip() if text.startswith("'") else text


def parse_int(value, *, minimum=None, maximum=None):
    """Return a whole number from 12, 12.0, "1.500" or "Rp 150.000,00"; None when empty."""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” bukan angka.") % {"value": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("“%(value)s” harus bilangan bulat.") % {"value": value})
        number = int(value)
    else:
        text = parse_text(value)
        if not text:
            return None
        text = re.sub(r"(?i)^rp\.?", "", text).replace(" ", "")
        # "150000.0" or "150.000,00": zero decimals (not a group of three digits) go.
        text = re.sub(r"(?<=\d)[.,]0{1,2}$", "", text)
        if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
            text = re.sub(r"[.,]", "", text)
        if not re.fullmatch(r"-?\d+", text):
            raise CellError(_("“%(value)s” bukan angka.") % {"value": value})
        number = int(text)
    if minimum is not None and number < minimum:
        raise CellError(
            _("%(value)s terlalu kecil (paling kecil %(min)s).")
            % {
                "value": number,
                "min": minimum,
            }
        )
    if maximum is not None and number > maximum:
        raise CellError(
            _("%(value)s terlalu besar (paling besar %(max)s).")
            % {
                "value": number,
                "max": maximum,
            }
        )
    return number


def parse_decimal(value):
    """Return a Decimal from 112.5 or "-7,4704" (comma as decimal mark); None when empty."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = parse_text(value).replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(_("“%(value)s” bukan angka desimal.") % {"value": value}) from None


TRUE_WORDS = {"ya", "y", "yes", "true", "benar", "1", "aktif", "tampil", "v", "x", "✓"}
FALSE_WORDS = {"tidak", "t", "tdk", "no", "n", "false", "salah", "0", "nonaktif", "sembunyi", "-"}


def parse_bool(value):
    """Return True/False from ya/tidak, yes/no, 1/0; None when empty."""
    if isinstance(value, bool):
        return value
    text = parse_text(value).lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s” harus diisi “ya” atau “tidak”.") % {"value": value})


MONTHS = {
    **{
        name: number
        for number, names in enumerate(
            [
                ("januari", "jan", "january"),
                ("februari", "feb", "pebruari", "february"),
                ("maret", "mar", "march"),
                ("april", "apr"),
                ("mei", "may"),
                ("juni", "jun", "june"),
                ("juli", "jul", "july"),
                ("agustus", "agu", "agt", "ags", "aug", "august"),
                ("september", "sep", "sept"),
                ("oktober", "okt", "oct", "october"),
                ("november", "nov", "nop", "nopember"),
                ("desember", "des", "dec", "december"),
            ],
            start=1,
        )
        for name in names
    }
}
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(value):
    """Return a date from a date cell, an Excel serial number or text; None when empty.

    Text may be 2024-03-15, 15/03/2024, 15-03-2024, 15.03.2024, 15 Maret 2024 or
    15 Mar 2024: Indonesian writes the day first.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    text = parse_text(value).lower()
    if not text:
        return None
    try:
        if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t].*)?", text):
            year, month, day = map(int, match.groups())
        elif match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
            day, month, year = map(int, match.groups())
        elif match := re.fullmatch(r"(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{4})", text):
            day, year = int(match[1]), int(match[3])
            month = MONTHS.get(match[2])
            if month is None:
                raise ValueError(match[2])
        elif re.fullmatch(r"\d{5}(\.0+)?", text):
            return _from_serial(float(text))
        else:
            raise ValueError(text)
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(
            _("“%(value)s” bukan tanggal yang dikenali (contoh: 15/03/2024 atau 15 Maret 2024).")
            % {"value": value}
        ) from None


def _from_serial(number):
    # Serial 1 is 1900-01-01 in Excel; 20000–80000 covers 1954–2119, the only sane range here.
    if not 20000 <= number <= 80000:
        raise CellError(_("“%(value)s” bukan tanggal yang dikenali.") % {"value": number})
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))
