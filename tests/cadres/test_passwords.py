"""A password an administrator set is changed at the first login, before any other page."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from registry import roles
from tests.cadres.test_admin import user_form
from tests.conftest import PASSWORD, make_user
from tests.factories import make_cadre, make_posting, make_unit

pytestmark = pytest.mark.django_db

NEW = "Mật-khẩu-của-tôi-2026"
CHANGE = "/accounts/password_change/"


def log_in(client, username, password):
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, "login refused"
    return response


def change_password(client, old):
    return client.post(CHANGE, {"old_password": old, "new_password1": NEW, "new_password2": NEW})


@pytest.fixture
def flagged(home_district):
    user = make_user("moi", scope=home_district, role=roles.STAFF)
    user.scope.must_change_password = True
    user.scope.save()
    return user


def test_first_login_leads_every_page_to_the_password_change(client, flagged):
    log_in(client, "moi", PASSWORD)
    for url in ("/", "/admin/", "/admin/postings/posting/", "/reports/", "/changes/"):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, reverse("password_change")), url
    page = client.get(CHANGE)
    assert page.status_code == 200
    assert len(list(page.context["messages"])) == 1  # why the page opened
    # Logging out stays possible.
    assert client.post("/accounts/logout/").status_code == 302


def test_changing_the_password_clears_the_flag_and_opens_the_pages(client, flagged):
    log_in(client, "moi", PASSWORD)
    assert change_password(client, PASSWORD).status_code == 302
    flagged.scope.refresh_from_db()
    assert not flagged.scope.must_change_password
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    log_in(client, "moi", NEW)
    assert client.get("/").status_code == 200


def test_an_account_without_the_flag_goes_straight_to_its_pages(client, staff):
    log_in(client, "staff", PASSWORD)
    assert client.get("/").status_code == 200


def test_an_administrator_setting_a_password_makes_its_owner_change_it(administrator_client, staff):
    url = reverse("admin:auth_user_password_change", args=[staff.pk])
    # Every account logs in with a password: no switch to turn it off (Django's, for SSO).
    assert "usable_password" not in administrator_client.get(url).context["form"].fields
    response = administrator_client.post(
        url, {"password1": "Tạm-thời-2026-abc", "password2": "Tạm-thời-2026-abc"}
    )
    assert response.status_code == 302
    staff.scope.refresh_from_db()
    assert staff.scope.must_change_password


def test_a_new_scoped_leader_changes_the_password_then_sees_only_that_scope(
    administrator_client, client, home_district, other_district
):
    for district, name in ((home_district, "Lương Văn Nội"), (other_district, "Vi Thị Ngoại")):
        make_posting(
            cadre=make_cadre(name),
            from_unit=make_unit(f"Ban Tổ chức {district.name}", kind="party", parent=district),
            to_unit=make_unit(parent=district),
        )
    data = user_form("lanhdao-moi", unit=home_district, role=roles.LEADER, password="")
    response = administrator_client.post("/admin/auth/user/add/", data)
    shown = " ".join(str(m) for m in administrator_client.get(response.url).context["messages"])
    initial = re.search(r'initial-password">(\w{12})<', shown).group(1)
    user = User.objects.get(username="lanhdao-moi")
    assert [group.name for group in user.groups.all()] == [roles.LEADER]
    assert user.has_perm("postings.view_posting") and not user.has_perm("postings.change_posting")

    log_in(client, "lanhdao-moi", initial)
    assert client.get("/").url == reverse("password_change")
    change_password(client, initial)
    html = client.get("/").content.decode()
    metrics = dict(re.findall(r'data-metric="(\w+)">([^<]+)<', html))
    assert metrics["postings_total"] == "1"
    rows = client.get("/admin/postings/posting/").content.decode()
    assert "Lương Văn Nội" in rows and "Vi Thị Ngoại" not in rows
