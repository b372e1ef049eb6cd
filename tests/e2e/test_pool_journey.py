"""A leader opens the succession pool, sees which key titles are short or crowded, and prints
it: in print the table is there and the screen's controls are not."""

import datetime

import pytest

from tests.e2e.conftest import log_in
from tests.factories import make_cadre, make_plan, make_position, make_term, make_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pool(home_district):
    term = make_term("2010–2015", datetime.date(2010, 1, 1), datetime.date(2015, 12, 31))
    secretary = make_position("Bí thư Đảng uỷ xã", is_key=True, is_head=True)
    chair = make_position("Chủ tịch UBND xã", category="government", is_key=True)
    party = make_unit("Đảng uỷ xã Tú Đoạn", kind="party", parent=home_district)
    committee = make_unit("UBND xã Tam Gia", kind="peoples_committee", parent=home_district)
    for n, (unit, title) in enumerate([(party, secretary)] + [(committee, chair)] * 5):
        make_plan(make_cadre(f"Người Quy Hoạch {n}"), unit=unit, position=title, term=term,
                  decision_date=term.start)  # fmt: skip


def test_leader_opens_the_succession_pool_and_prints_it(page, live_server, leader, pool):
    log_in(page, live_server, "leader")
    page.goto(f"{live_server.url}/reports/?as_of=2012-08-12")
    assert page.locator("[data-metric=pool_short]").inner_text() == "1"
    # The "short" figure lists the one title short of people.
    page.click("a.figure-link:has([data-metric=pool_short])")
    page.wait_for_url("**/reports/nguon/**verdict=thieu**")
    assert page.locator("[data-count]").get_attribute("data-count") == "1"
    assert page.locator("[data-table=nguon] tbody tr[data-verdict=thieu]").count() == 1
    page.go_back()
    page.click("a[href^='/reports/nguon/']:not(.figure-link)")
    page.wait_for_url("**/reports/nguon/**")
    assert page.locator("[data-metric=pool_crowded]").inner_text() == "1"
    rows = page.locator("[data-table=nguon] tbody tr")
    assert rows.count() == 2
    assert page.locator("tr[data-verdict=thieu] [data-col=planned]").inner_text() == "1"
    assert page.locator("tr[data-verdict=thua] [data-col=planned]").inner_text() == "5"

    page.click(".actions a[href*='print=1']")
    page.wait_for_url("**print=1**")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".filter-form").is_hidden()
    assert page.locator(".document-header").is_visible()
    table = page.locator("[data-table=nguon]")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 2
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
