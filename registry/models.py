"""What both apps' models share: normalised text, the permission rule's QuerySet, and the
registry's own bookkeeping (import batches)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.scopes import scope_filter
from registry.text import nfc, search_key


class NormalisedTextMixin:
    """Store every text field as NFC, and keep `search_key` in step with the name."""

    search_source = None

    def search_text(self):
        """The text a search must find this row by; None for a model with no search key."""
        return getattr(self, self.search_source) if self.search_source else None

    def normalise_text(self):
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, nfc(value))
        text = self.search_text()
        if text is not None:
            self.search_key = search_key(text)

    def clean(self):
        self.normalise_text()
        super().clean()

    def save(self, *args, **kwargs):
        self.normalise_text()
        super().save(*args, **kwargs)


class VisibleQuerySet(models.QuerySet):
    """The one permission rule: what a user may see. Lists, pages, admin and reports use it."""

    scope_lookups = ()
    # Forward links that lead to a unit from the historical row, which keeps the foreign
    # keys but no reverse relations: used to scope the history of deleted records.
    history_scope_lookups = ()

    def visible_to(self, user):
        return scope_filter(self, user, self.scope_lookups)

    def search(self, text, *, key_fields=("search_key",), exact_fields=()):
        """The rows typed text finds; every row for blank text.

        A row is found when one of `key_fields` (search keys, lower case without
        diacritics) contains the text's search key, or one of `exact_fields` equals the
        text, case aside. The admin's search box and pickers search this way.
        """
        text = text.strip()
        if not text:
            return self
        key = search_key(text)
        condition = Q()
        for field in key_fields:
            condition |= Q(**{f"{field}__contains": key})
        for field in exact_fields:
            condition |= Q(**{f"{field}__iexact": text})
        return self.filter(condition)


# An import whose worker has given no sign of life (`ImportBatch.heartbeat_at`, written every
# few seconds while it runs) for this long was interrupted: its worker died or was stopped,
# its transaction was rolled back, and it no longer blocks. IMPORT_STALE_MINUTES.
def stale_after():
    return datetime.timedelta(minutes=settings.IMPORT_STALE_MINUTES)


def interrupted_message():
    return _(
        "The import stopped before it finished (its worker was stopped or none is running); "
        "nothing was saved. Run it again."
    )


class ImportBatchQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Batches uploaded longer ago than the retention (IMPORT_RETENTION_HOURS)."""
        retention = datetime.timedelta(hours=settings.IMPORT_RETENTION_HOURS)
        return self.filter(created_at__lt=(now or timezone.now()) - retention)

    def awaiting_confirmation(self, now=None):
        """Previews whose file is still kept for the person to confirm."""
        previewed = self.filter(status=ImportBatch.Status.PREVIEWED)
        return previewed.exclude(pk__in=self.expired(now).values("pk"))

    def retryable(self, now=None):
        """Interrupted runs whose file is still kept: they can be run again."""
        interrupted = self.filter(status=ImportBatch.Status.FAILED, interrupted=True)
        return interrupted.exclude(data=b"").exclude(pk__in=self.expired(now).values("pk"))

    def close_interrupted(self, now=None):
        """Mark as interrupted the running imports whose worker stopped giving signs of life.

        The file is kept (until the retention), so the import can be run again.
        """
        cutoff = (now or timezone.now()) - stale_after()
        last_sign = Coalesce("heartbeat_at", "started_at")
        interrupted = self.filter(status=ImportBatch.Status.RUNNING).alias(last_sign=last_sign)
        return interrupted.filter(last_sign__lt=cutoff).update(
            status=ImportBatch.Status.FAILED,
            interrupted=True,
            errors=[str(interrupted_message())],
        )

    def purge(self, now=None):
        """Forget the files of batches past the retention; unconfirmed previews are abandoned.

        The rows stay, with their counts and errors, as the import log. Returns the number
        of previews abandoned and of other files removed.
        """
        self.close_interrupted(now)
        expired = self.expired(now)
        abandoned = expired.filter(status=ImportBatch.Status.PREVIEWED).update(
            status=ImportBatch.Status.ABANDONED, data=b""
        )
        removed = expired.exclude(data=b"").update(data=b"")
        return abandoned, removed


class ImportBatch(models.Model):
    """One uploaded spreadsheet: its file kept only until it is saved, refused or abandoned
    (IMPORT_RETENTION_HOURS, `manage.py purge_imports`); the row stays as the import log.
    The file may hold ID numbers and other personal data."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        PREVIEWED = "previewed", _("previewed")
        IMPORTED = "imported", _("imported")
        FAILED = "failed", _("refused")
        ABANDONED = "abandoned", _("not confirmed in time")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("last run at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    kind = models.CharField(_("kind of records"), max_length=20)
    file_name = models.CharField(_("file name"), max_length=255)
    # The upload itself, so that confirming works on any server process (no local files).
    data = models.BinaryField(_("file contents"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    rows_new = models.PositiveIntegerField(_("new rows"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated rows"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged rows"), default=0)
    rows_error = models.PositiveIntegerField(_("rows with errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # The run in the worker: a preview, or saving; its progress and its last sign of life.
    saving = models.BooleanField(_("saving"), default=False)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    interrupted = models.BooleanField(_("interrupted"), default=False)
    seconds = models.FloatField(_("seconds"), default=0)
    # What the run found, row by row (`RowResult` fields), for the batch page.
    report = models.JSONField(_("rows"), default=list, blank=True, editable=False)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-created_at"]
        constraints = [
            # One import at a time per person, across every server process: a file is read
            # and checked in one go, and five at once from one account took the site down.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="running"),
                name="registry_importbatch_one_running_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    def start(self, *, saving=False):
        """Mark the batch running (and queued for the worker), for every server process at once.

        False when its user already has an import running (which includes a preview being
        confirmed by an earlier click); an import whose worker died no longer counts. A
        kept batch starts again when it awaits confirmation or was interrupted.
        """
        ImportBatch.objects.filter(user=self.user).close_interrupted()
        now = timezone.now()
        fresh = {"status": self.Status.RUNNING, "started_at": now, "heartbeat_at": None}
        fresh |= {"saving": saving, "rows_done": 0, "interrupted": False}
        try:
            with transaction.atomic():
                if self.pk is None:
                    for name, value in fresh.items():
                        setattr(self, name, value)
                    self.save()
                    return True
                startable = ImportBatch.objects.awaiting_confirmation() | (
                    ImportBatch.objects.retryable()
                )
                taken = startable.filter(pk=self.pk).update(**fresh)
        except IntegrityError:
            return False
        for name, value in fresh.items():
            setattr(self, name, value)
        return bool(taken)

    def interrupt(self):
        """An import that stopped with an error: interrupted, its file kept to run it again."""
        ImportBatch.objects.filter(pk=self.pk).update(
            status=self.Status.FAILED, interrupted=True, errors=[str(interrupted_message())]
        )

    def record(self, result, *, status):
        """Keep the counts and the first errors of an import run."""
        counts = result.counts
        self.rows_new, self.rows_updated = counts["new"], counts["updated"]
        self.rows_unchanged, self.rows_error = counts["unchanged"], counts["error"]
        self.errors = result.error_lines()[:200]
        self.rows_total = self.rows_done = len(result.rows)
        self.seconds = result.seconds
        self.report = [row.as_json() for row in result.rows]
        self.status = status
        self.interrupted = False
        if status != self.Status.PREVIEWED:
            # Saved or refused: nobody will confirm it, so the file is not kept.
            self.data = b""
