"""An administrator gives a new account a role and a scope; its owner sees only that scope."""

import pytest
from django.contrib.auth.models import User

from registry import roles
from tests.conftest import role_group
from tests.e2e.conftest import PASSWORD, new_context
from tests.e2e.test_staff_journey import pick
from tests.factories import make_cadre, make_posting, make_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in_at_accounts(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form [type=submit]")
    page.wait_for_load_state()


def test_administrator_creates_a_scoped_leader_who_sees_only_that_scope(
    browser, page, live_server, administrator, home_district, other_district
):
    role_group(roles.LEADER)  # a transactional test starts without the migration's groups
    for district, name in ((home_district, "Lương Văn Nội"), (other_district, "Vi Thị Ngoại")):
        make_posting(
            cadre=make_cadre(name),
            from_unit=make_unit(f"Ban Tổ chức {district.name}", kind="party", parent=district),
            to_unit=make_unit(parent=district),
        )
    log_in_at_accounts(page, live_server, "administrator")

    # One form: name, user name, role, scope; no permission list, no password typed.
    page.goto(f"{live_server.url}/admin/auth/user/add/")
    assert page.locator("#id_groups, #id_user_permissions, #id_is_superuser").count() == 0
    page.fill("#id_full_name", "Hoàng Thị Lan")
    page.fill("#id_username", "lanhdao-moi")
    page.select_option("#id_role", roles.LEADER)
    pick(page, "scope", "Huyện Lộc Bình")
    page.click("[name=_save]")
    # Saved: the change form shows the generated password, once.
    initial = page.locator(".messagelist .warning .initial-password").inner_text()
    assert len(initial) == 12
    user = User.objects.get(username="lanhdao-moi")
    assert [group.name for group in user.groups.all()] == [roles.LEADER]
    assert user.scope.unit == home_district
    assert (user.last_name, user.first_name) == ("Hoàng Thị", "Lan")

    context = new_context(browser)
    newcomer = context.new_page()
    try:
        log_in_at_accounts(newcomer, live_server, "lanhdao-moi", initial)
        # The first page is the password change, whatever was asked for.
        assert newcomer.url == f"{live_server.url}/accounts/password_change/"
        newcomer.goto(f"{live_server.url}/reports/")
        assert newcomer.url == f"{live_server.url}/accounts/password_change/"
        newcomer.fill("#id_old_password", initial)
        newcomer.fill("#id_new_password1", PASSWORD)
        newcomer.fill("#id_new_password2", PASSWORD)
        newcomer.click("#content-main [type=submit]")
        newcomer.wait_for_load_state()
        newcomer.goto(f"{live_server.url}/")
        # A leader's start page: the summary of their scope at a glance.
        assert "Huyện Lộc Bình" in newcomer.locator(".lead").inner_text()
        assert newcomer.locator("[data-metric=postings_total]").inner_text() == "1"
        newcomer.goto(f"{live_server.url}/admin/postings/posting/")
        rows = newcomer.locator("#result_list").inner_text()
        assert "Lương Văn Nội" in rows
        assert "Vi Thị Ngoại" not in rows
        newcomer.goto(f"{live_server.url}/admin/cadres/cadre/")
        assert "Vi Thị Ngoại" not in newcomer.locator("#content").inner_text()
    finally:
        context.close()
