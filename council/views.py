from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from . import icons
from .models import BoardTerm, SiteSettings

# Addresses browsers find by name cannot change when the logo does: keep them a day only.
FAVICON_SECONDS = 24 * 60 * 60
VERSIONED_SECONDS = 365 * 24 * 60 * 60


def about(request):
    """Show what the council is, how to reach it, and its board in the current term."""
    term = BoardTerm.objects.current()
    members = list(term.members.order_by("ordering", "pk")) if term else []
    council = SiteSettings.current()
    return render(
        request,
        "council/about.html",
        {
            "term": term,
            "members": members,
            "organization_ld": council.structured_data(request),
        },
    )


def _long_cached(response, seconds):
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


def favicon(request):
    """Serve /favicon.ico, which browsers ask for on every site whatever the page says."""
    ico = icons.favicon_ico(SiteSettings.current())
    return _long_cached(HttpResponse(ico, content_type="image/x-icon"), FAVICON_SECONDS)


def icon(request, size):
    """Serve the council's PNG icon; its address carries a version, so it may be kept a year."""
    if size not in icons.ICON_SIZES:
        raise Http404
    png = icons.icon_png(SiteSettings.current(), size)
    return _long_cached(HttpResponse(png, content_type="image/png"), VERSIONED_SECONDS)


def webmanifest(request):
    """Serve the web app manifest: the council's names, colour and home-screen icons."""
    council = SiteSettings.current()
    version = icons.icon_version(council)
    manifest = {
        "name": council.name,
        "short_name": council.short_name,
        "start_url": "/",
        "display": "browser",
        "theme_color": council.primary_color,
        "background_color": "#ffffff",
        "icons": [
            {
                "src": f"{reverse('icon', args=[size])}?v={version}",
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return _long_cached(response, FAVICON_SECONDS)
