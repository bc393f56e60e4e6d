from django.contrib.sitemaps import Sitemap

from .models import Gallery


class GallerySitemap(Sitemap):
    """Active gallery pages, in every language of the site."""

    changefreq = "weekly"
    priority = 0.7
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Gallery.objects.active().order_by("pk")

    def lastmod(self, gallery):
        return gallery.updated_at
