"""Reading an uploaded .xlsx without letting it take the server down.

An .xlsx is a zip of XML parts, and a small upload can unpack to gigabytes (a "zip bomb"),
declare false sizes, or hold more parts, texts or styles than any register would. So,
before openpyxl parses anything, every part is unpacked as a stream and its real bytes
counted: the file is refused as soon as the total passes IMPORT_MAX_UNPACKED_BYTES,
whatever the zip's directory declares, and the parts openpyxl reads whole (the shared
texts, the styles, the workbook) are held to what Excel itself allows. The first sheet is
then read as a stream (openpyxl's read-only mode), row by row, so that `read_sheet` can
stop at the row and cell limits without reading the rest.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, XMLPullParser

from django.conf import settings
from django.utils.translation import gettext as _

from registry.spreadsheets import SpreadsheetError, max_cells

CHUNK = 1024 * 1024
# A workbook Excel writes has a few dozen parts; each sheet, image or chart is one.
MAX_PARTS = 1000
# Excel allows 64,000 cell formats; elements of any part read whole, beyond the texts.
MAX_ELEMENTS = 300_000
WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
SHARED_STRINGS = "xl/sharedStrings.xml"
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def max_unpacked():
    return settings.IMPORT_MAX_UNPACKED_BYTES


def damaged():
    return SpreadsheetError(
        _("The .xlsx file is damaged and cannot be read. Save it again from Excel.")
    )


def oversized():
    return SpreadsheetError(
        _(
            "The workbook unpacks to more than %(limit)s MB, far more than its rows need. Open "
            "it in Excel, copy the data into a new workbook and save that, or save it as .csv."
        )
        % {"limit": max_unpacked() // (1024 * 1024)}
    )


def unusual():
    return SpreadsheetError(
        _(
            "The workbook has more sheets, styles or texts than a register's file would. "
            "Open it in Excel, copy the data into a new workbook and save that, or save it "
            "as .csv."
        )
    )


@dataclass
class Survey:
    """What unpacking every part found: which worksheets hold formulas or merged cells."""

    unpacked: int = 0
    formulas: set = field(default_factory=set)
    merges: set = field(default_factory=set)


def survey(archive):
    """Unpack every part as a stream, counting its real bytes; refuse what is too much."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise unusual()
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise SpreadsheetError(
            _("This is a zip archive, not an Excel workbook. Upload the .xlsx file itself.")
        )
    found = Survey()
    for info in infos:
        name = info.filename
        sheet = bool(WORKSHEET.fullmatch(name))
        counted = {"elements": 0, "texts": 0, "sheets": 0}
        tail = b""
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                found.unpacked += len(chunk)
                if found.unpacked > max_unpacked():
                    raise oversized()
                window = tail + chunk
                tail = chunk[-16:]
                if sheet:
                    if b"<f>" in window or b"<f " in window:
                        found.formulas.add(name)
                    if b"<mergeCell " in window:
                        found.merges.add(name)
                elif name.endswith(".xml") or name.endswith(".rels"):
                    counted["elements"] += chunk.count(b"<")
                    counted["texts"] += chunk.count(b"<si>") + chunk.count(b"<si ")
                    counted["sheets"] += chunk.count(b"<sheet ")
        if name == SHARED_STRINGS:
            too_many = counted["texts"] > max_cells()
        else:
            too_many = counted["elements"] > MAX_ELEMENTS or counted["sheets"] > MAX_PARTS
        if too_many:
            raise unusual()
    return found


def xlsx_lines(data):
    """(row number, values) of the first sheet, streamed; merged blocks filled in."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found = survey(archive)
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError) as error:
        raise damaged() from error
    except (RuntimeError, NotImplementedError, EOFError) as error:  # encrypted, odd methods
        raise damaged() from error
    try:
        reader, path = _open_first_sheet(data)
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a malformed workbook
        raise damaged() from error
    try:
        yield from _sheet_lines(reader, path, found)
    except SpreadsheetError:
        raise
    except Exception as error:
        raise damaged() from error
    finally:
        reader.archive.close()


def _open_first_sheet(data):
    """openpyxl's reader with the workbook's texts, styles and dates; the first sheet's part.

    Only these parts are read: openpyxl's own `load_workbook` would also scan every sheet
    whole for its size when the sheet does not declare one.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    for _sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return reader, rel.target
    reader.archive.close()
    raise damaged()


def _sheet_lines(reader, path, found):
    from openpyxl.worksheet._reader import WorkSheetParser

    blocks = MergedBlocks()
    if path in found.formulas or path in found.merges:
        with reader.archive.open(path) as source:
            _check_cells(source, blocks, formulas=path in found.formulas)
    workbook = reader.wb
    with reader.archive.open(path) as source:
        # data_only: a formula is read as the value Excel last computed and saved.
        parser = WorkSheetParser(
            source,
            reader.shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            values = []
            for cell in cells:
                column = cell["column"]
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                values[column - 1] = cell["value"]
            yield number, blocks.fill(number, values)


class MergedBlocks:
    """A merged block means its top-left value for every cell it covers.

    Rows arrive in order: each block is taken up at its first row, where its value is read,
    and dropped after its last, so a row costs only the blocks over it.
    """

    LIMIT = 10_000

    def __init__(self):
        self.waiting, self.open, self.sorted = [], [], False

    def add(self, ref):
        from openpyxl.utils.cell import range_boundaries

        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            return
        self.waiting.append([min_row, min_col, max_row, max_col, None])
        if len(self.waiting) > self.LIMIT:
            raise unusual()

    def fill(self, number, values):
        if not self.sorted:
            self.waiting.sort(key=lambda block: block[0], reverse=True)
            self.sorted = True
        while self.waiting and self.waiting[-1][0] <= number:
            block = self.waiting.pop()
            if block[0] == number:
                block[4] = values[block[1] - 1] if block[1] <= len(values) else None
            self.open.append(block)
        self.open = [block for block in self.open if block[2] >= number]
        for _first, min_col, _last, max_col, value in self.open:
            if len(values) < max_col:
                values.extend([None] * (max_col - len(values)))
            values[min_col - 1 : max_col] = [value] * (max_col - min_col + 1)
        return values


def _check_cells(source, blocks, *, formulas):
    """Read a sheet's merged blocks, streamed; refuse a formula whose value was not saved."""
    parser = XMLPullParser(events=("start", "end"))
    data = None
    try:
        while chunk := source.read(CHUNK):
            parser.feed(chunk)
            for event, element in parser.read_events():
                if event == "start":
                    if element.tag == f"{NS}sheetData":
                        data = element
                    continue
                if element.tag == f"{NS}c" and formulas:
                    _refuse_uncomputed(element)
                elif element.tag == f"{NS}row" and data is not None:
                    data.remove(element)  # keep nothing of the rows already read
                elif element.tag == f"{NS}mergeCell":
                    blocks.add(element.get("ref", ""))
        parser.close()
    except ParseError as error:
        raise damaged() from error


def _refuse_uncomputed(cell):
    """A formula cell written by a program, not Excel, has no saved value to import."""
    formula = cell.find(f"{NS}f")
    value = cell.find(f"{NS}v")
    if formula is not None and (value is None or value.text in (None, "")):
        raise SpreadsheetError(
            _(
                "Cell %(cell)s holds a formula whose result was not saved. Open the "
                "file in Excel, copy the sheet and paste it as values, then save it."
            )
            % {"cell": cell.get("r", "?")}
        )
