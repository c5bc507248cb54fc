from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Statistics, charts, reports and printable forms: reads every app through its selectors, writes only
    its own derived rows (the record audit's findings)."""

    name = "dashboard"
    verbose_name = _("统计与报表")
