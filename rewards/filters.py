"""FilterSets shared by the rewards list pages, their Excel exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cadres.choices import Rank
from careers.filters import CadreScopedFilter
from rewards.choices import AwardKind, AwardStatus, CandidateStatus, GrantBasisKind, GrantStatus, LedgerEntryKind
from rewards.models import Award, AwardCandidate, Fund, FundBudget, Grant, LedgerEntry, RankPromotionEligibility


def _funds(request):
    return Fund.objects.order_by("name")


class AwardFilter(CadreScopedFilter):
    cadre = django_filters.NumberFilter(label=_("干部ID"), field_name="cadre_id")
    kind = django_filters.MultipleChoiceFilter(label=_("奖励种类"), choices=AwardKind.choices)
    year = django_filters.NumberFilter(label=_("奖励年度"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AwardStatus.choices)
    document_number = django_filters.CharFilter(label=_("文号"), lookup_expr="icontains")
    awarded_after = django_filters.DateFilter(label=_("奖励日期不早于"), field_name="awarded_on", lookup_expr="gte")
    awarded_before = django_filters.DateFilter(label=_("奖励日期不晚于"), field_name="awarded_on", lookup_expr="lte")

    class Meta:
        model = Award
        fields = ["q", "unit", "cadre", "kind", "year", "status", "document_number", "awarded_after", "awarded_before"]


class CandidateFilter(CadreScopedFilter):
    cadre = django_filters.NumberFilter(label=_("干部ID"), field_name="cadre_id")
    kind = django_filters.MultipleChoiceFilter(label=_("奖励种类"), choices=AwardKind.choices)
    year = django_filters.NumberFilter(label=_("考核年度"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CandidateStatus.choices)
    blocked = django_filters.BooleanFilter(label=_("受限"))

    class Meta:
        model = AwardCandidate
        fields = ["q", "unit", "cadre", "kind", "year", "status", "blocked"]


class EligibilityFilter(CadreScopedFilter):
    cadre = django_filters.NumberFilter(label=_("干部ID"), field_name="cadre_id")
    eligible = django_filters.BooleanFilter(label=_("符合晋升条件"))
    priority = django_filters.BooleanFilter(label=_("优先晋升"))
    within_rank_posts = django_filters.BooleanFilter(label=_("职数内"))
    target_rank = django_filters.MultipleChoiceFilter(label=_("拟晋升职级"), choices=Rank.choices)

    class Meta:
        model = RankPromotionEligibility
        fields = ["q", "unit", "cadre", "eligible", "priority", "within_rank_posts", "target_rank"]


class FundFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("基金名称"), lookup_expr="icontains")
    is_active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = Fund
        fields = ["name", "is_active"]


class BudgetFilter(django_filters.FilterSet):
    fund = django_filters.ModelChoiceFilter(label=_("专项基金"), queryset=_funds)
    year = django_filters.NumberFilter(label=_("年度"))

    class Meta:
        model = FundBudget
        fields = ["fund", "year"]


class GrantFilter(CadreScopedFilter):
    cadre = django_filters.NumberFilter(label=_("干部ID"), field_name="cadre_id")
    fund = django_filters.ModelChoiceFilter(label=_("专项基金"), queryset=_funds)
    budget = django_filters.NumberFilter(label=_("年度预算ID"), field_name="budget_id")
    year = django_filters.NumberFilter(label=_("预算年度"), field_name="budget__year")
    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=GrantStatus.choices)
    basis_kind = django_filters.ChoiceFilter(label=_("依据类型"), choices=GrantBasisKind.choices)

    class Meta:
        model = Grant
        fields = ["q", "unit", "cadre", "fund", "budget", "year", "status", "basis_kind"]


class LedgerFilter(django_filters.FilterSet):
    fund = django_filters.ModelChoiceFilter(label=_("专项基金"), field_name="budget__fund", queryset=_funds)
    year = django_filters.NumberFilter(label=_("年度"), field_name="budget__year")
    kind = django_filters.MultipleChoiceFilter(label=_("类型"), choices=LedgerEntryKind.choices)

    class Meta:
        model = LedgerEntry
        fields = ["fund", "year", "kind"]
