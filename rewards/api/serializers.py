"""Serializers of the rewards API. Field names follow the glossary; writes go through rewards.services."""

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cadres.models import Cadre
from cadres.selectors import cadre_list
from rewards import selectors
from rewards.choices import AwardBasisKind, AwardKind, GrantBasisKind
from rewards.models import Award, AwardCandidate, Fund, FundBudget, Grant, LedgerEntry, RankPromotionEligibility


class ScopedRelationsMixin:
    """Related ids are looked up among the records the user may see: an id out of scope and an id that does
    not exist get the same 400 ("does not exist"), so the API tells nobody which ids exist."""

    # field name → selector taking ``user=``
    scoped_relations: dict[str, Callable] = {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name, selector in self.scoped_relations.items():
            field = fields.get(name)
            if field is not None and not field.read_only:
                model = field.queryset.model
                authenticated = user is not None and user.is_authenticated
                field.queryset = selector(user=user) if authenticated else model.objects.none()
        return fields


class AwardSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped_relations = {"cadre": cadre_list}
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all(), label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    basis_kind = serializers.ChoiceField(
        label=_("奖励依据类型"), choices=AwardBasisKind.choices, default=AwardBasisKind.WRITTEN
    )
    basis_years = serializers.ListField(
        label=_("依据的考核年度"), child=serializers.IntegerField(min_value=1990, max_value=2100), required=False
    )
    basis_display = serializers.CharField(read_only=True)
    medal = serializers.BooleanField(label=_("颁发奖章"), required=False, allow_null=True, default=None)

    class Meta:
        model = Award
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "kind",
            "kind_display",
            "year",
            "basis_kind",
            "basis_years",
            "basis_text",
            "basis",
            "basis_display",
            "approving_body",
            "document_number",
            "awarded_on",
            "medal",
            "bonus",
            "status",
            "revoked_on",
            "revocation_reason",
            "candidate",
        ]
        read_only_fields = ["basis", "bonus", "status", "revoked_on", "revocation_reason", "candidate"]
        extra_kwargs = {"year": {"min_value": 1990, "max_value": 2100}}
        validators = []


class AwardRevokeSerializer(serializers.Serializer):
    revoked_on = serializers.DateField(label=_("撤销日期"))
    reason = serializers.CharField(label=_("撤销理由"), max_length=200)


class CandidateSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    basis_display = serializers.CharField(read_only=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = AwardCandidate
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "unit_name",
            "kind",
            "kind_display",
            "year",
            "basis_years",
            "basis_display",
            "blocked",
            "reasons",
            "status",
            "computed_on",
            "decided_on",
            "decline_reason",
        ]
        read_only_fields = fields


class CandidatesApproveSerializer(serializers.Serializer):
    candidates = serializers.ListField(
        label=_("奖励候选"), child=serializers.IntegerField(min_value=1), min_length=1, max_length=5000
    )
    approving_body = serializers.CharField(label=_("批准机关"), max_length=100)
    document_number = serializers.CharField(label=_("文号"), max_length=100)
    awarded_on = serializers.DateField(label=_("奖励日期"))


class CandidatesDeclineSerializer(serializers.Serializer):
    candidates = serializers.ListField(
        label=_("奖励候选"), child=serializers.IntegerField(min_value=1), min_length=1, max_length=5000
    )
    reason = serializers.CharField(label=_("不予奖励理由"), max_length=200)


class EligibilityRecordSerializer(serializers.ModelSerializer):
    """The engine's stored result for a cadre (lists)."""

    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)

    class Meta:
        model = RankPromotionEligibility
        fields = [
            "cadre",
            "cadre_name",
            "unit_name",
            "computed_on",
            "current_rank",
            "target_rank",
            "eligible",
            "within_rank_posts",
            "priority",
            "months_tenure",
            "months_excluded",
            "months_counted",
            "months_required",
            "excellent_years",
            "excluded_years",
            "eligible_from",
            "rank_posts_limit",
            "rank_posts_held",
            "rank_posts_free",
            "reasons",
        ]
        read_only_fields = fields


class AwardCandidateAnswerSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AwardKind.choices)
    year = serializers.IntegerField()
    basis_years = serializers.ListField(child=serializers.IntegerField())
    blocked = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class PromotionAnswerSerializer(serializers.Serializer):
    current_rank = serializers.IntegerField()
    target_rank = serializers.IntegerField(allow_null=True)
    eligible = serializers.BooleanField()
    within_rank_posts = serializers.BooleanField()
    priority = serializers.BooleanField()
    months_tenure = serializers.IntegerField()
    months_excluded = serializers.IntegerField()
    months_counted = serializers.IntegerField()
    months_required = serializers.IntegerField()
    excellent_years = serializers.ListField(child=serializers.IntegerField())
    excluded_years = serializers.ListField(child=serializers.IntegerField())
    eligible_from = serializers.DateField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class EligibilityAnswerSerializer(serializers.Serializer):
    """``GET /api/rewards/eligibility/?cadre=…&on=…``: the award candidates and the promotion eligibility."""

    cadre = serializers.IntegerField()
    on = serializers.DateField()
    award_candidates = AwardCandidateAnswerSerializer(many=True)
    promotion = PromotionAnswerSerializer(allow_null=True)


class FundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Fund
        fields = ["id", "name", "description", "is_active"]
        validators = []
        extra_kwargs = {"name": {"validators": []}}


class BudgetSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped_relations = {"fund": selectors.fund_list}
    fund = serializers.PrimaryKeyRelatedField(queryset=Fund.objects.all(), label=_("专项基金"))
    fund_name = serializers.CharField(source="fund.name", read_only=True)
    balance = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    committed = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    paid = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = FundBudget
        fields = ["id", "fund", "fund_name", "year", "amount", "note", "balance", "committed", "paid"]
        validators = []
        extra_kwargs = {"year": {"min_value": 1990, "max_value": 2100}, "amount": {"min_value": 0}}


class BudgetAdjustSerializer(serializers.Serializer):
    amount = serializers.DecimalField(label=_("调整后预算金额（元）"), max_digits=12, decimal_places=2, min_value=0)
    reason = serializers.CharField(label=_("调整理由"), max_length=200)


class LedgerEntrySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    cadre_name = serializers.CharField(source="grant.cadre.name", read_only=True, default="")

    class Meta:
        model = LedgerEntry
        fields = [
            "sequence",
            "kind",
            "kind_display",
            "amount",
            "balance_change",
            "balance_after",
            "grant",
            "cadre_name",
            "note",
            "recorded_at",
        ]
        read_only_fields = fields


class GrantSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped_relations = {"budget": selectors.budget_choices, "cadre": cadre_list, "award": selectors.award_list}
    budget = serializers.PrimaryKeyRelatedField(queryset=FundBudget.objects.all(), label=_("年度预算"))
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all(), label=_("干部"))
    award = serializers.PrimaryKeyRelatedField(
        queryset=Award.objects.all(), label=_("依据的奖励"), required=False, allow_null=True
    )
    basis_kind = serializers.ChoiceField(label=_("依据类型"), choices=GrantBasisKind.choices)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    fund_name = serializers.CharField(source="fund.name", read_only=True)
    year = serializers.IntegerField(source="budget.year", read_only=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))

    class Meta:
        model = Grant
        fields = [
            "id",
            "budget",
            "fund",
            "fund_name",
            "year",
            "cadre",
            "cadre_name",
            "amount",
            "basis_kind",
            "award",
            "result_year",
            "reason",
            "basis",
            "status",
            "approved_on",
            "paid_on",
            "payment_reference",
            "cancelled_on",
            "cancel_reason",
        ]
        read_only_fields = [
            "fund",
            "basis",
            "status",
            "approved_on",
            "paid_on",
            "payment_reference",
            "cancelled_on",
            "cancel_reason",
        ]
        extra_kwargs = {"result_year": {"min_value": 1990, "max_value": 2100}}
        validators = []


class GrantPaySerializer(serializers.Serializer):
    paid_on = serializers.DateField(label=_("支付日期"))
    payment_reference = serializers.CharField(label=_("支付凭证号"), max_length=100, required=False, default="")


class GrantCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("撤销理由"), max_length=200)


class JobAnswerSerializer(serializers.Serializer):
    job = serializers.IntegerField()
