"""FilterSets shared by the career list pages, their Excel exports and the API."""

import re

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadres.models import Unit
from cadres.selectors import unit_list
from careers.choices import (
    AppointmentKind,
    CaseStatus,
    FaultToleranceDistinction,
    FaultToleranceOutcome,
    ProbationOutcome,
    RankChangeKind,
    RecordFamily,
    RecordKind,
    RecordStatus,
    UnfitDecision,
)
from careers.models import AccountabilityRecord, Appointment, FaultToleranceCase, RankChange, UnfitAdjustmentCase


def _visible_units(request) -> QuerySet[Unit]:
    if request is None:
        return Unit.objects.none()
    return unit_list(user=request.user)


def search_by_cadre(queryset: QuerySet, text: str, *, via: str = "cadre__") -> QuerySet:
    """By the cadre's name (汉字), its pinyin or initials, or the ID number's digits."""
    text = (text or "").strip()
    if not text:
        return queryset
    if re.match(r"^[0-9]{4,17}[0-9Xx]?$", text):
        return queryset.filter(**{f"{via}id_number__contains": text.upper()})
    if text.isascii():
        letters = re.sub(r"[^a-z]", "", text.lower())
        return queryset.filter(
            Q(**{f"{via}name_initials__startswith": letters}) | Q(**{f"{via}name_pinyin__startswith": letters})
        )
    return queryset.filter(**{f"{via}name__contains": text})


class CadreScopedFilter(django_filters.FilterSet):
    """Search by cadre and restrict to a unit and its sub-units."""

    cadre_path = "cadre__"
    q = django_filters.CharFilter(label=_("姓名/拼音首字母/身份证号"), method="filter_search")
    unit = django_filters.ModelChoiceFilter(
        label=_("单位（含下级）"), field_name="cadre__unit", queryset=_visible_units, method="filter_unit_subtree"
    )

    def filter_search(self, queryset, name, value):
        return search_by_cadre(queryset, value, via=self.cadre_path)

    def filter_unit_subtree(self, queryset, name, unit: Unit):
        if not unit:
            return queryset
        return queryset.filter(**{f"{self.cadre_path}unit__path__startswith": unit.path})


class AccountabilityRecordFilter(CadreScopedFilter):
    family = django_filters.ChoiceFilter(label=_("类别"), choices=RecordFamily.choices)
    kind = django_filters.MultipleChoiceFilter(label=_("种类"), choices=RecordKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=RecordStatus.choices)
    decided_after = django_filters.DateFilter(label=_("决定日期不早于"), field_name="decided_on", lookup_expr="gte")
    decided_before = django_filters.DateFilter(label=_("决定日期不晚于"), field_name="decided_on", lookup_expr="lte")

    class Meta:
        model = AccountabilityRecord
        fields = ["q", "unit", "family", "kind", "status", "decided_after", "decided_before"]


class AppointmentFilter(CadreScopedFilter):
    kind = django_filters.MultipleChoiceFilter(label=_("任免类型"), choices=AppointmentKind.choices)
    probation_outcome = django_filters.ChoiceFilter(label=_("试用结果"), choices=ProbationOutcome.choices)
    effective_after = django_filters.DateFilter(
        label=_("任免时间不早于"), field_name="effective_date", lookup_expr="gte"
    )
    effective_before = django_filters.DateFilter(
        label=_("任免时间不晚于"), field_name="effective_date", lookup_expr="lte"
    )

    class Meta:
        model = Appointment
        fields = ["q", "unit", "kind", "probation_outcome", "effective_after", "effective_before"]


class RankChangeFilter(CadreScopedFilter):
    kind = django_filters.MultipleChoiceFilter(label=_("变动类型"), choices=RankChangeKind.choices)

    class Meta:
        model = RankChange
        fields = ["q", "unit", "kind", "to_rank"]


class UnfitCaseFilter(CadreScopedFilter):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CaseStatus.choices)
    decision = django_filters.ChoiceFilter(label=_("调整方式"), choices=UnfitDecision.choices)

    class Meta:
        model = UnfitAdjustmentCase
        fields = ["q", "unit", "status", "decision"]


class FaultToleranceFilter(CadreScopedFilter):
    cadre_path = "record__cadre__"
    unit = django_filters.ModelChoiceFilter(
        label=_("单位（含下级）"),
        field_name="record__cadre__unit",
        queryset=_visible_units,
        method="filter_unit_subtree",
    )
    distinction = django_filters.ChoiceFilter(label=_("“三个区分开来”情形"), choices=FaultToleranceDistinction.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CaseStatus.choices)
    outcome = django_filters.ChoiceFilter(label=_("认定结果"), choices=FaultToleranceOutcome.choices)

    class Meta:
        model = FaultToleranceCase
        fields = ["q", "unit", "distinction", "status", "outcome"]
