"""Every write to units and cadres: validated, scoped to the actor, atomic and recorded in the history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import User
from accounts.policy import Action
from cadres.models import Cadre, EducationRecord, FamilyMember, Unit
from core.history import atomic_with_history
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


@atomic_with_history
def cadre_create(*, actor: User, data: dict, reason: str = "") -> Cadre:
    """Create a cadre in a unit the actor manages."""
    _require_unit_in_scope(actor=actor, unit=data.get("unit"))
    cadre = Cadre(**{field: value for field, value in data.items() if field in CADRE_WRITABLE_FIELDS})
    _save(cadre, actor=actor, reason=reason)
    return cadre


@atomic_with_history
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


@atomic_with_history
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


@atomic_with_history
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


# ---------------------------------------------------------------- a cadre's family and education (任免审批表)

FAMILY_MEMBER_FIELDS = ("relation", "name", "birth_date", "political_status", "work_unit_and_post", "sort_order")
EDUCATION_RECORD_FIELDS = ("kind", "level", "degree", "school_and_major", "start_date", "end_date")


def _save_cadre_record(instance, *, actor: User, fields: tuple[str, ...], data: dict, reason: str):
    """Write a record about a cadre (family member, education): the actor must be allowed to change that
    cadre's record as staff; the model validates; who and why go into the history."""
    policy.require(actor, Action.CHANGE, instance.cadre)
    for field in fields:
        if field in data:
            setattr(instance, field, data[field])
    instance.full_clean()
    instance._history_user = actor
    instance._change_reason = reason or ""
    save_or_refuse(instance)
    return instance


def _delete_cadre_record(instance, *, actor: User, reason: str) -> None:
    policy.require(actor, Action.CHANGE, instance.cadre)
    instance._history_user = actor
    instance._change_reason = reason or ""
    instance.delete()


def _check_birth_date(birth_date, *, today) -> None:
    if birth_date is not None and birth_date > today:
        raise ValidationError({"birth_date": _("出生日期不能晚于今天。")})


@atomic_with_history
def family_member_create(*, actor: User, cadre: Cadre, data: dict, reason: str = "") -> FamilyMember:
    """Add a family member or important social relation to a cadre's record."""
    _check_birth_date(data.get("birth_date"), today=timezone.localdate())
    return _save_cadre_record(
        FamilyMember(cadre=cadre), actor=actor, fields=FAMILY_MEMBER_FIELDS, data=data, reason=reason
    )


@atomic_with_history
def family_member_update(*, actor: User, member: FamilyMember, data: dict, reason: str = "") -> FamilyMember:
    _check_birth_date(data.get("birth_date"), today=timezone.localdate())
    return _save_cadre_record(member, actor=actor, fields=FAMILY_MEMBER_FIELDS, data=data, reason=reason)


@atomic_with_history
def family_member_delete(*, actor: User, member: FamilyMember, reason: str = "") -> None:
    _delete_cadre_record(member, actor=actor, reason=reason)


def _check_education(cadre: Cadre, data: dict) -> None:
    start = data.get("start_date")
    if start is not None and cadre.birth_date and start <= cadre.birth_date:
        raise ValidationError({"start_date": _("入学时间应晚于出生日期。")})


@atomic_with_history
def education_record_create(*, actor: User, cadre: Cadre, data: dict, reason: str = "") -> EducationRecord:
    """Add a stretch of full-time or in-service education to a cadre's record."""
    _check_education(cadre, data)
    return _save_cadre_record(
        EducationRecord(cadre=cadre), actor=actor, fields=EDUCATION_RECORD_FIELDS, data=data, reason=reason
    )


@atomic_with_history
def education_record_update(*, actor: User, record: EducationRecord, data: dict, reason: str = "") -> EducationRecord:
    _check_education(record.cadre, data)
    return _save_cadre_record(record, actor=actor, fields=EDUCATION_RECORD_FIELDS, data=data, reason=reason)


@atomic_with_history
def education_record_delete(*, actor: User, record: EducationRecord, reason: str = "") -> None:
    _delete_cadre_record(record, actor=actor, reason=reason)
