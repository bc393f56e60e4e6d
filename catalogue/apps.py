from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Katalog")

    def ready(self):
        from .history import track_history
        from .models import IKM, BrandCertificate, Product, ProductImage

        track_history(IKM, BrandCertificate, Product, ProductImage)
