"""Decisions as records: one page moving several cadres, all or nothing; the data migration."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from postings.decisions import decision_save
from postings.models import Decision, Posting
from tests.factories import make_cadre, make_district, make_plan, make_posting, make_unit

D = datetime.date
pytestmark = pytest.mark.django_db
migration = import_module("postings.migrations.0012_link_decisions")


@pytest.fixture
def places(home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=home_district)
    communes = [make_unit(f"Xã {name}", parent=home_district) for name in ("A", "B", "C")]
    return board, communes


@pytest.fixture
def three_cadres(places):
    """Two in the succession plan, the third not: moving the third breaks a rule."""
    board, communes = places
    cadres = [make_cadre(f"Cán bộ {n}", current_unit=board) for n in (1, 2, 3)]
    for cadre, commune in zip(cadres[:2], communes, strict=False):
        make_plan(cadre, unit=commune, decision_date=D(2009, 10, 1))
    return cadres


def decision_page(home_district, cadres, places, **rows):
    board, communes = places
    data = {
        "number": "52-QĐ/HU",
        "date": "18/03/2011",
        "unit": home_district.pk,
        "issuing_body": "Ban Thường vụ Huyện ủy Lộc Bình",
        "signer": "Hoàng Văn Bí",
        "postings-TOTAL_FORMS": "3",
        "postings-INITIAL_FORMS": "0",
    }
    for n, (cadre, commune) in enumerate(zip(cadres, communes, strict=False)):
        data.update(
            {
                f"postings-{n}-cadre": cadre.pk,
                f"postings-{n}-from_unit": board.pk,
                f"postings-{n}-to_unit": commune.pk,
                f"postings-{n}-start": "01/04/2011",
                f"postings-{n}-exception_reason": "",
            }
        )
    data.update(rows)
    return data


def test_a_decision_with_one_unexplained_rule_break_saves_no_row(
    staff_client, home_district, three_cadres, places
):
    data = decision_page(home_district, three_cadres, places)
    response = staff_client.post("/admin/postings/decision/add/", data)

    assert response.status_code == 200
    assert Decision.objects.count() == 0 and Posting.objects.count() == 0
    rows = response.context["inline_admin_formsets"][0].formset.forms
    assert [bool(form.errors) for form in rows] == [False, False, True]
    assert "exception_reason" in rows[2].errors
    # The same rule sentence the single rotation form gives (postings/rules.py).
    assert rows[2].non_field_errors()


def test_a_decision_with_its_reason_saves_all_three_rows(
    staff_client, home_district, three_cadres, places
):
    reason = {"postings-2-exception_reason": "Ban Thường vụ đồng ý tại Thông báo 12-TB/HU"}
    data = decision_page(home_district, three_cadres, places, **reason)
    response = staff_client.post("/admin/postings/decision/add/", data)

    assert response.status_code == 302
    decision = Decision.objects.get()
    postings = list(Posting.objects.order_by("cadre__full_name"))
    assert [p.cadre for p in postings] == three_cadres
    assert {p.decision_id for p in postings} == {decision.pk}
    assert {(p.decision_number, p.decision_date) for p in postings} == {
        ("52-QĐ/HU", D(2011, 3, 18))
    }
    assert {p.deciding_body for p in postings} == {"Ban Thường vụ Huyện ủy Lộc Bình"}
    assert postings[2].warnings == ["not_in_plan"]
    assert postings[0].planned_end == D(2014, 4, 1)  # the same defaults as the single form


def test_a_cadre_twice_on_one_decision_is_refused(
    staff_client, home_district, three_cadres, places
):
    data = decision_page(home_district, three_cadres[:2], places)
    data["postings-1-cadre"] = three_cadres[0].pk
    response = staff_client.post("/admin/postings/decision/add/", data)
    assert response.status_code == 200
    assert Posting.objects.count() == 0


def test_a_corrected_decision_number_follows_to_its_rotations(home_district, places):
    board, communes = places
    decision = Decision.objects.create(unit=home_district, number="52-QĐ/HU", date=D(2011, 3, 18))
    posting = make_posting(from_unit=board, to_unit=communes[0], decision=decision)
    assert posting.decision_number == "52-QĐ/HU"

    decision.number = "53-QĐ/HU"
    decision_save(decision)
    posting.refresh_from_db()
    assert posting.decision_number == "53-QĐ/HU"
    assert posting.history.first().decision_number == "53-QĐ/HU"


def test_another_districts_staff_get_404_on_a_decision(outsider_client, home_district):
    decision = Decision.objects.create(unit=home_district, number="52-QĐ/HU", date=D(2011, 3, 18))
    assert outsider_client.get(f"/admin/postings/decision/{decision.pk}/change/").status_code == 404
    assert list(outsider_client.get("/admin/postings/decision/").context["cl"].result_list) == []


def test_the_migration_groups_rotations_by_number_date_and_district(home_district, places):
    board, communes = places
    other = make_district("Huyện Đình Lập", province=home_district.parent)
    other_board = make_unit("Ban Tổ chức Huyện uỷ Đình Lập", kind="party", parent=other)
    other_commune = make_unit("Xã Đình Lập", parent=other)
    same = {"decision_number": "52-QĐ/HU", "decision_date": D(2011, 3, 18)}
    first = make_posting(from_unit=board, to_unit=communes[0], **same, deciding_body="BTV")
    second = make_posting(from_unit=board, to_unit=communes[1], **same)
    # The same number and date in another district: another decision.
    elsewhere = make_posting(from_unit=other_board, to_unit=other_commune, **same)
    undecided = make_posting(from_unit=board, to_unit=communes[2])

    migration.link_decisions(apps, None)

    for posting in (first, second, elsewhere, undecided):
        posting.refresh_from_db()
    assert first.decision_id == second.decision_id != elsewhere.decision_id
    assert first.decision.unit == home_district and elsewhere.decision.unit == other
    assert first.decision.issuing_body == "BTV"
    assert undecided.decision_id is None
    assert (first.decision_number, first.decision_date) == ("52-QĐ/HU", D(2011, 3, 18))

    migration.unlink_decisions(apps, None)
    assert not Decision.objects.exists()
    assert not Posting.objects.filter(decision__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_links_rotations_saved_before_it():
    executor = MigrationExecutor(connection)
    before = [("postings", "0011_plans_and_decisions")]
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        Unit, Cadre = old.get_model("cadres", "Unit"), old.get_model("cadres", "Cadre")
        Posting_ = old.get_model("postings", "Posting")
        province = Unit.objects.create(name="Tỉnh", kind="province", level="province")
        province.path = f"/{province.pk}/"
        province.save()
        district = Unit.objects.create(
            name="Huyện", kind="district", level="district", parent=province
        )
        district.path = f"{province.path}{district.pk}/"
        district.save()
        units = []
        for name in ("Ban", "Xã"):
            unit = Unit.objects.create(name=name, kind="party", level="district", parent=district)
            unit.path = f"{district.path}{unit.pk}/"
            unit.save()
            units.append(unit)
        for n in range(2):
            Posting_.objects.create(
                cadre=Cadre.objects.create(
                    full_name=f"Cán bộ {n}", sex="male", date_of_birth=D(1980, 1, 1)
                ),
                from_unit=units[0],
                to_unit=units[1],
                start=D(2011, 4, 1),
                planned_end=D(2014, 4, 1),
                decision_number="52-QĐ/HU",
                decision_date=D(2011, 3, 18),
            )
        executor = MigrationExecutor(connection)
        executor.migrate([("postings", "0012_link_decisions")])
        new = executor.loader.project_state([("postings", "0012_link_decisions")]).apps
        linked = new.get_model("postings", "Posting").objects.values_list("decision", flat=True)
        assert len(set(linked)) == 1 and None not in set(linked)
        decision = new.get_model("postings", "Decision").objects.get()
        assert (decision.number, decision.unit_id) == ("52-QĐ/HU", district.pk)
    finally:
        MigrationExecutor(connection).migrate(latest)
