"""Related fields that name a cadre, a unit or a record of one, scoped to the requesting user (issue 10.6).

An id the user may not see gets the same 400 (``does_not_exist``) as an id that names nothing, so an
endpoint never tells a caller which ids exist, and the field is refused before any other field is looked at
(issue 14.6: the error names the field even when the rest of the payload is missing). Where the service then
checks the write scope (a cadre seen but not writable), it answers with its own message.

The choices come from the app's own list selector (``cadre_list``, ``unit_list``, ``enrolment_list``...),
which joins what the record's ``__str__`` reads: the browsable API lists at most DRF's ``html_cutoff``
(1,000) of them with no query per row, OPTIONS lists none, and the OpenAPI schema says "integer".
"""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadres.selectors import cadre_list, unit_list


def _user(field: serializers.Field):
    """The requesting user; without a request in the context, nobody (every id refused, never a 500)."""
    request = field.context.get("request")
    return request.user if request is not None else AnonymousUser()


@extend_schema_field(OpenApiTypes.INT)
class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A record id among ``selector(user=<requesting user>)``: a list selector of the app, scoped by the policy.

    ``ScopedRelatedField(selector=enrolment_list, label=...)``; ``many=True`` takes a list of ids. Needs the
    request in the serializer's context (views pass ``context={"request": request}``).
    """

    def __init__(self, selector: Callable[..., QuerySet] | None = None, **kwargs):
        self._selector = selector
        super().__init__(**kwargs)

    def scoped(self, user) -> QuerySet:
        """The records ``user`` may name here."""
        return self._selector(user=user)

    def get_queryset(self):
        return self.scoped(_user(self))


@extend_schema_field(OpenApiTypes.INT)
class ScopedCadreField(ScopedRelatedField):
    """A cadre id among the cadres the requesting user may see."""

    def scoped(self, user) -> QuerySet:
        return cadre_list(user=user)


@extend_schema_field(OpenApiTypes.INT)
class ScopedUnitField(ScopedRelatedField):
    """A unit id among the units the requesting user may see."""

    def scoped(self, user) -> QuerySet:
        return unit_list(user=user)
