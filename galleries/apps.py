from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GalleriesConfig(AppConfig):
    name = "galleries"
    verbose_name = _("Galeri")

    def ready(self):
        from catalogue.history import track_history

        from .models import Closure, Display, Gallery, OpeningHours

        track_history(Gallery, OpeningHours, Closure, Display)
