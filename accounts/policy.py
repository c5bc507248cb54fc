"""Who may see or do what: the one policy of the project (architecture rule 3).

Every view, serializer, cadre-page section, export, admin page, service and batch selector asks here; no
other module looks at a user's role. Three kinds of question:

**What kind of user is this?** (pages and endpoints that only some roles use)
    ``is_staff(user)``: works on other people's records (admin, org staff, unit HR).
    ``is_org_wide(user)``: admin or org staff, whose work is county-wide.
    ``require_staff(user)`` / ``require_org_wide(user)``: raise ``PermissionDenied`` (403) with one message.
    A page only staff use answers 403 to anyone else; a *record* out of scope answers 404 (selectors).

**Which records of a model may this user reach?**
    ``scope(user, action=VIEW) -> Scope``; ``restrict(queryset, user, action=VIEW) -> QuerySet``.
    A ``Scope`` gives Q objects over any model that reaches a cadre or a unit (``Scope.cadres(via=...)``,
    ``Scope.units(via=...)``, ``Scope.q_for(model)``). Batch selectors take a ``Scope`` as a required
    argument; a job that runs for nobody in particular (a beat run) passes ``EVERYTHING``.

**May this user do this action to this record?**
    ``may(user, action, obj) -> bool``; ``require(user, action, obj, field=None)`` raises.
    ``obj`` is a cadre, a unit, or any record that reaches one (an appointment, a posting, a flat...).

The rules (domain: who works on whose record):

- org staff and admins see and change everything;
- unit HR see and change the cadres of the units they manage and of every unit below them;
- a cadre sees his or her own record (and own unit), and changes nothing of it except through
  self-service (signing up for a course, submitting hours from elsewhere): ``Action.SELF_SERVICE``;
  any login reads its own record on "我的档案" (``cadres.selectors.own_cadre_get``);
- nobody changes his or her own record as staff, and nobody sees the internal notes (内部备注) of his or
  her own record: internal notes are written by staff about other people (``Action.VIEW_INTERNAL``);
- a posting is directed (extended, ended, recalled) by the home side (the cadre's unit or the sending
  unit); the host unit's HR records presence and the evaluation (``Action.DIRECT``, ``Action.HOST``);
- county-wide things (courses, the burden-reduction register, top-level units, rescoring) are for org
  staff (``Action.MANAGE``).

Scoping adds no query to a page: a unit-HR scope is a subquery, never a list fetched first. Record checks
on loaded objects compare materialized unit paths; the user's managed paths are read once per user object.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext as _

from accounts.models import Role, User

NOTHING = Q(pk__in=[])


class Action(StrEnum):
    """What a user may want to do to a record."""

    VIEW = "view"  # read it
    CHANGE = "change"  # write about the record's cadre or unit, as staff
    MANAGE = "manage"  # county-wide management (org staff)
    VIEW_INTERNAL = "view_internal"  # read the internal notes (内部备注) of a record
    DIRECT = "direct"  # extend, end or recall a posting (home side)
    HOST = "host"  # record a posting's presence and evaluation (host side, or home side)
    SELF_SERVICE = "self_service"  # a cadre acting on his or her own record


# ---------------------------------------------------------------- what kind of user


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_org_wide(user) -> bool:
    """Admins and org staff: every unit and record, and the county-wide work."""
    return _active(user) and (user.is_superuser or user.role in (Role.ADMIN, Role.ORG_STAFF))


def is_unit_hr(user) -> bool:
    """Unit HR: the units they manage and everything below them."""
    return _active(user) and not is_org_wide(user) and user.role == Role.UNIT_HR


def is_staff(user) -> bool:
    """Anyone who works on other people's records: admin, org staff or unit HR."""
    return is_org_wide(user) or is_unit_hr(user)


def is_admin(user) -> bool:
    """May open the Django admin (the menu link; the admin site itself checks ``is_staff``)."""
    return _active(user) and (user.is_superuser or user.role == Role.ADMIN)


def require_staff(user) -> None:
    """Pages and endpoints only staff use: 403 to anyone else (records stay scoped: out of scope is 404)."""
    if not is_staff(user):
        raise PermissionDenied(_("此功能仅供干部管理工作人员使用。"))


def require_org_wide(user, message: str | None = None) -> None:
    """County-wide work (courses, the burden-reduction register, top-level units): 403 to anyone else."""
    if not is_org_wide(user):
        raise PermissionDenied(message or _("此功能由组织部统一管理。"))


# ---------------------------------------------------------------- scopes


@dataclass(frozen=True)
class Scope:
    """Which cadres and units a reader may reach.

    ``everything``: no limit. ``manager_id``: the subtrees of the units this user manages (unit HR).
    ``cadre_id``: this cadre's own record. ``cadre_unit``: also the cadre's own unit (a cadre's view of the
    unit list). ``not_cadre_id``: never this cadre (staff never change their own record).
    """

    everything: bool = False
    manager_id: int | None = None
    cadre_id: int | None = None
    cadre_unit: bool = False
    not_cadre_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.manager_id or self.cadre_id)

    def managed_unit_queryset(self) -> QuerySet:
        """The units of the managed subtrees (none for a scope without them; all for ``everything``)."""
        from cadres.models import Unit

        if self.everything:
            return Unit.objects.all()
        if not self.manager_id:
            return Unit.objects.none()
        managed_ancestor = User.managed_units.through.objects.filter(user_id=self.manager_id).filter(
            StartsWith(OuterRef("path"), F("unit__path"))
        )
        return Unit.objects.filter(Exists(managed_ancestor))

    def unit_queryset(self) -> QuerySet:
        """Every unit of the scope, as a queryset (a subquery when used in a filter)."""
        from cadres.models import Unit

        if self.everything or not self.cadre_unit or not self.cadre_id:
            return self.managed_unit_queryset()
        own_unit = Unit.objects.filter(cadres=self.cadre_id).values("pk")[:1]
        if self.manager_id:
            return Unit.objects.filter(Q(pk__in=self.managed_unit_queryset().values("pk")) | Q(pk=own_unit))
        return Unit.objects.filter(pk=own_unit)

    def units(self, via: str = "") -> Q:
        """A Q over a model reaching a unit through ``via`` ("" for Unit itself, "unit__" for others)."""
        if self.everything:
            return Q()
        if self.is_empty:
            return NOTHING
        return Q(**{f"{via}in" if via else "pk__in": self.unit_queryset()})

    def managed_units(self, via: str = "") -> Q:
        """Like ``units`` but only the managed subtrees (never a cadre's own unit)."""
        if self.everything:
            return Q()
        if not self.manager_id:
            return NOTHING
        return Q(**{f"{via}in" if via else "pk__in": self.managed_unit_queryset()})

    def cadres(self, via: str = "") -> Q:
        """A Q over a model reaching a cadre through ``via`` ("" for Cadre itself, "cadre__" for others)."""
        if self.is_empty:
            return NOTHING
        parts = []
        if self.manager_id and not self.everything:
            parts.append(Q(**{f"{via}unit__in": self.managed_unit_queryset()}))
        if self.cadre_id and not self.everything:
            parts.append(Q(**{f"{via}pk": self.cadre_id}))
        condition = Q()
        for part in parts:
            condition = part if not condition else condition | part
        if self.not_cadre_id:
            condition &= ~Q(**{f"{via}pk": self.not_cadre_id})
        return condition

    def q_for(self, model: type[Model]) -> Q:
        """The scope as a Q over ``model``, by the path registered for it (see ``register_path``)."""
        label = model._meta.label
        if label in _CUSTOM_SCOPES:
            return _CUSTOM_SCOPES[label](self)
        kind, via = path_of(model)
        return self.cadres(via) if kind == "cadre" else self.units(via)

    def filter(self, queryset: QuerySet) -> QuerySet:
        """``queryset`` limited to the scope."""
        return queryset.filter(self.q_for(queryset.model))


EVERYTHING = Scope(everything=True)
EMPTY = Scope()


def scope(user, action: Action = Action.VIEW) -> Scope:
    """What ``user`` may reach for ``action`` (VIEW or CHANGE; other actions are decided per record)."""
    if not _active(user):
        return EMPTY
    own = user.cadre_id or None
    if action == Action.VIEW:
        if is_org_wide(user):
            return EVERYTHING
        if is_unit_hr(user):
            # One's own record outside the managed units is read through "我的档案" (own_cadre_get), not here.
            return Scope(manager_id=user.pk)
        if own and user.role == Role.CADRE:
            return Scope(cadre_id=own, cadre_unit=True)
        return EMPTY
    if action == Action.CHANGE:
        if is_org_wide(user):
            return Scope(everything=True, not_cadre_id=own)
        if is_unit_hr(user):
            return Scope(manager_id=user.pk, not_cadre_id=own)
        return EMPTY
    if action == Action.MANAGE:
        return EVERYTHING if is_org_wide(user) else EMPTY
    raise ValueError(f"scope() answers VIEW, CHANGE or MANAGE, not {action}")


def restrict(queryset: QuerySet, user, action: Action = Action.VIEW) -> QuerySet:
    """``queryset`` limited to what ``user`` may reach for ``action`` (NetBox's ``restrict``)."""
    return scope(user, action).filter(queryset)


def visible_units(user) -> QuerySet:
    """The units whose cadres the user may see (all units for org-wide roles)."""
    return scope(user).unit_queryset()


# ---------------------------------------------------------------- how a model reaches a cadre or a unit

# label → ("cadre" | "unit", lookup prefix). Models with a ``cadre`` or ``unit`` foreign key need no entry.
_PATHS: dict[str, tuple[str, str]] = {
    "cadres.Cadre": ("cadre", ""),
    "cadres.Unit": ("unit", ""),
    "careers.FaultToleranceCase": ("cadre", "record__cadre__"),
    "care.Flat": ("unit", "building__unit__"),
    "training.Attendance": ("cadre", "enrolment__cadre__"),
    "postings.PostingExtension": ("cadre", "posting__cadre__"),
    "postings.PostingMonthlyPresence": ("cadre", "posting__cadre__"),
    "postings.PostingReminder": ("cadre", "posting__cadre__"),
}
_CUSTOM_SCOPES: dict = {}


def register_path(model: type[Model] | str, *, cadre: str | None = None, unit: str | None = None) -> None:
    """Say how a model reaches a cadre (``cadre="record__cadre"``) or a unit, for ``restrict`` and ``may``.

    Needed only when the model has no ``cadre`` (or, failing that, ``unit``) foreign key of its own.
    """
    label = model if isinstance(model, str) else model._meta.label
    if (cadre is None) == (unit is None):
        raise ValueError("give exactly one of cadre= or unit=")
    _PATHS[label] = ("cadre", f"{cadre}__") if cadre is not None else ("unit", f"{unit}__")


def path_of(model: type[Model]) -> tuple[str, str]:
    """("cadre" | "unit", lookup prefix) for ``model``."""
    label = model._meta.label
    if label in _PATHS:
        return _PATHS[label]
    names = {field.name for field in model._meta.get_fields()}
    if "cadre" in names:
        return ("cadre", "cadre__")
    if "unit" in names:
        return ("unit", "unit__")
    raise LookupError(f"{label} reaches no cadre or unit: register its path with accounts.policy.register_path")


def _follow(obj, via: str):
    for name in via.split("__"):
        if name:
            obj = getattr(obj, name)
    return obj


def _posting_scope(scope_: Scope) -> Q:
    """A posting is seen by whoever sees its cadre, and by the HR of the host unit."""
    if scope_.everything or not scope_.manager_id:
        return scope_.cadres("cadre__")
    return scope_.cadres("cadre__") | scope_.managed_units("host_unit__")


_CUSTOM_SCOPES["postings.Posting"] = _posting_scope


# ---------------------------------------------------------------- record checks


def _managed_paths(user) -> tuple[str, ...]:
    """The materialized paths of the units a unit-HR user manages (one query, kept on the user object)."""
    cached = getattr(user, "_policy_managed_paths", None)
    if cached is None:
        cached = tuple(user.managed_units.values_list("path", flat=True)) if user.pk else ()
        user._policy_managed_paths = cached
    return cached


def manages_unit(user, unit) -> bool:
    """Whether ``unit`` lies in the subtrees ``user`` works on (org-wide users: every unit)."""
    if unit is None or not is_staff(user):
        return False
    if is_org_wide(user):
        return True
    return any(unit.path.startswith(path) for path in _managed_paths(user))


def is_own(user, cadre) -> bool:
    """Whether ``cadre`` is the record of the login itself."""
    return cadre is not None and bool(user.cadre_id) and cadre.pk == user.cadre_id


def _cadre_and_unit(obj) -> tuple[object | None, object | None]:
    """The cadre a record is about (or None) and the unit it belongs to."""
    label = obj._meta.label
    if label == "cadres.Cadre":
        return obj, obj.unit
    if label == "cadres.Unit":
        return None, obj
    kind, via = path_of(type(obj))
    target = _follow(obj, via.removesuffix("__"))
    if kind == "cadre":
        return target, target.unit
    return None, target


def may(user, action: Action, obj) -> bool:
    """Whether ``user`` may do ``action`` to ``obj`` (a cadre, a unit, or a record reaching one)."""
    if not _active(user):
        return False
    if action == Action.MANAGE:
        return is_org_wide(user)
    if obj._meta.label == "postings.Posting" and action in (Action.DIRECT, Action.HOST, Action.CHANGE):
        return _may_posting(user, action, obj)
    cadre, unit = _cadre_and_unit(obj)
    if action == Action.VIEW:
        return is_org_wide(user) or is_own(user, cadre) or manages_unit(user, unit) or _own_unit(user, cadre, unit)
    if action == Action.SELF_SERVICE:
        return is_own(user, cadre)
    if action in (Action.CHANGE, Action.VIEW_INTERNAL, Action.DIRECT, Action.HOST):
        return not is_own(user, cadre) and manages_unit(user, unit)
    raise ValueError(f"unknown action {action}")


def _own_unit(user, cadre, unit) -> bool:
    """A cadre sees his or her own unit (not its people)."""
    return (
        cadre is None
        and unit is not None
        and user.role == Role.CADRE
        and bool(user.cadre_id)
        and (unit.cadres.filter(pk=user.cadre_id).exists())
    )


def _may_posting(user, action: Action, posting) -> bool:
    """Home side (the cadre's unit or the sending unit) directs; the host side records presence and evaluation."""
    if is_own(user, posting.cadre):
        return False
    home = manages_unit(user, posting.cadre.unit) or manages_unit(user, posting.home_unit)
    if action == Action.DIRECT:
        return home
    return home or manages_unit(user, posting.host_unit)


def require(user, action: Action, obj, *, field: str | None = None, message: str | None = None) -> None:
    """Raise unless ``may(user, action, obj)``.

    With ``field``: a ValidationError on that field (a form or API field naming an out-of-scope cadre or
    unit; the same answer as an id that does not exist). Without: PermissionDenied.
    """
    if may(user, action, obj):
        return
    if message is None and is_own(user, _cadre_and_unit(obj)[0]) and action != Action.VIEW:
        message = _("不能以工作人员身份办理本人的事项。")
    if message is None:
        message = (
            _("该单位不在您的管理范围内。")
            if obj._meta.label == "cadres.Unit"
            else _("该干部不在您的管理范围内。")
            if obj._meta.label == "cadres.Cadre"
            else _("您没有办理此事项的权限。")
        )
    if field:
        raise ValidationError({field: [message]})
    raise PermissionDenied(message)
