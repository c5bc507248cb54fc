"""FilterSets of the dashboard's lists: the same filter serves the page and its Excel export."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.choices import Category, Gender
from cadres.filters import _visible_units, search_cadres
from cadres.models import Cadre, Unit
from dashboard.choices import AuditRule
from dashboard.models import AuditFinding


class CadreSubsetFilter(django_filters.FilterSet):
    """Search, unit (with its sub-units), category and gender over a list of cadres."""

    q = django_filters.CharFilter(
        label=_("姓名/拼音首字母/身份证号"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("如：扎西 / zx / 5133")}),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("单位（含下级）"), queryset=_visible_units, method="filter_unit_subtree"
    )
    category = django_filters.MultipleChoiceFilter(label=_("人员类别"), choices=Category.choices, distinct=False)
    gender = django_filters.ChoiceFilter(label=_("性别"), choices=Gender.choices)

    class Meta:
        model = Cadre
        fields = ["q", "unit", "category", "gender"]

    def filter_search(self, queryset, name, value):
        return search_cadres(queryset, value)

    def filter_unit_subtree(self, queryset, name, unit: Unit):
        return queryset.filter(unit__path__startswith=unit.path) if unit else queryset


class AuditFindingFilter(django_filters.FilterSet):
    """The record audit's findings: by rule, by the cadre's unit (with sub-units), by the cadre's name."""

    q = django_filters.CharFilter(
        label=_("姓名/拼音首字母/身份证号"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("如：扎西 / zx / 5133")}),
    )
    rule = django_filters.MultipleChoiceFilter(label=_("核查规则"), choices=AuditRule.choices, distinct=False)
    unit = django_filters.ModelChoiceFilter(
        label=_("单位（含下级）"), queryset=_visible_units, method="filter_unit_subtree"
    )

    class Meta:
        model = AuditFinding
        fields = ["q", "rule", "unit"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(cadre__in=search_cadres(Cadre.objects.all(), value).values("pk"))

    def filter_unit_subtree(self, queryset, name, unit: Unit):
        return queryset.filter(cadre__unit__path__startswith=unit.path) if unit else queryset
