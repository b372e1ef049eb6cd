"""The start page at `/`: what each role needs first when the day begins.

- Staff: their work queue (overdue and due rotations, missing decisions, exceptions without
  a reason, the last imports), each line a link to the filtered rotation list.
- Leaders: one screen on Resolution 11: the headline figures, the due and overdue rotations,
  links to the full summary.
- Administrators: the accounts in their scope, locked ones, ones never used.

Every part reads through the rule its own list uses (`visible_to`, the admin's querysets),
so the numbers here are the rows the links show. A user with several roles sees each part.
"""

from urllib.parse import urlencode

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from postings import reports
from postings.reports.queue import work_queue
from registry.models import ImportBatch
from registry.scopes import NATIONAL, scope_unit

SHOWN = 10  # rows of each short list
OVERVIEW_FIGURES = (
    "postings_total",
    "cadres_rotated",
    "postings_active",
    "postings_ended",
    "duration_met_pct",
    "in_planning_pct",
    "overdue",
    "due_6_months",
)


def home(request):
    """Each role's start page; someone with no role goes to the admin's index."""
    user = request.user
    context = {"today": timezone.localdate(), "scope": scope_unit(user)}
    if user.has_perm("postings.change_posting"):
        context["queue"] = work_queue(user, context["today"])
        context["imports"] = last_imports(request)
    if user.has_perm("auth.change_user"):
        context["accounts"] = accounts(request)
    if not ({"queue", "accounts"} & context.keys()) and user.has_perm("postings.view_posting"):
        context["overview"] = overview(user, context["today"])
    if not ({"queue", "accounts", "overview"} & context.keys()):
        return redirect("admin:index")
    return render(request, "home.html", context)


def last_imports(request):
    """The last spreadsheet imports the import log shows this user, and who ran them."""
    batches = admin.site.get_model_admin(ImportBatch).get_queryset(request)
    return {
        "rows": list(batches.exclude(status=ImportBatch.Status.PREVIEWED)[:5]),
        "url": reverse("admin:registry_importbatch_changelist"),
    }


def overview(user, today):
    """The summary of the user's scope from 2003 to today: key figures, due and overdue lists."""
    own = scope_unit(user)
    params = reports.Params(
        scope=None if own is NATIONAL else own,
        start=reports.PERIOD_START,
        end=today,
        as_of=today,
    )
    summary = reports.cached_summary(user, params)
    lists = {listing.slug: listing for listing in summary.lists}
    return {
        "figures": [summary.figure(name) for name in OVERVIEW_FIGURES],
        "lists": [lists["overdue"], lists["due"]],
        "summary_url": reverse("postings:summary"),
        # The summary's filter for these figures: their links list who each one counts.
        "query": urlencode({"start": params.start, "end": params.end, "as_of": params.as_of}),
    }


def accounts(request):
    """The accounts the user list shows this administrator: all, locked, never used."""
    users = admin.site.get_model_admin(get_user_model()).get_queryset(request)
    users = users.select_related("scope__unit").order_by("username")
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since,
        username__in=users.values("username"),
    ).order_by("-attempt_time")
    never = users.filter(last_login__isnull=True).prefetch_related(None)  # no roles shown
    user_list = reverse("admin:auth_user_changelist")
    return {
        "count": users.count(),
        "users": list(users[: SHOWN * 2]),
        "locked": list(locked[:SHOWN]),
        "never": list(never[:SHOWN]),
        "never_count": never.count(),
        "users_url": user_list,
        "never_url": f"{user_list}?last_login__isnull=True",
        "locked_url": reverse("admin:axes_accessattempt_changelist"),
    }
