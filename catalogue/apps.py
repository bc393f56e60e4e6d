from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Katalog")

    def ready(self):
        from .history import track_history
        from .models import (
            IKM,
            BrandCertificate,
            Category,
            Product,
            ProductImage,
            SearchSynonym,
            Sentra,
        )
        from .search import forget_vocabulary

        track_history(IKM, BrandCertificate, Product, ProductImage)
        for model in (Product, IKM, Category, Sentra, SearchSynonym):
            for signal in (post_save, post_delete):
                signal.connect(forget_vocabulary, sender=model, dispatch_uid=f"vocabulary-{model}")
