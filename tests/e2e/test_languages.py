"""The language switch: in English no Vietnamese-only wording shows, and back in Vietnamese
no English-only wording, on the pages people use (data from the database aside)."""

import re
from pathlib import Path

import axes
import django
import polib
import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.e2e.conftest import ROOT, log_in, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MIN_LENGTH = 10  # shorter strings (`Xã`, `Tày`) also occur in the data
ANONYMOUS_PAGES = {"login": "/accounts/login/", "password reset": "/accounts/password_reset/"}
# Django's own admin wording the registry's pages show, e.g. "Show counts" on list filters.
DJANGO_ADMIN = Path(django.__file__).parent / "contrib" / "admin" / "locale" / "vi" / "LC_MESSAGES"
DJANGO = Path(django.__file__).parent
# Every English wording of Django's admin and accounts, and of the lockout app (django-axes,
# which has no Vietnamese catalogue): what a Vietnamese page must not show untranslated.
ENGLISH_CATALOGUES = [
    DJANGO / "contrib" / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    for app in ("admin", "auth")
] + [Path(axes.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"]


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


def distinctive(path):
    """(English-only, Vietnamese-only) wording of a catalogue: translations that differ."""
    english, vietnamese = set(), set()
    for entry in polib.pofile(path):
        if not entry.translated() or entry.msgid_plural:
            continue
        source, translation = squeeze(entry.msgid), squeeze(entry.msgstr)
        if source == translation or re.search(r"[%{<]", source):
            continue  # placeholders and markup do not show as written
        if len(source) >= MIN_LENGTH:
            english.add(source)
        if len(translation) >= MIN_LENGTH:
            vietnamese.add(translation)
    return english, vietnamese


def english_wording(paths):
    """The English msgids of these catalogues long enough to tell apart from data."""
    found = set()
    for path in paths:
        for entry in polib.pofile(path):
            source = squeeze(entry.msgid)
            if len(source) >= MIN_LENGTH and not re.search(r"[%{<]", source):
                found.add(source)
    return found


def logged_in_pages(records, chief):
    posting = records["posting"]
    return {
        "summary": "/reports/?as_of=2014-01-01",
        "cadre page": posting.cadre.get_absolute_url(),
        "unit page": records["commune"].get_absolute_url(),
        "recent changes": reverse("cadres:recent_changes"),
        "password change": reverse("password_change"),
        "not found": "/units/999999/",
        "admin index": reverse("admin:index"),
        "rotation list": reverse("admin:postings_posting_changelist"),
        "rotation form": reverse("admin:postings_posting_change", args=[posting.pk]),
        "cadre form": reverse("admin:cadres_cadre_change", args=[posting.cadre.pk]),
        "user list": reverse("admin:auth_user_changelist"),
        "user form": reverse("admin:auth_user_change", args=[chief.pk]),
        "new user form": reverse("admin:auth_user_add"),
        "user password form": reverse("admin:auth_user_password_change", args=[chief.pk]),
        "role form": reverse("admin:auth_group_add"),
        "login attempts": reverse("admin:axes_accessattempt_changelist"),
        "login log": reverse("admin:axes_accesslog_changelist"),
    }


def test_switching_language_leaves_no_wording_of_the_other_language(
    browser,
    live_server,
    records,
    capsys,
):
    chief = make_user("chief", is_superuser=True, first_name="Lan", last_name="Hoàng Thị")
    ours_en, ours_vi = distinctive(ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    django_en, _django_vi = distinctive(DJANGO_ADMIN / "django.po")
    django_en |= english_wording(ENGLISH_CATALOGUES)
    # Wording of the data must not count: the names the fixture gave.
    data = {records["posting"].cadre.full_name, records["commune"].name, "Ban Tổ chức Huyện uỷ"}
    context = new_context(browser)
    page = context.new_page()
    leaks = []

    def read(pages, language):
        foreign = (ours_vi if language == "en" else ours_en | django_en) - data
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            assert page.locator("html").get_attribute("lang") == language, name
            text = squeeze(page.locator("body").inner_text())
            leaks.extend(f"{language} {name}: {s!r}" for s in sorted(foreign) if s in text)

    read(ANONYMOUS_PAGES, "vi")
    page.goto(f"{live_server.url}/accounts/login/")
    page.click(".language-switch button[value=en]")
    read(ANONYMOUS_PAGES, "en")
    log_in(page, live_server, "chief")
    pages = logged_in_pages(records, chief)
    read(pages, "en")
    # Back to Vietnamese with the reading side's switch.
    page.goto(f"{live_server.url}{pages['summary']}")
    page.select_option("#language-select", "vi")
    page.click(".language-form [type=submit]")
    read(pages, "vi")
    context.close()
    with capsys.disabled():
        print(f"\nEnglish and Vietnamese wording on: {', '.join([*ANONYMOUS_PAGES, *pages])}")
    assert leaks == []
