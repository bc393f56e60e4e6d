from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from galleries import nearest
from galleries.models import Gallery

register = template.Library()


@register.simple_tag
def galleries_showing(product):
    """Return the active galleries where `product` is on display, ready to show if open now."""
    return list(
        Gallery.objects.active().displaying(product).select_related("kecamatan").with_hours()
    )


@register.filter
def distance(km):
    """Format a distance in km the visitor's way: «850 m», «3,2 km»."""
    return "" if km is None else nearest.format_distance(km)


@register.inclusion_tag("includes/gallery_map.html")
def gallery_map(markers, label, single=False):
    """Render a map of `markers` drawn by gallery-map.js, with the configured tile server."""
    attribution = settings.MAP_ATTRIBUTION or (
        f'&copy; <a href="https://www.openstreetmap.org/copyright">'
        f"{_('Kontributor OpenStreetMap')}</a>"
    )
    return {
        "markers": markers,
        "label": label,
        "single": single,
        "tiles": settings.MAP_TILE_URL,
        "attribution": attribution,
    }
