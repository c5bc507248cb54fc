"""REST endpoints of the rewards area: scoped by the selectors, writing through the services.

Reading follows the scope (a cadre sees his or her own awards, candidates, grants and eligibility; funds,
budgets and ledgers are for staff); writing is for staff, and the services decide who may do what.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from cadres.selectors import cadre_get
from core.api.permissions import StaffWritesOnly
from core.digits import whole_number
from rewards import selectors, services
from rewards.api.serializers import (
    AwardRevokeSerializer,
    AwardSerializer,
    BudgetAdjustSerializer,
    BudgetSerializer,
    CandidatesApproveSerializer,
    CandidatesDeclineSerializer,
    CandidateSerializer,
    EligibilityAnswerSerializer,
    EligibilityRecordSerializer,
    FundSerializer,
    GrantCancelSerializer,
    GrantPaySerializer,
    GrantSerializer,
    JobAnswerSerializer,
    LedgerEntrySerializer,
)
from rewards.filters import AwardFilter, BudgetFilter, CandidateFilter, EligibilityFilter, FundFilter, GrantFilter


class DecidedByOrgStaff(permissions.BasePermission):
    """The view's ``decisions`` (approving, revoking, paying, budgeting...) are org staff's: anyone else gets
    403 before the input is read, so a refusal never depends on what was sent (services.require_reward_manager
    says the same again inside)."""

    message = _("只有组织部工作人员可以审批奖励和管理专项基金。")

    def has_permission(self, request, view) -> bool:
        return view.action not in view.decisions or policy.is_org_wide(request.user)


class RewardsViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly, DecidedByOrgStaff]
    decisions: frozenset[str] = frozenset()

    def action_input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema_view(
    list=extend_schema(summary="奖励列表（按管理范围）"),
    retrieve=extend_schema(summary="奖励详情"),
    create=extend_schema(summary="录入奖励（书面事由或考核结果）"),
)
@extend_schema(tags=["rewards"])
class AwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RewardsViewSet):
    decisions = frozenset({"create", "revoke"})
    serializer_class = AwardSerializer
    filterset_class = AwardFilter
    ordering_fields = ["awarded_on", "year", "id"]

    def get_queryset(self):
        return selectors.award_list(user=self.request.user).order_by("-awarded_on", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        cadre = data.pop("cadre")
        serializer.instance = services.award_create(actor=self.request.user, cadre=cadre, data=data)

    @extend_schema(summary="撤销奖励（公务员法第56条）", request=AwardRevokeSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        award = self.get_object()
        services.award_revoke(actor=request.user, award=award, **self.action_input(AwardRevokeSerializer))
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(summary="奖励候选（按管理范围）"), retrieve=extend_schema(summary="奖励候选详情")
)
@extend_schema(tags=["rewards"])
class CandidateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RewardsViewSet):
    decisions = frozenset({"approve", "decline"})
    serializer_class = CandidateSerializer
    filterset_class = CandidateFilter
    ordering_fields = ["year", "kind", "id"]

    def get_queryset(self):
        return selectors.candidate_list(user=self.request.user)  # each year in the official order

    def _scoped_ids(self, ids: list[int]) -> list[int]:
        """The requested ids, after checking that the user may decide candidates at all (403 first, so that
        the answer tells nobody which ids exist); an id out of scope is refused like an unknown one."""
        services.require_reward_manager(self.request.user)
        visible = set(self.get_queryset().filter(pk__in=ids).values_list("pk", flat=True))
        unknown = sorted(set(ids) - visible)
        if unknown:
            raise ValidationError({"candidates": [_("奖励候选不存在：%(ids)s") % {"ids": unknown}]})
        return ids

    @extend_schema(
        summary="批量批准奖励候选", request=CandidatesApproveSerializer, responses=AwardSerializer(many=True)
    )
    @action(detail=False, methods=["post"])
    def approve(self, request):
        data = self.action_input(CandidatesApproveSerializer)
        awards = services.candidates_approve(
            actor=request.user,
            candidate_ids=self._scoped_ids(data["candidates"]),
            approving_body=data["approving_body"],
            document_number=data["document_number"],
            awarded_on=data["awarded_on"],
        )
        return Response(AwardSerializer(awards, many=True, context=self.get_serializer_context()).data, status=201)

    @extend_schema(summary="不予奖励", request=CandidatesDeclineSerializer, responses=CandidateSerializer(many=True))
    @action(detail=False, methods=["post"])
    def decline(self, request):
        data = self.action_input(CandidatesDeclineSerializer)
        candidates = services.candidates_decline(
            actor=request.user, candidate_ids=self._scoped_ids(data["candidates"]), reason=data["reason"]
        )
        return Response(CandidateSerializer(candidates, many=True).data)


@extend_schema_view(list=extend_schema(summary="职级晋升资格（引擎最近一次计算的结果，按管理范围）"))
@extend_schema(tags=["rewards"])
class PromotionEligibilityViewSet(mixins.ListModelMixin, RewardsViewSet):
    serializer_class = EligibilityRecordSerializer
    filterset_class = EligibilityFilter
    ordering_fields = ["months_counted", "excellent_count", "eligible_from"]

    def get_queryset(self):
        return selectors.eligibility_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="专项基金"),
    retrieve=extend_schema(summary="专项基金详情"),
    create=extend_schema(summary="新建专项基金"),
    partial_update=extend_schema(summary="修改专项基金"),
)
@extend_schema(tags=["rewards"])
class FundViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, RewardsViewSet
):
    decisions = frozenset({"create", "update", "partial_update"})
    serializer_class = FundSerializer
    filterset_class = FundFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.fund_list(user=self.request.user).order_by("name")

    def perform_create(self, serializer):
        serializer.instance = services.fund_create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.fund_update(
            actor=self.request.user, fund=serializer.instance, data=serializer.validated_data
        )


@extend_schema_view(
    list=extend_schema(summary="基金年度预算（余额由台账计算）"),
    retrieve=extend_schema(summary="年度预算详情，含可用余额"),
    create=extend_schema(summary="下达年度预算"),
)
@extend_schema(tags=["rewards"])
class BudgetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RewardsViewSet):
    decisions = frozenset({"create", "adjust"})
    serializer_class = BudgetSerializer
    filterset_class = BudgetFilter
    ordering_fields = ["year", "amount", "id"]

    def get_queryset(self):
        return selectors.budget_list(user=self.request.user).order_by("-year", "fund__name", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        budget = services.budget_create(
            actor=self.request.user, fund=data["fund"], year=data["year"], amount=data["amount"], note=data.get("note")
        )
        serializer.instance = selectors.budget_get(user=self.request.user, pk=budget.pk)

    @extend_schema(summary="调整预算金额", request=BudgetAdjustSerializer, responses=BudgetSerializer)
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        budget = self.get_object()
        services.budget_adjust(actor=request.user, budget=budget, **self.action_input(BudgetAdjustSerializer))
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(summary="预算台账（每笔资金变动一行）", responses=LedgerEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def ledger(self, request, pk=None):
        budget = self.get_object()
        entries = selectors.ledger_entries(user=request.user, budget=budget).order_by("sequence")
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(LedgerEntrySerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="拨付（按管理范围）"),
    retrieve=extend_schema(summary="拨付详情"),
    create=extend_schema(summary="拟拨付"),
)
@extend_schema(tags=["rewards"])
class GrantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RewardsViewSet):
    decisions = frozenset({"approve", "pay", "cancel"})
    serializer_class = GrantSerializer
    filterset_class = GrantFilter
    ordering_fields = ["amount", "approved_on", "paid_on", "id"]

    def get_queryset(self):
        return selectors.grant_list(user=self.request.user).order_by("-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.grant_propose(
            actor=self.request.user,
            budget=data["budget"],
            cadre=data["cadre"],
            amount=data["amount"],
            basis_kind=data["basis_kind"],
            award=data.get("award"),
            result_year=data.get("result_year"),
            reason=data.get("reason", ""),
        )

    def _answer(self, grant):
        return Response(self.get_serializer(selectors.grant_get(user=self.request.user, pk=grant.pk)).data)

    @extend_schema(summary="批准拨付（不得透支）", request=None, responses=GrantSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._answer(services.grant_approve(actor=request.user, grant=self.get_object()))

    @extend_schema(summary="支付", request=GrantPaySerializer, responses=GrantSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        grant = self.get_object()
        return self._answer(
            services.grant_pay(actor=request.user, grant=grant, **self.action_input(GrantPaySerializer))
        )

    @extend_schema(summary="撤销拨付（已批准的金额退回预算）", request=GrantCancelSerializer, responses=GrantSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        grant = self.get_object()
        data = self.action_input(GrantCancelSerializer)
        return self._answer(services.grant_cancel(actor=request.user, grant=grant, reason=data["reason"]))


@extend_schema(tags=["rewards"])
class RecomputeView(APIView):
    """Start the eligibility engine for the whole county, for today; watch it at ``/api/jobs/{id}/``."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="重新计算奖励候选与晋升资格", request=None, responses={202: JobAnswerSerializer})
    def post(self, request):
        job = services.eligibility_recompute_start(actor=request.user)
        return Response({"job": job.pk}, status=202)


def _query_date(request, name: str) -> datetime.date:
    text = request.query_params.get(name)
    if not text:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({name: [_("日期格式应为YYYY-MM-DD。")]}) from None


@extend_schema(
    tags=["rewards"],
    parameters=[
        OpenApiParameter("cadre", int, description="干部ID，默认本人", required=False),
        OpenApiParameter("on", str, description="YYYY-MM-DD，默认今天", required=False),
    ],
)
class EligibilityView(APIView):
    """“为什么不是我”: award candidates and rank-promotion eligibility of a cadre on a date, with every reason."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="奖励候选与职级晋升资格（含理由）", responses=EligibilityAnswerSerializer)
    def get(self, request):
        cadre_id = whole_number(request.query_params.get("cadre") or request.user.cadre_id)
        if cadre_id is None:
            raise ValidationError({"cadre": [_("请指定干部。")]})
        cadre = cadre_get(user=request.user, pk=cadre_id)
        answer = selectors.eligibility_for_cadre(cadre=cadre, on_date=_query_date(request, "on"))
        return Response(EligibilityAnswerSerializer(answer).data)
