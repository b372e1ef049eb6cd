"""`{% registry_result_list cl %}`: the admin's `{% result_list cl %}`, with faster rows."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode

from registry.changelist import result_rows

register = template.Library()


def registry_result_list(cl):
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": result_rows(cl),
    }


@register.tag(name="registry_result_list")
def registry_result_list_tag(parser, token):
    # As Django's own tag: "change_list_results.html" may be overridden per app or model.
    return InclusionAdminNode(
        parser,
        token,
        func=registry_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
