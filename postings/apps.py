from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = _("实践锻炼")

    def ready(self) -> None:
        from cadres.sections import cadre_form_link, register_cadre_action, register_cadre_section
        from postings.views import section_context

        register_cadre_section(
            key="postings", order=30, template="postings/_cadre_section.html", context=section_context
        )
        register_cadre_action(
            key="posting",
            order=20,
            label=_("登记锻炼"),
            icon="bi-signpost-2",
            links=cadre_form_link("postings:posting_create"),
        )
