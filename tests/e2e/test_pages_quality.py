"""Every page people use: no serious accessibility violation (axe-core), valid HTML (Nu),
a language switch, and on a phone no sideways scrolling of the page itself."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from postings.models import Posting
from tests.conftest import make_user
from tests.e2e.conftest import axe_violations, html_errors, log_in, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGE_SWITCH = "form[action='/i18n/setlang/']"
# Pages anyone may open, before logging in.
ACCOUNT_PAGES = {
    "login": "/accounts/login/",
    "password reset": "/accounts/password_reset/",
    "password reset sent": "/accounts/password_reset/done/",
    "password reset link expired": "/accounts/reset/MQ/0-invalid/",
}


def site_pages(records):
    """The reading side and the logged-in account pages, by name."""
    posting = records["posting"]
    return {
        "start page": "/",
        "glossary": "/glossary/",
        "summary": "/reports/?as_of=2014-01-01",
        "summary, print version": "/reports/?as_of=2014-01-01&print=1",
        "who a figure counts": "/reports/danh-sach/?as_of=2014-01-01&metric=postings_total",
        "who a cell counts": "/reports/danh-sach/?as_of=2014-01-01&table=theo-nam&key=total"
        "&col=persons",
        "cadre page": posting.cadre.get_absolute_url(),
        "unit page": records["commune"].get_absolute_url(),
        "recent changes": reverse("cadres:recent_changes"),
        "password change": reverse("password_change"),
        "password changed": reverse("password_change_done"),
        "not found": "/units/999999/",
    }


def registry_pages(user):
    """The admin index and every changelist, add and change form staff and leaders open."""
    pages = {
        "admin index": reverse("admin:index"),
        # Accounts, as administrators manage them: role and scope.
        "user list": reverse("admin:auth_user_changelist"),
        "user add": reverse("admin:auth_user_add"),
        "user change": reverse("admin:auth_user_change", args=[user.pk]),
    }
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if meta.app_label not in ("cadres", "postings"):
            continue
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        pages[f"{meta.model_name} list"] = reverse(f"{prefix}_changelist")
        if model_admin.has_add_permission(request):  # the import log has no add form
            pages[f"{meta.model_name} add"] = reverse(f"{prefix}_add")
        manager = model._default_manager
        rows = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        row = rows.first()
        if row is not None:
            pages[f"{meta.model_name} change"] = reverse(f"{prefix}_change", args=[row.pk])
    ids = ",".join(str(pk) for pk in Posting.objects.values_list("pk", flat=True))
    pages["record returns"] = f"{reverse('admin:postings_posting_returns')}?ids={ids}"
    return pages


def test_pages_have_no_serious_accessibility_violation_and_valid_html(
    browser, live_server, records, capsys
):
    # A superuser opens every add and change form, catalogues included.
    chief = make_user("chief", is_superuser=True)
    context = new_context(browser, bypass_csp=True)
    page = context.new_page()
    found, documents, no_switch = {}, {}, []

    def check(name, path):
        # The checker reads what the server sent; axe reads the page as scripts left it.
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == (404 if name == "not found" else 200), name
        assert response.url == f"{live_server.url}{path}", f"{name}: redirected"
        if page.locator(LANGUAGE_SWITCH).count() != 1:
            no_switch.append(name)
        found[name] = axe_violations(page)
        documents[name] = response.text()

    for name, path in ACCOUNT_PAGES.items():
        check(name, path)
    log_in(page, live_server, "chief")
    for name, path in {**registry_pages(chief), **site_pages(records)}.items():
        check(name, path)
    context.close()
    with capsys.disabled():
        print(f"\naxe-core and Nu Html Checker on {len(documents)} pages: {', '.join(documents)}")
    violations = {name: v for name, v in found.items() if v}
    errors = html_errors(documents)
    print("\n".join([*(f"{name}: {v}" for name, v in violations.items()), *errors]))
    assert violations == {}
    assert errors == []
    assert no_switch == []
    assert context.refused == []


def test_summary_and_record_pages_fit_a_phone_without_sideways_scrolling(
    browser, live_server, records, capsys
):
    make_user("chief", is_superuser=True)
    context = new_context(browser, viewport={"width": 375, "height": 800}, bypass_csp=True)
    page = context.new_page()
    log_in(page, live_server, "chief")
    pages = {name: path for name, path in site_pages(records).items() if "page" in name}
    pages["summary"] = site_pages(records)["summary"]
    too_wide = {}
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.evaluate("window.innerWidth"):
            too_wide[name] = width
    context.close()
    with capsys.disabled():
        print(f"\n375 px wide: {', '.join(pages)}")
    assert too_wide == {}
    assert context.refused == []
