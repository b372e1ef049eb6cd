"""Error pages: Vietnamese, no stack trace, the request id to quote; 503 in an outage."""

import pytest
from django.db import OperationalError
from django.test import Client

from cadres.admin import CadreAdmin

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(staff):
    """A client that receives the error page, as a browser does, instead of the exception."""
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    return client


def test_database_outage_shows_a_friendly_503_page(browser, monkeypatch):
    def outage(self, request):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(CadreAdmin, "get_queryset", outage)
    response = browser.get("/admin/cadres/cadre/")
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sổ luân chuyển tạm thời không truy cập được" in page
    assert response["X-Request-ID"] in page
    assert "Traceback" not in page and "Connection refused" not in page
    assert 'rel="stylesheet" href="/static/css/errors.css"' in page


def test_unexpected_error_shows_500_page_with_the_request_id(browser, monkeypatch):
    def bug(self, request):
        raise ZeroDivisionError("secret detail")

    monkeypatch.setattr(CadreAdmin, "get_queryset", bug)
    response = browser.get("/admin/cadres/cadre/", headers={"X-Request-ID": "proxy-id-12345678"})
    page = response.content.decode()
    assert response.status_code == 500
    assert "Đã xảy ra lỗi ở phía hệ thống" in page
    assert response["X-Request-ID"] == "proxy-id-12345678"
    assert "proxy-id-12345678" in page
    assert "secret detail" not in page


def test_request_id_from_outside_is_replaced_when_it_is_not_an_id(client):
    response = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32


def test_missing_page_shows_vietnamese_404(staff_client):
    response = staff_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_nul_byte_in_the_query_string_is_a_400_with_a_message(staff_client):
    response = staff_client.get("/admin/cadres/cadre/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "Địa chỉ có chứa ký tự không được phép." in response.content.decode()


def test_session_lost_to_a_database_outage_is_a_503_not_a_400(browser, monkeypatch):
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore

    def save(self, must_create=False):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            raise UpdateError from None

    monkeypatch.setattr(SessionStore, "save", save)
    response = browser.get("/admin/")
    assert response.status_code == 503
    assert "Sổ luân chuyển tạm thời không truy cập được" in response.content.decode()
