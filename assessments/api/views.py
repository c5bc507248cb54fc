"""REST endpoints of the assessment app: scoped by the selectors, writing through the services."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.response import Response

from assessments import selectors, services
from assessments.api.serializers import AnnualResultSerializer
from assessments.filters import AnnualResultFilter
from cadres.api.views import StaffWritesOnly


@extend_schema_view(
    list=extend_schema(summary="年度考核结果列表（按管理范围；?cadre= 按干部）"),
    retrieve=extend_schema(summary="年度考核结果详情"),
    create=extend_schema(summary="录入历史年度考核结果（同一干部同一年度再次提交即更新）"),
)
@extend_schema(tags=["assessments"])
class AnnualResultViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = AnnualResultSerializer
    filterset_class = AnnualResultFilter
    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]
    ordering_fields = ["year", "confirmed_on", "id"]

    def get_queryset(self):
        return selectors.annual_result_list(user=self.request.user).order_by("-year", "cadre__name_pinyin", "pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("source", None)
        result, created = services.annual_result_record(actor=request.user, **data)
        output = self.get_serializer(selectors.annual_result_get(user=request.user, pk=result.pk))
        return Response(output.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
