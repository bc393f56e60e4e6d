"""Admin actions that print QR shelf labels."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.models import Product

from .labels import make_labels, products_for_labels, sheets
from .models import Display


def render_labels(modeladmin, request, products, shelf_notes=None, gallery_names=()):
    labels, skipped = make_labels(request, products, shelf_notes)
    opts = modeladmin.model._meta
    return TemplateResponse(
        request,
        "admin/galleries/labels.html",
        {
            "title": _("Label QR rak"),
            "sheets": sheets(labels),
            "label_count": len(labels),
            "skipped": skipped,
            "gallery_names": gallery_names,
            "back_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist",
                current_app=modeladmin.admin_site.name,
            ),
        },
    )


@admin.action(description=_("Cetak label QR"), permissions=["view"])
def print_display_labels(modeladmin, request, queryset):
    """Print labels for the selected products on display."""
    displays = list(queryset.select_related("gallery").order_by("gallery", "shelf_note", "pk"))
    products = {
        p.pk: p
        for p in products_for_labels(
            Product.objects.filter(pk__in=[d.product_id for d in displays])
        )
    }
    ordered = list({d.product_id: products[d.product_id] for d in displays}.values())
    notes = {d.product_id: d.shelf_note for d in displays}
    names = sorted({d.gallery.name for d in displays})
    return render_labels(modeladmin, request, ordered, notes, names)


@admin.action(description=_("Cetak label QR semua produk yang dipajang"), permissions=["view"])
def print_gallery_labels(modeladmin, request, queryset):
    """Print labels for every product on display at the selected galleries."""
    displays = Display.objects.filter(gallery__in=queryset)
    return print_display_labels(modeladmin, request, displays)
