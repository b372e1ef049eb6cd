"""A password someone else chose is changed at the first login.

An administrator who creates an account or sets a user's password knows that password; the
account's `UserScope.must_change_password` then says so. Logging in copies the flag into the
session, and until the user changes their password every page leads to the password change
(the flag is read from the session, so other pages cost no query). Changing the password, on
its page or through an emailed reset link, clears it.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cadres.models import UserScope

SESSION_KEY = "must_change_password"
# Pages that stay open meanwhile: the change itself, logging out, the language switch.
OPEN_URLS = ("password_change", "password_change_done", "logout", "set_language", "healthz")


def must_change_on_login(sender, request, user, **kwargs):
    """Signal receiver (`user_logged_in`): remember in the session that the password must change."""
    flagged = UserScope.objects.filter(user=user, must_change_password=True).exists()
    if request is not None and flagged:
        request.session[SESSION_KEY] = True


def password_changed(request, user):
    """The user chose their own password: no page leads to the password change any more."""
    UserScope.objects.filter(user=user, must_change_password=True).update(
        must_change_password=False
    )
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


def must_change_password(request):
    return bool(request.session.get(SESSION_KEY)) and request.user.is_authenticated


def remind(request):
    """On the password change page: why it opened instead of the page asked for."""
    if must_change_password(request):
        messages.warning(
            request,
            _("Your password was set by an administrator. Choose your own password to continue."),
        )


class PasswordChangeRequiredMiddleware:
    """Until the user changes a password an administrator set, every page leads to its change."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths = None

    def __call__(self, request):
        if must_change_password(request):
            if self.open_paths is None:
                self.open_paths = {reverse(name) for name in OPEN_URLS}
            if request.path_info not in self.open_paths:
                return redirect("password_change")
        return self.get_response(request)
