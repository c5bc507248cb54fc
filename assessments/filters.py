"""FilterSets shared by the assessment list pages, their Excel exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from assessments.choices import Grade, ResultSource
from assessments.models import AnnualResult
from careers.filters import CadreScopedFilter


class AnnualResultFilter(CadreScopedFilter):
    cadre = django_filters.NumberFilter(label=_("干部ID"), field_name="cadre_id")
    year = django_filters.NumberFilter(label=_("考核年度"))
    year_from = django_filters.NumberFilter(label=_("起始年度"), field_name="year", lookup_expr="gte")
    year_to = django_filters.NumberFilter(label=_("截止年度"), field_name="year", lookup_expr="lte")
    grade = django_filters.MultipleChoiceFilter(label=_("等次"), choices=Grade.choices)
    source = django_filters.ChoiceFilter(label=_("来源"), choices=ResultSource.choices)

    class Meta:
        model = AnnualResult
        fields = ["q", "unit", "cadre", "year", "year_from", "year_to", "grade", "source"]
