"""Findings 3, 6 and 11: what the files and pages give away (issue 17)."""

import io

import pytest
from django.urls import reverse

from tests.factories import make_cadre, make_plan, make_posting, make_unit

pytestmark = pytest.mark.django_db


# Finding 3: formula injection in every export.

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-1+2", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def poisoned(home_district):
    """Units and cadres named as formulas, with rotations between them."""
    board = make_unit(PAYLOADS[0], kind="party", parent=home_district)
    for payload in PAYLOADS:
        unit = make_unit(payload, parent=home_district, code=payload[:20])
        cadre = make_cadre(payload, current_unit=unit, other_names=payload)
        make_posting(
            cadre=cadre, from_unit=board, to_unit=unit, decision_number=payload, note=payload
        )
        make_plan(cadre, unit=unit, decision_number=payload)
    return board


def export_urls():
    urls = [
        f"/admin/{model}/export.{fmt}"
        for model in ("cadres/cadre", "cadres/unit", "postings/posting", "cadres/planningentry")
        for fmt in ("csv", "xlsx")
    ]
    # The summary's one table of names: rotations by receiving unit.
    urls += [f"/reports/export/theo-don-vi-nhan.{fmt}?as_of=2012-08-12" for fmt in ("csv", "xlsx")]
    return urls


def cells_of(response):
    """Every cell of the download: (value, is a formula, is marked as text) for .xlsx."""
    import csv

    import openpyxl

    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8").removeprefix("\ufeff")
        return [(value, False, None) for row in csv.reader(io.StringIO(text)) for value in row]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [
        (cell.value, cell.data_type == "f", cell.quotePrefix)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def test_finding_3_no_export_holds_a_live_formula(staff_client, poisoned):
    for url in export_urls():
        response = staff_client.get(url)
        assert response.status_code == 200, url
        cells = cells_of(response)
        csv_file = url.split("?")[0].endswith(".csv")
        assert not [value for value, formula, _ in cells if formula], url
        risky = [
            (value, marked)
            for value, _, marked in cells
            if isinstance(value, str)
            and value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
        ]
        if csv_file:
            # In a CSV nothing says "text": a single quote in front makes Excel read it so.
            assert not risky, (url, risky)
            assert any(value.startswith("'=HYPERLINK") for value, _, _ in cells), url
        else:
            # In Excel the name stays as typed, a text cell marked to stay text when edited.
            assert risky and all(marked for _, marked in risky), (url, risky)


def test_finding_3_numbers_stay_numbers_and_plain_text_is_untouched():
    import csv

    import openpyxl

    from registry.spreadsheets import write_sheet

    rows = [["Xã Tú Đoạn", -5, 2.5, "-12", "Số 1-QĐ/HU", "  Xã Mẫu Sơn"]]
    data = write_sheet(headers=list("abcdef"), rows=rows, file_format="xlsx")
    cells = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2))[0]
    assert [cell.value for cell in cells] == rows[0]
    assert cells[1].data_type == "n" and cells[2].data_type == "n"
    assert not any(cell.quotePrefix for cell in cells)
    text = write_sheet(headers=list("abcdef"), rows=rows, file_format="csv").decode("utf-8")
    assert list(csv.reader(io.StringIO(text[1:])))[1] == [
        "Xã Tú Đoạn", "-5", "2.5", "-12", "Số 1-QĐ/HU", "  Xã Mẫu Sơn"
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_finding_3_a_guarded_export_imports_back_unchanged(staff_client, staff, home, fmt):
    from tests.spreadsheets import run

    for payload in PAYLOADS[:4]:
        make_cadre(payload, other_names=payload, current_unit=home["commune"])
    exported = staff_client.get(f"/admin/cadres/cadre/export.{fmt}").content
    result = run("cadres", exported, staff, name=f"can-bo.{fmt}")
    assert result.ok, result.error_lines()
    assert {row.status for row in result.rows} == {"unchanged"}


# Finding 6: ID numbers shown to leaders.

ID_NUMBER = "012345678901"
NEW_ID_NUMBER = "098765432109"


@pytest.fixture
def identified(home, staff_client):
    """A cadre whose ID number staff entered and then corrected (so the history holds both)."""
    cadre = home["cadres"][0]
    cadre.id_number = ID_NUMBER
    cadre.save()
    cadre.id_number = NEW_ID_NUMBER
    cadre.save()
    return cadre


def id_number_pages(cadre):
    version = cadre.history.latest().history_id
    return [
        reverse("admin:cadres_cadre_change", args=[cadre.pk]),
        reverse("admin:cadres_cadre_history", args=[cadre.pk]),
        reverse("admin:cadres_cadre_simple_history", args=[cadre.pk, version]),
        "/admin/cadres/cadre/export.csv",
        "/admin/cadres/cadre/export.xlsx",
        reverse("records:cadre", args=[cadre.pk]),
    ]


def holds_id_number(response):

    import openpyxl

    if response["Content-Type"].startswith("application/vnd.openxml"):
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        body = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    else:
        body = response.content.decode()
    return ID_NUMBER in body or NEW_ID_NUMBER in body or "Số định danh" in body


PAGES = ["change page", "history", "a version", "CSV export", "Excel export", "record page"]


@pytest.mark.parametrize("page", PAGES)
def test_finding_6_leaders_and_administrators_never_see_an_id_number(
    client, leader, administrator, identified, page
):
    url = id_number_pages(identified)[PAGES.index(page)]
    for user in (leader, administrator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert not holds_id_number(response), (user.username, url)


def test_finding_6_staff_who_change_cadres_still_see_it(staff_client, identified):
    pages = id_number_pages(identified)
    for url in pages[:5]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert holds_id_number(response), url


# Finding 11: pages with personal data have no Cache-Control.


def test_finding_11_pages_and_files_with_personal_data_are_never_stored(staff_client, home):
    cadre, commune = home["cadres"][0], home["commune"]
    for url in (
        "/reports/?as_of=2012-08-12",
        "/reports/export/theo-don-vi-nhan.csv?as_of=2012-08-12",
        "/reports/export/theo-don-vi-nhan.xlsx?as_of=2012-08-12",
        reverse("records:cadre", args=[cadre.pk]),
        reverse("records:unit", args=[commune.pk]),
        "/changes/",
        "/admin/cadres/cadre/export.csv",
        "/admin/cadres/cadre/",
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= directives, (url, response.get("Cache-Control"))
