from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = _("Rotations")

    def ready(self):
        from postings.cache import registry_changed

        # Any write to a registry model makes the cached summaries stale.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(registry_changed, dispatch_uid=f"registry-changed-{id(signal)}")
