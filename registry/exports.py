"""Downloads: spreadsheets (.xlsx, .csv) of the admin's exports and the summary's tables, and
the summary as a Word document (.docx).

Spreadsheets are written by `registry.spreadsheets.write_sheet` and sent by
`spreadsheet_response`; documents are sent by `document_response`.
"""

import functools

from django.http import HttpResponse
from django.utils.text import slugify

from registry.spreadsheets import write_sheet
from registry.text import search_key

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def spreadsheet_response(data, *, file_format, name):
    """The file as a download named `name`, with the extension of its format."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_response(data, *, name):
    """A Word document as a download named `name`.docx."""
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


def scope_slug(params):
    """The scope in a file name, ASCII-safe: huyen-loc-binh, or toan-quoc for the country."""
    scope = slugify(search_key(params.scope.name)) if params.scope else "toan-quoc"
    return scope or "don-vi"


def table_name(table, params):
    """ASCII-safe, without the extension: luan-chuyen_theo-nam_huyen-loc-binh_2012-08-12."""
    return f"luan-chuyen_{table.slug}_{scope_slug(params)}_{params.as_of:%Y-%m-%d}"


def summary_name(params):
    """ASCII-safe, without the extension: bao-cao-luan-chuyen_huyen-loc-binh_2012-08-12."""
    return f"bao-cao-luan-chuyen_{scope_slug(params)}_{params.as_of:%Y-%m-%d}"


def table_response(table, params, *, file_format):
    """A summary table, cell for cell what `Table.as_records()` gives: header and total in bold."""
    header, *rows = table.as_records()
    data = write_sheet(
        headers=header,
        rows=rows,
        file_format=file_format,
        title=table.slug,
        widths=getattr(table, "widths", None) or ((45, 30) if table.note_heading else (45,)),
        # A table whose last row is no total (the succession pool) says so.
        total=getattr(table, "has_total", True),
    )
    return spreadsheet_response(data, file_format=file_format, name=table_name(table, params))


RESPONSES = {name: functools.partial(table_response, file_format=name) for name in CONTENT_TYPES}
