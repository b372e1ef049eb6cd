"""The one permission rule: which rows a user may see.

Every model's QuerySet has `visible_to(user)`, which calls `scope_filter` with the lookups
that lead from that model to a unit. The admin, the record pages, the reports and the
exports all go through it, so they never disagree.

A user sees the subtree of their scope unit (`UserScope`). Superusers and users whose
scope is national see everything; an active user with no scope sees nothing.
"""

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
    unit = scope_unit(user)
    if unit is None:
        return queryset.none()
    if unit is NATIONAL or not lookups:
        return queryset
    if len(lookups) == 1:
        return queryset.filter(**{f"{lookups[0]}path__startswith": unit.path})
    # Several paths may join through many-valued relations, so rows are matched by primary
    # key. One subquery per path, joined by UNION, lets PostgreSQL use each foreign-key
    # index (a district of a million rotations: about 50 ms); an OR across the joins made it
    # scan the whole table (about 800 ms). Measured in docs/PERFORMANCE.md.
    manager = queryset.model._default_manager
    subqueries = [
        manager.filter(**{f"{lookup}path__startswith": unit.path}).order_by().values("pk")
        for lookup in lookups
    ]
    return queryset.filter(pk__in=subqueries[0].union(*subqueries[1:]))
