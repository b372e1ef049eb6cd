from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The shared core: what both apps use, importing neither (docs/ARCHITECTURE.md)."""

    name = "registry"
    verbose_name = _("Spreadsheet imports")

    def ready(self):
        from registry import checks  # noqa: F401 (registers the deploy checks)
        from registry.cache import connect_signals

        # A write to a registry model makes the cached summaries of its scopes stale.
        connect_signals()
