from django.urls import path

from postings import views

app_name = "postings"
urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.summary, name="summary"),
    path("reports/export/<slug:table>.<str:fmt>", views.summary_export, name="summary_export"),
    # Transitional: the record pages are `records:cadre` and `records:unit`
    # (rotation_registry/urls.py, which resolves them first); these two names remain only
    # until postings/reports.py reverses those.
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
]
