import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.db.models import OuterRef
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from catalogue import seo
from catalogue.counting import CappedCount
from catalogue.models import Category, Product, Sentra
from catalogue.views import product_cards
from galleries.models import Gallery

HOME_PRODUCTS = 8
HOME_SENTRA = 8
HOME_COUNT_LIMIT = 100
HEALTH_KEY = "healthz:probe"

logger = logging.getLogger(__name__)


def home(request):
    """Show the council, its picks, crafts, sentra and galleries, and the newest products."""
    published = Product.objects.published()
    # Counted up to HOME_COUNT_LIMIT each ("more than 100" beyond): twelve counts of
    # thousands of products would cost more than the rest of the page.
    categories = Category.objects.annotate(
        published_count=CappedCount(
            published.filter(category=OuterRef("pk"))
            .order_by()
            .values("pk")[: HOME_COUNT_LIMIT + 1]
        )
    ).only("id", "slug", "name_ind", "name_en", "ordering")
    context = {
        "featured": product_cards(published.filter(is_featured=True))[:HOME_PRODUCTS],
        "newest": product_cards(published.order_by("-published_at", "-pk"))[:HOME_PRODUCTS],
        # Filtered here: a WHERE on the count would count everything twice.
        "categories": [category for category in categories if category.published_count],
        "count_limit": HOME_COUNT_LIMIT,
        "sentra_list": Sentra.objects.with_directory_facts(limit=HOME_COUNT_LIMIT)
        .select_related("kecamatan", "main_category")
        .order_by("-ikm_count", "name")[:HOME_SENTRA],
        "galleries": Gallery.objects.active().select_related("kecamatan").with_hours(),
        "jsonld": [seo.organization_jsonld(request)],
    }
    return render(request, "home.html", context)


def robots_txt(request):
    """Let crawlers in everywhere public, point them to the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _database_ok():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_ok():
    # A value of our own, so a cache that answers but stores nothing fails.
    probe = uuid.uuid4().hex
    cache.set(HEALTH_KEY, probe, 30)
    return cache.get(HEALTH_KEY) == probe


def healthz(request):
    """Answer 200 if the database works, else 503; name what failed, the cache included.

    The site works without its cache, only slower: a load balancer must not drop every
    app server at once because the one Redis they share is down.
    """
    checks = {}
    for name, check in (("database", _database_ok), ("cache", _cache_ok)):
        try:
            checks[name] = "ok" if check() else "error"
        except Exception:
            logger.exception("health check of the %s failed", name)
            checks[name] = "error"
    response = JsonResponse(checks, status=200 if checks["database"] == "ok" else 503)
    response["Cache-Control"] = "no-store"
    return response
