from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("教育培训")

    def ready(self) -> None:
        from cadres.sections import register_cadre_section
        from training.sections import training_section_context

        register_cadre_section(
            key="training", order=30, template="training/_cadre_section.html", context=training_section_context
        )
