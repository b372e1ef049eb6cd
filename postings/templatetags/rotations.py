"""`{% with state=posting|state_on:today %}`: where a rotation stands on a day.

The record pages label a rotation through `Posting.state`, the definition the admin filter
and the summary use, so a page never calls "under way" what the summary counts as ended.
"""

from django import template

register = template.Library()


@register.filter
def state_on(posting, day):
    """The rotation's `Posting.State` on `day`."""
    return posting.state(day)
