"""`{% listing_rows listing %}`: the rows of one of the summary's lists.

Written in one pass rather than through the template engine, for the reason the scope
picker is (postings/filters.py): the five lists hold up to 250 rows, and drawing them node
by node was a third of the district summary's time (docs/PERFORMANCE.md). The markup is
what the list template held; tests/postings/test_views.py reads it.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()


def day(value):
    return f"{value:%d/%m/%Y}" if value else ""


@register.simple_tag
def listing_rows(listing):
    with_reasons = listing.slug == "exceptions"
    no_reason = format_html(
        '<p class="reason reason--missing">{}</p>', gettext("No reason recorded.")
    )
    return format_html_join(
        "\n",
        '<tr data-posting="{}"><th scope="row"><a href="{}">{}</a></th>'
        '<td><a href="{}">{}</a></td><td><a href="{}">{}</a>{}{}</td>'
        "<td>{}</td><td>{}</td><td>{}{}</td>{}</tr>",
        (
            (
                row.pk,
                row.cadre_url,
                row.cadre,
                row.from_url,
                row.from_unit,
                row.to_url,
                row.to_unit,
                format_html('<br><span class="muted">{}</span>', row.to_position)
                if row.to_position
                else "",
                format_html('<br><span class="flag" data-closed>{}</span>', row.closed_note)
                if row.closed_note
                else "",
                day(row.start),
                day(row.planned_end),
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
    return format_html('<td><ul class="plain">{}</ul>{}</td>', labels, reason)
