from django.urls import path

from dekranasda.caching import cache_public_page

from . import views

app_name = "catalogue"

urlpatterns = [
    path("produk/", cache_public_page(views.ProductListView.as_view()), name="product-list"),
    path("cari/", views.search, name="search"),
    path(
        "produk/<slug:slug>/",
        # It lists the galleries showing the product, each open or closed now.
        cache_public_page(views.ProductDetailView.as_view(), follows_clock=True),
        name="product-detail",
    ),
    path("ikm/", cache_public_page(views.IKMListView.as_view()), name="ikm-list"),
    path("ikm/<slug:slug>/", cache_public_page(views.IKMDetailView.as_view()), name="ikm-detail"),
    path(
        "kategori/<slug:slug>/",
        cache_public_page(views.CategoryDetailView.as_view()),
        name="category-detail",
    ),
    path("sentra/", cache_public_page(views.SentraListView.as_view()), name="sentra-list"),
    path(
        "sentra/<slug:slug>/",
        cache_public_page(views.SentraDetailView.as_view()),
        name="sentra-detail",
    ),
]
