from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DekranasdaConfig(AppConfig):
    name = "dekranasda"
    verbose_name = "Dekranasda"

    def ready(self):
        from catalogue.models import (
            IKM,
            BrandCertificate,
            Category,
            Kecamatan,
            Product,
            ProductImage,
            SearchSynonym,
            Sentra,
        )
        from council.models import BoardMember, BoardTerm, SiteSettings
        from galleries.models import Closure, Display, Gallery, OpeningHours

        from .caching import watch_models
        from .roles import sync_roles

        post_migrate.connect(sync_roles, sender=self, dispatch_uid="dekranasda.sync_roles")
        # Everything the public pages show: a change to any of it renews them all.
        watch_models(
            Category,
            Kecamatan,
            Sentra,
            IKM,
            BrandCertificate,
            Product,
            ProductImage,
            SearchSynonym,
            Gallery,
            OpeningHours,
            Closure,
            Display,
            SiteSettings,
            BoardTerm,
            BoardMember,
        )
