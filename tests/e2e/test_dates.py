"""Dates as Vietnamese write them, whatever locale the browser reports: dd/mm/yyyy text boxes
with a calendar, typed 12082012 or 12/8/2012 read as 12 August 2012, and a date that does
not exist named with its field."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_locale(browser, request):
    """A page whose browser reports `request.param` as its locale (navigator.language)."""
    context = new_context(browser, locale=request.param, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.wait_for_load_state("networkidle")
    context.close()
    assert context.refused == []


@pytest.mark.parametrize("in_locale", ["en-US", "vi-VN"], indirect=True)
@pytest.mark.parametrize("typed", ["12082012", "12/8/2012"])
def test_typed_as_of_date_is_12_august_2012_in_every_locale(in_locale, live_server, leader, typed):
    page = in_locale
    log_in(page, live_server, "leader")
    page.goto(f"{live_server.url}/reports/")
    assert page.evaluate("navigator.language") in ("en-US", "vi-VN")
    assert page.locator("input[type=date]").count() == 0
    page.fill("#id_as_of", typed)
    page.press("#id_as_of", "Enter")
    page.wait_for_url("**as_of=12%2F08%2F2012**")
    expect(page.locator(".lead")).to_contain_text("tính đến ngày 12/08/2012")
    assert page.input_value("#id_as_of") == "12/08/2012"


@pytest.mark.parametrize("in_locale", ["en-US"], indirect=True)
def test_calendar_picks_a_day_with_the_keyboard(in_locale, live_server, leader):
    page = in_locale
    log_in(page, live_server, "leader")
    page.goto(f"{live_server.url}/reports/?as_of=2012-08-12")
    assert page.input_value("#id_as_of") == "12/08/2012"
    opener = page.locator("#id_as_of + .date-field__open")
    opener.click()
    calendar = page.locator(".calendar")
    expect(calendar).to_be_visible()
    # Vietnamese month and weekdays (the page's language), weeks from Monday.
    assert calendar.locator(".calendar__title").inner_text() == "tháng 8 năm 2012"
    assert calendar.locator("thead th").first.inner_text().startswith("Th")
    expect(calendar.locator(".calendar__day--chosen")).to_have_text("12")
    page.keyboard.press("ArrowDown")  # a week later
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(calendar).to_have_count(0)
    assert page.input_value("#id_as_of") == "20/08/2012"
    opener.click()
    page.keyboard.press("PageUp")
    page.keyboard.press("Escape")
    assert page.input_value("#id_as_of") == "20/08/2012"


@pytest.mark.parametrize("in_locale", ["vi-VN"], indirect=True)
def test_impossible_date_is_named_with_its_field(in_locale, live_server, leader):
    page = in_locale
    log_in(page, live_server, "leader")
    page.goto(f"{live_server.url}/reports/")
    page.fill("#id_as_of", "31/02/2012")
    page.press("#id_as_of", "Tab")
    note = page.locator("#id_as_of-date-message")
    expect(note).to_contain_text("Tính đến ngày")  # the field's label
    expect(note).to_contain_text("31/02/2012")
    assert page.get_attribute("#id_as_of", "aria-invalid") == "true"
    # The server says it again, and the box keeps what was typed.
    page.press("#id_as_of", "Enter")
    page.wait_for_url("**as_of=31%2F02%2F2012**")
    expect(page.locator(".field--error .field__errors")).to_contain_text("31/02/2012")
    assert page.input_value("#id_as_of") == "31/02/2012"


@pytest.mark.parametrize("in_locale", ["en-US"], indirect=True)
def test_admin_date_boxes_read_the_day_first(in_locale, live_server, staff, records):
    page = in_locale
    log_in(page, live_server, "staff")
    posting = records["posting"]
    page.goto(f"{live_server.url}/admin/postings/posting/{posting.pk}/change/")
    assert page.locator("input[type=date]").count() == 0
    page.fill("#id_decision_date", "01032010")
    page.press("#id_decision_date", "Tab")
    assert page.input_value("#id_decision_date") == "01/03/2010"
    page.click("[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    posting.refresh_from_db()
    assert f"{posting.decision_date:%d/%m/%Y}" == "01/03/2010"

    page.goto(f"{live_server.url}/admin/postings/posting/")
    page.fill("#id_start_from", "1/1/2003")
    page.fill("#id_start_to", "12082012")
    page.click(".range-filter [type=submit]")
    page.wait_for_url("**start_from=01%2F01%2F2003&start_to=12%2F08%2F2012**")
    assert page.locator("#result_list tbody tr").count() == 1
