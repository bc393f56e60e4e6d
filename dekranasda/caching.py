"""Whole-page caching of the public pages, shared by every app server.

A page is cached under its full URL and its language, stored with the *content version*
it was rendered under: one number kept in the shared cache (Redis in production). Saving
or deleting anything a public page shows bumps the version once the transaction commits,
so every app server stops serving the old pages at once: a stored page is served only
while its version is the current one. The version and the page are read together, in one
round trip to the cache.
Bulk writes that send no model signals (spreadsheet imports, demo data, photo sizes)
call bump_content_version() themselves.

Only anonymous visitors get cached pages: a request with a session cookie (staff) or
pending messages is always rendered, and a response that sets a cookie or is not a
plain 200 is never stored.
"""

import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:content-version"
PAGE_KEY_PREFIX = "public-pages:page"
CACHE_HEADER = "X-Cache"
# Response headers set by the view that a cached copy must repeat.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")
# Stands in a stored page for the Content-Security-Policy nonce of the response that
# rendered it; each response served from the cache gets a fresh nonce of its own.
NONCE_MARKER = b"\x00csp-nonce\x00"


def content_version():
    """Return the current content version, starting one if the cache has none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start from the clock, not from 1: a version lost from the cache must
        # not come back and find pages stored under it before.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    """Make every cached public page obsolete, on every app server."""
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:
        version = time.time_ns()
        cache.set(VERSION_KEY, version, timeout=None)
    if version is None:
        # The cache swallowed its failure: once it answers again, pages stored before this
        # change are served until they expire.
        logger.warning(
            "Content version not moved, the cache is unavailable: cached public pages may "
            "be out of date for up to %s s.",
            settings.PAGE_CACHE_SECONDS,
        )
    else:
        logger.debug("public page content version is now %s", version)
    return version


def bump_after_commit(**kwargs):
    """Signal receiver: bump the content version when the current transaction commits.

    Bumping earlier would let another server render the not yet committed (old) data
    under the new version and keep serving it.
    """
    if kwargs.get("action", "").startswith("pre_"):
        return
    transaction.on_commit(bump_content_version, robust=True)


def watch_models(*models):
    """Bump the content version whenever one of `models` is saved, deleted or re-linked."""
    for model in models:
        uid = f"public-pages:{model._meta.label}"
        post_save.connect(bump_after_commit, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(bump_after_commit, sender=model, dispatch_uid=uid + ":delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_after_commit,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}:{field.name}",
            )


def _may_use_cache(request):
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    # Staff carry a session; a pending message is shown once, to one visitor.
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _may_store(request, response):
    if response.status_code != 200 or response.cookies or getattr(response, "streaming", False):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    # Something the page did will set a cookie on the way out (a CSRF token, a session,
    # a message): that page belongs to this visitor only.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and messages._queued_messages)


def _clock_bucket(seconds):
    """Return the number of the current `seconds`-long slice of time and what is left of it."""
    now = time.time()
    bucket = int(now // seconds)
    return bucket, max(1, int((bucket + 1) * seconds - now))


def page_key(request, clock_bucket=None):
    """Return the cache key of the page `request` asks for."""
    parts = [PAGE_KEY_PREFIX, translation.get_language() or "", request.build_absolute_uri()]
    if clock_bucket is not None:
        parts.append(str(clock_bucket))
    return ":".join(parts)


def lookup(key):
    """Return (current content version, the page stored under `key` for it, or None)."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return content_version(), None
    stored = found.get(key)
    if stored is None or stored[0] != version:
        return version, None
    return version, stored[1:]


def cache_public_page(view=None, *, follows_clock=False):
    """Cache the whole page for anonymous visitors until the content changes.

    `follows_clock` is for pages that show what changes with time alone (a gallery open
    *now*): their copies live only within one slice of PAGE_CACHE_CLOCK_SECONDS.
    The response says X-Cache: hit, miss (rendered and stored), skip (rendered, not
    storable) or bypass (not a request for a shared copy).
    """
    if view is None:
        return functools.partial(cache_public_page, follows_clock=follows_clock)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _may_use_cache(request):
            response = view(request, *args, **kwargs)
            response[CACHE_HEADER] = "bypass"
            return response
        timeout = settings.PAGE_CACHE_SECONDS
        bucket = None
        if follows_clock:
            bucket, left = _clock_bucket(settings.PAGE_CACHE_CLOCK_SECONDS)
            timeout = min(timeout, left)
        key = page_key(request, bucket)
        try:
            # The version is read before the page is rendered: a change committed
            # meanwhile bumps it, so this copy, whatever it holds, is never served after it.
            version, stored = lookup(key)
        except Exception:
            # The site stays up without its cache, only slower.
            logger.warning("page cache unavailable", exc_info=True)
            version = stored = None
        if stored is not None:
            content, headers = stored
            if NONCE_MARKER in content:
                content = content.replace(NONCE_MARKER, str(request.csp_nonce).encode())
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response[CACHE_HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        response[CACHE_HEADER] = "skip"
        if version is not None and _may_store(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            content = response.content
            nonce = getattr(request, "_csp_nonce", None)  # set by CSPMiddleware once used
            if isinstance(nonce, str):
                content = content.replace(nonce.encode(), NONCE_MARKER)
            try:
                cache.set(key, (version, content, headers), timeout)
                response[CACHE_HEADER] = "miss"
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        return response

    return wrapper
