from django.urls import path

from dekranasda.caching import cache_public_page

from . import views

app_name = "galleries"

urlpatterns = [
    path(
        "galeri/",
        cache_public_page(views.GalleryListView.as_view(), follows_clock=True),
        name="gallery-list",
    ),
    path("galeri.geojson", views.gallery_geojson, name="gallery-geojson"),
    path("galeri.csv", views.gallery_csv, name="gallery-csv"),
    path(
        "galeri/<slug:slug>/",
        cache_public_page(views.GalleryDetailView.as_view(), follows_clock=True),
        name="gallery-detail",
    ),
    path("qr/<str:code>/", views.label_redirect, name="label-redirect"),
]
