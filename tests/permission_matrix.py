"""The permission matrix the tests of test_permissions.py walk: every URL and admin screen
with the outcome each persona expects, and every importer."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres.models import Cadre
from postings.models import (
    Evaluation,
)
from tests.test_scans import real_pdf

D = datetime.date
pytestmark = pytest.mark.django_db
PERSONAS = ["anonymous", "staff", "leader", "administrator", "outsider"]


def every(code):
    return dict.fromkeys(PERSONAS, code)


def signed_in(code, anonymous=302):
    return {**every(code), "anonymous": anonymous}


def scoped(code, outsider=404):
    return {**signed_in(code), "outsider": outsider}


# Pages outside the per-model admin screens: route → (URL builder, persona → outcome).
PAGES = {
    # Each role's start page (rotation_registry/home.py); the outsider, staff elsewhere, too.
    "": (None, signed_in(200)),
    "favicon.ico": (None, every(301)),
    "glossary/": (None, signed_in(200)),
    "cadres/<int:pk>/": (lambda w: reverse("records:cadre", args=[w.cadre.pk]), scoped(200)),
    "units/<int:pk>/": (lambda w: reverse("records:unit", args=[w.commune.pk]), scoped(200)),
    "changes/": (None, signed_in(200)),
    "healthz": (None, every(200)),
    "reports/": (None, signed_in(200)),
    "reports/nguon/": (None, signed_in(200)),
    "reports/nguon/export.<str:fmt>": (
        lambda w: reverse("postings:pool_export", args=["csv"]),
        signed_in(200),
    ),
    "reports/export/<slug:table>.<str:fmt>": (
        lambda w: reverse("postings:summary_export", args=["theo-nam", "csv"]),
        signed_in(200),
    ),
    "reports/danh-sach/": (
        lambda w: reverse("postings:names") + "?metric=joined_party_committee",
        signed_in(200),
    ),
    "reports/danh-sach.<str:fmt>": (
        lambda w: reverse("postings:names_export", args=["xlsx"]) + "?table=theo-nam&key=total",
        signed_in(200),
    ),
    "scans/<str:label>/<int:pk>/<slug:field>/": (lambda w: scanned(w), scoped(200)),
    # The summary as a Word file: as the page (the outsider's own scope without ?scope=).
    "reports/word.docx": (None, signed_in(200)),
    "i18n/setlang/": (None, every(302)),
    "accounts/login/": (None, every(200)),
    "accounts/logout/": (None, signed_in(405)),
    "accounts/password_change/": (None, signed_in(200)),
    "accounts/reminders/": (None, signed_in(200)),
    "accounts/password_change/done/": (None, signed_in(200)),
    "accounts/password_reset/": (None, every(200)),
    "accounts/password_reset/done/": (None, every(200)),
    "accounts/reset/<uidb64>/<token>/": (
        lambda w: reverse("password_reset_confirm", args=["MQ", "bad-token"]),
        every(200),
    ),
    "accounts/reset/done/": (None, every(200)),
    "admin/": (None, signed_in(200)),
    "admin/login/": (None, every(302)),
    "admin/logout/": (None, signed_in(405)),
    "admin/password_change/": (None, signed_in(200)),
    "admin/password_change/done/": (None, signed_in(200)),
    # Without its parameters the autocomplete refuses; its scoping is in test_scopes.
    "admin/autocomplete/": (None, signed_in(403)),
    "admin/jsi18n/": (None, signed_in(200)),
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        lambda w: reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(Cadre).pk, w.cadre.pk]
        ),
        signed_in(302),
    ),
    "admin/^(?P<app_label>auth|registry|cadres|axes|postings)/$": (
        lambda w: reverse("admin:app_list", args=["postings"]),
        signed_in(200),
    ),
    "admin/(?P<url>.*)$": (lambda w: "/admin/no-such-page/", signed_in(404)),
    # Recording several returns at once (postings/returns.py): staff who may change them.
    "admin/postings/posting/returns/": (
        lambda w: f"{reverse('admin:postings_posting_returns')}?ids={w.posting.pk}",
        {**signed_in(403), "staff": 200, "outsider": 404},
    ),
}


def scanned(world):
    """The scan of the home district's evaluation, attached the first time it is asked for."""
    evaluation = world.objects[Evaluation]
    if not evaluation.scan:
        evaluation.scan = SimpleUploadedFile("scan.pdf", real_pdf())
        evaluation.save()
    return evaluation.scan.url


# Admin screens, per model: persona → outcomes of (list, add, change, delete, history) for
# an object of the home district. The anonymous are sent to the login page everywhere; a
# version of the history opens like the history; `<id>/` redirects to the change page.
SCREENS = ("changelist", "add", "change", "delete", "history")
ENTER = (200, 200, 200, 403, 200)  # add and change, no delete
ENTER_DELETE = (200, 200, 200, 200, 200)
READ = (200, 403, 200, 403, 200)
KEEP = (200, 200, 200, 403, 200)  # administrators keep catalogues
REFUSED = (403, 403, 403, 403, 403)
OUTSIDE = (200, 200, 404, 404, 404)
OUTSIDE_READ = (200, 403, 404, 404, 404)
ADMIN_MODELS = {
    "postings.posting": {
        "staff": ENTER, "leader": READ, "administrator": READ, "outsider": OUTSIDE,
    },
    "postings.evaluation": {
        "staff": ENTER_DELETE, "leader": READ, "administrator": READ, "outsider": OUTSIDE,
    },
    "postings.placement": {
        "staff": ENTER_DELETE, "leader": READ, "administrator": READ, "outsider": OUTSIDE,
    },
    "postings.inspectionfinding": {
        "staff": ENTER, "leader": READ, "administrator": READ, "outsider": OUTSIDE,
    },
    "postings.decision": {
        "staff": ENTER, "leader": READ, "administrator": READ, "outsider": OUTSIDE,
    },
    "postings.rotationplan": {
        "staff": ENTER, "leader": READ, "administrator": READ, "outsider": OUTSIDE,
    },
    "postings.planitem": {
        "staff": ENTER_DELETE, "leader": READ, "administrator": READ, "outsider": OUTSIDE,
    },
    "cadres.cadre": {"staff": ENTER, "leader": READ, "administrator": READ, "outsider": OUTSIDE},
    "cadres.planningentry": {
        "staff": ENTER_DELETE, "leader": READ, "administrator": READ, "outsider": OUTSIDE,
    },
    "cadres.unit": {"staff": ENTER, "leader": READ, "administrator": KEEP, "outsider": OUTSIDE},
    "cadres.unitchange": {
        "staff": READ, "leader": READ, "administrator": KEEP, "outsider": OUTSIDE_READ,
    },
    "cadres.position": {"staff": READ, "leader": READ, "administrator": KEEP, "outsider": READ},
    "cadres.term": {"staff": READ, "leader": READ, "administrator": KEEP, "outsider": READ},
    "auth.user": {
        "staff": REFUSED,
        "leader": REFUSED,
        "administrator": KEEP,
        "outsider": (403, 403, 404, 404, 404),
    },
    "auth.group": {"staff": REFUSED, "leader": REFUSED, "administrator": READ, "outsider": REFUSED},
    # Login records: the home staff member's, seen by their district's administrator; to
    # another district's, as accounts are, not even found.
    "axes.accessattempt": {
        "staff": REFUSED,
        "leader": REFUSED,
        "administrator": (200, 403, 200, 200, 200),
        "outsider": (403, 403, 404, 404, 404),
    },
    "axes.accesslog": {
        "staff": REFUSED, "leader": REFUSED, "administrator": READ,
        "outsider": (403, 403, 404, 404, 404),
    },
    "axes.accessfailurelog": {
        "staff": REFUSED, "leader": REFUSED, "administrator": READ,
        "outsider": (403, 403, 404, 404, 404),
    },
    # The import log: each person sees their own imports (the world's batch is staff's).
    "registry.importbatch": {
        "staff": (200, 403, 200, 403, 200),
        "leader": (200, 403, 404, 404, 404),
        "administrator": (200, 403, 404, 404, 404),
        "outsider": (200, 403, 404, 404, 404),
    },
}  # fmt: skip

# Spreadsheet import and export, per model: persona → outcomes of (import page, a previewed
# batch of the staff's, template download, export). Importing needs add and change rights.
# The batch's progress (progress.json) answers as its page does.
IMPORTS = {
    "cadres.unit": {
        "staff": (200, 404, 200, 200), "leader": (403, 403, 200, 200),
        "administrator": (200, 404, 200, 200), "outsider": (200, 404, 200, 200),
    },
    "cadres.position": {
        "staff": (403, 403, 200, 200), "leader": (403, 403, 200, 200),
        "administrator": (200, 404, 200, 200), "outsider": (403, 403, 200, 200),
    },
    "cadres.cadre": {
        "staff": (200, 404, 200, 200), "leader": (403, 403, 200, 200),
        "administrator": (403, 403, 200, 200), "outsider": (200, 404, 200, 200),
    },
    "cadres.planningentry": {
        "staff": (200, 404, 200, 200), "leader": (403, 403, 200, 200),
        "administrator": (403, 403, 200, 200), "outsider": (200, 404, 200, 200),
    },
    "postings.posting": {
        "staff": (200, 200, 200, 200), "leader": (403, 403, 200, 200),
        "administrator": (403, 403, 200, 200), "outsider": (200, 404, 200, 200),
    },
}  # fmt: skip
