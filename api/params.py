"""Query parameters of the open data: typed from the catalogue's FilterSets, then paged.

The FilterSets in `catalogue/filters.py` stay the one place that decides what a
filter means; this module only describes their parameters to OpenAPI, checks
their types and turns refusals into field errors.
"""

import math
from typing import Literal

import django_filters
from django.conf import settings
from django.db.models import F, Func, IntegerField, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, create_model, model_validator

DEFAULT_PAGE_SIZE = 24
MAX_PAGE_SIZE = 100
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class BadParameters(Exception):
    """Query parameters that a filter refused, with the messages per parameter."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class QueryParams(BaseModel):
    @model_validator(mode="before")
    @classmethod
    def blank_means_absent(cls, data):
        # Forms send empty fields (`?q=&category=`); a page's address must work here too.
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value != ""}
        return data


class LanguageParams(QueryParams):
    # Read by ApiMiddleware, which switches the language before the endpoint runs.
    lang: Literal[LANGUAGE_CODES] = Field(
        settings.LANGUAGE_CODE,
        description="Bahasa teks dan alamat halaman: " + ", ".join(LANGUAGE_CODES) + ".",
    )


class PageParams(LanguageParams):
    page: int = Field(1, ge=1, description="Nomor halaman, mulai dari 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Jumlah hasil per halaman, paling banyak {MAX_PAGE_SIZE}.",
    )


def _parameter(filter_):
    """Return the (type, Field) describing one django-filter filter as a query parameter."""
    description = str(filter_.label)
    if isinstance(filter_, django_filters.OrderingFilter):
        choices = tuple(value for value, _label in filter_.extra["choices"])
        return Literal[choices] | None, Field(None, description=description)
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        return str | None, Field(
            None, description=f"{description} (slug)", pattern=SLUG_PATTERN, max_length=200
        )
    if isinstance(filter_, django_filters.NumberFilter):
        return int | None, Field(None, description=description, ge=filter_.extra.get("min_value"))
    if isinstance(filter_, django_filters.BooleanFilter):
        return bool | None, Field(None, description=description)
    if isinstance(filter_, django_filters.CharFilter):
        return str | None, Field(
            None, description=description, max_length=filter_.extra.get("max_length")
        )
    raise TypeError(f"No query parameter type for {type(filter_).__name__}")


def filter_params(filterset_class, name, base=QueryParams):
    """Return a query schema with one typed, optional parameter per filter of the set."""
    with translation.override(settings.LANGUAGE_CODE):
        fields = {key: _parameter(filter_) for key, filter_ in filterset_class.base_filters.items()}
    return create_model(name, __base__=base, **fields)


def apply_filters(filterset_class, params, queryset):
    """Filter `queryset` with the validated `params`; raise BadParameters if a filter refuses."""
    data = {}
    for key in filterset_class.base_filters:
        value = getattr(params, key, None)
        if value is not None:
            data[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        raise BadParameters({key: list(messages) for key, messages in filterset.errors.items()})
    return stable_order(filterset.qs)


def stable_order(queryset):
    """Order as asked, then by primary key, so that no row shows on two pages."""
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    if not {"pk", "-pk", "id", "-id"} & set(ordering):
        ordering.append("pk")
    return queryset.order_by(*ordering)


def count_of(queryset):
    """Return an expression counting the rows of a subquery correlated by OuterRef."""
    counted = queryset.order_by().annotate(
        _count=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Coalesce(Subquery(counted.values("_count")[:1]), 0)


def paginate(request, queryset, params):
    """Return one page of `queryset` with its count and links to the pages around it."""
    count = queryset.count()
    num_pages = max(1, math.ceil(count / params.page_size))
    start = (params.page - 1) * params.page_size
    # Past the last page: an empty page, without asking the database for it.
    results = list(queryset[start : start + params.page_size]) if start < count else []

    def link(page):
        query = request.GET.copy()
        query["page"] = page
        return request.build_absolute_uri("?" + query.urlencode())

    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "num_pages": num_pages,
        "next": link(params.page + 1) if params.page < num_pages else None,
        "previous": link(min(params.page - 1, num_pages)) if params.page > 1 else None,
        "results": results,
    }


PYDANTIC_MESSAGES = {
    "int_parsing": lambda ctx: _("Masukkan bilangan bulat."),
    "int_from_float": lambda ctx: _("Masukkan bilangan bulat."),
    "bool_parsing": lambda ctx: _("Gunakan true atau false."),
    "greater_than_equal": lambda ctx: _("Nilai paling kecil %(ge)s.") % ctx,
    "less_than_equal": lambda ctx: _("Nilai paling besar %(le)s.") % ctx,
    "string_too_long": lambda ctx: _("Paling banyak %(max_length)s karakter.") % ctx,
    "string_pattern_mismatch": lambda ctx: _(
        "Gunakan slug: huruf, angka, tanda hubung, atau garis bawah."
    ),
    "literal_error": lambda ctx: _("Pilihan yang tersedia: %(expected)s.") % ctx,
}


def field_errors(pydantic_errors):
    """Return pydantic's validation errors as messages per query parameter."""
    errors = {}
    for error in pydantic_errors:
        field = next((part for part in reversed(error["loc"]) if isinstance(part, str)), "")
        message = PYDANTIC_MESSAGES.get(error["type"])
        text = message(error.get("ctx", {})) if message else error["msg"]
        errors.setdefault(field or "__all__", []).append(text)
    return errors


def error_body(errors):
    return {"detail": _("Parameter tidak valid."), "errors": errors}
