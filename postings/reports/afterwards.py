"""What followed the rotations, for the summary's last sections: the placements afterwards,
the end reviews and their ratings, and the inspection findings (issue 14, item 6).

The placements, reviews and ratings tables count among the summary's rotations
(`scoped_rotations`: the user's and the chosen scope, the period, not cancelled, rotations
proper) those ended on the as-of date, by the reviews and placements dated on or before it:
the flags of postings/reports/followed.py, read in one query for the three tables (or from
the rollup for today's country and province summary). The `*_marks` below are the same rows
as conditions on a rotation, for the names behind each cell (names_sections.py); the names
test holds each cell's count equal to its list's length. One query for the findings table
and one for the open findings' list: the number of queries does not grow with the data.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from postings.models import (
    END_REVIEW_KINDS,
    Evaluation,
    InspectionFinding,
    Placement,
    missing_review_q,
)
from postings.reports.base import Row, Table
from postings.reports.followed import live_counts

OPEN_FINDINGS_SHOWN = 50


@dataclass
class Section:
    slug: str
    title: str
    tables: list
    open_findings: list = field(default_factory=list)
    open_count: int = 0


def placed_q(as_of, **lookups):
    placements = Placement.objects.filter(posting=OuterRef("pk"), date__lte=as_of, **lookups)
    return Q(Exists(placements))


def placement_marks(as_of):
    """Each row of the placements table: its condition on an ended rotation."""
    marks = {kind: placed_q(as_of, comparison=kind) for kind in Placement.Comparison.values}
    marks["none"] = ~placed_q(as_of)
    marks["key_title"] = placed_q(as_of, position__is_key=True)
    marks["total"] = Q(pk__isnull=False)
    return marks


def table_placements(data):
    """Ended rotations by the placement afterwards: higher, equivalent, lower, kept at the
    destination, none recorded; and those placed in a key title. `data`: the flags' counts
    (`counted`)."""
    rows = [
        Row(str(label), *data[f"placed_{key}"], key=key)
        for key, label in Placement.Comparison.choices
    ]
    rows.append(Row(_("no placement recorded"), *data["placed_none"], key="none"))
    rows.append(Row(_("of the placed: in a key title"), *data["placed_key"], key="key_title"))
    return Table(
        "sau-luan-chuyen",
        _("Placement after the rotation"),
        _("Placement"),
        rows,
        Row(_("Ended rotations"), *data["ended"], key="total"),
        footnote=_(
            "Compared with the post before the rotation. A key title is one the succession "
            "plan covers (the titles catalogue)."
        ),
    )


def reviewed_q(as_of, kind):
    evaluations = Evaluation.objects.filter(posting=OuterRef("pk"), kind=kind, date__lte=as_of)
    return Q(Exists(evaluations))


def review_marks(as_of):
    """Each row of the end reviews table: its condition on an ended rotation."""
    missing = missing_review_q(as_of)
    marks = {"complete": ~missing, "missing": missing}
    for kind in END_REVIEW_KINDS:
        marks[f"no_{kind}"] = ~reviewed_q(as_of, kind)
    marks["no_placement"] = ~placed_q(as_of)
    marks["total"] = Q(pk__isnull=False)
    return marks


def table_reviews(data):
    """Ended rotations with their three end reviews and placement, and those missing some."""
    rows = [
        Row(_("with the three reviews and the placement"), *data["complete"], key="complete"),
        Row(_("missing a review or the placement"), *data["missing"], key="missing"),
    ]
    for kind in END_REVIEW_KINDS:
        label = _("without: %(review)s") % {"review": Evaluation.Kind(kind).label}
        rows.append(Row(label, *data[f"no_{kind}"], key=f"no_{kind}", indent=1))
    label = _("without: %(review)s") % {"review": _("placement after the rotation")}
    rows.append(Row(label, *data["placed_none"], key="no_placement", indent=1))
    return Table(
        "danh-gia-cuoi",
        _("Reviews at the end of the rotation"),
        _("Ended rotations"),
        rows,
        Row(_("Ended rotations"), *data["ended"], key="total"),
        footnote=_(
            "The three reviews: the cadre's self-review, the receiving unit's assessment and "
            "the deciding authority's conclusion (Regulation 65-QĐ/TW Art. 6)."
        ),
    )


def rating_marks(as_of):
    """Each row of the ratings table: its condition on an ended rotation, through its
    evaluations (one join: a rotation counts once, however many of its reviews match)."""
    marks = {
        f"{kind}-{rating}": Q(
            evaluations__kind=kind,
            evaluations__rating=rating,
            evaluations__date__lte=as_of,
        )
        for kind in END_REVIEW_KINDS
        for rating in [*Evaluation.Rating.values, ""]
    }
    for kind in END_REVIEW_KINDS:
        marks[kind] = Q(evaluations__kind=kind, evaluations__date__lte=as_of)
    marks["total"] = Q(evaluations__kind__in=END_REVIEW_KINDS, evaluations__date__lte=as_of)
    return marks


def table_ratings(data):
    """The end reviews' ratings, by kind of review: rotations and persons rated so."""
    rows = []
    ratings = [*Evaluation.Rating.choices, ("", _("no rating recorded"))]
    for kind in END_REVIEW_KINDS:
        rows.append(Row(str(Evaluation.Kind(kind).label), *data[kind], key=kind))
        for rating, rating_label in ratings:
            key = f"{kind}-{rating}"
            if any(data[key]):
                rows.append(Row(str(rating_label), *data[key], key=key, indent=1))
    total = Row(_("Rotations reviewed"), *data["reviewed"], key="total")
    return Table("xep-loai", _("Ratings of the end reviews"), _("Review and rating"), rows, total)


def counted(user, params):
    """The flags' counts (postings/reports/followed.py) the three tables of what followed
    read: from the rollup's totals for today's country or province summary, from its
    entries for another period or as-of date of those, live otherwise."""
    from postings.reports.rollup import (
        kept_scope,
        rollup_followed,
        rollup_followed_on,
        rollup_scope,
    )

    scope = rollup_scope(user, params)
    if scope is not None:
        found = rollup_followed(scope, params.as_of)
    elif (kept := kept_scope(user, params)) is not None:
        found = rollup_followed_on(kept, params)
    else:
        found = live_counts(user, params)
    return defaultdict(lambda: (0, 0), found)


def findings_in_scope(user, params):
    """Inspection findings the user may see, in the scope, dated within the period."""
    rows = InspectionFinding.objects.visible_to(user).filter(
        date__gte=params.start, date__lte=min(params.end, params.as_of)
    )
    if params.scope is not None:
        rows = rows.filter(unit__path__startswith=params.scope.path)
    return rows


def late_q(as_of):
    """A finding still open on `as_of` past its deadline."""
    return Q(status=InspectionFinding.Status.OPEN, deadline__lt=as_of)


def finding_marks():
    """Each row of the findings table: its condition on a finding (by kind, by kind and
    status, all). The names lists read them; `table_findings` counts the same rows grouped."""
    marks = {}
    for kind in InspectionFinding.Kind.values:
        marks[kind] = Q(kind=kind)
        for status in InspectionFinding.Status.values:
            marks[f"{kind}-{status}"] = Q(kind=kind, status=status)
    marks["total"] = Q(pk__isnull=False)
    return marks


def table_findings(user, params):
    """Inspection findings by kind and status, and the open ones past their deadline."""
    grouped = (
        findings_in_scope(user, params)
        .values("kind", "status")
        .annotate(n=Count("pk"), late=Count("pk", filter=late_q(params.as_of)))
        .order_by()
        .values_list("kind", "status", "n", "late")
    )
    counts = defaultdict(Counter)
    for kind, status, n, late in grouped:
        for key in (kind, f"{kind}-{status}", "total"):
            counts[key].update(found=n, late=late)
    found = defaultdict(lambda: (0, 0), {k: (c["found"], c["late"]) for k, c in counts.items()})
    rows = []
    for kind, label in InspectionFinding.Kind.choices:
        if not found[kind][0]:
            continue
        rows.append(Row(str(label), *found[kind], key=kind))
        for status, status_label in InspectionFinding.Status.choices:
            key = f"{kind}-{status}"
            if found[key][0]:
                rows.append(Row(str(status_label), *found[key], key=key, indent=1))
    return Table(
        "kiem-tra",
        _("Inspection findings"),
        _("Kind and status"),
        rows,
        Row(_("Total"), *found["total"], key="total"),
        count_headings=(_("Findings"), _("Open past the deadline")),
    )


def open_findings(user, params):
    """The open findings, the nearest deadline first (those without one last)."""
    rows = findings_in_scope(user, params).filter(status=InspectionFinding.Status.OPEN)
    # NULL deadlines sort first on PostgreSQL and last on SQLite: say where they go.
    ordered = rows.select_related("unit").order_by(F("deadline").asc(nulls_last=True), "date", "pk")
    return list(ordered[:OPEN_FINDINGS_SHOWN]), rows.count()


# The tables of what followed, from the flags' counts.
COUNTED_TABLES = {
    "sau-luan-chuyen": table_placements,
    "danh-gia-cuoi": table_reviews,
    "xep-loai": table_ratings,
}


def counted_table(slug):
    def build(user, params):
        return COUNTED_TABLES[slug](counted(user, params))

    return build


TABLES = {slug: counted_table(slug) for slug in COUNTED_TABLES}
TABLES["kiem-tra"] = table_findings


def sections(user, params):
    """The summary's "After rotation" and "Reviews and inspection" sections."""
    shown, open_count = open_findings(user, params)
    data = counted(user, params)
    return [
        Section(
            "sau-luan-chuyen",
            _("After rotation"),
            [table_placements(data)],
        ),
        Section(
            "danh-gia-kiem-tra",
            _("Reviews and inspection"),
            [
                table_reviews(data),
                table_ratings(data),
                table_findings(user, params),
            ],
            open_findings=shown,
            open_count=open_count,
        ),
    ]
