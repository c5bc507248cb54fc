from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Statistics, charts, reports and printable forms: reads every app through its selectors, writes only
    its own derived rows (the record audit's findings)."""

    name = "dashboard"
    verbose_name = _("统计与报表")

    def ready(self) -> None:
        from cadres.sections import register_cadre_section
        from dashboard.views import assessment_rewards_section_context

        register_cadre_section(
            key="assessment_rewards",
            order=50,
            template="dashboard/_assessment_rewards_section.html",
            context=assessment_rewards_section_context,
        )
