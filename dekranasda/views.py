from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from catalogue import seo
from catalogue.models import Category, Product
from catalogue.views import product_cards
from galleries.models import Gallery

HOME_PRODUCTS = 8


def home(request):
    """Show the council, its picks, its crafts, its galleries and the newest products."""
    published = Product.objects.published()
    categories = (
        Category.objects.annotate(
            published_count=Count(
                "products",
                filter=Q(products__status=Product.Status.APPROVED, products__ikm__is_public=True),
            )
        )
        .filter(published_count__gt=0)
        .only("id", "slug", "name_ind", "name_en", "ordering")
    )
    context = {
        "featured": product_cards(published.filter(is_featured=True))[:HOME_PRODUCTS],
        "newest": product_cards(published.order_by("-published_at", "-pk"))[:HOME_PRODUCTS],
        "categories": categories,
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
