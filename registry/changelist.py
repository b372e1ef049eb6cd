"""The registry's admin lists: Django's ChangeList, with its rows drawn column by column.

Django's `items_for_result` works out, for every cell of every row, what its column is: it
looks the field up, flattens the field's choices, reverses the row's change URL and
resolves that URL again to carry the list's filters over. On a page of 50 rotations that
is a third of the page's time (docs/PERFORMANCE.md). `result_rows` works each column out
once per page and then only reads values. It draws the same HTML as Django's, cell for
cell, which tests/cadres/test_changelist.py checks against Django's own on every list.
Editable lists and pop-up pickers keep Django's own rows.
"""

import datetime

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _boolean_icon,
    _coerce_field_name,
    results,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
    quote,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Stands for the primary key in a change URL worked out once per page: letters and digits,
# which the admin's `quote` leaves as they are, so it appears verbatim in the URL.
PK_PLACEHOLDER = "0RowPk0"


class RegistryChangeList(ChangeList):
    """Django's list, where a filter value beyond the calendar is a bad filter, not a 500.

    Django turns a malformed year into "bad filter" but not `?start__year=0` or
    `?start__year=99999999999`, which fail only when the date bounds are computed.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            return super().get_results(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class Column:
    """One column of the list: what Django decides per cell, decided once."""

    def __init__(self, cl, index, name, linked):
        self.name = name
        self.linked = linked
        self.empty = cl.model_admin.get_empty_value_display()
        self.classes = (
            ["action-checkbox"]
            if name == "action_checkbox"
            else [f"field-{_coerce_field_name(name, index)}"]
        )
        try:
            field = _get_non_gfk_field(cl.model._meta, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            field = None
        # Auto-created fields and everything that is not a field (admin methods, model
        # properties, callables) go through Django's own lookup, as in `items_for_result`.
        self.field = None if field is None or field.auto_created else field
        self.choices = None
        self.is_relation = False
        self.icons = {}  # a boolean column's three icons, each drawn once
        if self.field is not None:
            if isinstance(self.field, (models.DateField, models.TimeField, models.ForeignKey)):
                self.classes.append("nowrap")
            self.is_relation = isinstance(self.field.remote_field, models.ManyToOneRel)
            if self.field.flatchoices and not self.is_relation:
                try:
                    self.choices = dict(self.field.flatchoices)
                except TypeError:  # list-like choices: left to Django
                    self.choices = None

    def cell(self, cl, result):
        """The cell's classes and its HTML, as `items_for_result` would give them."""
        classes = self.classes
        try:
            if self.field is None:
                return self.computed_cell(cl, result)
            value = getattr(result, self.name)
        except ObjectDoesNotExist:
            return classes, self.empty
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if self.is_relation:
            return classes, self.empty if value is None else value
        if self.choices is not None:
            return classes, self.choices.get(value, self.empty)
        return classes, display_for_field(value, self.field, self.empty, avoid_link=self.linked)

    def computed_cell(self, cl, result):
        field, attr, value = lookup_field(self.name, result, cl.model_admin)
        empty = getattr(attr, "empty_value_display", self.empty)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        classes = self.classes
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        if isinstance(value, (datetime.date, datetime.time)):
            classes = [*classes, "nowrap"]
        if boolean and value in (True, False, None):
            if value not in self.icons:
                self.icons[value] = _boolean_icon(value)
            return classes, self.icons[value]
        return classes, display_for_value(value, empty, boolean)


def change_url_template(cl):
    """The change URL of a row, with the list's filters carried over, and PK_PLACEHOLDER."""
    try:
        url = reverse(
            f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
            args=(PK_PLACEHOLDER,),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return None
    return add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)


def linked_columns(cl):
    """Which columns link to the record: Django's rule, `list_display_links` or the first."""
    links = cl.list_display_links
    if links is None:
        return [False] * len(cl.list_display)
    if not links:
        return [index == 0 for index in range(len(cl.list_display))]
    return [name in links for name in cl.list_display]


def result_rows(cl):
    """The rows of `cl`, each a list of cells' HTML, the same as Django's `results(cl)`."""
    if cl.formset or cl.is_popup:
        return list(results(cl))
    columns = [
        Column(cl, index, name, linked)
        for index, (name, linked) in enumerate(
            zip(cl.list_display, linked_columns(cl), strict=True)
        )
    ]
    # Its path comes before the carried-over filters, so the first occurrence is the key's.
    url_template = change_url_template(cl)
    rows = []
    for result in cl.result_list:
        cells, first = [], True
        for column in columns:
            classes, html = column.cell(cl, result)
            row_class = mark_safe(f' class="{" ".join(classes)}"')
            if not column.linked:
                cells.append(format_html("<td{}>{}</td>", row_class, html))
                continue
            tag = "th" if first else "td"
            first = False
            if url_template is not None:
                url = url_template.replace(PK_PLACEHOLDER, str(quote(result.pk)), 1)
                html = format_html('<a href="{}"{}>{}</a>', url, "", html)
            cells.append(format_html("<{}{}>{}</{}>", tag, row_class, html, tag))
        rows.append(ResultList(None, cells))
    return rows
