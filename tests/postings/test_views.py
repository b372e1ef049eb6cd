"""The summary page, the record pages and the filter's refusals."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.utils import translation

from cadres.models import Cadre, UserScope
from postings import reports
from postings.models import Evaluation, Posting
from registry.cache import data_version_bump
from tests.factories import make_plan, make_position

SUMMARY = "/reports/"


def metrics(html):
    return dict(re.findall(r'<span data-metric="(\w+)">([^<]*)</span>', html))


def table_rows(html, slug):
    """{row key: (rotations, persons)} of one table on the page, total included."""
    section = html.split(f'data-table="{slug}"', 1)[1].split("</table>", 1)[0]
    found = re.findall(
        r'<tr data-key="([^"]*)">.*?data-col="rotations">(\d+)<.*?data-col="persons">(\d+)<',
        section,
        re.S,
    )
    return {key: (int(rotations), int(persons)) for key, rotations, persons in found}


@pytest.fixture
def leader(register):
    user = User.objects.create_user("leader-lb", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="view_posting"))
    UserScope.objects.create(user=user, unit=register.district)
    return user


def test_summary_shows_every_headline_figure(admin_client, scope_params):
    response = admin_client.get(SUMMARY + scope_params)
    assert response.status_code == 200
    assert metrics(response.content.decode()) == {
        "postings_total": "6",
        "cadres_rotated": "5",
        "postings_active": "2",
        "postings_ended": "4",
        "joined_party_committee": "2",
        "joined_government": "1",
        "in_planning_pct": "83.3",
        "women_pct": "40.0",
        "ethnic_minority_pct": "60.0",
        "duration_met_pct": "75.0",
        "overdue": "1",
        "due_6_months": "1",
        # No title of the fixture is a key title: the succession pool is empty.
        "pool_short": "0",
        "pool_enough": "0",
        "pool_crowded": "0",
    }


def test_summary_defaults_to_the_users_scope_and_today(client, leader, register):
    client.force_login(leader)
    response = client.get(SUMMARY)
    # Today every rotation of the fixture has started: p9 too; p8 is in another district.
    assert metrics(response.content.decode())["postings_total"] == "7"
    assert response.context["params"].as_of == datetime.date.today()


def test_summary_accepts_day_month_year(admin_client, register):
    response = admin_client.get(SUMMARY, {"scope": register.district.pk, "as_of": "12/08/2012"})
    assert metrics(response.content.decode())["postings_total"] == "6"


def test_summary_tables_show_the_present_successor_with_a_link(
    admin_client, scope_params, register
):
    html = admin_client.get(SUMMARY + scope_params).content.decode()
    assert f'href="/units/{register.luc_thon.pk}/">Xã Lục Thôn (Huyện Lộc Bình)</a>' in html
    assert "<td>Xã Lộc Bình</td>" in html
    assert table_rows(html, "theo-huong") == {
        "district_to_commune": (5, 4),
        "commune_to_district": (1, 1),
        "total": (6, 5),
    }


def test_summary_lists_link_to_cadre_pages_and_show_reasons(admin_client, scope_params, register):
    html = admin_client.get(SUMMARY + scope_params).content.decode()
    assert f'href="/cadres/{register.dd.pk}/"' in html
    assert "Sức khoẻ không bảo đảm." in html
    assert 'data-list-count="overdue">1<' in html


def list_rows(html, slug):
    """{rotation pk: [text of each cell]} of one of the summary's lists."""
    section = html.split(f'data-list="{slug}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr data-posting="(\d+)">(.*?)</tr>', section, re.S)
    return {
        int(pk): [
            re.sub(r"<[^>]+>", " ", cell).split()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", cells, re.S)
        ]
        for pk, cells in rows
    }


def test_summary_lists_show_each_rotation_as_the_register_holds_it(
    admin_client, scope_params, register
):
    html = admin_client.get(SUMMARY + scope_params).content.decode()
    for listing in ("active", "overdue", "exceptions"):
        rows = list_rows(html, listing)
        assert rows, f"the register has rotations for the {listing} list"
        for pk, cells in rows.items():
            posting = Posting.objects.select_related("cadre", "from_unit", "to_unit").get(pk=pk)
            decision = posting.decision_number or "—"
            if posting.decision_date:
                decision += f", {posting.decision_date:%d/%m/%Y}"
            assert cells[:6] == [
                posting.cadre.full_name.split(),
                posting.from_unit.name.split(),
                f"{posting.to_unit.name} {posting.to_position or ''}".split(),
                [f"{posting.start:%d/%m/%Y}"],
                [f"{posting.planned_end:%d/%m/%Y}"] if posting.planned_end else [],
                decision.split(),
            ]
            if listing == "exceptions":
                reason = posting.exception_reason or "Chưa ghi lý do."
                assert " ".join(cells[6]).endswith(reason)
            else:
                assert len(cells) == 6


def test_summary_has_charts_with_text_alternatives(admin_client, scope_params):
    html = admin_client.get(SUMMARY + scope_params).content.decode()
    assert html.count('role="img"') == 2
    assert '<desc id="chart-years-desc">2004: 1' in html
    # The charts are drawn by the server: no script, no inline style (the CSP allows neither).
    charts = re.findall(r'<figure class="chart">.*?</figure>', html, re.S)
    assert len(charts) == 2
    assert not any("<script" in chart or "style=" in chart for chart in charts)
    assert "style=" not in html
    # The only scripts are the registry's own files and its words as data.
    assert set(re.findall(r"<script[^>]*>", html)) == {
        '<script type="application/json" id="date-input-strings">',
        '<script src="/static/js/dates.js" defer>',
        '<script src="/static/js/fold.js" defer>',
    }


def test_summary_sections_fold_under_their_headings_except_in_print(admin_client, scope_params):
    html = admin_client.get(SUMMARY + scope_params).content.decode()
    sections = re.findall(
        r'<section class="report-(?:table|list)" id="[^"]+">\s*'
        r'<details class="fold" open( data-fold-on-phone)?>\s*<summary><h3>',
        html,
    )
    # Every breakdown and every follow-up list, each open and marked to fold on a phone.
    assert len(sections) == html.count('<section class="report-') > 10
    assert all(sections)
    printed = admin_client.get(SUMMARY + scope_params + "&print=1").content.decode()
    assert "data-fold-on-phone" not in printed
    assert printed.count('<details class="fold" open>') == len(sections)


def test_summary_list_cells_name_their_column_for_the_phone_cards(admin_client, scope_params):
    html = admin_client.get(SUMMARY + scope_params).content.decode()
    table = re.search(r"<table data-list=.*?</table>", html, re.S)[0]
    headings = re.findall(r'<th scope="col">([^<]+)</th>', table)
    for row in re.findall(r'<tr data-posting="\d+">(.*?)</tr>', table, re.S):
        # The first column (the cadre) is the card's title; the others say their heading.
        assert re.findall(r'<td[^>]* data-label="([^"]+)"', row) == headings[1:]


def test_summary_has_no_form_that_writes_data(admin_client, scope_params):
    html = admin_client.get(SUMMARY + scope_params).content.decode()
    posts = re.findall(r'<form method="post" action="([^"]+)"', html)
    assert sorted(posts) == ["/admin/logout/", "/i18n/setlang/"]
    assert '<form method="get" action="/reports/"' in html


def test_summary_prints_the_party_document_header(admin_client, scope_params):
    html = admin_client.get(SUMMARY + scope_params + "&print=1").content.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html
    # The Party committee over its board and the star line, then the number (HD 36-HD/VPTW).
    assert re.search(
        r'__body">HUYỆN ỦY LỘC BÌNH</p>\s*<p class="document-header__board">BAN TỔ CHỨC</p>'
        r'\s*<p class="document-header__star">\*</p>\s*<p class="document-header__number">'
        "Số\u00a0+-BC/BTCHU</p>",
        html,
    )
    assert "BAN TỔ CHỨC HUYỆN" not in html
    assert "Lộc Bình, ngày 12 tháng 8 năm 2012" in html
    assert "css/print.css" in html


@pytest.mark.parametrize(
    "query",
    [
        {"as_of": "31/02/2012"},
        {"as_of": "2012-13-01"},
        {"start": "2012-01-01", "end": "2011-01-01"},
        {"as_of": "9999-12-31"},
        {"scope": "abc"},
    ],
)
def test_summary_bad_parameters_give_a_message(admin_client, register, query):
    response = admin_client.get(SUMMARY, query)
    assert response.status_code == 400
    assert 'class="field__errors"' in response.content.decode()
    assert "data-metric" not in response.content.decode()


def test_summary_unknown_scope_is_404(admin_client, register):
    assert admin_client.get(SUMMARY, {"scope": 999999}).status_code == 404


def test_summary_scope_outside_the_users_is_404(client, leader, register):
    client.force_login(leader)
    assert client.get(SUMMARY, {"scope": register.other.pk}).status_code == 404
    assert client.get(SUMMARY, {"scope": register.tu_doan.pk}).status_code == 200


def test_summary_is_forbidden_without_the_view_permission(client, register):
    user = User.objects.create_user("nobody", password="x" * 12)
    UserScope.objects.create(user=user, unit=register.district)
    client.force_login(user)
    assert client.get(SUMMARY).status_code == 403


def bulk_rotations(register, count):
    """`count` rotations, one cadre each (no overlaps), without the service's per-row work."""
    cadres = Cadre.objects.bulk_create(
        Cadre(
            full_name=f"Cán bộ {n}",
            sex="female" if n % 3 else "male",
            date_of_birth=datetime.date(1970 + n % 20, 1, 1),
            ethnicity="Tày" if n % 2 else "Kinh",
        )
        for n in range(count)
    )
    units = [register.tu_doan, register.mau_son, register.na_duong]
    Posting.objects.bulk_create(
        Posting(
            cadre=cadre,
            from_unit=register.board,
            to_unit=units[n % 3],
            direction="district_to_commune",
            start=datetime.date(2004 + n % 8, 1 + n % 12, 1),
            planned_end=datetime.date(2007 + n % 8, 1 + n % 12, 1),
            actual_end=datetime.date(2007 + n % 8, 1 + n % 12, 1) if n % 2 else None,
            outcome="returned" if n % 2 else "",
            age_at_start=30 + n % 25,
            warnings=["not_in_plan"] if n % 5 == 0 else [],
        )
        for n, cadre in enumerate(cadres)
    )


def test_summary_query_count_does_not_grow_with_rotations(
    admin_client,
    scope_params,
    register,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    bulk_rotations(register, 4)  # 10 rotations with the fixture's
    admin_client.get("/admin/")  # the session refreshed: not again within a minute
    # session and user (2), scope unit, scope picker, the terms, one tally for the figures,
    # nine tables and the chart (in a savepoint: 3, and on PostgreSQL its settings: memory,
    # no JIT), the term table's terms, the receiving units, the last days of them and their
    # parents (what closed with its district), unit changes and successors (5), five lists
    # (5), the map's places of the receiving units (1; none has a place here, so no more),
    # plan against done: its items' tally and the named items not yet decided, in its two
    # parts (3).
    # The print header is written from the scope's name: no query. The succession pool's
    # figures (5: plan entries, holders, rotations under way, the rotated, titles per person);
    # what followed (4: the ended rotations' flags for the placements, reviews and ratings
    # tables, findings, open findings and their count).
    expected = 32 if connection.vendor == "postgresql" else 31
    with django_assert_num_queries(expected) as small:
        admin_client.get(SUMMARY + scope_params)
    with django_capture_on_commit_callbacks(execute=True):
        bulk_rotations(register, 990)
        # bulk_create sends no signal: bulk loads bump the versions themselves.
        data_version_bump()
    assert Posting.objects.count() > 1000
    with django_assert_num_queries(len(small.captured_queries)):
        response = admin_client.get(SUMMARY + scope_params)
    assert int(metrics(response.content.decode())["postings_total"]) > 900


def test_cadre_page_shows_the_timeline_without_the_id_number(admin_client, register):
    register.a.id_number = "012345678901"
    register.a.save()
    html = admin_client.get(f"/cadres/{register.a.pk}/").content.decode()
    assert "012345678901" not in html
    assert html.index("01/03/2004") < html.index("01/12/2009")
    assert "Xã Mẫu Sơn" in html


def test_cadre_page_shows_warnings_and_reason(admin_client, register):
    html = admin_client.get(f"/cadres/{register.c.pk}/").content.decode()
    assert "Sức khoẻ không bảo đảm." in html
    with translation.override("vi"):
        assert str(Posting.Warning.SHORT_DURATION.label) in html


def test_cadre_page_query_count_is_constant(admin_client, register, django_assert_num_queries):
    admin_client.get("/admin/")  # the session refreshed: not again within a minute
    # session, user, cadre, rotations, evaluations (prefetch), plans
    with django_assert_num_queries(6):
        admin_client.get(f"/cadres/{register.a.pk}/")
    for posting in (register.p1, register.p2):
        Evaluation.objects.create(posting=posting, kind="annual", date=posting.start, rating="good")
    with django_assert_num_queries(6):
        admin_client.get(f"/cadres/{register.a.pk}/")


def test_unit_page_shows_rotations_across_its_lineage(admin_client, register):
    html = admin_client.get(f"/units/{register.new_commune.pk}/").content.decode()
    assert f'data-posting="{register.p3.pk}"' in html  # into Lục Thôn, a predecessor
    assert "818/NQ-UBTVQH14" in html
    assert f'data-posting="{register.p2.pk}"' not in html


def test_unit_page_shows_the_present_successor(admin_client, register):
    html = admin_client.get(f"/units/{register.luc_thon.pk}/").content.decode()
    assert f'href="/units/{register.new_commune.pk}/">Xã Lộc Bình</a>' in html


def test_record_pages_outside_the_scope_are_404(client, leader, register):
    client.force_login(leader)
    assert client.get(f"/cadres/{register.g.pk}/").status_code == 404
    assert client.get(f"/units/{register.other_commune.pk}/").status_code == 404
    assert client.get(f"/cadres/{register.a.pk}/").status_code == 200


def test_cadre_page_shows_only_the_plans_in_the_users_scope(client, leader, register):
    make_plan(register.a, unit=register.tu_doan, position=make_position("Bí thư xã Tú Đoạn"))
    outside = make_position("Bí thư xã Tân Mỹ")
    make_plan(register.a, unit=register.other_commune, position=outside)
    client.force_login(leader)
    html = client.get(f"/cadres/{register.a.pk}/").content.decode()
    assert "Bí thư xã Tú Đoạn" in html
    assert "Bí thư xã Tân Mỹ" not in html


def test_record_pages_label_a_rotation_by_its_state_today(admin_client, register):
    # p5 has no outcome and its planned end (04/05/2012) has passed: overdue, not "under way".
    unit_html = admin_client.get(f"/units/{register.tu_doan.pk}/").content.decode()
    cadre_html = admin_client.get(f"/cadres/{register.dd.pk}/").content.decode()
    row = unit_html.split(f'data-posting="{register.p5.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-state="overdue"' in row
    assert 'data-state="overdue"' in cadre_html
    with translation.override("vi"):
        label = str(Posting.State.OVERDUE.label)
        assert label in row and label in cadre_html
        assert str(Posting.State.ACTIVE.label) not in row
    ended = unit_html.split(f'data-posting="{register.p1.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-state="ended"' in ended


def test_summary_caps_the_receiving_unit_table_and_the_download_holds_every_row(
    admin_client, scope_params, register, monkeypatch
):
    monkeypatch.setattr(reports.tables, "PAGE_ROW_CAP", 1)
    html = admin_client.get(SUMMARY + scope_params).content.decode()
    section = html.split('data-table="theo-don-vi-nhan"', 1)[1].split("</section>", 1)[0]
    assert '<tr data-key="other">' in section
    assert '<p class="note">' in section  # "the first 1 of 5 rows; the download holds all"
    page = table_rows(html, "theo-don-vi-nhan")  # the other row's persons are "—"
    assert len(page) == 2  # the first unit and the total
    csv = admin_client.get(f"/reports/export/theo-don-vi-nhan.csv{scope_params}").content
    csv = csv.decode("utf-8-sig")
    assert len(csv.strip().splitlines()) > 3  # header, every unit, total
