from django.urls import path

from postings import views

app_name = "postings"
urlpatterns = [
    path("", views.home, name="home"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
]
