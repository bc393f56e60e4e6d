from django.urls import path

from . import views

app_name = "council"

urlpatterns = [
    path("tentang/", views.about, name="about"),
]
