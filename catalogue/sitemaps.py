"""sitemap.xml sections: every public page, in Indonesian and English."""

from django.contrib.sitemaps import Sitemap

from .models import IKM, Category, Product, Sentra


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class ProductSitemap(BilingualSitemap):
    priority = 0.7

    def items(self):
        return Product.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, product):
        return product.updated_at


class IKMSitemap(BilingualSitemap):
    def items(self):
        return IKM.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, ikm):
        return ikm.updated_at


class CategorySitemap(BilingualSitemap):
    def items(self):
        return Category.objects.only("slug").order_by("pk")


class SentraSitemap(BilingualSitemap):
    def items(self):
        return Sentra.objects.only("slug").order_by("pk")
