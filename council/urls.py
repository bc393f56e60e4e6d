from django.urls import path

from dekranasda.caching import cache_public_page

from . import views

app_name = "council"

urlpatterns = [
    path("tentang/", cache_public_page(views.about), name="about"),
]
