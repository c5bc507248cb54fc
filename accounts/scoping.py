"""Former home of the scope rules, kept so that code written against it still imports: every answer now
comes from ``accounts.policy`` (the one policy). New code calls ``accounts.policy`` directly."""

from django.db.models import Q

from accounts.policy import manages_unit, scope, visible_units

__all__ = ["cadre_scope", "unit_scope", "user_may_write_unit", "visible_units"]


def cadre_scope(user, *, via: str = "") -> Q:
    """``policy.scope(user).cadres(via)``."""
    return scope(user).cadres(via)


def unit_scope(user, *, via: str = "") -> Q:
    """``policy.scope(user).units(via)``."""
    return scope(user).units(via)


def user_may_write_unit(user, unit) -> bool:
    """``policy.manages_unit(user, unit)``."""
    return manages_unit(user, unit)
