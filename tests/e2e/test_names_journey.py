"""A leader clicks the "joined the Party committee" figure and sees who joined."""

import datetime

import pytest

from tests.e2e.conftest import log_in
from tests.factories import make_cadre, make_posting, make_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_clicks_the_party_committee_figure_and_sees_the_names(
    page, live_server, leader, home_district
):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    joined = ["Hoàng Văn Thắng", "Lương Thị Hoa"]
    for n, name in enumerate([*joined, "Nông Văn Bình"]):
        make_posting(
            cadre=make_cadre(name),
            from_unit=board,
            to_unit=make_unit(f"Xã Thử {n}", parent=home_district),
            start=datetime.date(2010 + n, 3, 1),
            joined_party_committee=name in joined,
        )
    log_in(page, live_server, "leader")
    page.goto(f"{live_server.url}/reports/?as_of=2020-01-01")
    figure = page.locator("a.figure-link:has([data-metric=joined_party_committee])")
    assert figure.locator(".figure-value").inner_text() == "2"

    figure.click()
    page.wait_for_url("**/reports/danh-sach/**metric=joined_party_committee**")
    assert page.locator("[data-count]").first.get_attribute("data-count") == "2"
    names = page.locator("table[data-names=rotations] tbody th").all_inner_texts()
    assert sorted(names) == sorted(joined)
    # The filter came along: the same as-of date, and back to the same summary.
    assert "as_of=2020-01-01" in page.url
    page.click("a[data-back]")
    page.wait_for_url("**/reports/?as_of=2020-01-01")
