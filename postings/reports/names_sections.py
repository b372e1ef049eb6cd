"""The names behind the cells of the summary's later sections: what followed the rotations
(`afterwards.py`) and plan against done (`plans.py`).

Each cell's rows come from the very conditions its table counts with: the rows' marks of
`afterwards` (`placement_marks`, `review_marks`, `rating_marks` on the ended rotations,
`finding_marks` and `late_q` on the findings) and, for the plan tables, `plans.row_q` and
the item state of `postings.plans` (`PlanItemQuerySet.with_progress`). So a cell's list has
as many rows as the cell says.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from postings.models import PlanItem, ended_q
from postings.reports import afterwards, plans
from postings.reports.base import Selection

# The tables of what followed whose rows are ended rotations, and their rows' conditions.
ROTATION_MARKS = {
    "sau-luan-chuyen": afterwards.placement_marks,
    "danh-gia-cuoi": afterwards.review_marks,
    "xep-loai": afterwards.rating_marks,
}
FINDINGS = "kiem-tra"
COUNT_COLUMNS = ("rotations", "persons")
SHARE_DONE = "share-done"


def has_table(slug):
    """Whether this module lists the cells of table `slug`."""
    return slug in ROTATION_MARKS or slug == FINDINGS or slug in plans.PLAN_TABLES


def cell_selection(user, params, slug, key, column):
    """The rows behind one cell of a later section's table; 404 for no such cell."""
    if slug in plans.PLAN_TABLES:
        return plan_selection(params, slug, key, column)
    if column not in COUNT_COLUMNS:
        raise Http404
    table = afterwards.TABLES[slug](user, params)
    marks = afterwards.finding_marks() if slug == FINDINGS else ROTATION_MARKS[slug](params.as_of)
    if key not in marks:
        raise Http404
    found = next((row for row in [*table.rows, table.total] if row.key == key), None)
    heading = table.headings[COUNT_COLUMNS.index(column)]
    title = f"{table.title}: {found.label if found else key} · {heading}"
    if slug == FINDINGS:
        late = afterwards.late_q(params.as_of)
        condition = marks[key] & late if column == "persons" else marks[key]
        return Selection(title=title, condition=condition, kind="findings")
    return Selection(title=title, condition=marks[key], kind=column, within=ended_q(params.as_of))


def plan_selection(params, slug, key, column):
    """The items behind one cell of a plan table; the share done lists the done items of
    the row's items planned."""
    condition = plans.row_q(slug, key)
    if condition is None or (column not in plans.COLUMN_STATES and column != SHARE_DONE):
        raise Http404
    table = plans.PlanTable
    labels = dict(zip([*plans.COLUMN_STATES, SHARE_DONE], table.column_labels(), strict=True))
    heading = str(plans.TITLES[slug])
    label = _("Total") if key == "total" else key

    def items(shown):
        return Selection(
            title=f"{heading}: {label} · {labels[shown]}",
            condition=condition,
            kind="items",
            state=plans.COLUMN_STATES[shown],
        )

    if column == SHARE_DONE:
        share = items("done")
        share.title = f"{heading}: {label} · {labels[SHARE_DONE]}"
        share.base = items("planned")
        return share
    return items(column)


def selected_items(user, params, selection):
    """The plan items a cell counts, in the plan tables' order, with their state."""
    rows = plans.plan_items(user, params).filter(selection.condition)
    rows = rows.with_progress(params.as_of)
    if selection.state is not None:
        rows = rows.filter(item_state=selection.state)
    return rows.select_related("cadre", "plan", "to_unit", "to_position").order_by(
        "year", "plan__name", "cadre__search_key", "pk"
    )


def selected_findings(user, params, selection):
    """The inspection findings a cell counts, by date."""
    rows = afterwards.findings_in_scope(user, params).filter(selection.condition)
    return rows.select_related("unit").order_by("date", "pk")


def day(value):
    return f"{value:%d/%m/%Y}" if value else ""


def item_target(item):
    """What an item asks for: its intended title and unit."""
    return " – ".join(str(x) for x in (item.to_position, item.to_unit) if x)


def item_label(item):
    """A named item's cadre, or a count item's count, direction and group."""
    if item.cadre_id:
        return item.cadre.full_name
    parts = [item.get_direction_display(), item.get_target_group_display()]
    return " · ".join([f"{item.target_count} ×", *filter(None, parts)])


def item_records(items):
    """Header and rows of a list of plan items, for the page and the download alike."""
    header = [_("Cadre"), _("Year"), _("Intended title and unit"), _("Plan"), _("Status")]
    rows = [
        [
            item_label(item),
            item.year,
            item_target(item),
            item.plan.name,
            str(PlanItem.State(item.item_state).label),
        ]
        for item in items
    ]
    return header, rows


def finding_records(findings):
    """Header and rows of a list of inspection findings."""
    header = [
        _("Inspected unit"),
        _("Inspection date"),
        _("Kind of finding"),
        _("Status"),
        _("Correct by"),
        _("What was found wrong"),
    ]
    rows = [
        [
            finding.unit.name,
            day(finding.date),
            finding.get_kind_display(),
            finding.get_status_display(),
            day(finding.deadline),
            finding.finding,
        ]
        for finding in findings
    ]
    return header, rows
