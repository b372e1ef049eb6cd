"""Geometry for the summary's two charts, drawn as inline SVG by templates (no JavaScript).

Colours come from CSS classes, not attributes, so that a Content Security Policy without
inline styles still applies and the print stylesheet can adjust them. Each category has
its own class (`dir-district_to_commune`, `out-returned`), hence one colour on every chart
of every scope, whichever categories happen to be present.
"""

import math

from django.utils.translation import gettext as _

from postings.models import Direction

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 30
# Year labels at most: on a wide screen, and on a phone (where the chart is drawn smaller
# and its labels larger, static/css/site.css).
YEAR_LABELS, PHONE_YEAR_LABELS = 12, 6


def nice_max(value):
    """A round axis maximum at or above `value`."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return max(step * ((value + step - 1) // step), step)
    return value


def direction_class(direction):
    """The CSS class of a direction's colour ("" is a direction not recorded)."""
    return f"dir-{direction or 'unrecorded'}"


def years_by_direction(year_direction, years):
    """Stacked bars: rotations per year, one segment per direction."""
    labels = dict(Direction.choices)
    labels[""] = _("not recorded")
    order = [value for value, _label in Direction.choices] + [""]
    present = [key for key in order if any(key in by_dir for by_dir in year_direction.values())]
    category = {key: direction_class(key) for key in present}
    totals = {year: sum(year_direction.get(year, {}).values()) for year in years}
    top = nice_max(max(totals.values(), default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    band = plot_w / max(len(years), 1)
    bar_w = max(band * 0.7, 1)
    bars, descriptions = [], []
    for position, year in enumerate(years):
        x = LEFT + position * band + (band - bar_w) / 2
        base = TOP + plot_h
        parts = []
        for key in present:
            value = year_direction.get(year, {}).get(key, 0)
            if not value:
                continue
            height = plot_h * value / top
            base -= height
            bars.append(
                {
                    "x": round(x, 1),
                    "y": round(base, 1),
                    "width": round(bar_w, 1),
                    "height": round(height, 1),
                    "category": category[key],
                    "title": f"{year}, {labels[key]}: {value}",
                }
            )
            parts.append(f"{labels[key]} {value}")
        descriptions.append(f"{year}: {totals[year]}" + (f" ({', '.join(parts)})" if parts else ""))
    ticks = [
        {"value": value, "y": round(TOP + plot_h - plot_h * value / top, 1)}
        for value in (0, top // 2, top)
    ]
    axis = year_axis(years, band)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": HEIGHT - 10,
        "bars": bars,
        "ticks": ticks,
        "axis": axis,
        "legend": [{"label": labels[key], "category": category[key]} for key in present],
        "description": "; ".join(descriptions),
    }


def year_axis(years, band):
    """Every year's label; which ones show depends on the width (24 years: every 2nd on a
    wide screen, every 4th on a phone), so that labels never overlap."""
    wide, phone = (
        max(1, math.ceil(len(years) / most)) for most in (YEAR_LABELS, PHONE_YEAR_LABELS)
    )
    return [
        {
            "label": str(year),
            "x": round(LEFT + i * band + band / 2, 1),
            "wide": i % wide == 0,
            "phone": i % phone == 0,
        }
        for i, year in enumerate(years)
    ]


def outcome_bars(table):
    """Horizontal bars: rotations by outcome."""
    top = max((row.rotations for row in table.rows), default=0) or 1
    label_w, row_h = 260, 28
    plot_w = WIDTH - label_w - 50
    rows = []
    for index, row in enumerate(table.rows):  # keys: tables.outcome_labels()
        rows.append(
            {
                "label": row.label,
                "value": row.rotations,
                "y": TOP + index * row_h,
                "text_y": TOP + index * row_h + 18,
                "width": round(plot_w * row.rotations / top, 1),
                "value_x": round(label_w + plot_w * row.rotations / top + 6, 1),
                "category": f"out-{row.key}",
            }
        )
    return {
        "width": WIDTH,
        "height": TOP * 2 + len(rows) * row_h,
        "label_w": label_w,
        "bar_h": row_h - 8,
        "rows": rows,
        "description": "; ".join(f"{row.label}: {row.rotations}" for row in table.rows),
    }
