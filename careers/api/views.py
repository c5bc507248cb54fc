"""REST endpoints of careers and accountability: scoped by the same selectors, writing through the services.

Reading follows the scope (a cadre sees his or her own records only; others are 404). Writing is for staff,
and the cadre written to must be in the writer's scope (else 404, nothing changes).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cadres.selectors import cadre_get
from careers import rules, selectors, services
from careers.api.serializers import (
    AccountabilityRecordSerializer,
    AppointmentSerializer,
    BarSerializer,
    CadreBarsSerializer,
    FaultToleranceCaseSerializer,
    FaultToleranceDecideSerializer,
    GradeCapSerializer,
    InvestigationCloseSerializer,
    ProbationConcludeSerializer,
    RankChangeSerializer,
    RevokeSerializer,
    UnfitCaseSerializer,
    UnfitDecideSerializer,
)
from careers.filters import (
    AccountabilityRecordFilter,
    AppointmentFilter,
    FaultToleranceFilter,
    RankChangeFilter,
    UnfitCaseFilter,
)
from core.api.permissions import StaffWritesOnly
from core.digits import whole_number


class CareerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]

    def _action_input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _scoped_cadre(self, validated_data: dict):
        return cadre_get(user=self.request.user, pk=validated_data.pop("cadre").pk)


@extend_schema(tags=["careers"])
class AppointmentViewSet(CareerViewSet):
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter
    ordering_fields = ["effective_date", "probation_end", "id"]

    def get_queryset(self):
        return selectors.appointment_list(user=self.request.user).order_by("-effective_date", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        cadre = self._scoped_cadre(data)
        serializer.instance = services.appointment_create(actor=self.request.user, cadre=cadre, data=data)

    @extend_schema(request=ProbationConcludeSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"], url_path="conclude-probation")
    def conclude_probation(self, request, pk=None):
        appointment = self.get_object()
        data = self._action_input(ProbationConcludeSerializer)
        appointment = services.appointment_probation_conclude(actor=request.user, appointment=appointment, **data)
        return Response(self.get_serializer(appointment).data)


@extend_schema(tags=["careers"])
class RankChangeViewSet(CareerViewSet):
    serializer_class = RankChangeSerializer
    filterset_class = RankChangeFilter
    ordering_fields = ["effective_date", "id"]

    def get_queryset(self):
        return selectors.rank_change_list(user=self.request.user).order_by("-effective_date", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        cadre = self._scoped_cadre(data)
        serializer.instance = services.rank_change_create(actor=self.request.user, cadre=cadre, data=data)


@extend_schema(tags=["careers"])
class AccountabilityRecordViewSet(CareerViewSet):
    serializer_class = AccountabilityRecordSerializer
    filterset_class = AccountabilityRecordFilter
    ordering_fields = ["decided_on", "id"]

    def get_queryset(self):
        return selectors.accountability_record_list(user=self.request.user).order_by("-decided_on", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        cadre = self._scoped_cadre(data)
        record = services.accountability_record_create(actor=self.request.user, cadre=cadre, data=data)
        serializer.instance = selectors.accountability_record_get(user=self.request.user, pk=record.pk)

    @extend_schema(request=RevokeSerializer, responses=AccountabilityRecordSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        record = self.get_object()
        data = self._action_input(RevokeSerializer)
        services.accountability_record_revoke(actor=request.user, record=record, **data)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=InvestigationCloseSerializer, responses=AccountabilityRecordSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        record = self.get_object()
        data = self._action_input(InvestigationCloseSerializer)
        services.investigation_close(actor=request.user, record=record, **data)
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema(tags=["careers"])
class UnfitCaseViewSet(CareerViewSet):
    serializer_class = UnfitCaseSerializer
    filterset_class = UnfitCaseFilter
    ordering_fields = ["opened_on", "id"]

    def get_queryset(self):
        return selectors.unfit_case_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        cadre = self._scoped_cadre(data)
        serializer.instance = services.unfit_case_open(actor=self.request.user, cadre=cadre, **data)

    @extend_schema(request=UnfitDecideSerializer, responses=UnfitCaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        data = self._action_input(UnfitDecideSerializer)
        case = services.unfit_case_decide(actor=request.user, case=case, data=data)
        return Response(self.get_serializer(case).data)


@extend_schema(tags=["careers"])
class FaultToleranceCaseViewSet(CareerViewSet):
    serializer_class = FaultToleranceCaseSerializer
    filterset_class = FaultToleranceFilter
    ordering_fields = ["opened_on", "id"]

    def get_queryset(self):
        return selectors.fault_tolerance_case_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        record = data.pop("record")  # among accountability_record_list(user): out of scope is a 400 on the field
        serializer.instance = services.fault_tolerance_case_open(actor=self.request.user, record=record, **data)

    @extend_schema(request=FaultToleranceDecideSerializer, responses=FaultToleranceCaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        data = self._action_input(FaultToleranceDecideSerializer)
        case = services.fault_tolerance_case_decide(actor=request.user, case=case, **data)
        return Response(self.get_serializer(case).data)


def _query_date(request, name: str, default: datetime.date) -> datetime.date:
    text = request.query_params.get(name)
    if not text:
        return default
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({name: [_("日期格式应为YYYY-MM-DD。")]})


@extend_schema(
    tags=["careers"],
    parameters=[
        OpenApiParameter("date", str, description="YYYY-MM-DD，默认今天"),
        OpenApiParameter("year", int, description="考核年度，默认为所给日期的年份"),
    ],
)
class CadreBarsView(APIView):
    """The bars in force for a cadre on a date, and the cap on that year's annual grade, each with its reason."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=CadreBarsSerializer)
    def get(self, request, cadre_id: int):
        cadre = cadre_get(user=request.user, pk=cadre_id)
        on_date = _query_date(request, "date", timezone.localdate())
        year_text = request.query_params.get("year") or str(on_date.year)
        if (year := whole_number(year_text)) is None or not 1950 <= year <= 2100:
            raise ValidationError({"year": [_("考核年度应为四位数字年份。")]})
        facts = selectors.cadre_record_facts(cadre=cadre)
        return Response(
            {
                "cadre": cadre.pk,
                "date": on_date,
                "year": year,
                "bars": BarSerializer(rules.bars_on(facts, on_date), many=True).data,
                "grade_cap": GradeCapSerializer(rules.grade_cap(facts, year)).data,
            }
        )
