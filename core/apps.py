import axes.apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共")

    def ready(self) -> None:
        from django.db.models import fields

        from core.digits import install_field_normalisation

        # Django 6.1's empty choice of every select, "- Select an option -", has no Chinese in Django's own
        # catalogue: the project says it (the hook Django names for it is this method).
        fields.BLANK_CHOICE_LABEL = _("请选择")

        # Full-width digits in every number and date field of a form or an API read as ASCII (issue 14.5).
        install_field_normalisation()


class AxesConfig(axes.apps.AppConfig):
    """django-axes with a Chinese name in the admin (its own has none: the admin showed "AXES")."""

    default = False  # CoreConfig stays the default config of the core app
    verbose_name = _("登录防护")
