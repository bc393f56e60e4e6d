import csv
import io

import pydantic
from django.db.models import OuterRef, Subquery
from django.http import JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from catalogue.filters import ProductFilter
from catalogue.images import rendition_url, rendition_widths
from catalogue.models import Product, ProductImage

from .params import BadParameters, apply_filters, error_body, field_errors, filter_params

ProductFilterParams = filter_params(ProductFilter, "ProductFilterParams")

CHUNK_ROWS = 2000
CSV_IMAGE_WIDTH = 640
# Excel runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """Return a text cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def image_url(storage, name, width):
    """Return the URL of the rendition of a photo closest to CSV_IMAGE_WIDTH, not larger."""
    widths = rendition_widths(width)
    chosen = max((w for w in widths if w <= CSV_IMAGE_WIDTH), default=widths[0])
    return rendition_url(name, chosen, "jpg", storage=storage)


def product_csv_lines(queryset, *, site):
    """Yield the CSV text of the products in `queryset`, a few thousand rows at a time.

    `site` is the scheme and host that page and image addresses start with.
    """
    cover = ProductImage.objects.filter(product=OuterRef("pk")).order_by("ordering", "pk")
    rows = queryset.annotate(
        cover_name=Subquery(cover.values("image")[:1]),
        cover_width=Subquery(cover.values("width")[:1]),
    ).values_list(
        "code",
        "name",
        "category__name",
        "ikm__name",
        "ikm__kecamatan__name",
        "price",
        "price_max",
        "materials",
        "is_export_ready",
        "slug",
        "cover_name",
        "cover_width",
    )
    storage = ProductImage._meta.get_field("image").storage
    # One reverse() for the whole file: per row it would cost more than the query.
    page_start, page_end = reverse("catalogue:product-detail", args=["__slug__"]).split("__slug__")
    yes, no = _("ya"), _("tidak")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # a byte-order mark, so that Excel reads the file as UTF-8
    writer.writerow(
        [
            _("kode"),
            _("nama"),
            _("kategori"),
            _("IKM"),
            _("kecamatan"),
            _("harga (Rp)"),
            _("harga tertinggi (Rp)"),
            _("bahan"),
            _("siap ekspor"),
            _("alamat halaman"),
            _("alamat foto"),
        ]
    )
    for index, row in enumerate(rows.iterator(chunk_size=CHUNK_ROWS), start=1):
        code, name, category, ikm, kecamatan, price, price_max, materials = row[:8]
        export_ready, slug, cover_name, cover_width = row[8:]
        photo = image_url(storage, cover_name, cover_width) if cover_name else ""
        writer.writerow(
            [
                cell(code),
                cell(name),
                cell(category),
                cell(ikm),
                cell(kecamatan),
                "" if price is None else price,
                "" if price_max is None else price_max,
                cell(materials),
                yes if export_ready else no,
                site + page_start + slug + page_end,
                site + photo if photo.startswith("/") else photo,
            ]
        )
        if index % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def in_language(language, lines):
    """Yield from `lines` with `language` active, as the response streams after the view."""
    with translation.override(language):
        yield from lines


def product_csv(request):
    """Stream the published catalogue as CSV, filtered like the catalogue page."""
    try:
        params = ProductFilterParams.model_validate(request.GET.dict())
        queryset = apply_filters(ProductFilter, params, Product.objects.published())
    except pydantic.ValidationError as error:
        return JsonResponse(error_body(field_errors(error.errors())), status=400)
    except BadParameters as error:
        return JsonResponse(error_body(error.errors), status=400)
    site = request.build_absolute_uri("/").rstrip("/")
    lines = in_language(translation.get_language(), product_csv_lines(queryset, site=site))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="produk.csv"'
    return response
