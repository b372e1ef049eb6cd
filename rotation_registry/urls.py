"""The registry's URLs: the admin for data entry, the reports and record pages for reading."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from rotation_registry import views

admin.site.site_header = _("Cadre Rotation Registry")
admin.site.site_title = _("Cadre Rotation Registry")
admin.site.index_title = _("Data entry and administration")

handler400 = "rotation_registry.views.bad_request"
handler500 = "rotation_registry.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("postings.urls")),
]
