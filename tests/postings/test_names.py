"""The names behind every figure (postings/reports/names.py, postings/views_names.py): each
headline figure and each table cell links to the list of who it counts, and that list has
as many rows as the figure says.

The checks read every link the rendered page holds, so a figure or a table added later is
covered without touching these tests.
"""

import csv
import datetime
import html
import io
import random
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from cadres.models import Unit
from postings.reports.base import pct
from registry import roles
from tests.conftest import logged_in, make_user

# The small hand-counted fixtures of the later sections, asked for by name (`fixtures`).
from tests.postings.test_plans import plan, six_items  # noqa: F401
from tests.postings.test_pool import pool_units, term, three_titles  # noqa: F401
from tests.postings.test_reviews import ended, findings  # noqa: F401

SUMMARY = "/reports/"


@pytest.fixture
def reader_client(client, register):
    """A leader of the register's district."""
    return logged_in(client, make_user("leader-names", scope=register.district, role=roles.LEADER))


FIGURE_LINK = re.compile(
    r'<a class="figure-link" href="([^"]+)">.*?data-metric="(\w+)">([^<]*)<', re.S
)
# A count cell: the tally's (rotations, persons), those of what followed (findings…) and the
# plan tables' (planned, decided, done, dropped, open); a share: the plan tables' share done.
CELL_LINK = re.compile(r'<a href="([^"]+)" data-col="([\w-]+)">([^<]+)</a>')
SHARE_LINK = re.compile(r'<a href="([^"]+)" data-share="([^"]*)">')
POOL = reverse("postings:pool")
POOL_PAGE_ROWS = 300


def figure_links(page):
    """[(listing URL, metric, the figure as machines read it)] of every headline figure."""
    return [(html.unescape(href), name, text) for href, name, text in FIGURE_LINK.findall(page)]


def cell_links(page):
    """[(listing URL, the count as shown)] of every linked table cell."""
    found = []
    for href, _column, text in CELL_LINK.findall(page):
        found.append((html.unescape(href), int(re.sub(r"\D", "", text))))
    return found


def share_links(page):
    """[(listing URL, the share as machines read it)] of every linked share cell."""
    return [(html.unescape(href), value) for href, value in SHARE_LINK.findall(page)]


def listed_titles(client, url):
    """(key titles listed, None) as the succession pool page filtered to a verdict says."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    verdict = parse_qs(urlsplit(url).query)["verdict"][-1]
    count = int(re.search(r'data-count="(\d+)"', page).group(1))
    verdicts = re.findall(r'<tr data-key="[^"]*" data-verdict="(\w+)">', page)
    assert set(verdicts) <= {verdict}, url
    assert len(verdicts) == min(count, POOL_PAGE_ROWS), url
    return count, None


def listed(client, url):
    """(rows listed, rows of the whole for a share or None) as the listing page says."""
    if urlsplit(url).path == POOL:
        return listed_titles(client, url)
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    count = int(re.search(r'data-count="(\d+)"', page).group(1))
    base = re.search(r'data-base="(\d+)"', page)
    shown = len(re.findall(r"<tr data-(?:posting|cadre|item|finding)=", page))
    assert shown == min(count, 50), url
    return count, int(base.group(1)) if base else None


def exported_rows(client, url):
    path, query = url.split("?", 1)
    export = "postings:pool_export" if path == POOL else "postings:names_export"
    response = client.get(f"{reverse(export, args=['csv'])}?{query}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[1:]


def expected_figure(text, count, base):
    """What the figure should read given what its list holds."""
    if base is None:
        return str(count)
    share = pct(count, base)
    return "—" if share is None else str(share)


def link_kind(link):
    """What kind of list a link asks for: a figure's metric or verdict, or a table's column
    (the rows of one column differ only in their key)."""
    query = parse_qs(urlsplit(link[0]).query)
    if "table" in query:
        return ("cell", query["table"][-1], query.get("col", ["rotations"])[-1])
    return ("figure", urlsplit(link[0]).path, str(sorted(query.items())))


def sampled(links, per_kind, rng):
    """`links`, or with `per_kind` the first of each kind and up to per_kind - 1 more of that
    kind at random: every kind of link is still followed."""
    if per_kind is None:
        return links
    kinds = {}
    for link in links:
        kinds.setdefault(link_kind(link), []).append(link)
    chosen = []
    for group in kinds.values():
        chosen += [group[0], *rng.sample(group[1:], min(per_kind - 1, len(group) - 1))]
    return chosen


def check_every_link(client, url, *, export=False, per_kind=None, seed=0):
    """Every figure and cell link of the page at `url` lists as many rows as it says (with
    `per_kind`, a sample holding every kind of link). With `export`, the download of the first
    link of each kind has as many rows too: every download is the same query as its page
    (postings/views_names.py), written by the kind's own columns."""
    page = client.get(url).content.decode()
    figures, cells, shares = figure_links(page), cell_links(page), share_links(page)
    assert figures and cells
    rng, exported = random.Random(seed), set()

    def check_export(link, count):
        if export and link_kind(link) not in exported:
            exported.add(link_kind(link))
            assert len(exported_rows(client, link[0])) == count, link[0]

    for link in sampled(figures, per_kind, rng):
        href, name, text = link
        count, base = listed(client, href)
        assert expected_figure(text, count, base) == text, (name, href)
        check_export(link, count)
    for link in sampled(cells, per_kind, rng):
        href, value = link
        count, _base = listed(client, href)
        assert count == value, href
        check_export(link, count)
    for href, value in sampled(shares, per_kind, rng):
        count, base = listed(client, href)
        assert base is not None and expected_figure(value, count, base) == value, href
    return figures, cells


def linked_tables(cells):
    """{table slug: [count of each linked cell]}."""
    found = {}
    for href, value in cells:
        table = parse_qs(urlsplit(href).query).get("table", ["?"])[0]
        found.setdefault(table, []).append(value)
    return found


def test_names_every_figure_and_cell_of_the_register_lists_its_count(reader_client, register):
    district = register.district.pk
    url = f"{SUMMARY}?scope={district}&as_of=2012-08-12&end=2012-08-12"
    figures, cells = check_every_link(reader_client, url, export=True)
    values = {name: text for _href, name, text in figures}
    # The register's hand-worked figures (tests/conftest.py): the lists say the same.
    assert values["postings_total"] == "6" and values["joined_party_committee"] == "2"
    # The tally's 12 figures and the succession pool's 3, each a link.
    assert len(figures) == 15 and len(cells) > 40
    assert {"pool_short", "pool_enough", "pool_crowded"} <= set(values)
    # Every table of the page has its cells linked, those of the later sections too.
    assert {"sau-luan-chuyen", "danh-gia-cuoi", "xep-loai", "kiem-tra"} <= set(linked_tables(cells))
    assert {"ke-hoach-theo-nam", "ke-hoach-theo-nhiem-ky"} <= set(linked_tables(cells))


def test_names_joined_party_committee_lists_who_joined(reader_client, register):
    query = f"scope={register.district.pk}&as_of=2012-08-12&end=2012-08-12"
    page = reader_client.get(f"{reverse('postings:names')}?{query}&metric=joined_party_committee")
    rows = re.findall(r'<tr data-posting="(\d+)">', page.content.decode())
    assert sorted(map(int, rows)) == sorted([register.p1.pk, register.p3.pk])


def test_names_persons_figure_lists_each_cadre_once(reader_client, register):
    query = f"scope={register.district.pk}&as_of=2012-08-12&end=2012-08-12"
    page = reader_client.get(f"{reverse('postings:names')}?{query}&metric=cadres_rotated")
    cadres = re.findall(r'<tr data-cadre="(\d+)">', page.content.decode())
    # A rotated twice (p1, p2): five persons for six rotations.
    assert sorted(map(int, cadres)) == sorted(
        c.pk for c in (register.a, register.b, register.c, register.dd, register.f)
    )


def test_names_due_list_says_where_each_cadre_returns(reader_client, register):
    query = f"scope={register.district.pk}&as_of=2012-08-12&end=2012-08-12"
    rows = exported_rows(reader_client, f"/x?{query}&metric=due_6_months")
    # p2 is due on 01/12/2012: Hoàng Văn An returns from Mẫu Sơn to the Organisation Board.
    assert [(row[0], row[1], row[2]) for row in rows] == [
        ("Hoàng Văn An", "Ban Tổ chức Huyện uỷ", "Xã Mẫu Sơn")
    ]


def test_names_outsider_gets_404_for_a_scope_they_may_not_see(outsider_client, register):
    url = f"{reverse('postings:names')}?scope={register.district.pk}&metric=postings_total"
    assert outsider_client.get(url).status_code == 404


def test_names_outsider_in_their_own_scope_sees_none_of_ours(client, register):
    outsider = make_user("outsider-names", scope=register.other, role=roles.STAFF)
    response = logged_in(client, outsider).get(f"{reverse('postings:names')}?metric=postings_total")
    page = response.content.decode()
    ours = [register.p1, register.p2, register.p3, register.p4, register.p5, register.p7]
    assert not any(f'data-posting="{p.pk}"' in page for p in ours)


@pytest.mark.parametrize(
    "query",
    ["metric=nothing", "table=theo-nam&key=abc", "table=nowhere&key=total", "table=theo-nam"],
)
def test_names_unknown_figure_or_cell_is_404(reader_client, register, query):
    assert reader_client.get(f"{reverse('postings:names')}?{query}").status_code == 404


def test_names_pages_a_long_list(reader_client, register, settings):
    from postings import views_names

    settings.DEBUG = False
    query = f"scope={register.district.pk}&as_of=2012-08-12&end=2012-08-12&metric=postings_total"
    views_names.PER_PAGE, per_page = 4, views_names.PER_PAGE
    try:
        first = reader_client.get(f"{reverse('postings:names')}?{query}").content.decode()
        second = reader_client.get(f"{reverse('postings:names')}?{query}&page=2").content.decode()
    finally:
        views_names.PER_PAGE = per_page
    rows = [re.findall(r'data-posting="(\d+)"', page) for page in (first, second)]
    assert [len(found) for found in rows] == [4, 2]
    assert not set(rows[0]) & set(rows[1])


def test_names_home_figures_link_to_their_lists(reader_client, register):
    page = reader_client.get("/").content.decode()
    links = figure_links(page)
    assert len(links) == 8
    for href, name, text in links:
        params = parse_qs(urlsplit(href).query)
        assert params["metric"] == [name]
        count, base = listed(reader_client, href)
        assert expected_figure(text, count, base) == text, name


# The random and demo registers follow three links of each kind (a figure, or a table's
# column), not all of their ~400 links: the hand-counted registers above and below follow
# every link and download one of each kind.
PER_KIND = 3


@pytest.mark.parametrize("seed", [4])
def test_names_every_link_on_random_registers(db, client, seed):
    call_command("seed_scale", postings=150, seed=seed, stdout=io.StringIO())
    rng = random.Random(seed)
    admin = get_user_model().objects.create_superuser("root-names", "r@example.vn", "x")
    client.force_login(admin)
    units = list(Unit.objects.filter(kind__in=["province", "district"]).order_by("pk"))
    for scope in [None, rng.choice(units)]:
        as_of = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randrange(0, 6000))
        query = f"as_of={as_of}" + (f"&scope={scope.pk}" if scope else "")
        check_every_link(client, f"{SUMMARY}?{query}", per_kind=PER_KIND, seed=seed)


@pytest.mark.django_db
class TestDemo:
    def test_names_every_figure_and_cell_of_the_demo_lists_its_count(self, client, settings):
        settings.DEBUG = True
        call_command("seed_demo", stdout=io.StringIO())
        client.force_login(get_user_model().objects.get(username="demo-leader"))
        url = f"{SUMMARY}?as_of=2012-08-12&end=2012-08-12"
        figures, _cells = check_every_link(client, url, per_kind=PER_KIND)
        assert ("postings_total", "17") in [(name, text) for _href, name, text in figures]


def test_names_share_says_of_how_many(reader_client, register):
    query = f"scope={register.district.pk}&as_of=2012-08-12&end=2012-08-12&metric=women_pct"
    count, base = listed(reader_client, f"{reverse('postings:names')}?{query}")
    # Bích and Dung of five persons.
    assert (count, base) == (2, 5)
    assert pct(count, base) == Decimal("40.0")


def rows_of(client, url, attribute):
    """The ids of the rows (`data-<attribute>`) a listing page shows."""
    return sorted(map(int, re.findall(rf'<tr data-{attribute}="(\d+)"', client.get(url).text)))


def link_to(links, **asked):
    """The one link among `links` ([(href, …)]) that asks for `asked`."""
    found = [
        link
        for link in links
        if all(parse_qs(urlsplit(link[0]).query).get(k) == [v] for k, v in asked.items())
    ]
    assert len(found) == 1, asked
    return found[0]


def fixtures(request, *names):
    """The named fixtures' values (those imported from the other test modules)."""
    return [request.getfixturevalue(name) for name in names]


def test_names_every_link_of_the_later_sections_lists_its_count(
    leader_client, home_district, request
):
    """The succession pool, plan against done and what followed, on small hand-counted
    fixtures (tests/postings/test_pool.py, test_plans.py, test_reviews.py) put together."""
    units, titles, items, rotations, found = fixtures(
        request, "pool_units", "three_titles", "six_items", "ended", "findings"
    )
    url = f"{SUMMARY}?scope={home_district.pk}&as_of=2012-08-12&end=2012-08-12"
    figures, cells = check_every_link(leader_client, url, export=True)
    values = {name: text for _href, name, text in figures}
    assert (values["pool_short"], values["pool_enough"], values["pool_crowded"]) == ("1",) * 3
    tables = linked_tables(cells)
    # Planned, decided, done, dropped, open: 2011, 2012, then the total (test_plans.py).
    assert tables["ke-hoach-theo-nam"] == [3, 0, 2, 1, 0, 3, 1, 1, 0, 1, 6, 1, 3, 1, 1]
    # Higher, equivalent, lower, kept, none, in a key title, ended: rotations and persons.
    assert tables["sau-luan-chuyen"] == [1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 4, 4]
    # Procedure (2 found, 1 late: open and corrected), review (2, 0: open), total 4 and 1.
    assert tables["kiem-tra"] == [2, 1, 1, 1, 1, 0, 2, 0, 2, 0, 4, 1]

    page = leader_client.get(url).text
    done = link_to(cell_links(page), table="ke-hoach-theo-nam", key="total", col="done")
    assert rows_of(leader_client, done[0], "item") == sorted(items[n].pk for n in "ABC")
    share = link_to(share_links(page), table="ke-hoach-theo-nam", key="2011", col="share-done")
    assert (share[1], listed(leader_client, share[0])) == ("66.7", (2, 3))
    higher = link_to(cell_links(page), table="sau-luan-chuyen", key="higher", col="rotations")
    assert rows_of(leader_client, higher[0], "posting") == [rotations["rotations"]["A"].pk]
    late = link_to(cell_links(page), table="kiem-tra", key="total", col="persons")
    assert rows_of(leader_client, late[0], "finding") == [found[0].pk]
    short = link_to(figure_links(page), verdict="thieu")
    secretary = titles["titles"][0]
    listed_keys = re.findall(r'<tr data-key="([^"]+)"', leader_client.get(short[0]).text)
    assert listed_keys == [f"{units['tu_doan'].pk}-{secretary.pk}"]


def test_names_pool_figures_link_from_the_pool_page_to_their_verdict(leader_client, request):
    fixtures(request, "three_titles")
    page = leader_client.get("/reports/nguon/?as_of=2012-08-12").text
    figures = figure_links(page)
    assert [parse_qs(urlsplit(href).query)["verdict"] for href, _n, _t in figures] == [
        ["thieu"],
        ["du"],
        ["thua"],
    ]
    for href, _name, text in figures:
        assert listed(leader_client, href) == (int(text), None)
        assert len(exported_rows(leader_client, href)) == int(text)
        # The filtered page's own figures still count every verdict, each linking to its own.
        again = figure_links(leader_client.get(href).text)
        assert [t for _h, _n, t in again] == ["1", "1", "1"]
        asked = [parse_qs(urlsplit(h).query)["verdict"] for h, _n, _t in again]
        assert asked == [["thieu"], ["du"], ["thua"]]


def test_names_pool_page_refuses_an_unknown_verdict(leader_client, request):
    fixtures(request, "three_titles")
    assert leader_client.get("/reports/nguon/?verdict=nothing").status_code == 400
    assert leader_client.get("/reports/nguon/export.csv?verdict=nothing").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "table=ke-hoach-theo-nam&key=abc&col=done",
        "table=ke-hoach-theo-nam&key=total&col=nothing",
        "table=sau-luan-chuyen&key=nothing&col=rotations",
        "table=kiem-tra&key=total&col=done",
    ],
)
def test_names_unknown_cell_of_a_later_section_is_404(reader_client, register, query):
    assert reader_client.get(f"{reverse('postings:names')}?{query}").status_code == 404
