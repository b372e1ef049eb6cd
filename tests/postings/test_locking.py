"""No lost update: two people edit the same rotation or cadre; the second is told, not lost."""

import pytest
from django.test import Client
from django.urls import reverse

from cadres.models import Cadre
from postings.models import Posting
from postings.services import posting_save
from tests.conftest import make_user
from tests.factories import make_cadre, make_posting, make_unit
from tests.html import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_clients(staff, home_district):
    other = make_user("lan", scope=home_district, perms=("add", "change", "view"), first_name="Lan")
    first, second = Client(), Client()
    first.force_login(other)
    second.force_login(staff)
    return first, second


def opened(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode())


def test_posting_second_save_is_refused_naming_who_changed_it_and_showing_both(
    two_clients, home_district
):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    posting = make_posting(from_unit=board, to_unit=make_unit(parent=home_district))
    url = reverse("admin:postings_posting_change", args=[posting.pk])
    lan, staff = two_clients
    lan_form, staff_form = opened(lan, url), opened(staff, url)
    assert lan_form["loaded_version"] == str(posting.version)

    response = lan.post(url, {**lan_form, "decision_number": "15-QĐ/HU"})
    assert response.status_code == 302
    response = staff.post(url, {**staff_form, "decision_number": "99-QĐ/HU"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Bản ghi này đã được Lan sửa lúc" in page
    assert "Phiên bản của bạn" in page and "Phiên bản đã lưu" in page
    assert "99-QĐ/HU" in page and "15-QĐ/HU" in page
    assert Posting.objects.get().decision_number == "15-QĐ/HU"
    # What the second person typed is still in the form; saving again is a deliberate choice.
    again = form_data(page)
    assert again["decision_number"] == "99-QĐ/HU"
    assert staff.post(url, again).status_code == 302
    assert Posting.objects.get().decision_number == "99-QĐ/HU"


def test_cadre_second_save_is_refused_and_each_save_bumps_the_version(two_clients, home_district):
    cadre = make_cadre("Hoàng Văn Bình", current_unit=make_unit(parent=home_district))
    url = reverse("admin:cadres_cadre_change", args=[cadre.pk])
    lan, staff = two_clients
    lan_form, staff_form = opened(lan, url), opened(staff, url)

    assert lan.post(url, {**lan_form, "note": "Ghi chú của Lan"}).status_code == 302
    assert Cadre.objects.get().version == cadre.version + 1
    response = staff.post(url, {**staff_form, "full_name": "Hoàng Văn Bính"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Bản ghi này đã được Lan sửa lúc" in page
    assert "Ghi chú của Lan" in page and "Hoàng Văn Bính" in page
    saved = Cadre.objects.get()
    assert (saved.full_name, saved.note) == ("Hoàng Văn Bình", "Ghi chú của Lan")


def test_single_editor_saves_twice_without_conflict(staff_client, home_district):
    cadre = make_cadre(current_unit=make_unit(parent=home_district))
    url = reverse("admin:cadres_cadre_change", args=[cadre.pk])
    for note in ("một", "hai"):
        form = opened(staff_client, url)
        assert staff_client.post(url, {**form, "note": note}).status_code == 302
    assert Cadre.objects.get().note == "hai"


def test_each_save_of_a_rotation_bumps_its_version_once(staff_client, home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    posting = make_posting(from_unit=board, to_unit=make_unit(parent=home_district))
    assert Posting.objects.get().version == 1

    posting.note = "Đã bàn giao"
    posting_save(posting=posting)
    assert Posting.objects.get().version == 2

    url = reverse("admin:postings_posting_change", args=[posting.pk])
    form = opened(staff_client, url)
    assert staff_client.post(url, {**form, "note": "Đã nhận xét"}).status_code == 302
    assert Posting.objects.get().version == 3
