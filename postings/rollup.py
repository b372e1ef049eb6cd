"""Keeping the summary's rollup (postings/rollup_tables.py): on every write, rebuilt, compacted.

Every write of a rotation (the one write path `posting_save`, imports, the admin's delete,
`postings_recheck`) reaches `rollup_sync` through the signals in `postings.rollup_signals`: the
rotation's entries (one per scope it touches) are computed again with the tally's own key
expressions (postings/reports/tally.py), compared with those it had, and the difference is
appended as signed changes. Persons: a cadre's entries are read under the lock on the
cadre's row (the same lock the overlap check takes), so whether the cadre was counted under
a key before and after the write is exact. Bulk loads call `rollup_rebuild` (`manage.py
rebuild_rollup`); `rollup_compact` (`manage.py compact_rollup`) folds the changes into the
totals. A catalogue change that alters keys (terms, titles' categories, a unit moved to
another parent) marks the rollup stale: the summary reads the live query until it is
rebuilt (`compact_rollup` rebuilds a stale rollup).
"""

from collections import Counter, defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Greatest

from cadres.models import Cadre
from postings.models import END_REVIEW_KINDS, Evaluation, Posting
from postings.plans import refresh_plan_items
from postings.reports import followed
from postings.reports.base import PERIOD_START, exception_q, missing_decision_q
from postings.reports.tally import (
    age_key,
    early_without_end_q,
    post_key,
    served_enough_q,
    term_key,
    with_duration,
)
from postings.rollup_tables import COUNTRY, RollupChange, RollupEntry, RollupState

ALL_MARKS = (
    "in_planning",
    "joined_party_committee",
    "joined_government",
    "exceptions",
    "missing_decision",
)
# The marks each grouping sums: the totals' marks, and the minimum duration per outcome (it
# counts only once ended, which the outcome key tells).
MARKS_OF = {"all": ALL_MARKS, "outcome": ("duration_met",)}
MARKS = (*ALL_MARKS, "duration_met")

# Each grouping's key, in SQL over the entries (text) and in Python from an entry.
TEXT = "varchar(100)"
KEY_SQL = {
    "all": "''",
    "year": f"CAST(year AS {TEXT})",
    "term_party": f"COALESCE(CAST(term_party AS {TEXT}), '')",
    "term_state": f"COALESCE(CAST(term_state AS {TEXT}), '')",
    "direction": "direction",
    "to_unit": f"CAST(to_unit_id AS {TEXT})",
    "post": "post",
    "outcome": "final",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "age": "age",
    "year_direction": f"CAST(year AS {TEXT}) || '|' || direction",
}


def text(value):
    return "" if value is None else str(value)


def entry_keys(e):
    """(grouping, key) of every table an entry is counted in, as `KEY_SQL` writes them."""
    return [
        ("all", ""),
        ("year", str(e["year"])),
        ("term_party", text(e["term_party"])),
        ("term_state", text(e["term_state"])),
        ("direction", e["direction"]),
        ("to_unit", str(e["to_unit_id"])),
        ("post", e["post"]),
        ("outcome", e["final"]),
        ("sex", e["sex"]),
        ("ethnicity", e["ethnicity"]),
        ("age", e["age"]),
        ("year_direction", f"{e['year']}|{e['direction']}"),
        # What followed (only once ended): a key per flag, summed by `fold` on reading.
        *(("after", flag) for flag in followed.flags(e["placed"], e["placed_key"], e["reviews"])),
    ]


class PathRoot(Func):
    """The first unit id of a unit path ("/12/34/" → 12): the province the unit lies in."""

    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "CAST(split_part(%(expressions)s, '/', 2) AS integer)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        after_slash = "substr(%(expressions)s, 2)"
        template = f"CAST(substr({after_slash}, 1, instr({after_slash}, '/') - 1) AS integer)"
        return self.as_sql(compiler, connection, template=template, **extra)


def mark(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


OPEN = Q(outcome="", actual_end__isnull=True)


def until():
    """From this day on the rotation is ended under its final key (open ones: their start)."""
    return Case(
        When(OPEN, then=F("start")),
        default=Coalesce("actual_end", "start"),
        output_field=DateField(),
    )


def last_review_dates():
    """The date of the rotation's latest end review."""
    reviews = Evaluation.objects.filter(posting=OuterRef("pk"), kind__in=END_REVIEW_KINDS)
    return reviews.order_by().values("posting").annotate(last=Max("date")).values("last")


# Entry column → the expression over a rotation (with `with_duration`) that gives it.
ENTRY_EXPRESSIONS = {
    "e_year": lambda: Cast(ExtractYear("start"), IntegerField()),
    "e_term_party": lambda: Cast(term_key("party"), IntegerField()),
    "e_term_state": lambda: Cast(term_key("state"), IntegerField()),
    "e_post": post_key,
    "e_final": lambda: Case(
        When(OPEN, then=Value("open")),
        When(outcome="", then=Value("unrecorded")),
        default=F("outcome"),
        output_field=CharField(),
    ),
    "e_sex": lambda: F("cadre__sex"),
    "e_ethnicity": lambda: F("cadre__ethnicity"),
    "e_age": age_key,
    "e_until": lambda: until(),
    "e_placed": lambda: Case(
        When(OPEN, then=Value(followed.NOT_ENDED)),
        default=followed.placed_value(),
        output_field=CharField(),
    ),
    "e_placed_key": followed.placed_key_value,
    "e_reviews": followed.review_mask,
    "e_settled": lambda: Greatest(
        until(),
        Coalesce(Subquery(last_review_dates()), until()),
        Coalesce(Subquery(followed.placement().values("date")[:1]), until()),
        output_field=DateField(),
    ),
    "e_in_planning": lambda: mark(Q(in_planning_at_start=True)),
    "e_joined_party_committee": lambda: mark(Q(joined_party_committee=True)),
    "e_joined_government": lambda: mark(Q(joined_government=True)),
    "e_exceptions": lambda: mark(exception_q()),
    "e_missing_decision": lambda: mark(missing_decision_q()),
    "e_duration_met": lambda: mark(~OPEN & served_enough_q() & ~early_without_end_q()),
    "e_from_root": lambda: PathRoot("from_unit__path"),
    "e_to_root": lambda: PathRoot("to_unit__path"),
}
# Entry columns read straight from the rotation.
PLAIN = {
    "posting_id": "id",
    "cadre_id": "cadre_id",
    "direction": "direction",
    "to_unit_id": "to_unit_id",
    "start": "start",
    "planned_end": "planned_end",
}
COLUMNS = [
    "posting_id", "cadre_id", "year", "term_party", "term_state", "direction", "to_unit_id",
    "post", "final", "sex", "ethnicity", "age", "start", "planned_end", "until", *MARKS,
    "placed", "placed_key", "reviews", "settled",
]  # fmt: skip


def counted_rows():
    """The rotations the rollup counts, with every entry column (scope aside) annotated.

    Those the summary's default period can hold: counted rotations from PERIOD_START on.
    """
    qs = Posting.objects.rotations().filter(start__gte=PERIOD_START)
    qs = with_duration(qs).annotate(**{name: make() for name, make in ENTRY_EXPRESSIONS.items()})
    selected = [PLAIN.get(column, f"e_{column}") for column in COLUMNS]
    return qs.order_by().values(*selected, "e_from_root", "e_to_root")


def computed_entries(posting_ids):
    """The entries these rotations have now, one per scope they touch, as dicts."""
    entries = []
    for row in counted_rows().filter(pk__in=posting_ids):
        values = {column: row[PLAIN.get(column, f"e_{column}")] for column in COLUMNS}
        for scope in {COUNTRY, row["e_from_root"], row["e_to_root"]}:
            entries.append({**values, "scope_id": scope})
    return entries


def entry_identity(entry):
    return tuple(entry[column] for column in ("scope_id", *COLUMNS))


# The rotations written inside `rollup_deferred`, synced once at its end, and the plan items
# they were linked to before.
deferred_ids = ContextVar("rollup_deferred_ids", default=None)


@contextmanager
def rollup_deferred():
    """Sync the rotations written inside once, at the end (an import: one sync a batch).

    Nothing is synced when the transaction is to be rolled back (a preview) or on an error.
    """
    ids, items = set(), set()
    token = deferred_ids.set((ids, items))
    try:
        yield
    finally:
        deferred_ids.reset(token)
    if not transaction.get_rollback():
        rollup_sync(sorted(ids), items)


def rollup_sync(posting_ids, former_items=()):
    """Bring the rollup in line with these rotations as they are now (saved, changed, deleted),
    and the progress of the plan items they carry out, or did before (`former_items`)."""
    posting_ids = list(posting_ids)
    pending = deferred_ids.get()
    if pending is not None:
        pending[0].update(posting_ids)
        pending[1].update(former_items)
        return
    if not posting_ids:
        return
    items = Posting.objects.filter(pk__in=posting_ids, plan_item__isnull=False)
    refresh_plan_items({*items.values_list("plan_item", flat=True), *former_items})
    with transaction.atomic():
        fields = ["scope_id", *COLUMNS]
        old = list(RollupEntry.objects.filter(posting_id__in=posting_ids).values(*fields))
        new = computed_entries(posting_ids)
        if sorted(map(entry_identity, old)) == sorted(map(entry_identity, new)):
            return
        cadres = sorted({e["cadre_id"] for e in old + new})
        # The cadres' rows are locked: their other entries cannot change until commit.
        list(Cadre.objects.select_for_update().filter(pk__in=cadres).order_by("pk").values("pk"))
        others = list(
            RollupEntry.objects.filter(cadre_id__in=cadres)
            .exclude(posting_id__in=posting_ids)
            .values(*fields)
        )
        changes = differences(others, old, new)
        RollupEntry.objects.filter(posting_id__in=posting_ids).delete()
        RollupEntry.objects.bulk_create([RollupEntry(**e) for e in new], batch_size=1000)
        RollupChange.objects.bulk_create(changes, batch_size=1000)


def per_cadre_counts(entries):
    counts = Counter()
    for e in entries:
        for grouping, key in entry_keys(e):
            counts[e["scope_id"], grouping, key, e["cadre_id"]] += 1
    return counts


def differences(others, old, new):
    """The signed changes that take the rollup from `old` entries to `new` ones.

    `others`: the same cadres' other entries, which tell whether a cadre stays counted.
    """
    base, before, after = per_cadre_counts(others), per_cadre_counts(old), per_cadre_counts(new)
    figures = defaultdict(Counter)
    for scope, grouping, key, cadre in before.keys() | after.keys():
        was = base[scope, grouping, key, cadre] + before[scope, grouping, key, cadre]
        now = base[scope, grouping, key, cadre] + after[scope, grouping, key, cadre]
        figures[scope, grouping, key]["rotations"] += now - was
        figures[scope, grouping, key]["persons"] += (now > 0) - (was > 0)
    for entries, sign in ((old, -1), (new, 1)):
        for e in entries:
            for grouping, key in entry_keys(e):
                for name in MARKS_OF.get(grouping, ()):
                    figures[e["scope_id"], grouping, key][name] += sign * e[name]
    return [
        RollupChange(scope_id=scope, grouping=grouping, key=key, **values)
        for (scope, grouping, key), values in figures.items()
        if any(values.values())
    ]


def entries_changed_for_cadre(cadre_id):
    """A cadre's sex or ethnicity changed: its rotations' entries follow."""
    ids = RollupEntry.objects.filter(scope_id=COUNTRY, cadre_id=cadre_id).values_list(
        "posting_id", flat=True
    )
    rollup_sync(list(ids))


def mark_stale():
    """A catalogue changed keys the entries hold: the live query until `rollup_rebuild`."""
    if RollupEntry.objects.exists():
        RollupState.objects.update_or_create(pk=1, defaults={"stale": True})


def rollup_readable():
    """Whether the summary may read the rollup (built, and not stale)."""
    state = RollupState.objects.filter(pk=1).values_list("stale", flat=True).first()
    return state is False


from postings.rollup_build import rollup_compact, rollup_rebuild  # noqa: E402, F401
