"""Every write of the care app: ``<entity>_<verb>(*, actor, ...)``, atomic, validated, kept in the history.

Bad input raises a django ValidationError in Chinese and writes nothing. Races end at the database
constraints (one current tenant per flat, one per cadre, non-negative pay...), and an IntegrityError
becomes the same clear message as the check before it.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from accounts import policy
from accounts.models import User
from cadres.models import Cadre, Unit
from care import rules, selectors
from care.choices import ApplicationStatus, FlatStatus, InspectionStatus, LeaveKind
from care.models import (
    Building,
    Flat,
    HealthCheck,
    HousingApplication,
    InspectionItem,
    LeaveRecord,
    PayRecord,
    Tenancy,
)
from core.history import atomic_with_history, bulk_update_with_history
from core.integrity import save_or_refuse

BUILDING_FIELDS = ("name", "unit", "address")
FLAT_FIELDS = ("building", "number", "area", "rooms", "status")
APPLICATION_FACTOR_FIELDS = (
    "township_post",
    "first_secretary",
    "distance_km",
    "spouse_elsewhere",
    "dependent_children",
    "family_hardship",
)
APPLICATION_FIELDS = ("applied_on", *APPLICATION_FACTOR_FIELDS, "family_note")
HEALTH_CHECK_FIELDS = ("check_date", "provider", "done", "follow_up_needed")
LEAVE_FIELDS = ("kind", "start_date", "end_date", "days", "pay_deducted", "note")
INSPECTION_FIELDS = ("title", "issuing_body", "frequency", "year")


def _flat_messages() -> dict[str, dict]:
    return {
        "unique_number": {"number": _("该楼栋已有此房号。")},
        "rooms_at_least_one": {"rooms": _("居室数至少为1。")},
        "area_positive": {"area": _("面积必须大于0。")},
    }


def _flat_taken_message() -> str:
    return _("该住房已有在住人员，不能重复分配。")


# ---------------------------------------------------------------- who may write


def _require_staff(actor: User) -> None:
    if not policy.is_staff(actor):
        raise PermissionDenied(_("您没有办理关心关爱事项的权限。"))


def _require_cadre_in_scope(*, actor: User, cadre: Cadre, field: str = "cadre") -> None:
    _require_staff(actor)
    policy.require(actor, policy.Action.CHANGE, cadre, field=field)


def _require_unit_in_scope(*, actor: User, unit: Unit, field: str = "unit") -> None:
    _require_staff(actor)
    policy.require(actor, policy.Action.CHANGE, unit, field=field)


def _require_org_staff(actor: User) -> None:
    policy.require_org_wide(actor, _("督查检查考核事项由组织部统一管理。"))


def _save(instance, *, reason: str = "", unique_messages: dict[str, dict] | None = None) -> None:
    """full_clean (without the DB-level constraint checks the messages below cover), save, record the reason.

    A constraint the database refuses becomes the message whose marker is in the constraint's name (see
    core.integrity); any other refused constraint becomes the constraint's own message. Nothing is written.
    """
    instance.full_clean(validate_constraints=False)
    save_or_refuse(instance, messages=unique_messages)
    if reason:
        update_change_reason(instance, reason)


def _assign(instance, data: dict, fields: tuple[str, ...]) -> bool:
    changed = False
    for name, value in data.items():
        if name in fields and getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


# ---------------------------------------------------------------- turnover housing


@atomic_with_history
def building_create(*, actor: User, data: dict, reason: str = "") -> Building:
    _require_staff(actor)
    if not data.get("unit"):
        raise ValidationError({"unit": _("请选择所在乡镇/单位。")})
    _require_unit_in_scope(actor=actor, unit=data["unit"])
    building = Building(**{k: v for k, v in data.items() if k in BUILDING_FIELDS})
    _save(building, reason=reason, unique_messages={"unique_name": {"name": _("该单位已有同名楼栋。")}})
    return building


@atomic_with_history
def building_update(*, actor: User, building: Building, data: dict, reason: str = "") -> Building:
    _require_unit_in_scope(actor=actor, unit=building.unit)
    if "unit" in data:
        _require_unit_in_scope(actor=actor, unit=data["unit"])
    if _assign(building, data, BUILDING_FIELDS):
        _save(building, reason=reason, unique_messages={"unique_name": {"name": _("该单位已有同名楼栋。")}})
    return building


@atomic_with_history
def flat_create(*, actor: User, data: dict, reason: str = "") -> Flat:
    building = data.get("building")
    if building is None:
        raise ValidationError({"building": _("请选择楼栋。")})
    _require_unit_in_scope(actor=actor, unit=building.unit, field="building")
    if data.get("status", FlatStatus.AVAILABLE) == FlatStatus.OCCUPIED:
        raise ValidationError({"status": _("新登记的住房不能直接设为已入住，请通过分配办理入住。")})
    flat = Flat(**{k: v for k, v in data.items() if k in FLAT_FIELDS})
    _save(flat, reason=reason, unique_messages=_flat_messages())
    return flat


@atomic_with_history
def flat_update(*, actor: User, flat: Flat, data: dict, reason: str = "") -> Flat:
    """Change a flat. Its status follows its tenancies: occupied only through allocation, and an occupied
    flat cannot be sent to maintenance or retired before its tenant moves out."""
    flat = Flat.objects.select_for_update(of=("self",)).select_related("building__unit").get(pk=flat.pk)
    _require_unit_in_scope(actor=actor, unit=flat.building.unit, field="building")
    if "building" in data:
        _require_unit_in_scope(actor=actor, unit=data["building"].unit, field="building")
    new_status = data.get("status", flat.status)
    has_tenant = flat.tenancies.filter(end_date__isnull=True).exists()
    if new_status != flat.status:
        if new_status == FlatStatus.OCCUPIED:
            raise ValidationError({"status": _("“已入住”状态由分配入住自动设置，不能手工修改。")})
        if has_tenant:
            raise ValidationError({"status": _("该住房有人在住，请先办理退房。")})
    if _assign(flat, data, FLAT_FIELDS):
        _save(flat, reason=reason, unique_messages=_flat_messages())
    return flat


def _score(application: HousingApplication) -> None:
    factors = rules.HousingFactors(**{name: getattr(application, name) for name in APPLICATION_FACTOR_FIELDS})
    priority = rules.housing_priority(factors, settings.CARE_HOUSING_PRIORITY_WEIGHTS)
    application.priority_score = priority.score
    application.priority_parts = [[name, points] for name, points in priority.parts]


@atomic_with_history
def application_create(*, actor: User, cadre: Cadre, data: dict, reason: str = "") -> HousingApplication:
    """File an application for a cadre; its priority is scored from the declared factors."""
    _require_cadre_in_scope(actor=actor, cadre=cadre)
    application = HousingApplication(cadre=cadre, **{k: v for k, v in data.items() if k in APPLICATION_FIELDS})
    if application.applied_on is None:
        application.applied_on = timezone.localdate()
    if HousingApplication.objects.filter(cadre=cadre, status__in=["pending", "waiting"]).exists():
        raise ValidationError({"cadre": _("该干部已有待审核或轮候中的申请。")})
    _score(application)
    _save(application, reason=reason, unique_messages={"one_open": {"cadre": _("该干部已有待审核或轮候中的申请。")}})
    return application


@atomic_with_history
def application_update(
    *, actor: User, application: HousingApplication, data: dict, reason: str = ""
) -> HousingApplication:
    """Correct an open application's factors; the priority is scored again."""
    application = (
        HousingApplication.objects.select_for_update(of=("self",)).select_related("cadre__unit").get(pk=application.pk)
    )
    _require_cadre_in_scope(actor=actor, cadre=application.cadre)
    if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.WAITING):
        raise ValidationError(_("只能修改待审核或轮候中的申请。"))
    if _assign(application, data, APPLICATION_FIELDS):
        _score(application)
        _save(application, reason=reason)
    return application


@atomic_with_history
def application_decide(
    *, actor: User, application: HousingApplication, approve: bool, note: str = ""
) -> HousingApplication:
    """Approve a pending application onto the waiting list, or reject it (with a note)."""
    application = (
        HousingApplication.objects.select_for_update(of=("self",)).select_related("cadre__unit").get(pk=application.pk)
    )
    _require_cadre_in_scope(actor=actor, cadre=application.cadre)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("只能审核待审核状态的申请。"))
    if not approve and not note.strip():
        raise ValidationError({"decision_note": _("不予通过时请填写审核意见。")})
    application.status = ApplicationStatus.WAITING if approve else ApplicationStatus.REJECTED
    application.decision_note = note.strip()
    _save(application, reason=_("审核通过，进入轮候") if approve else _("审核未通过"))
    return application


@atomic_with_history
def application_withdraw(*, actor: User, application: HousingApplication, note: str = "") -> HousingApplication:
    application = (
        HousingApplication.objects.select_for_update(of=("self",)).select_related("cadre__unit").get(pk=application.pk)
    )
    _require_cadre_in_scope(actor=actor, cadre=application.cadre)
    if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.WAITING):
        raise ValidationError(_("只能撤回待审核或轮候中的申请。"))
    application.status = ApplicationStatus.WITHDRAWN
    application.decision_note = note.strip()
    _save(application, reason=_("撤回申请"))
    return application


@atomic_with_history
def application_rescore(*, actor: User) -> int:
    """Score every open application again with the weights now in force (after the setting changes)."""
    _require_org_staff(actor)
    changed = []
    open_applications = HousingApplication.objects.select_for_update(of=("self",)).filter(
        status__in=["pending", "waiting"]
    )
    for application in open_applications.order_by("pk"):
        old = application.priority_score
        _score(application)
        if application.priority_score != old:
            changed.append(application)
    bulk_update_with_history(
        changed, HousingApplication, ["priority_score", "priority_parts"], actor=actor, reason=_("按现行权重重新计分")
    )
    return len(changed)


@atomic_with_history
def tenancy_allocate(
    *,
    actor: User,
    flat: Flat,
    cadre: Cadre,
    start_date: datetime.date,
    application: HousingApplication | None = None,
    reason: str = "",
) -> Tenancy:
    """Move a cadre into a flat. The flat row is locked, so two concurrent allocations queue up: the first
    one wins and the second is told the flat is taken. The database refuses a second current tenant even
    without the lock (partial unique index; on PostgreSQL also no overlapping periods)."""
    _require_cadre_in_scope(actor=actor, cadre=cadre)
    flat = Flat.objects.select_for_update(of=("self",)).select_related("building__unit").get(pk=flat.pk)
    _require_unit_in_scope(actor=actor, unit=flat.building.unit, field="flat")
    if flat.status in (FlatStatus.MAINTENANCE, FlatStatus.RETIRED):
        raise ValidationError(
            {"flat": _("该住房处于“%(status)s”状态，不能分配。") % {"status": flat.get_status_display()}}
        )
    periods = list(flat.tenancies.values_list("start_date", "end_date"))
    if any(end is None for _start, end in periods):
        raise ValidationError({"flat": _flat_taken_message()})
    if any(rules.periods_overlap(start_date, None, start, end) for start, end in periods):
        raise ValidationError({"start_date": _("入住日期与该住房以往的入住记录重叠，请检查入住日期。")})
    if Tenancy.objects.filter(cadre=cadre, end_date__isnull=True).exists():
        raise ValidationError({"cadre": _("该干部已入住其他周转房，请先办理退房。")})
    if application is not None:
        application = HousingApplication.objects.select_for_update().get(pk=application.pk)
        if application.cadre_id != cadre.pk:
            raise ValidationError({"application": _("该申请不是此干部的申请。")})
        if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.WAITING):
            raise ValidationError({"application": _("该申请已办结，不能据此分配。")})
    tenancy = Tenancy(flat=flat, cadre=cadre, application=application, start_date=start_date)
    _save(
        tenancy,
        reason=reason or _("分配入住"),
        unique_messages={
            "one_current_per_flat": {"flat": _flat_taken_message()},
            "flat_no_overlap": {"flat": _flat_taken_message()},
            "one_current_per_cadre": {"cadre": _("该干部已入住其他周转房，请先办理退房。")},
            "cadre_no_overlap": {"cadre": _("该干部已入住其他周转房，请先办理退房。")},
            # SQLite names the columns, not the index, in its message.
            "care_tenancy.flat_id": {"flat": _flat_taken_message()},
            "care_tenancy.cadre_id": {"cadre": _("该干部已入住其他周转房，请先办理退房。")},
        },
    )
    flat.status = FlatStatus.OCCUPIED
    flat.save(update_fields=["status", "updated_at"])
    update_change_reason(flat, _("分配入住"))
    if application is not None:
        application.status = ApplicationStatus.ALLOCATED
        application.save(update_fields=["status", "updated_at"])
        update_change_reason(application, _("已分配住房"))
    return tenancy


@atomic_with_history
def tenancy_end(*, actor: User, tenancy: Tenancy, end_date: datetime.date, reason: str = "") -> Tenancy:
    """Move out: close the tenancy on ``end_date`` (the day the flat is free again) and free the flat."""
    tenancy = Tenancy.objects.select_for_update(of=("self",)).select_related("cadre__unit", "flat").get(pk=tenancy.pk)
    _require_cadre_in_scope(actor=actor, cadre=tenancy.cadre)
    if refusal := rules.move_out_refusal(tenancy):
        raise ValidationError(refusal)
    if end_date <= tenancy.start_date:
        raise ValidationError({"end_date": _("退房日期必须晚于入住日期（%(date)s）。") % {"date": tenancy.start_date}})
    tenancy.end_date = end_date
    _save(tenancy, reason=reason or _("退房"))
    flat = Flat.objects.select_for_update().get(pk=tenancy.flat_id)
    if flat.status == FlatStatus.OCCUPIED:
        flat.status = FlatStatus.AVAILABLE
        flat.save(update_fields=["status", "updated_at"])
        update_change_reason(flat, _("退房"))
    return tenancy


# ---------------------------------------------------------------- health checks


def _validate_check(check: HealthCheck) -> None:
    today = timezone.localdate()
    if check.year > today.year:
        raise ValidationError({"year": _("不能登记未来年度的体检。")})
    if check.done and check.check_date is None:
        raise ValidationError({"check_date": _("已完成的体检请填写体检日期。")})
    if check.check_date is not None:
        if check.check_date.year != check.year:
            raise ValidationError({"check_date": _("体检日期应在%(year)s年内。") % {"year": check.year}})
        if check.check_date > today:
            raise ValidationError({"check_date": _("体检日期不能晚于今天。")})


@atomic_with_history
def health_check_create(*, actor: User, cadre: Cadre, year: int, data: dict, reason: str = "") -> HealthCheck:
    _require_cadre_in_scope(actor=actor, cadre=cadre)
    check = HealthCheck(cadre=cadre, year=year, **{k: v for k, v in data.items() if k in HEALTH_CHECK_FIELDS})
    _validate_check(check)
    if HealthCheck.objects.filter(cadre=cadre, year=year).exists():
        raise ValidationError({"year": _("该干部%(year)s年的体检已登记，请修改原记录。") % {"year": year}})
    _save(check, reason=reason, unique_messages={"one_per_cadre_year": {"year": _("该干部该年度的体检已登记。")}})
    return check


@atomic_with_history
def health_check_update(*, actor: User, check: HealthCheck, data: dict, reason: str = "") -> HealthCheck:
    check = HealthCheck.objects.select_for_update(of=("self",)).select_related("cadre__unit").get(pk=check.pk)
    _require_cadre_in_scope(actor=actor, cadre=check.cadre)
    if _assign(check, data, HEALTH_CHECK_FIELDS):
        _validate_check(check)
        _save(check, reason=reason)
    return check


# ---------------------------------------------------------------- leave


@atomic_with_history
def leave_create(*, actor: User, cadre: Cadre, data: dict, reason: str = "") -> LeaveRecord:
    """Record leave. Refused, with nothing written: dates that do not stand, a period overlapping the
    cadre's other leave, and annual leave beyond the balance (条例 art. 3–5, see care.rules).

    The cadre row is locked so that two requests for the same cadre cannot both pass the balance check.
    """
    _require_cadre_in_scope(actor=actor, cadre=cadre)
    cadre = Cadre.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cadre.pk)
    record = LeaveRecord(cadre=cadre, **{k: v for k, v in data.items() if k in LEAVE_FIELDS})
    if record.kind != LeaveKind.PERSONAL:
        record.pay_deducted = False
    if not record.start_date or not record.end_date or not record.days:
        record.full_clean()
    problem = rules.leave_days_problem(start=record.start_date, end=record.end_date, days=record.days)
    if problem:
        raise ValidationError({problem[0]: problem[1]})
    overlapping = (
        LeaveRecord.objects.filter(cadre=cadre, start_date__lte=record.end_date, end_date__gte=record.start_date)
        .order_by("start_date")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "start_date": _("与已登记的%(kind)s（%(start)s至%(end)s）时间重叠。")
                % {"kind": overlapping.get_kind_display(), "start": overlapping.start_date, "end": overlapping.end_date}
            }
        )
    if record.kind == LeaveKind.ANNUAL:
        summary = selectors.leave_summary(cadre=cadre, year=record.start_date.year)
        if summary.entitlement is None:
            raise ValidationError({"kind": _("该干部未登记参加工作时间，无法计算年休假天数。")})
        if record.days > summary.balance:
            raise ValidationError(
                {
                    "days": _(
                        "年休假天数超出可休余额：%(year)s年可休%(available)s天，已休%(taken)s天，剩余%(balance)s天。"
                    )
                    % {
                        "year": summary.year,
                        "available": summary.available,
                        "taken": summary.taken,
                        "balance": max(summary.balance, 0),
                    }
                }
            )
    _save(
        record, reason=reason, unique_messages={"care_leave_no_overlap": {"start_date": _("与已登记的假期时间重叠。")}}
    )
    return record


@atomic_with_history
def leave_delete(*, actor: User, record: LeaveRecord, reason: str = "") -> None:
    """Remove a leave record entered by mistake; the history keeps it and who removed it."""
    record = LeaveRecord.objects.select_for_update(of=("self",)).select_related("cadre__unit").get(pk=record.pk)
    _require_cadre_in_scope(actor=actor, cadre=record.cadre)
    record._change_reason = reason or _("删除误登记的假期")
    record.delete()


# ---------------------------------------------------------------- pay


def _first_of_month(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def _validate_pay(record: PayRecord) -> None:
    errors = {}
    for name in ("base_pay", "township_allowance"):
        value = getattr(record, name)
        if value is None:
            errors[name] = _("请填写金额。")
        elif Decimal(value) < 0:
            errors[name] = _("金额不能为负数。")
    if errors:
        raise ValidationError(errors)


@atomic_with_history
def pay_record_create(*, actor: User, cadre: Cadre, data: dict, reason: str = "") -> PayRecord:
    """Record a month's pay. The rank and unit default to the cadre's current ones."""
    _require_cadre_in_scope(actor=actor, cadre=cadre)
    if not data.get("month"):
        raise ValidationError({"month": _("请填写月份。")})
    month = _first_of_month(data["month"])
    record = PayRecord(
        cadre=cadre,
        month=month,
        unit=data.get("unit") or cadre.unit,
        rank=data["rank"] if data.get("rank") is not None else cadre.rank,
        base_pay=data.get("base_pay"),
        township_allowance=data.get("township_allowance", Decimal(0)),
    )
    _validate_pay(record)
    if PayRecord.objects.filter(cadre=cadre, month=month).exists():
        raise ValidationError({"month": _("该干部%(month)s的工资记录已存在。") % {"month": f"{month:%Y年%m月}"}})
    _save(
        record,
        reason=reason,
        unique_messages={
            "one_per_cadre_month": {"month": _("该干部该月的工资记录已存在。")},
            "not_negative": {"base_pay": _("金额不能为负数。")},
        },
    )
    return record


@atomic_with_history
def pay_record_update(*, actor: User, record: PayRecord, data: dict, reason: str = "") -> PayRecord:
    record = PayRecord.objects.select_for_update(of=("self",)).select_related("cadre__unit").get(pk=record.pk)
    _require_cadre_in_scope(actor=actor, cadre=record.cadre)
    if _assign(record, data, ("base_pay", "township_allowance", "rank")):
        _validate_pay(record)
        _save(record, reason=reason, unique_messages={"not_negative": {"base_pay": _("金额不能为负数。")}})
    return record


# ---------------------------------------------------------------- burden-reduction register


@atomic_with_history
def inspection_item_create(*, actor: User, data: dict, townships=(), reason: str = "") -> InspectionItem:
    _require_org_staff(actor)
    item = InspectionItem(**{k: v for k, v in data.items() if k in INSPECTION_FIELDS})
    _save(item, reason=reason)
    if townships:
        item.target_townships.set(townships)
    return item


@atomic_with_history
def inspection_item_update(
    *, actor: User, item: InspectionItem, data: dict, townships=None, reason: str = ""
) -> InspectionItem:
    _require_org_staff(actor)
    item = InspectionItem.objects.select_for_update().get(pk=item.pk)
    if "year" in data and data["year"] != item.year and (item.merged_items.exists() or item.merged_into_id):
        raise ValidationError({"year": _("已有合并关系的事项不能修改年度。")})
    if _assign(item, data, INSPECTION_FIELDS):
        _save(item, reason=reason)
    if townships is not None:
        item.target_townships.set(townships)
    return item


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写理由。")})
    return reason


@atomic_with_history
def inspection_item_merge(*, actor: User, item: InspectionItem, into: InspectionItem, reason: str) -> InspectionItem:
    """Merge ``item`` into another kept item of the same year; the reason stays on the item and in history."""
    _require_org_staff(actor)
    reason = _require_reason(reason)
    # Both rows locked in one statement, in primary-key order, so two crossed merges cannot deadlock.
    locked = InspectionItem.objects.select_for_update().filter(pk__in=[item.pk, into.pk]).order_by("pk")
    rows = {row.pk: row for row in locked}
    item, into = rows[item.pk], rows[into.pk]
    if item.status != InspectionStatus.ACTIVE:
        raise ValidationError(_("只能合并“保留”状态的事项。"))
    if into.pk == item.pk:
        raise ValidationError({"merged_into": _("不能并入事项本身。")})
    if into.status != InspectionStatus.ACTIVE:
        raise ValidationError({"merged_into": _("只能并入“保留”状态的事项。")})
    if into.year != item.year:
        raise ValidationError({"merged_into": _("只能并入同一年度的事项。")})
    item.status = InspectionStatus.MERGED
    item.merged_into = into
    item.status_reason = reason
    _save(item, reason=_("合并：%(reason)s") % {"reason": reason})
    return item


@atomic_with_history
def inspection_item_retire(*, actor: User, item: InspectionItem, reason: str) -> InspectionItem:
    """Retire (cancel) an item; items merged into it must be dealt with first."""
    _require_org_staff(actor)
    reason = _require_reason(reason)
    item = InspectionItem.objects.select_for_update().get(pk=item.pk)
    if item.status != InspectionStatus.ACTIVE:
        raise ValidationError(_("只能取消“保留”状态的事项。"))
    item.status = InspectionStatus.RETIRED
    item.status_reason = reason
    _save(item, reason=_("取消：%(reason)s") % {"reason": reason})
    return item
