import pytest
from django.urls import reverse

from tests.factories import make_cadre, make_posting, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    return make_posting(cadre=make_cadre("Lăng Văn Hoà"), from_unit=board, to_unit=commune)


def change_data(posting, **fields):
    data = {
        "cadre": posting.cadre.pk,
        "from_unit": posting.from_unit.pk,
        "to_unit": posting.to_unit.pk,
        "post_relation": "equivalent",
        "start": "01/03/2010",
        "in_planning_at_start": "on",
        "evaluations-TOTAL_FORMS": "0",
        "evaluations-INITIAL_FORMS": "0",
        "placement-TOTAL_FORMS": "0",
        "placement-INITIAL_FORMS": "0",
        # An edit names the version it was opened at (registry/locking.py).
        "loaded_version": posting.version,
    }
    data.update(fields)
    return data


def test_editing_a_rotation_as_staff_records_who_and_which_fields(staff_client, staff, posting):
    url = reverse("admin:postings_posting_change", args=[posting.pk])
    data = change_data(posting, decision_number="45-QĐ/HU", note="Bổ sung")
    assert staff_client.post(url, data).status_code == 302
    latest = posting.history.latest()
    assert latest.history_user == staff
    delta = latest.diff_against(latest.prev_record)
    assert set(delta.changed_fields) == {"decision_number", "note"}

    page = staff_client.get(reverse("admin:postings_posting_history", args=[posting.pk]))
    text = page.content.decode()
    assert "staff" in text and "45-QĐ/HU" in text and "Số quyết định" in text


def test_history_cannot_be_reverted(staff_client, posting):
    version = posting.history.earliest()
    url = reverse("admin:postings_posting_simple_history", args=[posting.pk, version.history_id])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response.context["revert_disabled"] is True
    assert 'name="_save"' not in response.content.decode()


def test_posting_an_old_version_does_not_revert(staff_client, posting):
    version = posting.history.earliest()
    staff_client.post(
        reverse("admin:postings_posting_change", args=[posting.pk]),
        change_data(posting, note="Bản mới"),
    )
    url = reverse("admin:postings_posting_simple_history", args=[posting.pk, version.history_id])
    response = staff_client.post(url, change_data(posting, note=""))
    assert response.status_code == 403
    posting.refresh_from_db()
    assert posting.note == "Bản mới"


@pytest.mark.parametrize("object_id", ["abc", "1.5", "９"])
def test_history_of_an_id_that_is_no_number_is_not_found(staff_client, object_id):
    url = reverse("admin:postings_posting_history", args=[1]).replace("/1/", f"/{object_id}/")
    assert staff_client.get(url).status_code == 404


def test_recent_changes_feed_shows_the_models_each_app_registers():
    from cadres.models import Cadre, PlanningEntry, Unit
    from postings.models import Evaluation, Placement, Posting
    from registry.history import registered

    models = [entry.model for entry in registered()]
    assert sorted(models, key=str) == sorted(
        [Cadre, Unit, PlanningEntry, Posting, Evaluation, Placement], key=str
    )
