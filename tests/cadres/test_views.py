import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.factories import make_cadre, make_plan, make_posting, make_term, make_unit

D = datetime.date
pytestmark = pytest.mark.django_db
LOCK_MESSAGE = "Đăng nhập này đã bị khoá"


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_in_vietnamese_and_logs_in(client, staff):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page and "Quên mật khẩu?" in page
    response = log_in(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/postings/posting/").status_code == 200


def test_anonymous_requests_go_to_the_login_page(client):
    response = client.get("/admin/postings/posting/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    response = client.get(response.url)
    assert response.status_code == 200


def test_a_wrong_password_is_refused_in_vietnamese(client, staff):
    response = log_in(client, "staff", "sai-mật-khẩu")
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_the_sixth_try_is_locked_even_with_the_right_password(client, staff):
    for _ in range(4):
        assert log_in(client, "staff", "sai-mật-khẩu").status_code == 200
    fifth = log_in(client, "staff", "sai-mật-khẩu")
    assert fifth.status_code == 429
    response = log_in(client, "staff", PASSWORD)
    assert response.status_code == 429
    assert LOCK_MESSAGE in response.content.decode()
    assert "15 phút" in response.content.decode()
    assert client.get("/admin/postings/posting/").status_code == 302


def test_the_admin_login_is_the_same_locked_page(client, staff):
    response = client.get("/admin/login/", {"next": "/admin/"})
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=%2Fadmin%2F"


def test_the_lock_is_per_address(client, staff):
    for _ in range(5):
        log_in(client, "staff", "sai-mật-khẩu")
    response = client.post(
        reverse("login"),
        {"username": "staff", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 302


def test_the_lock_ends_after_the_lock_time(client, staff, settings):
    for _ in range(5):
        log_in(client, "staff", "sai-mật-khẩu")
    assert log_in(client, "staff", PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().failures_since_start >= 5
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = log_in(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/postings/posting/").status_code == 200


def test_an_idle_session_is_logged_out(client, staff, settings):
    settings.SESSION_COOKIE_AGE = 1
    log_in(client, "staff", PASSWORD)
    assert client.get("/admin/postings/posting/").status_code == 200
    time.sleep(1.2)
    response = client.get("/admin/postings/posting/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logout_ends_the_session(staff_client):
    response = staff_client.post(reverse("logout"))
    assert response.status_code == 302
    assert staff_client.get("/admin/postings/posting/").status_code == 302


def test_password_reset_sends_a_vietnamese_link(client, staff):
    staff.email = "canbo@locbinh.example"
    staff.save()
    page = client.get(reverse("password_reset")).content.decode()
    assert "Quên mật khẩu?" in page or "Đặt lại mật khẩu" in page
    response = client.post(reverse("password_reset"), {"email": "canbo@locbinh.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    link = next(w for w in mail.outbox[0].body.split() if "/accounts/reset/" in w)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "mật khẩu mới" in response.content.decode().lower()


def test_password_change_page_is_in_vietnamese(staff_client):
    page = staff_client.get(reverse("password_change")).content.decode()
    assert "Mật khẩu cũ" in page


@pytest.fixture
def history(staff, home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    posting = make_posting(cadre=make_cadre("Lăng Văn Hoà"), from_unit=board, to_unit=commune)
    posting.note = "Bổ sung hồ sơ"
    posting.decision_number = "123-QĐ/HU"
    posting._history_user = staff
    posting.save()
    return posting


def test_recent_changes_names_who_what_and_the_changed_fields(leader_client, history):
    response = leader_client.get(reverse("cadres:recent_changes"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Những thay đổi gần đây" in page
    first = response.context["changes"][0]
    assert first.user.username == "staff"
    assert first.kind == "~"
    assert set(first.fields) == {"ghi chú", "số quyết định"}
    assert "Lăng Văn Hoà" in page and "ghi chú" in page


def test_recent_changes_are_scoped(outsider_client, history):
    response = outsider_client.get(reverse("cadres:recent_changes"))
    assert "Lăng Văn Hoà" not in response.content.decode()
    assert all("Tú Đoạn" not in change.label for change in response.context["changes"])


def test_recent_changes_list_deleted_records(staff_client, history):
    plan = make_plan(history.cadre, unit=history.to_unit, term=make_term())
    plan.delete()
    response = staff_client.get(reverse("cadres:recent_changes"), {"kind": "-"})
    changes = response.context["changes"]
    assert [c.kind for c in changes] == ["-"]
    assert staff_client.get(changes[0].url).status_code == 200


def test_recent_changes_query_count_does_not_grow(
    leader_client, history, django_assert_num_queries
):
    # One of each of the five histories, so that every model is on the page from the start.
    make_plan(history.cadre, unit=history.to_unit, term=make_term())
    history.evaluations.create(kind="annual", date=D(2011, 1, 1))
    url = reverse("cadres:recent_changes")
    leader_client.get("/admin/")  # the session refreshed: not again within a minute
    with CaptureQueriesContext(connection) as first:
        leader_client.get(url)
    for _ in range(10):
        posting = make_posting(
            from_unit=history.from_unit, to_unit=make_unit(parent=history.from_unit.parent)
        )
        make_plan(posting.cadre, unit=posting.to_unit, term=make_term())
        posting.evaluations.create(kind="annual", date=D(2011, 1, 1))
        posting.note = "sửa"
        posting.save()
    with django_assert_num_queries(len(first)):
        response = leader_client.get(url)
    assert len(response.context["changes"]) > 30


def test_recent_changes_page_through_older_ones(leader_client, history, home_district):
    for _ in range(50):
        make_unit(parent=home_district)
    first = leader_client.get(reverse("cadres:recent_changes"))
    assert first.context["next_page"] == 2
    second = leader_client.get(reverse("cadres:recent_changes"), {"page": 2})
    assert second.context["changes"]
    assert second.context["changes"][0].when <= first.context["changes"][-1].when
