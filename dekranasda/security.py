"""Who is asking, and how often: the client address behind proxies, and per-address limits.

Both the admin login throttle (django-axes) and the rate limits of the JSON API,
the catalogue search and the printable PDFs count per client address, so both take
it from here.
"""

import ipaddress
import logging
import math
import time

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_VIEW_NAMES = {"product-csv"}
SEARCH_VIEW_NAMES = {"catalogue:product-list"}
PDF_VIEW_NAMES = {"catalogue-pdf", "product-sheet-pdf"}


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """Return the address of the client, trusting X-Forwarded-For only as far as configured.

    Each of the PROXY_COUNT proxies in front appends the address it saw, so the
    client is that many entries from the right; anything further left was sent by
    the client itself and may be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count > 0:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
        ]
        if forwarded:
            candidate = _valid_ip(forwarded[-count] if len(forwarded) >= count else forwarded[0])
            if candidate:
                return candidate
    return _valid_ip(remote) or remote


def rate_limit_scope(request):
    """Return the name of the limit a request counts against, or None."""
    match = request.resolver_match
    if match is None:
        return None
    if request.path_info.startswith("/api/") or match.view_name in API_VIEW_NAMES:
        return "api"
    if match.view_name in SEARCH_VIEW_NAMES and request.GET.get("q", "").strip():
        return "search"
    if match.view_name in PDF_VIEW_NAMES:
        return "pdf"
    return None


def hit(scope, ip, *, limit, window):
    """Count one request of `ip` in the current window; return seconds to wait, 0 if allowed.

    A fixed window is cheap (one cache increment) and good enough to stop a
    script hammering the site; a person never notices it.
    """
    now = time.time()
    window_start = math.floor(now / window) * window
    key = f"rate:{scope}:{ip}:{window_start}"
    try:
        cache.add(key, 0, timeout=window + 1)
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this is the window's first request.
        return 0
    except Exception:
        # A cache outage must not take the site down with it: let the request through.
        logger.warning("Rate limit not counted: the cache is unavailable.", exc_info=True)
        return 0
    # None: the cache swallowed its own failure (IGNORE_EXCEPTIONS); let it through too.
    if count is None or count <= limit:
        return 0
    return max(1, math.ceil(window_start + window - now))


class RateLimitMiddleware:
    """Answer 429 with Retry-After when one client sends too many API, search or PDF requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        scope = rate_limit_scope(request)
        limit = settings.RATE_LIMITS.get(scope) if scope else 0
        if not limit:
            return None
        wait = hit(scope, client_ip(request), limit=limit, window=settings.RATE_LIMIT_WINDOW)
        if not wait:
            return None
        message = _("Terlalu banyak permintaan. Coba lagi dalam %(seconds)s detik.") % {
            "seconds": wait
        }
        if scope == "api":
            response = JsonResponse({"detail": message}, status=429)
        else:
            response = render(request, "429.html", {"message": message}, status=429)
        response["Retry-After"] = str(wait)
        return response


def login_locked_out(request, original_response=None, credentials=None):
    """Answer a locked-out login with the back office's page, 429 and Retry-After."""
    cool_off = settings.AXES_COOLOFF_TIME
    seconds = math.ceil(cool_off.total_seconds()) if cool_off else 0
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": math.ceil(seconds / 60),
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
