"""The registry's list rows (registry/changelist.py) are Django's rows, cell for cell."""

import io

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import resolve, reverse

from postings.models import Posting
from registry.admin import RegistryAdmin
from registry.changelist import result_rows
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

REGISTRY_ADMINS = sorted(
    (model._meta.label, model_admin)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, RegistryAdmin)
)


@pytest.fixture
def demo():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("seed_demo", "--force", stdout=io.StringIO())


def changelist(model_admin, user, query=None):
    opts = model_admin.model._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    request = RequestFactory().get(path, query or {})
    request.resolver_match = resolve(path)  # whence the admin knows which filters to carry
    request.user = user
    cl = model_admin.get_changelist_instance(request)
    cl.formset = None  # as changelist_view sets it for a list that is not editable
    return cl


def as_html(rows):
    return [[str(cell) for cell in row] for row in rows]


@pytest.mark.parametrize(("label", "model_admin"), REGISTRY_ADMINS, ids=lambda v: str(v))
def test_rows_are_djangos_rows_on_every_registry_list(demo, label, model_admin):
    cl = changelist(model_admin, make_user("national", is_superuser=True))
    assert cl.result_list, f"the demo has no {label} to list"
    assert as_html(result_rows(cl)) == as_html(results(cl))


def test_rows_carry_the_lists_filters_into_each_link(demo):
    model_admin = admin.site._registry[Posting]
    cl = changelist(
        model_admin,
        make_user("national", is_superuser=True),
        {"direction__exact": "district_to_commune", "o": "2"},
    )
    rows = as_html(result_rows(cl))
    assert rows == as_html(results(cl))
    first = cl.result_list[0]
    assert f"/admin/postings/posting/{first.pk}/change/?_changelist_filters=" in rows[0][1]
    assert "direction__exact%3Ddistrict_to_commune" in rows[0][1]


def test_rows_show_empty_and_missing_values_as_django_does(demo):
    # A rotation with no receiving title and no outcome yet.
    posting = Posting.objects.filter(to_position__isnull=True).first() or Posting.objects.first()
    Posting.objects.filter(pk=posting.pk).update(to_position=None, outcome="", warnings=[])
    cl = changelist(admin.site._registry[Posting], make_user("national", is_superuser=True))
    assert as_html(result_rows(cl)) == as_html(results(cl))
    (row,) = [
        row for row, r in zip(result_rows(cl), cl.result_list, strict=True) if r.pk == posting.pk
    ]
    assert '<td class="field-to_position nowrap">-</td>' in [str(cell) for cell in row]
