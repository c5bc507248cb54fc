"""FilterSets shared by the training pages, their Excel exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from training.choices import CourseKind, CourseStatus, EnrolmentStatus, ExternalHoursStatus
from training.models import Course, Enrolment, ExternalHours

# Bounds that keep a typed value inside what the date arithmetic and the database integer columns accept:
# out of range, the filter form shows a Chinese error and the filter is ignored instead of a server error.
YEAR_BOUNDS = {"min_value": 1900, "max_value": 2100}
ID_BOUNDS = {"min_value": 1, "max_value": 2**63 - 1}


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称"), field_name="title", lookup_expr="icontains")
    kind = django_filters.MultipleChoiceFilter(label=_("培训类型"), choices=CourseKind.choices)
    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=CourseStatus.choices)
    year = django_filters.NumberFilter(label=_("年度"), field_name="start_date", lookup_expr="year", **YEAR_BOUNDS)

    class Meta:
        model = Course
        fields = ["q", "kind", "status", "year"]


class EnrolmentFilter(django_filters.FilterSet):
    course = django_filters.NumberFilter(label=_("培训班"), field_name="course_id", **ID_BOUNDS)
    cadre = django_filters.NumberFilter(label=_("干部"), field_name="cadre_id", **ID_BOUNDS)
    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=EnrolmentStatus.choices)

    class Meta:
        model = Enrolment
        fields = ["course", "cadre", "status"]


class ExternalHoursFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=ExternalHoursStatus.choices)
    cadre = django_filters.NumberFilter(label=_("干部"), field_name="cadre_id", **ID_BOUNDS)
    year = django_filters.NumberFilter(label=_("年度"), field_name="end_date", lookup_expr="year", **YEAR_BOUNDS)

    class Meta:
        model = ExternalHours
        fields = ["status", "cadre", "year"]
