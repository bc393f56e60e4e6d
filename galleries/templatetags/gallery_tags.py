from django import template

from galleries.models import Gallery

register = template.Library()


@register.simple_tag
def galleries_showing(product):
    """Return the active galleries where `product` is on display, ready to show if open now."""
    return list(
        Gallery.objects.active().displaying(product).select_related("kecamatan").with_hours()
    )
