"""Vietnamese first: the language is the one the person chose with the switch, else Vietnamese."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext_noop


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's, but never guesses from the browser's Accept-Language header."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Strings of Django's admin that its Vietnamese catalogue leaves in English (Django 5.2):
# listed here so that `makemessages` keeps them in ours, which takes precedence.
DJANGO_ADMIN_GAPS = (
    gettext_noop("Toggle navigation"),
    gettext_noop("Filter navigation items"),
)
