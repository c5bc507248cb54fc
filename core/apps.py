from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共")

    def ready(self) -> None:
        from core.digits import install_field_normalisation

        # Full-width digits in every number and date field of a form or an API read as ASCII (issue 14.5).
        install_field_normalisation()
