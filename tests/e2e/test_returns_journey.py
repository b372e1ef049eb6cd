"""Staff tick the rotations that came back and record their returns on one page."""

import datetime

import pytest

from postings.models import Posting
from tests.e2e.conftest import log_in
from tests.factories import make_cadre, make_posting, make_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_record_two_returns_at_once_giving_the_reason_a_rule_asks_for(
    page, live_server, staff, home_district
):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    early, on_time, untouched = (
        make_posting(
            cadre=make_cadre(name), from_unit=board, to_unit=make_unit(parent=home_district)
        )
        for name in ("Lương Văn Sớm", "Hoàng Thị Đúng", "Vi Văn Khác")
    )
    log_in(page, live_server, "staff")
    page.goto(f"{live_server.url}/admin/postings/posting/")
    for posting in (early, on_time):
        page.check(f"#result_list input[name=_selected_action][value='{posting.pk}']")
    page.select_option("select[name=action]", "record_returns")
    page.click("button[name=index]")
    page.wait_for_selector("#returns")
    # Type once the page's scripts have run (the date boxes), as on a busy machine they lag.
    page.wait_for_load_state()
    rows = page.locator("#returns tbody tr")
    assert rows.count() == 2

    # Typed as people type dates; the early return breaks the 36-month rule.
    page.fill(f"#id_posting-{early.pk}-actual_end", "01012011")
    page.select_option(f"#id_posting-{early.pk}-outcome", "ended_early")
    page.fill(f"#id_posting-{on_time.pk}-actual_end", "1/3/2013")
    page.select_option(f"#id_posting-{on_time.pk}-outcome", "returned")
    page.click("[name=_save]")
    page.wait_for_selector("[data-refused]")
    assert not Posting.objects.filter(actual_end__isnull=False).exists()
    # Both rows keep what was typed; the refused one asks for its reason.
    assert page.input_value(f"#id_posting-{on_time.pk}-actual_end") == "01/03/2013"
    refused = page.locator(f"tr[data-posting='{early.pk}']")
    assert refused.locator("[data-row-errors]").count() == 1
    page.fill(f"#id_posting-{early.pk}-exception_reason", "Công văn 25-CV/TU cho về sớm")
    page.click("[name=_save]")
    page.locator(".messagelist .success").wait_for()
    assert page.url.endswith("/admin/postings/posting/")

    saved = {p.pk: p for p in Posting.objects.all()}
    assert saved[early.pk].actual_end == datetime.date(2011, 1, 1)
    assert saved[early.pk].exception_reason == "Công văn 25-CV/TU cho về sớm"
    assert saved[on_time.pk].actual_end == datetime.date(2013, 3, 1)
    assert saved[untouched.pk].actual_end is None
