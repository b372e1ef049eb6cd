import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cadres.models import Cadre, PlanningEntry, Position, Term, Unit, UnitChange, UserScope
from postings.models import Evaluation, Posting
from registry.scopes import history_visible_to
from tests.conftest import make_user
from tests.factories import make_cadre, make_plan, make_position, make_posting, make_term, make_unit

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def home_posting(home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    posting = make_posting(
        cadre=make_cadre("Lăng Văn Hoà", current_unit=commune), from_unit=board, to_unit=commune
    )
    posting.evaluations.create(kind="annual", date=D(2011, 1, 1), rating="good")
    return posting


def test_visible_to_hides_the_home_district_from_an_outsider(home_posting, outsider, staff):
    for model in (Unit, Cadre, Posting, Evaluation, PlanningEntry, UnitChange):
        home = model.objects.visible_to(staff)
        assert set(model.objects.visible_to(outsider)).isdisjoint(home), model
    assert Posting.objects.visible_to(staff).get() == home_posting
    assert Cadre.objects.visible_to(outsider).count() == 0


def test_visible_to_shows_catalogues_to_every_active_user(home_posting, outsider):
    make_position("Bí thư Đảng uỷ xã")
    make_term()
    nobody = make_user("noscope")
    UserScope.objects.filter(user=nobody).delete()
    nobody.refresh_from_db()
    for user in (outsider, nobody):
        # The rotation's cadre is in a plan: its title and term are in the catalogue too.
        assert Position.objects.visible_to(user).count() == Position.objects.count() == 2
        assert Term.objects.visible_to(user).count() == Term.objects.count() == 1
    assert Position.objects.visible_to(AnonymousUser()).count() == 0
    assert Unit.objects.visible_to(nobody).count() == 0


def test_visible_to_shows_everything_to_national_users(home_posting, other_district):
    national = make_user("national", scope=None)
    assert Posting.objects.visible_to(national).get() == home_posting
    assert Unit.objects.visible_to(national).count() == Unit.objects.count()


def test_a_successor_body_given_a_closed_district_sees_its_records(home_posting, home_district):
    home_district.valid_to = D(2025, 6, 30)
    home_district.save()
    successor = make_user("successor", scope=home_district)
    assert Posting.objects.visible_to(successor).get() == home_posting


def test_admin_change_page_outside_the_scope_is_404(outsider_client, home_posting):
    pages = [
        reverse("admin:postings_posting_change", args=[home_posting.pk]),
        reverse("admin:cadres_cadre_change", args=[home_posting.cadre.pk]),
        reverse("admin:cadres_unit_change", args=[home_posting.to_unit.pk]),
        reverse("admin:postings_evaluation_change", args=[home_posting.evaluations.get().pk]),
        reverse("admin:postings_posting_history", args=[home_posting.pk]),
        reverse("admin:postings_posting_delete", args=[home_posting.pk]),
        reverse(
            "admin:postings_posting_simple_history",
            args=[home_posting.pk, home_posting.history.latest().history_id],
        ),
    ]
    for page in pages:
        assert outsider_client.get(page).status_code == 404, page


def test_record_page_outside_the_scope_is_404(outsider_client, home_posting):
    response = outsider_client.get(reverse("records:cadre", args=[home_posting.cadre.pk]))
    assert response.status_code == 404
    response = outsider_client.get(reverse("records:unit", args=[home_posting.to_unit.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "model", ["postings/posting", "cadres/cadre", "cadres/unit", "postings/evaluation"]
)
def test_admin_lists_show_no_home_rows_to_an_outsider(outsider_client, home_posting, model):
    home_rows = {
        "postings/posting": [home_posting.pk],
        "cadres/cadre": [home_posting.cadre.pk],
        "cadres/unit": [home_posting.from_unit.pk, home_posting.to_unit.pk],
        "postings/evaluation": [home_posting.evaluations.get().pk],
    }[model]
    response = outsider_client.get(f"/admin/{model}/")
    assert response.status_code == 200
    shown = {row.pk for row in response.context["cl"].result_list}
    home = {row.pk for row in response.context["cl"].model.objects.filter(pk__in=home_rows)}
    assert shown.isdisjoint(home)
    page = response.content.decode()
    assert "Lăng Văn Hoà" not in page and "Xã Tú Đoạn" not in page


@pytest.mark.parametrize(
    ("model_name", "field_name", "term"),
    [
        ("posting", "cadre", "lang van hoa"),
        ("posting", "to_unit", "tu doan"),
        ("evaluation", "posting", "lang van hoa"),
    ],
)
def test_autocomplete_offers_no_home_rows_to_an_outsider(
    outsider_client, home_posting, model_name, field_name, term
):
    query = {
        "term": term,
        "app_label": "postings",
        "model_name": model_name,
        "field_name": field_name,
    }
    assert outsider_client.get("/admin/autocomplete/", query).json()["results"] == []


def test_autocomplete_finds_home_rows_for_staff(staff_client, home_posting):
    query = {"term": "tu doan", "app_label": "postings", "model_name": "posting"}
    response = staff_client.get("/admin/autocomplete/", {**query, "field_name": "to_unit"})
    assert [r["text"] for r in response.json()["results"]] == ["Xã Tú Đoạn"]


def test_scope_unit_picker_on_the_user_form_is_scoped(
    client, administrator, other_district, home_district
):
    client.force_login(administrator)
    query = {"app_label": "cadres", "model_name": "userscope", "field_name": "unit"}
    names = [r["text"] for r in client.get("/admin/autocomplete/", query).json()["results"]]
    assert "Huyện Lộc Bình" in names
    assert "Huyện Đình Lập" not in names
    assert "Tỉnh Lạng Sơn" not in names


def test_user_autocomplete_is_scoped(administrator_client, outsider, staff):
    query = {"app_label": "postings", "model_name": "inspectionfinding", "field_name": "created_by"}
    response = administrator_client.get("/admin/autocomplete/", {**query, "term": "s"})
    assert [r["text"] for r in response.json()["results"]] == ["administrator", "staff"]


def test_staff_cannot_save_a_rotation_with_both_units_outside_the_scope(
    staff_client, home_district, other_district
):
    cadre = make_cadre(current_unit=make_unit(parent=home_district))
    outside_a = make_unit("Xã Bắc Xa", parent=other_district)
    outside_b = make_unit("Xã Bính Xá", parent=other_district)
    data = {
        "cadre": cadre.pk,
        "from_unit": outside_a.pk,
        "to_unit": outside_b.pk,
        "post_relation": "equivalent",
        "start": "01/03/2010",
        "in_planning_at_start": "on",
        "evaluations-TOTAL_FORMS": "0",
        "evaluations-INITIAL_FORMS": "0",
    }
    response = staff_client.post("/admin/postings/posting/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"from_unit", "to_unit"} <= set(errors)
    assert Posting.objects.count() == 0


def test_staff_cannot_move_a_rotation_out_of_the_scope(staff_client, home_posting, other_district):
    outside = make_unit("Xã Bắc Xa", parent=other_district)
    url = reverse("admin:postings_posting_change", args=[home_posting.pk])
    data = {
        "cadre": home_posting.cadre.pk,
        "from_unit": outside.pk,
        "to_unit": outside.pk,
        "post_relation": "equivalent",
        "start": "01/03/2010",
        "in_planning_at_start": "on",
        "evaluations-TOTAL_FORMS": "1",
        "evaluations-INITIAL_FORMS": "1",
        "evaluations-0-id": home_posting.evaluations.get().pk,
        "evaluations-0-posting": home_posting.pk,
        "evaluations-0-kind": "annual",
        "evaluations-0-date": "01/01/2011",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "to_unit" in response.context["adminform"].form.errors
    home_posting.refresh_from_db()
    assert home_posting.to_unit.name == "Xã Tú Đoạn"


def test_staff_must_give_a_new_cadre_a_unit_in_scope(staff_client):
    data = {
        "full_name": "Hà Thị Lan",
        "sex": "female",
        "date_of_birth": "10/05/1980",
        "ethnicity": "Tày",
        "postings-TOTAL_FORMS": "0",
        "postings-INITIAL_FORMS": "0",
        "planning_entries-TOTAL_FORMS": "0",
        "planning_entries-INITIAL_FORMS": "0",
        "discipline_periods-TOTAL_FORMS": "0",
        "discipline_periods-INITIAL_FORMS": "0",
    }
    response = staff_client.post("/admin/cadres/cadre/add/", data)
    assert response.status_code == 200
    assert "current_unit" in response.context["adminform"].form.errors
    assert Cadre.objects.count() == 0


def test_history_of_a_deleted_record_stays_within_its_scope(
    staff_client, home_posting, outsider, staff
):
    plan = make_plan(home_posting.cadre, unit=home_posting.to_unit, term=make_term())
    plan_pk = plan.pk
    plan.delete()
    assert history_visible_to(PlanningEntry, staff).filter(id=plan_pk).count() == 2
    assert not history_visible_to(PlanningEntry, outsider).filter(id=plan_pk).exists()
    url = reverse("admin:cadres_planningentry_history", args=[plan_pk])
    assert staff_client.get(url).status_code == 200
    staff_client.force_login(outsider)
    assert staff_client.get(url).status_code == 404
