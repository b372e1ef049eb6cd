"""The glossary page's words: each term, state, rule and figure, what it means, and its source.

The figures' and states' names are the ones the pages show (`FIGURE_LABELS`,
`Posting.State`, `Posting.Warning`), so the glossary names them as the reader saw them;
each entry's anchor is the name the pages link to (`/glossary/#overdue`).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from postings.models import Posting
from postings.reports.tables import FIGURE_LABELS

TERMS = [
    (
        "rotation",
        _("Cadre rotation"),
        _(
            "A leadership or management cadre sent for a fixed period to another post, unit, "
            "level or place, to train them in practice and meet a need. Not a transfer, a "
            "secondment or an appointment."
        ),
        _("Resolution 11-NQ/TW; Regulation 65-QĐ/TW, Art. 1"),
    ),
    (
        "persons",
        _("Rotations and persons"),
        _(
            "Every rotation counts once; a cadre rotated twice is two rotations and one "
            "person. Cancelled rotations count nowhere."
        ),
        _("Conclusion 24-KL/TW"),
    ),
    (
        "scope",
        _("Scope"),
        _(
            "The unit whose subtree a user sees: a district's users see that district and "
            "its communes. A rotation belongs to a scope when it leaves from or arrives in it."
        ),
        "",
    ),
    (
        "direction",
        _("Direction"),
        _(
            "From a higher level to a lower one, from a lower to a higher one, between "
            "localities, or between bodies of one level (horizontal). Worked out from the two "
            "units, and can be corrected."
        ),
        _("Regulation 65-QĐ/TW, Art. 4"),
    ),
    (
        "plan",
        _("Succession plan"),
        _(
            "The cadres named, for a term, as candidates for a post; rotation is for cadres "
            "in the plan."
        ),
        _("Regulation 377-QĐ/TW (2025), formerly Regulation 50-QĐ/TW"),
    ),
    (
        "as-of",
        _("As-of date"),
        _(
            "The day on which each rotation's state is judged, from what the register says "
            "about that day. By default, today."
        ),
        "",
    ),
]

STATE_MEANINGS = {
    Posting.State.NOT_STARTED: _("Starts after the as-of date."),
    Posting.State.ACTIVE: _(
        "Started on or before the as-of date, and by then neither ended nor given an outcome."
    ),
    Posting.State.DUE: _(
        "Under way, its planned end on the as-of date or within 6 months after it."
    ),
    Posting.State.OVERDUE: _(
        "Under way, its planned end already passed on the as-of date: the return or another "
        "outcome must be decided."
    ),
    Posting.State.ENDED: _(
        "Ended on or before the as-of date (an outcome that ends a rotation needs its date)."
    ),
    Posting.State.CANCELLED: _(
        "The decision was withdrawn; the rotation stays in the register but counts nowhere."
    ),
}


def rules():
    """Each rule of Regulation 65 the registry checks: (code, name, meaning, source)."""
    months, years = settings.ROTATION_MIN_MONTHS, settings.ROTATION_MIN_WORKING_YEARS
    warning = Posting.Warning
    return [
        (
            warning.SHORT_DURATION,
            _(
                "A rotation lasts at least %(months)s months; the deciding authority may allow "
                "a shorter one in special cases."
            )
            % {"months": months},
            _("Regulation 65-QĐ/TW, Art. 8"),
        ),
        (
            warning.NOT_IN_PLAN,
            _(
                "The cadre must be in an approved succession plan on the start date: a plan is "
                "in force from its approval, also before its term begins, until the cadre is "
                "taken out of it."
            ),
            _("Regulation 65-QĐ/TW, Art. 1 and 4"),
        ),
        (
            warning.FEW_WORKING_YEARS,
            _(
                "At least %(years)s years of working time left at the start, counted to the "
                "end of the month in which the cadre reaches the retirement age of the Labour "
                "Code."
            )
            % {"years": years},
            _(
                "Regulation 65-QĐ/TW, Art. 5; Decree 138/2020, Art. 56; Labour Code 2019, "
                "Art. 169; Decree 135/2020, Art. 4"
            ),
        ),
        (
            warning.LESS_THAN_A_TERM,
            _(
                "For a key leader who is not a local, or a cadre at a two-term limit, one term "
                "(%(years)s years) of working time left suffices."
            )
            % {"years": settings.ROTATION_TERM_YEARS},
            _("Decree 138/2020, Art. 56.4b"),
        ),
        *discipline_and_post_rules(),
    ]


def discipline_and_post_rules():
    """The rules on discipline and on the post placed: (code, meaning, source)."""
    warning = Posting.Warning
    return [
        (
            warning.UNDER_DISCIPLINE,
            _("No rotation while the cadre is under discipline."),
            _("Rules of the local Party committees"),
        ),
        (
            warning.HIGHER_POST,
            _(
                "A rotation is to an equivalent post as a rule; to a higher post only for "
                "outstanding cadres."
            ),
            _("Regulation 65-QĐ/TW, Art. 4"),
        ),
        (
            warning.LOWER_POST,
            _("A rotation to a lower post is an exception too, recorded with its reason."),
            _("Regulation 65-QĐ/TW, Art. 4"),
        ),
    ]


def figure_meanings():
    """Each headline figure: (name, label as the summary shows it, meaning)."""
    meanings = {
        "postings_total": _(
            "Rotations in the scope starting within the period, cancelled ones aside; "
            "transfers, secondments and appointments are not rotations."
        ),
        "cadres_rotated": _("Different persons among those rotations."),
        "postings_active": _(
            "Of those, the ones under way on the as-of date (due and overdue included)."
        ),
        "postings_ended": _("Of those, the ones ended on the as-of date."),
        "joined_party_committee": _(
            "Rotations in which the cadre joined the receiving Party committee."
        ),
        "joined_government": _(
            "Rotations in which the cadre joined the receiving government (People's Council "
            "or People's Committee)."
        ),
        "in_planning_pct": _(
            "Share of the rotations whose cadre was in the succession plan at the start "
            "(expected: 100 %)."
        ),
        "women_pct": _("Share of women among the persons rotated."),
        "ethnic_minority_pct": _("Share of ethnic-minority persons among the persons rotated."),
        "duration_met_pct": _(
            "Share of the ended rotations that lasted at least %(months)s whole months (an "
            "early ending before that did not)."
        )
        % {"months": settings.ROTATION_MIN_MONTHS},
        "overdue": _("Rotations under way whose planned end has passed on the as-of date."),
        "due_6_months": _(
            "Rotations under way whose planned end falls on the as-of date or within 6 months "
            "after it."
        ),
        **pool_meanings(),
    }
    return [(name, FIGURE_LABELS[name], meaning) for name, meaning in meanings.items()]


def pool_meanings():
    """The succession pool's figures (postings/reports/pool.py), with the numbers in force."""
    numbers = {
        "minimum": settings.SUCCESSION_PLAN_MIN_PER_TITLE,
        "maximum": settings.SUCCESSION_PLAN_MAX_PER_TITLE,
        "titles": settings.SUCCESSION_PLAN_MAX_TITLES_PER_PERSON,
    }
    return {
        "pool_short": _(
            "Key titles of the units in the scope with fewer than %(minimum)s people in the "
            "succession plan in force on the as-of date (Regulation 50-QĐ/TW, now 377-QĐ/TW)."
        )
        % numbers,
        "pool_enough": _(
            "Key titles with %(minimum)s to %(maximum)s people in the succession plan, none of "
            "them planned for more than %(titles)s titles."
        )
        % numbers,
        "pool_crowded": _(
            "Key titles with more than %(maximum)s people in the succession plan, or with one "
            "planned for more than %(titles)s titles."
        )
        % numbers,
    }
