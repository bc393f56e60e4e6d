from django.urls import path

from . import views

app_name = "galleries"

urlpatterns = [
    path("galeri/", views.GalleryListView.as_view(), name="gallery-list"),
    path("galeri.geojson", views.gallery_geojson, name="gallery-geojson"),
    path("galeri.csv", views.gallery_csv, name="gallery-csv"),
    path("galeri/<slug:slug>/", views.GalleryDetailView.as_view(), name="gallery-detail"),
    path("qr/<str:code>/", views.label_redirect, name="label-redirect"),
]
