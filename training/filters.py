"""FilterSets shared by the training pages, their Excel exports and the API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.filters import CadreFilter
from training.choices import AttendanceStatus, CourseKind, CourseStatus, EnrolmentStatus, ExternalHoursStatus
from training.models import Attendance, Course, Enrolment, ExternalHours
from training.selectors import ONLINE_MET, ONLINE_NOT_MET

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


class AttendanceFilter(django_filters.FilterSet):
    """Ids, not choice lists: a choice list would name every enrolment of the county in the API's filter form
    (one query per row, and cadres outside the user's scope)."""

    session = django_filters.NumberFilter(label=_("课次"), field_name="session_id", **ID_BOUNDS)
    enrolment = django_filters.NumberFilter(label=_("报名"), field_name="enrolment_id", **ID_BOUNDS)
    status = django_filters.ChoiceFilter(label=_("考勤"), choices=AttendanceStatus.choices)

    class Meta:
        model = Attendance
        fields = ["session", "enrolment", "status"]


class ExternalHoursFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=ExternalHoursStatus.choices)
    cadre = django_filters.NumberFilter(label=_("干部"), field_name="cadre_id", **ID_BOUNDS)
    year = django_filters.NumberFilter(label=_("年度"), field_name="end_date", lookup_expr="year", **YEAR_BOUNDS)

    class Meta:
        model = ExternalHours
        fields = ["status", "cadre", "year"]


def _years() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(year), str(year)) for year in range(this_year, this_year - 10, -1)]


class ComplianceFilter(CadreFilter):
    """The cadre list's filters, and the report's own: the year, online self-study, and whom to list.

    The three report filters choose what the report computes (``training.views.ComplianceReportList``), not
    which cadres it covers; their methods leave the cadres as they are.
    """

    year = django_filters.ChoiceFilter(label=_("年度"), choices=[], method="keep", empty_label=_("本年（截至今日）"))
    online = django_filters.ChoiceFilter(
        label=_("网络自学"),
        choices=[(ONLINE_NOT_MET, _("未达到最低学时")), (ONLINE_MET, _("已达到最低学时"))],
        method="keep",
        empty_label=_("全部"),
    )
    listing = django_filters.ChoiceFilter(
        label=_("列出"), choices=[("all", _("全部干部"))], method="keep", empty_label=_("未达标的干部")
    )

    class Meta(CadreFilter.Meta):
        fields = [*CadreFilter.Meta.fields, "year", "online", "listing"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = _years()  # the last ten years, as of today

    def keep(self, queryset, name, value):
        return queryset
