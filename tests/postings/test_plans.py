"""Rotation plans: an item's state, the summary's "plan against done", the admin, the scope."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from postings.models import PlanItem, Posting, RotationPlan
from tests.factories import make_cadre, make_posting, make_term, make_unit
from tests.postings.test_admin import posting_form

D = datetime.date
AS_OF = D(2012, 8, 12)
pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(home_district):
    return RotationPlan.objects.create(
        unit=home_district,
        term=make_term(),
        name="Kế hoạch luân chuyển cán bộ nhiệm kỳ 2010–2015",
        approval_number="05-KH/HU",
        approval_date=D(2010, 6, 1),
    )


@pytest.fixture
def six_items(plan, home_district):
    """2011: A done, B done, E dropped; 2012: C done, D decided (by 12/08/2012, starting after),
    F open. By hand: 2011 3 planned, 2 done, 66.7 %; 2012 3 planned, 1 done, 33.3 %;
    in all 6 planned, 3 done, 1 decided, 1 dropped, 1 open: 50.0 %."""
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    items = {}
    for name, year in [("A", 2011), ("B", 2011), ("E", 2011), ("C", 2012), ("D", 2012)]:
        items[name] = PlanItem.objects.create(
            plan=plan, year=year, cadre=make_cadre(f"Cán bộ {name}", current_unit=board)
        )
    items["F"] = PlanItem.objects.create(plan=plan, year=2012, cadre=make_cadre("Cán bộ F"))
    items["E"].dropped, items["E"].drop_reason = True, "Cán bộ được điều động công tác khác"
    items["E"].save()
    starts = {"A": D(2011, 3, 1), "B": D(2011, 9, 1), "C": D(2012, 4, 1), "D": D(2012, 10, 1)}
    for name, start in starts.items():
        item = items[name]
        # D is decided on 20/07/2012, before the as-of date; it starts after it.
        decided = {"decision_number": "97-QĐ/HU", "decision_date": D(2012, 7, 20)}
        fields = decided if name == "D" else {}
        make_posting(cadre=item.cadre, from_unit=board, plan_item=item, start=start, **fields)
    return items


def table_cells(html, slug):
    """{row key: {column: text}} of one plan table on the page, total included."""
    section = html.split(f'data-table="{slug}"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for key, body in re.findall(r'<tr data-key="([^"]*)">(.*?)</tr>', section, re.S):
        cells = dict(re.findall(r'data-col="([^"]+)"[^>]*>([^<]*)<', body))
        share = re.search(r'data-col="share-done" data-value="([^"]*)"', body)
        cells["share-done"] = share.group(1)
        rows[key] = cells
    return rows


def test_plan_of_six_items_three_done_is_fifty_percent_done(
    leader_client, home_district, six_items
):
    query = f"?scope={home_district.pk}&as_of=2012-08-12"
    html = leader_client.get("/reports/" + query).content.decode()

    by_year = table_cells(html, "ke-hoach-theo-nam")
    assert by_year["2011"] == {
        "planned": "3", "decided": "0", "done": "2", "dropped": "1", "open": "0",
        "share-done": "66.7",
    }  # fmt: skip
    assert by_year["2012"]["done"] == "1" and by_year["2012"]["share-done"] == "33.3"
    assert by_year["total"] == {
        "planned": "6", "decided": "1", "done": "3", "dropped": "1", "open": "1",
        "share-done": "50.0",
    }  # fmt: skip
    by_term = table_cells(html, "ke-hoach-theo-nhiem-ky")
    assert by_term["2010–2015"]["share-done"] == "50.0"
    # Only F is named and not yet decided.
    assert re.search(r'data-list-count="plan-not-decided">1<', html)
    listed = html.split('data-list="plan-not-decided"', 1)[1].split("</table>", 1)[0]
    assert "Cán bộ F" in listed and "Cán bộ D" not in listed


def test_plan_table_downloads_with_the_page_figures(leader_client, home_district, six_items):
    query = f"?scope={home_district.pk}&as_of=2012-08-12"
    body = leader_client.get("/reports/export/ke-hoach-theo-nam.csv" + query).content
    records = list(csv.reader(io.StringIO(body.decode("utf-8")[1:])))
    assert [r[1:] for r in records[1:]] == [
        ["3", "0", "2", "1", "0", "66.7"],
        ["3", "1", "1", "0", "1", "33.3"],
        ["6", "1", "3", "1", "1", "50.0"],
    ]


def test_item_state_row_by_row_agrees_with_the_query(six_items):
    expected = {"A": "done", "B": "done", "C": "done", "D": "decided", "E": "dropped"}
    expected["F"] = "planned"
    annotated = {item.pk: item.item_state for item in PlanItem.objects.with_progress(AS_OF)}
    for name, item in six_items.items():
        item.refresh_from_db()  # the dates its rotations' writes keep on it
        assert item.state(AS_OF) == expected[name], name
        assert annotated[item.pk] == expected[name], name
    # Later, D's rotation has started: done; before its decision, D was only planned.
    assert six_items["D"].state(D(2012, 10, 1)) == "done"
    assert six_items["D"].state(D(2012, 7, 19)) == "planned"
    before = PlanItem.objects.with_progress(D(2012, 7, 19)).get(pk=six_items["D"].pk)
    assert before.item_state == "planned"


def test_the_not_decided_conditions_agree_with_the_state(six_items):
    """`not_decided` (and its two parts, read from indexes) are the named items the state
    calls planned, on days before, between and after the rotations' dates."""
    days = [D(2010, 1, 1), D(2011, 6, 1), D(2012, 7, 19), AS_OF, D(2012, 10, 1), D(2030, 1, 1)]
    for day in days:
        planned = {
            item.pk
            for item in PlanItem.objects.with_progress(day)
            if item.item_state == "planned" and item.cadre_id
        }
        assert set(PlanItem.objects.not_decided(day).values_list("pk", flat=True)) == planned
        waiting, later = (set(part.values_list("pk", flat=True))
                          for part in PlanItem.objects.not_decided_parts(day))  # fmt: skip
        assert waiting | later == planned and not waiting & later, day
    # D is decided on 20/07/2012: waiting for no rotation at all before it, only "later".
    d_item = six_items["D"].pk
    assert d_item in PlanItem.objects.not_decided_parts(D(2012, 7, 19))[1].values_list(
        "pk", flat=True
    )


def test_a_cancelled_rotation_does_not_carry_out_an_item(six_items):
    posting = Posting.objects.get(plan_item=six_items["A"])
    posting.outcome, posting.actual_end = Posting.Outcome.CANCELLED, None
    posting.save()
    assert PlanItem.objects.with_progress(AS_OF).get(pk=six_items["A"].pk).item_state == "planned"


def test_a_dropped_item_needs_its_reason_and_an_item_names_someone_or_a_count(plan):
    item = PlanItem(plan=plan, year=2011, target_count=2, dropped=True)
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert "drop_reason" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        PlanItem(plan=plan, year=2011).full_clean()
    assert "cadre" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        PlanItem(plan=plan, year=2019, target_count=1).full_clean()
    assert "year" in refused.value.error_dict


def test_a_count_item_is_done_when_as_many_rotations_have_started(plan, home_district):
    item = PlanItem.objects.create(
        plan=plan, year=2011, target_count=2, direction="district_to_commune"
    )
    make_posting(plan_item=item, start=D(2011, 5, 1))
    assert PlanItem.objects.with_progress(AS_OF).get().item_state == "decided"
    make_posting(plan_item=item, start=D(2011, 6, 1))
    assert PlanItem.objects.with_progress(AS_OF).get().item_state == "done"


def test_staff_enter_a_plan_with_items_inline(staff_client, home_district):
    cadre = make_cadre("Hoàng Văn Kế", current_unit=home_district)
    term = make_term()
    data = {
        "unit": home_district.pk,
        "term": term.pk,
        "name": "Kế hoạch 2010–2015",
        "approval_number": "05-KH/HU",
        "approval_date": "01/06/2010",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-year": "2011",
        "items-0-cadre": cadre.pk,
        "items-1-year": "2012",
        "items-1-target_count": "3",
        "items-1-direction": "district_to_commune",
    }
    response = staff_client.post("/admin/postings/rotationplan/add/", data)
    assert response.status_code == 302, response.context["errors"]
    plan = RotationPlan.objects.get()
    assert plan.approval_date == D(2010, 6, 1)
    assert sorted(plan.items.values_list("year", flat=True)) == [2011, 2012]

    # An item dated outside the term is refused, and nothing of the plan is saved.
    data.update({"name": "Kế hoạch khác", "items-0-year": "2019"})
    response = staff_client.post("/admin/postings/rotationplan/add/", data)
    assert response.status_code == 200
    assert RotationPlan.objects.count() == 1


def test_a_rotation_created_from_an_item_links_to_it(staff_client, plan, home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    cadre = make_cadre("Hoàng Văn Kế", current_unit=board)
    item = PlanItem.objects.create(plan=plan, year=2011, cadre=cadre, to_unit=commune)

    page = staff_client.get(f"/admin/postings/rotationplan/{plan.pk}/change/").content.decode()
    link = re.search(rf'href="([^"]+)" data-create-rotation="{item.pk}"', page).group(1)
    form = staff_client.get(link.replace("&amp;", "&")).context["adminform"].form
    assert form.initial["cadre"] == str(cadre.pk)
    assert form.initial["from_unit"] == str(board.pk)
    assert form.initial["to_unit"] == str(commune.pk)
    assert form.initial["plan_item"] == str(item.pk)

    data = posting_form(cadre, board, commune, plan_item=item.pk, start="01/03/2011")
    data["exception_reason"] = "Ban Thường vụ đồng ý"  # not in the succession plan
    response = staff_client.post("/admin/postings/posting/add/", data)
    assert response.status_code == 302
    assert Posting.objects.get().plan_item == item
    item.refresh_from_db()  # the dates the rotation's save keeps on it
    assert item.state(AS_OF) == "done"


def test_another_districts_staff_cannot_see_or_open_a_plan(outsider_client, staff, plan, six_items):
    assert outsider_client.get(f"/admin/postings/rotationplan/{plan.pk}/change/").status_code == 404
    item = six_items["F"]
    assert outsider_client.get(f"/admin/postings/planitem/{item.pk}/change/").status_code == 404
    listed = outsider_client.get("/admin/postings/rotationplan/").context["cl"].result_list
    assert list(listed) == []
    home = Client()
    home.force_login(staff)
    assert home.get(f"/admin/postings/rotationplan/{plan.pk}/change/").status_code == 200


def test_plan_section_query_count_does_not_grow_with_items(admin_client, home_district, plan):
    query = f"/reports/?scope={home_district.pk}&as_of=2012-08-12"
    PlanItem.objects.create(plan=plan, year=2011, cadre=make_cadre())

    def count():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(query).status_code == 200
        return len(captured)

    admin_client.get("/admin/")  # the session refreshed
    small = count()
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, year=2012, cadre=make_cadre()) for _ in range(60)
    )
    assert count() == small


def test_a_rotation_cannot_carry_out_another_cadres_item(plan):
    item = PlanItem.objects.create(plan=plan, year=2011, cadre=make_cadre("Cán bộ khác"))
    with pytest.raises(ValidationError) as refused:
        make_posting(plan_item=item, start=D(2011, 5, 1))
    assert "plan_item" in refused.value.error_dict


def test_an_items_progress_follows_every_write_of_its_rotations(six_items, plan):
    """The stored dates the state reads are kept by the rotations' writes: a rotation moved
    to another item, deleted, and an item's target count changed."""
    a, f = six_items["A"], six_items["F"]
    posting = Posting.objects.get(plan_item=a)
    posting.plan_item = f
    posting.save()
    states = dict(PlanItem.objects.with_progress(AS_OF).values_list("pk", "item_state"))
    assert (states[a.pk], states[f.pk]) == ("planned", "done")
    posting.delete()
    assert PlanItem.objects.with_progress(AS_OF).get(pk=f.pk).item_state == "planned"
    # A count item of one carried out by C's rotation: done; asking two: only decided.
    counted = PlanItem.objects.create(plan=plan, year=2012, target_count=1, direction="horizontal")
    c_rotation = Posting.objects.get(plan_item=six_items["C"])
    c_rotation.plan_item = counted
    c_rotation.save()
    assert PlanItem.objects.with_progress(AS_OF).get(pk=counted.pk).item_state == "done"
    counted.target_count = 2
    counted.save()
    assert PlanItem.objects.with_progress(AS_OF).get(pk=counted.pk).item_state == "decided"
