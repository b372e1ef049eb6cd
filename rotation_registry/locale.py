"""Vietnamese first: the language is the one the person chose with the switch, else Vietnamese."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext_noop, ngettext_lazy


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's, but never guesses from the browser's Accept-Language header."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Strings of Django and of the apps it runs with that their Vietnamese catalogues leave in
# English (Django 5.2, django-axes 8): listed here so that `makemessages` keeps them in
# ours, which takes precedence. The filter widget's own words (djangojs) are in
# locale/vi/LC_MESSAGES/djangojs.po, which `make messages` compiles and never rewrites.
DJANGO_ADMIN_GAPS = (
    # django.contrib.admin
    gettext_noop("Toggle navigation"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Skip to main content"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Sidebar"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Set password"),
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user."
    ),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    ngettext_lazy("entry", "entries", 1),
    # django.contrib.auth, sessions, contenttypes
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and "
        "uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop("Sessions"),
    # django's forms, models and pages
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop("“%(value)s” value must be either True, False, or None."),
    gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    gettext_noop(
        "“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."
    ),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” is not a valid value."),
    gettext_noop("%(model)s instance with %(field)s %(value)r does not exist."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop("Enter a complete value."),
    gettext_noop("ManagementForm data is missing or has been tampered with"),
    gettext_noop("The inline value did not match the parent instance."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("Forbidden"),
    gettext_noop("Date out of range"),
    # django-axes (the lockout app): no Vietnamese catalogue
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop(
        "Account locked: too many login attempts. Contact an admin to unlock your account."
    ),
)
