"""The registry's URLs: the admin for data entry, the reports and record pages for reading."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from cadres import views as cadres_views
from cadres.urls import account_urlpatterns
from postings import views as postings_views
from registry.scans import scan_view
from rotation_registry import home, views

admin.site.site_header = _("Cadre Rotation Registry")
admin.site.site_title = _("Cadre Rotation Registry")
admin.site.index_title = _("Data entry and administration")
# The link to the reading side sits in the user links (templates/admin/base_site.html).
admin.site.site_url = None
admin.site.login = cadres_views.admin_login

handler400 = "rotation_registry.views.bad_request"
handler500 = "rotation_registry.views.server_error"

# The record pages, a cadre's and a unit's, named in the project's own namespace rather
# than an app's: cadres' models link to them (`get_absolute_url`) without naming postings,
# whose views draw them with the rotations.
record_urlpatterns = (
    [
        path("cadres/<int:pk>/", postings_views.cadre_detail, name="cadre"),
        path("units/<int:pk>/", postings_views.unit_detail, name="unit"),
    ],
    "records",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without an icon link (error pages, downloads).
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("accounts/", include(account_urlpatterns)),
    path("", include("cadres.urls")),
    # The language switch works before logging in too (login and password reset pages).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include(record_urlpatterns)),
    # A record's signed scan, through the record's scope (registry/scans.py).
    path("scans/<str:label>/<int:pk>/<slug:field>/", scan_view, name="scan"),
    # Each role's start page, where logging in lands (LOGIN_REDIRECT_URL).
    path("", home.home, name="home"),
    path("", include("postings.urls")),
]
