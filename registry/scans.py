"""Signed scans: the PDF of a decision, a plan or a review, kept beside its record.

A model carries one with a single declaration, `scan = ScanField()`, and a migration. The
field stores files in the `scans` storage (`settings.STORAGES["scans"]`: a private folder
by default, an S3-compatible bucket in production), under `<app>/<model>/<yyyy>/<mm>/`
with a random name; accepts only what is really a PDF, by its content, up to
`settings.SCAN_MAX_BYTES`; and never deletes a file: a replaced scan stays in storage,
and the record's history keeps its name. A scan is read only through `scan_view`, which
finds its record through the model's `visible_to(user)`, so it is 404 outside the
record's scope; its `url` is that view's address, never a public one.
"""

import datetime
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

# The trailer `%%EOF` must be within this many bytes of the end (writers add a newline or
# a few bytes of padding after it; 1024 is what PDF readers themselves search).
TRAILER_WINDOW = 1024


class ScanStorage(LazyObject):
    """The storage scans are kept in, `STORAGES["scans"]`, looked up when first used (and
    again when the setting changes, in tests), as Django's `default_storage` is."""

    def _setup(self):
        self._wrapped = storages["scans"]


scan_storage = ScanStorage()


@receiver(setting_changed)
def forget_scan_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        scan_storage._wrapped = empty


def scan_upload_to(instance, filename):
    """`<app>/<model>/<yyyy>/<mm>/<random>.pdf`: the name people gave the file says nothing."""
    today = datetime.date.today()
    opts = instance._meta
    return f"{opts.app_label}/{opts.model_name}/{today:%Y/%m}/{uuid.uuid4().hex}.pdf"


def validate_pdf(file):
    """Refuse a file that is not a PDF by its content (an HTML page or a ZIP renamed .pdf),
    or that is larger than SCAN_MAX_BYTES."""
    if getattr(file, "_committed", False):
        return  # a scan already stored was checked when it was uploaded
    limit = settings.SCAN_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The scan is %(size)s; at most %(limit)s is accepted."),
            code="scan_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    file.seek(0)
    head = file.read(5)
    file.seek(max(file.size - TRAILER_WINDOW, 0))
    tail = file.read()
    file.seek(0)
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise ValidationError(
            _("The file is not a PDF document: upload the signed scan as a PDF file."),
            code="scan_not_pdf",
        )


class ScanFieldFile(models.fields.files.FieldFile):
    """A scan whose address is the scoped view's, for this record or for one of its versions."""

    @property
    def url(self):
        self._require_file()
        opts = self.instance._meta
        address = reverse(
            "scan",
            args=[f"{opts.app_label}.{opts.model_name}", self.instance.pk, self.field.name],
        )
        # A version shown by the history page is an instance built from its historical row.
        version = getattr(self.instance, "_history", None)
        return f"{address}?history_id={version.history_id}" if version else address

    def delete(self, save=True):
        """Forget the file on the record but keep it in storage: its history still names it."""
        self.name = None
        setattr(self.instance, self.field.attname, self.name)
        self._committed = False
        if save:
            self.instance.save()


class ScanField(models.FileField):
    """A signed PDF scan: private storage, PDF only, size limit, never deleted."""

    attr_class = ScanFieldFile

    def __init__(self, verbose_name=None, name=None, **kwargs):
        kwargs.setdefault("upload_to", scan_upload_to)
        kwargs.setdefault("storage", scan_storage)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        # No scan is "" in the database too, so rows written in bulk (COPY) need not name it.
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_default", "")
        kwargs["validators"] = [*kwargs.get("validators", ()), validate_pdf]
        super().__init__(verbose_name, name, **kwargs)

    def deconstruct(self):
        # Storage, path and checks come from this class: migrations need not repeat them.
        name, path, args, kwargs = super().deconstruct()
        for key in ("upload_to", "storage", "validators", "max_length", "blank"):
            kwargs.pop(key, None)
        for key in ("default", "db_default"):
            if kwargs.get(key) == "":
                del kwargs[key]
        return name, path, args, kwargs


def scan_fields(model):
    return {f.name: f for f in model._meta.get_fields() if isinstance(f, ScanField)}


def scan_record(user, label, pk, field_name):
    """The record whose scan is asked for, through its model's `visible_to(user)`; 404
    for a model or field that is not a scan, or a record outside the user's scope."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if field_name not in scan_fields(model):
        raise Http404
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        raise PermissionDenied
    return get_object_or_404(model.objects.visible_to(user), pk=pk)


def scan_name(record, field_name, history_id):
    """The stored name of the scan now, or of the version `history_id` of the record."""
    if not history_id:
        return getattr(record, field_name).name
    if not str(history_id).isdigit():
        raise Http404
    history = getattr(record, "history", None)  # a model may carry scans without history
    if history is None:
        raise Http404
    version = get_object_or_404(history.all(), history_id=history_id)
    return getattr(version, field_name)


@login_required
def scan_view(request, label, pk, field):
    """A record's signed scan, for someone who may see the record: the PDF, shown inline."""
    record = scan_record(request.user, label, pk, field)
    name = scan_name(record, field, request.GET.get("history_id"))
    if not name or not scan_storage.exists(name):
        raise Http404
    filename = f"{record._meta.model_name}-{record.pk}.pdf"
    return FileResponse(
        scan_storage.open(name, "rb"), content_type="application/pdf", filename=filename
    )
