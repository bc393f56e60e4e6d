"""Product search ranked by relevance, with one entry point for every database.

On PostgreSQL it is real full-text search (prefix-matching tsquery over a GIN
expression index, see migration 0002) plus trigram word similarity on names,
which forgives typos such as "batk" for batik. Elsewhere (SQLite) it falls back
to `ProductQuerySet.search()`, ranking name matches first.
"""

import re

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from .models import IKM, Category, Product, Sentra

MAX_WORDS = 8
# Indonesian has no stemmer in PostgreSQL; "simple" keeps words as written, lower-cased.
SEARCH_CONFIG = "simple"


def document_vector():
    """Return the product text vector; the GIN index in migration 0002 is built on it."""
    return SearchVector(
        "name_ind", "name_en", "materials_ind", "description_ind", config=SEARCH_CONFIG
    )


def search_words(query):
    """Return the words of `query` that a search may use (letters and digits only)."""
    return re.findall(r"\w+", query.lower())[:MAX_WORDS]


def search_products(queryset, query):
    """Return `queryset` narrowed to products matching `query`, best match first."""
    words = search_words(query)
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return _postgres_search(queryset, words)
    return _fallback_search(queryset, words)


def _postgres_search(queryset, words):
    # Every word, as a prefix: "sepat kul" finds "sepatu kulit". Words are \w only,
    # so the raw tsquery cannot be malformed.
    tsquery = SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG
    )
    phrase = " ".join(words)
    related_vector = SearchVector(
        "ikm__name", "category__name_ind", "category__name_en", config=SEARCH_CONFIG
    )
    # Each branch is a subquery its own index answers; the OR only probes their results.
    by_text = Product.objects.annotate(document=document_vector()).filter(document=tsquery)
    by_name = Product.objects.filter(name_ind__trigram_word_similar=phrase)
    by_ikm = IKM.objects.filter(Q(name__search=tsquery) | Q(name__trigram_word_similar=phrase))
    by_category = Category.objects.annotate(
        document=SearchVector("name_ind", "name_en", config=SEARCH_CONFIG)
    ).filter(document=tsquery)
    by_sentra = Sentra.objects.filter(name__search=tsquery)
    matches = (
        Q(pk__in=by_text.values("pk"))
        | Q(pk__in=by_name.values("pk"))
        | Q(ikm__in=by_ikm.values("pk"))
        | Q(category__in=by_category.values("pk"))
        | Q(ikm__sentra__in=by_sentra.values("pk"))
    )
    rank = (
        SearchRank(document_vector(), tsquery)
        + SearchRank(related_vector, tsquery) * Value(0.5)
        + Coalesce(TrigramWordSimilarity(phrase, "name_ind"), 0.0)
    )
    return (
        queryset.filter(matches)
        .annotate(rank=rank)
        .order_by("-rank", F("published_at").desc(nulls_last=True), "-pk")
    )


def _fallback_search(queryset, words):
    query = " ".join(words)
    rank = Case(
        When(name_ind__icontains=query, then=Value(3)),
        When(name_ind__icontains=words[0], then=Value(2)),
        When(ikm__name__icontains=words[0], then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        queryset.search(query)
        .annotate(rank=rank)
        .order_by("-rank", F("published_at").desc(nulls_last=True), "-pk")
    )
