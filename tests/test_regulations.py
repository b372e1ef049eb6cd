"""The registry's rules against the regulations, one test per rule (docs/RULES.md).

Each test works its expected value out from the clause its docstring names, by hand in
the comments, not from the code under test; the cases are the edges the check of the
rules found wrong (issue 13).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cadres.models import Cadre, Term, Unit, UnitChange
from postings import reports
from postings.models import Direction, Posting
from postings.services import posting_save
from tests.factories import (
    make_cadre,
    make_district,
    make_plan,
    make_posting,
    make_term,
    make_unit,
)
from tests.spreadsheets import POSTING_HEADERS, csv_bytes, posting_row, run

D = datetime.date
pytestmark = pytest.mark.django_db


def summary_of(user, scope, as_of):
    params = reports.Params(scope=scope, start=reports.PERIOD_START, end=as_of, as_of=as_of)
    return reports.summary(user, params)


# --- Rule 1: the retirement moment and the working time left to it -------------------------


@pytest.mark.parametrize(
    ("sex", "birth", "moment"),
    [
        # Men: 60y3m for those reaching it in 2021, +3 months a year. Born 03/1961:
        # 03/1961 + 60y3m = 06/2021, reached in 2021 → the end of 30/06/2021.
        ("male", D(1961, 3, 15), D(2021, 6, 30)),
        # Born 12/1962: 2022's 60y6m falls in 06/2023 (not 2022); 2023's 60y9m in 09/2023.
        ("male", D(1962, 12, 31), D(2023, 9, 30)),
        # Women: 55y4m in 2021, +4 months a year. Born 02/1968: 2023's 56y falls in 02/2024
        # (not 2023); 2024's 56y4m in 06/2024 → 30/06/2024 (the 29th does not decide).
        ("female", D(1968, 2, 29), D(2024, 6, 30)),
        # Only the year 1975 known → 01/01/1975. 2033's 59y4m falls in 05/2034; 2034's
        # 59y8m in 09/2034 → 30/09/2034.
        ("female", D(1975, 1, 1), D(2034, 9, 30)),
    ],
)
def test_rule_1_retirement_is_the_end_of_the_last_day_of_the_month_the_age_is_reached(
    sex, birth, moment
):
    """Decree 135/2020/NĐ-CP Art. 4 (Labour Code 2019 Art. 169): the retirement moment is the
    end of the last day of the month in which the scheduled age is reached; where only the
    year of birth is known, the birth date is 01/01 of that year."""
    assert make_cadre(sex=sex, date_of_birth=birth).retirement_date == moment


def test_rule_1_a_man_born_15_03_1961_starting_20_06_2011_has_ten_years_left():
    """Decree 135/2020 Art. 4; Regulation 65-QĐ/TW Art. 5: from 20/06/2011 to the end of
    30/06/2021 is 10 years and 11 days: 120 whole months, so no warning."""
    cadre = make_cadre(sex="male", date_of_birth=D(1961, 3, 15))
    posting = make_posting(cadre=cadre, start=D(2011, 6, 20))
    assert posting.working_months_left_at_start == 10 * 12
    assert posting.warnings == []


def test_rule_1_a_year_of_birth_alone_imports_as_the_first_of_january(root):
    """Decree 135/2020 Art. 4: only the year known → 01/01 of that year."""
    data = csv_bytes(
        [["Họ và tên", "Giới tính", "Ngày sinh"], ["Hoàng Thị Lan", "Nữ", "1975"]], "utf-8"
    )
    result = run("cadres", data, root)
    assert result.saved, result.error_lines()
    lan = Cadre.objects.get()
    assert lan.date_of_birth == D(1975, 1, 1)
    assert lan.retirement_date == D(2034, 9, 30)


# --- Rule 2: working time left, and who it applies to --------------------------------------


@pytest.mark.parametrize(
    ("group", "birth", "expected"),
    [
        # Retires at the end of 31/12/2020 (born 12/1960, 60 before 2021): from 01/01/2011,
        # 120 months left exactly: enough for everyone.
        ("planned", D(1960, 12, 15), []),
        # Born 01/01/1966 retires at the end of 31/10/2027 (2026's 61y6m falls in 07/2027,
        # 2027's 61y9m in 10/2027): from 01/01/2019, 8 years 10 months = 106, under 120…
        ("planned", D(1966, 1, 1), ["few_working_years"]),
        ("other", D(1966, 1, 1), ["few_working_years"]),
        # … but over one term (60 months) for a non-local key leader or at a two-term limit.
        ("key_leader", D(1966, 1, 1), []),
        ("two_terms", D(1966, 1, 1), []),
    ],
)
def test_rule_2_ten_years_left_or_one_term_for_key_leaders_and_two_term_limits(
    group, birth, expected
):
    """Regulation 65-QĐ/TW Art. 5 and Decree 138/2020 Art. 56.4: at least 10 years of
    working time left; one term (5 years) suffices for a key leader who is not a local and
    for a cadre at the end of a two-term limit."""
    start = D(2011, 1, 1) if birth.year == 1960 else D(2019, 1, 1)
    cadre = make_cadre(sex="male", date_of_birth=birth)
    posting = make_posting(cadre=cadre, start=start, target_group=group)
    assert posting.warnings == expected


def test_rule_2_less_than_one_term_left_is_a_warning_even_for_a_key_leader():
    """Decree 138/2020 Art. 56.4b: one term is the floor. Born 01/01/1966, retires at the end of
    31/10/2027; from 01/01/2024 that is 46 months, under 60."""
    cadre = make_cadre(sex="male", date_of_birth=D(1966, 1, 1))
    posting = make_posting(cadre=cadre, start=D(2024, 1, 1), target_group="key_leader")
    assert posting.working_months_left_at_start == 46
    assert posting.warnings == ["less_than_a_term"]


# --- Rule 3: in the succession plan from its approval --------------------------------------


def plan_2010_2015(cadre, **fields):
    term = make_term("2010–2015", D(2010, 7, 1), D(2015, 6, 30))
    return make_plan(cadre, term=term, **fields)


def test_rule_3_a_plan_approved_before_its_term_covers_a_rotation_after_approval():
    """Regulation 50-QĐ/TW (2021), now 377-QĐ/TW (08/10/2025): a plan is in force from its
    approval date. Approved 01/03/2010 for 2010–2015 (from 01/07/2010): a rotation from
    01/05/2010 is in the plan; one from 28/02/2010 is not."""
    cadre = make_cadre()
    plan_2010_2015(cadre, decision_date=D(2010, 3, 1))
    assert make_posting(cadre=cadre, start=D(2010, 5, 1), in_plan=False).in_planning_at_start
    other = make_cadre()
    plan_2010_2015(other, decision_date=D(2010, 3, 1))
    early = make_posting(cadre=other, start=D(2010, 2, 28), in_plan=False)
    assert early.warnings == ["not_in_plan"]


def test_rule_3_a_plan_for_the_next_term_counts():
    """Regulation 377-QĐ/TW: a plan is approved for a term, usually the next one. Approved
    15/10/2013 for 2015–2020, it covers a rotation of 01/01/2014, in the 2010–2015 term."""
    cadre = make_cadre()
    next_term = make_term("2015–2020", D(2015, 7, 1), D(2020, 6, 30))
    make_plan(cadre, term=next_term, decision_date=D(2013, 10, 15))
    assert make_posting(cadre=cadre, start=D(2014, 1, 1), in_plan=False).warnings == []


def test_rule_3_a_plan_ending_on_the_start_day():
    """Regulation 377-QĐ/TW: in force until the person is taken out of the plan. Taken out on
    the start day: not in the plan that day. A term ending on the start day still covers it
    (its last day)."""
    removed = make_cadre()
    plan_2010_2015(removed, decision_date=D(2010, 3, 1), status="removed", removed_on=D(2012, 3, 1))
    posting = make_posting(cadre=removed, start=D(2012, 3, 1), in_plan=False)
    assert posting.warnings == ["not_in_plan"]
    last_day = make_cadre()
    plan_2010_2015(last_day, decision_date=D(2010, 3, 1))
    assert make_posting(cadre=last_day, start=D(2015, 6, 30), in_plan=False).warnings == []


# --- Rule 4: the planning snapshot is computed, never typed --------------------------------


def test_rule_4_ticking_in_the_plan_in_the_form_or_the_import_changes_nothing(
    staff, staff_client, world
):
    """Regulation 65-QĐ/TW Art. 1 and 4: the cadre must be in the plan at the start; whether
    they were is a fact of the plans, not of a tick box."""
    cadre = make_cadre("Nguyễn Văn An", date_of_birth=D(1980, 9, 2), current_unit=world["board"])
    form = {
        "cadre": cadre.pk,
        "from_unit": world["board"].pk,
        "to_unit": world["commune"].pk,
        "post_relation": "equivalent",
        "start": "15/03/2010",
        "in_planning_at_start": "on",
        "evaluations-TOTAL_FORMS": "0",
        "evaluations-INITIAL_FORMS": "0",
        "placement-TOTAL_FORMS": "0",
        "placement-INITIAL_FORMS": "0",
    }
    response = staff_client.post("/admin/postings/posting/add/", form)
    assert response.status_code == 200
    assert "exception_reason" in response.context["adminform"].form.errors
    headers = [*POSTING_HEADERS, "Trong quy hoạch"]
    result = run("postings", csv_bytes([headers, [*posting_row(), "Có"]]), staff)
    assert [column for column, _m in result.rows[0].errors] == ["", "", "Lý do ngoại lệ"]
    assert Posting.objects.count() == 0


def test_rule_4_an_exception_with_its_reason_is_the_only_override(world, staff):
    """Regulation 65-QĐ/TW: special cases by the competent level, with the reason recorded."""
    cells = {"Lý do ngoại lệ": "Ban Thường vụ quyết định trường hợp đặc biệt (TB 12-TB/HU)"}
    assert run("postings", csv_bytes([POSTING_HEADERS, posting_row(**cells)]), staff).saved
    posting = Posting.objects.get()
    assert (posting.in_planning_at_start, posting.warnings) == (False, ["not_in_plan"])
    params = dict(scope=None, start=reports.PERIOD_START, end=D(2012, 1, 1), as_of=D(2012, 1, 1))
    summary = reports.summary(staff, reports.Params(**params))
    assert summary.figure("in_planning_pct").value == 0


# --- Rule 5: the post relation --------------------------------------------------------------


@pytest.mark.parametrize(
    ("relation", "expected"),
    [("equivalent", []), ("higher", ["higher_post"]), ("lower", ["lower_post"])],
)
def test_rule_5_an_equivalent_post_as_a_rule_higher_and_lower_are_warnings(relation, expected):
    """Regulation 65-QĐ/TW Art. 4.3: equivalent as a rule; higher only for outstanding cadres.
    A lower post is no rule either: a warning, not silence."""
    assert make_posting(post_relation=relation).warnings == expected


# --- Rule 6: the direction follows the units -------------------------------------------------


def test_rule_6_the_direction_is_derived_again_when_a_unit_changes():
    """Regulation 65-QĐ/TW Art. 4: the directions are those of the two units' levels and
    places. A district board → a commune is district → commune; sent from another commune
    instead, it is between localities (two communes are two places)."""
    district = make_district()
    board = make_unit("Ban Tổ chức Huyện ủy", kind="party", parent=district)
    commune, other = make_unit(parent=district), make_unit(parent=district)
    posting = make_posting(from_unit=board, to_unit=commune)
    assert posting.direction == Direction.DISTRICT_TO_COMMUNE
    posting.from_unit = other
    posting_save(posting=posting, require_reason=False)
    assert posting.direction == Direction.BETWEEN_LOCALITIES


def test_rule_6_a_direction_chosen_by_hand_needs_its_reason_and_stays_visible():
    """Regulation 65-QĐ/TW Art. 4: a direction the units do not tell is a recorded choice."""
    posting = make_posting(save=False, direction_override=Direction.HORIZONTAL)
    with pytest.raises(ValidationError) as refusal:
        posting_save(posting=posting, require_reason=False)
    assert list(refusal.value.message_dict) == ["direction_reason"]
    posting.direction_reason = "Hai cơ quan cùng cấp theo Quyết định 12-QĐ/HU"
    posting_save(posting=posting, require_reason=False)
    assert (posting.direction, posting.direction_override) == ("horizontal", "horizontal")


# --- Rule 7: ended means an end date --------------------------------------------------------


def test_rule_7_an_early_ending_without_a_date_is_refused():
    """Regulation 65-QĐ/TW Art. 10; Decree 170/2025 Art. 50: an outcome that ends the
    rotation happened on a day; without it the record cannot say whether 36 months passed."""
    posting = make_posting(save=False, outcome="ended_early")
    with pytest.raises(ValidationError) as refusal:
        posting_save(posting=posting, require_reason=False)
    assert "actual_end" in refusal.value.message_dict
    assert Posting.objects.count() == 0


def test_rule_7_a_36_month_rotation_from_29_02_2008_and_one_a_day_short(staff, home_district):
    """Regulation 65-QĐ/TW Art. 8 (36 months); Civil Code 2015 Art. 147–148: a period of
    months ends on the same day number, or the month's last day when it has none. From
    29/02/2008, 36 months end on 28/02/2011: met. Ending 27/02/2011: not met, warned. An
    early ending after 20 months: not met."""
    board = make_unit("Ban Tổ chức Huyện ủy", kind="party", parent=home_district)
    ended = dict(from_unit=board, outcome="returned", start=D(2008, 2, 29))
    full = make_posting(to_unit=make_unit(parent=home_district), actual_end=D(2011, 2, 28), **ended)
    short = make_posting(
        to_unit=make_unit(parent=home_district), actual_end=D(2011, 2, 27), **ended
    )
    early = make_posting(
        from_unit=board,
        to_unit=make_unit(parent=home_district),
        start=D(2008, 2, 29),
        actual_end=D(2009, 10, 31),
        outcome="ended_early",
    )
    assert (full.warnings, short.warnings) == ([], ["short_duration"])
    assert early.warnings == ["short_duration"]
    # 1 of 3 ended rotations served 36 months: 33.3 %.
    summary = summary_of(staff, home_district, D(2012, 1, 1))
    assert summary.figure("duration_met_pct").value == Decimal("33.3")


# --- Rule 8: due and overdue at the edges ---------------------------------------------------


def test_rule_8_due_and_overdue_at_the_edges(staff, home_district):
    """Regulation 65-QĐ/TW Art. 6, 10 (the deciding level reviews the rotations ending): due
    within 6 months means as_of ≤ planned end ≤ as_of + 6 months; overdue means under way
    with the planned end before the as-of date. As of 12/08/2012: planned end 12/08/2012 is
    due; 11/08/2012 overdue; 12/02/2013 due; 13/02/2013 neither."""
    board = make_unit("Ban Tổ chức Huyện ủy", kind="party", parent=home_district)
    as_of = D(2012, 8, 12)
    ends = {
        "today": D(2012, 8, 12),
        "yesterday": D(2012, 8, 11),
        "six months": D(2013, 2, 12),
        "a day later": D(2013, 2, 13),
    }
    made = {
        name: make_posting(
            from_unit=board,
            to_unit=make_unit(parent=home_district),
            start=D(2010, 1, 1),
            planned_end=end,
        )
        for name, end in ends.items()
    }
    summary = summary_of(staff, home_district, as_of)
    listed = {listing.slug: {row.pk for row in listing.postings} for listing in summary.lists}
    by_pk = {posting.pk: name for name, posting in made.items()}
    assert {by_pk[pk] for pk in listed["due"]} == {"today", "six months"}
    assert {by_pk[pk] for pk in listed["overdue"]} == {"yesterday"}
    assert summary.figure("due_6_months").value == 2 and summary.figure("overdue").value == 1
    assert made["today"].state(as_of) == Posting.State.DUE
    assert made["a day later"].state(as_of) == Posting.State.ACTIVE


# --- Rule 9: kinds of move ------------------------------------------------------------------


def test_rule_9_only_rotations_count_and_follow_the_rules(staff, home_district):
    """Decree 170/2025/NĐ-CP Art. 26, 48, 50: luân chuyển is not điều động (transfer), biệt
    phái (secondment) or bổ nhiệm (appointment). Of a rotation and a transfer, both from
    2010 and neither in a plan, one rotation counts and only it breaks a rule."""
    board = make_unit("Ban Tổ chức Huyện ủy", kind="party", parent=home_district)
    rotation = make_posting(from_unit=board, to_unit=make_unit(parent=home_district), in_plan=False)
    transfer = make_posting(
        from_unit=board, to_unit=make_unit(parent=home_district), in_plan=False, kind="transfer"
    )
    assert (rotation.warnings, transfer.warnings) == (["not_in_plan"], [])
    summary = summary_of(staff, home_district, D(2012, 1, 1))
    assert summary.figure("postings_total").value == 1


def test_rule_9_kept_at_the_destination_stops_counting_from_that_decision(staff, home_district):
    """Decree 170/2025 Art. 50.2: kept at the destination, the cadre is no longer a rotated
    cadre from the date of that decision. Kept on 01/09/2011 after a start on 01/03/2010:
    under way on 31/08/2011, ended on 01/09/2011, and the summary says why."""
    board = make_unit("Ban Tổ chức Huyện ủy", kind="party", parent=home_district)
    make_posting(
        from_unit=board,
        to_unit=make_unit(parent=home_district),
        outcome="kept",
        actual_end=D(2011, 9, 1),
        exception_reason="Đủ điều kiện bố trí ổn định (QĐ 30-QĐ/HU)",
    )
    before = summary_of(staff, home_district, D(2011, 8, 31))
    after = summary_of(staff, home_district, D(2011, 9, 1))
    assert before.figure("postings_active").value == 1
    assert (after.figure("postings_active").value, after.figure("postings_ended").value) == (0, 1)
    note = after.table("theo-ket-qua").footnote
    assert "Điều 50" in note or "Art. 50" in note


# --- Rule 10: Party and state terms ---------------------------------------------------------


def test_rule_10_the_by_term_table_uses_party_terms_unless_asked(root, home_district):
    """Party congress term 2025–2030; People's Councils elected 15/03/2026 for 2026–2031: two
    catalogues. A rotation from 01/04/2026 falls in Party term 2025–2030 and in state term
    2026–2031."""
    party = make_term("2025–2030", D(2025, 7, 1), D(2030, 6, 30))
    state = Term.objects.create(
        name="HĐND 2026–2031", body="state", start=D(2026, 3, 15), end=D(2031, 3, 14)
    )
    province = home_district.parent
    make_posting(
        from_unit=make_unit("Ban Tổ chức Tỉnh ủy", kind="party", parent=province),
        to_unit=make_unit(parent=province),
        start=D(2026, 4, 1),
    )
    as_of = D(2026, 6, 1)
    by_party = reports.summary(
        root, reports.Params(scope=province, start=D(2026, 1, 1), end=as_of, as_of=as_of)
    )
    by_state = reports.summary(
        root,
        reports.Params(scope=province, start=D(2026, 1, 1), end=as_of, as_of=as_of, terms="state"),
    )
    assert [row.key for row in by_party.table("theo-nhiem-ky").rows] == [str(party.pk)]
    assert [row.key for row in by_state.table("theo-nhiem-ky").rows] == [str(state.pk)]


# --- Rule 11: the 2025 restructuring is visible ---------------------------------------------


def test_rule_11_a_rotation_into_a_body_closed_with_its_district_is_flagged(staff, home_district):
    """NQ 203/2025/QH15: the district level ended on 01/07/2025; TT 06/2025/TT-BNV: its bodies'
    records pass to successors. A rotation into a district office (closed 30/06/2025 with
    its district, no successor of its own) still under way is flagged, and "now part of"
    is the successor of the committee the office belonged to."""
    last = D(2025, 6, 30)
    province = home_district.parent
    Unit.objects.filter(pk=home_district.pk).update(valid_to=last)
    committee = make_unit("UBND huyện", kind="committee", parent=home_district, valid_to=last)
    office = make_unit("Phòng Nông nghiệp", kind="office", parent=committee, valid_to=last)
    successor = make_unit("UBND xã Lộc Bình", kind="committee", parent=province)
    UnitChange.objects.create(from_unit=committee, to_unit=successor, kind="absorb", date=last)
    board = make_unit("Ban Tổ chức Huyện ủy", kind="party", parent=home_district, valid_to=last)
    posting = make_posting(from_unit=board, to_unit=office, start=D(2024, 3, 1))

    summary = summary_of(staff, province, D(2025, 9, 1))

    (row,) = summary.lists[0].postings  # active
    assert row.pk == posting.pk
    assert "01/07/2025" in row.closed_note and "UBND xã Lộc Bình" in row.closed_note
    (unit_row,) = summary.table("theo-don-vi-nhan").rows
    assert unit_row.note == "UBND xã Lộc Bình"
