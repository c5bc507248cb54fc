"""Excel exports of the training pages: the course list and the compliance report."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from training.choices import CourseKind, CourseStatus, RequirementKind
from training.selectors import ComplianceReport

COURSE_HEADERS = [
    "培训班",
    "培训类型",
    "主办单位",
    "地点",
    "开班日期",
    "结业日期",
    "学时",
    "天数",
    "名额",
    "已报名",
    "候补",
    "状态",
]
COMPLIANCE_HEADERS = [
    "姓名",
    "单位",
    "适用要求",
    "考核期间",
    "要求学时",
    "认定学时",
    "差额学时",
    "要求天数",
    "脱产天数",
    "是否达标",
    "宽限期",
    "网络自学学时",
    "网络自学要求学时",
    "网络自学是否达标",
    "说明",
]


def course_rows(queryset) -> Iterable[list]:
    kinds, statuses = dict(CourseKind.choices), dict(CourseStatus.choices)
    for course in queryset.order_by("-start_date", "-id"):
        yield [
            course.title,
            str(kinds[course.kind]),
            course.organizer,
            course.location,
            course.start_date,
            course.end_date,
            float(course.hours),
            float(course.days or 0),
            course.capacity,
            course.enrolled_count,
            course.waiting_count,
            str(statuses[course.status]),
        ]


def compliance_rows(report: ComplianceReport) -> Iterable[list]:
    labels = dict(RequirementKind.choices)
    ordered = sorted(report.results.values(), key=lambda r: (report.cadres_by_id[r.cadre_id][1], r.cadre_id))
    for result in ordered:
        name, unit = report.cadres_by_id[result.cadre_id]
        yield [
            name,
            unit,
            str(labels[result.requirement]),
            f"{result.period_start.isoformat()}至{result.period_end.isoformat()}",
            float(result.required),
            float(result.earned),
            float(result.shortfall),
            float(result.required_days),
            float(result.earned_days),
            _("是") if result.compliant else _("否"),
            _("是") if result.in_grace else "",
            float(result.online_hours),
            float(result.online_required),
            _("是") if result.online_met else _("否"),
            result.reason,
        ]
