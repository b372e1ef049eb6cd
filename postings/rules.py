"""Regulation 65-QĐ/TW as checks on one rotation: defaults, the snapshot at the start, warnings.

A broken rule is a warning that staff accept with a recorded reason, never a refusal:
the register must record what really happened (DOMAIN.md §2). Forms, imports and scripts
reach these checks through `postings.services.posting_validate`, the one write path.
"""

import functools

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from postings.models import Posting, derive_direction
from postings.ruledata import RuleData
from registry.dates import add_months, months_between, years_and_months


def fill_defaults(posting):
    """The planned end `ROTATION_MIN_MONTHS` after the start; the direction from the units.

    The direction is derived again on every save, so it follows a changed unit; a direction
    chosen by hand is a separate field with its reason (`Posting.clean` asks for it).
    """
    if posting.start and not posting.planned_end:
        posting.planned_end = add_months(posting.start, settings.ROTATION_MIN_MONTHS)
    if posting.direction_override:
        posting.direction = posting.direction_override
    elif posting.from_unit_id and posting.to_unit_id:
        posting.direction = derive_direction(posting.from_unit, posting.to_unit)


def take_snapshot(posting, data):
    """Age, working time left and planning status as they were on the start date.

    Always computed from the cadre's record and planning entries, never typed: the form and
    the import cannot set them, and a plan's change recomputes them (`services.postings_recheck`).
    """
    cadre = posting.cadre
    posting.age_at_start = cadre.age_on(posting.start)
    posting.working_months_left_at_start = cadre.working_months_left(posting.start)
    posting.in_planning_at_start = bool(cadre.pk) and data.in_plan(cadre.pk, posting.start)


def required_working_months(posting):
    """Working time the rotation needs left at its start, in months.

    At least `ROTATION_MIN_WORKING_YEARS` (Regulation 65-QĐ/TW Art. 5); one term
    (`ROTATION_TERM_YEARS`) for a key leader who is not a local and for a cadre at a two-term
    limit (Decree 138/2020 Art. 56.4b).
    """
    if posting.target_group in Posting.ONE_TERM_GROUPS:
        return settings.ROTATION_TERM_YEARS * 12
    return settings.ROTATION_MIN_WORKING_YEARS * 12


def served_months(posting):
    """Whole months from the start to the actual end, or to the planned end while under way."""
    end = posting.actual_end or posting.planned_end
    return months_between(posting.start, end) if end else None


def rule_warnings(posting, data):
    """The codes of the rules this rotation breaks, in a stable order.

    Regulation 65-QĐ/TW governs rotations: a transfer, a secondment or an appointment
    recorded here breaks none of its rules.
    """
    if posting.kind != Posting.Kind.ROTATION:
        return []
    found = []
    served = served_months(posting)
    cancelled = posting.outcome == Posting.Outcome.CANCELLED
    if not cancelled and served is not None and served < settings.ROTATION_MIN_MONTHS:
        found.append(Posting.Warning.SHORT_DURATION)
    if not posting.in_planning_at_start:
        found.append(Posting.Warning.NOT_IN_PLAN)
    months_left = posting.working_months_left_at_start
    if months_left is not None and months_left < required_working_months(posting):
        one_term = posting.target_group in Posting.ONE_TERM_GROUPS
        found.append(
            Posting.Warning.LESS_THAN_A_TERM if one_term else Posting.Warning.FEW_WORKING_YEARS
        )
    if posting.cadre.pk and data.under_discipline(posting.cadre.pk, posting.start):
        found.append(Posting.Warning.UNDER_DISCIPLINE)
    if posting.post_relation == Posting.PostRelation.HIGHER:
        found.append(Posting.Warning.HIGHER_POST)
    if posting.post_relation == Posting.PostRelation.LOWER:
        found.append(Posting.Warning.LOWER_POST)
    return [str(code) for code in found]


def evaluate(posting, data=None):
    """Take the snapshot at the start, then set `posting.warnings`; return the warnings.

    The defaults come first (`fill_defaults`): the duration rule reads the planned end.
    `data` holds the cadre's plans and discipline (`postings.ruledata.RuleData`), loaded
    once for every row of an import; loaded here for this one cadre otherwise.
    """
    if data is None:
        data = RuleData.load([posting.cadre_id], lock=False)
    take_snapshot(posting, data)
    posting.warnings = rule_warnings(posting, data)
    return posting.warnings


def working_time_text(months):
    """Working time as people say it: "10 years 2 months" ("10 năm 2 tháng")."""
    if months is None:
        return "—"
    years, rest = years_and_months(months)
    return _("%(years)s years %(months)s months") % {"years": years, "months": rest}


def describe(codes):
    """The warnings as sentences a person reads, with the thresholds in force."""
    sentences = warning_sentences(
        translation.get_language(),
        settings.ROTATION_MIN_MONTHS,
        settings.ROTATION_MIN_WORKING_YEARS,
        settings.ROTATION_TERM_YEARS,
    )
    return [sentences[code] for code in codes if code in sentences]


@functools.lru_cache(maxsize=16)
def warning_sentences(language, *thresholds):
    """Each warning's sentence in this language and for these thresholds, written once (an
    import describes the warnings of thousands of rows)."""
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
        Posting.Warning.LESS_THAN_A_TERM: _(
            "Less than one term (%(years)s years) of working time was left at the start."
        )
        % {"years": settings.ROTATION_TERM_YEARS},
        Posting.Warning.UNDER_DISCIPLINE: _("The cadre was under discipline on the start date."),
        Posting.Warning.HIGHER_POST: _(
            "The cadre was rotated to a higher post, which is for outstanding cadres only."
        ),
        Posting.Warning.LOWER_POST: _(
            "The cadre was rotated to a lower post; the post should be equivalent as a rule."
        ),
    }
    return {str(code): str(sentence) for code, sentence in sentences.items()}
