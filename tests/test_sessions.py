"""Sessions: no write per view, and the idle timeout still ends an idle session."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_unit

SESSION_WRITES = ("UPDATE", "INSERT", "DELETE")


def session_writes(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    writes = [
        q["sql"]
        for q in captured
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(SESSION_WRITES)
    ]
    return response, writes


def test_views_within_a_minute_write_the_session_once(admin_client, db):
    make_unit("Huyện Lộc Bình", kind="district")
    _first, writes = session_writes(admin_client, "/admin/")
    assert len(writes) == 1, "the first view refreshes the session's expiry"
    for url in ("/admin/", "/reports/", "/admin/cadres/unit/"):
        response, writes = session_writes(admin_client, url)
        assert response.status_code == 200
        assert writes == [], url


def test_an_active_user_stays_logged_in_and_an_idle_one_is_logged_out(admin_client, db, settings):
    settings.SESSION_COOKIE_AGE = 2  # SESSION_IDLE_SECONDS
    admin_client.get("/admin/")  # refreshes: the session now ends 2 s after this view
    for _ in range(3):  # active for longer than the idle time, a view every 0.8 s
        time.sleep(0.8)
        assert admin_client.get("/admin/").status_code == 200
    time.sleep(2.2)  # idle for longer than SESSION_IDLE_SECONDS
    response = admin_client.get("/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
