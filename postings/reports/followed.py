"""What followed one ended rotation, reduced to three values, and the flags they give: the one
definition the "after rotation" and "reviews" tables count by, live and in the rollup.

A rotation's three values, as the register stood on a day:

- `placed`: the comparison of its placement afterwards ("higher", "equivalent", "lower",
  "kept"), or "none" when none is recorded; NOT_ENDED for a rotation not ended;
- `placed_key`: 1 when that placement is to a key title (the titles catalogue), else 0;
- `reviews`: a bit mask of its end reviews, one bit per kind and rating (`bit`), so a
  rotation reviewed twice in one kind with two ratings counts under both.

`flags` turns them into the table rows' keys it counts under ("placed_higher", "no_authority",
"self_review-good", …); `fold` counts rotations and persons (distinct cadres) per flag from
rows of (cadre, placed, placed_key, reviews). The live tables read those rows for the summary's
ended rotations (`live_counts`); the rollup keeps the same three values on each entry
(postings/rollup.py) and folds them with the same `flags`.
"""

from collections import Counter
from functools import cache

from django.db.models import Case, Exists, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from postings.models import END_REVIEW_KINDS, Evaluation, Placement, ended_q
from postings.reports.base import scoped_rotations

NOT_ENDED = "-"
# The ratings an end review can carry, "" for none recorded: each a bit per kind.
RATINGS = (*Evaluation.Rating.values, "")


def bit(kind, rating):
    """The mask's bit for an end review of `kind` with `rating`."""
    return 1 << (END_REVIEW_KINDS.index(kind) * len(RATINGS) + RATINGS.index(rating))


def kind_bits(kind):
    """Every bit of one kind of end review: set when the rotation has one of that kind."""
    return sum(bit(kind, rating) for rating in RATINGS)


ALL_KINDS = sum(kind_bits(kind) for kind in END_REVIEW_KINDS)


@cache
def flags(placed, placed_key, reviews):
    """The rows' keys an ended rotation with these values counts under (none if not ended)."""
    if placed == NOT_ENDED:
        return ()
    found = ["ended", f"placed_{placed}"]
    if placed != "none" and placed_key:
        found.append("placed_key")
    complete = placed != "none" and all(reviews & kind_bits(k) for k in END_REVIEW_KINDS)
    found.append("complete" if complete else "missing")
    for kind in END_REVIEW_KINDS:
        if not reviews & kind_bits(kind):
            found.append(f"no_{kind}")
            continue
        found.append(kind)
        found += [f"{kind}-{r}" for r in RATINGS if reviews & bit(kind, r)]
    if reviews & ALL_KINDS:
        found.append("reviewed")
    return tuple(found)


def fold(rows):
    """{flag: (rotations, persons)} from rows of (cadre, placed, placed_key, reviews, n)
    ordered by cadre (a cadre counts once per flag, however many of its rows have it).

    Counted per distinct values and per distinct set of a cadre's values, then turned into
    flags: a country's 970,000 rows hold a few hundred of each."""
    by_values, by_cadre_values = Counter(), Counter()
    current, seen = None, set()
    for cadre, placed, placed_key, reviews, n in rows:
        values = (placed, placed_key, reviews)
        by_values[values] += n
        if cadre != current:
            if seen:
                by_cadre_values[frozenset(seen)] += 1
            current, seen = cadre, {values}
        else:
            seen.add(values)
    if seen:
        by_cadre_values[frozenset(seen)] += 1
    rotations, persons = Counter(), Counter()
    for values, n in by_values.items():
        for flag in flags(*values):
            rotations[flag] += n
    for group, n in by_cadre_values.items():
        for flag in set().union(*(flags(*values) for values in group)):
            persons[flag] += n
    return {flag: (rotations[flag], persons[flag]) for flag in rotations}


def review_mask(as_of=None):
    """The `reviews` mask of the rotation (`OuterRef("pk")`), from its end reviews dated on
    or before `as_of` (all of them without it)."""
    evaluations = Evaluation.objects.filter(posting=OuterRef("pk"), kind__in=END_REVIEW_KINDS)
    if as_of is not None:
        evaluations = evaluations.filter(date__lte=as_of)
    bits = Case(
        *[
            When(kind=kind, rating=rating, then=Value(bit(kind, rating)))
            for kind in END_REVIEW_KINDS
            for rating in RATINGS
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    # The distinct bits summed: their union.
    mask = evaluations.order_by().values("posting").annotate(m=Sum(bits, distinct=True))
    return Coalesce(Subquery(mask.values("m"), output_field=IntegerField()), Value(0))


def placement(as_of=None):
    """The rotation's placement afterwards (dated on or before `as_of`), for a Subquery."""
    rows = Placement.objects.filter(posting=OuterRef("pk"))
    return rows if as_of is None else rows.filter(date__lte=as_of)


def placed_value(as_of=None):
    return Coalesce(Subquery(placement(as_of).values("comparison")[:1]), Value("none"))


def placed_key_value(as_of=None):
    key = placement(as_of).filter(position__is_key=True).values("pk")[:1]
    return Case(When(Exists(key), then=Value(1)), default=Value(0), output_field=IntegerField())


def live_counts(user, params):
    """{flag: (rotations, persons)} over the summary's rotations ended on the as-of date."""
    ended = scoped_rotations(user, params, ended_q(params.as_of))
    rows = (
        ended.annotate(
            f_placed=placed_value(params.as_of),
            f_key=placed_key_value(params.as_of),
            f_reviews=review_mask(params.as_of),
        )
        .order_by("cadre_id")
        .values_list("cadre_id", "f_placed", "f_key", "f_reviews")
    )
    return fold((cadre, placed, key, mask, 1) for cadre, placed, key, mask in rows)
