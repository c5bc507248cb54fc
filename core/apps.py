import axes.apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共")


class AxesConfig(axes.apps.AppConfig):
    """django-axes with a Chinese name in the admin (its own has none: the admin showed "AXES")."""

    default = False  # CoreConfig stays the default config of the core app
    verbose_name = _("登录防护")
