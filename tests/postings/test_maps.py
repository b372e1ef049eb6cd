import datetime

import pytest

from postings import maps
from postings.reports import Params, summary
from tests.factories import make_posting, make_unit

pytestmark = pytest.mark.django_db


def params(scope=None):
    return Params(
        scope=scope,
        start=datetime.date(2003, 1, 1),
        end=datetime.date(2019, 12, 31),
        as_of=datetime.date(2020, 1, 1),
    )


def draw(user, scope=None):
    return maps.draw(user, params(scope), summary(user, params(scope)))


def test_map_has_no_dots_when_no_receiving_unit_has_a_place(admin_user, home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    make_posting(from_unit=board, to_unit=make_unit("Xã Tú Đoạn", parent=home_district))

    assert draw(admin_user) is None


def test_map_places_a_body_at_its_commune_and_sizes_dots_by_rotations(admin_user, home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    north = make_unit("Xã Bắc", parent=home_district, latitude=22.0, longitude=106.0)
    south = make_unit("Xã Nam", parent=home_district, latitude=21.0, longitude=107.0)
    nowhere = make_unit("Xã Chưa Có Toạ Độ", parent=home_district)
    body = make_unit("UBND xã Bắc", kind="committee", parent=north)
    for unit in (north, north, body, south, nowhere):
        make_posting(from_unit=board, to_unit=unit)

    drawn = draw(admin_user)

    big, small = drawn["dots"]
    assert set(big["keys"].split()) == {str(north.pk), str(body.pk)}
    assert (big["rotations"], small["rotations"], small["keys"]) == (3, 1, str(south.pk))
    assert big["r"] == maps.MAX_R > small["r"] >= maps.MIN_R
    # North is up and west is left: Bắc (22° N, 106° E) above and left of Nam.
    assert big["y"] < small["y"] and big["x"] < small["x"]
    assert drawn["unplaced"] == 1
    assert drawn["senders"] == []  # the board has no place
    assert [item["label"] for item in drawn["legend"]] == ["huyện → xã"]
    assert "UBND xã Bắc (Xã Bắc): 1" in drawn["description"]


def test_map_marks_the_units_that_sent_the_most(admin_user, home_district, monkeypatch):
    """Past SENDERS_SHOWN sending units only those that sent the most are marked, and the
    caption says how many there were."""
    target = make_unit("Xã Đích", parent=home_district, latitude=21.5, longitude=106.5)
    busy = make_unit("Xã Gửi Nhiều", parent=home_district, latitude=22.0, longitude=106.0)
    quiet = make_unit("Xã Gửi Ít", parent=home_district, latitude=21.0, longitude=107.0)
    for sender in (busy, busy, quiet):
        make_posting(from_unit=sender, to_unit=target)
    project = maps.projection([(21.5, 106.5), (22.0, 106.0)])[0]

    assert len(draw(admin_user)["senders"]) == 2
    monkeypatch.setattr(maps, "SENDERS_SHOWN", 1)
    drawn = draw(admin_user)

    assert drawn["senders"] == [maps.triangle(*project((22.0, 106.0)))]
    assert (drawn["senders_total"], drawn["senders_shown"]) == (2, 1)


def test_map_caption_says_how_many_senders_are_marked():
    from django.template.loader import render_to_string
    from django.utils import translation

    drawn = {"width": 640, "height": 400, "dots": [], "senders": [], "legend": [],
             "description": "", "unplaced": 0}  # fmt: skip
    drawn.update(senders_total=8012, senders_shown=200)
    with translation.override("vi"):
        html = render_to_string("postings/includes/map_receiving.html", {"map": drawn})
    assert "200 đơn vị cử đi nhiều nhất trong số 8012" in html
    drawn["senders_total"] = 0
    with translation.override("vi"):
        html = render_to_string("postings/includes/map_receiving.html", {"map": drawn})
    assert "cử đi nhiều nhất" not in html
