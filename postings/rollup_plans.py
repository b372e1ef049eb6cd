"""Plan against done in the maintained rollup: the plan items counted per scope, for today's
country and province summaries (issue 16, item 2; postings/rollup.py keeps the rotations).

An item counts under the key "plan|year|state|named" (named: 1 for an item naming a cadre)
in the country's scope and its plan's province, in the `RollupChange`/`RollupTotal` rows of
the grouping "plan". Its state there is the one it reaches once both its stored dates have
passed (`final_state`); the few items whose `decided_on` or `done_on` is after today are
counted again as of today when read (`plan_tally`). Writes append signed changes:

- a plan item saved or deleted (`item_written`, from the signals in `postings.rollup_signals`);
- its progress dates changed by a rotation's write (`dates_changed`, from
  `postings.plans.refresh_plan_items`);
- a plan's unit, term or approval date changed: the rollup is stale
  (`postings.rollup.mark_stale`) until the next rebuild (a plan deleted takes its items,
  each deleted as above).
"""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Q

from postings.rollup_tables import COUNTRY, RollupChange, RollupTotal

GROUPING = "plan"
ITEM_FIELDS = ("pk", "plan_id", "year", "dropped", "cadre_id", "decided_on", "done_on")
# A plan's fields its items' keys depend on: a change makes the rollup stale.
PLAN_KEYS = ("unit_id", "term_id", "approval_date")


def final_state(dropped, decided_on, done_on):
    """The state an item reaches once its dates have passed (`postings.plans.state_on`)."""
    from postings.plans import state_on

    return state_on(dropped, decided_on, done_on, datetime.date.max)


def item_key(plan_id, year, dropped, cadre_id, decided_on, done_on):
    named = int(cadre_id is not None)
    return f"{plan_id}|{year}|{final_state(dropped, decided_on, done_on)}|{named}"


def plan_provinces(plan_ids):
    """{plan id: its province's id} (the first unit of its unit's path)."""
    from postings.plans import RotationPlan

    rows = RotationPlan.objects.filter(pk__in=set(plan_ids)).values_list("pk", "unit__path")
    return {pk: int(path.split("/")[1]) for pk, path in rows}


def append(changes):
    """Write signed changes: [(item values tuple or dict, sign)] → RollupChange rows."""
    if not changes:
        return
    provinces = plan_provinces(values["plan_id"] for values, _sign in changes)
    counts = Counter()
    for values, sign in changes:
        key = item_key(*(values[name] for name in ITEM_FIELDS[1:]))
        for scope in {COUNTRY, provinces[values["plan_id"]]}:
            counts[scope, key] += sign
    RollupChange.objects.bulk_create(
        [
            RollupChange(scope_id=scope, grouping=GROUPING, key=key, rotations=n)
            for (scope, key), n in counts.items()
            if n
        ]
    )


def item_written(before, after):
    """An item changed from `before` to `after` (dicts of ITEM_FIELDS, None when absent)."""
    append([(values, sign) for values, sign in ((before, -1), (after, 1)) if values])


def dates_changed(items, old_dates):
    """Items whose (decided_on, done_on) were `old_dates[pk]` and are now on the item."""
    changes = []
    for item in items:
        values = {name: getattr(item, name) for name in ITEM_FIELDS}
        before = {**values, "decided_on": old_dates[item.pk][0], "done_on": old_dates[item.pk][1]}
        changes += [(before, -1), (values, 1)]
    append(changes)


def rebuild_plan_totals():
    """The grouping's totals from the items, for `rollup_rebuild`."""
    from postings.plans import PlanItem

    groups = (
        PlanItem.objects.values(*ITEM_FIELDS[1:])
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*ITEM_FIELDS[1:], "n")
    )
    rows = list(groups)
    provinces = plan_provinces(row[0] for row in rows)
    counts = Counter()
    for *values, n in rows:
        key = item_key(*values)
        for scope in {COUNTRY, provinces[values[0]]}:
            counts[scope, key] += n
    RollupTotal.objects.bulk_create(
        [
            RollupTotal(scope_id=scope, grouping=GROUPING, key=key, rotations=n)
            for (scope, key), n in counts.items()
            if n
        ],
        batch_size=1000,
    )


def plan_tally(scope, folded_rows, today):
    """(by_year, by_term, term_start, total) as `reports.plans.tallied` gives them, from the
    folded "plan" rows {key: count} of `scope`, the plans approved by today, and the items
    whose dates fall after today counted again as of today."""
    from postings.plans import PlanItem, RotationPlan, state_on

    counts = Counter()
    for key, n in folded_rows.items():
        plan, year, state, named = key.split("|")
        counts[int(plan), int(year), state, int(named)] += n
    later = PlanItem.objects.filter(Q(decided_on__gt=today) | Q(done_on__gt=today)).order_by()
    if scope != COUNTRY:
        later = later.filter(plan__unit__path__startswith=f"/{scope}/")
    for plan, year, dropped, cadre, decided_on, done_on in later.values_list(*ITEM_FIELDS[1:]):
        named = int(cadre is not None)
        counts[plan, year, final_state(dropped, decided_on, done_on), named] -= 1
        counts[plan, year, state_on(dropped, decided_on, done_on, today), named] += 1
    approved = Q(approval_date__isnull=True) | Q(approval_date__lte=today)
    plans = {
        pk: (name, start)
        for pk, name, start in RotationPlan.objects.filter(
            approved, pk__in={k[0] for k in counts}
        ).values_list("pk", "term__name", "term__start")
    }
    by_year, by_term, total = defaultdict(Counter), defaultdict(Counter), Counter()
    term_start = {}
    for (plan, year, state, named), n in counts.items():
        if plan not in plans or not n:
            continue
        term, start = plans[plan]
        by_year[year][state] += n
        by_term[term][state] += n
        term_start[term] = start
        total[state] += n
        total["named_planned"] += n if state == "planned" and named else 0
    return by_year, by_term, term_start, total
