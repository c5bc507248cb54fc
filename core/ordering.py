"""Stable ordering for every paged list, page or API (hardening 14.4).

Paging with LIMIT/OFFSET is only stable when the ordering is total: rows that tie on the ordering columns
(many cadres share a rank) may come back in any order from one query to the next, so a walk through the
pages repeats some rows and skips others. Every ordering therefore ends with the primary key: the kit's
list pages add it after the user's sort (``core.pages.ListPage.build_table``), the API's pagination after
the ``ordering`` parameter (``core.api.pagination.StandardPagination``).
"""

from django.db.models import QuerySet


def with_tie_breaker(queryset: QuerySet) -> QuerySet:
    """``queryset`` ordered as it is (or by its model's default ordering), then by primary key.

    Left as it is when the ordering already holds the primary key: no two rows can tie then.
    """
    ordering = list(queryset.query.order_by) or list(queryset.query.get_meta().ordering or ())
    keys = {term.lstrip("-") for term in ordering if isinstance(term, str)}
    if keys & {"pk", "id", queryset.model._meta.pk.name}:
        return queryset
    return queryset.order_by(*ordering, "pk")
