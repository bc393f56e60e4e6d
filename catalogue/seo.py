"""What search engines and chat apps read: schema.org JSON-LD, share images, contact links."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .images import RENDITION_WIDTHS, rendition_name, rendition_widths

SHARE_IMAGE_WIDTH = 1024


def query_without_page(params):
    """Return `params` as a query string for pagination links (page added by the template)."""
    return urlencode({k: v for k, v in params.items() if k != "page"})


def _wa_me(number, message):
    if not number.startswith("+62"):
        return ""
    return f"https://wa.me/{number.lstrip('+')}?text={quote(message)}"


def whatsapp_link(product, absolute_url):
    """Return a wa.me link to the product's maker with a message naming the product, or ""."""
    message = _("Halo %(ikm)s, saya tertarik dengan produk “%(product)s” (%(url)s).") % {
        "ikm": product.ikm.name,
        "product": product.name,
        "url": absolute_url,
    }
    return _wa_me(product.ikm.public_whatsapp, message)


def ikm_whatsapp_link(ikm, council_name, absolute_url):
    """Return a wa.me link to an IKM with a message saying where its profile was seen, or ""."""
    message = _("Halo %(ikm)s, saya melihat profil Anda di situs %(council)s (%(url)s).") % {
        "ikm": ikm.name,
        "council": council_name,
        "url": absolute_url,
    }
    return _wa_me(ikm.public_whatsapp, message)


def share_image_url(image, request):
    """Return the absolute URL of a photo's rendition fit for link previews."""
    return photo_share_url(image.image, image.width, request)


def photo_share_url(fieldfile, width, request):
    """Return the absolute URL of the rendition of a stored photo `width` wide fit for previews."""
    widths = [w for w in rendition_widths(width) if w <= SHARE_IMAGE_WIDTH]
    width = max(widths, default=RENDITION_WIDTHS[0])
    return request.build_absolute_uri(
        fieldfile.storage.url(rendition_name(fieldfile.name, width, "jpg"))
    )


def og_image(images, request):
    """Return the share image URL of the first of `images`, or ""."""
    image = next(iter(images), None)
    return share_image_url(image, request) if image is not None and image.image else ""


def photo_og_image(fieldfile, request):
    """Return the share image URL of a model's own photo (an IKM's, a gallery's), or ""."""
    if not fieldfile:
        return ""
    try:
        width = fieldfile.width
    except (OSError, ValueError):
        # A photo missing from storage must not take the page down with it.
        return ""
    return photo_share_url(fieldfile, width, request)


def group_og_image(products, request):
    """Return the share image URL of the first product card of a group that has a photo."""
    return og_image(
        next((p.images.all() for p in products if p.images.all()), []),
        request,
    )


def organization_jsonld(request):
    """Return the schema.org Organization of the council."""
    council = settings.COUNCIL
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": council["name"],
        "alternateName": council["short_name"],
        "url": request.build_absolute_uri(reverse("home")),
        "areaServed": f"{council['region']}, {council['province']}",
    }
    if council.get("email"):
        data["email"] = council["email"]
    if council.get("phone"):
        data["telephone"] = council["phone"]
    return data


def product_jsonld(product, request):
    """Return the schema.org Product of a published product, with its price in IDR."""
    url = request.build_absolute_uri(product.get_absolute_url())
    ikm = product.ikm
    certificates = getattr(ikm, "registered_certificates", [])
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "sku": product.code,
        "url": url,
        "category": product.category.name,
        "brand": {
            "@type": "Brand",
            "name": certificates[0].mark_name if certificates else ikm.name,
        },
        "manufacturer": {
            "@type": "Organization",
            "name": ikm.name,
            "url": request.build_absolute_uri(ikm.get_absolute_url()),
        },
    }
    if product.description:
        data["description"] = product.description
    if product.materials:
        data["material"] = product.materials
    images = [share_image_url(image, request) for image in product.images.all() if image.image]
    if images:
        data["image"] = images
    if product.price is not None:
        offer = {
            "priceCurrency": "IDR",
            "availability": "https://schema.org/InStock",
            "url": url,
            "seller": {"@type": "Organization", "name": ikm.name},
        }
        if product.price_max and product.price_max != product.price:
            offer.update(
                {
                    "@type": "AggregateOffer",
                    "lowPrice": product.price,
                    "highPrice": product.price_max,
                }
            )
        else:
            offer.update({"@type": "Offer", "price": product.price})
        data["offers"] = offer
    return data


def ikm_jsonld(ikm, request):
    """Return the schema.org LocalBusiness of an IKM profile."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": ikm.name,
        "url": request.build_absolute_uri(ikm.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ikm.address,
            "addressLocality": ikm.desa or ikm.kecamatan.name,
            "addressRegion": settings.COUNCIL["province"],
            "addressCountry": "ID",
        },
    }
    if ikm.public_phone or ikm.public_whatsapp:
        data["telephone"] = ikm.public_phone or ikm.public_whatsapp
    if ikm.year_founded:
        data["foundingDate"] = str(ikm.year_founded)
    if ikm.owner_name:
        data["founder"] = {"@type": "Person", "name": ikm.owner_name}
    return data


def breadcrumb_jsonld(request, crumbs):
    """Return the schema.org BreadcrumbList of `crumbs` ((label, url or None) after home)."""
    items = [(_("Beranda"), reverse("home")), *crumbs]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(label),
                **({"item": request.build_absolute_uri(url)} if url else {}),
            }
            for position, (label, url) in enumerate(items, start=1)
        ],
    }


def product_breadcrumbs(product):
    return [
        (_("Produk"), reverse("catalogue:product-list")),
        (product.category.name, product.category.get_absolute_url()),
        (product.name, None),
    ]


def ikm_breadcrumbs(ikm):
    return [(_("IKM"), reverse("catalogue:ikm-list")), (ikm.name, None)]


def category_breadcrumbs(category):
    return [(_("Produk"), reverse("catalogue:product-list")), (category.name, None)]


def sentra_breadcrumbs(sentra):
    return [(_("Sentra"), reverse("catalogue:sentra-list")), (sentra.name, None)]
