"""The whole summary and one table for an export: computed, or read from the cache."""

from postings.reports import afterwards, tables
from postings.reports.base import Summary, scoped_rotations
from postings.reports.listings import lists
from postings.reports.plans import PLAN_TABLES, plan_section
from postings.reports.pool import pool
from postings.reports.rollup import rollup_scope, rollup_tally
from postings.reports.tables import TABLE_GROUPINGS, TABLES, figures, page_tables
from postings.reports.tally import tally
from registry.cache import remembered


def tallies_for(user, params, only=None, cap=None):
    """The tally: from the maintained rollup for today's country or province summary, live
    for every other scope, period and as-of date. With `cap`, the rollup may leave out the
    receiving units past the `cap` busiest (`Tallies.others` counts them)."""
    scope = rollup_scope(user, params)
    if scope is not None:
        return rollup_tally(scope, params, only, cap)
    return tally(scoped_rotations(user, params), params, only)


def summary(user, params):
    """Figures, tables, chart data and lists for a scope, period and as-of date."""
    tallies = tallies_for(user, params, cap=tables.PAGE_ROW_CAP)
    plans, plan_open = plan_section(user, params)
    succession = pool(user, params.scope, params.as_of)
    return Summary(
        params=params,
        figures=[*figures(tallies.numbers), *succession.figures()],
        tables=page_tables(tallies, params),
        lists=lists(user, params, tallies.numbers),
        year_direction=tallies.year_direction,
        plans=plans,
        plan_open=plan_open,
        sections=afterwards.sections(user, params),
    )


def table(user, params, slug):
    """One table of the summary, for an export: the tally query plus the table's own."""
    if slug in PLAN_TABLES:
        return PLAN_TABLES[slug](user, params)
    if slug in afterwards.TABLES:
        # What followed the rotations: each table has its own query, no tally.
        return afterwards.TABLES[slug](user, params)
    # Only the grouping this table needs, and the totals.
    tallies = tallies_for(user, params, only=TABLE_GROUPINGS[slug])
    return TABLES[slug](tallies, params)


def cached_summary(user, params):
    """`summary`, computed once per scope, filters, language and version of the scope's data.

    Every user who may see the scope shares it: they all see every rotation that reaches it.
    """
    return remembered(f"all-{params.terms}", params, lambda: summary(user, params))


def cached_table(user, params, slug):
    """`table`, computed once per scope, filters, language and version of the scope's data."""
    name = f"table-{slug}-{params.terms}"
    return remembered(name, params, lambda: table(user, params, slug))
