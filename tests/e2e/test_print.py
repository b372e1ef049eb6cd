"""The summary printed to PDF by Chromium, as a user's Ctrl+P gives it: A4 pages in the Party
document layout, the header once, the date line whole, "Trang N/M" on every page counting
right, the page number clear of the text, and nothing wider than the printable width; and
its Word download holding the page's tables."""

import io
import re

import docx
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from cadres.models import Unit
from registry import roles
from tests.conftest import make_user, role_group
from tests.e2e.conftest import log_in, new_context
from tests.html import tables
from tests.postings.test_word import file_tables

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A4 is 210 mm wide; static/css/print.css leaves 30 mm on the left and 15 mm on the right.
PRINTABLE_PX = int(165 / 25.4 * 96)  # 623 CSS pixels
A4_POINTS = (595, 842)
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"

# Boxes that must lie inside the printable width; the date line also on one line, whole.
LAYOUT = """(width) => {
  const selectors = ["table", ".document-header", ".document-header__date",
                     ".document-close", ".figure-grid", ".chart svg", "h1", "h2", "h3"];
  const outside = [];
  for (const selector of selectors) {
    for (const element of document.querySelectorAll(selector)) {
      const box = element.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.left < -0.5 || box.right > width + 0.5) {
        const name = element.dataset.table || element.dataset.list || "";
        outside.push(`${selector} ${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
      }
    }
  }
  const date = document.querySelector(".document-header__date");
  const style = getComputedStyle(date);
  return {
    outside,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    dateLines: date.getClientRects().length === 1
      ? Math.round(date.getBoundingClientRect().height / parseFloat(style.lineHeight)) : -1,
    dateClipped: date.scrollWidth > date.clientWidth + 0.5,
    // Headings repeat on each page; a total prints once, after its table's last row.
    groups: [...new Set([...document.querySelectorAll("thead, tfoot")]
      .map((group) => `${group.tagName} ${getComputedStyle(group).display}`))].sort(),
  };
}"""


@pytest.fixture
def demo(db):
    """The Lộc Bình demo, and a superuser to read it."""
    for name in roles.ROLE_PERMISSIONS:
        role_group(name)  # the roles as the migration makes them, emptied by the last flush
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return make_user("chief", is_superuser=True)


def pdf_pages(page):
    """The text of each page of the PDF Chromium prints, laid out as on paper."""
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    reader = PdfReader(io.BytesIO(pdf))
    sizes = {tuple(round(float(n)) for n in p.mediabox[2:]) for p in reader.pages}
    assert sizes == {A4_POINTS}, sizes
    return [p.extract_text(extraction_mode="layout") for p in reader.pages]


def lines(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def check_pdf(texts, date_line):
    count = len(texts)
    assert count >= 2, "the summary fills more than one page"
    for number, text in enumerate(texts, start=1):
        found = [line for line in lines(text) if re.search(r"Trang \d+/\d+", line)]
        # The number alone on its line: nothing of the report runs into it.
        assert found == [f"Trang {number}/{count}"], (number, found)
    everything = "\n".join(texts)
    assert everything.count(PARTY) == 1 and PARTY in texts[0]
    assert any(date_line in line for line in lines(texts[0])), lines(texts[0])[:6]


def check_layout(browser, live_server, url):
    """The print layout at the printable width: nothing outside it, the date line whole."""
    context = new_context(browser, viewport={"width": PRINTABLE_PX, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "chief")
    page.goto(url)
    page.emulate_media(media="print")
    layout = page.evaluate(LAYOUT, PRINTABLE_PX)
    context.close()
    assert layout["outside"] == []
    assert layout["overflow"] <= 0
    assert layout["dateLines"] == 1 and not layout["dateClipped"]
    assert layout["groups"] == ["TFOOT table-row-group", "THEAD table-header-group"]


@pytest.mark.parametrize("scope", ["Huyện Lộc Bình", None])
def test_summary_prints_on_a4_in_the_party_document_layout(demo, page, live_server, browser, scope):
    query = "as_of=12/08/2012&print=1"
    if scope:
        query = f"scope={Unit.objects.get(name=scope).pk}&{query}"
    url = f"{live_server.url}/reports/?{query}"
    check_layout(browser, live_server, url)
    log_in(page, live_server, "chief")
    page.goto(url)
    place = "Lộc Bình" if scope else "Hà Nội"
    check_pdf(pdf_pages(page), f"{place}, ngày 12 tháng 8 năm 2012")


def test_summary_downloads_as_a_word_file_with_the_pages_tables(demo, page, live_server, tmp_path):
    lb = Unit.objects.get(name="Huyện Lộc Bình")
    log_in(page, live_server, "chief")
    page.goto(f"{live_server.url}/reports/?scope={lb.pk}&as_of=12/08/2012")
    on_page = [table["rows"] for table in tables(page.content())]
    with page.expect_download() as download_info:
        page.click("[data-download=word]")
    download = download_info.value
    assert download.suggested_filename == "bao-cao-luan-chuyen_huyen-loc-binh_2012-08-12.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    in_file = file_tables(docx.Document(path))
    assert len(on_page) >= 9
    assert [rows for rows in in_file if rows in on_page] == on_page
