"""The read-only JSON API for partners, under /api/v1/, described at /api/v1/openapi.json."""

from django.conf import settings
from django.db.models import OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError

from catalogue.filters import IKMFilter, ProductFilter, registered_brand_exists
from catalogue.models import IKM, BrandCertificate, Category, Kecamatan, Product, Sentra
from galleries.models import Closure, Display, Gallery

from . import schemas
from .params import (
    BadParameters,
    LanguageParams,
    PageParams,
    apply_filters,
    count_of,
    error_body,
    field_errors,
    filter_params,
    paginate,
    stable_order,
)

ProductParams = filter_params(ProductFilter, "ProductParams", base=PageParams)
IKMParams = filter_params(IKMFilter, "IKMParams", base=PageParams)

ERRORS = {400: schemas.ErrorOut}
NOT_FOUND = {400: schemas.ErrorOut, 404: schemas.ErrorOut}

api = NinjaAPI(
    title=f"API data terbuka {settings.COUNCIL['short_name']}",
    version="1",
    description=(
        "Data publik katalog: produk yang lolos kurasi, IKM, galeri, kategori, sentra, "
        "dan kecamatan. Hanya-baca, tanpa autentikasi."
    ),
    urls_namespace="api-v1",
)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    return api.create_response(request, error_body(field_errors(exc.errors)), status=400)


@api.exception_handler(BadParameters)
def refused_parameters(request, exc):
    return api.create_response(request, error_body(exc.errors), status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Tidak ditemukan.")}, status=404)


def products():
    """Published products with what a list entry shows."""
    return (
        Product.objects.published()
        .for_cards()
        .annotate(has_registered_brand=registered_brand_exists(OuterRef("ikm")))
    )


def ikm():
    """Public IKM with their categories and counts."""
    return (
        IKM.objects.public()
        .with_registered_brand()
        .select_related("kecamatan", "sentra")
        .prefetch_related("categories")
        .annotate(product_count=count_of(Product.objects.published().filter(ikm=OuterRef("pk"))))
    )


def galleries():
    """Active galleries with their weekly hours and the closures still to come."""
    upcoming = Closure.objects.filter(end_date__gte=timezone.localdate()).order_by(
        "start_date", "pk"
    )
    return (
        Gallery.objects.active()
        .select_related("kecamatan")
        .prefetch_related(
            "hours", Prefetch("closures", queryset=upcoming, to_attr="upcoming_closures")
        )
        .annotate(
            product_count=count_of(
                Product.objects.published().filter(displays__gallery=OuterRef("pk"))
            )
        )
    )


def categories():
    return Category.objects.annotate(
        product_count=count_of(Product.objects.published().filter(category=OuterRef("pk")))
    )


def sentra():
    return Sentra.objects.select_related("kecamatan", "main_category").annotate(
        ikm_count=count_of(IKM.objects.public().filter(sentra=OuterRef("pk"))),
        product_count=count_of(Product.objects.published().filter(ikm__sentra=OuterRef("pk"))),
    )


def kecamatan():
    return Kecamatan.objects.annotate(
        ikm_count=count_of(IKM.objects.public().filter(kecamatan=OuterRef("pk"))),
        product_count=count_of(Product.objects.published().filter(ikm__kecamatan=OuterRef("pk"))),
    )


@api.get("/products", response={200: schemas.ProductPage, **ERRORS}, tags=["produk"])
def product_list(request, params: Query[ProductParams]):
    """List published products, filtered like the catalogue page."""
    return paginate(request, apply_filters(ProductFilter, params, products()), params)


@api.get(
    "/products/{slug:slug}", response={200: schemas.ProductDetailOut, **NOT_FOUND}, tags=["produk"]
)
def product_detail(request, slug: str, options: Query[LanguageParams]):
    """Show one published product."""
    on_show = Display.objects.filter(gallery__in=Gallery.objects.active()).select_related("gallery")
    queryset = (
        products()
        .prefetch_related(
            Prefetch(
                "displays",
                queryset=on_show.order_by("gallery__ordering", "pk"),
                to_attr="active_displays",
            )
        )
        .select_related("ikm__sentra")
    )
    return get_object_or_404(queryset, slug=slug)


@api.get("/ikm", response={200: schemas.IKMPage, **ERRORS}, tags=["IKM"])
def ikm_list(request, params: Query[IKMParams]):
    """List public IKM, filtered like the IKM directory."""
    return paginate(request, apply_filters(IKMFilter, params, ikm()), params)


@api.get("/ikm/{slug:slug}", response={200: schemas.IKMDetailOut, **NOT_FOUND}, tags=["IKM"])
def ikm_detail(request, slug: str, options: Query[LanguageParams]):
    """Show one public IKM with its registered brand certificates."""
    certificates = BrandCertificate.objects.registered().order_by("mark_name", "pk")
    queryset = ikm().prefetch_related(
        Prefetch("certificates", queryset=certificates, to_attr="registered_certificates")
    )
    return get_object_or_404(queryset, slug=slug)


@api.get("/galleries", response={200: schemas.GalleryPage, **ERRORS}, tags=["galeri"])
def gallery_list(request, params: Query[PageParams]):
    """List active galleries with their opening hours."""
    return paginate(request, stable_order(galleries()), params)


@api.get("/galleries/{slug:slug}", response={200: schemas.GalleryOut, **NOT_FOUND}, tags=["galeri"])
def gallery_detail(request, slug: str, options: Query[LanguageParams]):
    """Show one active gallery."""
    return get_object_or_404(galleries(), slug=slug)


@api.get("/categories", response={200: schemas.CategoryPage, **ERRORS}, tags=["kategori"])
def category_list(request, params: Query[PageParams]):
    """List categories with their number of published products."""
    return paginate(request, stable_order(categories()), params)


@api.get(
    "/categories/{slug:slug}",
    response={200: schemas.CategoryOut, **NOT_FOUND},
    tags=["kategori"],
)
def category_detail(request, slug: str, options: Query[LanguageParams]):
    """Show one category."""
    return get_object_or_404(categories(), slug=slug)


@api.get("/sentra", response={200: schemas.SentraPage, **ERRORS}, tags=["sentra"])
def sentra_list(request, params: Query[PageParams]):
    """List craft clusters with their numbers of public IKM and published products."""
    return paginate(request, stable_order(sentra()), params)


@api.get("/sentra/{slug:slug}", response={200: schemas.SentraOut, **NOT_FOUND}, tags=["sentra"])
def sentra_detail(request, slug: str, options: Query[LanguageParams]):
    """Show one craft cluster."""
    return get_object_or_404(sentra(), slug=slug)


@api.get("/kecamatan", response={200: schemas.KecamatanPage, **ERRORS}, tags=["kecamatan"])
def kecamatan_list(request, params: Query[PageParams]):
    """List districts with their numbers of public IKM and published products."""
    return paginate(request, stable_order(kecamatan()), params)


@api.get(
    "/kecamatan/{slug:slug}",
    response={200: schemas.KecamatanOut, **NOT_FOUND},
    tags=["kecamatan"],
)
def kecamatan_detail(request, slug: str, options: Query[LanguageParams]):
    """Show one district."""
    return get_object_or_404(kecamatan(), slug=slug)
