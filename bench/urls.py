"""Bench-only URLs: the registry's, a stock admin to compare with, and a trivial view.

Mounted only by `bench.settings`, never by the registry's own settings.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path

from postings.models import Posting
from rotation_registry.urls import urlpatterns as registry_urlpatterns

FALLBACK_LIST_DISPLAY = ("cadre", "from_unit", "to_unit", "direction", "start", "outcome")


class StockPostingAdmin(admin.ModelAdmin):
    """The peer to beat: the same columns as the registry's list, with no tuning at all."""

    def get_list_display(self, request):
        tuned = admin.site._registry.get(Posting)
        if not tuned:
            return FALLBACK_LIST_DISPLAY
        # Columns computed by methods of the tuned admin are not ours to borrow: keep the
        # columns the model itself provides.
        names = [
            name
            for name in tuned.get_list_display(request)
            if isinstance(name, str) and (name == "__str__" or hasattr(Posting, name))
        ]
        return names or FALLBACK_LIST_DISPLAY


stock_site = admin.AdminSite(name="stock")
stock_site.register(Posting, StockPostingAdmin)


def trivial(request):
    """The framework's own ceiling: the middleware stack and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/stock/", stock_site.urls),
    path("bench/trivial/", trivial, name="bench-trivial"),
    *registry_urlpatterns,
]
