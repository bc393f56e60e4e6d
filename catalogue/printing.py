"""Printable A4 PDFs: a catalogue of any selection of products, and a buyer sheet per product.

ReportLab keeps a document's pages in memory until it is saved, so a catalogue holds
at most CATALOGUE_PDF_MAX_PRODUCTS products. Within that, products are read in
chunks and each photo is read, embedded and let go one at a time; photos are the
small JPEG renditions, embedded as stored (never the original, never re-encoded).
QR codes are vector drawings linked to the product's page.
"""

import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .fields import format_phone
from .images import rendition_name, rendition_widths
from .models import BrandCertificate, ProductImage
from .qr import draw_qr
from .templatetags.catalogue_tags import price_of

logger = logging.getLogger(__name__)

# ReportLab would store every photo and page as ASCII85 text: a quarter larger in
# memory and in the file, and slow to encode. PDFs are binary files anyway.
rl_config.useA85 = 0

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
ROWS_PER_PAGE = 6
CHUNK_SIZE = 100
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
INK, MUTED, LINE = HexColor("#1f1a17"), HexColor("#5c534d"), HexColor("#d9cfc6")
PLACEHOLDER = HexColor("#f1ebe4")
# Rendition widths asked for: about 200 dpi at the size each photo is printed.
ROW_PHOTO_PIXELS = 300
SHEET_PHOTO_PIXELS = 640
LOGO_PIXELS = 320
# Choosing the best of eight masks was most of a long catalogue's time; every mask
# is valid, and at this size each one scans.
CATALOGUE_QR_MASK = 4


@dataclass
class Letterhead:
    """Who publishes the document: the council's names, place, colour and logo."""

    name: str
    short_name: str
    place: str
    colour: str = "#7a2e1d"
    logo: object = None  # a stored photo (field file), or None


def printed_products(queryset):
    """Return `queryset` with what a printed product shows, in a fixed number of queries."""
    return queryset.select_related("ikm__kecamatan", "ikm__sentra", "category").prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("ordering", "pk"))
    )


def describe_selection(filterset):
    """Return the filters of a catalogue selection in words, one line each."""
    lines = [
        f"{label}: {value}" if value else str(label)
        for label, value, _rest in filterset.active_filters()
    ]
    sort = filterset.valid_data().get("sort")
    sort_label = dict(filterset.sort_choices()).get(sort)
    if sort_label:
        lines.append(f"{_('Urutan')}: {sort_label}")
    return lines


def ignored_filters(filterset):
    """Return the filter values that were ignored as invalid, in words."""
    return [f"{label}: {' '.join(messages)}" for label, messages in filterset.error_list()]


# Drawing helpers ---------------------------------------------------------------------


def wrap(text, font, size, width, max_lines):
    """Split `text` into at most `max_lines` lines of `width`, ending with … when cut."""
    lines = simpleSplit(" ".join(str(text).split()), font, size, width)
    if len(lines) <= max_lines:
        return lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return lines


def wrap_paragraphs(text, font, size, width, max_lines):
    """Wrap each paragraph of `text`, keeping at most `max_lines` lines in all."""
    lines = []
    for paragraph in str(text).splitlines():
        if paragraph.strip():
            lines += simpleSplit(" ".join(paragraph.split()), font, size, width)
    if len(lines) <= max_lines:
        return lines
    return lines[: max_lines - 1] + wrap(" ".join(lines[max_lines - 1 :]), font, size, width, 1)


def draw_lines(canvas, lines, x, y, *, font=REGULAR, size=10, leading=None, colour=INK):
    """Draw lines downwards from baseline `y`; return the baseline after the last one."""
    leading = leading or size * 1.25
    canvas.setFont(font, size)
    canvas.setFillColor(colour)
    for line in lines:
        canvas.drawString(x, y, line)
        y -= leading
    return y


def rendition_reader(fieldfile, original_width, wanted):
    """Return the smallest stored JPEG rendition at least `wanted` pixels wide, or None.

    A missing or unreadable file gives None, and the page shows an empty frame
    instead of failing the whole document.
    """
    if not fieldfile:
        return None
    widths = rendition_widths(original_width)
    width = next((w for w in widths if w >= wanted), widths[-1])
    try:
        with fieldfile.storage.open(rendition_name(fieldfile.name, width, "jpg")) as f:
            return ImageReader(io.BytesIO(f.read()))
    except Exception:
        logger.warning("photo rendition unavailable for %s", fieldfile.name, exc_info=True)
        return None


def draw_photo(canvas, image, x, y, size, wanted):
    """Draw a product photo fitted in the square at (x, y), or an empty frame."""
    reader = image and rendition_reader(image.image, image.width, wanted)
    canvas.setFillColor(PLACEHOLDER)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    if reader is None:
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 8)
        canvas.drawCentredString(x + size / 2, y + size / 2, _("Foto belum tersedia"))
        return
    canvas.drawImage(reader, x, y, size, size, preserveAspectRatio=True, anchor="c")


def draw_logo(canvas, letterhead, x, top, max_width, max_height):
    """Draw the council's logo with its top-left corner at (x, top); return its width."""
    logo = letterhead.logo
    if not logo:
        return 0
    try:
        original_width = logo.width
    except Exception:
        return 0
    reader = rendition_reader(logo, original_width, LOGO_PIXELS)
    if reader is None:
        return 0
    pixel_width, pixel_height = reader.getSize()
    scale = min(max_width / pixel_width, max_height / pixel_height)
    width, height = pixel_width * scale, pixel_height * scale
    canvas.drawImage(reader, x, top - height, width, height)
    return width


def minimum_order(product):
    return ngettext("%(counter)s buah", "%(counter)s buah", product.min_order) % {
        "counter": product.min_order
    }


def maker_line(product):
    ikm = product.ikm
    return f"{ikm.name} · " + _("Kec. %(name)s") % {"name": ikm.kecamatan.name}


def printed_on():
    return date_format(timezone.localdate(), "j F Y")


def new_canvas(out, title, letterhead):
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(letterhead.name)
    canvas.setCreator(letterhead.name)
    return canvas


# The catalogue -----------------------------------------------------------------------


@dataclass
class Selection:
    """The products of a catalogue, and how they were chosen."""

    products: object  # a queryset, already ordered
    count: int
    cap: int
    truncated: bool
    filters: list
    ignored: list
    web_url: str

    @classmethod
    def from_filterset(cls, filterset, *, web_url, cap=None):
        """Select the products of `filterset`, at most `cap` (CATALOGUE_PDF_MAX_PRODUCTS)."""
        cap = cap or settings.CATALOGUE_PDF_MAX_PRODUCTS
        queryset = filterset.qs
        count = queryset[:cap].count()
        return cls(
            products=printed_products(queryset)[:cap],
            count=count,
            cap=cap,
            truncated=count == cap and queryset[cap : cap + 1].exists(),
            filters=describe_selection(filterset),
            ignored=ignored_filters(filterset),
            web_url=web_url,
        )


def write_catalogue(out, selection, *, letterhead, product_url):
    """Write the selection as an A4 catalogue PDF to the file `out`.

    `product_url(product)` returns the absolute address a product's QR code opens.
    """
    title = _("Katalog produk kerajinan")
    canvas = new_canvas(out, f"{title} — {letterhead.name}", letterhead)
    draw_cover(canvas, selection, letterhead, title)
    canvas.showPage()
    row = 0
    for product in selection.products.iterator(chunk_size=CHUNK_SIZE):
        if row == ROWS_PER_PAGE:
            canvas.showPage()
            row = 0
        if row == 0:
            draw_page_frame(canvas, letterhead, title)
        draw_product_row(canvas, product, row, product_url(product))
        row += 1
    if row:
        canvas.showPage()
    canvas.save()


def draw_cover(canvas, selection, letterhead, title):
    top = PAGE_HEIGHT - MARGIN
    logo_width = draw_logo(canvas, letterhead, MARGIN, top, 70 * mm, 28 * mm)
    y = top - (42 * mm if logo_width else 10 * mm)
    y = draw_lines(
        canvas, wrap(letterhead.name, BOLD, 18, CONTENT_WIDTH, 2), MARGIN, y, font=BOLD, size=18
    )
    y = draw_lines(canvas, [letterhead.place], MARGIN, y, size=11, colour=MUTED)
    y -= 14 * mm
    brand = HexColor(letterhead.colour)
    y = draw_lines(
        canvas, wrap(title, BOLD, 30, CONTENT_WIDTH, 2), MARGIN, y, font=BOLD, size=30, colour=brand
    )
    y = draw_lines(
        canvas, [_("Dicetak %(date)s") % {"date": printed_on()}], MARGIN, y - 2 * mm, size=12
    )
    y -= 6 * mm
    canvas.setStrokeColor(brand)
    canvas.setLineWidth(1.5)
    canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
    y -= 12 * mm

    y = draw_lines(canvas, [_("Pilihan produk")], MARGIN, y, font=BOLD, size=13)
    lines = []
    for line in selection.filters or [_("Semua produk yang lolos kurasi")]:
        lines += wrap(line, REGULAR, 11, CONTENT_WIDTH, 3)
    y = draw_lines(canvas, lines[:24], MARGIN, y - 1 * mm, size=11, leading=15)
    count = ngettext("%(counter)s produk", "%(counter)s produk", selection.count) % {
        "counter": selection.count
    }
    y = draw_lines(canvas, [count], MARGIN, y - 3 * mm, font=BOLD, size=12)

    if selection.truncated:
        notice = _(
            "Pilihan ini memuat lebih dari %(cap)s produk; katalog ini hanya memuat "
            "%(cap)s produk pertama. Persempit pilihan di situs untuk mencetak sisanya."
        ) % {"cap": selection.cap}
        lines = wrap(notice, BOLD, 11, CONTENT_WIDTH - 8 * mm, 4)
        height = len(lines) * 14 + 10
        y -= 4 * mm
        canvas.setStrokeColor(HexColor("#b8860b"))
        canvas.setFillColor(HexColor("#fbf4e4"))
        canvas.setLineWidth(1)
        canvas.rect(MARGIN, y - height + 10, CONTENT_WIDTH, height, stroke=1, fill=1)
        y = draw_lines(canvas, lines, MARGIN + 4 * mm, y - 2, font=BOLD, size=11, leading=14)

    if selection.ignored:
        y -= 4 * mm
        lines = [_("Filter yang tidak dapat dipakai dan diabaikan:")]
        for line in selection.ignored[:6]:
            lines += wrap(line, REGULAR, 10, CONTENT_WIDTH, 2)
        y = draw_lines(canvas, lines, MARGIN, y, size=10, colour=MUTED)

    bottom = MARGIN + 12 * mm
    draw_lines(
        canvas,
        wrap(
            _("Pindai kode QR pada setiap produk untuk membuka halamannya di situs."),
            REGULAR,
            10,
            CONTENT_WIDTH,
            2,
        ),
        MARGIN,
        bottom + 14,
        size=10,
        colour=MUTED,
    )
    line = _("Katalog daring: %(url)s") % {"url": selection.web_url}
    draw_lines(canvas, wrap(line, REGULAR, 10, CONTENT_WIDTH, 1), MARGIN, bottom, size=10)
    canvas.linkURL(
        selection.web_url, (MARGIN, bottom - 3, PAGE_WIDTH - MARGIN, bottom + 10), relative=0
    )


HEADER_HEIGHT = 10 * mm
FOOTER_HEIGHT = 8 * mm
ROW_HEIGHT = (PAGE_HEIGHT - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT) / ROWS_PER_PAGE
ROW_PHOTO = 36 * mm
ROW_QR = 26 * mm


def draw_page_frame(canvas, letterhead, title):
    """Draw the running header and the page number of a page of products."""
    top = PAGE_HEIGHT - MARGIN
    canvas.setFont(BOLD, 9)
    canvas.setFillColor(INK)
    canvas.drawString(MARGIN, top - 4 * mm, letterhead.short_name)
    canvas.setFont(REGULAR, 9)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, top - 4 * mm, title)
    canvas.setStrokeColor(HexColor(letterhead.colour))
    canvas.setLineWidth(1)
    canvas.line(MARGIN, top - 6.5 * mm, PAGE_WIDTH - MARGIN, top - 6.5 * mm)
    canvas.setFont(REGULAR, 8)
    canvas.drawString(MARGIN, MARGIN, _("Dicetak %(date)s") % {"date": printed_on()})
    canvas.drawRightString(
        PAGE_WIDTH - MARGIN,
        MARGIN,
        _("Halaman %(number)s") % {"number": canvas.getPageNumber()},
    )


def draw_product_row(canvas, product, row, url):
    """Draw one product in the `row`-th band of a page: photo, facts, QR code."""
    top = PAGE_HEIGHT - MARGIN - HEADER_HEIGHT - row * ROW_HEIGHT
    images = list(product.images.all())
    draw_photo(
        canvas,
        images[0] if images else None,
        MARGIN,
        top - 3 * mm - ROW_PHOTO,
        ROW_PHOTO,
        ROW_PHOTO_PIXELS,
    )

    text_x = MARGIN + ROW_PHOTO + 5 * mm
    text_width = CONTENT_WIDTH - ROW_PHOTO - ROW_QR - 10 * mm
    y = top - 7 * mm
    y = draw_lines(
        canvas,
        wrap(product.name, BOLD, 11, text_width, 2),
        text_x,
        y,
        font=BOLD,
        size=11,
        leading=13,
    )
    y = draw_lines(
        canvas,
        wrap(maker_line(product), REGULAR, 9, text_width, 1),
        text_x,
        y,
        size=9,
        colour=MUTED,
    )
    y = draw_lines(
        canvas, [str(price_of(product))], text_x, y - 1.5, font=BOLD, size=11, leading=14
    )
    facts = []
    if product.materials:
        facts += wrap(f"{_('Bahan')}: {product.materials}", REGULAR, 9, text_width, 2)
    if product.dimensions:
        facts += wrap(f"{_('Ukuran')}: {product.dimensions}", REGULAR, 9, text_width, 1)
    facts.append(f"{_('Pesanan minimum')}: {minimum_order(product)}")
    draw_lines(canvas, facts, text_x, y, size=9, leading=11)

    qr_x = PAGE_WIDTH - MARGIN - ROW_QR
    qr_y = top - 2 * mm - ROW_QR
    draw_qr(canvas, url, qr_x, qr_y, ROW_QR, mask=CATALOGUE_QR_MASK)
    canvas.linkURL(url, (text_x, top - 10 * mm, text_x + text_width, top - 3 * mm), relative=0)
    canvas.setFont(REGULAR, 7)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(qr_x + ROW_QR / 2, qr_y - 2.5 * mm, product.code)

    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.5)
    bottom = top - ROW_HEIGHT
    canvas.line(MARGIN, bottom, PAGE_WIDTH - MARGIN, bottom)


# The buyer sheet ---------------------------------------------------------------------


def sheet_products(queryset):
    """Return `queryset` with what a buyer sheet shows, its makers' registered brands too."""
    return printed_products(queryset).prefetch_related(
        Prefetch(
            "ikm__certificates",
            queryset=BrandCertificate.objects.registered(),
            to_attr="registered_certificates",
        )
    )


def product_facts(product):
    """Return (label, value) of the facts a buyer asks about, as the product page lists them."""
    facts = [
        (_("Bahan"), product.materials),
        (_("Warna"), product.colours),
        (_("Ukuran"), product.dimensions),
        (
            _("Berat"),
            _("%(grams)s gram") % {"grams": product.weight_grams} if product.weight_grams else "",
        ),
        (_("Pesanan minimum"), minimum_order(product)),
        (
            _("Lama pengerjaan"),
            ngettext("%(counter)s hari", "%(counter)s hari", product.lead_time_days)
            % {"counter": product.lead_time_days}
            if product.lead_time_days
            else "",
        ),
        (
            _("Kapasitas produksi"),
            _("%(amount)s buah per bulan") % {"amount": product.capacity_per_month}
            if product.capacity_per_month
            else "",
        ),
        (_("Ekspor"), _("Siap ekspor") if product.is_export_ready else ""),
        (_("Kode produk"), product.code),
    ]
    return [(label, str(value)) for label, value in facts if value]


def maker_contacts(ikm):
    """Return (label, value) of the ways the public may reach an IKM."""
    place = ", ".join(
        part
        for part in (ikm.address, ikm.desa, _("Kec. %(name)s") % {"name": ikm.kecamatan.name})
        if part
    )
    contacts = [
        (_("Alamat"), place),
        (_("Telepon"), format_phone(ikm.public_phone)),
        (_("WhatsApp"), format_phone(ikm.public_whatsapp)),
        (_("Email"), ikm.email),
        (_("Instagram"), f"@{ikm.instagram}" if ikm.instagram else ""),
        (_("Situs web"), ikm.website),
    ]
    return [(label, str(value)) for label, value in contacts if value]


def write_product_sheet(out, product, *, letterhead, url):
    """Write one product as a single A4 page for buyers to the file `out`.

    Every block has a fixed room and long texts are cut with …, so the sheet never
    runs onto a second page.
    """
    canvas = new_canvas(out, f"{product.name} — {letterhead.name}", letterhead)
    top = PAGE_HEIGHT - MARGIN
    brand = HexColor(letterhead.colour)

    logo_width = draw_logo(canvas, letterhead, MARGIN, top, 40 * mm, 14 * mm)
    head_x = MARGIN + (logo_width + 4 * mm if logo_width else 0)
    draw_lines(canvas, [letterhead.name], head_x, top - 5 * mm, font=BOLD, size=12)
    draw_lines(canvas, [letterhead.place], head_x, top - 10 * mm, size=9, colour=MUTED)
    canvas.setFont(REGULAR, 9)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, top - 5 * mm, _("Lembar produk"))
    canvas.setStrokeColor(brand)
    canvas.setLineWidth(1.5)
    canvas.line(MARGIN, top - 16 * mm, PAGE_WIDTH - MARGIN, top - 16 * mm)

    photo_size = 95 * mm
    photo_top = top - 21 * mm
    images = list(product.images.all())
    draw_photo(
        canvas,
        images[0] if images else None,
        MARGIN,
        photo_top - photo_size,
        photo_size,
        SHEET_PHOTO_PIXELS,
    )

    x = MARGIN + photo_size + 7 * mm
    width = PAGE_WIDTH - MARGIN - x
    floor = photo_top - photo_size
    y = photo_top - 4 * mm
    y = draw_lines(
        canvas, wrap(product.category.name, REGULAR, 10, width, 1), x, y, size=10, colour=MUTED
    )
    y = draw_lines(
        canvas, wrap(product.name, BOLD, 18, width, 3), x, y - 8, font=BOLD, size=18, leading=21
    )
    y = draw_lines(
        canvas,
        wrap(str(price_of(product)), BOLD, 15, width, 2),
        x,
        y - 3,
        font=BOLD,
        size=15,
        leading=18,
        colour=brand,
    )
    y -= 3 * mm
    label_width = 36 * mm
    for label, value in product_facts(product):
        lines = wrap(value, REGULAR, 9.5, width - label_width, 2)
        if y - len(lines) * 12 < floor:
            break
        draw_lines(canvas, [label], x, y, font=BOLD, size=9.5, leading=12)
        y = draw_lines(canvas, lines, x + label_width, y, size=9.5, leading=12) - 2

    y = floor - 9 * mm
    if product.description:
        y = draw_lines(canvas, [_("Tentang produk ini")], MARGIN, y, font=BOLD, size=12) - 1
        lines = wrap_paragraphs(product.description, REGULAR, 10, CONTENT_WIDTH, 9)
        y = draw_lines(canvas, lines, MARGIN, y, size=10, leading=13)
        y -= 4 * mm

    box_height = 62 * mm
    box_top = min(y, MARGIN + 10 * mm + box_height)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(1)
    canvas.rect(MARGIN, box_top - box_height, CONTENT_WIDTH, box_height, stroke=1, fill=0)
    qr_size = 44 * mm
    qr_x = PAGE_WIDTH - MARGIN - qr_size - 5 * mm
    draw_qr(canvas, url, qr_x, box_top - 5 * mm - qr_size, qr_size)
    caption = wrap(_("Pindai untuk membuka halaman produk ini"), REGULAR, 8, qr_size + 6 * mm, 2)
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    for index, line in enumerate(caption):
        canvas.drawCentredString(qr_x + qr_size / 2, box_top - 9 * mm - qr_size - index * 10, line)

    ikm = product.ikm
    x = MARGIN + 5 * mm
    width = qr_x - x - 6 * mm
    y = box_top - 8 * mm
    y = draw_lines(canvas, [_("Hubungi pembuat")], x, y, font=BOLD, size=10, colour=brand)
    y = draw_lines(
        canvas, wrap(ikm.name, BOLD, 13, width, 2), x, y - 1, font=BOLD, size=13, leading=16
    )
    if ikm.sentra:
        y = draw_lines(
            canvas, wrap(ikm.sentra.name, REGULAR, 9.5, width, 1), x, y, size=9.5, colour=MUTED
        )
    for certificate in getattr(ikm, "registered_certificates", [])[:1]:
        text = _("Merek terdaftar %(mark)s — No. %(number)s") % {
            "mark": certificate.mark_name,
            "number": certificate.registration_number,
        }
        y = draw_lines(canvas, wrap(text, REGULAR, 9.5, width, 1), x, y, size=9.5, colour=MUTED)
    y -= 1.5 * mm
    label_width = 24 * mm
    floor = box_top - box_height + 4 * mm
    for label, value in maker_contacts(ikm):
        lines = wrap(value, REGULAR, 10, width - label_width, 2)
        if y - len(lines) * 13 < floor:
            break
        draw_lines(canvas, [label], x, y, font=BOLD, size=10, leading=13)
        y = draw_lines(canvas, lines, x + label_width, y, size=10, leading=13)

    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, MARGIN, _("Dicetak %(date)s") % {"date": printed_on()})
    canvas.drawRightString(
        PAGE_WIDTH - MARGIN, MARGIN, wrap(url, REGULAR, 8, CONTENT_WIDTH / 2, 1)[0]
    )
    canvas.showPage()
    canvas.save()
