from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Dewan dan situs")

    def ready(self):
        from catalogue.history import track_history

        from .models import BoardMember, BoardTerm, SiteSettings

        track_history(SiteSettings, BoardTerm, BoardMember)
