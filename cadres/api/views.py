"""REST endpoints for units and cadres: thin, scoped by the same selectors and services as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets

from cadres import selectors, services
from cadres.api.serializers import CadreDetailSerializer, CadreListSerializer, UnitSerializer
from cadres.filters import CadreFilter


class StaffWritesOnly(permissions.BasePermission):
    """Reading follows the scope; writing needs a staff role (a cadre's own access is read-only)."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.can_write_cadres


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Units visible to the user, in tree order."""

    serializer_class = UnitSerializer
    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]
    filterset_fields = ["kind", "is_township", "parent"]
    ordering_fields = ["path", "name", "code"]

    def get_queryset(self):
        return selectors.unit_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.unit_create(actor=self.request.user, data=serializer.validated_data)


@extend_schema(tags=["cadres"])
class CadreViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Cadres visible to the user. Filters are the list page's; out-of-scope records are 404."""

    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]
    filterset_class = CadreFilter
    ordering_fields = ["name_pinyin", "birth_date", "rank", "leadership_level", "unit__path", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.cadre_list(user=self.request.user)

    def get_serializer_class(self):
        return CadreListSerializer if self.action == "list" else CadreDetailSerializer

    def perform_create(self, serializer):
        serializer.instance = services.cadre_create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.cadre_update(
            actor=self.request.user, cadre=serializer.instance, data=serializer.validated_data
        )
