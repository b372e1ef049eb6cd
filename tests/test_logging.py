"""Request logs: one line per request; never a national ID number, a password or a query."""

import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cadres.models import Cadre
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

ID_NUMBER = "020187004321"
PASSWORD = "Mật-khẩu-Bí-Mật-2025"


def test_each_request_is_logged_once_with_user_method_path_status_and_duration(
    staff_client, caplog
):
    with caplog.at_level(logging.INFO, logger="registry.requests"):
        response = staff_client.get("/admin/cadres/cadre/", {"q": "nguyen"})
    lines = [r for r in caplog.records if r.name == "registry.requests"]
    assert len(lines) == 1
    message = lines[0].getMessage()
    assert message.startswith("staff GET /admin/cadres/cadre/ 200 ")
    assert message.endswith("ms")
    assert "nguyen" not in message
    assert lines[0].request_id == response["X-Request-ID"]


def test_logs_never_hold_an_id_number_or_a_password(staff_client, home_district, caplog):
    User.objects.create_user("quan-tri", password=PASSWORD, is_staff=True, is_superuser=True)
    unit = make_unit(parent=home_district)
    form = {
        "full_name": "Lý Thị Hoa",
        "sex": "female",
        "date_of_birth": "12/03/1980",
        "ethnicity": "Tày",
        "current_unit": unit.pk,
        "id_number": ID_NUMBER,
        "postings-TOTAL_FORMS": "0",
        "postings-INITIAL_FORMS": "0",
        "planning_entries-TOTAL_FORMS": "0",
        "planning_entries-INITIAL_FORMS": "0",
        "discipline_periods-TOTAL_FORMS": "0",
        "discipline_periods-INITIAL_FORMS": "0",
    }
    browser = Client(raise_request_exception=False)
    with caplog.at_level(logging.DEBUG):
        saved = staff_client.post("/admin/cadres/cadre/add/", form)
        staff_client.get("/admin/cadres/cadre/", {"q": ID_NUMBER, "password": PASSWORD})
        browser.post("/admin/login/", {"username": "quan-tri", "password": PASSWORD + "x"})
        browser.post("/admin/login/", {"username": "quan-tri", "password": PASSWORD})
        browser.get(f"/admin/nothing-here/?id_number={ID_NUMBER}&password={PASSWORD}")
    assert saved.status_code == 302
    assert Cadre.objects.get().id_number == ID_NUMBER
    assert "POST /admin/cadres/cadre/add/ 302" in caplog.text
    assert "POST /admin/login/" in caplog.text
    assert ID_NUMBER not in caplog.text
    assert PASSWORD not in caplog.text


def test_log_line_escapes_control_characters_in_the_path(client, caplog):
    with caplog.at_level(logging.INFO, logger="registry.requests"):
        client.get("/healthz%0Afake-line")
    assert "\\x0afake-line" in caplog.text
    assert "\nfake-line" not in caplog.text


def test_server_error_is_logged_with_the_request_id_the_user_sees(staff, caplog, monkeypatch):
    from cadres.admin import CadreAdmin

    def bug(self, request):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(CadreAdmin, "get_queryset", bug)
    browser = Client(raise_request_exception=False)
    browser.force_login(staff)
    with caplog.at_level(logging.INFO):
        response = browser.get("/admin/cadres/cadre/")
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert response.status_code == 500
    assert errors and errors[0].exc_info
    assert errors[0].request_id == response["X-Request-ID"]
    assert response["X-Request-ID"] in response.content.decode()
