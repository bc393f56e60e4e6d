from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from catalogue import seo
from catalogue.fields import format_phone
from catalogue.images import srcset, thumbnail_url

register = template.Library()


@register.filter
def rupiah(amount):
    """Format an amount the Indonesian way: Rp 150.000."""
    if amount is None or amount == "":
        return ""
    return "Rp\u00a0" + f"{int(amount):,}".replace(",", ".")


@register.filter
def phone(number):
    """Render a stored E.164 number in the site's one reading format, kept on one line."""
    if not number:
        return ""
    return format_html('<span class="phone">{}</span>', format_phone(number))


@register.simple_tag(takes_context=True)
def ikm_whatsapp_url(context, ikm):
    """Return the IKM's WhatsApp link with a message naming it and the council's site."""
    request = context["request"]
    absolute_url = request.build_absolute_uri(ikm.get_absolute_url())
    return seo.ikm_whatsapp_link(ikm, context["council"]["name"], absolute_url)


@register.simple_tag
def price_of(product):
    """Return a product's price, its range, or a note that it is priced on request."""
    if product.price is None:
        return _("Harga sesuai pesanan")
    if product.price_max and product.price_max != product.price:
        return f"{rupiah(product.price)} – {rupiah(product.price_max)}"
    return rupiah(product.price)


@register.simple_tag
def picture(image, sizes="100vw", loading="lazy", css_class="", max_width=None):
    """Render a ProductImage (or any object with image/width/height/alt_text) responsively.

    `max_width` caps the renditions offered, so list pages never send large files.
    Built here rather than in an included template: a list page renders dozens.
    """
    width = min(image.width or 0, max_width) if max_width else image.width
    return format_html(
        '<picture>\n  <source type="image/webp" srcset="{}" sizes="{}">\n'
        '  <img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" '
        'loading="{}" decoding="async"{}>\n</picture>',
        srcset(image.image, width, "webp"),
        sizes,
        thumbnail_url(image.image, image.width),
        srcset(image.image, width, "jpg"),
        sizes,
        image.alt_text,
        image.width,
        image.height,
        loading,
        format_html(' class="{}"', css_class) if css_class else "",
    )
