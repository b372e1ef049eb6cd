"""Staff enter one decision that moves three cadres, on one page, and see three rotations."""

import datetime

import pytest
from playwright.sync_api import expect

from postings.models import Decision, Posting
from tests.e2e.conftest import log_in
from tests.e2e.test_staff_journey import expect_message, pick
from tests.factories import make_cadre, make_plan, make_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_enter_a_decision_moving_three_cadres(page, live_server, staff, home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    communes = [make_unit(name, parent=home_district) for name in ("Xã Tú Đoạn", "Xã Mẫu Sơn")]
    communes.append(make_unit("Xã Nam Quan", parent=home_district))
    names = ["Nông Văn Một", "Hoàng Thị Hai", "Lăng Văn Ba"]
    cadres = [make_cadre(name, current_unit=board) for name in names]
    for cadre, commune in zip(cadres[:2], communes, strict=False):
        make_plan(cadre, unit=commune, decision_date=datetime.date(2009, 10, 1))
    log_in(page, live_server, "staff")

    page.goto(f"{live_server.url}/admin/postings/decision/add/")
    page.fill("#id_number", "52-QĐ/HU")
    page.fill("#id_date", "18/03/2011")
    pick(page, "unit", home_district.name)
    page.fill("#id_issuing_body", "Ban Thường vụ Huyện ủy")
    for n, (name, commune) in enumerate(zip(names, communes, strict=False)):
        pick(page, f"postings-{n}-cadre", name)
        pick(page, f"postings-{n}-from_unit", board.name)
        pick(page, f"postings-{n}-to_unit", commune.name)
        page.fill(f"#id_postings-{n}-start", "01/04/2011")
    page.click("[name=_save]")

    # The third is not in the succession plan: nothing is saved, and its row says why.
    expect(page.locator(".errornote")).to_be_visible()
    assert Posting.objects.count() == 0 and Decision.objects.count() == 0
    expect(page.locator("#id_postings-2-exception_reason")).to_be_visible()
    assert page.input_value("#id_postings-0-start") == "01/04/2011"

    page.fill("#id_postings-2-exception_reason", "Ban Thường vụ đồng ý tại Thông báo 12-TB/HU")
    page.click("[name=_save]")
    expect_message(page, "52-QĐ/HU")
    decision = Decision.objects.get()
    assert sorted(decision.postings.values_list("cadre__full_name", flat=True)) == sorted(names)
    assert set(decision.postings.values_list("decision_number", flat=True)) == {"52-QĐ/HU"}
    # The list shows the decision with its three rotations.
    page.goto(f"{live_server.url}/admin/postings/decision/")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    assert page.locator("#result_list td.field-rotation_count").inner_text() == "3"
