from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("能上能下")

    def ready(self) -> None:
        from django.urls import reverse

        from cadres.sections import register_cadre_action, register_cadre_section
        from careers.views import career_section_context

        register_cadre_section(
            key="career", order=10, template="careers/_career_section.html", context=career_section_context
        )
        register_cadre_action(
            key="career",
            order=10,
            label=_("任免记录"),
            icon="bi-diagram-3",
            links=lambda request, cadre: [
                (_("任免与职级记录"), reverse("careers:cadre_career", args=[cadre.pk])),
                (_("登记任免"), reverse("careers:appointment_create", args=[cadre.pk])),
                (_("登记职级变动"), reverse("careers:rank_change_create", args=[cadre.pk])),
                (_("登记问责或处分"), reverse("careers:record_create", args=[cadre.pk])),
            ],
        )
