"""The summary as a Word file: every table of the page with the same cells, the page's
figures, the Party document form, A4 with the print's margins, and the page's permission."""

import io
import re

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from tests.html import cell_text, tables
from tests.postings.test_views import metrics

SUMMARY = "/reports/"
WORD = "/reports/word.docx"


def word_file(client, query):
    response = client.get(WORD + query)
    assert response.status_code == 200, response.content[:500]
    return docx.Document(io.BytesIO(response.content))


def file_tables(document):
    """Each table of the file as rows of cell texts; a merged cell counted once."""
    found = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(cell_text(cell.text))
            rows.append(cells)
        found.append(rows)
    return found


def page_and_file(client, query):
    html = client.get(SUMMARY + query).content.decode()
    return html, word_file(client, query)


@pytest.mark.parametrize(
    "query",
    [
        "scope={district}&as_of=2012-08-12",
        "as_of=2012-08-12",  # the whole country: Văn Lãng's rotation too
        "scope={district}&as_of=2012-08-12&terms=state",
        # No rotation in the period: every table says so, every list is empty.
        "scope={district}&start=2013-01-01&end=2013-12-31&as_of=2014-01-01",
    ],
)
def test_word_file_holds_every_table_of_the_page_with_the_same_cells(admin_client, register, query):
    html, document = page_and_file(admin_client, "?" + query.format(district=register.district.pk))
    on_page = [table["rows"] for table in tables(html)]
    assert on_page, "the page has tables"
    in_file = file_tables(document)
    # Every table of the page, header, rows and total, in the page's order.
    assert [rows for rows in in_file if rows in on_page] == on_page
    # Besides them, the file has only its layout: header, figures, signature block.
    assert len(in_file) == len(on_page) + 3


def test_word_file_tables_have_the_hand_computed_numbers(admin_client, scope_params):
    by_year = next(
        rows for rows in file_tables(word_file(admin_client, scope_params)) if rows[0][0] == "Năm"
    )
    # p1 2004, p7 2006, p3 2008, p5 and p2 2009, p4 2011 (tests/conftest.py): 6 of 5 persons.
    assert [row[0] for row in by_year[1:-1]] == [str(year) for year in range(2004, 2012)]
    assert by_year[1:-1][5] == ["2009", "2", "2"]
    assert by_year[-1][1:] == ["6", "5"]


def as_metric(shown):
    """A figure as the Vietnamese page writes it ("83,3 %", "1.234") as data-metric does."""
    return shown.removesuffix("\u00a0%").replace(".", "").replace(",", ".")


def test_word_figures_are_the_pages(admin_client, scope_params):
    html, document = page_and_file(admin_client, scope_params)
    figures = document.tables[1]
    labels = [cell.paragraphs[0].text for row in figures.rows for cell in row.cells if cell.text]
    values = [cell.paragraphs[1].text for row in figures.rows for cell in row.cells if cell.text]
    assert values == re.findall(r'<span class="figure-value">([^<]*)</span>', html)
    page_metrics = metrics(html)
    assert [as_metric(value) for value in values] == list(page_metrics.values())
    assert values[:2] == ["6", "5"] and values[6] == "83,3\u00a0%"
    assert len(labels) == len(page_metrics) >= 12


def test_word_file_has_the_party_document_form(admin_client, scope_params):
    document = word_file(admin_client, scope_params)
    issuer, party = (cell.text.split("\n") for cell in document.tables[0].rows[0].cells)
    assert issuer == ["HUYỆN ỦY LỘC BÌNH", "BAN TỔ CHỨC", "*", "Số" + "\u00a0" * 8 + "-BC/BTCHU"]
    assert party == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Lộc Bình, ngày 12 tháng 8 năm 2012"]
    paragraphs = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    assert paragraphs[0] == "BÁO CÁO"
    assert paragraphs[1] == "TỔNG HỢP LUÂN CHUYỂN CÁN BỘ THEO NGHỊ QUYẾT 11-NQ/TW"
    recipients, signature = (cell.text.split("\n") for cell in document.tables[-1].rows[0].cells)
    assert recipients[0] == "Nơi nhận:"
    assert "- Thường trực Huyện ủy (để báo cáo)," in recipients
    assert signature[0] == "TRƯỞNG BAN"


def test_word_file_of_a_commune_is_signed_for_its_standing_board(admin_client, register):
    document = word_file(admin_client, f"?scope={register.tu_doan.pk}&as_of=2012-08-12")
    issuer = document.tables[0].rows[0].cells[0].text.split("\n")
    assert issuer[0] == "ĐẢNG ỦY XÃ TÚ ĐOẠN"
    signature = document.tables[-1].rows[0].cells[1].text.split("\n")
    assert signature[:2] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]


def test_word_file_is_a4_with_the_print_margins_and_page_numbers(admin_client, scope_params):
    document = word_file(admin_client, scope_params)
    section = document.sections[0]
    sizes = (section.page_width, section.page_height)
    margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    # static/css/print.css: @page { size: A4; margin: 20mm 15mm 20mm 30mm } (Word keeps twips)
    assert [round(length.mm, 1) for length in sizes] == [210, 297]
    assert [round(length.mm, 1) for length in margins] == [20, 15, 20, 30]
    footer = section.footer.paragraphs[0]._p.xml
    assert re.findall(r"<w:instrText[^>]*> (\w+) </w:instrText>", footer) == ["PAGE", "NUMPAGES"]
    assert section.footer.paragraphs[0].text.startswith("Trang ")
    # Header rows repeat on each page; no row splits across two.
    grid = document.tables[2]._tbl.xml
    assert grid.count("<w:tblHeader") == 1
    assert grid.count("<w:cantSplit") == len(document.tables[2].rows)


def test_word_file_is_named_with_the_scope_and_date(admin_client, scope_params):
    response = admin_client.get(WORD + scope_params)
    assert response["Content-Type"].endswith("wordprocessingml.document")
    disposition = 'attachment; filename="bao-cao-luan-chuyen_huyen-loc-binh_2012-08-12.docx"'
    assert response["Content-Disposition"] == disposition


def test_summary_links_to_its_word_file_with_the_same_filter(admin_client, scope_params):
    html = admin_client.get(SUMMARY + scope_params).content.decode()
    link = re.search(r'href="(/reports/word\.docx\?[^"]*)"[^>]*data-download="word"', html)
    assert link and link.group(1).replace("&amp;", "&") == WORD + scope_params


def test_word_file_outside_the_users_scope_is_404(client, register):
    outsider = make_user("outsider-vl", scope=register.other, perms=["view"])
    client.force_login(outsider)
    assert client.get(WORD, {"scope": register.district.pk}).status_code == 404
    assert client.get(WORD, {"scope": register.other.pk}).status_code == 200


def test_word_file_needs_the_view_permission_and_a_valid_filter(client, admin_client, register):
    client.force_login(make_user("nobody", scope=register.district))
    assert client.get(WORD).status_code == 403
    response = admin_client.get(WORD, {"as_of": "31/02/2012"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_word_file_reads_the_summary_the_page_cached(admin_client, scope_params):
    """After the page, the file computes nothing again: only the request's own queries."""
    admin_client.get(SUMMARY + scope_params)
    with CaptureQueriesContext(connection) as captured:
        word_file(admin_client, scope_params)
    # The session, the user, the chosen scope; the summary (and its data version) from the
    # cache, and a superuser's scope is the country without a query.
    assert len(captured) == 3, [query["sql"] for query in captured]
