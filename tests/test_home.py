"""The start page: staff see their work queue, leaders the summary at a glance, administrators
the accounts of their scope; each number is the rows its link lists."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from postings.models import Posting
from registry.dates import add_months
from registry.models import ImportBatch
from tests.conftest import PASSWORD, logged_in, make_user
from tests.factories import make_cadre, make_unit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DECIDED = {"decision_number": "12-QĐ/HU", "decision_date": datetime.date(2010, 1, 1)}


def kinds():
    """One rotation of each thing the queue counts, as (name, fields)."""
    return [
        ("overdue", {"start": add_months(TODAY, -40), "planned_end": add_months(TODAY, -2)}),
        ("due", {"start": add_months(TODAY, -33), "planned_end": add_months(TODAY, 3)}),
        ("active", {"start": add_months(TODAY, -6), "planned_end": add_months(TODAY, 30)}),
        (
            "no number",
            {"start": add_months(TODAY, -80), "planned_end": add_months(TODAY, -44),
             "actual_end": add_months(TODAY, -44), "outcome": "returned",
             "decision_number": ""},
        ),
        (
            "unexplained",
            {"start": add_months(TODAY, -80), "planned_end": add_months(TODAY, -44),
             "actual_end": add_months(TODAY, -44), "outcome": "returned",
             "warnings": ["higher_post"]},
        ),
    ]  # fmt: skip


def add_rotations(from_unit, to_unit, copies=1):
    """`copies` rotations of each kind, one cadre each, written directly (no service)."""
    rows = []
    for copy in range(copies):
        for name, fields in kinds():
            cadre = make_cadre(f"Cán bộ {name} {copy}")
            rows.append(
                Posting(cadre=cadre, from_unit=from_unit, to_unit=to_unit, **{**DECIDED, **fields})
            )
    Posting.objects.bulk_create(rows)


@pytest.fixture
def units(home_district, other_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    elsewhere = make_unit("Xã Đồng Thắng", parent=other_district)
    other_board = make_unit("Ban Tổ chức Huyện uỷ Đình Lập", kind="party", parent=other_district)
    return board, commune, elsewhere, other_board


def test_home_shows_staff_a_queue_whose_numbers_are_their_links_rows(staff_client, units):
    board, commune, elsewhere, other_board = units
    add_rotations(board, commune, copies=2)
    add_rotations(other_board, elsewhere)  # another district's: counted nowhere here
    response = staff_client.get("/")
    assert response.status_code == 200
    queue = response.context["queue"]
    counts = {line.key: line.count for line in queue.lines}
    # The two ended kinds ("no number", "unexplained") have no reviews: 2 copies each.
    assert counts == {
        "overdue": 2, "due": 2, "no_number": 2, "no_date": 0, "unexplained": 2, "no_review": 4
    }  # fmt: skip
    for line in queue.lines:
        listed = staff_client.get(line.url).context["cl"].result_list
        assert len(listed) == line.count, line.key
    assert [p.planned_end for p in queue.overdue] == [add_months(TODAY, -2)] * 2
    html = response.content.decode()
    # Where each due rotation returns: its sending unit.
    due = html.split('data-home="due"', 1)[1].split("</ul>", 1)[0]
    assert due.count(board.name) == 2 and "Cán bộ due" in due


def test_home_staff_queue_lists_the_last_imports_and_who_ran_them(staff_client, staff, units):
    ImportBatch.objects.create(
        user=staff, kind="posting", file_name="luan-chuyen-2012.xlsx", data=b"",
        status=ImportBatch.Status.IMPORTED, rows_new=17,
    )  # fmt: skip
    ImportBatch.objects.create(user=staff, kind="posting", file_name="xem-truoc.xlsx", data=b"")
    html = staff_client.get("/").content.decode()
    imports = html.split('data-home="imports"', 1)[1].split("</table>", 1)[0]
    assert "luan-chuyen-2012.xlsx" in imports and "staff" in imports
    assert "xem-truoc.xlsx" not in imports  # only previewed, never imported


def test_home_staff_queue_costs_the_same_queries_with_more_rows(
    client, staff, units, django_assert_num_queries
):
    board, commune, *_ = units
    add_rotations(board, commune)
    client = logged_in(client, staff)
    client.get("/")  # the session's idle clock set: not written again within a minute
    # session, user, scope and its unit, permissions (user's, groups'), the queue's counts,
    # overdue, due, imports (the session's idle clock is refreshed at most once a minute)
    with django_assert_num_queries(10):
        client.get("/")
    add_rotations(board, commune, copies=5)
    with django_assert_num_queries(10):
        client.get("/")


def test_home_shows_leaders_the_summary_at_a_glance(leader_client, units):
    board, commune, *_ = units
    add_rotations(board, commune, copies=2)
    response = leader_client.get("/")
    html = response.content.decode()
    assert "queue" not in response.context and "accounts" not in response.context
    metrics = dict(re.findall(r'data-metric="(\w+)">([^<]+)<', html))
    assert metrics["postings_total"] == "10"
    assert metrics["overdue"] == "2" and metrics["due_6_months"] == "2"
    assert re.search(r'data-list-count="overdue">2<', html)
    assert html.count('href="/reports/#list-due"') == 1
    assert 'href="/reports/"' in html


def test_home_leader_overview_costs_the_same_queries_with_more_rows(
    client, leader, units, django_assert_num_queries
):
    board, commune, *_ = units
    add_rotations(board, commune)
    client = logged_in(client, leader)
    # session, user, scope and its unit, permissions (user's, groups'), terms, the tally (in
    # a savepoint; on PostgreSQL with its settings first), the scope's subtree, the last
    # days of the receiving units and their parents (what closed with its district) and
    # unit changes, the five lists, plan against done (its tally and its list's two parts); the
    # succession pool (5) and what followed (4: one for the three tables of the ended
    # rotations, the findings, the open findings and their count)
    queries = 31 if connection.vendor == "postgresql" else 30
    client.get("/")
    cache.clear()
    with django_assert_num_queries(queries):
        client.get("/")
    add_rotations(board, commune, copies=5)
    cache.clear()
    with django_assert_num_queries(queries):
        client.get("/")


def lock(username):
    """A login lock, as django-axes records one after too many failures."""
    AccessAttempt.objects.create(
        username=username, ip_address="127.0.0.1", user_agent="x", http_accept="x",
        path_info="/accounts/login/", get_data="", post_data="",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )  # fmt: skip


def test_home_shows_administrators_the_accounts_of_their_scope(
    administrator_client, outsider, home_district
):
    make_user("national")  # the whole country: beyond a district administrator's scope
    make_user("cb-huyen", scope=home_district)
    lock("cb-huyen")
    lock("outsider")  # another district's account
    response = administrator_client.get("/")
    assert "queue" not in response.context and "overview" not in response.context
    accounts = response.context["accounts"]
    assert {user.username for user in accounts["users"]} == {"administrator", "cb-huyen"}
    assert accounts["count"] == 2
    assert [attempt.username for attempt in accounts["locked"]] == ["cb-huyen"]
    assert [user.username for user in accounts["never"]] == ["cb-huyen"]
    never = administrator_client.get(accounts["never_url"]).context["cl"].result_list
    assert [user.username for user in never] == ["cb-huyen"]


def test_home_accounts_cost_the_same_queries_with_more_users(
    client, administrator, home_district, django_assert_num_queries
):
    client = logged_in(client, administrator)
    client.get("/")  # the session's idle clock set: not written again within a minute
    make_user("cb-1", scope=home_district)
    # session, user, scope and its unit, permissions (user's, groups'), the accounts' number,
    # their rows and roles, locked logins, accounts never used and their number
    with django_assert_num_queries(12):
        client.get("/")
    for n in range(2, 8):
        make_user(f"cb-{n}", scope=home_district)
        lock(f"cb-{n}")
    with django_assert_num_queries(12):
        client.get("/")


def test_login_lands_on_the_start_page(client, staff):
    response = client.post("/accounts/login/", {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").context["queue"] is not None


def test_home_sends_a_user_without_a_role_to_the_admin_index(client, home_district):
    client = logged_in(client, make_user("norole", scope=home_district))
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/admin/"
