from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "rewards"
    verbose_name = _("考核结果运用与奖励")

    def ready(self) -> None:
        from cadres.sections import register_cadre_section
        from rewards.views import rewards_section_context

        register_cadre_section(
            key="rewards", order=50, template="rewards/_cadre_section.html", context=rewards_section_context
        )
