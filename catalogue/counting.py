"""Counting that stops early: exact for small selections, a lower bound for large ones.

Counting 100,000 published products reads every one of them on each request, which costs
more than everything else a catalogue page does. A visitor needs exact numbers only for
selections small enough to read through; beyond COUNT_LIMIT the pages say "more than N".
"""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import IntegerField, Subquery
from django.utils.functional import cached_property

COUNT_LIMIT = 1000


class CappedCount(Subquery):
    """Count the rows of a sliced subquery: `CappedCount(qs.values("pk")[:n])` reads n at most."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"
    output_field = IntegerField()


def capped_count(queryset, limit=None):
    """Return the number of rows of `queryset`, or None when there are more than `limit`."""
    limit = limit or COUNT_LIMIT
    counted = queryset.order_by()[: limit + 1].count()
    return counted if counted <= limit else None


def capped_group_counts(queryset, columns, limit=None):
    """Return [(column values…, count)] grouped by `columns` (names of annotations or fields).

    None when the queryset has more than `limit` rows: only `limit + 1` rows are read, in one
    query, so a facet over 100,000 products costs what a facet over a thousand does.
    """
    limit = limit or COUNT_LIMIT
    inner = queryset.order_by().values(*columns)[: limit + 1]
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # e.g. a search that matched nothing: no query needed
        return []
    connection = connections[queryset.db]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quoted}, COUNT(*) FROM ({sql}) capped GROUP BY {quoted}",  # noqa: S608
            params,
        )
        rows = cursor.fetchall()
    if sum(row[-1] for row in rows) > limit:
        return None
    return rows


class CappedPaginator(Paginator):
    """A paginator that counts at most COUNT_LIMIT products past the page asked for.

    `is_exact` tells whether `count` is the total or a lower bound ("more than").
    """

    def __init__(self, object_list, per_page, *, number=1, limit=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit or COUNT_LIMIT
        try:
            # Past a million pages the answer is the last page anyway.
            self.requested = min(max(1, int(number)), 1_000_000)
        except (TypeError, ValueError):
            self.requested = 1

    @property
    def is_exact(self):
        return self.count is not None and not self._more

    @cached_property
    def _cap(self):
        return (self.requested - 1) * self.per_page + self.limit + 1

    @cached_property
    def count(self):
        # A page far past the end reads up to the end once, as its OFFSET would.
        counted = self.object_list.order_by()[: self._cap].count()
        self._more = counted == self._cap
        return min(counted, self._cap - 1)
