"""The summary's filter: scope, period and as-of date, read from the query string (GET)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cadres.models import Term, Unit
from postings.reports import PERIOD_START
from registry import dates

# The box is plain text, day first whatever the browser's locale (static/js/dates.js adds
# the calendar and tidies what is typed); the registry's one parser reads it.
NOT_A_DATE = _("%(field)s: “%(value)s” is not a real date. Type it as dd/mm/yyyy, e.g. 12/08/2012.")


class DayInput(forms.DateInput):
    """A dd/mm/yyyy text box (never the browser's own date box, which follows its locale)."""

    def __init__(self):
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": 10,
            "data-date-input": "",
        }
        super().__init__(attrs=attrs, format="%d/%m/%Y")

    def format_value(self, value):
        # What was typed comes back as typed, or as dd/mm/yyyy when it is a date.
        if isinstance(value, str):
            try:
                return f"{dates.parse_day(value):%d/%m/%Y}"
            except ValueError:
                return value
        return super().format_value(value)


class DayField(forms.DateField):
    """An optional date typed as Vietnamese write it; a wrong one is named in the message."""

    widget = DayInput

    def __init__(self, *, label, named):
        super().__init__(label=label, required=False)
        self.named = named

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return dates.parse_day(value)
        except ValueError as error:
            raise ValidationError(
                NOT_A_DATE, code="invalid", params={"field": self.named, "value": value.strip()}
            ) from error


class ScopeSelect(forms.Select):
    """Django's select, its options written in one pass instead of one template each.

    The national picker lists every province and district (about 760): through the option
    template that was half the time of a summary served from the cache (docs/PERFORMANCE.md).
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, options)


class SummaryForm(forms.Form):
    """Bind to `request.GET`; every field is optional and falls back to its default."""

    # Any unit id is accepted here; the view answers 404 for one the user may not see.
    scope = forms.IntegerField(label=_("Scope"), required=False, min_value=1, widget=ScopeSelect)
    start = DayField(label=_("Period from"), named=_("Start of the period"))
    end = DayField(label=_("to"), named=_("End of the period"))
    as_of = DayField(label=_("As of"), named=_("As-of date"))
    terms = forms.ChoiceField(
        label=_("Terms of"),
        required=False,
        choices=[
            ("", _("the Party (congress terms)")),
            (Term.Body.STATE, _("the People's Councils")),
        ],
    )

    def __init__(self, *args, scopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("My scope"))]
        choices += [(unit.pk, unit.name) for unit in scopes]
        self.fields["scope"].widget.choices = choices

    def clean(self):
        data = super().clean()
        for name in ("start", "end", "as_of"):
            day = data.get(name)
            if day and not dates.in_bounds(day):
                self.add_error(
                    name,
                    _("%(field)s: enter a date between %(first)s and %(last)s.")
                    % {
                        "field": self.fields[name].named,
                        "first": dates.EARLIEST_DAY.year,
                        "last": dates.LATEST_DAY.year,
                    },
                )
        if self.errors:
            return data
        data["as_of"] = data.get("as_of") or timezone.localdate()
        data["start"] = data.get("start") or PERIOD_START
        data["end"] = data.get("end") or data["as_of"]
        data["terms"] = data.get("terms") or Term.Body.PARTY
        if data["end"] < data["start"]:
            self.add_error(
                "end",
                _("The period ends (%(end)s) before it starts (%(start)s). Enter a later end.")
                % {"end": f"{data['end']:%d/%m/%Y}", "start": f"{data['start']:%d/%m/%Y}"},
            )
        return data


def scope_choices(units):
    """Provinces and districts the user may see, for the scope picker."""
    return units.filter(kind__in=[Unit.Kind.PROVINCE, Unit.Kind.DISTRICT]).only("pk", "name")
