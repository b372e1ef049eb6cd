"""A summary table as a CSV or Excel file, cell for cell what `Table.as_records()` gives."""

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from registry.text import search_key

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(table, params, extension):
    """ASCII-safe: luan-chuyen_theo-nam_huyen-loc-binh_2012-08-12.csv."""
    scope = slugify(search_key(params.scope.name)) if params.scope else "toan-quoc"
    return f"luan-chuyen_{table.slug}_{scope or 'don-vi'}_{params.as_of:%Y-%m-%d}.{extension}"


def attachment(response, name):
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_response(table, params):
    """UTF-8 with a byte order mark, so that Excel shows Vietnamese correctly."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerows(table.as_records())
    return attachment(response, filename(table, params, "csv"))


def xlsx_response(table, params):
    """One worksheet named after the table, header in bold, total last."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.slug[:31]
    for record in table.as_records():
        sheet.append(record)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 45
    if table.note_heading:
        sheet.column_dimensions["B"].width = 30
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    return attachment(response, filename(table, params, "xlsx"))


RESPONSES = {"csv": csv_response, "xlsx": xlsx_response}
