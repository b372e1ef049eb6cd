"""Staff enter a cadre and a rotation that breaks a rule, give the reason, and find the cadre."""

import re

import pytest
from playwright.sync_api import expect

from cadres.models import Cadre
from postings.models import Posting
from tests.e2e.conftest import log_in
from tests.factories import make_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pick(page, field, text):
    """Choose `text` in an autocomplete picker (select2) by typing part of it."""
    page.click(f"#id_{field} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def test_staff_adds_a_cadre_and_a_rotation_with_a_reason_then_finds_them(
    page, live_server, staff, home_district
):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    make_unit("Xã Tú Đoạn", parent=home_district)
    log_in(page, live_server, "staff")

    page.goto(f"{live_server.url}/admin/cadres/cadre/add/")
    page.fill("#id_full_name", "Nông Thị Hường")
    page.select_option("#id_sex", "female")
    page.fill("#id_date_of_birth", "14/03/1978")
    page.select_option("#id_ethnicity", "Nùng")
    pick(page, "current_unit", board.name)
    page.click("[name=_save]")
    expect_message(page, "Nông Thị Hường")
    cadre = Cadre.objects.get()
    assert cadre.search_key == "nong thi huong"

    page.goto(f"{live_server.url}/admin/postings/posting/add/")
    pick(page, "cadre", "Nông Thị Hường")
    pick(page, "from_unit", "Ban Tổ chức Huyện uỷ")
    pick(page, "to_unit", "Xã Tú Đoạn")
    page.select_option("#id_post_relation", "higher")
    page.fill("#id_start", "01/03/2010")
    page.click("[name=_save]")
    # Measured once the page's scripts have laid out the date boxes (they lag on a busy machine).
    page.wait_for_load_state()
    # Not in the plan and a higher post: the warnings come before anything is saved, right
    # above the reason box they ask for, not only at the top of a long form.
    warnings = page.locator(".field-warning_list .rule-warnings")
    assert "chức vụ cao hơn" in warnings.inner_text()
    assert "quy hoạch" in warnings.inner_text()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".errornote + .errorlist.nonfield")).to_be_hidden()
    above, box = warnings.bounding_box(), page.locator("#id_exception_reason").bounding_box()
    assert 0 <= box["y"] - (above["y"] + above["height"]) < 120
    assert Posting.objects.count() == 0
    assert page.input_value("#id_start") == "01/03/2010"

    page.fill("#id_exception_reason", "Ban Thường vụ đồng ý tại Thông báo số 45-TB/HU")
    page.click("[name=_save]")
    expect_message(page, "Nông Thị Hường")
    posting = Posting.objects.get()
    assert posting.warnings == ["not_in_plan", "higher_post"]
    assert posting.exception_reason.startswith("Ban Thường vụ")

    page.goto(f"{live_server.url}/admin/cadres/cadre/")
    page.fill("#searchbar", "nong thi huong")
    page.press("#searchbar", "Enter")
    # The count does not wait for the results page: the expectation does.
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    assert "Nông Thị Hường" in page.locator("#result_list").inner_text()


def expect_message(page, text):
    success = page.locator(".messagelist .success")
    success.wait_for()
    assert re.search(re.escape(text), success.inner_text())
