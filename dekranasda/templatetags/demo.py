from django import template
from django.core.cache import cache

from catalogue.models import IKM
from dekranasda import demo

register = template.Library()


@register.simple_tag
def demo_data_present():
    """Return True while the invented demo IKM are in the database."""
    return cache.get_or_set(
        "demo-data-present",
        lambda: IKM.objects.filter(slug__in=[row[0] for row in demo.IKM]).exists(),
        timeout=300,
    )
