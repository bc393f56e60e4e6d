import logging
import tempfile
import uuid

from django.core.cache import cache
from django.db import connection
from django.db.models import OuterRef
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from catalogue import printing, seo
from catalogue.counting import CappedCount
from catalogue.filters import ProductFilter
from catalogue.models import Category, Product, Sentra
from catalogue.views import product_cards
from council.models import SiteSettings
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


def letterhead():
    """Return the council's name, place, colour and logo as printed documents show them."""
    council = SiteSettings.current()
    return printing.Letterhead(
        name=council.name,
        short_name=council.short_name,
        place=", ".join(part for part in (council.region, council.province) if part),
        colour=council.primary_color or printing.Letterhead.colour,
        logo=council.logo or None,
    )


def pdf_response(write, filename):
    """Answer with the PDF that `write(file)` writes, sent from a temporary file."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    try:
        write(out)
        out.seek(0)
    except BaseException:
        out.close()
        raise
    response = FileResponse(out, content_type="application/pdf", filename=filename)
    # Each selection has its own address: not worth a search engine's time.
    response["X-Robots-Tag"] = "noindex"
    return response


def catalogue_pdf(request):
    """Print the catalogue selection of the query string (as /produk/ takes it) as a PDF."""
    filterset = ProductFilter(request.GET, queryset=Product.objects.published(), request=request)
    query = seo.query_without_page(filterset.valid_data())
    web_url = request.build_absolute_uri(reverse("catalogue:product-list"))
    selection = printing.Selection.from_filterset(
        filterset, web_url=f"{web_url}?{query}" if query else web_url
    )
    return pdf_response(
        lambda out: printing.write_catalogue(
            out,
            selection,
            letterhead=letterhead(),
            product_url=lambda product: request.build_absolute_uri(product.get_absolute_url()),
        ),
        "katalog-produk.pdf",
    )


def product_sheet_pdf(request, slug):
    """Print one published product as a one-page A4 sheet for buyers."""
    product = get_object_or_404(printing.sheet_products(Product.objects.published()), slug=slug)
    url = request.build_absolute_uri(product.get_absolute_url())
    return pdf_response(
        lambda out: printing.write_product_sheet(out, product, letterhead=letterhead(), url=url),
        f"{product.slug}.pdf",
    )
