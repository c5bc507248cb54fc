from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("关心关爱")

    def ready(self) -> None:
        from django.utils import timezone

        from cadres.sections import cadre_form_link, register_cadre_action, register_cadre_section
        from care.selectors import own_care

        register_cadre_section(
            key="care",
            order=60,
            template="care/_cadre_section.html",
            context=lambda request, cadre: own_care(cadre=cadre, year=timezone.localdate().year),
        )
        for key, order, label, icon, url_name in (
            ("leave", 40, _("登记请假"), "bi-calendar-x", "care:leave_create"),
            ("housing", 50, _("住房申请"), "bi-house", "care:application_create"),
            ("health_check", 60, _("体检记录"), "bi-heart-pulse", "care:health_check_create"),
            ("pay", 70, _("工资记录"), "bi-cash-coin", "care:pay_create"),
        ):
            register_cadre_action(key=key, order=order, label=label, icon=icon, links=cadre_form_link(url_name))
