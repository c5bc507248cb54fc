from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination

from core.ordering import with_tie_breaker


class StandardPagination(PageNumberPagination):
    """Page-number pagination; ``page_size`` may be chosen up to 200.

    Every queryset is ordered by primary key last (after the ``ordering`` parameter or the view's default),
    so that walking the pages gives each row exactly once (hardening 14.4).
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        if isinstance(queryset, QuerySet):
            queryset = with_tie_breaker(queryset)
        return super().paginate_queryset(queryset, request, view)
