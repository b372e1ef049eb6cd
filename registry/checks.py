"""Start-up checks of the registry's configuration (Django's system check framework).

They run before `migrate`, `runserver` and `check`, so `make serve` stops on them.
"""

from django.conf import settings
from django.core.checks import Error, register

# Backends that put the mail, password-reset links included, where others can read it.
WRITTEN_DOWN = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register()
def mail_is_sent_not_written_down(app_configs, **kwargs):
    """In production a password-reset link is mailed, never written to the log or a file."""
    if settings.DEBUG or settings.EMAIL_BACKEND not in WRITTEN_DOWN:
        return []
    return [
        Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND} (the default when it is not set) "
            "with DEBUG off: password-reset links would be written to the log, where anyone "
            "who reads it could take over the account.",
            hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST "
            "(docs/DEPLOYMENT.md, Mail).",
            id="registry.E001",
        )
    ]
