"""REST endpoints of the training area: thin, scoped by the same selectors and services as the pages.

A cadre may sign himself or herself up and withdraw; naming another cadre (or enrolment) gives a 400 on that
field, because it is outside the caller's scope (core.api.fields). Service ValidationErrors become 400s,
PermissionDenied 403s.
"""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from cadres.filters import CadreFilter
from cadres.forms import cadre_list_filter_data
from cadres.selectors import cadre_get, cadre_list, in_official_order
from training import selectors, services
from training.api.serializers import (
    AttendanceSerializer,
    AttendanceWriteSerializer,
    ComplianceSerializer,
    CourseDetailSerializer,
    CourseSerializer,
    CourseTransitionSerializer,
    EnrolmentCreateSerializer,
    EnrolmentSerializer,
    ExternalHoursSerializer,
    ReviewSerializer,
    ScoreSerializer,
    WithdrawSerializer,
)
from training.filters import AttendanceFilter, CourseFilter, EnrolmentFilter, ExternalHoursFilter
from training.models import CourseSession

ON_DATE = OpenApiParameter("on_date", str, description="YYYY-MM-DD，默认今天")


class Base:
    permission_classes = [permissions.IsAuthenticated]


@extend_schema_view(
    list=extend_schema(summary="培训班列表"),
    retrieve=extend_schema(summary="培训班详情（含课次）"),
    create=extend_schema(summary="新建培训班（组织部）"),
    partial_update=extend_schema(summary="修改培训班（开班前）"),
)
@extend_schema(tags=["training"])
class CourseViewSet(
    Base,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = CourseFilter
    ordering_fields = ["start_date", "title", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = selectors.course_list(user=self.request.user).order_by("-start_date", "-id")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("sessions", "audience_units")
        elif self.action == "list":
            queryset = queryset.prefetch_related("audience_units")
        return queryset

    def get_serializer_class(self):
        return CourseDetailSerializer if self.action == "retrieve" else CourseSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        units = data.pop("audience_units", [])
        serializer.instance = services.course_create(actor=self.request.user, data=data, audience_units=units)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        units = data.pop("audience_units", None)
        services.course_update(actor=self.request.user, course=serializer.instance, data=data, audience_units=units)
        serializer.instance = selectors.course_get(user=self.request.user, pk=serializer.instance.pk)

    @extend_schema(summary="变更培训班状态", request=CourseTransitionSerializer, responses=CourseSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        course = self.get_object()
        payload = CourseTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.course_transition(actor=request.user, course=course, target=payload.validated_data["target"])
        return Response(CourseSerializer(selectors.course_get(user=request.user, pk=course.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="报名记录（按管理范围）"),
    retrieve=extend_schema(summary="报名详情"),
)
@extend_schema(tags=["training"])
class EnrolmentViewSet(Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilter
    ordering_fields = ["id", "seat", "waiting_position"]

    def get_queryset(self):
        return selectors.enrolment_list(user=self.request.user).order_by("course_id", "seat", "waiting_position", "id")

    def get_serializer_class(self):
        """The browsable API's form for a new enrolment is the scoped input, never a list of every cadre."""
        return EnrolmentCreateSerializer if self.action == "create" else EnrolmentSerializer

    @extend_schema(
        summary="报名（本人或工作人员为所管干部报名）", request=EnrolmentCreateSerializer, responses=EnrolmentSerializer
    )
    def create(self, request):
        payload = EnrolmentCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        course = selectors.course_get(user=request.user, pk=payload.validated_data["course"])
        cadre = payload.validated_data.get("cadre") or _own_cadre(request)
        enrolment = services.enrolment_create(actor=request.user, course=course, cadre=cadre)
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="退出报名（空出的名额由候补依次递补）", request=WithdrawSerializer, responses=EnrolmentSerializer
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        enrolment = self.get_object()
        payload = WithdrawSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        enrolment = services.enrolment_withdraw(
            actor=request.user, enrolment=enrolment, reason=payload.validated_data.get("reason", "")
        )
        return Response(EnrolmentSerializer(enrolment).data)

    @extend_schema(summary="登记结业成绩", request=ScoreSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        enrolment = self.get_object()
        payload = ScoreSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        enrolment = services.enrolment_set_score(
            actor=request.user, enrolment=enrolment, score=payload.validated_data["score"]
        )
        return Response(EnrolmentSerializer(enrolment).data)


@extend_schema_view(list=extend_schema(summary="考勤记录（按管理范围）"))
@extend_schema(tags=["training"])
class AttendanceViewSet(Base, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter

    def get_queryset(self):
        return selectors.attendance_list(user=self.request.user).order_by("session__date", "id")

    def get_serializer_class(self):
        """The browsable API's form for a mark is the scoped input, never a list of every enrolment."""
        return AttendanceWriteSerializer if self.action == "create" else AttendanceSerializer

    @extend_schema(summary="登记考勤（已有则更新）", request=AttendanceWriteSerializer, responses=EnrolmentSerializer)
    def create(self, request):
        payload = AttendanceWriteSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        enrolment = data["enrolment"]  # among enrolment_list(user): out of scope is a 400 on the field
        session = get_object_or_404(CourseSession, pk=data["session"], course_id=enrolment.course_id)
        services.attendance_record(
            actor=request.user,
            items=[
                services.AttendanceItem(
                    enrolment=enrolment,
                    session=session,
                    status=data["status"],
                    leave_hours=data["leave_hours"],
                    note=data["note"],
                )
            ],
        )
        enrolment.refresh_from_db()
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="外部学时（按管理范围）"),
    retrieve=extend_schema(summary="外部学时详情"),
)
@extend_schema(tags=["training"])
class ExternalHoursViewSet(Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExternalHoursSerializer
    filterset_class = ExternalHoursFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return selectors.external_hours_list(user=self.request.user).order_by("-end_date", "-id")

    @extend_schema(
        summary="登记外部学时（附证明材料，待审核）", request=ExternalHoursSerializer, responses=ExternalHoursSerializer
    )
    def create(self, request):
        payload = ExternalHoursSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        cadre = data.pop("cadre", None) or _own_cadre(request)
        evidence = data.pop("evidence", None)
        record = services.external_hours_submit(actor=request.user, cadre=cadre, data=data, evidence=evidence)
        return Response(ExternalHoursSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="审核外部学时", request=ReviewSerializer, responses=ExternalHoursSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        record = self.get_object()
        payload = ReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        record = services.external_hours_review(
            actor=request.user,
            record=record,
            approve=payload.validated_data["approve"],
            note=payload.validated_data["note"],
        )
        return Response(ExternalHoursSerializer(record).data)


def _own_cadre(request):
    """The requesting user's own cadre, for a write that names none; 400 on ``cadre`` when the login has
    none, 404 when it lies outside the user's scope (the service then decides self-service or staff)."""
    if not request.user.cadre_id:
        raise ApiValidationError({"cadre": [_("请指定干部。")]})
    return cadre_get(user=request.user, pk=request.user.cadre_id)


def _on_date(request) -> datetime.date:
    value = request.query_params.get("on_date")
    if not value:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ApiValidationError({"on_date": ["日期格式应为YYYY-MM-DD。"]}) from error


@extend_schema(tags=["training"], parameters=[ON_DATE])
class ComplianceViewSet(Base, viewsets.GenericViewSet):
    """§6 compliance of the cadres the user may see: list (with the cadre-list filters) and per cadre."""

    serializer_class = ComplianceSerializer
    filterset_class = CadreFilter
    filter_backends = []
    # The id is a cadre's, looked up by cadre_get rather than get_object: route only numbers to it.
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return in_official_order(cadre_list(user=self.request.user))

    @extend_schema(summary="学时达标情况列表（默认只含在职干部；status 参数可选其他状态）")
    def list(self, request):
        on_date = _on_date(request)
        # In service (在职) unless ``status`` asks for others, as the report page (issue 15.3).
        data = cadre_list_filter_data(request.query_params)
        filterset = CadreFilter(data, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ApiValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs.values_list("pk", flat=True))
        results = selectors.compliance_for_cadres(cadre_ids=list(page), on_date=on_date)
        return self.get_paginated_response(ComplianceSerializer([results[pk] for pk in page], many=True).data)

    @extend_schema(summary="某干部学时达标情况")
    def retrieve(self, request, pk=None):
        cadre = cadre_get(user=request.user, pk=pk)
        return Response(
            ComplianceSerializer(selectors.compliance_for_cadre(cadre=cadre, on_date=_on_date(request))).data
        )
