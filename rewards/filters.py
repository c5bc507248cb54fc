"""FilterSets shared by the rewards list pages, their Excel exports and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.choices import Rank
from careers.filters import CadreScopedFilter
from core.filters import ID_BOUNDS, YEAR_BOUNDS
from rewards.choices import AwardKind, AwardStatus, CandidateStatus, GrantBasisKind, GrantStatus, LedgerEntryKind
from rewards.models import Award, AwardCandidate, Fund, FundBudget, Grant, LedgerEntry, RankPromotionEligibility


def _funds(request):
    return Fund.objects.order_by("name")


def yes_no(label, yes=None, no=None) -> django_filters.BooleanFilter:
    """A yes/no filter whose empty choice reads 全部 (not the stock 未知)."""
    choices = [("", _("全部")), ("true", yes or _("是")), ("false", no or _("否"))]
    return django_filters.BooleanFilter(label=label, widget=forms.Select(choices=choices))


def hidden_id(label, field_name) -> django_filters.NumberFilter:
    """An id filter for links and the API (``?cadre=12``), kept off the filter card."""
    return django_filters.NumberFilter(label=label, field_name=field_name, widget=forms.HiddenInput, **ID_BOUNDS)


class AwardFilter(CadreScopedFilter):
    cadre = hidden_id(_("干部"), "cadre_id")
    kind = django_filters.MultipleChoiceFilter(label=_("奖励种类"), choices=AwardKind.choices)
    year = django_filters.NumberFilter(label=_("奖励年度"), **YEAR_BOUNDS)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AwardStatus.choices)
    document_number = django_filters.CharFilter(label=_("文号"), lookup_expr="icontains")
    awarded_after = django_filters.DateFilter(label=_("奖励日期不早于"), field_name="awarded_on", lookup_expr="gte")
    awarded_before = django_filters.DateFilter(label=_("奖励日期不晚于"), field_name="awarded_on", lookup_expr="lte")

    class Meta:
        model = Award
        fields = ["q", "unit", "cadre", "kind", "year", "status", "document_number", "awarded_after", "awarded_before"]


class CandidateFilter(CadreScopedFilter):
    cadre = hidden_id(_("干部"), "cadre_id")
    kind = django_filters.MultipleChoiceFilter(label=_("奖励种类"), choices=AwardKind.choices)
    year = django_filters.NumberFilter(label=_("考核年度"), **YEAR_BOUNDS)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CandidateStatus.choices)
    blocked = yes_no(_("受限"), _("受限"), _("未受限"))

    class Meta:
        model = AwardCandidate
        fields = ["q", "unit", "cadre", "kind", "year", "status", "blocked"]


class EligibilityFilter(CadreScopedFilter):
    cadre = hidden_id(_("干部"), "cadre_id")
    eligible = yes_no(_("符合晋升条件"), _("符合"), _("不符合"))
    priority = yes_no(_("优先晋升"))
    within_rank_posts = yes_no(_("职数内"))
    target_rank = django_filters.MultipleChoiceFilter(label=_("拟晋升职级"), choices=Rank.choices)

    class Meta:
        model = RankPromotionEligibility
        fields = ["q", "unit", "cadre", "eligible", "priority", "within_rank_posts", "target_rank"]


class FundFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("基金名称"), lookup_expr="icontains")
    is_active = yes_no(_("启用"))

    class Meta:
        model = Fund
        fields = ["name", "is_active"]


class BudgetFilter(django_filters.FilterSet):
    fund = django_filters.ModelChoiceFilter(label=_("专项基金"), queryset=_funds)
    year = django_filters.NumberFilter(label=_("年度"), **YEAR_BOUNDS)

    class Meta:
        model = FundBudget
        fields = ["fund", "year"]


class GrantFilter(CadreScopedFilter):
    cadre = hidden_id(_("干部"), "cadre_id")
    fund = django_filters.ModelChoiceFilter(label=_("专项基金"), queryset=_funds)
    budget = hidden_id(_("年度预算"), "budget_id")
    year = django_filters.NumberFilter(label=_("预算年度"), field_name="budget__year", **YEAR_BOUNDS)
    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=GrantStatus.choices)
    basis_kind = django_filters.ChoiceFilter(label=_("依据类型"), choices=GrantBasisKind.choices)

    class Meta:
        model = Grant
        fields = ["q", "unit", "cadre", "fund", "budget", "year", "status", "basis_kind"]


class LedgerFilter(django_filters.FilterSet):
    fund = django_filters.ModelChoiceFilter(label=_("专项基金"), field_name="budget__fund", queryset=_funds)
    year = django_filters.NumberFilter(label=_("年度"), field_name="budget__year", **YEAR_BOUNDS)
    kind = django_filters.MultipleChoiceFilter(label=_("类型"), choices=LedgerEntryKind.choices)

    class Meta:
        model = LedgerEntry
        fields = ["fund", "year", "kind"]
