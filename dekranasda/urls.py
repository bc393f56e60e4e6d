from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.views import product_csv
from council import admin as council_admin
from council import views as council_views
from dekranasda.caching import cache_public_page

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = council_admin.site_header
admin.site.site_title = council_admin.site_title
admin.site.index_title = _("Pengelolaan katalog")

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", council_views.favicon, name="favicon"),
    path("icon-<int:size>.png", council_views.icon, name="icon"),
    path("site.webmanifest", council_views.webmanifest, name="webmanifest"),
    path("api/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", cache_public_page(views.home, follows_clock=True), name="home"),
    path("produk/katalog.pdf", views.catalogue_pdf, name="catalogue-pdf"),
    path("produk/<slug:slug>/lembar.pdf", views.product_sheet_pdf, name="product-sheet-pdf"),
    path("", include("catalogue.urls")),
    path("", include("galleries.urls")),
    path("", include("council.urls")),
    path("produk.csv", product_csv, name="product-csv"),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
