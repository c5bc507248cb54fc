from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("能上能下")

    def ready(self) -> None:
        from cadres.sections import register_cadre_section
        from careers.views import career_section_context

        register_cadre_section(
            key="career", order=10, template="careers/_career_section.html", context=career_section_context
        )
