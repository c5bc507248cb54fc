"""One FilterSet for the posting list page, its Excel export and the API, so they always agree."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadres.filters import UnitChoiceFilter, scope_unit_choices, search_cadres, unit_subtree
from cadres.models import Cadre, Unit
from postings.choices import ExchangeDirection, FrontLine, PostingKind, PostingStatus, VillageCategory
from postings.models import Posting


class PostingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("干部姓名/拼音首字母"), method="filter_search")
    kind = django_filters.MultipleChoiceFilter(label=_("锻炼类型"), choices=PostingKind.choices)
    front_line = django_filters.MultipleChoiceFilter(label=_("一线类别"), choices=FrontLine.choices)
    exchange_direction = django_filters.MultipleChoiceFilter(label=_("交流方向"), choices=ExchangeDirection.choices)
    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=PostingStatus.choices)
    home_unit = UnitChoiceFilter(label=_("派出单位（含下级）"), method="filter_home_unit")
    host_unit = UnitChoiceFilter(label=_("接收单位（含下级）"), method="filter_host_unit")
    village_category = django_filters.ChoiceFilter(
        label=_("村类别"), choices=VillageCategory.choices, method="filter_village_category"
    )
    external = django_filters.BooleanFilter(label=_("县外挂职"), method="filter_external")
    year = django_filters.NumberFilter(label=_("年度"), method="filter_year", min_value=1950, max_value=2100)

    class Meta:
        model = Posting
        fields = [
            "q",
            "kind",
            "front_line",
            "exchange_direction",
            "status",
            "home_unit",
            "host_unit",
            "village_category",
            "external",
            "year",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        scope_unit_choices(self, request, "home_unit", "host_unit")

    def filter_search(self, queryset, name, value):
        return queryset.filter(cadre__in=search_cadres(Cadre.objects.all(), value).values("pk"))

    def filter_home_unit(self, queryset, name, value):
        return queryset.filter(home_unit__path__startswith=unit_subtree(value)) if value else queryset

    def filter_host_unit(self, queryset, name, value):
        return queryset.filter(host_unit__path__startswith=unit_subtree(value)) if value else queryset

    def filter_village_category(self, queryset, name, value):
        return queryset.filter(**{f"host_unit__village_profile__{value}": True}) if value else queryset

    def filter_external(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(external_host__isnull=not value)

    def filter_year(self, queryset, name, value):
        """Postings running at some time of the year."""
        year = int(value)
        return queryset.filter(Q(planned_start__year__lte=year), Q(end__year__gte=year))


class FirstSecretaryFilter(PostingFilter):
    """The posting filters a list of first secretaries needs: no kind, front line, direction or county-external."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "front_line", "exchange_direction", "external"):
            self.filters.pop(name)


class VillageFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label=_("村类别"), choices=VillageCategory.choices, method="filter_category")
    without_secretary = django_filters.BooleanFilter(
        label=_("无在岗第一书记"), method="filter_without_secretary", widget=forms.CheckboxInput
    )

    class Meta:
        model = Unit
        fields = ["category", "without_secretary"]

    def filter_category(self, queryset, name, value):
        return queryset.filter(**{f"village_profile__{value}": True}) if value else queryset

    def filter_without_secretary(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(
            postings_hosted__kind=PostingKind.FIRST_SECRETARY, postings_hosted__status=PostingStatus.SERVING
        )
