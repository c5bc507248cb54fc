from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("干部档案")

    def ready(self) -> None:
        from cadres.record_views import education_section_context, family_section_context
        from cadres.sections import register_cadre_section

        register_cadre_section(
            key="education", order=5, template="cadres/_education_section.html", context=education_section_context
        )
        register_cadre_section(
            key="family", order=95, template="cadres/_family_section.html", context=family_section_context
        )
