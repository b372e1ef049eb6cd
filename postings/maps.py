"""Where cadres went: the summary's map, drawn as inline SVG by a template (no tiles, no JS).

Each receiving unit of the summary's receiving-unit table that has a place (its own
coordinates, or its locality's, or the unit above that: a Party body sits where its commune
does) is a dot, its area proportional to the rotations into it and its colour the direction
most of them took; the units they came from are marked with a triangle. The table beside
the map is its text alternative, and the dots carry the table's keys, so the two agree.
"""

import math
from collections import Counter, defaultdict

from django.db import connections
from django.db.models import Count
from django.utils.translation import gettext as _

from cadres.models import Unit
from postings import charts
from postings.models import Direction
from postings.reports.base import scoped_rotations
from registry.cache import remembered

WIDTH, MAX_HEIGHT, PAD = 640, 640, 24
MIN_R, MAX_R = 4, 18
# The sending units marked: those that sent the most of the rotations into the dots (a
# country's 8,000 senders would be a grey smudge, and cost a quarter of a second to place).
SENDERS_SHOWN = 200
# Where a unit is: its own place, its locality's, or the one above that, in that order.
PLACE_FIELDS = [
    (f"{prefix}latitude", f"{prefix}longitude")
    for prefix in ("", "locality__", "locality__parent__", "locality__parent__parent__")
]


def places(unit_ids):
    """{unit id: (latitude, longitude)} for the units that have a place; one query."""
    fields = [name for pair in PLACE_FIELDS for name in pair]
    found = {}
    for pk, *values in Unit.objects.filter(pk__in=unit_ids).values_list("pk", *fields):
        pairs = zip(values[::2], values[1::2], strict=True)
        place = next(
            ((lat, lon) for lat, lon in pairs if lat is not None and lon is not None), None
        )
        if place:
            found[pk] = place
    return found


def projection(points):
    """A function from (latitude, longitude) to SVG (x, y), and the drawing's height.

    Equirectangular, with longitudes shrunk by the cosine of the middle latitude so that a
    province keeps its shape; north up.
    """
    lats = [lat for lat, _lon in points]
    lons = [lon for _lat, lon in points]
    # The bounds once, not once a point: a country's map has thousands of sending units.
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    shrink = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * shrink, 1e-6)
    span_y = max(north - south, 1e-6)
    scale = min((WIDTH - 2 * PAD) / span_x, (MAX_HEIGHT - 2 * PAD) / span_y)
    height = round(min(MAX_HEIGHT, span_y * scale + 2 * PAD))

    def project(place):
        lat, lon = place
        x = PAD + (lon - west) * shrink * scale
        y = PAD + (north - lat) * scale
        return round(x, 1), round(y, 1)

    return project, height


def rotation_flows(user, params, receiving_ids):
    """({receiving unit: Counter of directions}, the SENDERS_SHOWN units that sent the most
    rotations into them, how many units sent any): one query, grouped in the
    database (a country's flows into its 50 busiest units are 17,000 groups)."""
    rotations = scoped_rotations(user, params).filter(to_unit__in=receiving_ids)
    # COUNT(*), not of the id: the flows index holds every column read (postings/models.py).
    flows = rotations.values_list("to_unit", "direction", "from_unit").annotate(n=Count("*"))
    sql, sql_params = flows.order_by().query.sql_with_params()
    statement = (
        f"WITH flows (to_unit, direction, from_unit, n) AS ({sql}) "
        "SELECT 0, to_unit, direction, SUM(n) FROM flows GROUP BY to_unit, direction "
        "UNION ALL SELECT * FROM (SELECT 1, from_unit, NULL, SUM(n) FROM flows "
        "GROUP BY from_unit ORDER BY SUM(n) DESC, from_unit LIMIT %s) AS busiest "
        "UNION ALL SELECT 2, COUNT(DISTINCT from_unit), NULL, NULL FROM flows"
    )
    directions, busiest, senders = defaultdict(Counter), [], 0
    with connections[flows.db].cursor() as cursor:
        cursor.execute(statement, [*sql_params, SENDERS_SHOWN])
        for part, unit, direction, count in cursor.fetchall():
            if part == 0:
                directions[unit][direction] += int(count)
            elif part == 1:
                busiest.append(unit)
            else:
                senders = unit
    return directions, busiest, senders


def receiving_map(user, params, summary):
    """The map's geometry for the summary's receiving-unit table; None when none has a place."""
    return remembered("map", params, lambda: draw(user, params, summary))


def gather(rows, located, directions):
    """The table's rows by place: one dot for the units at the same place."""
    spots = {}
    for row in rows:
        place = located[int(row.key)]
        spot = spots.setdefault(place, {"rows": [], "directions": Counter()})
        spot["rows"].append(row)
        spot["directions"].update(directions.get(int(row.key), {}))
    return spots


def draw(user, params, summary):
    rows = [row for row in summary.table("theo-don-vi-nhan").rows if row.key.isdigit()]
    located = places([int(row.key) for row in rows])
    placed = [row for row in rows if int(row.key) in located]
    if not placed:
        return None
    directions, busiest, senders = rotation_flows(user, params, [int(row.key) for row in placed])
    sender_places = set(places(busiest).values())
    project, height = projection(list(located.values()) + list(sender_places))
    spots = gather(placed, located, directions)
    # Each dot takes the direction most of its rotations took (ties: the first listed).
    order = [*Direction.values, ""]
    for spot in spots.values():
        counts = spot["directions"]
        spot["direction"] = max(order, key=lambda value: (counts[value], -order.index(value)))
    # The colours of the chart of years: one class per direction (postings/charts.py).
    present = [value for value in order if any(s["direction"] == value for s in spots.values())]
    most = max(sum(row.rotations for row in spot["rows"]) for spot in spots.values())
    dots = []
    for place, spot in spots.items():
        x, y = project(place)
        rotations = sum(row.rotations for row in spot["rows"])
        dots.append(
            {
                "keys": " ".join(row.key for row in spot["rows"]),
                "x": x,
                "y": y,
                "r": round(MIN_R + (MAX_R - MIN_R) * math.sqrt(rotations / most), 1),
                "rotations": rotations,
                "category": charts.direction_class(spot["direction"]),
                "title": "; ".join(f"{row.label}: {row.rotations}" for row in spot["rows"]),
            }
        )
    dots.sort(key=lambda dot: -dot["rotations"])  # small dots drawn last, on top
    return {
        "width": WIDTH,
        "height": height,
        "dots": dots,
        "senders": [triangle(*project(place)) for place in sorted(sender_places)],
        "legend": legend(present),
        "description": "; ".join(dot["title"] for dot in dots),
        "unplaced": len(rows) - len(placed),
        "senders_total": senders if senders > SENDERS_SHOWN else 0,
        "senders_shown": SENDERS_SHOWN,
    }


def triangle(x, y):
    """The points of the triangle that marks a sending unit at (x, y)."""
    corners = ((x, y - 6), (x - 5, y + 4), (x + 5, y + 4))
    return " ".join(f"{round(cx, 1)},{round(cy, 1)}" for cx, cy in corners)


def legend(present):
    labels = {**dict(Direction.choices), "": _("not recorded")}
    return [
        {"label": labels[value], "category": charts.direction_class(value)} for value in present
    ]
