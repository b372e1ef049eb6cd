"""The registry's list rows (registry/changelist.py) are Django's rows, cell for cell."""

import io

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.urls import resolve, reverse

from cadres.models import Cadre
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


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and rolled back after it; each test's own changes
    are rolled back after the test (its transaction is a savepoint inside this one)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        call_command("seed_demo", "--force", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


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
    # A cadre with no current title; a rotation with no outcome yet and no rule warning.
    cadre = Cadre.objects.filter(current_position__isnull=True).first() or Cadre.objects.first()
    Cadre.objects.filter(pk=cadre.pk).update(current_position=None)
    posting = Posting.objects.first()
    Posting.objects.filter(pk=posting.pk).update(outcome="", warnings=[])
    user = make_user("national", is_superuser=True)
    cells = {}
    for model, obj, column in (
        (Cadre, cadre, "current_position"),
        (Posting, posting, "warnings_chip"),
    ):
        cl = changelist(admin.site._registry[model], user)
        assert as_html(result_rows(cl)) == as_html(results(cl))
        (row,) = [
            row for row, r in zip(result_rows(cl), cl.result_list, strict=True) if r.pk == obj.pk
        ]
        cells[column] = [str(cell) for cell in row if f"field-{column}" in str(cell)]
    assert cells == {
        "current_position": ['<td class="field-current_position nowrap">-</td>'],
        # A compliant rotation's warnings cell is empty, not a dash or a red cross.
        "warnings_chip": ['<td class="field-warnings_chip"></td>'],
    }
