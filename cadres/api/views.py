"""REST endpoints for units and cadres: thin, scoped by the same selectors and services as the pages.

Reads go through ``cadres.selectors`` (out of scope → 404), writes through ``cadres.services``, whose
ValidationError becomes a 400 with field errors and whose PermissionDenied becomes a 403
(``core.api.exceptions``).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from cadres import selectors, services
from cadres.api.serializers import CadreDetailSerializer, CadreListSerializer, UnitSerializer
from cadres.filters import CadreFilter
from core.api.permissions import StaffWritesOnly
from core.api.preconditions import IF_MATCH_PARAMETER, VersionedRecordMixin


@extend_schema_view(
    list=extend_schema(summary="单位列表（按管理范围）"),
    retrieve=extend_schema(summary="单位详情"),
    create=extend_schema(summary="新增单位"),
)
@extend_schema(tags=["units"])
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Units visible to the user, in tree order. Unit HR may add units only below the units they manage."""

    serializer_class = UnitSerializer
    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]
    filterset_fields = ["kind", "is_township", "parent", "is_active"]
    ordering_fields = ["path", "name", "code", "sort_order"]

    def get_queryset(self):
        return selectors.unit_list(user=self.request.user)

    def perform_create(self, serializer: UnitSerializer) -> None:
        serializer.instance = services.unit_create(actor=self.request.user, data=serializer.validated_data)


@extend_schema_view(
    list=extend_schema(summary="干部列表（按管理范围；身份证号打码）"),
    retrieve=extend_schema(summary="干部详情"),
    create=extend_schema(summary="新增干部"),
    partial_update=extend_schema(
        summary="修改干部信息",
        description="任职单位、职务、职务层次、职级及其时间由任免和职级变动写入，此处不能修改。"
        "带上 If-Match（读取时的 ETag）可防止覆盖他人在此期间的修改：记录已变时返回 412。",
        parameters=[IF_MATCH_PARAMETER],
    ),
)
@extend_schema(tags=["cadres"])
class CadreViewSet(
    VersionedRecordMixin,
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
        # The official order of a roster unless ``ordering`` asks for another.
        return selectors.in_official_order(selectors.cadre_list(user=self.request.user))

    def get_serializer_class(self):
        return CadreListSerializer if self.action == "list" else CadreDetailSerializer

    def perform_create(self, serializer: CadreDetailSerializer) -> None:
        serializer.instance = services.cadre_create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer: CadreDetailSerializer) -> None:
        serializer.instance = services.cadre_update(
            actor=self.request.user,
            cadre=serializer.instance,
            data=serializer.validated_data,
            expected_version=self.expected_version(),
        )
        self._versioned_instance = serializer.instance
