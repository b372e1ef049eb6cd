"""A leader reads the summary for a period, downloads a table in Excel and prints the page."""

import datetime

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import log_in
from tests.factories import make_posting, make_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def metric(page, name):
    return page.locator(f"[data-metric={name}]").inner_text()


def test_leader_changes_the_period_downloads_excel_and_prints(
    page, live_server, leader, home_district, tmp_path
):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    for year in (2005, 2010, 2015):
        commune = make_unit(f"Xã Thử {year}", parent=home_district)
        make_posting(from_unit=board, to_unit=commune, start=datetime.date(year, 3, 1))
    log_in(page, live_server, "leader")

    page.goto(f"{live_server.url}/reports/?as_of=2020-01-01")
    assert metric(page, "postings_total") == "3"
    page.fill("#id_start", "01/01/2008")
    page.click(".filter-form [type=submit]")
    page.wait_for_url("**start=01%2F01%2F2008**")
    assert metric(page, "postings_total") == "2"
    shown_2010 = page.locator("[data-table=theo-nam] tr[data-key='2010'] [data-col=rotations]")
    assert shown_2010.inner_text() == "1"

    with page.expect_download() as download_info:
        page.click("#table-theo-nam .exports a:has-text('Excel')")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    # The total is the last row; its rotations are the page's headline figure.
    assert rows[-1][-2] == int(metric(page, "postings_total")) == 2
    assert [row[-2] for row in rows if row[0] == "2010"] == [1]

    page.click("a:has-text('Bản in')")
    page.wait_for_url("**print=1**")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".filter-form").is_hidden()
    header = page.locator(".document-header")
    assert header.is_visible()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header.inner_text()
    assert metric(page, "postings_total") == "2"
