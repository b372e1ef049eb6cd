"""Reading and writing the registry's spreadsheets: .xlsx and .csv, as Vietnamese offices save them.

Reading returns the header row and the non-blank rows with their numbers as the user sees them
(header = row 1 when it is the first line). Anything that cannot be read raises
`SpreadsheetError` with a message for the user, never a crash.
"""

import csv
import datetime
import functools
import io
import itertools
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from registry.dates import in_bounds, parse_day
from registry.text import nfc, search_key

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls


class SpreadsheetError(Exception):
    """The file as a whole cannot be used; the message says why and what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Sheet:
    headers: list
    rows: list = field(default_factory=list)  # (row number, [values])


def max_bytes():
    return settings.IMPORT_MAX_BYTES


def max_rows():
    return settings.IMPORT_MAX_ROWS


def max_cells():
    return settings.IMPORT_MAX_CELLS


def size_refusal(size):
    """The message for a file over the size limit, or None."""
    if size <= max_bytes():
        return None
    return _(
        "The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files "
        "and import them one after another."
    ) % {"size": f"{size / 1048576:.1f}", "limit": f"{max_bytes() / 1048576:.0f}"}


def read_sheet(*, data, file_name):
    """The header and non-blank rows of the first sheet of an .xlsx or .csv file.

    Both are read as streams and refused as soon as they pass IMPORT_MAX_ROWS data rows or
    IMPORT_MAX_CELLS cells (a blank line counts as one), so a hostile file costs no more
    than a legitimate one of the largest size allowed.
    """
    refusal = size_refusal(len(data))
    if refusal:
        raise SpreadsheetError(refusal)
    if not data.strip():
        raise SpreadsheetError(_("The file is empty. Fill in the template and upload it again."))
    name = (file_name or "").lower()
    if data.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise SpreadsheetError(
            _("Old Excel files (.xls) cannot be read. Open the file in Excel and save it as .xlsx.")
        )
    if name.endswith((".xlsx", ".xlsm")) or data.startswith(ZIP_MAGIC):
        if not data.startswith(ZIP_MAGIC):
            raise SpreadsheetError(
                _("This is not a real .xlsx file. Open it in Excel and save it as .xlsx or .csv.")
            )
        from registry.workbooks import xlsx_lines

        lines = xlsx_lines(data)
    elif name.endswith((".csv", ".txt")):
        lines = _csv_lines(data)
    else:
        raise SpreadsheetError(
            _("Only .xlsx and .csv files can be imported. Save the spreadsheet in one of them.")
        )
    sheet = _collect(lines)
    if sheet is None:
        raise SpreadsheetError(_("The file is empty. Fill in the template and upload it again."))
    return sheet


def _collect(lines):
    """The header and the non-blank rows, stopping at the row and cell limits.

    Blank lines count too (one cell each, and at most as many again as the data rows), so
    a file of blank lines stops as early as one of data.
    """
    sheet, cells, read = None, 0, 0
    try:
        for number, values in lines:
            read += 1
            if read > 2 * max_rows() + 1000:
                raise SpreadsheetError(too_many_rows())
            cells += max(len(values), 1)
            if cells > max_cells():
                raise SpreadsheetError(
                    _(
                        "The file has more than %(limit)s cells (rows × columns). Delete the "
                        "columns and rows that are not data, or split the file."
                    )
                    % {"limit": f"{max_cells():,}".replace(",", ".")}
                )
            if all(value is None or value == "" for value in values):
                continue
            values = [_clean(value) for value in values]
            if sheet is None:
                sheet = Sheet(headers=[str(value or "") for value in values])
            elif len(sheet.rows) >= max_rows():
                raise SpreadsheetError(too_many_rows())
            else:
                sheet.rows.append((number, values))
    finally:
        close = getattr(lines, "close", None)
        if close:
            close()  # a workbook being streamed lets go of its file
    return sheet


def too_many_rows():
    return _(
        "The file has more than %(limit)s rows of data. Split it into files of at most "
        "%(limit)s rows and import them one after another."
    ) % {"limit": f"{max_rows():,}".replace(",", ".")}


def _clean(value):
    if isinstance(value, str):
        return nfc(value)
    return value


def _csv_lines(data):
    """(line number, cells) of a CSV file, read one line at a time."""
    text = decode_text(data)
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max(",;\t", key=first_line.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(rows, start=1):
            yield number, [_unquote(value) for value in row]
    except csv.Error as error:
        raise SpreadsheetError(
            _("The CSV file could not be read (%(error)s). Save it again from Excel as CSV.")
            % {"error": error}
        ) from error


def _unquote(text):
    """A cell as it was before an export guarded it against formulas: `'=x` → `=x`."""
    return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text


def decode_text(data):
    """CSV bytes as text: UTF-8 (with or without BOM), else Windows-1258 (Vietnamese Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1258 writes some letters as base + combining mark; callers normalise to NFC.
        return data.decode("cp1258", errors="replace")


@functools.lru_cache(maxsize=8192, typed=True)  # the same words on every row of a file
def header_key(text):
    """A header or a choice as compared: no case, diacritics, punctuation or extra spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", search_key(str(text or ""))).split())


def cell_text(value):
    """A cell as text: whole numbers without '.0', dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return nfc(str(value))


def parse_date(value):
    """A date from a cell: a date cell, an Excel serial, or text `registry.dates` can read.

    Raises ValueError with the message for the user.
    """
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            day = from_excel(value).date()
        except (ValueError, OverflowError, AttributeError) as error:
            raise ValueError(bad_date_message(value)) from error
    else:
        text = cell_text(value)
        try:
            day = parse_day(text)
        except ValueError as error:
            raise ValueError(bad_date_message(text)) from error
    if not in_bounds(day):
        raise ValueError(
            _("“%(value)s” is outside the years 1900–2100. Check the year.")
            % {"value": f"{day:%d/%m/%Y}"}
        )
    return day


def bad_date_message(value):
    return _("“%(value)s” is not a valid date. Type it as dd/mm/yyyy, e.g. 12/08/2012.") % {
        "value": value
    }


# What a spreadsheet program may read as the start of a formula (OWASP's CSV injection rule).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.,]*%?")


def looks_like_formula(text):
    """True for text a spreadsheet could run: `=HYPERLINK(…)`, `+1+1`, `-1+2`, `@SUM(…)`.

    Leading spaces do not hide it (a summary indents its sub-rows); a plain number such as
    `-12` or `2,5%` is not one.
    """
    if not text.startswith(FORMULA_STARTS):
        text = text.lstrip(" ")
    return text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text.strip(" "))


def write_sheet(*, headers, rows, file_format, title="", notes=(), widths=(), total=False):
    """An .xlsx or .csv (UTF-8 with BOM, which Excel opens correctly) of these rows.

    The one writer of the registry's files: the admin's exports and templates, and the
    summary's tables. `widths` gives the first columns' widths (the others follow their
    header); `total` sets the last row in bold; `notes` adds a guide sheet.

    Names come from users, and leaders open these files: no text ever becomes a formula.
    In a CSV, text that looks like one gets a single quote in front (Excel then reads it
    as text); in Excel every text is a text cell, and one that looks like a formula is
    marked as typed after a quote (`quotePrefix`), so it stays text when edited.
    """
    headers = [str(header) for header in headers]
    if file_format == "csv":
        return _csv_file(headers, rows)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or "Sheet1")[:31]
    _append_rows(sheet, [headers])
    sheet.freeze_panes = "A2"
    _append_rows(sheet, rows)
    bold = [sheet[1], sheet[sheet.max_row]] if total else [sheet[1]]
    for cell in itertools.chain.from_iterable(bold):
        cell.font = Font(bold=True)
    _format_columns(sheet, headers, widths)
    if notes:
        guide = workbook.create_sheet(_("Guide")[:31])
        _append_rows(guide, notes)
        for letter, width in zip("ABC", (28, 14, 90), strict=True):
            guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_file(headers, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        # Text as it is (a summary indents its sub-rows); other values as a cell reads.
        writer.writerow(
            [
                ("'" + value if looks_like_formula(value) else value)
                if isinstance(value, str)
                else cell_text(value)
                for value in row
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _append_rows(sheet, rows):
    """Append the rows, every text as a text cell (openpyxl makes `=…` a formula)."""
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if looks_like_formula(cell.value):
                    cell.quotePrefix = True


def _format_columns(sheet, headers, widths):
    """Each column as wide as asked or as its header, and its dates shown as dd/mm/yyyy."""
    from openpyxl.utils import get_column_letter

    for index, header in enumerate(headers, start=1):
        letter = get_column_letter(index)
        width = widths[index - 1] if index <= len(widths) else max(12, min(40, len(header) + 4))
        sheet.column_dimensions[letter].width = width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
