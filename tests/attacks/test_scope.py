"""Findings 1, 2 and 12: reading and writing outside one's scope (issue 17)."""

import datetime

import pytest
from django.urls import reverse

from cadres.models import PlanningEntry, UnitChange
from postings.models import InspectionFinding
from registry import roles
from tests.attacks.conftest import errors_of
from tests.conftest import make_user
from tests.factories import make_cadre, make_plan, make_position, make_posting, make_term, make_unit
from tests.html import form_data

D = datetime.date
pytestmark = pytest.mark.django_db


# Finding 1: reading another district through many-to-many fields.


def test_finding_1_an_outsider_cannot_link_home_cadres_and_rotations_to_a_finding(
    outsider_client, home, own_commune
):
    data = {
        "date": "01/03/2012",
        "unit": own_commune.pk,
        "finding": "Thiếu hồ sơ",
        "status": "open",
        "postings": [posting.pk for posting in home["postings"]],
        "cadres": [cadre.pk for cadre in home["cadres"]],
    }
    response = outsider_client.post("/admin/postings/inspectionfinding/add/", data)
    assert response.status_code == 200
    assert {"postings", "cadres"} <= set(errors_of(response))
    assert not InspectionFinding.objects.exists()


def test_finding_1_the_finding_form_offers_no_home_rows_to_an_outsider(
    outsider_client, home, own_commune
):
    form = outsider_client.get("/admin/postings/inspectionfinding/add/").context["adminform"].form
    assert not form.fields["postings"].queryset.filter(pk=home["postings"][0].pk).exists()
    assert not form.fields["cadres"].queryset.filter(pk=home["cadres"][0].pk).exists()


# Finding 2: inline foreign keys outside the scope.


def test_finding_2_an_outsider_cannot_plan_their_cadre_into_a_home_unit(
    outsider_client, home, own_commune
):
    cadre = make_cadre("Lăng Văn Đình", current_unit=own_commune)
    make_plan(cadre, unit=own_commune, term=make_term())
    url = reverse("admin:cadres_cadre_change", args=[cadre.pk])
    data = form_data(outsider_client.get(url).content.decode())
    data.update(
        {
            "planning_entries-TOTAL_FORMS": "2",
            "planning_entries-1-term": make_term("2015–2020", D(2015, 1, 1), D(2020, 12, 31)).pk,
            "planning_entries-1-position": make_position().pk,
            "planning_entries-1-unit": home["commune"].pk,
            "planning_entries-1-status": "approved",
        }
    )
    response = outsider_client.post(url, data)
    assert response.status_code == 200
    assert "unit" in errors_of(response)
    assert not PlanningEntry.objects.filter(cadre=cadre, unit=home["commune"]).exists()


def test_finding_2_a_district_administrator_cannot_make_a_home_unit_a_successor(
    client, home, own_commune, other_district
):
    client.force_login(make_user("admin-dinhlap", scope=other_district, role=roles.ADMINISTRATOR))
    url = reverse("admin:cadres_unit_change", args=[own_commune.pk])
    data = form_data(client.get(url).content.decode())
    data.update(
        {
            "changes_out-TOTAL_FORMS": "1",
            "changes_out-0-kind": "merge",
            "changes_out-0-to_unit": home["commune"].pk,
            "changes_out-0-date": "01/01/2020",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "to_unit" in errors_of(response)
    assert not UnitChange.objects.filter(to_unit=home["commune"]).exists()


def test_finding_1_and_2_a_record_that_rightly_links_outside_the_scope_still_saves(
    staff_client, home, other_district, home_district
):
    # Entered by the province: a rotation into Đình Lập, and a commune merged into one
    # under the province. Lộc Bình's staff may correct them without touching those links.
    outside = make_unit("Xã Bắc Xa", parent=other_district)
    posting = make_posting(cadre=home["cadres"][2], from_unit=home["board"], to_unit=outside)
    merged = make_unit("Xã Lộc Bình", parent=home_district.parent)
    UnitChange.objects.create(
        from_unit=home["commune"], to_unit=merged, kind="merge", date=D(2025, 7, 1)
    )
    for url in (
        reverse("admin:postings_posting_change", args=[posting.pk]),
        reverse("admin:cadres_unit_change", args=[home["commune"].pk]),
    ):
        data = form_data(staff_client.get(url).content.decode())
        response = staff_client.post(url, {**data, "note": "Đã đối chiếu hồ sơ."})
        assert response.status_code == 302, errors_of(response)
    posting.refresh_from_db()
    assert posting.to_unit == outside and posting.note == "Đã đối chiếu hồ sơ."
    assert home["commune"].changes_out.get().to_unit == merged


# Finding 12: a district administrator sees and clears the whole country's login attempts.


@pytest.fixture
def login_records(staff):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    records = {}
    for username in ("staff", "ke-tan-cong"):
        fields = {"username": username, "ip_address": "10.0.0.9", "user_agent": "x"}
        fields |= {"http_accept": "", "path_info": "/accounts/login/"}
        records[username] = [
            AccessAttempt.objects.create(
                **fields, get_data="", post_data="", failures_since_start=5
            ),
            AccessLog.objects.create(**fields),
            AccessFailureLog.objects.create(**fields),
        ]
    return records


def test_finding_12_a_district_administrator_sees_and_clears_only_their_accounts_records(
    client, login_records, other_district, administrator
):
    from axes.models import AccessAttempt

    client.force_login(make_user("admin-dinhlap", scope=other_district, role=roles.ADMINISTRATOR))
    for model in ("accessattempt", "accesslog", "accessfailurelog"):
        response = client.get(f"/admin/axes/{model}/")
        assert response.status_code == 200
        shown = {record.username for record in response.context["cl"].result_list}
        assert shown <= {"admin-dinhlap"}, model  # their own login, nobody else's
    attempt = login_records["staff"][0]
    assert client.get(f"/admin/axes/accessattempt/{attempt.pk}/change/").status_code == 404
    client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    # The home district's administrator sees (and may clear) the lock on their staff member,
    # not the attempts on a name that is nobody's account.
    client.force_login(administrator)
    for model in ("accessattempt", "accesslog", "accessfailurelog"):
        shown = client.get(f"/admin/axes/{model}/").context["cl"].result_list
        assert {record.username for record in shown} - {"administrator"} == {"staff"}, model


def test_finding_12_a_national_administrator_sees_every_record(client, login_records):
    national = make_user("admin-quocgia", scope=None, role=roles.ADMINISTRATOR)
    client.force_login(national)
    shown = client.get("/admin/axes/accessattempt/").context["cl"].result_list
    assert sorted(record.username for record in shown) == ["ke-tan-cong", "staff"]
