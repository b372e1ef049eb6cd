from django.urls import path

from postings import pool_views, views, views_names

app_name = "postings"
urlpatterns = [
    path("reports/", views.summary, name="summary"),
    path("reports/nguon/", pool_views.succession_pool, name="pool"),
    path("reports/nguon/export.<str:fmt>", pool_views.pool_export, name="pool_export"),
    path("reports/word.docx", views.summary_word, name="summary_word"),
    path("glossary/", views.glossary_page, name="glossary"),
    path("reports/export/<slug:table>.<str:fmt>", views.summary_export, name="summary_export"),
    # Who a figure or a table cell counts (?metric=… or ?table=…&key=…&col=…).
    path("reports/danh-sach/", views_names.figure_names, name="names"),
    path("reports/danh-sach.<str:fmt>", views_names.figure_names_export, name="names_export"),
]
