from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Statistics, charts, reports and printable forms: reads every app through its selectors, writes only
    its own derived rows (the record audit's findings)."""

    name = "dashboard"
    verbose_name = _("统计与报表")

    def ready(self) -> None:
        _register_area()

        from cadres.sections import register_cadre_section
        from dashboard.views import assessment_rewards_section_context

        register_cadre_section(
            key="assessment_rewards",
            order=50,
            template="dashboard/_assessment_rewards_section.html",
            context=assessment_rewards_section_context,
        )


def _register_area() -> None:
    """The area's sub-navigation (core/navigation.py): its list pages, in the top menu's order."""
    from core.navigation import NavItem, register_area

    register_area(
        "dashboard",
        [
            NavItem(_("干部工作统计"), "dashboard:dashboard", also=("dashboard:figure_list",)),
            NavItem(_("干部信息核查"), "dashboard:audit_list"),
            NavItem(_("到龄提醒"), "dashboard:retirement_list"),
            NavItem(
                _("批量生成干部任免审批表"), "dashboard:appointment_form_batch", also=("dashboard:appointment_form",)
            ),
        ],
    )
