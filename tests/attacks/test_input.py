"""Findings 7, 8 and 9: input that broke a page or a rule (issue 17)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from tests.factories import make_unit
from tests.html import form_data

pytestmark = pytest.mark.django_db


# Finding 7: a unit its own ancestor.

CYCLE_MESSAGE = (
    "A unit cannot belong to itself or to a unit under it. Choose a unit above it or beside it."
)


@pytest.mark.parametrize("parent", ["itself", "a unit under it"])
def test_finding_7_a_unit_cannot_be_put_under_itself(staff_client, home, parent):
    commune = home["commune"]
    below = make_unit("Đảng uỷ xã Tú Đoạn", kind="party", parent=commune)
    url = reverse("admin:cadres_unit_change", args=[commune.pk])
    data = form_data(staff_client.get(url).content.decode())
    data["parent"] = commune.pk if parent == "itself" else below.pk
    response = staff_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["parent"]
    assert errors == [gettext(CYCLE_MESSAGE)]
    commune.refresh_from_db()
    assert commune.parent == home["board"].parent


def test_finding_7_validation_refuses_it_wherever_a_unit_is_saved(home):
    from django.core.exceptions import ValidationError

    commune = home["commune"]
    below = make_unit("Đảng uỷ xã Tú Đoạn", kind="party", parent=commune)
    for parent in (commune, below):
        commune.parent = parent
        with pytest.raises(ValidationError) as refused:
            commune.full_clean()  # what the import runs for every row (Importer.save)
        assert "parent" in refused.value.message_dict
        with pytest.raises(ValidationError):
            commune.save()  # a script that skips validation is refused too, at once


def test_finding_7_the_import_cannot_make_a_unit_its_own_ancestor(staff, home):
    from cadres.models import Unit
    from tests.spreadsheets import UNIT_HEADERS, csv_bytes, run

    rows = [UNIT_HEADERS, ["Xã Tú Đoạn", "Xã", "Xã Tú Đoạn", "", "", "", ""]]
    run("units", csv_bytes(rows), staff)
    for unit in Unit.objects.all():
        ancestors = [pk for pk in unit.path.strip("/").split("/")[:-1]]
        assert str(unit.pk) not in ancestors, unit


# Finding 8: 500s on malformed input. Each is a form error or a 4xx; the test client
# re-raises what a view lets escape, so a 500 fails here loudly.


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "9" * 30, "\x00"])
def test_finding_8_a_malformed_id_in_a_picker_is_a_form_error(staff_client, home, value):
    data = {
        "full_name": "Hà Thị Lan",
        "sex": "female",
        "date_of_birth": "10/05/1980",
        "ethnicity": "Tày",
        "current_unit": value,
        "planning_entries-TOTAL_FORMS": "0",
        "planning_entries-INITIAL_FORMS": "0",
        "discipline_periods-TOTAL_FORMS": "0",
        "discipline_periods-INITIAL_FORMS": "0",
    }
    response = staff_client.post("/admin/cadres/cadre/add/", data)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "current_unit" in response.context["adminform"].form.errors


@pytest.mark.parametrize("year", ["0", "99999", "1", "10000", "9" * 20])
def test_finding_8_an_impossible_year_on_the_rotation_list_is_answered(staff_client, home, year):
    response = staff_client.get("/admin/postings/posting/", {"year": year})
    assert response.status_code in (200, 302, 400, 404)


@pytest.mark.parametrize("page", ["9" * 20, "99999999999", "-5", "x"])
def test_finding_8_a_huge_page_of_recent_changes_is_answered(staff_client, home, page):
    response = staff_client.get("/changes/", {"page": page})
    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("value", ["abc", "9" * 30, "²"])
def test_finding_8_a_malformed_id_in_a_many_to_many_picker_is_a_form_error(
    staff_client, home, value
):
    data = {"date": "01/03/2012", "unit": home["commune"].pk, "finding": "Thiếu hồ sơ"}
    data |= {"status": "open", "postings": [home["postings"][0].pk, value], "cadres": value}
    response = staff_client.post("/admin/postings/inspectionfinding/add/", data)
    assert response.status_code == 200
    assert {"postings", "cadres"} <= set(response.context["adminform"].form.errors)


# Finding 9: the lost-update guard skipped by omitting loaded_version.


@pytest.mark.parametrize("record", ["cadre", "posting"])
def test_finding_9_an_edit_without_the_loaded_version_is_refused(staff_client, home, record):
    from cadres.models import Cadre
    from postings.models import Posting

    obj = home["postings"][0] if record == "posting" else home["cadres"][0]
    url = reverse(f"admin:{obj._meta.app_label}_{record}_change", args=[obj.pk])
    data = form_data(staff_client.get(url).content.decode())
    # Someone else saves meanwhile; the attacker's form leaves out the version it was opened at.
    model = Posting if record == "posting" else Cadre
    other = model.objects.get(pk=obj.pk)
    other.note = "Sửa của người khác"
    other.save()
    del data["loaded_version"]
    response = staff_client.post(url, {**data, "note": "Ghi đè"})
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert model.objects.get(pk=obj.pk).note == "Sửa của người khác"
