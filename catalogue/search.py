"""Product search ranked by relevance, with one entry point for every database.

Before searching, each word of the query is checked against the catalogue's
vocabulary (the words of published products, categories, sentra, IKM and
synonyms): a word it does not know is replaced by the closest word it does
("batk" → batik, "spatu" → sepatu), and every word also finds its synonyms.

On PostgreSQL it is then full-text search with the Indonesian stemmer (prefix-
matching tsquery over a GIN expression index, see migration 0011) plus trigram
word similarity on names. Elsewhere (SQLite) it falls back to substring matches,
ranking name matches first.
"""

import functools
import operator
import re
from collections import Counter

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from rapidfuzz import fuzz, process

from .models import IKM, Category, Product, SearchSynonym, Sentra

MAX_WORDS = 8
# Matches ranked by relevance; beyond this many, newest first.
RANKED_MATCHES = 1000
# Matches read once as a list of ids; beyond this many, searched again by each count.
LISTED_MATCHES = 20_000
# PostgreSQL's Snowball stemmer for Indonesian: "kerajinan" and "pengrajin" share
# the stem "rajin", "batiknya" is found by "batik".
SEARCH_CONFIG = "indonesian"

VOCABULARY_KEY = "catalogue:search-vocabulary"
# Dropped whenever products, makers, categories or synonyms are saved; the timeout
# only catches bulk updates, which send no signals.
VOCABULARY_SECONDS = 60 * 60
# fuzz.ratio of a typed word to a known word from which it counts as a typo:
# "kulti"/kulit 80, "sendal"/sandal 83, "batk"/batik 89.
CORRECTION_CUTOFF = 75
SUGGESTION_CUTOFF = 60
MAX_SUGGESTIONS = 5
# Typed words shorter than this are too ambiguous to correct.
MIN_CORRECTED_LENGTH = 3
# Endings Indonesian adds to a root ("tasnya", "anyamannya"), tried before guessing a typo.
SUFFIXES = ("nya", "lah", "kah", "pun", "kan", "an", "ku", "mu", "i")


def document_vector():
    """Return the product text vector; the GIN index in migration 0011 is built on it."""
    return SearchVector(
        "name_ind", "name_en", "materials_ind", "description_ind", config=SEARCH_CONFIG
    )


def search_words(query):
    """Return the words of `query` that a search may use (letters and digits only)."""
    return re.findall(r"\w+", query.lower())[:MAX_WORDS]


def is_exact(query):
    """Return True if `query` is in double quotes: search its words as typed."""
    query = query.strip()
    return len(query) > 1 and query[0] == query[-1] == '"'


class Vocabulary:
    """The words a search knows, the most frequent first, and the synonyms of each."""

    def __init__(self, words, synonyms):
        self.words = words
        self.known = frozenset(words)
        self.synonyms = synonyms

    def correct(self, word):
        """Return `word`, or the known word it is most likely a typo of."""
        if word in self.synonyms or len(word) < MIN_CORRECTED_LENGTH or word.isdigit():
            return word
        known = self.known
        if word in known or any(w.startswith(word) for w in self.words):
            # Known, or the start of a known word still being typed ("pantof").
            return word
        for suffix in SUFFIXES:
            root = word.removesuffix(suffix)
            if root != word and root in known:
                return root
        match = process.extractOne(
            word, self.words, scorer=fuzz.ratio, score_cutoff=CORRECTION_CUTOFF
        )
        return match[0] if match else word

    def terms(self, words):
        """Return the search terms of `words`: each a list of phrases, any of which matches.

        A two-word synonym ("alas kaki") typed as such is one term.
        """
        terms = []
        i = 0
        while i < len(words):
            pair = " ".join(words[i : i + 2])
            if i + 1 < len(words) and pair in self.synonyms:
                terms.append(self.synonyms[pair])
                i += 2
                continue
            terms.append(self.synonyms.get(words[i], [words[i]]))
            i += 1
        return terms

    def suggestions(self, words):
        """Return known words close to each of `words`, for a search that found nothing."""
        found = {}
        for word in words:
            for match, _score, _index in process.extract(
                word, self.words, scorer=fuzz.ratio, score_cutoff=SUGGESTION_CUTOFF, limit=3
            ):
                found.setdefault(match, None)
        if len(words) == 1:
            found.pop(words[0], None)
        return list(found)[:MAX_SUGGESTIONS]


def build_vocabulary(using="default"):
    """Read the vocabulary of the public catalogue from the database."""
    counts = Counter()

    def add(*texts):
        for text in texts:
            if text:
                counts.update(w for w in re.findall(r"\w+", text.lower()) if not w.isdigit())

    for row in (
        Product.objects.using(using)
        .published()
        .values_list("name_ind", "name_en", "materials_ind", "materials_en")
    ):
        add(*row)
    for row in Category.objects.using(using).values_list("name_ind", "name_en", "aliases"):
        add(*row)
    add(*Sentra.objects.using(using).values_list("name", flat=True))
    add(*IKM.objects.using(using).public().values_list("name", flat=True))
    synonyms = {}
    for synonym in SearchSynonym.objects.using(using).all():
        phrases = synonym.word_list()
        add(*phrases)
        for phrase in phrases:
            synonyms.setdefault(phrase, [phrase])
            synonyms[phrase] += [p for p in phrases if p not in synonyms[phrase]]
    words = sorted(counts, key=lambda word: (-counts[word], word))
    return Vocabulary(words, synonyms)


def vocabulary(using="default"):
    """Return the vocabulary of the public catalogue, read once and cached."""
    found = cache.get(VOCABULARY_KEY)
    if found is None:
        found = build_vocabulary(using)
        cache.set(VOCABULARY_KEY, found, VOCABULARY_SECONDS)
    return found


def forget_vocabulary(using=None, **kwargs):
    """Drop the cached vocabulary; connected to saves of what it is read from."""
    cache.delete(VOCABULARY_KEY)
    # A search during the transaction may cache the words from before it.
    transaction.on_commit(lambda: cache.delete(VOCABULARY_KEY), using=using)


def search_products(queryset, query):
    """Return `queryset` narrowed to products matching `query`, best match first."""
    return ProductSearch(query, using=queryset.db).apply(queryset)


class ProductSearch:
    """One visitor's query, applied to as many product querysets as a page counts.

    On PostgreSQL, whether the words match as written or only as a typo is decided
    once (one query), so a page with facets does not repeat that decision.
    """

    def __init__(self, query, using="default"):
        self.typed = search_words(query)
        self.exact = is_exact(query)
        self.postgres = connections[using].vendor == "postgresql"
        self.using = using
        self.words = self.typed
        self.terms = [[word] for word in self.typed]
        if self.typed:
            known = vocabulary(using)
            if not self.exact:
                self.words = [known.correct(word) for word in self.typed]
                # The vocabulary leaves descriptions out: a word found there as typed
                # is no typo, whatever it resembles.
                if self.corrected and self._finds(known.terms(self.typed)):
                    self.words = self.typed
            self.terms = known.terms(self.words)
        self._ids = None
        self._subquery = None
        self._many = None
        self._similar = False

    @property
    def corrected(self):
        """Return True if a typed word was replaced by a known word."""
        return self.words != self.typed

    def used_query(self):
        """Return the words searched for, as a visitor would type them."""
        return " ".join(self.words)

    def exact_query(self):
        """Return the query that searches the typed words without correcting them."""
        return '"' + " ".join(self.typed) + '"'

    def suggestions(self):
        """Return known words close to the typed ones, for a search that found nothing."""
        return vocabulary(self.using).suggestions(self.typed) if self.typed else []

    def apply(self, queryset):
        if not self.words:
            return queryset
        if not self.postgres:
            return _fallback_search(queryset, self.words, self.terms)
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

    def _finds(self, terms):
        """Return True if a published product matches `terms` in its own text."""
        products = Product.objects.using(self.using).published()
        if not self.postgres:
            return products.search_terms(terms).exists()
        return (
            products.annotate(document=document_vector())
            .filter(document=self.tsquery(terms))
            .exists()
        )

    def tsquery(self, terms=None):
        # Every word as a prefix: "sepat kul" finds "sepatu kulit"; a term matches if
        # any of its synonyms does. Words are \w only, so the raw tsquery cannot be
        # malformed.
        terms = (
            " | ".join(
                "(" + " & ".join(f"{word}:*" for word in search_words(phrase)) + ")"
                for phrase in phrases
            )
            for phrases in (self.terms if terms is None else terms)
        )
        return SearchQuery(
            " & ".join(f"({term})" for term in terms), search_type="raw", config=SEARCH_CONFIG
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
            if not self._ids and not self.exact:
                self._subquery = self._similar_names()
                self._ids = self._read_ids()
                self._similar = True
        return self._ids if len(self._ids) <= RANKED_MATCHES else None

    def _read_ids(self):
        return list(self._subquery.values_list("pk", flat=True)[: LISTED_MATCHES + 1])

    def _exact_matches(self):
        tsquery = self.tsquery()
        ids = Product.objects.order_by().values("pk")

        def named(model):
            # Stemmed as the query is: "name__search" would use the server's default.
            return model.objects.annotate(
                document=SearchVector("name", config=SEARCH_CONFIG)
            ).filter(document=tsquery)

        categories = Category.objects.annotate(
            document=SearchVector("name_ind", "name_en", "aliases", config=SEARCH_CONFIG)
        ).filter(document=tsquery)
        # A UNION of small id sets, each answered by its own index; an OR of the same
        # subqueries makes PostgreSQL test every product against each of them.
        return (
            ids.annotate(document=document_vector())
            .filter(document=tsquery)
            .values("pk")
            .union(
                ids.filter(ikm__in=named(IKM).values("pk")),
                ids.filter(category__in=categories.values("pk")),
                ids.filter(ikm__sentra__in=named(Sentra).values("pk")),
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
        # A word in the name counts most, then in materials, then in the description.
        weighted = (
            SearchVector("name_ind", "name_en", config=SEARCH_CONFIG, weight="A")
            + SearchVector("materials_ind", config=SEARCH_CONFIG, weight="B")
            + SearchVector("description_ind", config=SEARCH_CONFIG, weight="C")
        )
        rank = SearchRank(weighted, tsquery) + SearchRank(related_vector, tsquery) * Value(0.5)
        if self._similar:
            # Only names similar to the words matched: the most similar first.
            rank = rank + Coalesce(TrigramWordSimilarity(self.phrase(), "name_ind"), 0.0)
        return rank


def _fallback_search(queryset, words, terms):
    query = " ".join(words)
    first_in_name = functools.reduce(
        operator.or_, (Q(name_ind__icontains=phrase) for phrase in terms[0])
    )
    rank = Case(
        When(name_ind__icontains=query, then=Value(3)),
        When(first_in_name, then=Value(2)),
        When(ikm__name__icontains=words[0], then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        queryset.search_terms(terms)
        .annotate(rank=rank)
        .order_by("-rank", F("published_at").desc(nulls_last=True), "-pk")
    )
