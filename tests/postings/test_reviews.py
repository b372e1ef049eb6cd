"""End-of-rotation reviews and placements (issue 14, items 4 and 6): the one definition of an
ended rotation missing a review, the placement's consistency with its rotation, and the
summary's "After rotation" and "Reviews and inspection" tables, counted by hand."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from postings.models import Evaluation, InspectionFinding, Placement, Posting
from postings.reports import PERIOD_START, Params
from postings.reports.afterwards import TABLES, open_findings, table_findings
from tests.factories import make_cadre, make_position, make_posting, make_unit

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2012, 8, 12)
D = datetime.date
ENDED = {"start": D(2005, 3, 1), "actual_end": D(2008, 3, 1), "outcome": "returned"}


REVIEWED = D(2008, 4, 1)
PLACED = D(2008, 5, 1)


def review(posting, kind, rating, day=REVIEWED):
    Evaluation.objects.create(posting=posting, kind=kind, date=day, rating=rating)


def place(posting, comparison, position, unit, day=PLACED):
    Placement.objects.create(
        posting=posting, position=position, unit=unit, date=day, comparison=comparison
    )


@pytest.fixture
def ended(home_district):
    """A: complete; B: no authority's conclusion; C: no placement; D: kept, reviewed only in
    2013; E: under way. Ratings: A excellent/good/good, B good/good, C completed ×3."""
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    key = make_position("Trưởng phòng", level="district", category="government", is_key=True)
    other = make_position("Phó Trưởng phòng", level="district", category="government")
    rotations = {
        name: make_posting(
            cadre=make_cadre(f"Cán bộ {name}"), from_unit=board, to_unit=commune, **fields
        )
        for name, fields in [
            ("A", ENDED),
            ("B", ENDED),
            ("C", ENDED),
            ("D", {**ENDED, "outcome": "kept"}),
            ("E", {"start": D(2011, 1, 1)}),
        ]
    }
    a, b, c, d = (rotations[name] for name in "ABCD")
    for posting, ratings in ((a, "excellent good good"), (b, "good good"), (c, "completed " * 3)):
        for kind, rating in zip(
            ("self_review", "receiving_unit", "authority"), ratings.split(), strict=False
        ):
            review(posting, kind, rating)
    for kind in ("self_review", "receiving_unit", "authority"):
        review(d, kind, "good", D(2013, 1, 10))
    place(a, "higher", key, board)
    place(b, "equivalent", other, board)
    place(d, "kept", other, commune)
    return {"rotations": rotations, "board": board, "commune": commune}


def params(scope):
    return Params(scope=scope, start=PERIOD_START, end=AS_OF, as_of=AS_OF)


def numbers(table):
    return {row.key: (row.rotations, row.persons) for row in [*table.rows, table.total]}


def test_missing_review_is_any_of_three_reviews_or_the_placement_as_of_a_day(ended):
    missing = Posting.objects.missing_review(AS_OF)
    assert sorted(p.cadre.full_name for p in missing) == ["Cán bộ B", "Cán bộ C", "Cán bộ D"]
    # D's reviews are dated 2013: from then it is complete.
    later = Posting.objects.missing_review(D(2013, 2, 1))
    assert sorted(p.cadre.full_name for p in later) == ["Cán bộ B", "Cán bộ C"]


def test_the_rotation_list_and_the_queue_count_the_same_missing_reviews(staff_client, ended):
    listed = staff_client.get("/admin/postings/posting/?review=missing").context["cl"].result_list
    assert sorted(p.cadre.full_name for p in listed) == ["Cán bộ B", "Cán bộ C"]
    queue = staff_client.get("/").context["queue"]
    line = next(line for line in queue.lines if line.key == "no_review")
    assert line.count == 2
    assert len(staff_client.get(line.url).context["cl"].result_list) == 2


def test_kept_at_the_destination_must_agree_with_the_rotation(ended):
    rotations, board, commune = ended["rotations"], ended["board"], ended["commune"]
    title = make_position("Chủ tịch UBND xã", category="government")
    returned = Placement(posting=rotations["C"], position=title, unit=board,
                         date=D(2008, 5, 1), comparison="kept")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        returned.full_clean()
    assert "comparison" in refused.value.message_dict
    kept = rotations["D"]
    kept.placement.comparison = "higher"
    with pytest.raises(ValidationError) as refused:
        kept.placement.full_clean()
    assert "comparison" in refused.value.message_dict
    kept_earlier = make_posting(
        cadre=make_cadre(), from_unit=board, to_unit=commune,
        start=D(2003, 1, 1), actual_end=D(2004, 12, 1), outcome="kept",
    )  # fmt: skip
    elsewhere = Placement(
        posting=kept_earlier, position=title, unit=board, date=D(2004, 12, 1), comparison="kept"
    )
    with pytest.raises(ValidationError) as refused:
        elsewhere.full_clean()
    assert "unit" in refused.value.message_dict
    early = Placement(posting=rotations["C"], position=title, unit=board,
                      date=D(2004, 1, 1), comparison="equivalent")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        early.full_clean()
    assert "date" in refused.value.message_dict


def test_placements_table(staff, home_district, ended):
    assert numbers(TABLES["sau-luan-chuyen"](staff, params(home_district))) == {
        "higher": (1, 1),
        "equivalent": (1, 1),
        "lower": (0, 0),
        "kept": (1, 1),
        "none": (1, 1),
        "key_title": (1, 1),
        "total": (4, 4),
    }


def test_reviews_table(staff, home_district, ended):
    assert numbers(TABLES["danh-gia-cuoi"](staff, params(home_district))) == {
        "complete": (1, 1),
        "missing": (3, 3),
        "no_self_review": (1, 1),
        "no_receiving_unit": (1, 1),
        "no_authority": (2, 2),
        "no_placement": (1, 1),
        "total": (4, 4),
    }


def test_ratings_table(staff, home_district, ended):
    assert numbers(TABLES["xep-loai"](staff, params(home_district))) == {
        "self_review": (3, 3),
        "self_review-excellent": (1, 1),
        "self_review-good": (1, 1),
        "self_review-completed": (1, 1),
        "receiving_unit": (3, 3),
        "receiving_unit-good": (2, 2),
        "receiving_unit-completed": (1, 1),
        "authority": (2, 2),
        "authority-good": (1, 1),
        "authority-completed": (1, 1),
        "total": (3, 3),
    }


@pytest.fixture
def findings(home_district, other_district):
    commune = make_unit("Xã Khuất Xá", parent=home_district)
    elsewhere = make_unit("Xã Bắc Xa", parent=other_district)

    def finding(unit, day, kind, status, deadline=None):
        return InspectionFinding.objects.create(
            unit=unit, date=day, kind=kind, status=status, deadline=deadline, finding="Sai sót"
        )

    return [
        finding(commune, D(2012, 3, 1), "procedure", "open", D(2012, 6, 30)),
        finding(commune, D(2011, 3, 1), "procedure", "corrected", D(2011, 6, 30)),
        finding(commune, D(2012, 5, 1), "review", "open", D(2012, 12, 31)),
        finding(commune, D(2012, 7, 1), "review", "open"),
        finding(elsewhere, D(2012, 3, 1), "review", "open", D(2012, 4, 1)),
        finding(commune, D(2013, 3, 1), "review", "open", D(2013, 4, 1)),
    ]


def test_findings_table_by_kind_and_status_with_those_past_their_deadline(
    staff, home_district, findings
):
    table = table_findings(staff, params(home_district))
    assert numbers(table) == {
        "procedure": (2, 1),
        "procedure-open": (1, 1),
        "procedure-corrected": (1, 0),
        "review": (2, 0),
        "review-open": (2, 0),
        "total": (4, 1),
    }
    shown, count = open_findings(staff, params(home_district))
    assert count == 3
    assert [f.deadline for f in shown] == [D(2012, 6, 30), D(2012, 12, 31), None]


def test_summary_shows_the_sections_and_exports_them(leader_client, home_district, ended, findings):
    query = f"?scope={home_district.pk}&as_of=2012-08-12"
    html = leader_client.get("/reports/" + query).content.decode()
    for slug in ("sau-luan-chuyen", "danh-gia-cuoi", "xep-loai", "kiem-tra"):
        assert f'data-table="{slug}"' in html
        response = leader_client.get(f"/reports/export/{slug}.csv{query}")
        assert response.status_code == 200
    assert 'data-list-count="open-findings">3<' in html
    body = leader_client.get(f"/reports/export/danh-gia-cuoi.csv{query}").content.decode(
        "utf-8-sig"
    )
    assert body.splitlines()[-1].endswith(",4,4")
