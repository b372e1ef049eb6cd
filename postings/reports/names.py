"""The names behind every figure: the rotations (or persons) a headline figure or a table
cell of the summary counts, listed.

Each figure and each cell maps to a `Selection`: a condition over the summary's rotations
(`scoped_rotations`) built from the very definitions the tally counts with (`tally.py`:
`mark_conditions` for the figures, `tally_keys` for the tables' rows), and whether it counts
rotations or distinct persons. So a figure's link lists exactly as many rows as the figure
says; a share (`…_pct`) lists its part and names its whole (`Selection.base`).
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cadres.models import MAJORITY_ETHNIC_GROUP, Cadre, Term, Unit
from postings.models import Direction, Posting
from postings.reports import names_sections
from postings.reports.base import Selection, scoped_rotations
from postings.reports.tables import (
    AGE_BANDS,
    FIGURE_LABELS,
    POST_GROUPS,
    TABLE_GROUPINGS,
    TABLES,
    outcome_labels,
)
from postings.reports.tally import GROUPINGS, mark_conditions, tally_keys, with_duration

# Each headline figure: the mark its rows meet (None: every counted rotation), whether it
# counts persons, and for a share the figure it is a share of.
FIGURE_ROWS = {
    "postings_total": (None, False, None),
    "cadres_rotated": (None, True, None),
    "postings_active": ("postings_active", False, None),
    "postings_ended": ("postings_ended", False, None),
    "joined_party_committee": ("joined_party_committee", False, None),
    "joined_government": ("joined_government", False, None),
    "in_planning_pct": ("in_planning", False, "postings_total"),
    "women_pct": ("female", True, "cadres_rotated"),
    "ethnic_minority_pct": ("minority", True, "cadres_rotated"),
    "duration_met_pct": ("duration_met", False, "postings_ended"),
    "overdue": ("overdue", False, None),
    "due_6_months": ("due_6_months", False, None),
}

COLUMNS = ("rotations", "persons")


def has_figure(name):
    """Whether headline figure `name` has its list here (the succession pool's figures are
    titles, listed on the pool's own page)."""
    return name in FIGURE_ROWS


def has_table(slug):
    """Whether the cells of table `slug` have their lists here: the tally's tables, what
    followed the rotations and plan against done (`names_sections`)."""
    return slug in TABLES or names_sections.has_table(slug)


def figure_selection(params, name):
    """The rows behind headline figure `name`; 404 for a name that is no figure."""
    if name not in FIGURE_ROWS:
        raise Http404
    mark, persons, base = FIGURE_ROWS[name]
    condition = Q() if mark is None else mark_conditions(params)[mark]
    return Selection(
        title=str(FIGURE_LABELS[name]),
        condition=condition,
        kind="persons" if persons else "rotations",
        base=figure_selection(params, base) if base else None,
    )


def cell_selection(user, params, slug, key, column):
    """The rows behind one cell of a table: row `key` ("total" for the total), `column`
    rotations or persons (or a plan table's column); 404 for a table, row or column that
    does not exist."""
    if names_sections.has_table(slug):
        return names_sections.cell_selection(user, params, slug, key, column)
    if slug not in TABLES or column not in COLUMNS:
        raise Http404
    key_name = GROUPINGS[TABLE_GROUPINGS[slug]][0]
    label, condition = row_condition(slug, key_name, key)
    heading = pgettext("count", "Rotations") if column == "rotations" else _("Persons")
    title = f"{table_title(slug)}: {label} · {heading}"
    return Selection(title=title, condition=condition, kind=column, key=key_name)


def row_condition(slug, key_name, key):
    """(the row's label, its condition on the key annotation `key_name`)."""
    if key == "total":
        return _("Total"), Q()
    if slug == "theo-dan-toc" and key in ("kinh", "minority"):
        kinh = Q(**{key_name: MAJORITY_ETHNIC_GROUP})
        return (MAJORITY_ETHNIC_GROUP, kinh) if key == "kinh" else (_("Ethnic minorities"), ~kinh)
    if slug == "theo-nhiem-ky" and key == "none":
        return _("outside the catalogue's terms"), Q(**{f"{key_name}__isnull": True})
    value = key
    if slug in ("theo-nam", "theo-nhiem-ky", "theo-don-vi-nhan"):
        if not key.isdigit():
            raise Http404
        value = int(key)
    return row_label(slug, value), Q(**{key_name: value})


def row_label(slug, value):
    """A table row's label, as the table names it."""
    labels = {
        "theo-huong": [*Direction.choices, ("", _("not recorded"))],
        "theo-chuc-vu": POST_GROUPS,
        "theo-ket-qua": outcome_labels(),
        "theo-gioi-tinh": Cadre.Sex.choices,
        "theo-do-tuoi": AGE_BANDS,
    }
    if slug in labels:
        return str(dict(labels[slug]).get(value, value))
    if slug == "theo-nhiem-ky":
        term = Term.objects.filter(pk=value).first()
        return term.name if term else str(value)
    if slug == "theo-don-vi-nhan":
        unit = Unit.objects.filter(pk=value).first()
        return unit.name if unit else str(value)
    return str(value)


def table_title(slug):
    titles = {
        "theo-nam": _("By year"),
        "theo-nhiem-ky": _("By term"),
        "theo-huong": _("By direction"),
        "theo-don-vi-nhan": _("By receiving unit"),
        "theo-chuc-vu": _("By post placed"),
        "theo-ket-qua": _("By outcome"),
        "theo-gioi-tinh": _("By sex"),
        "theo-dan-toc": _("By ethnicity"),
        "theo-do-tuoi": _("By age at the start"),
    }
    return titles[slug]


def selected_rotations(user, params, selection):
    """The summary's rotations that `selection` counts, ordered by start."""
    rows = with_duration(scoped_rotations(user, params, selection.within))
    if selection.key:
        rows = rows.annotate(**{selection.key: tally_keys(params)[selection.key]})
    return rows.filter(selection.condition)


def selected(user, params, selection):
    """The rows behind a figure or cell: rotations by start, the distinct persons by name,
    plan items or inspection findings."""
    if selection.kind == "items":
        return names_sections.selected_items(user, params, selection)
    if selection.kind == "findings":
        return names_sections.selected_findings(user, params, selection)
    rotations = selected_rotations(user, params, selection)
    if selection.persons:
        cadres = Cadre.objects.filter(pk__in=rotations.values("cadre_id"))
        return cadres.select_related("current_unit").order_by("full_name", "pk")
    return (
        Posting.objects.filter(pk__in=rotations.values("pk"))
        .select_related("cadre", "from_unit", "to_unit", "from_position", "to_position")
        .order_by("start", "pk")
    )


def day(value):
    return f"{value:%d/%m/%Y}" if value else ""


def person_records(cadres):
    """Header and rows of a list of persons, for the page and the download alike."""
    header = [_("Cadre"), _("Sex"), _("Ethnicity"), _("Date of birth"), _("Current unit")]
    rows = [
        [
            cadre.full_name,
            cadre.get_sex_display(),
            cadre.ethnicity,
            day(cadre.date_of_birth),
            cadre.current_unit.name if cadre.current_unit else "",
        ]
        for cadre in cadres
    ]
    return header, rows


def rotation_records(postings):
    """Header and rows of a list of rotations: where each came from (where a cadre returns),
    where to, when, and how it stood."""
    header = [
        _("Cadre"),
        pgettext("place", "From"),
        pgettext("place", "To"),
        _("Post placed"),
        _("Start"),
        _("Planned end"),
        _("Actual end"),
        _("Outcome"),
        _("Decision"),
    ]
    rows = [
        [
            posting.cadre.full_name,
            posting.from_unit.name,
            posting.to_unit.name,
            posting.to_position.name if posting.to_position else "",
            day(posting.start),
            day(posting.planned_end),
            day(posting.actual_end),
            posting.get_outcome_display(),
            " ".join(filter(None, [posting.decision_number, day(posting.decision_date)])),
        ]
        for posting in postings
    ]
    return header, rows


def records(selection, rows):
    """The rows as the page's and the download's cells."""
    if selection.kind == "items":
        return names_sections.item_records(rows)
    if selection.kind == "findings":
        return names_sections.finding_records(rows)
    return person_records(rows) if selection.persons else rotation_records(rows)
