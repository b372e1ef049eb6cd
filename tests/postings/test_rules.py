import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings

from postings.forms import PostingForm
from postings.models import Posting
from postings.services import posting_save
from tests.factories import make_cadre, make_plan, make_posting, make_term

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_rotation_within_every_rule_has_no_warning():
    cadre = make_cadre(date_of_birth=D(1975, 1, 1))
    make_plan(cadre, term=make_term("2010–2015", D(2010, 1, 1), D(2015, 12, 31)))
    posting = make_posting(cadre=cadre, start=D(2011, 1, 1), in_plan=False)
    assert posting.in_planning_at_start is True
    assert posting.warnings == []


@pytest.mark.parametrize(
    ("fields", "cadre_fields", "code"),
    [
        ({"actual_end": D(2011, 12, 31)}, {}, "short_duration"),
        ({"planned_end": D(2012, 12, 1)}, {}, "short_duration"),
        ({"in_plan": False}, {}, "not_in_plan"),
        ({}, {"date_of_birth": D(1955, 1, 1)}, "few_working_years"),
        ({"post_relation": "higher"}, {}, "higher_post"),
    ],
)
def test_each_rule_break_gives_its_warning(fields, cadre_fields, code):
    cadre = make_cadre(**cadre_fields)
    posting = make_posting(cadre=cadre, start=D(2010, 1, 1), **fields)
    assert posting.warnings == [code]


def test_rotation_while_under_discipline_is_warned():
    cadre = make_cadre()
    cadre.discipline_periods.create(form="Cảnh cáo", start=D(2009, 6, 1), end=D(2010, 6, 1))
    posting = make_posting(cadre=cadre, start=D(2010, 1, 1))
    assert posting.warnings == ["under_discipline"]


def test_a_cancelled_rotation_is_not_warned_for_its_duration():
    posting = make_posting(outcome="cancelled", actual_end=D(2010, 1, 2), start=D(2010, 1, 1))
    assert "short_duration" not in posting.warnings


def test_a_broken_rule_without_a_reason_is_not_saved_and_says_what_to_do():
    posting = make_posting(save=False, post_relation="higher")
    with pytest.raises(ValidationError) as error:
        posting_save(posting=posting)
    messages = error.value.message_dict
    assert "chức vụ cao hơn" in " ".join(messages["__all__"])
    assert "Ghi lý do ngoại lệ" in messages["exception_reason"][0]
    assert Posting.objects.count() == 0


def test_a_broken_rule_with_a_reason_is_saved_with_its_warning_and_reason():
    posting = make_posting(save=False, post_relation="higher")
    posting.exception_reason = "Cán bộ xuất sắc, Ban Thường vụ đồng ý (CV 12-CV/HU)"
    posting_save(posting=posting)
    posting.refresh_from_db()
    assert posting.warnings == ["higher_post"]
    assert posting.exception_reason.startswith("Cán bộ xuất sắc")


def test_the_thresholds_are_settings(settings):
    settings.ROTATION_MIN_MONTHS = 24
    posting = make_posting(start=D(2010, 1, 1), actual_end=D(2012, 1, 1))
    assert posting.warnings == []
    assert posting.planned_end == D(2012, 1, 1)


def test_the_overlap_check_reads_the_minimum_duration_from_settings():
    earlier = make_posting(start=D(2010, 1, 1), planned_end=D(2013, 1, 1))
    # No planned end yet: the check assumes the minimum duration from the start.
    posting = Posting(
        cadre=earlier.cadre,
        from_unit=earlier.from_unit,
        to_unit=earlier.to_unit,
        start=D(2008, 6, 1),
    )
    with pytest.raises(ValidationError) as error:
        posting.clean()
    assert "trùng thời gian" in error.value.message_dict["start"][0]

    with override_settings(ROTATION_MIN_MONTHS=12):
        posting.clean()  # ends 01/06/2009, before the other starts


def test_the_form_names_the_minimum_duration_from_settings(settings):
    settings.ROTATION_MIN_MONTHS = 24
    assert "24" in str(PostingForm().fields["planned_end"].help_text)


def test_a_plan_added_later_puts_the_rotation_in_the_plan_and_the_command_rechecks_all():
    posting = make_posting(start=D(2011, 1, 1), in_plan=False)
    assert posting.warnings == ["not_in_plan"]

    make_plan(posting.cadre, term=make_term(), decision_date=D(2010, 6, 1))

    posting.refresh_from_db()
    assert (posting.in_planning_at_start, posting.warnings) == (True, [])
    Posting.objects.filter(pk=posting.pk).update(in_planning_at_start=False, warnings=["x"])
    out = io.StringIO()
    call_command("recheck_rotations", stdout=out)
    posting.refresh_from_db()
    assert (posting.in_planning_at_start, posting.warnings) == (True, [])
    assert out.getvalue().startswith("1 rotations changed.")
