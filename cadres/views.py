"""Account pages in the admin's look, and the recent changes page leaders read."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cadres import passwords
from cadres.models import UserScope
from registry.history import recent_changes as change_feed

CHANGES_PER_PAGE = 50
MAX_PAGE = 10**9


class AdminLookMixin:
    """The admin's header, title and user links on an account page."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**admin.site.each_context(self.request), **context}


class LoginView(AdminLookMixin, auth_views.LoginView):
    """Log in; five wrong passwords lock the user name from that address for a while."""

    extra_context = {"title": _("Log in")}


class LogoutView(AdminLookMixin, auth_views.LogoutView):
    """Log out (a POST), then back to the login page."""


class PasswordChangeView(AdminLookMixin, auth_views.PasswordChangeView):
    """Change one's own password (required first, when an administrator set it)."""

    def get_context_data(self, **kwargs):
        passwords.remind(self.request)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        passwords.password_changed(self.request, form.user)
        return response


class PasswordChangeDoneView(AdminLookMixin, auth_views.PasswordChangeDoneView):
    """Confirm the password was changed."""


class PasswordResetView(AdminLookMixin, auth_views.PasswordResetView):
    """Ask for a password reset link by email."""


class PasswordResetDoneView(AdminLookMixin, auth_views.PasswordResetDoneView):
    """Say the link was sent, if the address is known."""


class PasswordResetConfirmView(AdminLookMixin, auth_views.PasswordResetConfirmView):
    """Set a new password from the emailed link."""

    def form_valid(self, form):
        response = super().form_valid(form)
        passwords.password_changed(self.request, form.user)
        return response


class PasswordResetCompleteView(AdminLookMixin, auth_views.PasswordResetCompleteView):
    """Say the new password is set."""


@login_not_required
def admin_login(request):
    """The admin's login is the site's: one page, one lock on wrong passwords."""
    query = urlencode({"next": request.GET["next"]}) if request.GET.get("next") else ""
    return redirect(f"{reverse('login')}?{query}" if query else reverse("login"))


@login_not_required
def locked_out(request, original_response=None, credentials=None):
    """Tell someone whose login is locked after too many wrong passwords when to retry."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "registration/locked_out.html", context, status=429)


def recent_changes(request):
    """The latest changes to rotations, cadres, units, plans and evaluations in one's scope."""
    try:
        page = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        page = 1
    if page > MAX_PAGE:
        # Past any real history; its offset would not fit the database's integers.
        raise Http404
    kind = request.GET.get("kind") if request.GET.get("kind") in ("+", "~", "-") else None
    changes, more = change_feed(
        request.user, offset=(page - 1) * CHANGES_PER_PAGE, limit=CHANGES_PER_PAGE, kind=kind
    )
    context = {
        **admin.site.each_context(request),
        "changes": changes,
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if more else None,
        "kind": kind or "",
    }
    return render(request, "cadres/recent_changes.html", context)


class ReminderForm(forms.ModelForm):
    class Meta:
        model = UserScope
        fields = ("sends_reminders",)


def reminder_settings(request):
    """Switch one's own daily reminder e-mail on or off (administrators can too, in the
    account's page of the admin)."""
    scope = UserScope.objects.filter(user=request.user).first()
    data = request.POST if request.method == "POST" else None
    form = ReminderForm(data, instance=scope) if scope else None
    if form is not None and form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder setting is saved."))
        return redirect("reminder_settings")
    context = {
        **admin.site.each_context(request),
        "title": _("Daily reminder e-mail"),
        "form": form,
        "has_email": bool(request.user.email),
    }
    return render(request, "registration/reminders.html", context)
