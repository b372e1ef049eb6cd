"""Spreadsheet import (upload, preview, confirm), templates and export, for the admin lists.

`ImportExportMixin` goes first in a registry admin's bases, with `importer` naming the
importer class of its records (`cadres/imports.py`, `postings/imports.py`).
"""

import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks_db.models import DBTaskResult

from registry.admin import NotFoundMixin
from registry.exports import CONTENT_TYPES, spreadsheet_response
from registry.imports import ImportResult, export_records, template_file
from registry.models import ImportBatch
from registry.spreadsheets import max_bytes, size_refusal
from registry.tasks import enqueue_import

# The worker's queue (django_tasks_db) is machinery, not records: the import log below is
# what people see of their imports.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

# The rows saved with warnings that the message links to, by id (a URL has room for these).
WARNED_LINK_CAP = 200


class ImportExportMixin:
    """Adds “Import from a file”, the templates and “Export” to a registry admin list."""

    importer = None
    change_list_template = "admin/postings/import_change_list.html"
    actions = ("export_xlsx", "export_csv")

    def get_urls(self):
        def name(suffix):
            return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name=name("import")),
            path(
                "import/<int:batch_id>/",
                view(self.import_confirm_view),
                name=name("import_confirm"),
            ),
            path(
                "import/<int:batch_id>/progress.json",
                view(self.progress_view),
                name=name("import_progress"),
            ),
            path(
                "import/template.<str:file_format>", view(self.template_view), name=name("template")
            ),
            path("export.<str:file_format>", view(self.export_view), name=name("export")),
        ] + super().get_urls()

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(kind)s from a spreadsheet")
            % {"kind": self.opts.verbose_name_plural},
            "max_mb": max_bytes() // 1048576,
            "changelist_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
            ),
            **context,
        }

    def import_view(self, request):
        """Upload a file; a worker checks it while the batch page shows its progress."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return TemplateResponse(
                request, "admin/postings/import_form.html", self.import_context(request)
            )
        upload = request.FILES.get("file")
        refusal = _("Choose a .xlsx or .csv file to import.") if upload is None else None
        refusal = refusal or size_refusal(upload.size)
        if refusal:
            context = self.import_context(request, refusal=refusal)
            return TemplateResponse(request, "admin/postings/import_form.html", context)
        data = upload.read()
        batch = ImportBatch(
            user=request.user, kind=self.importer.kind, file_name=upload.name[:255], data=data
        )
        if not batch.start():
            return self.busy_response(request)
        return self.enqueue(request, batch)

    def enqueue(self, request, batch):
        """Queue the started batch for the worker and answer at once with its page."""
        try:
            enqueue_import(batch, self.importer)
        except BaseException:
            batch.interrupt()
            raise
        response = redirect(self.batch_url(batch))
        response.status_code = 303  # See Other: the page of the batch, by GET
        return response

    def batch_url(self, batch):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_import_confirm", args=[batch.pk]
        )

    def busy_response(self, request):
        """Refuse a second import while one of the same person's is still running."""
        running = ImportBatch.objects.filter(
            user=request.user, status=ImportBatch.Status.RUNNING
        ).first()
        since = timezone.localtime(running.started_at) if running and running.started_at else None
        refusal = _(
            "An import of yours is still running (started at %(time)s). Wait until it "
            "finishes, then try again."
        ) % {"time": f"{since:%H:%M}" if since else "…"}
        context = self.import_context(request, refusal=refusal)
        return TemplateResponse(request, "admin/postings/import_form.html", context, status=409)

    def own_batch(self, request, batch_id):
        """The person's own batch of this kind; another's is "not found"."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        ImportBatch.objects.filter(user=request.user).close_interrupted()
        return get_object_or_404(
            ImportBatch.objects.defer("data"),
            pk=batch_id,
            user=request.user,
            kind=self.importer.kind,
        )

    def import_confirm_view(self, request, batch_id):
        """The batch page (GET); POST saves a checked file, or runs an interrupted one again."""
        if request.method != "POST":
            batch = self.own_batch(request, batch_id)
            return self.batch_response(request, batch)
        if not self.has_import_permission(request):
            raise PermissionDenied
        startable = ImportBatch.objects.awaiting_confirmation() | ImportBatch.objects.retryable()
        batch = get_object_or_404(
            startable.defer("data"), pk=batch_id, user=request.user, kind=self.importer.kind
        )
        saving = batch.saving or batch.status == ImportBatch.Status.PREVIEWED
        if not batch.start(saving=saving):
            return self.busy_response(request)
        return self.enqueue(request, batch)

    def progress_view(self, request, batch_id):
        """The batch's progress as JSON, for the page's script (the owner's only)."""
        batch = self.own_batch(request, batch_id)
        return JsonResponse(
            {
                "status": batch.status,
                "running": batch.status == ImportBatch.Status.RUNNING,
                "done": batch.rows_done,
                "total": batch.rows_total,
                "errors": batch.rows_error,
            }
        )

    def batch_response(self, request, batch):
        """Running: the progress bar; finished: what the run found, row by row."""
        result = ImportResult.of_batch(batch)
        context = self.import_context(
            request,
            batch=batch,
            result=result,
            counts=result.counts,
            running=batch.status == ImportBatch.Status.RUNNING,
            retryable=ImportBatch.objects.retryable().filter(pk=batch.pk).exists(),
            progress_url=self.batch_url(batch) + "progress.json",
        )
        if batch.status == ImportBatch.Status.IMPORTED and result.warned:
            context["warned_message"] = self.warned_message(
                result.warned, context["changelist_url"]
            )
        return TemplateResponse(request, "admin/postings/import_preview.html", context)

    @staticmethod
    def warned_message(ids, changelist_url):
        """How many rows were saved with rule warnings, linked to the list of them."""
        shown = ids[:WARNED_LINK_CAP]
        link = f"{changelist_url}?id__in={','.join(map(str, shown))}"
        return format_html(
            '{} <a href="{}">{}</a>',
            ngettext(
                "%(count)s row was saved with rule warnings and its recorded reason.",
                "%(count)s rows were saved with rule warnings and their recorded reasons.",
                len(ids),
            )
            % {"count": len(ids)},
            link,
            _("See them")
            if len(shown) == len(ids)
            else _("See the first %(count)s") % {"count": len(shown)},
        )

    def template_view(self, request, file_format):
        """An empty file with the headers this import expects."""
        if file_format not in CONTENT_TYPES:
            raise Http404
        data = template_file(importer=self.importer, file_format=file_format)
        return spreadsheet_response(data, file_format=file_format, name=f"mau-{self.importer.kind}")

    def export_view(self, request, file_format):
        """Everything the list shows (scope, filters, search) as a spreadsheet."""
        if file_format not in CONTENT_TYPES:
            raise Http404
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        queryset = self.get_changelist_instance(request).get_queryset(request)
        return self.export_response(request, queryset, file_format)

    def export_response(self, request, queryset, file_format):
        importer = self.export_importer(request)
        data = export_records(importer=importer, queryset=queryset, file_format=file_format)
        name = f"{self.importer.kind}-{datetime.date.today():%Y%m%d}"
        return spreadsheet_response(data, file_format=file_format, name=name)

    def export_importer(self, request):
        """The importer whose columns the export writes, less those hidden from the user."""
        hidden = self.hidden_fields(request) if hasattr(self, "hidden_fields") else ()
        if not hidden:
            return self.importer
        columns = [column for column in self.importer.columns if column.key not in hidden]
        return type(self.importer.__name__, (self.importer,), {"columns": columns})

    @admin.action(description=gettext_lazy("Export selected to Excel"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self.export_response(request, queryset, "xlsx")

    @admin.action(description=gettext_lazy("Export selected to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self.export_response(request, queryset, "csv")


@admin.register(ImportBatch)
class ImportBatchAdmin(NotFoundMixin, admin.ModelAdmin):
    """The import log: who imported which file when, and what came of it.

    Another person's import is "not found", as records outside a scope are.
    """

    list_display = (
        "created_at",
        "user",
        "kind",
        "file_name",
        "status",
        "rows_new",
        "rows_updated",
        "rows_unchanged",
        "rows_error",
    )
    list_filter = ("status", "kind")
    fields = list_display + ("finished_at", "errors")
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user").defer("data")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
