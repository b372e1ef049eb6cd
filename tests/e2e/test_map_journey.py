"""A leader reads where cadres went: the summary's map agrees with the receiving-unit table."""

import datetime

import pytest

from tests.e2e.conftest import axe_violations, html_errors, log_in
from tests.factories import make_posting, make_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_reads_the_map_and_its_dots_match_the_receiving_table(
    page, live_server, leader, home_district
):
    home_district.latitude, home_district.longitude = 21.7758, 106.9209
    home_district.save()
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    mau_son = make_unit("Xã Mẫu Sơn", parent=home_district, latitude=21.8283, longitude=106.9536)
    mau_son_party = make_unit("Đảng uỷ xã Mẫu Sơn", kind="party", parent=mau_son)
    tu_doan = make_unit("Xã Tú Đoạn", parent=home_district, latitude=21.7532, longitude=106.9617)
    for n, unit in enumerate([mau_son, mau_son, mau_son_party, tu_doan, board]):
        make_posting(
            from_unit=tu_doan if unit == board else board,
            to_unit=unit,
            start=datetime.date(2005 + n, 3, 1),
        )
    log_in(page, live_server, "leader")

    page.goto(f"{live_server.url}/reports/?as_of=2020-01-01")

    table = {}
    for row in page.locator("[data-table=theo-don-vi-nhan] tbody tr[data-key]").all():
        rotations = row.locator("[data-col=rotations]").inner_text()
        table[row.get_attribute("data-key")] = int(rotations)
    dots = page.locator("[data-map=receiving] circle[data-units]")
    assert dots.count() == 3  # Mẫu Sơn and its Party body share a place; Tú Đoạn; the district
    on_map = {}
    for dot in dots.all():
        keys = dot.get_attribute("data-units").split()
        assert int(dot.get_attribute("data-rotations")) == sum(table[key] for key in keys)
        on_map.update(dict.fromkeys(keys, dot.get_attribute("data-rotations")))
    assert set(on_map) == set(table)
    assert on_map[str(mau_son.pk)] == on_map[str(mau_son_party.pk)] == "3"
    assert page.locator("[data-map=receiving] [data-sender]").count() == 2
    assert "Xã Mẫu Sơn" in page.locator("[data-map=receiving] desc").text_content()
    assert axe_violations(page) == []
    assert html_errors({"summary with map": page.content()}) == []
