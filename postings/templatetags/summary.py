"""`{% listing_rows listing %}`: the rows of one of the summary's lists.

Written in one pass rather than through the template engine, for the reason the scope
picker is (postings/filters.py): the five lists hold up to 250 rows, and drawing them node
by node was a third of the district summary's time (docs/PERFORMANCE.md). The markup is
what the list template held; tests/postings/test_views.py reads it.
"""

import functools
from urllib.parse import urlencode

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext, pgettext

from postings.reports import names
from postings.reports.pool import FIGURE_NAMES

# The succession pool's headline figures and the verdict each counts.
POOL_VERDICTS = {name: verdict for verdict, name in FIGURE_NAMES.items()}

register = template.Library()


@register.filter
def number(value):
    """A count as the reader's language writes it: 1.234 in Vietnamese, 1,234 in English."""
    if value is None:
        return "—"
    return number_format(value, force_grouping=True)


@register.filter
def percent(value):
    """A share as the reader's language writes it: "93,1 %" in Vietnamese, "93.1%" in English."""
    if value is None:
        return "—"
    text = number_format(value, decimal_pos=1, force_grouping=True)
    return f"{text}\u00a0%" if get_language() == "vi" else f"{text}%"


@functools.cache
def view_path(view, prefix):
    """`reverse(view)` under the script prefix `prefix`: a country's page links 500 cells to
    two views, and reversing each time was a tenth of its drawing."""
    return reverse(view)


def names_url(query, view="postings:names", **asked):
    """The list of who a figure or a cell counts, for the summary's filter `query`."""
    path = view_path(view, get_script_prefix())
    asked = urlencode(asked)
    return f"{path}?{query}&{asked}" if query else f"{path}?{asked}"


def figure_url(name, query):
    """Where headline figure `name` lists what it counts: the succession pool's figures (key
    titles) on the pool page with their verdict, the others on the list of names; None for a
    figure without a list."""
    if name in POOL_VERDICTS:
        return names_url(query, "postings:pool", verdict=POOL_VERDICTS[name])
    if names.has_figure(name):
        return names_url(query, metric=name)
    return None


@register.simple_tag
def figure_value(figure, query=""):
    """A headline figure as people read it, and its `data-metric` span as machines read it
    (`17`, `41.2`), the same in every language (DESIGN.md); a link to who it counts."""
    shown = percent(figure.value) if figure.is_pct else number(figure.value)
    value = format_html(
        '<span class="figure-value">{}</span><span hidden><span data-metric="{}">{}</span></span>',
        shown,
        figure.name,
        figure.text,
    )
    href = figure_url(figure.name, query)
    if href is None:
        return value
    return format_html('<a class="figure-link" href="{}">{}</a>', href, value)


@register.simple_tag
def table_cell(table, row, column, query=""):
    """A table's count, a link to who it counts (none for the "other units" row, whose
    persons are not counted)."""
    value = getattr(row, column)
    if value is None or row.key == "other" or not names.has_table(table.slug):
        return format_html('<td class="num" data-col="{}">{}</td>', column, number(value))
    href = names_url(query, table=table.slug, key=row.key, col=column)
    return format_html(
        '<td class="num"><a href="{}" data-col="{}">{}</a></td>', href, column, number(value)
    )


@register.simple_tag
def table_rows(table, query=""):
    """A table's body rows in one pass (a country's 15 tables hold 200 rows, each with two
    linked cells): the label, linked to the unit when it has a page, the note column when
    the table has one, and the two counts (`table_cell`)."""
    note = bool(table.note_heading)
    return format_html_join(
        "\n",
        '<tr data-key="{}"><th scope="row" class="{}">{}</th>{}{}{}</tr>',
        (
            (
                row.key,
                "indent" if row.indent else "",
                format_html('<a href="{}">{}</a>', row.url, row.label) if row.url else row.label,
                format_html("<td>{}</td>", row.note) if note else "",
                table_cell(table, row, "rotations", query),
                table_cell(table, row, "persons", query),
            )
            for row in table.rows
        ),
    )


@register.simple_tag
def plan_cell(table, row, column, query=""):
    """A plan table's count, a link to the items it counts; the share done links to the done
    items, and says of how many."""
    href = names_url(query, table=table.slug, key=row.key, col=column)
    if column == "share-done":
        share = row.share_done
        value = "—" if share is None else str(share)
        return format_html(
            '<td class="num" data-col="share-done" data-value="{}"><a href="{}" data-share="{}">'
            "{}</a></td>",
            value,
            href,
            value,
            percent(share),
        )
    return format_html(
        '<td class="num"><a href="{}" data-col="{}">{}</a></td>',
        href,
        column,
        number(row.count(column)),
    )


def day(value):
    return f"{value:%d/%m/%Y}" if value else ""


@register.simple_tag
def listing_rows(listing):
    with_reasons = listing.slug == "exceptions"
    no_reason = format_html(
        '<p class="reason reason--missing">{}</p>', gettext("No reason recorded.")
    )
    # Each cell carries its column's name: on a phone a row is a card (static/css/site.css).
    labels = [
        pgettext("place", "From"),
        pgettext("place", "To"),
        gettext("Start"),
        gettext("Planned end"),
        gettext("Decision"),
    ]
    return format_html_join(
        "\n",
        '<tr data-posting="{}"><th scope="row"><a href="{}">{}</a></th>'
        '<td data-label="{}"><a href="{}">{}</a></td>'
        '<td data-label="{}"><a href="{}">{}</a>{}{}</td>'
        '<td class="date" data-label="{}">{}</td><td class="date" data-label="{}">{}</td>'
        '<td data-label="{}">{}{}</td>{}</tr>',
        (
            (
                row.pk,
                row.cadre_url,
                row.cadre,
                labels[0],
                row.from_url,
                row.from_unit,
                labels[1],
                row.to_url,
                row.to_unit,
                format_html('<br><span class="muted">{}</span>', row.to_position)
                if row.to_position
                else "",
                format_html('<br><span class="flag" data-closed>{}</span>', row.closed_note)
                if row.closed_note
                else "",
                labels[2],
                day(row.start),
                labels[3],
                day(row.planned_end),
                labels[4],
                row.decision_number or "—",
                f", {day(row.decision_date)}" if row.decision_date else "",
                reasons(row, no_reason) if with_reasons else "",
            )
            for row in listing.postings
        ),
    )


def reasons(row, no_reason):
    """The rules a rotation broke, and the reason recorded for the exception."""
    labels = format_html_join("", "<li>{}</li>", ((label,) for label in row.warning_labels))
    reason = (
        format_html('<p class="reason">{}</p>', row.exception_reason)
        if row.exception_reason
        else no_reason
    )
    return format_html(
        '<td data-label="{}"><ul class="plain">{}</ul>{}</td>',
        gettext("Rules broken and recorded reason"),
        labels,
        reason,
    )
