"""The glossary: every word, state, rule and headline figure explained with its source, each
figure on the summary and the start page linked to its entry; the favicon; record pages
link staff to the edit forms."""

import re

import pytest
from django.test import Client

from postings.models import Posting
from tests.factories import make_posting, make_unit

pytestmark = pytest.mark.django_db

FIGURES = [
    "postings_total",
    "cadres_rotated",
    "postings_active",
    "postings_ended",
    "joined_party_committee",
    "joined_government",
    "in_planning_pct",
    "women_pct",
    "ethnic_minority_pct",
    "duration_met_pct",
    "overdue",
    "due_6_months",
]


def anchors(html):
    return set(re.findall(r'<dt id="([^"]+)">', html))


def test_glossary_explains_every_figure_state_and_rule(leader_client):
    html = leader_client.get("/glossary/").content.decode()
    found = anchors(html)
    assert set(FIGURES) <= found
    assert {f"state-{state}" for state in Posting.State.values} <= found
    assert {f"rule-{code}" for code in Posting.Warning.values} <= found
    # Each rule names its clause; the thresholds in force are written out.
    rules = html.split('id="rules-title"', 1)[1].split("</section>", 1)[0]
    assert rules.count("glossary__source") == len(Posting.Warning.values)
    assert "36" in rules and "10" in rules


def test_every_figure_links_to_its_glossary_entry(leader_client, home_district):
    make_posting(
        from_unit=make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district),
        to_unit=make_unit("Xã Tú Đoạn", parent=home_district),
    )
    found = anchors(leader_client.get("/glossary/").content.decode())
    for page in ("/reports/", "/"):
        html = leader_client.get(page).content.decode()
        shown = re.findall(r'data-metric="(\w+)"', html)
        linked = re.findall(r'href="/glossary/#(\w+)"', html)
        assert shown and linked == shown, page
        assert set(linked) <= found


def test_favicon_is_the_registry_star(staff_client):
    response = Client().get("/favicon.ico")  # before logging in too
    assert response.status_code == 301 and response.url.endswith("/favicon.svg")
    assert 'rel="icon"' in staff_client.get("/glossary/").content.decode()
    assert 'rel="icon"' in staff_client.get("/admin/").content.decode()


def test_record_pages_link_staff_to_the_edit_forms(staff_client, leader, home_district):
    posting = make_posting(
        from_unit=make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district),
        to_unit=make_unit("Xã Tú Đoạn", parent=home_district),
    )
    cadre_page = posting.cadre.get_absolute_url()
    staff_html = staff_client.get(cadre_page).content.decode()
    assert f'href="/admin/cadres/cadre/{posting.cadre.pk}/change/"' in staff_html
    assert f'href="/admin/postings/posting/{posting.pk}/change/"' in staff_html
    unit_html = staff_client.get(posting.to_unit.get_absolute_url()).content.decode()
    assert f'href="/admin/cadres/unit/{posting.to_unit.pk}/change/"' in unit_html
    # Leaders read; no edit links for them.
    reader = Client()
    reader.force_login(leader)
    assert "/change/" not in reader.get(cadre_page).content.decode()
