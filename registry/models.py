"""What both apps' models share: normalised text, the permission rule's QuerySet, and the
registry's own bookkeeping (import batches)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class ImportBatch(models.Model):
    """One uploaded spreadsheet: kept between preview and confirmation, then as the import log."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        IMPORTED = "imported", _("imported")
        FAILED = "failed", _("refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
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

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    def record(self, result, *, status):
        """Keep the counts and the first errors of an import run."""
        counts = result.counts
        self.rows_new, self.rows_updated = counts["new"], counts["updated"]
        self.rows_unchanged, self.rows_error = counts["unchanged"], counts["error"]
        self.errors = result.error_lines()[:200]
        self.status = status
