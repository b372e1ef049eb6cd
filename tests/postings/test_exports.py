"""Each summary table downloads as CSV and Excel with the same numbers as the page."""

import csv
import io
import re

import openpyxl
import pytest

from postings import reports
from tests.postings.test_views import table_rows


def page_tables(client, query):
    html = client.get("/reports/" + query).content.decode()
    return {slug: table_rows(html, slug) for slug in reports.ROTATION_TABLES}


def numbers(records):
    """[(rotations, persons)] of the data rows and the total, from the last two columns."""
    return [(int(record[-2]), int(record[-1])) for record in records[1:]]


@pytest.mark.parametrize("slug", list(reports.ROTATION_TABLES))
def test_export_csv_and_excel_hold_the_page_numbers(admin_client, scope_params, slug):
    on_page = list(page_tables(admin_client, scope_params)[slug].values())

    response = admin_client.get(f"/reports/export/{slug}.csv{scope_params}")
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    from_csv = list(csv.reader(io.StringIO(body[1:])))

    response = admin_client.get(f"/reports/export/{slug}.xlsx{scope_params}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    from_xlsx = [list(row) for row in sheet.iter_rows(values_only=True)]

    assert numbers(from_csv) == on_page
    assert numbers(from_xlsx) == on_page
    assert [row[0] for row in from_csv] == [row[0] for row in from_xlsx]


def test_export_names_the_file_after_the_table_scope_and_date(admin_client, scope_params):
    response = admin_client.get("/reports/export/theo-nam.csv" + scope_params)
    assert response["Content-Disposition"] == (
        'attachment; filename="luan-chuyen_theo-nam_huyen-loc-binh_2012-08-12.csv"'
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_export_keeps_vietnamese_text(admin_client, scope_params, register):
    body = admin_client.get("/reports/export/theo-don-vi-nhan.csv" + scope_params).content
    assert "Xã Lục Thôn (Huyện Lộc Bình),Xã Lộc Bình,1,1" in body.decode("utf-8")


def test_export_national_scope_file_name(admin_client, register):
    response = admin_client.get("/reports/export/theo-huong.xlsx?as_of=2012-08-12")
    assert re.search(
        r'filename="luan-chuyen_theo-huong_toan-quoc_2012-08-12.xlsx"',
        response["Content-Disposition"],
    )


def test_export_bad_parameters_are_400_and_unknown_tables_404(admin_client, register):
    response = admin_client.get("/reports/export/theo-nam.csv?as_of=31/02/2012")
    assert response.status_code == 400
    assert "as_of" in response.content.decode()
    assert admin_client.get("/reports/export/theo-gi-do.csv").status_code == 404
    assert admin_client.get("/reports/export/theo-nam.pdf").status_code == 404
    assert admin_client.get("/reports/export/theo-nam.csv?scope=999999").status_code == 404


def test_excel_export_sets_the_header_and_the_total_in_bold(admin_client, scope_params):
    response = admin_client.get(f"/reports/export/theo-don-vi-nhan.xlsx{scope_params}")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert sheet.title == "theo-don-vi-nhan"
    assert all(cell.font.bold for cell in rows[0] + rows[-1])
    assert not any(cell.font.bold for row in rows[1:-1] for cell in row)
    assert rows[-1][0].value == "Tổng cộng"
    assert sheet.column_dimensions["A"].width == 45
