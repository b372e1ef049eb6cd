"""The succession pool (issue 14, item 5): hand-counted verdicts on a small fixture, the
page, its download and print, the summary's headline figures, and its query count."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from postings.reports.pool import CROWDED, ENOUGH, SHORT, pool
from tests.factories import make_cadre, make_plan, make_position, make_posting, make_term, make_unit
from tests.postings.test_views import metrics

pytestmark = pytest.mark.django_db

DAY = datetime.date(2012, 8, 12)
QUERY = "as_of=12/08/2012"


@pytest.fixture
def term():
    # Approved before the day, for the term in course: in force on 12/08/2012.
    return make_term("2010–2015", datetime.date(2010, 1, 1), datetime.date(2015, 12, 31))


@pytest.fixture
def pool_units(home_district, other_district):
    return {
        "tu_doan": make_unit("Đảng uỷ xã Tú Đoạn", kind="party", parent=home_district),
        "tam_gia": make_unit("UBND xã Tam Gia", kind="peoples_committee", parent=home_district),
        "elsewhere": make_unit("Đảng uỷ xã Bắc Xa", kind="party", parent=other_district),
    }


def plan_people(count, *, unit, position, term, prefix):
    cadres = [make_cadre(f"{prefix} {n}") for n in range(count)]
    for cadre in cadres:
        make_plan(cadre, unit=unit, position=position, term=term, decision_date=term.start)
    return cadres


@pytest.fixture
def three_titles(pool_units, term):
    """Bí thư with 1 planned, Phó Bí thư with 3, Chủ tịch UBND with 5: thiếu, đủ, thừa."""
    secretary = make_position("Bí thư Đảng uỷ xã", is_key=True, is_head=True)
    deputy = make_position("Phó Bí thư Đảng uỷ xã", is_key=True)
    chair = make_position("Chủ tịch UBND xã", category="government", is_key=True)
    tu_doan, tam_gia = pool_units["tu_doan"], pool_units["tam_gia"]
    people = {
        "secretary": plan_people(1, unit=tu_doan, position=secretary, term=term, prefix="Bí thư"),
        "deputy": plan_people(3, unit=tu_doan, position=deputy, term=term, prefix="Phó"),
        "chair": plan_people(5, unit=tam_gia, position=chair, term=term, prefix="Chủ tịch"),
    }
    # The holder of the secretary's title, on the cadre's record.
    make_cadre("Hoàng Văn Giữ", current_unit=tu_doan, current_position=secretary)
    # Not a key title: not in the pool, whatever its plan.
    clerk = make_position("Công chức Văn phòng – Thống kê", category="civil_servant")
    plan_people(1, unit=tu_doan, position=clerk, term=term, prefix="Công chức")
    # Another district's key title: outside the home district's pool.
    plan_people(1, unit=pool_units["elsewhere"], position=secretary, term=term, prefix="Khác")
    return {"titles": (secretary, deputy, chair), "people": people}


def verdicts(found):
    return {(row.unit, row.title): (len(row.planned), row.verdict) for row in found.rows}


def test_one_three_and_five_planned_are_short_enough_and_crowded(
    staff, home_district, three_titles
):
    found = pool(staff, home_district, DAY)
    assert verdicts(found) == {
        ("Đảng uỷ xã Tú Đoạn", "Bí thư Đảng uỷ xã"): (1, SHORT),
        ("Đảng uỷ xã Tú Đoạn", "Phó Bí thư Đảng uỷ xã"): (3, ENOUGH),
        ("UBND xã Tam Gia", "Chủ tịch UBND xã"): (5, CROWDED),
    }
    secretary = next(row for row in found.rows if row.title == "Bí thư Đảng uỷ xã")
    assert secretary.holders == ["Hoàng Văn Giữ"]
    assert found.counts == {SHORT: 1, ENOUGH: 1, CROWDED: 1}


def test_the_limits_are_settings(staff, home_district, three_titles, settings):
    settings.SUCCESSION_PLAN_MIN_PER_TITLE = 1
    settings.SUCCESSION_PLAN_MAX_PER_TITLE = 5
    assert {row.verdict for row in pool(staff, home_district, DAY).rows} == {ENOUGH}


def test_a_person_planned_for_four_titles_makes_each_of_them_crowded(
    staff, home_district, pool_units, term
):
    """Each title has two planned (enough by number); one of them is planned for four titles
    (more than three), so all four are crowded; a fifth title without that person is not."""
    busy = make_cadre("Lăng Văn Bận")
    units = [make_unit(f"Xã Bận {n}", parent=home_district) for n in range(5)]
    title = make_position("Chủ tịch UBND xã", category="government", is_key=True)
    for n, unit in enumerate(units):
        others = plan_people(
            2 if n == 4 else 1, unit=unit, position=title, term=term, prefix=f"Người {n}"
        )
        if n < 4:
            make_plan(busy, unit=unit, position=title, term=term, decision_date=term.start)
        assert others
    found = {row.unit: row for row in pool(staff, home_district, DAY).rows}
    for unit in units[:4]:
        assert (len(found[unit.name].planned), found[unit.name].verdict) == (2, CROWDED)
        assert found[unit.name].overloaded == ["Lăng Văn Bận"]
    assert (len(found[units[4].name].planned), found[units[4].name].verdict) == (2, ENOUGH)


def test_rotated_counts_the_planned_with_a_rotation_started_by_the_day(
    staff, home_district, pool_units, term, three_titles
):
    deputies = three_titles["people"]["deputy"]
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    make_posting(cadre=deputies[0], from_unit=board, to_unit=pool_units["tam_gia"],
                 start=datetime.date(2011, 3, 1))  # fmt: skip
    make_posting(
        cadre=deputies[1],
        from_unit=board,
        to_unit=pool_units["tam_gia"],
        start=datetime.date(2013, 3, 1),
    )  # fmt: skip  (after the day: not yet)
    deputy_row = next(
        row for row in pool(staff, home_district, DAY).rows if row.title == "Phó Bí thư Đảng uỷ xã"
    )
    assert deputy_row.rotated == 1


def test_a_plan_not_yet_in_force_or_taken_out_does_not_count(
    staff, home_district, pool_units, term
):
    title = make_position("Bí thư Đảng uỷ xã", is_key=True)
    unit = pool_units["tu_doan"]
    in_force = plan_people(2, unit=unit, position=title, term=term, prefix="Có")
    later = make_cadre("Sau Này")
    make_plan(later, unit=unit, position=title, term=term, decision_date=datetime.date(2013, 1, 1))
    removed = make_cadre("Đã Rút")
    make_plan(removed, unit=unit, position=title, term=term, decision_date=term.start,
              status="removed", removed_on=datetime.date(2012, 1, 1))  # fmt: skip
    (row,) = pool(staff, home_district, DAY).rows
    assert sorted(row.planned) == sorted(cadre.full_name for cadre in in_force)


def test_pool_page_export_and_summary_figures(leader_client, home_district, three_titles):
    response = leader_client.get(f"/reports/nguon/?{QUERY}")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-verdict="thieu"') == 1
    assert html.count('data-verdict="du"') == 1
    assert html.count('data-verdict="thua"') == 1
    assert metrics(html) == {"pool_short": "1", "pool_enough": "1", "pool_crowded": "1"}
    summary = metrics(leader_client.get(f"/reports/?{QUERY}").content.decode())
    assert (summary["pool_short"], summary["pool_enough"], summary["pool_crowded"]) == (
        "1",
        "1",
        "1",
    )
    exported = leader_client.get(f"/reports/nguon/export.csv?{QUERY}")
    assert exported.status_code == 200
    header, *rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert sorted(row[4] for row in rows) == ["1", "3", "5"]
    assert leader_client.get(f"/reports/nguon/export.xlsx?{QUERY}").status_code == 200
    assert leader_client.get("/reports/nguon/export.pdf").status_code == 404


def test_pool_page_print_version_keeps_the_table(leader_client, three_titles):
    html = leader_client.get(f"/reports/nguon/?{QUERY}&print=1").content.decode()
    assert 'class="document-header print-only"' in html
    assert 'data-table="nguon"' in html


def test_another_districts_scope_is_not_found(leader_client, other_district, three_titles):
    assert (
        leader_client.get(f"/reports/nguon/?scope={other_district.pk}&{QUERY}").status_code == 404
    )


def test_a_bad_date_answers_400(leader_client):
    assert leader_client.get("/reports/nguon/?as_of=31/02/2012").status_code == 400


def test_pool_queries_do_not_grow_with_the_plan(staff, home_district, pool_units, term):
    title = make_position("Bí thư Đảng uỷ xã", is_key=True)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            pool(staff, home_district, DAY)
        return len(captured)

    plan_people(1, unit=pool_units["tu_doan"], position=title, term=term, prefix="A")
    small = queries()
    for n in range(6):
        unit = make_unit(f"Xã Nhiều {n}", parent=home_district)
        plan_people(5, unit=unit, position=title, term=term, prefix=f"B{n}")
    assert queries() == small
