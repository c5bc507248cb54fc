"""Every write to postings: validated, scoped to the actor, atomic, kept in the history.

The database holds the invariants (postings/models.py); these services check the same things first so
that the user reads a clear message, lock the cadre and the village rows so that concurrent requests
queue instead of racing, and turn an IntegrityError that still gets through into the same message.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from accounts import policy
from accounts.models import User
from cadres.choices import UnitKind
from cadres.models import Cadre, Unit
from core.history import atomic_with_history, bulk_create_with_history, update_with_history
from core.integrity import save_or_refuse
from core.periods import add_months, month_first_day, month_last_day
from postings import rules
from postings.choices import PostingKind, PostingStatus, ReminderKind
from postings.models import (
    ExternalHost,
    Posting,
    PostingExtension,
    PostingMonthlyPresence,
    PostingReminder,
    VillageProfile,
)

VILLAGE_KINDS = (UnitKind.VILLAGE, UnitKind.COMMUNITY)
POSTING_CREATE_FIELDS = (
    "cadre",
    "kind",
    "front_line",
    "exchange_direction",
    "home_unit",
    "host_unit",
    "external_host",
    "purpose",
    "planned_start",
    "planned_end",
)


def constraint_messages() -> dict[str, dict[str, str]]:
    return {
        "posting_one_serving_per_cadre": {"cadre": _("该干部已有一项在岗的实践锻炼，同一时间只能在岗一项。")},
        "posting_one_serving_first_secretary_per_village": {"host_unit": _("该村已有在岗的第一书记。")},
        "posting_no_overlap_per_cadre": {"planned_start": _("与该干部已有的实践锻炼时间重叠。")},
        "posting_planned_end_after_start": {"planned_end": _("计划结束日期不能早于开始日期。")},
        "posting_actual_end_after_start": {"actual_end": _("实际结束日期不能早于开始日期。")},
        "posting_extension_moves_end_later": {"new_end": _("延期后的结束日期必须晚于原结束日期。")},
        "posting_presence_one_per_month": {"month": _("该月的在岗天数已登记。")},
    }


def _save(instance, *, reason: str = "") -> None:
    save_or_refuse(instance, messages=constraint_messages())
    if reason:
        update_change_reason(instance, reason)


# ---------------------------------------------------------------- who may write


def _require(actor: User, action: policy.Action, posting: Posting) -> None:
    """The home side (the cadre's unit, the sending unit) directs a posting: extends, ends, recalls it. The
    host unit's HR records presence and the evaluation (policy, issue 14.6)."""
    policy.require(actor, action, posting, message=_("您没有管理该实践锻炼的权限。"))


# ---------------------------------------------------------------- validation shared by create and import


def live_postings() -> QuerySet[Posting]:
    """Postings that took or take place: all but those recalled before they started."""
    return Posting.objects.exclude(status=PostingStatus.RECALLED, actual_end__isnull=True)


def status_on(*, start: datetime.date, end: datetime.date, today: datetime.date) -> str:
    """The status a new posting gets from its dates: planned, serving, or (a past one) completed."""
    if start > today:
        return PostingStatus.PLANNED
    if end < today:
        return PostingStatus.COMPLETED
    return PostingStatus.SERVING


def posting_field_errors(posting: Posting) -> dict[str, list[str]]:
    """Errors of a posting's own fields (kind details, host, dates), before looking at other postings."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    kind = posting.kind
    if kind not in PostingKind.values:
        add("kind", _("请选择锻炼类型。"))
    if kind == PostingKind.FRONT_LINE and not posting.front_line:
        add("front_line", _("一线锻炼须选择一线类别。"))
    if kind != PostingKind.FRONT_LINE and posting.front_line:
        add("front_line", _("只有一线锻炼填写一线类别。"))
    if kind == PostingKind.EXCHANGE and not posting.exchange_direction:
        add("exchange_direction", _("双向交流须选择交流方向。"))
    if kind != PostingKind.EXCHANGE and posting.exchange_direction:
        add("exchange_direction", _("只有双向交流填写交流方向。"))
    if posting.host_unit_id and posting.external_host_id:
        add("external_host", _("接收单位与县外接收单位只能填写一个。"))
    if not posting.host_unit_id and not posting.external_host_id:
        add("host_unit", _("请填写接收单位（县外单位填写县外接收单位）。"))
    if kind == PostingKind.FIRST_SECRETARY:
        if posting.external_host_id:
            add("external_host", _("第一书记须派驻县内的村（社区）。"))
        elif posting.host_unit_id and posting.host_unit.kind not in VILLAGE_KINDS:
            add("host_unit", _("第一书记的接收单位须是村（社区）。"))
    if posting.host_unit_id and posting.host_unit_id == posting.home_unit_id:
        add("host_unit", _("接收单位不能与派出单位相同。"))
    start, end = posting.planned_start, posting.planned_end
    if start and end:
        if end < start:
            add("planned_end", _("计划结束日期不能早于开始日期。"))
        elif kind == PostingKind.FIRST_SECRETARY and posting.status != PostingStatus.COMPLETED:
            minimum = settings.POSTINGS_FIRST_SECRETARY_MIN_TERM_MONTHS
            if rules.term_months(start, end) < minimum:
                add("planned_end", _("第一书记任期一般不少于 %(months)s 个月。") % {"months": minimum})
    return errors


def posting_conflict_errors(posting: Posting) -> dict[str, list[str]]:
    """Errors against other postings in the database: overlap, second serving posting, busy village."""
    errors: dict[str, list[str]] = {}
    end = posting.actual_end or posting.planned_end
    others = live_postings().exclude(pk=posting.pk)
    overlapping = (
        others.filter(cadre_id=posting.cadre_id, planned_start__lte=end)
        .annotate(end=Coalesce("actual_end", "planned_end"))
        .filter(end__gte=posting.planned_start)
        .first()
    )
    if overlapping is not None:
        errors["planned_start"] = [
            _("与该干部已有的实践锻炼（%(start)s 至 %(end)s）时间重叠。")
            % {"start": overlapping.planned_start, "end": overlapping.end}
        ]
    if (
        posting.status == PostingStatus.SERVING
        and others.filter(cadre_id=posting.cadre_id, status=PostingStatus.SERVING).exists()
    ):
        errors.setdefault("cadre", []).append(_("该干部已有一项在岗的实践锻炼，同一时间只能在岗一项。"))
    if posting.kind == PostingKind.FIRST_SECRETARY and posting.host_unit_id:
        same_village = others.filter(kind=PostingKind.FIRST_SECRETARY, host_unit_id=posting.host_unit_id)
        if posting.status == PostingStatus.SERVING and same_village.filter(status=PostingStatus.SERVING).exists():
            errors.setdefault("host_unit", []).append(_("该村已有在岗的第一书记。"))
        elif (
            same_village.filter(planned_start__lte=end)
            .annotate(end=Coalesce("actual_end", "planned_end"))
            .filter(end__gte=posting.planned_start)
            .exists()
        ):
            errors.setdefault("host_unit", []).append(_("该村在这段时间已有第一书记。"))
    return errors


def _lock(posting: Posting) -> None:
    """Queue concurrent writes for the same cadre and the same village (row locks until commit)."""
    list(Cadre.objects.select_for_update().filter(pk=posting.cadre_id).values_list("pk"))
    if posting.kind == PostingKind.FIRST_SECRETARY and posting.host_unit_id:
        list(Unit.objects.select_for_update().filter(pk=posting.host_unit_id).values_list("pk"))


def _check(posting: Posting) -> None:
    errors = posting_field_errors(posting)
    if not errors:
        errors = posting_conflict_errors(posting)
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------- postings


@atomic_with_history
def posting_create(*, actor: User, data: dict, reason: str = "") -> Posting:
    """Record a posting. Its status follows from its dates: future → planned, current → serving, past → completed."""
    if not policy.is_staff(actor):
        raise PermissionDenied(_("您没有管理实践锻炼的权限。"))
    posting = Posting(**{field: value for field, value in data.items() if field in POSTING_CREATE_FIELDS})
    if not posting.cadre_id:
        raise ValidationError({"cadre": _("请选择干部。")})
    if not posting.home_unit_id:
        posting.home_unit = posting.cadre.unit
    policy.require(actor, policy.Action.CHANGE, posting.cadre, field="cadre")
    # The sending unit is the actor's to name too; the host may be any unit of the county (or outside it).
    policy.require(actor, policy.Action.CHANGE, posting.home_unit, field="home_unit")
    if not posting.planned_start or not posting.planned_end:
        raise ValidationError({"planned_start": _("请填写开始和计划结束日期。")})
    posting.status = status_on(start=posting.planned_start, end=posting.planned_end, today=timezone.localdate())
    if posting.status == PostingStatus.COMPLETED:
        posting.actual_end = posting.planned_end
    _lock(posting)
    _check(posting)
    _save(posting, reason=reason)
    return posting


def _locked(posting: Posting) -> Posting:
    """The posting re-read under a row lock, so that two changes of it queue."""
    return (
        Posting.objects.select_for_update(of=("self",))
        .select_related("cadre__unit", "home_unit", "host_unit")
        .get(pk=posting.pk)
    )


@atomic_with_history
def posting_extend(*, actor: User, posting: Posting, new_end: datetime.date, reason: str) -> Posting:
    """Move the planned end later and keep the previous end and the reason on an extension row."""
    _require(actor, policy.Action.DIRECT, posting)
    posting = _locked(posting)
    if refusal := rules.extend_refusal(posting):
        raise ValidationError(refusal)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写延期原因。")})
    if new_end <= posting.planned_end:
        raise ValidationError(
            {"new_end": _("延期后的结束日期必须晚于原结束日期 %(end)s。") % {"end": posting.planned_end}}
        )
    previous_end = posting.planned_end
    posting.planned_end = new_end
    _lock(posting)
    errors = posting_conflict_errors(posting)
    if errors:
        raise ValidationError({"new_end": [m for messages in errors.values() for m in messages]})
    _save(posting, reason=_("延期：%(reason)s") % {"reason": reason})
    extension = PostingExtension(posting=posting, previous_end=previous_end, new_end=new_end, reason=reason)
    extension.created_by = actor if actor.pk else None
    _save(extension)
    return posting


@atomic_with_history
def posting_end(*, actor: User, posting: Posting, actual_end: datetime.date, reason: str = "") -> Posting:
    """Set the actual end. A date already reached completes the posting; a later one is left to the daily job."""
    _require(actor, policy.Action.DIRECT, posting)
    posting = _locked(posting)
    if refusal := rules.end_refusal(posting):
        raise ValidationError(refusal)
    if actual_end < posting.planned_start:
        raise ValidationError(
            {"actual_end": _("实际结束日期不能早于开始日期 %(start)s。") % {"start": posting.planned_start}}
        )
    posting.actual_end = actual_end
    posting.end_reason = reason
    if actual_end < timezone.localdate():
        posting.status = PostingStatus.COMPLETED
    _save(posting, reason=reason or _("结束实践锻炼"))
    return posting


@atomic_with_history
def posting_recall(*, actor: User, posting: Posting, on: datetime.date, reason: str) -> Posting:
    """Recall a posting. One recalled before it started never happened: it gets no actual end."""
    _require(actor, policy.Action.DIRECT, posting)
    posting = _locked(posting)
    if refusal := rules.recall_refusal(posting):
        raise ValidationError(refusal)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写召回原因。")})
    if posting.status == PostingStatus.SERVING:
        if on < posting.planned_start:
            raise ValidationError({"on": _("召回日期不能早于开始日期 %(start)s。") % {"start": posting.planned_start}})
        posting.actual_end = min(on, posting.actual_end or posting.planned_end)
    posting.status = PostingStatus.RECALLED
    posting.end_reason = reason
    _save(posting, reason=_("召回：%(reason)s") % {"reason": reason})
    return posting


@atomic_with_history
def posting_evaluate(*, actor: User, posting: Posting, grade: str, comment: str, on: datetime.date) -> Posting:
    """Record the host's end-of-posting evaluation (鉴定): a grade and a comment."""
    _require(actor, policy.Action.HOST, posting)
    posting = _locked(posting)
    if refusal := rules.evaluate_refusal(posting):
        raise ValidationError(refusal)
    if on < posting.planned_start:
        raise ValidationError({"on": _("鉴定日期不能早于开始日期。")})
    posting.evaluation_grade, posting.evaluation_comment, posting.evaluated_on = grade, comment, on
    posting.full_clean(exclude=["cadre", "home_unit", "host_unit", "external_host"], validate_constraints=False)
    _save(posting, reason=_("录入接收单位鉴定"))
    return posting


@atomic_with_history
def presence_record(*, actor: User, posting: Posting, month: datetime.date, days: int) -> PostingMonthlyPresence:
    """Record (or correct) the days on site in a month of the posting."""
    _require(actor, policy.Action.HOST, posting)
    month = month_first_day(month)
    end = posting.actual_end or posting.planned_end
    if month > month_first_day(end) or month < month_first_day(posting.planned_start):
        raise ValidationError(
            {
                "month": _("该月份不在实践锻炼期间（%(start)s 至 %(end)s）。")
                % {"start": posting.planned_start, "end": end}
            }
        )
    if month > month_first_day(timezone.localdate()):
        raise ValidationError({"month": _("不能登记未来月份的在岗天数。")})
    possible = (min(month_last_day(month), end) - max(month, posting.planned_start)).days + 1
    if days < 0 or days > possible:
        raise ValidationError({"days": _("在岗天数应在 0 到 %(max)s 之间。") % {"max": possible}})
    presence = PostingMonthlyPresence.objects.select_for_update().filter(posting=posting, month=month).first()
    if presence is None:
        presence = PostingMonthlyPresence(posting=posting, month=month, days=days)
    elif presence.days == days:
        return presence
    presence.days = days
    _save(presence)
    return presence


# ---------------------------------------------------------------- villages, external hosts, reminders


@atomic_with_history
def village_profile_save(*, actor: User, unit: Unit, data: dict) -> VillageProfile:
    """Set a village's categories (贫困村/脱贫村, 软弱涣散村, ...)."""
    policy.require(actor, policy.Action.CHANGE, unit, message=_("该村不在您的管理范围内。"))
    if unit.kind not in VILLAGE_KINDS:
        raise ValidationError({"unit": _("只有村（社区）有村情档案。")})
    profile = VillageProfile.objects.select_for_update().filter(unit=unit).first() or VillageProfile(unit=unit)
    for field in ("is_poverty", "is_weak_lax", "is_weak_collective_economy", "is_relocation_site", "note"):
        if field in data:
            setattr(profile, field, data[field])
    _save(profile)
    return profile


def external_host_get_or_create(*, actor: User, name: str, region: str = "") -> ExternalHost:
    if not policy.is_staff(actor):
        raise PermissionDenied(_("您没有管理实践锻炼的权限。"))
    name = name.strip()
    if not name:
        raise ValidationError({"external_host": _("请填写县外接收单位名称。")})
    host, _created = ExternalHost.objects.get_or_create(name=name, defaults={"region": region.strip()})
    return host


def reminder_dismiss(*, actor: User, reminder: PostingReminder) -> PostingReminder:
    _require(actor, policy.Action.HOST, reminder.posting)
    if reminder.dismissed_at is None:
        reminder.dismissed_at = timezone.now()
        _save(reminder)
    return reminder


# ---------------------------------------------------------------- the daily job


@dataclass
class DailyRunResult:
    started: int = 0
    completed: int = 0
    reminders: int = 0

    def as_dict(self) -> dict:
        return {"started": self.started, "completed": self.completed, "reminders": self.reminders}


def postings_daily_run(*, today: datetime.date) -> DailyRunResult:
    """Start postings whose day has come, complete those whose end has passed, raise reminders.

    Set-based updates and bulk inserts that skip existing (posting, kind, period) reminders, so a second
    run on the same day finds nothing to do and changes nothing.
    """
    result = DailyRunResult()
    with transaction.atomic():
        # Complete first so that a cadre's next posting can start the day after the last one ends; complete
        # again for planned postings that started and ended while the job was not running.
        result.completed = _complete_ended_postings(today)
        result.started = _start_due_postings(today)
        result.completed += _complete_ended_postings(today)
    result.reminders = _raise_reminders(today)
    return result


def _start_due_postings(today: datetime.date) -> int:
    busy_cadre = Posting.objects.filter(cadre_id=OuterRef("cadre_id"), status=PostingStatus.SERVING)
    busy_village = Posting.objects.filter(
        host_unit_id=OuterRef("host_unit_id"), kind=PostingKind.FIRST_SECRETARY, status=PostingStatus.SERVING
    )
    due = Posting.objects.filter(status=PostingStatus.PLANNED, planned_start__lte=today).exclude(Exists(busy_cadre))
    due = due.exclude(Q(kind=PostingKind.FIRST_SECRETARY) & Exists(busy_village))
    try:
        with transaction.atomic():
            return update_with_history(due, status=PostingStatus.SERVING)
    except IntegrityError:
        # Two due postings contend for one village (left by an old import): start them one by one.
        started = 0
        for pk in due.order_by("planned_start", "pk").values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    started += update_with_history(Posting.objects.filter(pk=pk), status=PostingStatus.SERVING)
            except IntegrityError:
                continue
        return started


def _complete_ended_postings(today: datetime.date) -> int:
    ended = Posting.objects.filter(status=PostingStatus.SERVING).annotate(end=Coalesce("actual_end", "planned_end"))
    return update_with_history(
        Posting.objects.filter(pk__in=ended.filter(end__lt=today).values("pk")),
        status=PostingStatus.COMPLETED,
        actual_end=Coalesce("actual_end", "planned_end"),
    )


def _raise_reminders(today: datetime.date) -> int:
    soon = today + datetime.timedelta(days=settings.POSTINGS_ENDING_SOON_DAYS)
    rows: list[PostingReminder] = []
    ending = (
        Posting.objects.filter(status=PostingStatus.SERVING)
        .annotate(end=Coalesce("actual_end", "planned_end"))
        .filter(end__gte=today, end__lte=soon)
        .values_list("pk", "end")
    )
    rows += [
        PostingReminder(
            posting_id=pk,
            kind=ReminderKind.ENDING_SOON,
            period=end,
            raised_on=today,
            detail=_("将于 %(end)s 期满") % {"end": end},
        )
        for pk, end in ending
    ]
    recently_ended = Posting.objects.filter(
        status=PostingStatus.COMPLETED, actual_end__lt=today, actual_end__gte=today - datetime.timedelta(days=30)
    ).values_list("pk", "actual_end")
    rows += [
        PostingReminder(
            posting_id=pk,
            kind=ReminderKind.ENDED,
            period=end,
            raised_on=today,
            detail=_("已于 %(end)s 期满，请录入接收单位鉴定") % {"end": end},
        )
        for pk, end in recently_ended
    ]
    last_month = add_months(month_first_day(today), -1)
    rows += [
        PostingReminder(
            posting_id=row.posting_id,
            kind=ReminderKind.LOW_PRESENCE,
            period=last_month,
            raised_on=today,
            detail=_("%(month)s 在岗 %(days)s 天，应不少于 %(required)s 天")
            % {"month": f"{last_month:%Y-%m}", "days": row.days, "required": row.required},
        )
        for row in low_presence_rows(month=last_month, postings=Posting.objects.all())
    ]
    if not rows:
        return 0
    existing = set(
        PostingReminder.objects.filter(posting_id__in={row.posting_id for row in rows}).values_list(
            "posting_id", "kind", "period"
        )
    )
    new_rows = [row for row in rows if (row.posting_id, row.kind, row.period) not in existing]
    bulk_create_with_history(new_rows, PostingReminder, ignore_conflicts=True)
    return len(new_rows)


@dataclass(frozen=True)
class LowPresenceRow:
    posting_id: int
    days: int
    working_days: int
    required: int


def low_presence_rows(*, month: datetime.date, postings: QuerySet[Posting]) -> list[LowPresenceRow]:
    """Postings of the presence kinds that ran in ``month`` with fewer days on site than required.

    A month with no record counts as 0 days. Two queries: the postings and their records of the month.
    """
    month = month_first_day(month)
    ratio = rules.parse_ratio(settings.POSTINGS_PRESENCE_MIN_RATIO)
    candidates = list(
        live_postings()
        .filter(pk__in=postings.values("pk"))
        .filter(kind__in=settings.POSTINGS_PRESENCE_KINDS, planned_start__lte=month_last_day(month))
        .exclude(status=PostingStatus.PLANNED)
        .annotate(end=Coalesce("actual_end", "planned_end"))
        .filter(end__gte=month)
        .values_list("pk", "planned_start", "end")
    )
    recorded = (
        dict(
            PostingMonthlyPresence.objects.filter(
                month=month, posting_id__in=[pk for pk, _s, _e in candidates]
            ).values_list("posting_id", "days")
        )
        if candidates
        else {}
    )
    rows = []
    for pk, start, end in candidates:
        working = rules.posting_working_days_in_month(month=month, start=start, end=end)
        days = recorded.get(pk, 0)
        if working and not rules.presence_compliant(days=days, working_days_in_month=working, ratio=ratio):
            rows.append(
                LowPresenceRow(
                    posting_id=pk,
                    days=days,
                    working_days=working,
                    required=rules.required_presence_days(working_days_in_month=working, ratio=ratio),
                )
            )
    return rows


def posting_insert(*, posting: Posting, reason: str = "") -> Posting:
    """Save a posting already validated by posting_field_errors and posting_conflict_errors (the import)."""
    _save(posting, reason=reason)
    return posting
