"""REST endpoints of the care app: thin, scoped by the same selectors and services as the pages.

Housing stock and the inspection register are for staff (a cadre gets 403). Applications, tenancies,
checks, leave and pay are scoped through the cadre: a cadre reads only his or her own, anything else is
404; writes need a staff role and go through the services (ValidationError → 400 in Chinese).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cadres.selectors import cadre_get, official_order
from care import selectors, services
from care.api import serializers as s
from care.filters import (
    FlatFilter,
    HealthCheckFilter,
    HousingApplicationFilter,
    InspectionItemFilter,
    LeaveRecordFilter,
    PayRecordFilter,
    TenancyFilter,
)
from core.api.permissions import OrgWideWritesOnly, StaffOnly, StaffWritesOnly
from core.digits import whole_number


class CareViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


def _data(serializer, *exclude: str) -> dict:
    return {k: v for k, v in serializer.validated_data.items() if k not in exclude}


@extend_schema(tags=["care"])
class BuildingViewSet(
    CareViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    serializer_class = s.BuildingSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    def get_queryset(self):
        return selectors.building_list(user=self.request.user).order_by("unit__path", "name", "id")

    def perform_create(self, serializer):
        serializer.instance = services.building_create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.building_update(
            actor=self.request.user, building=serializer.instance, data=serializer.validated_data
        )


@extend_schema(tags=["care"])
class FlatViewSet(
    CareViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    serializer_class = s.FlatSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]
    filterset_class = FlatFilter

    def get_queryset(self):
        return selectors.flat_list(user=self.request.user).order_by("building__name", "number", "id")

    def perform_create(self, serializer):
        serializer.instance = services.flat_create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.flat_update(
            actor=self.request.user, flat=serializer.instance, data=serializer.validated_data
        )


@extend_schema(tags=["care"])
class HousingApplicationViewSet(CareViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Applications; ``?status=waiting&ordering=`` gives the waiting list (priority, then date)."""

    serializer_class = s.HousingApplicationSerializer
    filterset_class = HousingApplicationFilter

    def get_queryset(self):
        return selectors.application_list(user=self.request.user).order_by("-priority_score", "applied_on", "id")

    def perform_create(self, serializer):
        serializer.instance = services.application_create(
            actor=self.request.user, cadre=serializer.validated_data["cadre"], data=_data(serializer, "cadre")
        )

    def _decide(self, request, pk, verb: str):
        application = self.get_object()
        note = s.NoteSerializer(data=request.data)
        note.is_valid(raise_exception=True)
        text = note.validated_data["note"]
        if verb == "withdraw":
            application = services.application_withdraw(actor=request.user, application=application, note=text)
        else:
            application = services.application_decide(
                actor=request.user, application=application, approve=verb == "approve", note=text
            )
        return Response(self.get_serializer(application).data)

    @extend_schema(request=s.NoteSerializer, summary="审核通过，进入轮候")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, pk, "approve")

    @extend_schema(request=s.NoteSerializer, summary="审核不通过")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, pk, "reject")

    @extend_schema(request=s.NoteSerializer, summary="撤回申请")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._decide(request, pk, "withdraw")


@extend_schema(tags=["care"])
class TenancyViewSet(CareViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Tenancies; creating one allocates a flat, ``end`` moves the tenant out."""

    serializer_class = s.TenancySerializer
    filterset_class = TenancyFilter

    def get_queryset(self):
        return selectors.tenancy_list(user=self.request.user).order_by("-start_date", "-id")

    def perform_create(self, serializer):
        serializer.instance = services.tenancy_allocate(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=s.MoveOutSerializer, summary="办理退房")
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        tenancy = self.get_object()
        body = s.MoveOutSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        tenancy = services.tenancy_end(actor=request.user, tenancy=tenancy, end_date=body.validated_data["end_date"])
        return Response(self.get_serializer(tenancy).data)


@extend_schema(tags=["care"])
class HealthCheckViewSet(
    CareViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    filterset_class = HealthCheckFilter

    def get_serializer_class(self):
        return s.HealthCheckUpdateSerializer if self.action == "partial_update" else s.HealthCheckSerializer

    def get_queryset(self):
        return official_order(selectors.health_check_list(user=self.request.user), "cadre__", before=("-year",))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.health_check_create(
            actor=self.request.user, cadre=data["cadre"], year=data["year"], data=_data(serializer, "cadre", "year")
        )

    def perform_update(self, serializer):
        serializer.instance = services.health_check_update(
            actor=self.request.user, check=serializer.instance, data=serializer.validated_data
        )


@extend_schema(tags=["care"])
class LeaveRecordViewSet(
    CareViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin
):
    serializer_class = s.LeaveRecordSerializer
    filterset_class = LeaveRecordFilter

    def get_queryset(self):
        return selectors.leave_record_list(user=self.request.user).order_by("-start_date", "-id")

    def perform_create(self, serializer):
        serializer.instance = services.leave_create(
            actor=self.request.user, cadre=serializer.validated_data["cadre"], data=_data(serializer, "cadre")
        )

    def perform_destroy(self, instance):
        services.leave_delete(actor=self.request.user, record=instance)

    @extend_schema(summary="年休假：应休、结转、已休、剩余（?cadre=&year=，默认本人、本年）", responses=None)
    @action(detail=False, methods=["get"])
    def summary(self, request):
        year = whole_number(request.query_params.get("year"))
        year = year if year is not None and 1990 <= year <= 2100 else timezone.localdate().year
        cadre_id = whole_number(request.query_params.get("cadre", "") or request.user.cadre_id)
        if cadre_id is None:
            raise ValidationError({"cadre": [_("请指定干部。")]}, code="required")
        cadre = cadre_get(user=request.user, pk=cadre_id)
        summary = selectors.leave_summary(cadre=cadre, year=year)
        entitlement = summary.entitlement
        return Response(
            {
                "cadre": cadre.pk,
                "year": year,
                "service_years": entitlement.service_years if entitlement else None,
                "entitlement": entitlement.days if entitlement else None,
                "reason": entitlement.reason if entitlement else _("未登记参加工作时间，无法计算年休假。"),
                "carried_in": summary.carried_in,
                "taken": summary.taken,
                "balance": summary.balance,
            }
        )


@extend_schema(tags=["care"])
class PayRecordViewSet(
    CareViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    filterset_class = PayRecordFilter

    def get_serializer_class(self):
        return s.PayRecordUpdateSerializer if self.action == "partial_update" else s.PayRecordSerializer

    def get_queryset(self):
        records = selectors.pay_record_list(user=self.request.user)
        return official_order(records, "cadre__", before=("-month", "unit__path"))

    def perform_create(self, serializer):
        serializer.instance = services.pay_record_create(
            actor=self.request.user, cadre=serializer.validated_data["cadre"], data=_data(serializer, "cadre")
        )

    def perform_update(self, serializer):
        serializer.instance = services.pay_record_update(
            actor=self.request.user, record=serializer.instance, data=serializer.validated_data
        )


@extend_schema(tags=["care"])
class InspectionItemViewSet(
    CareViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    serializer_class = s.InspectionItemSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly, OrgWideWritesOnly]
    filterset_class = InspectionItemFilter

    def get_queryset(self):
        return selectors.inspection_item_list(user=self.request.user).order_by("-year", "title", "id")

    def perform_create(self, serializer):
        serializer.instance = services.inspection_item_create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.inspection_item_update(
            actor=self.request.user, item=serializer.instance, data=serializer.validated_data
        )

    @extend_schema(request=s.MergeSerializer, summary="合并到同年度的其他事项")
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        item = self.get_object()
        body = s.MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.inspection_item_merge(
            actor=request.user, item=item, into=body.validated_data["merged_into"], reason=body.validated_data["reason"]
        )
        return Response(self.get_serializer(item).data)

    @extend_schema(request=s.RetireSerializer, summary="取消事项")
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        item = self.get_object()
        body = s.RetireSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.inspection_item_retire(actor=request.user, item=item, reason=body.validated_data["reason"])
        return Response(self.get_serializer(item).data)

    @extend_schema(summary="各年度事项数量（登记、保留、合并、取消）", responses=None)
    @action(detail=False, methods=["get"])
    def counts(self, request):
        return Response(selectors.inspection_counts_by_year(user=request.user))
