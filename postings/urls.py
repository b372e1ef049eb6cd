from django.urls import path

from postings import views

app_name = "postings"
urlpatterns = [
    path("reports/", views.summary, name="summary"),
    path("reports/word.docx", views.summary_word, name="summary_word"),
    path("glossary/", views.glossary_page, name="glossary"),
    path("reports/export/<slug:table>.<str:fmt>", views.summary_export, name="summary_export"),
]
