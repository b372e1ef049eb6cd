"""Spreadsheets for the import tests: .xlsx and .csv bytes as offices save them, and a runner."""

import csv
import io
import unicodedata

from openpyxl import Workbook

from postings.imports import IMPORTERS, PostingImporter
from registry.imports import import_records

UNIT_HEADERS = ["Tên đơn vị", "Loại", "Trực thuộc", "Mã", "Hiệu lực từ", "Hiệu lực đến", "Ghi chú"]
POSTING_HEADERS = [column.header for column in PostingImporter.columns][:20]


def xlsx(rows, *, merge=None):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_cp1258(text):
    """Encode as Vietnamese Windows does: precomposed where cp1258 can, else a tone mark."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tone = next(mark for mark in parts if mark in "\u0300\u0301\u0303\u0309\u0323")
            out += unicodedata.normalize("NFC", parts.replace(tone, "")).encode("cp1258")
            out += tone.encode("cp1258")
    return out


def csv_bytes(rows, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


def run(kind, data, user, *, name=None, commit=True):
    name = name or f"{kind}.{'xlsx' if data.startswith(b'PK') else 'csv'}"
    return import_records(
        importer=IMPORTERS[kind], data=data, file_name=name, user=user, commit=commit
    )


def errors(result):
    return [(row.number, column) for row in result.rows for column, _message in row.errors]


def posting_row(**values):
    """A rotation row of Nguyễn Văn An from the board to Tú Đoạn (the `world` fixture)."""
    row = dict.fromkeys(POSTING_HEADERS, "")
    row.update(
        {
            "Họ và tên": "Nguyễn Văn An",
            "Ngày sinh": "02/09/1980",
            "Giới tính": "Nam",
            "Dân tộc": "Tày",
            "Đơn vị đi": "Ban Tổ chức Huyện uỷ Lộc Bình",
            "Chức vụ trước": "Chuyên viên Ban Tổ chức",
            "Đơn vị đến": "Tú Đoạn",
            "Chức vụ luân chuyển": "Phó Chủ tịch UBND xã",
            "Ngày bắt đầu": "15/03/2010",
            "Trong quy hoạch": "Có",
        }
    )
    row.update(values)
    return [row[header] for header in POSTING_HEADERS]
