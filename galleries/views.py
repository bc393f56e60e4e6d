import csv
import json

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.views.generic import DetailView, ListView

from catalogue import seo
from catalogue.counting import CappedPaginator
from catalogue.models import IKM, Product

from . import nearest
from .filters import GalleryProductFilter
from .models import Gallery
from .open_data import CSV_COLUMNS, csv_row, feature_collection
from .structured_data import store_jsonld

PRODUCTS_PER_PAGE = 24
IKM_LISTED = 60


def open_data_headers(response):
    # Open data: partners' own sites may fetch it from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def marker(gallery):
    """Return what the map script shows of a gallery with coordinates."""
    return {
        "name": gallery.name,
        "url": gallery.get_absolute_url(),
        "lat": float(gallery.latitude),
        "lon": float(gallery.longitude),
        "address": gallery.address,
        "status": gallery.status.text,
        "open": gallery.status.is_open,
    }


class GalleryListView(ListView):
    template_name = "galleries/gallery_list.html"
    context_object_name = "galleries"

    def get_queryset(self):
        galleries = Gallery.objects.active().select_related("kecamatan").with_hours()
        self.origin = self.point_error = None
        value = self.request.GET.get("dekat")
        if value is None or not value.strip():
            return galleries
        try:
            self.origin = nearest.parse_point(value)
        except nearest.BadPoint as error:
            self.point_error = str(error)
            return galleries
        return nearest.by_distance(galleries, self.origin)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            markers=[marker(g) for g in context["galleries"] if g.has_location],
            origin=self.origin,
            point_error=self.point_error,
            point_value=self.request.GET.get("dekat", "")[:60],
        )
        return context


class GalleryDetailView(DetailView):
    template_name = "galleries/gallery_detail.html"
    context_object_name = "gallery"

    def get_queryset(self):
        return Gallery.objects.active().select_related("kecamatan").with_hours()

    def get_context_data(self, **kwargs):
        gallery = self.object
        displayed = Product.objects.published().filter(displays__gallery=gallery)
        ikm = (
            IKM.objects.public()
            .filter(Exists(displayed.filter(ikm=OuterRef("pk"))))
            .select_related("kecamatan")
            .order_by("name")
        )
        # A gallery with products of hundreds of makers lists the first of them, and
        # leaves choosing among them to the catalogue's own filter.
        shown_ikm = list(ikm[: IKM_LISTED + 1])
        filterset = GalleryProductFilter(
            self.request.GET,
            queryset=displayed.for_cards(),
            ikm_choices=ikm if len(shown_ikm) <= IKM_LISTED else None,
        )
        page = self.paginate(filterset.qs)
        return super().get_context_data(
            filterset=filterset,
            page_obj=page,
            products=page.object_list,
            is_filtered=any(v for k, v in self.request.GET.items() if k != "page"),
            ikm_list=shown_ikm[:IKM_LISTED],
            more_ikm=len(shown_ikm) > IKM_LISTED,
            gallery_jsonld=store_jsonld(gallery, self.request),
            og_image=seo.photo_og_image(gallery.photo, self.request),
            markers=[marker(gallery)] if gallery.has_location else [],
            **kwargs,
        )

    def paginate(self, queryset):
        number = self.request.GET.get("page")
        paginator = CappedPaginator(queryset, PRODUCTS_PER_PAGE, number=number)
        return paginator.get_page(number)


def gallery_geojson(request):
    """Serve the active galleries as a GeoJSON FeatureCollection."""
    galleries = Gallery.objects.active().select_related("kecamatan").with_hours()
    response = HttpResponse(
        json.dumps(feature_collection(galleries, request), ensure_ascii=False),
        content_type="application/geo+json; charset=utf-8",
    )
    return open_data_headers(response)


def gallery_csv(request):
    """Serve the active galleries as CSV for partners' spreadsheets."""
    galleries = Gallery.objects.active().select_related("kecamatan").with_hours()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="galeri.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for gallery in galleries:
        writer.writerow(csv_row(gallery, request))
    return open_data_headers(response)


def label_redirect(request, code):
    """Send a visitor who scanned a shelf label to the product in their own language."""
    # No stored code is longer or holds a NUL byte (which PostgreSQL refuses to compare).
    if "\x00" in code or len(code) > Product._meta.get_field("code").max_length:
        raise Http404
    product = get_object_or_404(Product.objects.published(), code=code.upper())
    language = translation.get_language_from_request(request)
    with translation.override(language):
        return redirect(product.get_absolute_url())
