"""Optimistic concurrency on the API (issue 10.2): a record's ``ETag`` is its version (``core.versions``);
a write that sends ``If-Match`` with an older one answers 412 Precondition Failed and writes nothing."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from core.versions import etag_of, version_from_if_match

IF_MATCH_PARAMETER = OpenApiParameter(
    name="If-Match",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="上次读取时的 ETag；记录在此之后已被修改时返回 412，不作任何修改。",
)


class VersionedRecordMixin:
    """For a viewset's retrieve and update: the ETag on every answer about one record, and the version
    named by ``If-Match`` for the service (``self.expected_version()``; ``None`` when not sent)."""

    def expected_version(self) -> str | None:
        return version_from_if_match(self.request.headers.get("If-Match"))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        instance = getattr(self, "_versioned_instance", None)
        if isinstance(response, Response) and instance is not None and response.status_code < 300:
            response["ETag"] = etag_of(instance)
        return response

    def get_object(self):
        self._versioned_instance = super().get_object()
        return self._versioned_instance
