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
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from .models import IKM, Category, Product, Sentra

MAX_WORDS = 8
# Matches ranked by relevance; beyond this many, newest first.
RANKED_MATCHES = 1000
# Matches read once as a list of ids; beyond this many, searched again by each count.
LISTED_MATCHES = 20_000
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
    return ProductSearch(query, using=queryset.db).apply(queryset)


class ProductSearch:
    """One visitor's query, applied to as many product querysets as a page counts.

    On PostgreSQL, whether the words match as written or only as a typo is decided
    once (one query), so a page with facets does not repeat that decision.
    """

    def __init__(self, query, using="default"):
        self.words = search_words(query)
        self.postgres = connections[using].vendor == "postgresql"
        self._ids = None
        self._subquery = None
        self._many = None

    def apply(self, queryset):
        if not self.words:
            return queryset
        if not self.postgres:
            return _fallback_search(queryset, self.words)
        matching = self.matching()
        if matching is None:
            # Ranking tens of thousands of matches costs seconds; a word that common
            # ("batik", "kulit") gets the newest matches first instead.
            return queryset.filter(self._many_matches()).order_by(
                F("published_at").desc(nulls_last=True), "-pk"
            )
        return (
            queryset.filter(pk__in=matching)
            .annotate(rank=self.rank())
            .order_by("-rank", F("published_at").desc(nulls_last=True), "-pk")
        )

    def _many_matches(self):
        """Return a condition selecting the matches, when there are too many to rank.

        Up to LISTED_MATCHES of them, their ids are read once and passed as one array:
        each count of the page then looks them up instead of searching again.
        """
        if self._many is None:
            ids = self._ids
            if len(ids) <= LISTED_MATCHES:
                # Constant SQL; the ids are one bound parameter.
                column = f'"{Product._meta.db_table}"."id"'
                self._many = RawSQL(  # noqa: S611
                    f"{column} = ANY(%s)", (ids,), output_field=BooleanField()
                )
            else:
                self._many = Q(pk__in=self._subquery)
        return self._many

    def tsquery(self):
        # Every word as a prefix: "sepat kul" finds "sepatu kulit". Words are \w only,
        # so the raw tsquery cannot be malformed.
        return SearchQuery(
            " & ".join(f"{word}:*" for word in self.words), search_type="raw", config=SEARCH_CONFIG
        )

    def phrase(self):
        return " ".join(self.words)

    def matching(self):
        """Return the ids of matching products (exact words, else similar names), or None.

        None when more than RANKED_MATCHES products match; `_subquery` then selects them.
        Given as a list, the ids tell PostgreSQL how few they are, so it ranks only them
        rather than every product on the chance that they are many.

        The ids are read once, up to LISTED_MATCHES of them: the UNION behind them is
        computed whole whatever the limit, so reading 1,001 first and the rest later
        would search twice.
        """
        if self._ids is None:
            self._subquery = self._exact_matches()
            self._ids = self._read_ids()
            if not self._ids:
                self._subquery = self._similar_names()
                self._ids = self._read_ids()
        return self._ids if len(self._ids) <= RANKED_MATCHES else None

    def _read_ids(self):
        return list(self._subquery.values_list("pk", flat=True)[: LISTED_MATCHES + 1])

    def _exact_matches(self):
        tsquery = self.tsquery()
        ids = Product.objects.order_by().values("pk")
        categories = Category.objects.annotate(
            document=SearchVector("name_ind", "name_en", config=SEARCH_CONFIG)
        ).filter(document=tsquery)
        # A UNION of small id sets, each answered by its own index; an OR of the same
        # subqueries makes PostgreSQL test every product against each of them.
        return (
            ids.annotate(document=document_vector())
            .filter(document=tsquery)
            .values("pk")
            .union(
                ids.filter(ikm__in=IKM.objects.filter(name__search=tsquery).values("pk")),
                ids.filter(category__in=categories.values("pk")),
                ids.filter(
                    ikm__sentra__in=Sentra.objects.filter(name__search=tsquery).values("pk")
                ),
            )
        )

    def _similar_names(self):
        # Trigram word similarity forgives typos ("batk" → batik); only needed, and
        # only paid for, when no word matched as written.
        phrase = self.phrase()
        ids = Product.objects.order_by().values("pk")
        return ids.filter(name_ind__trigram_word_similar=phrase).union(
            ids.filter(ikm__in=IKM.objects.filter(name__trigram_word_similar=phrase).values("pk"))
        )

    def rank(self):
        tsquery = self.tsquery()
        related_vector = SearchVector(
            "ikm__name", "category__name_ind", "category__name_en", config=SEARCH_CONFIG
        )
        return (
            SearchRank(document_vector(), tsquery)
            + SearchRank(related_vector, tsquery) * Value(0.5)
            + Coalesce(TrigramWordSimilarity(self.phrase(), "name_ind"), 0.0)
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
