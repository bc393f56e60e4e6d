"""Printable shelf labels: product facts and a QR code that opens the product page."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from catalogue.models import BrandCertificate, Product
from catalogue.qr import qr_svg

# An A4 sheet of 3 × 8 labels of 70 × 37 mm, the common self-adhesive format.
LABELS_PER_SHEET = 24


def label_url(request, product):
    """Return the absolute URL a label's QR code opens: short, fixed, language-neutral.

    It names the product by its code, which never changes, so printed labels keep
    working when a product is renamed; the page it redirects to follows the phone's
    language.
    """
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("galleries:label-redirect", args=[product.code])
    return request.build_absolute_uri(path)


@dataclass
class Label:
    product: Product
    url: str
    qr: str
    shelf_note: str = ""

    @property
    def has_registered_brand(self):
        return self.product.has_registered_brand


def products_for_labels(queryset):
    """Annotate products with what a label shows, in one query."""
    return queryset.select_related("ikm").annotate(
        has_registered_brand=Exists(
            BrandCertificate.objects.registered().filter(ikm=OuterRef("ikm"))
        )
    )


def make_labels(request, products, shelf_notes=None):
    """Return (labels, skipped): labels of published products, and those left out."""
    shelf_notes = shelf_notes or {}
    labels, skipped = [], []
    for product in products:
        # A code for an unpublished product would lead visitors to a 404.
        if not product.is_published:
            skipped.append(product)
            continue
        url = label_url(request, product)
        title = _("Kode QR %(name)s") % {"name": product.name}
        labels.append(Label(product, url, qr_svg(url, title), shelf_notes.get(product.pk, "")))
    return labels, skipped


def sheets(labels):
    """Split labels into A4 sheets."""
    return [labels[i : i + LABELS_PER_SHEET] for i in range(0, len(labels), LABELS_PER_SHEET)]
