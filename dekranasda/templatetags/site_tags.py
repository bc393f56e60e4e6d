import json

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# What json_script escapes: nothing in the data can close the <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """Serialise schema.org data for a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES))  # noqa: S308


def page_number(request):
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except (TypeError, ValueError):
        return 1


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Return this page's address without filters, keeping only a page number past 1."""
    request = context["request"]
    page = page_number(request)
    url = request.build_absolute_uri(request.path)
    return f"{url}?page={page}" if page > 1 else url


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """Return <link rel="alternate" hreflang> elements for this page in every language."""
    request = context["request"]
    links = [
        (code, request.build_absolute_uri(translate_url(request.path, code)))
        for code, _name in settings.LANGUAGES
    ]
    links.append(("x-default", dict(links)[settings.LANGUAGE_CODE]))
    return format_html_join(
        "\n  ", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in links)
    )


@register.simple_tag(takes_context=True)
def translated_path(context, code):
    """Return this page's path (with its query) in the language `code`."""
    request = context["request"]
    return translate_url(request.get_full_path(), code)


@register.simple_tag(takes_context=True)
def share_image(context):
    """Return this page's share image: its own photo, else the council's logo, else its icon."""
    request = context.get("request")
    council = context.get("council")
    if request is None or council is None:
        return ""
    if context.get("og_image"):
        return context["og_image"]
    if council["logo_url"]:
        return request.build_absolute_uri(council["logo_url"])
    icon = reverse("icon", args=[512])
    return request.build_absolute_uri(f"{icon}?v={council['icon_version']}")


@register.simple_tag
def og_locale(code):
    return {"id": "id_ID", "en": "en_US"}.get(code, code)
