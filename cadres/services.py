"""Every write to units and cadres: validated, scoped to the actor, atomic and recorded in the history."""

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.models import User
from accounts.policy import Action
from cadres.choices import CorrectionStatus
from cadres.models import (
    UNIT_PATH_MAX_DEPTH,
    Cadre,
    CorrectionRequest,
    EducationRecord,
    FamilyMember,
    Unit,
    unit_too_deep_message,
)
from core.history import atomic_with_history
from core.integrity import save_or_refuse
from core.versions import check_version

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
    "sort_order",
)
# A cadre's career fields (现任职务、职务层次、职级 and their dates, and the unit): set when the record is
# created, and after that written only by the careers services (an appointment or a rank change, with its
# document), through ``career_fields_write`` (issue 10.2: one owner for each field).
CAREER_FIELDS = ("unit", "post_title", "post_date", "leadership_level", "rank", "rank_date")
CAREER_FIELD_ROUTE = {
    "unit": gettext_lazy("调整工作单位请办理任免（调任/转任）。"),
    "post_title": gettext_lazy("现任职务的变动请办理任免。"),
    "post_date": gettext_lazy("任现职务时间随任免记录变动，请办理任免。"),
    "leadership_level": gettext_lazy("职务层次的变动请办理任免。"),
    "rank": gettext_lazy("职级的变动请办理职级变动（晋升、降低、套转或恢复）。"),
    "rank_date": gettext_lazy("任现职级时间随职级变动记录变动，请办理职级变动。"),
}
UNIT_WRITABLE_FIELDS = ("code", "name", "parent", "kind", "is_township", "headcount", "sort_order", "is_active")


def _require_unit_in_scope(*, actor: User, unit: Unit | None, field: str = "unit") -> None:
    if not policy.is_staff(actor):
        raise PermissionDenied(_("您没有修改干部档案的权限。"))
    if unit is not None:
        policy.require(actor, Action.CHANGE, unit, field=field)


def _save(instance, *, actor: User, reason: str, update_fields: list[str] | None = None) -> None:
    """full_clean, save with who and why in the history, and turn a race on a unique field into a field
    error instead of a 500. The actor is recorded even outside a request (jobs, imports, the shell).
    ``update_fields``: write only these columns (an edit writes what it changed, nothing it merely read)."""
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
    save_or_refuse(instance, messages=duplicates, update_fields=update_fields)


@atomic_with_history
def cadre_create(*, actor: User, data: dict, reason: str = "") -> Cadre:
    """Create a cadre in a unit the actor manages."""
    _require_unit_in_scope(actor=actor, unit=data.get("unit"))
    cadre = Cadre(**{field: value for field, value in data.items() if field in CADRE_WRITABLE_FIELDS})
    _save(cadre, actor=actor, reason=reason)
    return cadre


def _locked(model, pk: int):
    """The row, locked for this transaction (only its own row: ``of=("self",)``, issue 10.5)."""
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def _write_changes(
    instance, *, locked, actor: User, data: dict, fields: tuple[str, ...], reason: str, expected_version: str | None
):
    """Apply ``data`` to the locked row and save only the fields that changed; refuse a stale edit.

    Returns the locked instance, updated; nothing is written when nothing changed.
    """
    check_version(locked, expected_version)
    changed = [field for field in fields if field in data and getattr(locked, field) != data[field]]
    for field in changed:
        setattr(locked, field, data[field])
    if changed:
        field_names = [locked._meta.get_field(field).name for field in changed]
        _save(locked, actor=actor, reason=reason, update_fields=[*field_names, "updated_at"])
    if instance is not locked:  # the caller's copy shows what was written
        for field in locked._meta.concrete_fields:
            setattr(instance, field.attname, getattr(locked, field.attname))
        instance._state.fields_cache.clear()
    return locked


@atomic_with_history
def cadre_update(
    *, actor: User, cadre: Cadre, data: dict, reason: str = "", expected_version: str | None = None
) -> Cadre:
    """Change a cadre's record, other than the career fields (``CAREER_FIELDS``, written by the careers
    services only). The record must be in the actor's scope and not the actor's own.

    The row is locked, ``expected_version`` (the version the editor opened, ``core.versions``) is checked,
    and only the fields that changed are written. Errors: ``PermissionDenied``/``Http404`` out of scope;
    ``ValidationError`` naming a career field that was changed; ``StaleRecord`` when the row changed since.
    """
    _require_unit_in_scope(actor=actor, unit=cadre.unit)
    policy.require(actor, Action.CHANGE, cadre)
    if "unit" in data:
        _require_unit_in_scope(actor=actor, unit=data["unit"])
    locked = _locked(Cadre, cadre.pk)
    career_changes = {
        field: [ValidationError(str(CAREER_FIELD_ROUTE[field]), code="career_field")]
        for field in CAREER_FIELDS
        if field in data and getattr(locked, field) != data[field]
    }
    if career_changes:
        check_version(locked, expected_version)  # a stale form's old rank is stale, not a career edit
        raise ValidationError(career_changes)
    return _write_changes(
        cadre,
        locked=locked,
        actor=actor,
        data=data,
        fields=CADRE_WRITABLE_FIELDS,
        reason=reason,
        expected_version=expected_version,
    )


@atomic_with_history
def career_fields_write(*, actor: User, cadre: Cadre, data: dict, reason: str) -> Cadre:
    """Bring a cadre's career fields in step with an appointment or rank change (for ``careers.services``
    only: the one writer of ``CAREER_FIELDS`` after a record is created). The caller has checked the
    actor and holds the row lock; a new unit must still be in the actor's scope.
    """
    policy.require(actor, Action.CHANGE, cadre)
    if "unit" in data:
        _require_unit_in_scope(actor=actor, unit=data["unit"])
    unknown = set(data) - set(CAREER_FIELDS)
    if unknown:
        raise ValueError(f"not career fields: {sorted(unknown)}")
    return _write_changes(
        cadre,
        locked=_locked(Cadre, cadre.pk),
        actor=actor,
        data=data,
        fields=CAREER_FIELDS,
        reason=reason,
        expected_version=None,
    )


@atomic_with_history
def unit_create(*, actor: User, data: dict, reason: str = "") -> Unit:
    """Create a unit. Unit HR may add units only below the units they manage."""
    parent = data.get("parent")
    if not policy.is_org_wide(actor):
        if parent is None:
            raise ValidationError({"parent": _("请选择上级单位。")})
        _require_unit_in_scope(actor=actor, unit=parent, field="parent")
    _check_depth(parent=parent)
    unit = Unit(**{field: value for field, value in data.items() if field in UNIT_WRITABLE_FIELDS})
    _save(unit, actor=actor, reason=reason)
    return unit


def _check_depth(*, parent: Unit | None, unit: Unit | None = None) -> None:
    """A unit placed under ``parent`` (a new one, or ``unit`` moved with the units below it) must not take the
    tree deeper than ``Unit.path`` holds (``UNIT_PATH_MAX_DEPTH`` levels): refused as a field error, before
    anything is written, instead of the database's refusal of a path too long for its column."""
    if parent is None:
        return
    levels = parent.depth + 2 + (unit.levels_below() if unit is not None else 0)
    if levels > UNIT_PATH_MAX_DEPTH:
        raise ValidationError({"parent": unit_too_deep_message(levels)})


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
def unit_update(*, actor: User, unit: Unit, data: dict, reason: str = "", expected_version: str | None = None) -> Unit:
    """Change a unit. A new parent must lie within the actor's subtree, never inside the unit itself; the
    row is locked, a stale edit refused (``StaleRecord``) and only the changed fields written."""
    _require_unit_in_scope(actor=actor, unit=unit)
    locked = _locked(Unit, unit.pk)
    check_version(locked, expected_version)
    parent = data.get("parent", locked.parent)
    if parent is not None and parent.path.startswith(locked.path or "\0"):
        raise ValidationError({"parent": _("上级单位不能是本单位或其下级单位。")})
    if (parent.pk if parent else None) != locked.parent_id:
        _check_move(actor=actor, unit=locked, parent=parent)
        _check_depth(parent=parent, unit=locked)
    return _write_changes(
        unit,
        locked=locked,
        actor=actor,
        data=data,
        fields=UNIT_WRITABLE_FIELDS,
        reason=reason,
        expected_version=expected_version,
    )


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


# ---------------------------------------------------------------- correction requests (更正申请)


def _record_value(cadre: Cadre, item: str) -> str:
    """What the record says for ``item``: the display text of the cadre's field, "" for a list (任职经历…)."""
    try:
        field = Cadre._meta.get_field(item)
    except FieldDoesNotExist:
        return ""
    if field.choices:
        return str(getattr(cadre, f"get_{item}_display")() or "")
    value = getattr(cadre, field.attname)
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


@atomic_with_history(reason=gettext_lazy("更正申请"))
def correction_request_create(*, actor: User, item: str, requested_value: str, reason: str) -> CorrectionRequest:
    """A cadre asks for a correction of his or her own record (issue 15.9); only for the linked cadre.

    Raises PermissionDenied for a login without a cadre, ValidationError (Chinese, by field) when the same
    item already waits for an answer or a field is missing.
    """
    if not actor.cadre_id:
        raise PermissionDenied(_("只有本人可以申请更正档案。"))
    cadre = Cadre.objects.get(pk=actor.cadre_id)
    if CorrectionRequest.objects.filter(cadre=cadre, item=item, status=CorrectionStatus.PENDING).exists():
        raise ValidationError({"item": _("该项已有待处理的更正申请，请等待处理结果。")})
    request = CorrectionRequest(
        cadre=cadre,
        item=item,
        current_value=_record_value(cadre, item)[:200],
        requested_value=requested_value,
        reason=reason,
        submitted_by=actor,
    )
    request.full_clean()
    request.save()
    return request


@atomic_with_history
def correction_request_handle(
    *, actor: User, correction: CorrectionRequest, accept: bool, reply: str
) -> CorrectionRequest:
    """Staff accept or reject a pending request (with a reply the cadre reads); kept in its history.

    Raises PermissionDenied unless the actor may change the cadre, ValidationError when it was already
    handled (by someone else in the meantime: the row is locked first) or a rejection gives no reason.
    """
    if not policy.is_staff(actor):
        raise PermissionDenied(_("您没有处理更正申请的权限。"))
    policy.require(actor, Action.CHANGE, correction.cadre)
    locked = _locked(CorrectionRequest, correction.pk)
    if locked.status != CorrectionStatus.PENDING:
        raise ValidationError(_("该申请已处理（%(status)s），不能再次处理。") % {"status": locked.get_status_display()})
    if not accept and not reply.strip():
        raise ValidationError({"reply": _("不予采纳时请填写处理意见。")})
    locked.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REJECTED
    locked.reply = reply.strip()
    locked.handled_by = actor
    locked.handled_at = timezone.now()
    locked.save()
    return locked
