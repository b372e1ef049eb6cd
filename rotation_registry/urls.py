"""The registry's URLs: the admin for data entry, the reports and record pages for reading."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from cadres import views as cadres_views
from cadres.urls import account_urlpatterns
from rotation_registry import views

admin.site.site_header = _("Cadre Rotation Registry")
admin.site.site_title = _("Cadre Rotation Registry")
admin.site.index_title = _("Data entry and administration")
# The link to the reading side sits in the user links (templates/admin/base_site.html).
admin.site.site_url = None
admin.site.login = cadres_views.admin_login

handler400 = "rotation_registry.views.bad_request"
handler500 = "rotation_registry.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include(account_urlpatterns)),
    path("", include("cadres.urls")),
    # The language switch works before logging in too (login and password reset pages).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("postings.urls")),
]
