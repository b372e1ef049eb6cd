"""The one permission rule: which rows a user may see.

Every model's QuerySet has `visible_to(user)`, which calls `scope_filter` with the lookups
that lead from that model to a unit. The admin, the record pages, the reports and the
exports all go through it, so they never disagree.

A user sees the subtree of their scope unit (`UserScope`). Superusers and users whose
scope is national see everything; an active user with no scope sees nothing of the
registry, though, like every active user, all of the catalogues (titles, terms), whose
QuerySets have no lookups.

The audit history follows the same rule (`history_visible_to`): a historical row is
visible when its record still is, or, for a deleted record, when the units it named are.
"""

from django.db.models import Q

NATIONAL = object()


def scope_unit(user):
    """The unit whose subtree the user sees; NATIONAL for all; None for nothing."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return NATIONAL
    scope = getattr(user, "scope", None)
    if scope is None:
        return None
    return scope.unit if scope.unit_id else NATIONAL


def scope_filter(queryset, user, lookups):
    """Narrow `queryset` to rows reachable from the user's scope through `lookups`."""
    if not lookups:
        # A catalogue: every active user reads it.
        return queryset if user.is_authenticated and user.is_active else queryset.none()
    unit = scope_unit(user)
    if unit is None:
        return queryset.none()
    if unit is NATIONAL:
        return queryset
    return touching(queryset, [unit], lookups)


def touching(queryset, units, lookups=None):
    """`queryset` narrowed to rows that reach the subtree of any of `units` through `lookups`.

    A rotation from or to a district, or anything under it; a unit page's rotations across
    its lineage. `lookups` defaults to the QuerySet's scope lookups.
    """
    lookups = queryset.scope_lookups if lookups is None else lookups
    if not units:
        return queryset.none()
    if len(lookups) == 1 and len(units) == 1:
        return queryset.filter(**{f"{lookups[0]}path__startswith": units[0].path})
    rows = queryset.model._default_manager.all()
    return queryset.filter(pk__in=in_subtrees(rows, units, lookups))


def is_wide(unit):
    """A top-level unit (a province, a centrally run city): its subtree holds thousands of
    units and a twentieth of a country's rotations, where a district holds tens of units."""
    return unit.parent_id is None


def subtree_q(unit, lookups):
    """Rows that reach `unit`'s subtree through any of `lookups` (single-valued relations),
    as a condition on the unit ids: for a wide subtree, where it lets PostgreSQL walk the
    rows in the order asked and test each against the subtree's ids (a province's first 50
    exceptions: 17 ms), rather than gather every row of the subtree through each foreign
    key first (`in_subtrees`: 1.8 s). For a district the other way round (docs/PERFORMANCE.md).
    """
    units = type(unit)._default_manager.filter(path__startswith=unit.path).values("pk")
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{f"{lookup}in": units})
    return condition


def in_subtree(rows, unit, lookups):
    """The keys of `rows` that reach `unit`'s subtree through any of `lookups`."""
    return in_subtrees(rows, [unit], lookups)


def in_subtrees(rows, units, lookups):
    """The keys of `rows` that reach the subtree of any of `units` through any of `lookups`.

    Several paths may join through many-valued relations, so rows are matched by primary
    key. One subquery per path and unit, joined by UNION, lets PostgreSQL use each
    foreign-key index (a district of a million rotations: about 50 ms); an OR across the
    joins made it scan the whole table (about 800 ms). Measured in docs/PERFORMANCE.md.
    Conditions already on `rows` are applied inside each subquery, on the rows its index
    reads.
    """
    subqueries = [
        rows.filter(**{f"{lookup}path__startswith": unit.path}).order_by().values("pk")
        for unit in units
        for lookup in lookups
    ]
    return subqueries[0].union(*subqueries[1:])


def history_visible_to(model, user):
    """The audit history of `model` that `user` may read: the same rule as the records."""
    history = model.history.model.objects.all()
    visible = model._default_manager.all().visible_to(user)
    unit = scope_unit(user)
    if unit is NATIONAL or (unit is not None and not visible.scope_lookups):
        return history
    if unit is None:
        return history.none()
    # Deleted records are no longer in `visible`: their historical row's own links decide.
    condition = Q(**{f"{model._meta.pk.attname}__in": visible.values("pk")})
    for lookup in visible.history_scope_lookups:
        condition |= Q(**{f"{lookup}path__startswith": unit.path})
    return history.filter(condition)
