"""FilterSets shared by the care pages, their Excel exports and the API, so the three always agree."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from care.choices import ApplicationStatus, FlatStatus, InspectionFrequency, InspectionStatus, LeaveKind
from care.models import Flat, HealthCheck, HousingApplication, InspectionItem, LeaveRecord, PayRecord, Tenancy


def _cadre_search(queryset, name, value):
    """By name (汉字) or pinyin initials/full pinyin, through the record's cadre."""
    value = value.strip()
    if not value:
        return queryset
    if value.isascii():
        value = value.lower()
        return queryset.filter(Q(cadre__name_initials__startswith=value) | Q(cadre__name_pinyin__startswith=value))
    return queryset.filter(cadre__name__contains=value)


class CadreSearchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名/拼音首字母"), method="filter_q")

    def filter_q(self, queryset, name, value):
        return _cadre_search(queryset, name, value)


class FlatFilter(django_filters.FilterSet):
    building = django_filters.CharFilter(label=_("楼栋"), field_name="building__name", lookup_expr="contains")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=FlatStatus.choices)
    rooms = django_filters.NumberFilter(label=_("居室数"), min_value=1)

    class Meta:
        model = Flat
        fields = ["building", "status", "rooms"]


class HousingApplicationFilter(CadreSearchFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ApplicationStatus.choices)
    applied_from = django_filters.DateFilter(label=_("申请日期起"), field_name="applied_on", lookup_expr="gte")
    applied_to = django_filters.DateFilter(label=_("申请日期止"), field_name="applied_on", lookup_expr="lte")

    class Meta:
        model = HousingApplication
        fields = ["q", "status", "applied_from", "applied_to"]


class TenancyFilter(CadreSearchFilterSet):
    current = django_filters.BooleanFilter(label=_("仅在住"), field_name="end_date", lookup_expr="isnull")
    building = django_filters.CharFilter(label=_("楼栋"), field_name="flat__building__name", lookup_expr="contains")

    class Meta:
        model = Tenancy
        fields = ["q", "current", "building"]


class HealthCheckFilter(CadreSearchFilterSet):
    year = django_filters.NumberFilter(label=_("年度"), min_value=1900, max_value=2100)
    done = django_filters.BooleanFilter(label=_("已完成"))
    follow_up_needed = django_filters.BooleanFilter(label=_("需复查"))

    class Meta:
        model = HealthCheck
        fields = ["q", "year", "done", "follow_up_needed"]


class LeaveRecordFilter(CadreSearchFilterSet):
    kind = django_filters.ChoiceFilter(label=_("假别"), choices=LeaveKind.choices)
    year = django_filters.NumberFilter(label=_("年度"), field_name="start_date__year", min_value=1900, max_value=2100)

    class Meta:
        model = LeaveRecord
        fields = ["q", "kind", "year"]


class PayRecordFilter(CadreSearchFilterSet):
    month = django_filters.DateFilter(label=_("月份（任一天）"), method="filter_month")

    class Meta:
        model = PayRecord
        fields = ["q", "month"]

    def filter_month(self, queryset, name, value):
        return queryset.filter(month=value.replace(day=1))


class InspectionItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("事项名称"), field_name="title", lookup_expr="contains")
    year = django_filters.NumberFilter(label=_("年度"), min_value=1900, max_value=2100)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=InspectionStatus.choices)
    frequency = django_filters.ChoiceFilter(label=_("频次"), choices=InspectionFrequency.choices)
    issuing_body = django_filters.CharFilter(label=_("发文/牵头单位"), lookup_expr="contains")

    class Meta:
        model = InspectionItem
        fields = ["q", "year", "status", "frequency", "issuing_body"]
