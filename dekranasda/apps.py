from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DekranasdaConfig(AppConfig):
    name = "dekranasda"
    verbose_name = "Dekranasda"

    def ready(self):
        from .roles import sync_roles

        post_migrate.connect(sync_roles, sender=self, dispatch_uid="dekranasda.sync_roles")
