from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("考核")

    def ready(self) -> None:
        _register_area()

        from django.urls import reverse

        from core.worklist import register_work_item

        register_work_item(
            key="rating_tasks",
            order=50,
            label=_("评分任务"),
            hint=_("您作为评价人尚未提交的考核评分。"),
            rows=_rating_tasks_open,
            describe=lambda task: (
                f"{task.assessee.cadre.name} · {task.get_group_display()}",
                reverse("assessments:rating_task", args=[task.pk]),
            ),
            url="assessments:rating_task_list",
        )


def _rating_tasks_open(user, today):
    """The user's own rating tasks (as a cadre) not yet submitted, in open periods; None without a cadre."""
    from assessments.choices import AssignmentStatus
    from assessments.models import RaterAssignment

    if not user.cadre_id:
        return None
    return (
        RaterAssignment.objects.filter(
            rater_id=user.cadre_id, status__in=(AssignmentStatus.PENDING, AssignmentStatus.DRAFT)
        )
        .select_related("assessee__cadre")
        .order_by("assessee__period_id", "pk")
    )


def _register_area() -> None:
    """The area's sub-navigation (core/navigation.py): its list pages, in the top menu's order."""
    from accounts import policy
    from core.navigation import NavItem, register_area

    register_area(
        "assessments",
        [
            NavItem(
                _("考核周期"),
                "assessments:period_list",
                also=("assessments:period_detail", "assessments:period_create", "assessments:proposal_list"),
            ),
            NavItem(_("考核结果汇总表"), "assessments:result_list"),
            NavItem(_("导入历史考核结果"), "assessments:results_import"),
            NavItem(_("考核结果运用待办"), "assessments:suggestion_list", query="status=open"),
            NavItem(_("节假日与调休"), "assessments:work_calendar", visible=policy.is_org_wide),
        ],
    )
