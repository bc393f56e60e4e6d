from django.urls import path

from . import views

app_name = "galleries"

urlpatterns = [
    path("galeri/<slug:slug>/", views.GalleryDetailView.as_view(), name="gallery-detail"),
]
