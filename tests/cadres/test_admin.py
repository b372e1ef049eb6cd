import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from cadres.models import UserScope
from registry import roles
from tests.conftest import make_user
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def user_form(username, *, unit=None, groups=(), **fields):
    data = {
        "username": username,
        "password1": "Mật-khẩu-dài-đủ-2025",
        "password2": "Mật-khẩu-dài-đủ-2025",
        "usable_password": "true",
        "scope-TOTAL_FORMS": "1",
        "scope-INITIAL_FORMS": "0",
        "scope-MIN_NUM_FORMS": "1",
        "scope-MAX_NUM_FORMS": "1",
        "scope-0-unit": unit.pk if unit else "",
        "groups": [group.pk for group in groups],
    }
    data.update(fields)
    return data


def test_administrator_creates_a_user_with_a_scope_in_theirs(administrator_client, home_district):
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    response = administrator_client.post(
        "/admin/auth/user/add/", user_form("nhanvien-tudoan", unit=commune)
    )
    assert response.status_code == 302
    user = User.objects.get(username="nhanvien-tudoan")
    assert user.scope.unit == commune
    assert user.is_staff


def test_administrator_sets_the_role_on_the_user_page(administrator_client, staff):
    leader_group = Group.objects.get(name=roles.LEADER)
    url = reverse("admin:auth_user_change", args=[staff.pk])
    page = administrator_client.get(url)
    assert page.status_code == 200
    data = {
        "username": "staff",
        "is_active": "on",
        "is_staff": "on",
        "groups": [leader_group.pk],
        "scope-TOTAL_FORMS": "1",
        "scope-INITIAL_FORMS": "1",
        "scope-MIN_NUM_FORMS": "1",
        "scope-MAX_NUM_FORMS": "1",
        "scope-0-id": staff.scope.pk,
        "scope-0-user": staff.pk,
        "scope-0-unit": staff.scope.unit.pk,
    }
    response = administrator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(staff.groups.values_list("name", flat=True)) == [roles.LEADER]


def test_a_scoped_administrator_cannot_grant_the_whole_country(administrator_client):
    response = administrator_client.post("/admin/auth/user/add/", user_form("toan-quoc"))
    assert response.status_code == 200
    assert not User.objects.filter(username="toan-quoc").exists()


def test_a_scoped_administrator_cannot_grant_a_scope_outside_theirs(
    administrator_client, other_district
):
    response = administrator_client.post(
        "/admin/auth/user/add/", user_form("dinhlap", unit=other_district)
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="dinhlap").exists()


def test_administrator_cannot_make_a_superuser(administrator_client, staff):
    url = reverse("admin:auth_user_change", args=[staff.pk])
    form = administrator_client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields


def test_users_outside_the_scope_are_not_listed_and_their_page_is_404(
    administrator_client, outsider, staff
):
    response = administrator_client.get("/admin/auth/user/")
    assert {u.username for u in response.context["cl"].result_list} == {"administrator", "staff"}
    url = reverse("admin:auth_user_change", args=[outsider.pk])
    assert administrator_client.get(url).status_code == 404
    url = reverse("admin:auth_user_password_change", args=[outsider.pk])
    assert administrator_client.get(url).status_code == 404


def test_administrator_deactivates_but_cannot_delete_an_account(administrator_client, staff):
    response = administrator_client.post(
        "/admin/auth/user/",
        {"action": "deactivate_users", "_selected_action": [staff.pk]},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active
    assert administrator_client.get(f"/admin/auth/user/{staff.pk}/delete/").status_code == 403
    actions = administrator_client.get("/admin/auth/user/").context["action_form"]
    assert "delete_selected" not in dict(actions.fields["action"].choices)
    assert User.objects.filter(pk=staff.pk).exists()


def test_a_deactivated_user_sees_nothing(staff_client, staff):
    staff.is_active = False
    staff.save()
    assert staff_client.get("/admin/postings/posting/").status_code == 302


def test_superuser_may_still_delete_an_account(admin_client):
    user = make_user("tam-thoi")
    response = admin_client.post(f"/admin/auth/user/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not UserScope.objects.filter(user_id=user.pk).exists()
