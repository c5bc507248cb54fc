from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("关心关爱")

    def ready(self) -> None:
        from django.utils import timezone

        from cadres.sections import register_cadre_section
        from care.selectors import own_care

        register_cadre_section(
            key="care",
            order=60,
            template="care/_cadre_section.html",
            context=lambda request, cadre: own_care(cadre=cadre, year=timezone.localdate().year),
        )
