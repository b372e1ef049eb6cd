"""Regulation 65-QĐ/TW as checks on one rotation: defaults, the snapshot at the start, warnings.

A broken rule is a warning that staff accept with a recorded reason, never a refusal:
the register must record what really happened (DOMAIN.md §2). Forms, imports and scripts
reach these checks through `postings.services.posting_validate`, the one write path.
"""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from postings.models import Posting, derive_direction
from registry.dates import add_months, months_between


def fill_defaults(posting):
    """The planned end `ROTATION_MIN_MONTHS` after the start, and the direction from the units."""
    if posting.start and not posting.planned_end:
        posting.planned_end = add_months(posting.start, settings.ROTATION_MIN_MONTHS)
    if not posting.direction and posting.from_unit_id and posting.to_unit_id:
        posting.direction = derive_direction(posting.from_unit, posting.to_unit)


def take_snapshot(posting):
    """Record age, working years left and planning status as they were on the start date."""
    cadre = posting.cadre
    posting.age_at_start = cadre.age_on(posting.start)
    posting.working_years_left_at_start = Decimal(str(cadre.working_years_left(posting.start)))
    if cadre.pk and cadre.in_plan_on(posting.start):
        posting.in_planning_at_start = True


def rule_warnings(posting):
    """The codes of the rules this rotation breaks, in a stable order."""
    found = []
    end = posting.actual_end or posting.planned_end
    cancelled = posting.outcome == Posting.Outcome.CANCELLED
    if not cancelled and end and months_between(posting.start, end) < settings.ROTATION_MIN_MONTHS:
        found.append(Posting.Warning.SHORT_DURATION)
    if not posting.in_planning_at_start:
        found.append(Posting.Warning.NOT_IN_PLAN)
    years_left = posting.working_years_left_at_start
    if years_left is not None and years_left < settings.ROTATION_MIN_WORKING_YEARS:
        found.append(Posting.Warning.FEW_WORKING_YEARS)
    if posting.cadre.pk and posting.cadre.under_discipline_on(posting.start):
        found.append(Posting.Warning.UNDER_DISCIPLINE)
    if posting.post_relation == Posting.PostRelation.HIGHER:
        found.append(Posting.Warning.HIGHER_POST)
    return [str(code) for code in found]


def evaluate(posting):
    """Take the snapshot at the start, then set `posting.warnings`; return the warnings.

    The defaults come first (`fill_defaults`): the duration rule reads the planned end.
    """
    take_snapshot(posting)
    posting.warnings = rule_warnings(posting)
    return posting.warnings


def describe(codes):
    """The warnings as sentences a person reads, with the thresholds in force."""
    sentences = {
        Posting.Warning.SHORT_DURATION: _("The rotation lasts less than %(months)s months.")
        % {"months": settings.ROTATION_MIN_MONTHS},
        Posting.Warning.NOT_IN_PLAN: _(
            "The cadre was not in an approved succession plan on the start date."
        ),
        Posting.Warning.FEW_WORKING_YEARS: _(
            "Fewer than %(years)s years of working time were left at the start."
        )
        % {"years": settings.ROTATION_MIN_WORKING_YEARS},
        Posting.Warning.UNDER_DISCIPLINE: _("The cadre was under discipline on the start date."),
        Posting.Warning.HIGHER_POST: _(
            "The cadre was rotated to a higher post, which is for outstanding cadres only."
        ),
    }
    return [str(sentences[Posting.Warning(code)]) for code in codes if code in Posting.Warning]
