"""The registry's URLs: the admin for data entry, the reports and record pages for reading."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from cadres import views as cadres_views
from cadres.urls import account_urlpatterns

admin.site.site_header = _("Cadre Rotation Registry")
admin.site.site_title = _("Cadre Rotation Registry")
admin.site.index_title = _("Data entry and administration")
# The link to the reading side sits in the user links (templates/admin/base_site.html).
admin.site.site_url = None
admin.site.login = cadres_views.admin_login

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(account_urlpatterns)),
    path("", include("cadres.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("postings.urls")),
]
