"""The summary's dates are read as Vietnamese write them, day first, in any browser."""

import datetime

import pytest

from postings.filters import SummaryForm

AUGUST_12 = datetime.date(2012, 8, 12)


@pytest.mark.parametrize(
    "typed", ["12/08/2012", "12/8/2012", "12082012", "12-08-2012", "12.8.2012", "2012-08-12"]
)
def test_summary_form_reads_the_day_first(typed):
    form = SummaryForm({"as_of": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["as_of"] == AUGUST_12


@pytest.mark.parametrize("typed", ["31/02/2012", "1282012", "12/13/2012", "08/12", "mai"])
def test_summary_form_refuses_what_is_not_one_date(typed):
    form = SummaryForm({"as_of": typed})
    assert not form.is_valid()
    assert typed in form.errors["as_of"][0]


@pytest.mark.parametrize("typed", ["12082012", "12/8/2012"])
def test_summary_form_reads_typed_dates_as_12_august_2012(typed):
    form = SummaryForm({"as_of": typed, "start": "01012003"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["as_of"] == AUGUST_12
    assert form.cleaned_data["start"] == datetime.date(2003, 1, 1)


def test_summary_form_names_the_field_of_an_impossible_date():
    form = SummaryForm({"as_of": "31/02/2012", "start": "30022003"})
    assert not form.is_valid()
    # In Vietnamese once the catalogue has the new wording; the field and the value either way.
    assert "31/02/2012" in form.errors["as_of"][0]
    assert form.errors["as_of"][0].startswith(str(form.fields["as_of"].named))
    assert form.errors["start"][0].startswith(str(form.fields["start"].named))
    assert "30022003" in form.errors["start"][0]


def test_summary_form_names_the_field_of_a_date_out_of_range():
    form = SummaryForm({"end": "01/01/2200"})
    assert not form.is_valid()
    assert form.errors["end"][0].startswith(str(form.fields["end"].named))


def test_summary_form_boxes_are_text_in_day_first_order():
    html = str(SummaryForm({"as_of": "2012-08-12"})["as_of"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="12/08/2012"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and "data-date-input" in html
    # What cannot be read comes back as typed, so nothing is lost.
    assert 'value="31/02/2012"' in str(SummaryForm({"as_of": "31/02/2012"})["as_of"])
