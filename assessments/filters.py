"""FilterSets shared by the assessment list pages, their Excel exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from assessments.choices import Grade, ResultSource, SuggestionKind, SuggestionStatus
from assessments.models import AnnualResult, Assessee, Suggestion
from careers.filters import CadreScopedFilter, _visible_units
from core.filters import ID_BOUNDS, YEAR_BOUNDS


class AnnualResultFilter(CadreScopedFilter):
    cadre = django_filters.NumberFilter(label=_("干部ID"), field_name="cadre_id", **ID_BOUNDS)
    year = django_filters.NumberFilter(label=_("考核年度"), **YEAR_BOUNDS)
    year_from = django_filters.NumberFilter(label=_("起始年度"), field_name="year", lookup_expr="gte", **YEAR_BOUNDS)
    year_to = django_filters.NumberFilter(label=_("截止年度"), field_name="year", lookup_expr="lte", **YEAR_BOUNDS)
    grade = django_filters.MultipleChoiceFilter(label=_("等次"), choices=Grade.choices)
    source = django_filters.ChoiceFilter(label=_("来源"), choices=ResultSource.choices)

    class Meta:
        model = AnnualResult
        fields = ["q", "unit", "cadre", "year", "year_from", "year_to", "grade", "source"]


class ProposalFilter(CadreScopedFilter):
    """The proposals list: by name, unit, proposed grade, whether the committee changed it."""

    unit = django_filters.ModelChoiceFilter(
        label=_("单位（含下级）"), field_name="home_unit", queryset=_visible_units, method="filter_unit_subtree"
    )
    proposed = django_filters.MultipleChoiceFilter(
        label=_("拟定等次"), field_name="proposal__proposed_grade", choices=Grade.choices
    )
    overridden = django_filters.BooleanFilter(
        label=_("考核委员会已调整"), field_name="committee_grade", method="filter_overridden"
    )

    class Meta:
        model = Assessee
        fields = ["q", "unit", "proposed", "overridden"]

    def filter_unit_subtree(self, queryset, name, unit):
        if not unit:
            return queryset
        return queryset.filter(home_unit__path__startswith=unit.path)

    def filter_overridden(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(committee_grade="") if value else queryset.filter(committee_grade="")


class SuggestionFilter(CadreScopedFilter):
    kind = django_filters.MultipleChoiceFilter(label=_("事项"), choices=SuggestionKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=SuggestionStatus.choices)
    year = django_filters.NumberFilter(label=_("考核年度"), field_name="annual_result__year", **YEAR_BOUNDS)

    class Meta:
        model = Suggestion
        fields = ["q", "unit", "kind", "status", "year"]


class AnnualResultPageFilter(AnnualResultFilter):
    """The 考核结果汇总表 page: a cadre is found by name, never by an internal id."""

    cadre = None

    class Meta(AnnualResultFilter.Meta):
        fields = ["q", "unit", "year", "year_from", "year_to", "grade", "source"]
