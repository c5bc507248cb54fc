from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page-number pagination; ``page_size`` may be chosen up to 200."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
