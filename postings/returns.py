"""Record the return of several rotations at once: each row's actual end and outcome, saved
through the one write path, all of them or none.

Staff tick the rotations that came back in the list and choose "Record their return"; a page
lists them, one row each, with the rules checked per row as the single form checks them
(a rule broken asks for its reason in that row). One transaction holds every row: any row
refused, and nothing is saved; each row shows its own messages and what was typed.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from postings import rules
from postings.filters import DayField
from postings.forms import PostingForm
from postings.services import posting_save

MAX_ROWS = 100  # one page a person checks row by row


class ReturnForm(PostingForm):
    """One rotation's return: its actual end, its outcome and, for a rule broken, the reason."""

    actual_end = DayField(label=_("actual end"), named=_("actual end"))

    class Meta(PostingForm.Meta):
        fields = ("actual_end", "outcome", "exception_reason")
        widgets = {"exception_reason": forms.Textarea(attrs={"rows": 2, "cols": 30})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True

    def warning_texts(self):
        """The rules the rotation breaks, as sentences (as last checked)."""
        return rules.describe(self.instance.warnings)

    def asks_for_reason(self):
        """Whether the row shows its reason box: a rule broken, or a reason already given."""
        return bool(
            self.instance.warnings
            or self.instance.exception_reason
            or "exception_reason" in self.errors
        )


def returns_save(forms_):
    """Save every row's return through `posting_save`, or none; True when all were saved.

    Each form validates inside the transaction (the version check and the overlap check lock
    their rows until it ends); one refusal rolls back the rows already saved.
    """
    with transaction.atomic():
        if all([form.is_valid() for form in forms_]):  # a list: every row gets its messages
            try:
                for form in forms_:
                    posting_save(posting=form.instance)
                return True
            except ValidationError as error:
                form._update_errors(error)
        transaction.set_rollback(True)
        return False


class RecordReturnsMixin:
    """For the rotation admin: the "Record their return" action and its page."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_returns"
        view = self.admin_site.admin_view(self.returns_view)
        return [path("returns/", view, name=name), *super().get_urls()]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            actions["record_returns"] = self.get_action("record_returns")
        return actions

    @admin.action(description=_("Record the return of the selected rotations"))
    def record_returns(self, request, queryset):
        ids = list(queryset.order_by("start", "pk").values_list("pk", flat=True)[: MAX_ROWS + 1])
        if len(ids) > MAX_ROWS:
            self.message_user(
                request,
                _("Select at most %(count)d rotations at a time.") % {"count": MAX_ROWS},
                messages.ERROR,
            )
            return None
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_returns")
        return HttpResponseRedirect(f"{url}?{urlencode({'ids': ','.join(map(str, ids))})}")

    def returns_view(self, request):
        """The selected rotations, one row each: actual end, outcome, and a reason if needed."""
        postings = self.returns_rows(request)
        data = request.POST if request.method == "POST" else None
        rows = [ReturnForm(data, instance=p, prefix=f"posting-{p.pk}") for p in postings]
        if data is not None and returns_save(rows):
            self.message_user(
                request,
                ngettext(
                    "The return of %(count)d rotation was recorded.",
                    "The return of %(count)d rotations was recorded.",
                    len(rows),
                )
                % {"count": len(rows)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self.changelist_url(request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": ngettext(
                "Record the return of %(count)d rotation",
                "Record the return of %(count)d rotations",
                len(rows),
            )
            % {"count": len(rows)},
            "rows": rows,
            "refused": data is not None,
            "changelist_url": self.changelist_url(request),
        }
        return TemplateResponse(request, "admin/postings/posting/record_returns.html", context)

    def returns_rows(self, request):
        """The rotations named by `?ids=`, each one the user may change, or 404/403."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        parts = set(request.GET.get("ids", "").split(","))
        ids = {int(part) for part in parts if part.isascii() and part.isdigit() and len(part) < 19}
        if not ids or len(ids) != len(parts) or len(ids) > MAX_ROWS:
            raise Http404
        postings = list(
            self.get_queryset(request)
            .filter(pk__in=ids)
            .select_related("cadre", "from_unit", "to_unit", "to_position")
            .order_by("start", "pk")
        )
        # A rotation outside the user's scope is not found, as on its own page.
        if len(postings) != len(ids):
            raise Http404
        if not all(self.has_change_permission(request, posting) for posting in postings):
            raise PermissionDenied
        return postings

    def changelist_url(self, request):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
