from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The shared core: what both apps use, importing neither (docs/ARCHITECTURE.md)."""

    name = "registry"
    verbose_name = _("Spreadsheet imports")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from registry import checks  # noqa: F401  (registers the start-up checks)
        from registry.cache import registry_changed

        # Any write to a registry model makes the cached summaries stale.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(registry_changed, dispatch_uid=f"registry-changed-{id(signal)}")
