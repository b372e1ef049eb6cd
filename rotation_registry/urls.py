"""The registry's URLs: the admin for data entry, the reports and record pages for reading."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Cadre Rotation Registry")
admin.site.site_title = _("Cadre Rotation Registry")
admin.site.index_title = _("Data entry and administration")
# The link to the reading side sits in the user links (templates/admin/base_site.html).
admin.site.site_url = None

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("postings.urls")),
]
