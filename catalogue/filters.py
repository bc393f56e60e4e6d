"""Filters shared by the public pages and the JSON API.

Invalid values (an unknown category, `price_min=abc`) make the form invalid;
django-filter then leaves that field out of `cleaned_data`, so the page shows the
error and filters by the rest, and the API answers 400.
"""

from typing import NamedTuple
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .counting import capped_count, capped_group_counts
from .models import IKM, BrandCertificate, Category, Kecamatan, Product, Sentra
from .search import ProductSearch
from .templatetags.catalogue_tags import rupiah

MAX_QUERY_LENGTH = 100


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """Choose a related object by its slug, as URLs show it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("Semua"))
        super().__init__(*args, **kwargs)


def registered_brand_exists(ikm_ref):
    return Exists(BrandCertificate.objects.registered().filter(ikm=ikm_ref))


class StableOrderingFilter(django_filters.OrderingFilter):
    """Order with products without a price last and a tie-breaker, so pages never overlap."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            descending = param.startswith("-")
            field = F(self.param_map[param.lstrip("-")])
            ordering.append(
                field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "-pk")


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose choices are counted: how many results each alternative would give.

    Subclasses name their counted filters in FACETS (filter name → the related object the
    results are grouped by) and their counted checkboxes in FLAGS.
    """

    FACETS = {}
    FLAGS = ()

    def valid_data(self):
        """Return the submitted values that passed validation, as strings for URLs."""
        self.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        return {
            name: self.data.get(name)
            for name in self.filters
            if cleaned.get(name) not in (None, "", [], False) and self.data.get(name)
        }

    def queryset_without(self, name):
        """Return the results selected by every valid filter except `name` (and sorting)."""
        self.is_valid()
        qs = self.queryset.all()
        for field, value in self.form.cleaned_data.items():
            if field not in (name, "sort"):
                qs = self.filters[field].filter(qs, value)
        return qs.order_by()

    def facet_queryset(self, name, queryset):
        """Return the results the facet `name` counts among."""
        return queryset

    def is_own_set(self, name):
        """Return True if facet `name` counts a set other than the current results."""
        return False

    def facet_model(self, field):
        model = self.queryset.model
        for part in field.split("__"):
            model = model._meta.get_field(part).related_model
        return model

    def facets(self):
        """Return the choices of each facet for the current selection, counted when few.

        Each facet is counted with every other filter applied but its own, so a
        visitor sees how many results each alternative would give: one query per
        facet, reading at most COUNT_LIMIT rows. Over a larger selection the
        choices come without counts (`count` None).
        """
        language = get_language()
        selected = self.valid_data()
        choices = []
        # Facets whose own filter is not in use count the same results: once one of
        # them finds too many, the others need not look.
        too_many = False
        for name, field in self.FACETS.items():
            translated = any(f.name == "name_en" for f in self.facet_model(field)._meta.fields)
            name_fields = ["name_ind", "name_en"] if translated else ["name"]
            rows = None
            own_set = name in selected or self.is_own_set(name)
            if own_set or not too_many:
                qs = self.facet_queryset(name, self.queryset_without(name))
                columns = {"facet_slug": F(f"{field}__slug")} | {
                    f"facet_{n}": F(f"{field}__{n}") for n in name_fields
                }
                rows = capped_group_counts(qs.annotate(**columns), list(columns))
                too_many = too_many or (rows is None and not own_set)
            if rows is None:
                rows = [(*values, None) for values in self.facet_values(name, field, name_fields)]
            options = []
            for slug, *names, count in rows:
                if slug is None:
                    continue
                if language == "en":
                    names.reverse()
                label = next((n for n in names if n), slug)
                options.append(FacetOption(slug, label, count, slug == selected.get(name)))
            if name in selected and not any(o.selected for o in options):
                label = self.form.cleaned_data.get(name) or selected[name]
                options.append(FacetOption(selected[name], str(label), 0, True))
            options.sort(key=lambda option: option.label.lower())
            choices.append(Facet(name, self.filters[name].label, options))
        return {
            "choices": choices,
            **{
                name: capped_count(self.filters[name].filter(self.queryset_without(name), True))
                for name in self.FLAGS
            },
        }

    def facet_values(self, name, field, name_fields):
        """Return (slug, names…) of every choice of a facet, for selections too large to count."""
        return self.facet_model(field).objects.order_by().values_list("slug", *name_fields)

    def error_list(self):
        """Return (field label, messages) for each value that was ignored as invalid."""
        self.is_valid()
        return [
            (self.filters[name].label, [str(message) for message in errors])
            for name, errors in self.form.errors.items()
            if name in self.filters
        ]

    def value_label(self, name, value):
        """Return how an active filter's cleaned value reads on a chip."""
        return str(value)

    def active_filters(self, facets=None):
        """Return (label, value, query string without it) for each filter in use.

        Pass the result of facets() to name choices as the facets do (a gallery by
        its name rather than its slug) without another query.
        """
        data = self.valid_data()
        cleaned = self.form.cleaned_data
        names = {
            (facet.name, option.value): option.label
            for facet in (facets or {}).get("choices", [])
            for option in facet.options
        }
        active = []
        for name, raw in data.items():
            if name == "sort":
                continue
            value = cleaned[name]
            if isinstance(value, bool):
                shown = ""
            else:
                shown = names.get((name, raw)) or self.value_label(name, value)
            rest = {k: v for k, v in data.items() if k != name}
            active.append((self.filters[name].label, shown, urlencode(rest)))
        return active


class ProductFilter(FacetedFilterSet):
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
    sort = StableOrderingFilter(
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

    FACETS = {
        "category": "category",
        "kecamatan": "ikm__kecamatan",
        "sentra": "ikm__sentra",
        "ikm": "ikm",
        "gallery": "displays__gallery",
    }
    FLAGS = ("brand", "export")

    def filter_search(self, queryset, name, value):
        # Facet counts apply the search again; reuse its decisions.
        if getattr(self, "_search", None) is None or self._search_value != value:
            self._search = ProductSearch(value, using=queryset.db)
            self._search_value = value
        return self._search.apply(queryset)

    def product_search(self):
        """Return the search the results were narrowed by, or None."""
        self.is_valid()
        if not self.form.cleaned_data.get("q"):
            return None
        self.qs  # noqa: B018 -- the search is made while filtering
        return self._search

    def filter_brand(self, queryset, name, value):
        return queryset.filter(registered_brand_exists(OuterRef("ikm"))) if value else queryset

    def filter_true_only(self, queryset, name, value):
        # An unticked checkbox means "all products", not "only products without it".
        return queryset.filter(**{name: True}) if value else queryset

    def filter_gallery(self, queryset, name, value):
        return queryset.filter(displays__gallery__slug=value, displays__gallery__is_active=True)

    def facet_queryset(self, name, queryset):
        # The gallery facet counts only displayed products, a set of its own.
        if name == "gallery":
            return queryset.filter(displays__gallery__is_active=True)
        return queryset

    def is_own_set(self, name):
        return name == "gallery"

    def facet_values(self, name, field, name_fields):
        # The IKM facet would list every maker: left out when too many to count.
        if name == "ikm":
            return []
        values = super().facet_values(name, field, name_fields)
        return values.filter(is_active=True) if name == "gallery" else values

    def value_label(self, name, value):
        if name in ("price_min", "price_max"):
            return rupiah(value)
        return super().value_label(name, value)

    def sort_choices(self):
        """Return the orderings offered to visitors, (value, label)."""
        return [
            (value, label)
            for value, label in self.filters["sort"].field.choices
            if value in ("price", "-price", "name")
        ]


class FacetOption(NamedTuple):
    value: str
    label: str
    count: int | None  # None: too many products to count
    selected: bool


class Facet(NamedTuple):
    name: str
    label: str
    options: list


class IKMFilter(FacetedFilterSet):
    q = django_filters.CharFilter(
        label=_("Cari"), method="filter_search", max_length=MAX_QUERY_LENGTH
    )
    kecamatan = SlugChoiceFilter(label=_("Kecamatan"), queryset=Kecamatan.objects.all())
    category = SlugChoiceFilter(
        label=_("Kerajinan"), field_name="categories", queryset=Category.objects.all()
    )
    sentra = SlugChoiceFilter(label=_("Sentra"), queryset=Sentra.objects.all())
    brand = django_filters.BooleanFilter(
        label=_("Punya merek terdaftar"), method="filter_brand", widget=forms.CheckboxInput
    )

    class Meta:
        model = IKM
        fields = []

    FACETS = {"kecamatan": "kecamatan", "category": "categories", "sentra": "sentra"}
    FLAGS = ("brand",)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_brand(self, queryset, name, value):
        return queryset.filter(registered_brand_exists(OuterRef("pk"))) if value else queryset
