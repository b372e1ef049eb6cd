"""The succession pool (vừa thừa, vừa thiếu): for each key title of each unit in a scope, on
a day, who holds it, who is in the plan for it, how many of those have been rotated, and
whether the plan is short, enough or crowded.

Rules (Regulation 50-QĐ/TW 2021, now 377-QĐ/TW 2025; the numbers are settings):

- A *key title* is a title of the catalogue marked `is_key`; a row is a (unit, key title)
  pair that someone holds or is planned for on the day, in a unit of the scope that existed
  then. A title nobody holds and nobody is planned for is not listed.
- *Holders*: cadres whose current title and unit are the row's (as the register says now),
  and cadres in a rotation under way on the day into that title and unit.
- *Planned*: cadres with a plan entry for the title and unit in force on the day
  (`PlanningEntryQuerySet.in_force_on`).
- *Rotated*: planned cadres with a rotation (not another kind of move, not cancelled) that
  started on or before the day.
- *Verdict*: short (thiếu) with fewer planned than `SUCCESSION_PLAN_MIN_PER_TITLE`; crowded
  (thừa) with more than `SUCCESSION_PLAN_MAX_PER_TITLE`, or when one of the planned is in
  force for more than `SUCCESSION_PLAN_MAX_TITLES_PER_PERSON` titles; enough (đủ) otherwise.

Five queries whatever the size of the scope: the plan entries, the holders, the rotations
under way, the rotated, the titles per person (each one statement with its names joined).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from cadres.models import Cadre, PlanningEntry
from postings.models import Posting
from postings.reports.base import Figure
from postings.reports.tables import FIGURE_LABELS
from registry.cache import remembered

SHORT, ENOUGH, CROWDED = "thieu", "du", "thua"
VERDICTS = {
    SHORT: pgettext_lazy("succession pool", "short"),
    ENOUGH: pgettext_lazy("succession pool", "enough"),
    CROWDED: pgettext_lazy("succession pool", "crowded"),
}
# Headline figures: titles short, enough and crowded (the summary shows them too).
FIGURE_NAMES = {SHORT: "pool_short", ENOUGH: "pool_enough", CROWDED: "pool_crowded"}


@dataclass
class PoolRow:
    unit_id: int
    unit: str
    title_id: int
    title: str
    sort_key: tuple
    holders: list = field(default_factory=list)
    planned: list = field(default_factory=list)
    rotated: int = 0
    verdict: str = ENOUGH
    # The planned people in force for more titles than a person may be.
    overloaded: list = field(default_factory=list)

    @property
    def key(self):
        return f"{self.unit_id}-{self.title_id}"

    @property
    def verdict_label(self):
        return str(VERDICTS[self.verdict])


@dataclass
class Pool:
    day: object
    rows: list
    minimum: int
    maximum: int
    max_titles: int
    slug: str = "nguon"
    # For the spreadsheet writer (registry/exports.py): no total row, wider name columns.
    note_heading: str = ""
    has_total: bool = False
    widths: tuple = (40, 35, 30, 45)

    def of_verdict(self, verdict):
        """The rows judged `verdict`: what its headline figure counts, and lists."""
        return [row for row in self.rows if row.verdict == verdict]

    def count(self, verdict):
        return len(self.of_verdict(verdict))

    @property
    def counts(self):
        return {verdict: self.count(verdict) for verdict in VERDICTS}

    def figures(self):
        """Titles short, enough and crowded, as headline figures."""
        return [
            Figure(name, str(FIGURE_LABELS[name]), self.count(verdict))
            for verdict, name in FIGURE_NAMES.items()
        ]

    def as_records(self):
        """Header and rows as lists of cells: what the CSV and Excel files hold."""
        header = [
            _("Unit"),
            _("Key title"),
            _("Holders"),
            _("Planned"),
            _("Number planned"),
            _("Of them rotated"),
            _("Verdict"),
            _("Planned for too many titles"),
        ]
        records = [header]
        for row in self.rows:
            records.append(
                [
                    row.unit,
                    row.title,
                    ", ".join(row.holders),
                    ", ".join(row.planned),
                    len(row.planned),
                    row.rotated,
                    row.verdict_label,
                    ", ".join(row.overloaded),
                ]
            )
        return records


def in_scope(prefix, scope, day):
    """Rows whose unit (through `prefix`) lies in the scope's subtree and existed on `day`."""
    condition = Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})
    condition &= Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    if scope is not None:
        condition &= Q(**{f"{prefix}path__startswith": scope.path})
    return condition


def pool_rows(user, scope, day):
    """The (unit, key title) rows of the scope on `day`, with holders and planned people."""
    rows, planned_ids = {}, {}

    def row(unit_id, unit, unit_key, title_id, title):
        if (unit_id, title_id) not in rows:
            sort_key = (unit_key, unit_id, title)
            rows[unit_id, title_id] = PoolRow(unit_id, unit, title_id, title, sort_key)
        return rows[unit_id, title_id]

    names = ("unit__name", "unit__search_key", "position_id", "position__name")
    entries = (
        PlanningEntry.objects.visible_to(user)
        .in_force_on(day)
        .filter(in_scope("unit__", scope, day), position__is_key=True)
        .values_list("unit_id", *names, "cadre_id", "cadre__full_name")
        .order_by("cadre__search_key", "cadre_id")
    )
    for unit_id, unit, unit_key, title_id, title, cadre_id, name in entries:
        found = row(unit_id, unit, unit_key, title_id, title)
        if cadre_id not in planned_ids.setdefault(found.key, set()):
            planned_ids[found.key].add(cadre_id)
            found.planned.append(name)
    holders = (
        Cadre.objects.visible_to(user)
        .filter(in_scope("current_unit__", scope, day), current_position__is_key=True)
        .values_list(
            "current_unit_id",
            "current_unit__name",
            "current_unit__search_key",
            "current_position_id",
            "current_position__name",
            "full_name",
        )
        .order_by("search_key", "pk")
    )
    rotating = (
        Posting.objects.visible_to(user)
        .active(day)
        .filter(in_scope("to_unit__", scope, day), to_position__is_key=True)
        .values_list(
            "to_unit_id",
            "to_unit__name",
            "to_unit__search_key",
            "to_position_id",
            "to_position__name",
            "cadre__full_name",
        )
        .order_by("cadre__search_key", "pk")
    )
    for unit_id, unit, unit_key, title_id, title, name in [*holders, *rotating]:
        found = row(unit_id, unit, unit_key, title_id, title)
        if name not in found.holders:
            found.holders.append(name)
    return rows, planned_ids


def planned_people(user, scope, day):
    """The planned cadres of the scope's key titles on `day`, as a subquery."""
    return (
        PlanningEntry.objects.visible_to(user)
        .in_force_on(day)
        .filter(in_scope("unit__", scope, day), position__is_key=True)
        .values("cadre_id")
    )


def rotated_and_overloaded(user, scope, day):
    """(cadres rotated by `day`, cadres in force for too many titles) among the planned."""
    people = planned_people(user, scope, day)
    rotated = set(
        Posting.objects.visible_to(user)
        .rotations()
        .filter(start__lte=day, cadre_id__in=people)
        .values_list("cadre_id", flat=True)
        .order_by()
        .distinct()
    )
    titles, names = {}, {}
    entries = (
        PlanningEntry.objects.visible_to(user)
        .in_force_on(day)
        .filter(cadre_id__in=people)
        .values_list("cadre_id", "cadre__full_name", "unit_id", "position_id")
        .order_by()
        .distinct()
    )
    for cadre_id, name, unit_id, title_id in entries:
        titles.setdefault(cadre_id, set()).add((unit_id, title_id))
        names[cadre_id] = name
    limit = settings.SUCCESSION_PLAN_MAX_TITLES_PER_PERSON
    overloaded = {
        cadre_id: names[cadre_id] for cadre_id, held in titles.items() if len(held) > limit
    }
    return rotated, overloaded


def pool(user, scope, day):
    """The succession pool of `scope` (None: the whole country the user sees) on `day`."""
    rows, planned_ids = pool_rows(user, scope, day)
    rotated, overloaded = rotated_and_overloaded(user, scope, day)
    minimum = settings.SUCCESSION_PLAN_MIN_PER_TITLE
    maximum = settings.SUCCESSION_PLAN_MAX_PER_TITLE
    for found in rows.values():
        ids = planned_ids.get(found.key, set())
        found.rotated = len(ids & rotated)
        found.overloaded = sorted(overloaded[cadre_id] for cadre_id in ids & overloaded.keys())
        if len(ids) < minimum:
            found.verdict = SHORT
        elif len(ids) > maximum or found.overloaded:
            found.verdict = CROWDED
    return Pool(
        day=day,
        rows=sorted(rows.values(), key=lambda found: found.sort_key),
        minimum=minimum,
        maximum=maximum,
        max_titles=settings.SUCCESSION_PLAN_MAX_TITLES_PER_PERSON,
    )


def cached_pool(user, params):
    """`pool` for the summary's params (its scope and as-of date), through the cache."""
    return remembered("pool", params, lambda: pool(user, params.scope, params.as_of))
