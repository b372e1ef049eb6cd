"""Every page people use: no serious accessibility violation (axe-core), valid HTML (Nu)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.conftest import make_user
from tests.e2e.conftest import axe_violations, html_errors, log_in
from tests.factories import make_plan, make_posting, make_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records(home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    posting = make_posting(from_unit=board, to_unit=commune)
    posting.evaluations.create(kind="annual", date="2011-01-01", rating="good")
    make_plan(posting.cadre, unit=commune)
    commune.inspection_findings.create(date="2012-01-01", finding="Thiếu hồ sơ")
    return {"posting": posting, "commune": commune}


def registry_pages(user):
    """The login page aside, every page staff and leaders open, by name."""
    pages = {"admin index": reverse("admin:index")}
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label not in ("cadres", "postings"):
            continue
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        pages[f"{meta.model_name} list"] = reverse(f"{prefix}_changelist")
        pages[f"{meta.model_name} add"] = reverse(f"{prefix}_add")
        row = model._default_manager.visible_to(user).first()
        if row is not None:
            pages[f"{meta.model_name} change"] = reverse(f"{prefix}_change", args=[row.pk])
    return pages


def test_pages_have_no_serious_accessibility_violation_and_valid_html(
    browser, live_server, records, capsys
):
    # A superuser opens every add and change form, catalogues included.
    chief = make_user("chief", is_superuser=True)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    # The checker reads what the server sent; axe reads the page as scripts left it.
    response = page.goto(f"{live_server.url}/admin/login/")
    found, documents = {}, {"login": response.text()}
    found["login"] = axe_violations(page)
    log_in(page, live_server, "chief")
    for name, path in registry_pages(chief).items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, name
        found[name] = axe_violations(page)
        documents[name] = response.text()
    context.close()
    with capsys.disabled():
        print(f"\naxe-core and Nu Html Checker on {len(documents)} pages: {', '.join(documents)}")
    violations = {name: v for name, v in found.items() if v}
    errors = html_errors(documents)
    print("\n".join([*(f"{name}: {v}" for name, v in violations.items()), *errors]))
    assert violations == {}
    assert errors == []
