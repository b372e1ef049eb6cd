import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cadres.models import UserScope
from registry import roles
from tests.conftest import make_user
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def user_form(username, *, unit=None, role=roles.STAFF, password="Mật-khẩu-dài-đủ-2025", **fields):
    """The account form as an administrator fills it: no permission list anywhere."""
    data = {
        "full_name": "Hoàng Thị Lan",
        "username": username,
        "email": "",
        "role": role,
        "scope": unit.pk if unit else "",
        "is_active": "on",
        "password1": password,
        "password2": password,
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
    assert user.is_staff and not user.is_superuser
    # "Họ và tên" in one box, stored as the rest of the registry names people.
    assert (user.last_name, user.first_name) == ("Hoàng Thị", "Lan")
    assert user.check_password("Mật-khẩu-dài-đủ-2025")
    assert user.scope.must_change_password


def test_the_user_forms_show_no_permission_list_nor_staff_or_superuser_status(
    administrator_client, staff
):
    for url in ("/admin/auth/user/add/", reverse("admin:auth_user_change", args=[staff.pk])):
        html = administrator_client.get(url).content.decode()
        form = administrator_client.get(url).context["adminform"].form
        assert {"full_name", "username", "email", "role", "scope", "is_active"} <= set(form.fields)
        for hidden in ("groups", "user_permissions", "is_superuser", "is_staff"):
            assert hidden not in form.fields and f'name="{hidden}"' not in html


def test_administrator_sets_the_role_on_the_user_page(administrator_client, staff):
    url = reverse("admin:auth_user_change", args=[staff.pk])
    form = administrator_client.get(url).context["adminform"].form
    assert (form.initial["role"], form.initial["scope"]) == (roles.STAFF, staff.scope.unit_id)
    data = user_form("staff", unit=staff.scope.unit, role=roles.LEADER, full_name="Lò Văn  Hùng")
    response = administrator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    staff.refresh_from_db()
    assert list(staff.groups.values_list("name", flat=True)) == [roles.LEADER]
    assert (staff.last_name, staff.first_name) == ("Lò Văn", "Hùng")
    # Editing an account does not ask its owner for a new password.
    assert not staff.scope.must_change_password


def test_a_scoped_administrator_cannot_grant_the_whole_country(administrator_client):
    response = administrator_client.post("/admin/auth/user/add/", user_form("toan-quoc"))
    assert response.status_code == 200
    assert "scope" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="toan-quoc").exists()


def test_a_scoped_administrator_cannot_grant_a_scope_outside_theirs(
    administrator_client, home_district, other_district
):
    form = administrator_client.get("/admin/auth/user/add/").context["adminform"].form
    offered = set(form.fields["scope"].queryset)
    assert home_district in offered and other_district not in offered
    assert home_district.parent not in offered  # not even the province above
    response = administrator_client.post(
        "/admin/auth/user/add/", user_form("dinhlap", unit=other_district)
    )
    assert response.status_code == 200
    assert "scope" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="dinhlap").exists()


def test_a_national_administrator_may_grant_the_whole_country(client, home_district):
    client.force_login(make_user("quan-tri", role=roles.ADMINISTRATOR))
    response = client.post("/admin/auth/user/add/", user_form("toan-quoc"))
    assert response.status_code == 302
    assert User.objects.get(username="toan-quoc").scope.unit is None


def test_a_generated_initial_password_is_shown_once(administrator_client, home_district):
    response = administrator_client.post(
        "/admin/auth/user/add/", user_form("moi", unit=home_district, password="")
    )
    user = User.objects.get(username="moi")
    page = administrator_client.get(response.url)
    shown = [str(message) for message in page.context["messages"]]
    password = re.search(r'initial-password">(\w{12})<', " ".join(shown)).group(1)
    assert user.check_password(password) and user.scope.must_change_password
    again = administrator_client.get(response.url).content.decode()
    assert password not in again


def test_two_different_initial_passwords_are_refused(administrator_client, home_district):
    data = user_form("moi", unit=home_district, password2="khác-hẳn-2025-xyz")
    response = administrator_client.post("/admin/auth/user/add/", data)
    assert "password2" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="moi").exists()


def test_administrator_cannot_make_a_superuser(administrator_client, staff):
    url = reverse("admin:auth_user_change", args=[staff.pk])
    form = administrator_client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    administrator_client.post(url, user_form("staff", unit=staff.scope.unit, is_superuser="on"))
    staff.refresh_from_db()
    assert not staff.is_superuser


def test_the_user_list_shows_name_role_and_scope(administrator_client, staff):
    staff.first_name, staff.last_name = "Lan", "Hoàng Thị"
    staff.save()
    response = administrator_client.get("/admin/auth/user/")
    assert response.context["cl"].list_display[1:] == [
        "full_name",
        "username",
        "role",
        "scope_display",
        "is_active",
        "last_login",
    ]
    html = response.content.decode()
    assert "Hoàng Thị Lan" in html and str(staff.scope.unit) in html
    response = administrator_client.get("/admin/auth/user/", {"role": roles.STAFF})
    assert [user.username for user in response.context["cl"].result_list] == ["staff"]


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
