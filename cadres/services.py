"""Every write to units and cadres: validated, scoped to the actor, atomic and recorded in the history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import User
from accounts.policy import Action
from cadres.models import Cadre, Unit
from core.integrity import save_or_refuse

CADRE_WRITABLE_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "id_number",
    "native_place",
    "education_full_time",
    "education_in_service",
    "political_status",
    "party_join_date",
    "work_start_date",
    "category",
    "unit",
    "post_title",
    "post_date",
    "leadership_level",
    "rank",
    "rank_date",
    "status",
    "phone",
)
UNIT_WRITABLE_FIELDS = ("code", "name", "parent", "kind", "is_township", "headcount", "sort_order", "is_active")


def _require_unit_in_scope(*, actor: User, unit: Unit | None, field: str = "unit") -> None:
    if not policy.is_staff(actor):
        raise PermissionDenied(_("您没有修改干部档案的权限。"))
    if unit is not None:
        policy.require(actor, Action.CHANGE, unit, field=field)


def _save(instance, *, actor: User, reason: str) -> None:
    """full_clean, save with who and why in the history, and turn a race on a unique field into a field
    error instead of a 500. The actor is recorded even outside a request (jobs, imports, the shell)."""
    instance.full_clean()
    instance._history_user = actor
    instance._change_reason = reason or ""
    # PostgreSQL names the unique index (…_key); SQLite names the column (table.column).
    duplicate_id_number = {"id_number": _("该身份证号已存在。")}
    duplicate_code = {"code": _("该单位编码已存在。")}
    duplicates = {
        "cadres_cadre_id_number_key": duplicate_id_number,
        "cadres_cadre.id_number": duplicate_id_number,
        "cadres_unit_code_key": duplicate_code,
        "cadres_unit.code": duplicate_code,
    }
    save_or_refuse(instance, messages=duplicates)


@transaction.atomic
def cadre_create(*, actor: User, data: dict, reason: str = "") -> Cadre:
    """Create a cadre in a unit the actor manages."""
    _require_unit_in_scope(actor=actor, unit=data.get("unit"))
    cadre = Cadre(**{field: value for field, value in data.items() if field in CADRE_WRITABLE_FIELDS})
    _save(cadre, actor=actor, reason=reason)
    return cadre


@transaction.atomic
def cadre_update(*, actor: User, cadre: Cadre, data: dict, reason: str = "") -> Cadre:
    """Change a cadre's record. Both the old and the new unit must be in the actor's scope, and the record
    is not the actor's own."""
    _require_unit_in_scope(actor=actor, unit=cadre.unit)
    policy.require(actor, Action.CHANGE, cadre)
    if "unit" in data:
        _require_unit_in_scope(actor=actor, unit=data["unit"])
    changed = False
    for field, value in data.items():
        if field in CADRE_WRITABLE_FIELDS and getattr(cadre, field) != value:
            setattr(cadre, field, value)
            changed = True
    if changed:
        _save(cadre, actor=actor, reason=reason)
    return cadre


@transaction.atomic
def unit_create(*, actor: User, data: dict, reason: str = "") -> Unit:
    """Create a unit. Unit HR may add units only below the units they manage."""
    parent = data.get("parent")
    if not policy.is_org_wide(actor):
        if parent is None:
            raise ValidationError({"parent": _("请选择上级单位。")})
        _require_unit_in_scope(actor=actor, unit=parent, field="parent")
    unit = Unit(**{field: value for field, value in data.items() if field in UNIT_WRITABLE_FIELDS})
    _save(unit, actor=actor, reason=reason)
    return unit


def _check_move(*, actor: User, unit: Unit, parent: Unit | None) -> None:
    """A unit's parent may change only within the actor's subtree; only org staff make or move a top-level
    unit, or move a unit the actor manages out from under its parent (issue 14.6)."""
    if policy.is_org_wide(actor):
        return
    if parent is None:
        raise ValidationError({"parent": _("只有组织部工作人员可以设置顶级单位；请选择上级单位。")})
    if unit.parent is None or not policy.may(actor, Action.CHANGE, unit.parent):
        raise ValidationError({"parent": _("该单位的上级单位不在您的管理范围内，不能调整其隶属关系。")})
    policy.require(actor, Action.CHANGE, parent, field="parent")


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, data: dict, reason: str = "") -> Unit:
    _require_unit_in_scope(actor=actor, unit=unit)
    parent = data.get("parent", unit.parent)
    if parent is not None and parent.path.startswith(unit.path or "\0"):
        raise ValidationError({"parent": _("上级单位不能是本单位或其下级单位。")})
    if (parent.pk if parent else None) != unit.parent_id:
        _check_move(actor=actor, unit=unit, parent=parent)
    for field, value in data.items():
        if field in UNIT_WRITABLE_FIELDS:
            setattr(unit, field, value)
    _save(unit, actor=actor, reason=reason)
    return unit
