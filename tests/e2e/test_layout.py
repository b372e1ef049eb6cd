"""What the pages look like, not only what they say: measured in Chromium on the demo data.

At 1280 px the document never scrolls sideways and every admin list's results take most of
the content area; at 375 px nothing scrolls sideways, no table cell is squeezed below
40 px and the summary is a few screens tall; at both widths no date, word or number is
broken over two lines. Each failure names the page and the figure, so a regression says where it is.
"""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from postings.models import Posting
from registry import roles
from tests.conftest import make_user, role_group
from tests.e2e.conftest import log_in, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MIN_RESULTS_SHARE = 0.70  # of the content area, for an admin list's results at 1280 px
MIN_CELL_WIDTH = 40  # px, for any table cell on a phone
MAX_SUMMARY_HEIGHT = 8_000  # px, for the summary on a phone

# One pass over the page: what overflows, the list's width, squeezed cells, broken dates.
MEASURE = """() => {
  const root = document.documentElement;
  const rendered = (el) => el.getClientRects().length > 0;
  const result = {overflow: root.scrollWidth - window.innerWidth, height: root.scrollHeight};
  const table = document.querySelector("#result_list");
  const content = document.querySelector("#content");
  if (table && content) {
    const box = table.closest(".results") || table.parentElement;
    const shown = Math.min(table.getBoundingClientRect().width, box.clientWidth);
    result.results = {
      share: shown / content.clientWidth,
      shown: Math.round(shown),
      content: content.clientWidth,
      scrolls: box.scrollWidth > box.clientWidth + 1,
    };
  }
  result.narrow = [...document.querySelectorAll("td, th")]
    .filter((cell) => rendered(cell) && cell.getBoundingClientRect().width > 0)
    .filter((cell) => cell.getBoundingClientRect().width < MIN_CELL)
    .map((cell) => `${cell.tagName.toLowerCase()}.${cell.className} ` +
      `${Math.round(cell.getBoundingClientRect().width)} px: ${cell.innerText.slice(0, 30)}`);
  // A date, or any word or number, broken over two lines: its characters' boxes sit on
  // different lines.
  const date = /\\d{1,2}\\/\\d{1,2}\\/\\d{4}/g;
  const word = /[\\p{L}\\p{N}\\p{M}]{2,}/gu;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const spansLines = (node, match) => {
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
    if (boxes.length < 2) return false;
    const tops = boxes.map((box) => box.top);
    const lowest = Math.min(...boxes.map((box) => box.height));
    return Math.max(...tops) - Math.min(...tops) > lowest / 2;
  };
  const where = (node, match) => `${match[0]} in <${node.parentElement.tagName.toLowerCase()}>`;
  result.broken = [];
  result.brokenWords = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement || !rendered(node.parentElement)) continue;
    for (const match of node.nodeValue.matchAll(date)) {
      if (spansLines(node, match)) result.broken.push(where(node, match));
    }
    for (const match of node.nodeValue.matchAll(word)) {
      if (spansLines(node, match)) result.brokenWords.push(where(node, match));
    }
  }
  return result;
}""".replace("MIN_CELL", str(MIN_CELL_WIDTH))


@pytest.fixture
def demo(db):
    """The Lộc Bình demo, and a superuser who opens every list and form."""
    for name in roles.ROLE_PERMISSIONS:
        role_group(name)  # the roles as the migration makes them, emptied by the last flush
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return make_user("chief", is_superuser=True)


def admin_pages(user):
    """Every admin list, and an add and a change form of each model, for `user`."""
    pages = {"admin index": reverse("admin:index")}
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if not model_admin.has_view_permission(request):
            continue
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        pages[f"{meta.model_name} list"] = reverse(f"{prefix}_changelist")
        if model_admin.has_add_permission(request):
            pages[f"{meta.model_name} add"] = reverse(f"{prefix}_add")
        manager = model._default_manager
        rows = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        row = rows.order_by("pk").last()
        if model is Posting:  # the fullest form: a rotation with evaluations and warnings
            row = rows.exclude(warnings=[]).filter(evaluations__isnull=False).first() or row
        if row is not None:
            pages[f"{meta.model_name} change"] = reverse(f"{prefix}_change", args=[row.pk])
    return pages


def site_pages():
    """The summary, its print version, the record pages and the account pages."""
    posting = Posting.objects.exclude(warnings=[]).select_related("cadre", "to_unit").first()
    return {
        "start page": "/",
        "glossary": "/glossary/",
        "summary": "/reports/",
        "summary of 2012": "/reports/?as_of=2012-08-12",
        "summary, print version": "/reports/?as_of=2012-08-12&print=1",
        "succession pool of 2012": "/reports/nguon/?as_of=2012-08-12",
        "succession pool, print version": "/reports/nguon/?as_of=2012-08-12&print=1",
        "succession pool today": "/reports/nguon/",
        "who a figure counts": "/reports/danh-sach/?as_of=2012-08-12&metric=postings_total",
        "who a figure counts, persons": "/reports/danh-sach/?metric=cadres_rotated",
        "succession pool, titles short": "/reports/nguon/?as_of=2012-08-12&verdict=thieu",
        "what a plan cell counts": (
            "/reports/danh-sach/?as_of=2012-08-12&table=ke-hoach-theo-nam&key=total&col=planned"
        ),
        "what a findings cell counts": (
            "/reports/danh-sach/?table=kiem-tra&key=total&col=rotations"
        ),
        "who a placement cell counts": (
            "/reports/danh-sach/?table=sau-luan-chuyen&key=total&col=rotations"
        ),
        "cadre page": posting.cadre.get_absolute_url(),
        "unit page": posting.to_unit.get_absolute_url(),
        "recent changes": reverse("cadres:recent_changes"),
        "password change": reverse("password_change"),
        "reminder setting": reverse("reminder_settings"),
        "record returns": returns_page(),
    }


def returns_page():
    """The page recording several returns, with rotations under way, exceptions among them."""
    ongoing = Posting.objects.filter(actual_end__isnull=True, outcome="").order_by("pk")
    ids = [
        *ongoing.exclude(warnings=[]).values_list("pk", flat=True)[:2],
        *ongoing.filter(warnings=[]).values_list("pk", flat=True)[:2],
    ]
    return f"{reverse('admin:postings_posting_returns')}?ids={','.join(map(str, ids))}"


OPEN_ALL = "document.querySelectorAll('details').forEach((d) => { d.open = true; })"


def measure(browser, live_server, width, pages, *, prepare=None):
    """{page name: measurements} at `width` px, logged in as the superuser.

    `prepare` runs on each page first (e.g. OPEN_ALL: the folded sections open).
    """
    context = new_context(browser, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "chief")
    found = {}
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, f"{name}: {response.status}"
        page.wait_for_load_state("load")
        if prepare:
            page.evaluate(prepare)
        found[name] = page.evaluate(MEASURE)
    page.wait_for_load_state("networkidle")
    context.close()
    assert context.refused == []
    return found


def problems_of(found):
    """What fails at any width: overflow of the document, dates and words broken over lines."""
    problems = [
        f"{name}: the document scrolls sideways by {f['overflow']} px"
        for name, f in found.items()
        if f["overflow"] > 0
    ]
    problems += [
        f"{name}: a date breaks: {f['broken'][:3]}" for name, f in found.items() if f["broken"]
    ]
    problems += [
        f"{name}: words break: {f['brokenWords'][:3]} ({len(f['brokenWords'])} in all)"
        for name, f in found.items()
        if f["brokenWords"]
    ]
    return problems


def test_at_1280_px_nothing_scrolls_sideways_and_the_lists_fill_the_content_area(
    browser, live_server, demo, capsys
):
    found = measure(browser, live_server, 1280, {**admin_pages(demo), **site_pages()})
    problems = problems_of(found)
    lists = {name: f["results"] for name, f in found.items() if "results" in f}
    for name, r in sorted(lists.items()):
        share = f"{r['shown']} of {r['content']} px ({r['share']:.0%})"
        if r["share"] < MIN_RESULTS_SHARE:
            problems.append(f"{name}: the results take {share} of the content area")
        if r["scrolls"]:
            problems.append(f"{name}: the results scroll sideways in their box")
    with capsys.disabled():
        print(f"\n1280 px: {len(found)} pages, {len(lists)} admin lists")
        print(
            "\n".join(f"  {name}: {r['shown']} of {r['content']} px" for name, r in lists.items())
        )
        print("\n".join(problems))
    assert problems == []


def test_at_375_px_nothing_scrolls_sideways_and_no_cell_is_squeezed(
    browser, live_server, demo, capsys
):
    found = measure(browser, live_server, 375, {**admin_pages(demo), **site_pages()})
    # The summary again with every section unfolded: its tables and cards too.
    summaries = {name: path for name, path in site_pages().items() if name.startswith("summary")}
    opened = measure(browser, live_server, 375, summaries, prepare=OPEN_ALL)
    found.update({f"{name}, opened": f for name, f in opened.items()})
    problems = problems_of(found)
    problems += [
        f"{name}: cells under {MIN_CELL_WIDTH} px: {f['narrow'][:3]} ({len(f['narrow'])} in all)"
        for name, f in found.items()
        if f["narrow"]
    ]
    with capsys.disabled():
        print(f"\n375 px: {len(found)} pages")
        print("\n".join(problems))
    assert problems == []


def test_at_375_px_the_summary_is_a_few_screens_tall(browser, live_server, demo, capsys):
    # The page people read on a phone; the print version keeps every section open.
    pages = {name: path for name, path in site_pages().items() if name.startswith("summary")}
    pages.pop("summary, print version")
    found = measure(browser, live_server, 375, pages)
    heights = {name: f["height"] for name, f in found.items()}
    with capsys.disabled():
        print(f"\n375 px: summary heights {heights}")
    assert all(height < MAX_SUMMARY_HEIGHT for height in heights.values()), heights
