from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("教育培训")

    def ready(self) -> None:
        from cadres.sections import cadre_form_link, register_cadre_action, register_cadre_section
        from training.sections import open_course_links, training_section_context

        register_cadre_section(
            key="training", order=30, template="training/_cadre_section.html", context=training_section_context
        )
        register_cadre_action(
            key="enrol", order=30, label=_("报名培训"), icon="bi-mortarboard", links=open_course_links
        )
        register_cadre_action(
            key="external_hours",
            order=35,
            label=_("登记外部学时"),
            icon="bi-journal-plus",
            links=cadre_form_link("training:external_create"),
        )
