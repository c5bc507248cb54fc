"""Related fields that name a cadre or a unit, scoped to the requesting user (issue 10.6).

An id the user may not see gets the same 400 (``does_not_exist``) as an id that names nothing, so an
endpoint never tells a caller which ids exist. Where the service then checks the write scope (a cadre seen
but not writable), it answers with its own message.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadres.selectors import cadre_list, unit_list


def _user(field: serializers.Field):
    request = field.context.get("request")
    return request.user if request is not None else None


@extend_schema_field(OpenApiTypes.INT)
class ScopedCadreField(serializers.PrimaryKeyRelatedField):
    """A cadre id among the cadres the requesting user may see."""

    def get_queryset(self):
        user = _user(self)
        return cadre_list(user=user).select_related("unit") if user is not None else None


@extend_schema_field(OpenApiTypes.INT)
class ScopedUnitField(serializers.PrimaryKeyRelatedField):
    """A unit id among the units the requesting user may see."""

    def get_queryset(self):
        user = _user(self)
        return unit_list(user=user) if user is not None else None
