"""Who may see which records. Every selector that can reach a person's record goes through here.

- org staff and admins: everything;
- unit HR: the units assigned to them and every unit below them;
- a cadre: himself or herself only;
- anyone else: nothing.

The unit-HR scope is a subquery, not a list fetched first, so scoping adds no query to a page.
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith

from accounts.models import Role, User
from cadres.models import Unit

NOTHING = Q(pk__in=[])


def visible_units(user: User) -> QuerySet[Unit]:
    """The units whose cadres the user may see (all units for org-wide roles)."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.sees_everything:
        return Unit.objects.all()
    if user.role == Role.UNIT_HR:
        managed_ancestor = User.managed_units.through.objects.filter(user_id=user.pk).filter(
            StartsWith(OuterRef("path"), F("unit__path"))
        )
        return Unit.objects.filter(Exists(managed_ancestor))
    if user.role == Role.CADRE and user.cadre_id:
        return Unit.objects.filter(pk=Unit.objects.filter(cadres=user.cadre_id).values("pk")[:1])
    return Unit.objects.none()


def cadre_scope(user: User, *, via: str = "") -> Q:
    """A Q over a model that reaches a cadre through ``via`` ("" for Cadre itself, "cadre__" for others)."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.sees_everything:
        return Q()
    if user.role == Role.UNIT_HR:
        return Q(**{f"{via}unit__in": visible_units(user)})
    if user.role == Role.CADRE and user.cadre_id:
        return Q(**{f"{via}pk": user.cadre_id})
    return NOTHING


def unit_scope(user: User, *, via: str = "") -> Q:
    """A Q over a model that reaches a unit through ``via`` ("" for Unit itself, "unit__" for others)."""
    if user.is_authenticated and user.sees_everything:
        return Q()
    return Q(**{f"{via}pk__in" if not via else f"{via}in": visible_units(user)})


def user_may_write_unit(user: User, unit: Unit) -> bool:
    """Whether the user may create or change records in this unit."""
    if not user.can_write_cadres:
        return False
    return user.sees_everything or visible_units(user).filter(pk=unit.pk).exists()
