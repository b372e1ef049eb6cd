"""The summary's headline figures and tables, read from the tally (plain data, no query of
their own but the few names a table shows: terms, receiving units and their successors)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from cadres.models import MAJORITY_ETHNIC_GROUP, Cadre, Term, Unit, now_part_of
from postings.models import Direction, Posting
from postings.reports.base import Figure, Row, Table, pct

# Rows of the receiving-unit table on the page (ordered by rotations); one more row holds
# the rest. The exports hold every row. At national scale the full table has ~24,000 rows.
PAGE_ROW_CAP = 50

# --- headline figures ---------------------------------------------------------------------

FIGURE_LABELS = {
    "postings_total": pgettext_lazy("count", "Rotations"),
    "cadres_rotated": gettext_lazy("Persons rotated"),
    "postings_active": gettext_lazy("Active on the as-of date"),
    "postings_ended": gettext_lazy("Ended"),
    "joined_party_committee": gettext_lazy("Joined the receiving Party committee"),
    "joined_government": gettext_lazy("Joined the government"),
    "in_planning_pct": gettext_lazy("In the succession plan at the start"),
    "women_pct": gettext_lazy("Women (of persons)"),
    "ethnic_minority_pct": gettext_lazy("Ethnic minorities (of persons)"),
    "duration_met_pct": gettext_lazy("Served the minimum duration (of ended rotations)"),
    "overdue": gettext_lazy("Overdue"),
    "due_6_months": gettext_lazy("Due to end within 6 months"),
    # The succession pool's (postings/reports/pool.py), shown after the others.
    "pool_short": gettext_lazy("Key titles with too few planned"),
    "pool_enough": gettext_lazy("Key titles with enough planned"),
    "pool_crowded": gettext_lazy("Key titles with too many planned"),
}


def figures(numbers):
    """The twelve headline figures, in the order the page shows them."""
    values = {
        "postings_total": numbers["postings_total"],
        "cadres_rotated": numbers["cadres_rotated"],
        "postings_active": numbers["postings_active"],
        "postings_ended": numbers["postings_ended"],
        "joined_party_committee": numbers["joined_party_committee"],
        "joined_government": numbers["joined_government"],
        "in_planning_pct": pct(numbers["in_planning"], numbers["postings_total"]),
        "women_pct": pct(numbers["women"], numbers["cadres_rotated"]),
        "ethnic_minority_pct": pct(numbers["ethnic_minority"], numbers["cadres_rotated"]),
        "duration_met_pct": pct(numbers["duration_met"], numbers["postings_ended"]),
        "overdue": numbers["overdue"],
        "due_6_months": numbers["due_6_months"],
    }
    return [
        Figure(name, str(FIGURE_LABELS[name]), value, is_pct=name.endswith("_pct"))
        for name, value in values.items()
    ]


# --- tables -------------------------------------------------------------------------------


def total_row(numbers):
    return Row(str(_("Total")), numbers["postings_total"], numbers["cadres_rotated"], key="total")


def rows_in_order(data, labels, *, keep_empty=()):
    """Rows for the keys of `labels` in their order: those with data, and `keep_empty` always."""
    rows = []
    for key, label in labels:
        if key in data or key in keep_empty:
            rotations, persons = data.get(key, (0, 0))
            rows.append(Row(str(label), rotations, persons, key=str(key)))
    return rows


def table_by_year(tallies, params):
    """Rotations and persons by the year the rotation started."""
    data = tallies.by["year"]
    years = range(min(data), max(data) + 1) if data else []
    rows = [Row(str(year), *data.get(year, (0, 0)), key=str(year)) for year in years]
    return Table("theo-nam", _("By year"), _("Year"), rows, total_row(tallies.numbers))


def table_by_term(tallies, params):
    """Rotations and persons by the term in which they started: the Party's congress terms,
    or the People's Councils' when asked (they differ from 2026)."""
    data = tallies.by["term"]
    terms = Term.objects.filter(pk__in=[key for key in data if key is not None]).order_by("start")
    rows = [Row(term.name, *data[term.pk], key=str(term.pk)) for term in terms]
    if None in data:
        rows.append(Row(str(_("outside the catalogue's terms")), *data[None], key="none"))
    footnote = (
        _("Terms of the People's Councils (state terms).")
        if params.terms == Term.Body.STATE
        else _("Party congress terms; the People's Councils' terms are a choice of the filter.")
    )
    table = Table("theo-nhiem-ky", _("By term"), _("Term"), rows, total_row(tallies.numbers))
    table.footnote = str(footnote)
    return table


def table_by_direction(tallies, params):
    """Rotations and persons by direction (district → commune, horizontal…)."""
    data = tallies.by["direction"]
    labels = [*Direction.choices, ("", _("not recorded"))]
    rows = rows_in_order(data, labels)
    numbers = tallies.numbers
    return Table("theo-huong", _("By direction"), _("Direction"), rows, total_row(numbers))


def table_by_receiving_unit(tallies, params, cap=None):
    """Rotations and persons by receiving unit, named as it was, with its present successor.

    With `cap`, only the `cap` units with the most rotations, then one row for all the
    others (their rotations; their persons are not the sum of each unit's, so "—"), so the
    rotations still add up to the total. Ties are broken by the unit's id. The tallies may
    hold only the busiest units (the rollup's read for the page), and count the others in
    `others`.
    """
    data = tallies.by["to_unit"]
    left_out, left_out_rotations = tallies.others.get("to_unit", (0, 0))
    ranked = sorted(data, key=lambda pk: (-data[pk][0], pk))
    shown = ranked if cap is None else ranked[:cap]
    units = Unit.objects.filter(pk__in=shown).values_list(
        "pk", "name", "parent__name", "path", "valid_to"
    )
    result = sorted(units, key=lambda unit: (-data[unit[0]][0], unit[1], unit[0]))
    successors = now_part_of((pk, path, last) for pk, _n, _p, path, last in result)
    rows = []
    for pk, name, parent_name, _path, _last in result:
        label = f"{name} ({parent_name})" if parent_name else name
        now = successors.get(pk, [])
        rows.append(
            Row(
                label,
                *data[pk],
                key=str(pk),
                url=Unit(pk=pk).get_absolute_url(),
                note=", ".join(unit.name for unit in now),
            )
        )
    rest = ranked[len(shown) :]
    if rest or left_out:
        rotations = sum(data[pk][0] for pk in rest) + left_out_rotations
        label = _("Other receiving units (%(count)s)") % {"count": len(rest) + left_out}
        rows.append(Row(str(label), rotations, None, key="other"))
    numbers = tallies.numbers
    return Table(
        "theo-don-vi-nhan",
        _("By receiving unit"),
        _("Receiving unit (as it was)"),
        rows,
        total_row(numbers),
        note_heading=_("Now part of"),
        row_count=len(ranked) + left_out if rest or left_out else 0,
        shown=len(shown) if rest or left_out else 0,
    )


POST_GROUPS = [
    ("head_party", gettext_lazy("Head, Party")),
    ("deputy_party", gettext_lazy("Deputy, Party")),
    ("head_government", gettext_lazy("Head, government")),
    ("deputy_government", gettext_lazy("Deputy, government")),
    ("head_front", gettext_lazy("Head, Front and mass organisations")),
    ("deputy_front", gettext_lazy("Deputy, Front and mass organisations")),
    ("civil_servant", gettext_lazy("Civil servant title")),
    ("none", gettext_lazy("post not recorded")),
]


def table_by_post(tallies, params):
    """Rotations and persons by the post placed: head or deputy × Party, government, Front."""
    data, numbers = tallies.by["post"], tallies.numbers
    rows = rows_in_order(data, POST_GROUPS, keep_empty=[key for key, _label in POST_GROUPS[:6]])
    return Table("theo-chuc-vu", _("By post placed"), _("Post placed"), rows, total_row(numbers))


def outcome_labels():
    labels = [
        ("ongoing", _("ongoing on the as-of date")),
        ("not_started", _("not yet started on the as-of date")),
    ]
    labels += [
        (value, label)
        for value, label in Posting.Outcome.choices
        if value != Posting.Outcome.CANCELLED
    ]
    labels.append(("unrecorded", _("ended, outcome not recorded")))
    return labels


def table_by_outcome(tallies, params):
    """Rotations and persons by how they ended, as the register stood on the as-of date.

    A cadre kept at the destination is no longer a rotated cadre from that decision
    (Decree 170/2025 Art. 50.2): the rotation ends on its date, and a note says so.
    """
    numbers = tallies.numbers
    rows = rows_in_order(tallies.by["outcome"], outcome_labels())
    table = Table("theo-ket-qua", _("By outcome"), _("Outcome"), rows, total_row(numbers))
    kept = tallies.by["outcome"].get(Posting.Outcome.KEPT, (0, 0))[0]
    if kept:
        table.footnote = ngettext(
            "%(count)s rotation ended with the cadre kept at the destination: from the date "
            "of that decision the cadre no longer counts as rotated (Decree 170/2025 Art. "
            "50.2), so it is counted as ended, not under way.",
            "%(count)s rotations ended with the cadre kept at the destination: from the date "
            "of that decision the cadres no longer count as rotated (Decree 170/2025 Art. "
            "50.2), so they are counted as ended, not under way.",
            kept,
        ) % {"count": kept}
    return table


def table_by_sex(tallies, params):
    """Rotations and persons by sex."""
    data, numbers = tallies.by["sex"], tallies.numbers
    rows = rows_in_order(data, Cadre.Sex.choices, keep_empty=Cadre.Sex.values)
    return Table("theo-gioi-tinh", _("By sex"), _("Sex"), rows, total_row(numbers))


def table_by_ethnicity(tallies, params):
    """Rotations and persons: Kinh, ethnic minorities, and each minority group."""
    data, numbers = tallies.by["ethnicity"], tallies.numbers
    kinh = data.get(MAJORITY_ETHNIC_GROUP, (0, 0))
    groups = sorted(
        ((name, value) for name, value in data.items() if name != MAJORITY_ETHNIC_GROUP),
        key=lambda item: (-item[1][0], item[0]),
    )
    minority = (sum(v[0] for _n, v in groups), sum(v[1] for _n, v in groups))
    rows = [
        Row(MAJORITY_ETHNIC_GROUP, *kinh, key="kinh"),
        Row(str(_("Ethnic minorities")), *minority, key="minority"),
    ]
    rows += [Row(name, *value, key=name, indent=1) for name, value in groups]
    return Table("theo-dan-toc", _("By ethnicity"), _("Ethnicity"), rows, total_row(numbers))


AGE_BANDS = [
    ("under_35", gettext_lazy("under 35")),
    ("35_39", gettext_lazy("35–39")),
    ("40_44", gettext_lazy("40–44")),
    ("45_49", gettext_lazy("45–49")),
    ("50_over", gettext_lazy("50 and over")),
    ("unknown", gettext_lazy("age not recorded")),
]


def table_by_age(tallies, params):
    """Rotations and persons by age band at the start of the rotation."""
    numbers = tallies.numbers
    keep = [k for k, _label in AGE_BANDS[:5]]
    rows = rows_in_order(tallies.by["age"], AGE_BANDS, keep_empty=keep)
    return Table("theo-do-tuoi", _("By age at the start"), _("Age band"), rows, total_row(numbers))


TABLE_GROUPINGS = {
    "theo-nam": "year",
    "theo-nhiem-ky": "term",
    "theo-huong": "direction",
    "theo-don-vi-nhan": "to_unit",
    "theo-chuc-vu": "post",
    "theo-ket-qua": "outcome",
    "theo-gioi-tinh": "sex",
    "theo-dan-toc": "ethnicity",
    "theo-do-tuoi": "age",
}

# Tables the page shows capped at PAGE_ROW_CAP rows (the export keeps every row).
CAPPED_ON_PAGE = {"theo-don-vi-nhan"}

TABLES = {
    "theo-nam": table_by_year,
    "theo-nhiem-ky": table_by_term,
    "theo-huong": table_by_direction,
    "theo-don-vi-nhan": table_by_receiving_unit,
    "theo-chuc-vu": table_by_post,
    "theo-ket-qua": table_by_outcome,
    "theo-gioi-tinh": table_by_sex,
    "theo-dan-toc": table_by_ethnicity,
    "theo-do-tuoi": table_by_age,
}


def page_tables(tallies, params):
    """Every table as the page shows it: those in CAPPED_ON_PAGE cut at PAGE_ROW_CAP rows."""
    return [
        build(tallies, params, **({"cap": PAGE_ROW_CAP} if slug in CAPPED_ON_PAGE else {}))
        for slug, build in TABLES.items()
    ]
