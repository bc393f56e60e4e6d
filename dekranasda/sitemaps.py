"""sitemap.xml: every public page of the site, in Indonesian and English."""

from django.urls import reverse

from catalogue.sitemaps import (
    BilingualSitemap,
    CategorySitemap,
    IKMSitemap,
    ProductSitemap,
    SentraSitemap,
)
from galleries.sitemaps import GallerySitemap


class StaticSitemap(BilingualSitemap):
    priority = 0.8

    def items(self):
        return [
            "home",
            "catalogue:product-list",
            "catalogue:ikm-list",
            "catalogue:sentra-list",
            "galleries:gallery-list",
            "council:about",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticSitemap,
    "products": ProductSitemap,
    "ikm": IKMSitemap,
    "categories": CategorySitemap,
    "sentra": SentraSitemap,
    "galleries": GallerySitemap,
}
