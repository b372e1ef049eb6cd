"""Spreadsheet import (upload, preview, confirm), templates and export, for the admin lists.

`ImportExportMixin` goes first in a registry admin's bases, with `importer` naming the
importer class of its records (`cadres/imports.py`, `postings/imports.py`).
"""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from registry.admin import NotFoundMixin
from registry.exports import CONTENT_TYPES, spreadsheet_response
from registry.imports import export_records, import_records, template_file
from registry.models import ImportBatch
from registry.spreadsheets import max_bytes, size_refusal

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
        """Upload a file and see what importing it would do, row by row."""
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
        result = self.run_import(request, batch, commit=False)
        batch.record(result, status=batch.Status.PREVIEWED if result.ok else batch.Status.FAILED)
        batch.save()
        return self.preview_response(request, batch, result)

    def run_import(self, request, batch, *, commit):
        """The batch's file read and checked (saved when `commit`); an error ends the run."""
        try:
            return import_records(
                importer=self.importer,
                data=bytes(batch.data),
                file_name=batch.file_name,
                user=request.user,
                commit=commit,
            )
        except BaseException:
            batch.interrupt()
            raise

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

    def import_confirm_view(self, request, batch_id):
        """Save the previewed file, all rows or none."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(
            ImportBatch.objects.awaiting_confirmation(),
            pk=batch_id,
            user=request.user,
            kind=self.importer.kind,
        )
        if request.method != "POST":
            return redirect(request.path.rsplit("/", 2)[0] + "/")
        if not batch.start():
            return self.busy_response(request)
        result = self.run_import(request, batch, commit=True)
        if not result.saved:
            batch.record(result, status=ImportBatch.Status.FAILED)
            batch.save()
            return self.preview_response(request, batch, result)
        batch.record(result, status=ImportBatch.Status.IMPORTED)
        batch.finished_at = timezone.now()
        batch.save()
        counts = result.counts
        messages.success(
            request,
            _("Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged rows.")
            % {"file": batch.file_name, **counts},
        )
        changelist_url = self.import_context(request)["changelist_url"]
        if result.warned:
            messages.warning(request, self.warned_message(result.warned, changelist_url))
        return redirect(changelist_url)

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

    def preview_response(self, request, batch, result):
        context = self.import_context(request, batch=batch, result=result, counts=result.counts)
        return TemplateResponse(request, "admin/postings/import_preview.html", context)

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
