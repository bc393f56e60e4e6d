from django.shortcuts import render

from catalogue.models import Product


def home(request):
    """Show the council and its featured products."""
    featured = Product.objects.published().filter(is_featured=True).for_cards()[:12]
    return render(request, "home.html", {"featured": featured})
