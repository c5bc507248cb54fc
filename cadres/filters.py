"""One FilterSet for the cadre list page, its Excel export and the API, so they always agree."""

import functools
import re

import django_filters
from django import forms
from django.db.models import QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_lazy as django_gettext_lazy

from cadres import rules
from cadres.choices import (
    CadreStatus,
    Category,
    CorrectionStatus,
    Ethnicity,
    Gender,
    LeadershipLevel,
    PoliticalStatus,
    Rank,
    UnitKind,
)
from cadres.models import Cadre, CorrectionRequest, Unit
from cadres.selectors import unit_list
from core.digits import normalize_width
from core.filters import FULL_WIDTH_SPACE, ConstantChoices, FastSelect

# Django's own message for a choice not offered (translated by Django's catalogue), as a model choice gave it.
INVALID_UNIT = django_gettext_lazy("Select a valid choice. That choice is not one of the available choices.")

ID_NUMBER_FRAGMENT = re.compile(r"^[0-9]{4,17}[0-9X]?$")
# An age filter above this is a typo; bounding it keeps the birth-date arithmetic inside the calendar.
MAX_AGE_FILTER = 150


def searches_by_name(text: str) -> bool:
    """Whether ``search_cadres`` reads ``text`` as (part of) a name in 汉字, not as pinyin or ID digits."""
    text = normalize_width(text).strip()
    return bool(text) and not ID_NUMBER_FRAGMENT.match(text.upper()) and not text.isascii()


def search_cadres(queryset: QuerySet[Cadre], text: str) -> QuerySet[Cadre]:
    """Search by name (汉字), pinyin or its initials (扎西 → "zx" or "zhaxi"), or ID number digits (full-width
    digits typed by a Chinese input method are read as ASCII)."""
    text = normalize_width(text).strip()
    if not text:
        return queryset
    if ID_NUMBER_FRAGMENT.match(text.upper()):
        value = text.upper()
        return queryset.filter(id_number=value) if len(value) == 18 else queryset.filter(id_number__contains=value)
    if text.isascii():
        letters = re.sub(r"[^a-z]", "", text.lower())
        if not letters:
            return queryset.none()
        # Two index range scans joined by UNION ALL, not an OR: with the OR, PostgreSQL walks the whole
        # name_pinyin index in list order filtering every row until it has a page (~100 ms at 100,000
        # cadres when the matches sort late, as "zx" → zhaxi does); this reads only the matching rows.
        matches = (
            Cadre.objects.filter(name_initials__startswith=letters)
            .values("pk")
            .union(Cadre.objects.filter(name_pinyin__startswith=letters).values("pk"), all=True)
        )
        return queryset.filter(pk__in=matches)
    return queryset.filter(name__contains=text)


def _visible_units(request) -> QuerySet[Unit]:
    """The units the request's user may see, for a model choice filter (the dashboard's)."""
    if request is None:
        return Unit.objects.none()
    return unit_list(user=request.user)


def unit_choices(request) -> list[tuple[int, str]]:
    """The units the user may see as (pk, name indented by depth), in tree order: one query of plain tuples.

    A model choice field would build a Unit instance per option on every page of every list; the filter
    cards of the county's hundreds of units cost a fifth of a list page's CPU that way.
    """
    if request is None:
        return []
    units = unit_list(user=request.user).select_related(None).values_list("pk", "name", "depth")
    return [(pk, f"{FULL_WIDTH_SPACE * depth}{name}") for pk, name, depth in units]


def unit_subtree(value) -> Subquery:
    """The materialized path of the unit ``value`` (a pk), for ``unit__path__startswith``: its whole subtree."""
    return Subquery(Unit.objects.filter(pk=value).values("path")[:1])


class UnitChoiceFilter(django_filters.ChoiceFilter):
    """A unit of the user's scope (its subtree, through the filter's method), offered as ``unit_choices``.

    The choices are the request's: a FilterSet using it calls ``scope_unit_choices`` in its __init__.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [])
        kwargs.setdefault("widget", FastSelect)
        kwargs.setdefault("error_messages", {"invalid_choice": INVALID_UNIT})
        super().__init__(*args, **kwargs)


class _LazyUnitChoices(ConstantChoices):
    """``unit_choices(request)``, read on first use and kept for the request; shared by every copy of the
    filter like any ``ConstantChoices`` (the request inside cannot be copied, and needn't be)."""

    def __init__(self, request):
        self.request = request

    @functools.cached_property
    def choices(self) -> list[tuple[int, str]]:
        return unit_choices(self.request)

    def __iter__(self):
        return iter(self.choices)  # the unit names are text already


def scope_unit_choices(filterset: django_filters.FilterSet, request, *names: str) -> None:
    """Give the named unit filters the units of the request's user (each instance its own field).

    The choices are a callable, read once and only when the form renders or validates a unit: an API request
    or a detail lookup that never names a unit runs no unit query.
    """
    choices = _LazyUnitChoices(request)
    for name in names:
        # A filter caches its form field; one built earlier on the class (schema generation does that)
        # would carry another user's choices, so each instance builds its own.
        filterset.filters[name].__dict__.pop("_field", None)
        filterset.filters[name].extra["choices"] = choices


class CadreFilter(django_filters.FilterSet):
    # Every filter is on the cadre row or its one unit: no join can repeat a row, so no DISTINCT (which
    # made the 100,000-row first page count over SELECT DISTINCT of every column: ~250 ms).
    q = django_filters.CharFilter(
        label=_("姓名/拼音首字母/身份证号"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("如：扎西 / zx / 5133")}),
    )
    unit = UnitChoiceFilter(label=_("单位（含下级）"), method="filter_unit_subtree")
    unit_kind = django_filters.ChoiceFilter(
        label=_("单位类别"), field_name="unit__kind", choices=ConstantChoices(UnitKind.choices)
    )
    category = django_filters.MultipleChoiceFilter(
        label=_("人员类别"), choices=ConstantChoices(Category.choices), distinct=False
    )
    rank = django_filters.MultipleChoiceFilter(label=_("职级"), choices=ConstantChoices(Rank.choices), distinct=False)
    leadership_level = django_filters.MultipleChoiceFilter(
        label=_("领导职务层次"), choices=ConstantChoices(LeadershipLevel.choices), distinct=False
    )
    ethnicity = django_filters.MultipleChoiceFilter(
        label=_("民族"), choices=ConstantChoices(Ethnicity.choices), distinct=False
    )
    gender = django_filters.ChoiceFilter(label=_("性别"), choices=ConstantChoices(Gender.choices))
    political_status = django_filters.MultipleChoiceFilter(
        label=_("政治面貌"), choices=ConstantChoices(PoliticalStatus.choices), distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=ConstantChoices(CadreStatus.choices), distinct=False
    )
    age_min = django_filters.NumberFilter(
        label=_("年龄不小于"), method="filter_age_min", min_value=0, max_value=MAX_AGE_FILTER
    )
    age_max = django_filters.NumberFilter(
        label=_("年龄不大于"), method="filter_age_max", min_value=0, max_value=MAX_AGE_FILTER
    )

    class Meta:
        model = Cadre
        fields = [
            "q",
            "unit",
            "unit_kind",
            "category",
            "rank",
            "leadership_level",
            "ethnicity",
            "gender",
            "political_status",
            "status",
            "age_min",
            "age_max",
        ]

    def filter_search(self, queryset, name, value):
        return search_cadres(queryset, value)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        scope_unit_choices(self, request, "unit")

    def filter_unit_subtree(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=unit_subtree(value)) if value else queryset

    def filter_age_min(self, queryset, name, value):
        _earliest, latest = rules.birth_date_bounds_for_age(min_age=int(value), max_age=None, on=timezone.localdate())
        return queryset.filter(birth_date__lte=latest)

    def filter_age_max(self, queryset, name, value):
        earliest, _latest = rules.birth_date_bounds_for_age(min_age=None, max_age=int(value), on=timezone.localdate())
        return queryset.filter(birth_date__gte=earliest)


class CorrectionRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名"), field_name="cadre__name", lookup_expr="contains")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CorrectionStatus.choices, empty_label=_("全部"))

    class Meta:
        model = CorrectionRequest
        fields = ["q", "status"]
