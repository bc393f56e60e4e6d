from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("produk/", views.ProductListView.as_view(), name="product-list"),
    path("cari/", views.search, name="search"),
    path("produk/<slug:slug>/", views.ProductDetailView.as_view(), name="product-detail"),
    path("ikm/", views.IKMListView.as_view(), name="ikm-list"),
    path("ikm/<slug:slug>/", views.IKMDetailView.as_view(), name="ikm-detail"),
    path("kategori/<slug:slug>/", views.CategoryDetailView.as_view(), name="category-detail"),
    path("sentra/<slug:slug>/", views.SentraDetailView.as_view(), name="sentra-detail"),
]
