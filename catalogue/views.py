from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from . import seo
from .counting import COUNT_LIMIT, CappedPaginator
from .filters import IKMFilter, ProductFilter
from .models import IKM, BrandCertificate, Category, Product, ProductImage, Sentra
from .qr import qr_svg

PAGE_SIZE = 24
RELATED_COUNT = 4


def card_images():
    """Prefetch of the photo columns a product card needs, cover first."""
    return Prefetch(
        "images",
        queryset=ProductImage.objects.only(
            "id",
            "product_id",
            "image",
            "width",
            "height",
            "alt_text_ind",
            "alt_text_en",
            "ordering",
        ).order_by("ordering", "pk"),
    )


def product_cards(queryset):
    """Narrow `queryset` to the columns a product card shows, in a fixed number of queries."""
    return (
        queryset.select_related("ikm__kecamatan", "category")
        .only(
            "id",
            "slug",
            "name_ind",
            "name_en",
            "price",
            "price_max",
            "published_at",
            "ikm__id",
            "ikm__name",
            "ikm__slug",
            "ikm__kecamatan__id",
            "ikm__kecamatan__name",
            "category__id",
            "category__slug",
            "category__name_ind",
            "category__name_en",
        )
        .prefetch_related(card_images())
    )


def published_count():
    """Count published products per row: the published_count annotation of a list."""
    return Count(
        "products",
        filter=Q(products__status=Product.Status.APPROVED, products__ikm__is_public=True),
        distinct=True,
    )


class ForgivingPaginationMixin:
    """Show the last page for a page number past the end, the first for nonsense."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class ProductListView(ForgivingPaginationMixin, ListView):
    template_name = "catalogue/product_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "products"

    def get_paginator(self, queryset, per_page, **kwargs):
        number = self.request.GET.get(self.page_kwarg)
        return CappedPaginator(queryset, per_page, number=number, **kwargs)

    def get_queryset(self):
        self.filterset = ProductFilter(
            self.request.GET, queryset=Product.objects.published(), request=self.request
        )
        return product_cards(self.filterset.qs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        facets = filterset.facets()
        context.update(
            filter=filterset,
            facets=facets,
            active_filters=filterset.active_filters(facets),
            filter_errors=filterset.error_list(),
            sort_choices=filterset.sort_choices(),
            selected=filterset.valid_data(),
            query=filterset.valid_data().get("q", ""),
            query_string=seo.query_without_page(filterset.valid_data()),
            pdf_cap=settings.CATALOGUE_PDF_MAX_PRODUCTS,
            breadcrumbs=[(_("Produk"), None)],
        )
        context.update(self.search_help(filterset, context["page_obj"]))
        return context

    def search_help(self, filterset, page):
        """Return the words a search used instead of the typed ones, or words to try instead."""
        search = filterset.product_search()
        if search is None:
            return {}
        params = filterset.valid_data()

        def searching(query):
            return seo.query_without_page({**params, "q": query})

        found = bool(page.object_list)
        return {
            "search_used": search.used_query() if search.corrected and found else "",
            "search_exact_query": searching(search.exact_query()),
            "search_suggestions": []
            if found
            else [(word, searching(word)) for word in search.suggestions()],
        }


def search(request):
    """Send /cari/?q=… to the catalogue, where searching and filtering are one page."""
    url = reverse("catalogue:product-list")
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(url)


class ProductDetailView(DetailView):
    template_name = "catalogue/product_detail.html"

    def get_queryset(self):
        return (
            Product.objects.published()
            .select_related("ikm__kecamatan", "ikm__sentra", "category")
            .prefetch_related(
                Prefetch("images", queryset=ProductImage.objects.order_by("ordering", "pk")),
                Prefetch(
                    "ikm__certificates",
                    queryset=BrandCertificate.objects.registered(),
                    to_attr="registered_certificates",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        product = self.object
        related = product_cards(
            Product.objects.published()
            .filter(category_id=product.category_id)
            .exclude(pk=product.pk)
            .order_by("-is_featured", "-published_at", "-pk")
        )[:RELATED_COUNT]
        absolute_url = self.request.build_absolute_uri(product.get_absolute_url())
        breadcrumbs = seo.product_breadcrumbs(product)
        return super().get_context_data(
            related=related,
            whatsapp_url=seo.whatsapp_link(product, absolute_url),
            absolute_url=absolute_url,
            qr=qr_svg(absolute_url, _("Kode QR %(name)s") % {"name": product.name}),
            breadcrumbs=breadcrumbs,
            jsonld=[
                seo.product_jsonld(product, self.request),
                seo.breadcrumb_jsonld(self.request, breadcrumbs),
            ],
            og_image=seo.og_image(product.images.all(), self.request),
            **kwargs,
        )


class IKMListView(ForgivingPaginationMixin, ListView):
    template_name = "catalogue/ikm_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "ikm_list"

    def get_queryset(self):
        self.filterset = IKMFilter(
            self.request.GET, queryset=IKM.objects.public(), request=self.request
        )
        return (
            self.filterset.qs.with_registered_brand()
            .select_related("kecamatan", "sentra")
            .only(
                "id",
                "name",
                "slug",
                "desa",
                "photo",
                "kecamatan__id",
                "kecamatan__name",
                "sentra__id",
                "sentra__name",
                "sentra__slug",
            )
            .annotate(published_count=published_count())
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        facets = filterset.facets()
        valid = filterset.valid_data()
        context.update(
            filter=filterset,
            facets=facets,
            active_filters=filterset.active_filters(facets),
            filter_errors=filterset.error_list(),
            selected=valid,
            query=valid.get("q", ""),
            query_string=seo.query_without_page(valid),
        )
        return context


class IKMDetailView(DetailView):
    template_name = "catalogue/ikm_detail.html"

    def get_queryset(self):
        return (
            IKM.objects.public()
            .select_related("kecamatan", "sentra")
            .prefetch_related(
                "categories",
                Prefetch(
                    "certificates",
                    queryset=BrandCertificate.objects.registered(),
                    to_attr="registered_certificates",
                ),
                Prefetch(
                    "products",
                    queryset=product_cards(Product.objects.published()),
                    to_attr="published_products",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        ikm = self.object
        breadcrumbs = seo.ikm_breadcrumbs(ikm)
        return super().get_context_data(
            breadcrumbs=breadcrumbs,
            og_image=seo.photo_og_image(ikm.photo, self.request),
            jsonld=[
                seo.ikm_jsonld(ikm, self.request),
                seo.breadcrumb_jsonld(self.request, breadcrumbs),
            ],
            **kwargs,
        )


class ProductGroupView(DetailView):
    """A page for a group of products (a category, a sentra): its products and its IKM."""

    def products(self):
        raise NotImplementedError

    def ikm(self):
        raise NotImplementedError

    def breadcrumbs(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        products = self.products()
        breadcrumbs = self.breadcrumbs()
        cards = list(product_cards(products)[:PAGE_SIZE])
        return super().get_context_data(
            products=cards,
            og_image=seo.group_og_image(cards, self.request),
            product_count=products.count(),
            ikm_list=self.ikm()
            .select_related("kecamatan")
            .only("id", "name", "slug", "kecamatan__id", "kecamatan__name"),
            breadcrumbs=breadcrumbs,
            jsonld=[seo.breadcrumb_jsonld(self.request, breadcrumbs)],
            **kwargs,
        )


class CategoryDetailView(ProductGroupView):
    model = Category
    template_name = "catalogue/category_detail.html"

    def products(self):
        return Product.objects.published().filter(category=self.object)

    def ikm(self):
        return IKM.objects.public().filter(categories=self.object)

    def breadcrumbs(self):
        return seo.category_breadcrumbs(self.object)


class SentraListView(ListView):
    template_name = "catalogue/sentra_list.html"
    context_object_name = "sentra_list"

    def get_queryset(self):
        return (
            Sentra.objects.with_directory_facts()
            .select_related("kecamatan", "main_category")
            .only(
                "id",
                "name",
                "slug",
                "desa",
                "kecamatan__id",
                "kecamatan__name",
                "main_category__id",
                "main_category__slug",
                "main_category__name_ind",
                "main_category__name_en",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sentra_list = context["sentra_list"]
        covers = card_images().queryset.in_bulk([s.cover_id for s in sentra_list if s.cover_id])
        for sentra in sentra_list:
            sentra.cover = covers.get(sentra.cover_id)
        context.update(
            count_limit=COUNT_LIMIT,
            breadcrumbs=[(_("Sentra"), None)],
        )
        return context


class SentraDetailView(ProductGroupView):
    template_name = "catalogue/sentra_detail.html"

    def get_queryset(self):
        return Sentra.objects.select_related("kecamatan", "main_category")

    def products(self):
        return Product.objects.published().filter(ikm__sentra=self.object)

    def ikm(self):
        return IKM.objects.public().filter(sentra=self.object)

    def breadcrumbs(self):
        return seo.sentra_breadcrumbs(self.object)
