"""Filters shared by the public pages and the JSON API.

Invalid values (an unknown category, `price_min=abc`) make the form invalid;
django-filter then leaves that field out of `cleaned_data`, so the page shows the
error and filters by the rest, and the API answers 400.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import IKM, BrandCertificate, Category, Kecamatan, Product, Sentra

MAX_QUERY_LENGTH = 100


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """Choose a related object by its slug, as URLs show it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


def registered_brand_exists(ikm_ref):
    return Exists(BrandCertificate.objects.registered().filter(ikm=ikm_ref))


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Cari"),
        method="filter_search",
        max_length=MAX_QUERY_LENGTH,
    )
    category = SlugChoiceFilter(label=_("Kategori"), queryset=Category.objects.all())
    kecamatan = SlugChoiceFilter(
        label=_("Kecamatan"), field_name="ikm__kecamatan", queryset=Kecamatan.objects.all()
    )
    sentra = SlugChoiceFilter(
        label=_("Sentra"), field_name="ikm__sentra", queryset=Sentra.objects.all()
    )
    ikm = SlugChoiceFilter(label=_("IKM"), queryset=IKM.objects.public())
    material = django_filters.CharFilter(
        label=_("Bahan"), field_name="materials", lookup_expr="icontains", max_length=60
    )
    price_min = django_filters.NumberFilter(
        label=_("Harga terendah (Rp)"), field_name="price", lookup_expr="gte", min_value=0
    )
    price_max = django_filters.NumberFilter(
        label=_("Harga tertinggi (Rp)"), field_name="price", lookup_expr="lte", min_value=0
    )
    brand = django_filters.BooleanFilter(
        label=_("Hanya merek terdaftar (HKI)"),
        method="filter_brand",
        widget=forms.CheckboxInput,
    )
    export = django_filters.BooleanFilter(
        label=_("Hanya siap ekspor"),
        field_name="is_export_ready",
        widget=forms.CheckboxInput,
        method="filter_true_only",
    )
    gallery = django_filters.CharFilter(
        label=_("Dipajang di galeri"), method="filter_gallery", max_length=150
    )
    sort = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("published_at", "newest"), ("price", "price"), ("name", "name")),
        field_labels={
            "-newest": _("Terbaru"),
            "price": _("Harga terendah"),
            "-price": _("Harga tertinggi"),
            "name": _("Nama A–Z"),
        },
    )

    class Meta:
        model = Product
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_brand(self, queryset, name, value):
        return queryset.filter(registered_brand_exists(OuterRef("ikm"))) if value else queryset

    def filter_true_only(self, queryset, name, value):
        # An unticked checkbox means "all products", not "only products without it".
        return queryset.filter(**{name: True}) if value else queryset

    def filter_gallery(self, queryset, name, value):
        return queryset.filter(displays__gallery__slug=value, displays__gallery__is_active=True)


class IKMFilter(django_filters.FilterSet):
    kecamatan = SlugChoiceFilter(label=_("Kecamatan"), queryset=Kecamatan.objects.all())
    category = SlugChoiceFilter(
        label=_("Kerajinan"), field_name="categories", queryset=Category.objects.all()
    )
    sentra = SlugChoiceFilter(label=_("Sentra"), queryset=Sentra.objects.all())
    brand = django_filters.BooleanFilter(
        label=_("Memiliki merek terdaftar"), method="filter_brand", widget=forms.CheckboxInput
    )

    class Meta:
        model = IKM
        fields = []

    def filter_brand(self, queryset, name, value):
        return queryset.filter(registered_brand_exists(OuterRef("pk"))) if value else queryset
