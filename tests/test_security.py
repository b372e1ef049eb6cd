"""Production security: `check --deploy`, headers on every page, cookies, no inline code."""

import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_cadre, make_plan, make_posting, make_unit

ROOT = Path(__file__).resolve().parent.parent


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DJANGO_", "EMAIL_"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="registry.example.vn",
        DATABASE_URL="sqlite:///:memory:",
        CACHE_URL="redis://127.0.0.1:6379/1",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.example.vn",
    )
    env.update(extra)
    env.pop("STATICFILES_BACKEND", None)  # production's default: whitenoise manifest storage
    return {key: value for key, value in env.items() if value is not None}


def manage_check(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issue_with_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_hsts_is_turned_off():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(SECURE_HSTS_SECONDS="0", SESSION_COOKIE_SECURE="false"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
    assert "security.W012" in result.stderr + result.stdout


def test_check_deploy_fails_when_the_cache_is_not_shared_by_the_server_processes():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(CACHE_URL="locmemcache://"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "registry.W001" in result.stderr + result.stdout


@pytest.mark.parametrize(
    "backend", [None, "django.core.mail.backends.console.EmailBackend"], ids=["unset", "console"]
)
def test_password_reset_links_to_the_log_are_an_error_at_start_up(backend):
    # Issue 17, finding 13: with DEBUG off, reset links must be mailed, not logged.
    result = manage_check(production_env(EMAIL_BACKEND=backend))
    assert result.returncode != 0
    assert "registry.E001" in result.stdout + result.stderr


def test_mail_backend_check_leaves_development_alone():
    env = production_env(DEBUG="true", EMAIL_BACKEND=None)
    result = manage_check(env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def production_security(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


@pytest.mark.django_db
def test_pages_send_the_security_headers(client, production_security):
    response = client.get(reverse("login"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_staff_pages_send_the_content_security_policy(staff_client):
    response = staff_client.get("/admin/cadres/cadre/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_httponly_and_lax(client, production_security):
    from django.contrib.auth.models import User

    User.objects.create_user("nguoi-dung", password="mật-khẩu-thử-1", is_staff=True)
    page = client.get(reverse("login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("login"),
        {"username": "nguoi-dung", "password": "mật-khẩu-thử-1", "next": "/admin/"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_but_not_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/admin/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200


class InlineCode(HTMLParser):
    """Collects what a strict Content Security Policy would block: inline script and style."""

    def __init__(self):
        super().__init__()
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self._in_script = True
        if tag == "style":
            self.found.append("<style>")
        if "style" in attrs:
            self.found.append(f"<{tag} style={attrs['style']!r}>")
        self.found.extend(f"<{tag} {name}=…>" for name in attrs if name.startswith("on"))

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.mark.django_db
def test_registry_pages_have_no_inline_script_or_style(client, admin_client, home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    posting = make_posting(cadre=make_cadre(), from_unit=board, to_unit=commune)
    posting.evaluations.create(kind="annual", date=posting.start, rating="good")
    plan = make_plan(posting.cadre, unit=commune)
    finding = commune.inspection_findings.create(date=posting.start, finding="Thiếu hồ sơ")
    objects = {
        "cadres/unit": commune,
        "cadres/position": plan.position,
        "cadres/term": plan.term,
        "cadres/cadre": posting.cadre,
        "cadres/planningentry": plan,
        "postings/posting": posting,
        "postings/evaluation": posting.evaluations.get(),
        "postings/inspectionfinding": finding,
    }
    pages = ["/admin/", "/admin/cadres/unitchange/", "/admin/cadres/unitchange/add/"]
    pages += ["/reports/", "/changes/", f"/cadres/{posting.cadre.pk}/", f"/units/{commune.pk}/"]
    for model, obj in objects.items():
        base = f"/admin/{model}/"
        pages += [base, f"{base}?q=x", f"{base}add/", f"{base}{obj.pk}/change/"]
        pages.append(f"{base}{obj.pk}/history/")
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
        assert inline_code(response.content.decode()) == [], page
    client.logout()
    for page in ["/accounts/login/", "/no-such-page/"]:
        assert inline_code(client.get(page).content.decode()) == [], page
