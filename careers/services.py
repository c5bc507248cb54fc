"""Every write to career and accountability records.

Each service checks the actor's scope, locks the cadre row so concurrent writes to one cadre's history
queue up, validates against the cadre's current state and history (Chinese messages, nothing written on
error), writes the record, and keeps the cadre's current post and rank in step through
``cadres.services.career_fields_write`` (the one writer of a cadre's career fields after creation) in the
same transaction, so the cadre's history shows each change and why.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import User
from accounts.policy import Action
from cadres.choices import LeadershipLevel, PoliticalStatus, Rank
from cadres.models import Cadre
from cadres.services import career_fields_write
from careers import rules
from careers.choices import (
    INVESTIGATION_SANCTION_KINDS,
    OLD_LEVEL_MEASURE_KINDS,
    PARTY_MEMBER_FAMILIES,
    PROBATION_APPOINTMENT_KINDS,
    RECORD_KIND_FAMILY,
    UNFIT_DECISION_APPOINTMENT_KIND,
    UNFIT_DECISION_MEASURE_KIND,
    AppointmentKind,
    CaseStatus,
    FaultToleranceDistinction,
    FaultToleranceOutcome,
    InvestigationOutcome,
    ProbationOutcome,
    RankChangeKind,
    RecordFamily,
    RecordKind,
    RecordStatus,
    UnfitDecision,
    UnfitSituation,
)
from careers.models import AccountabilityRecord, Appointment, FaultToleranceCase, RankChange, UnfitAdjustmentCase
from careers.selectors import cadre_record_facts
from core.history import atomic_with_history
from core.integrity import save_or_refuse
from core.periods import period_last_day
from postings.rules import grassroots_shortfall_warning
from postings.selectors import cadre_grassroots_experience
from rewards.services import eligibility_recompute_queue

APPOINTMENT_FIELDS = (
    "kind",
    "post_title",
    "unit",
    "leadership_level",
    "effective_date",
    "approving_body",
    "document_number",
    "note",
)
RANK_CHANGE_FIELDS = ("kind", "from_rank", "to_rank", "effective_date", "reason", "document_number")
RECORD_FIELDS = (
    "kind",
    "decided_on",
    "issuing_body",
    "document_number",
    "reason",
    "internal_notes",
    "probation_years",
    "ends_on",
    "closed_on",
    "outcome",
    "sanction_kind",
    "old_leadership_level",
)
PARTY_MEMBER_STATUSES = (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY_MEMBER)

# Database constraint names → (field, message) for the race that slips past the checks.
CONSTRAINT_MESSAGES = {
    "appointment_one_kind_per_day": ("effective_date", "该干部在同一天已有同类任免记录。"),
    "rank_change_one_per_day": ("effective_date", "该干部在同一天已有职级变动记录。"),
    "accountability_no_duplicate_active": ("decided_on", "该干部在同一天已有一条同类有效记录。"),
    "accountability_one_open_investigation": ("kind", "该干部已有未结案的立案审查调查。"),
    "unfit_case_one_open_per_cadre": ("cadre", "该干部已有一个未办结的不适宜担任现职调整案件。"),
    "fault_tolerance_one_open_per_record": ("record", "该记录已有一个未办结的容错纠错申请。"),
    "fault_tolerance_one_exemption_per_record": ("record", "该记录已认定免责。"),
}


def _error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _locked_cadre(*, actor: User, cadre: Cadre) -> Cadre:
    """The cadre row, locked for this transaction, after checking that the actor may write it."""
    if not policy.is_staff(actor):
        raise PermissionDenied(_("您没有修改干部档案的权限。"))
    policy.require(actor, Action.CHANGE, cadre)
    # of=("self",): lock the cadre only, not the unit row the join reads (writes for two cadres of one
    # township must not queue behind each other).
    locked = Cadre.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cadre.pk)
    # Every career write changes what the rewards engine reads (post, rank, bars): recompute the cadre's unit
    # once the write commits (nothing is queued when it is refused and rolled back).
    eligibility_recompute_queue(cadre_ids=[locked.pk], actor=actor)
    return locked


def _save(instance) -> None:
    """Save, turning a constraint race into a field error instead of a 500."""
    save_or_refuse(
        instance, messages={name: {field: _(message)} for name, (field, message) in CONSTRAINT_MESSAGES.items()}
    )


def _check_date(*, cadre: Cadre, day: date | None, field: str, label: str) -> None:
    """A record's date must exist, not be in the future, nor before the cadre's birth or start of work."""
    if day is None:
        raise _error(field, _("请填写%(label)s。") % {"label": label})
    if day > timezone.localdate():
        raise _error(field, _("%(label)s不能晚于今天。") % {"label": label})
    if cadre.birth_date and day <= cadre.birth_date:
        raise _error(field, _("%(label)s不能早于出生日期（%(day)s）。") % {"label": label, "day": cadre.birth_date})
    if cadre.work_start_date and day < cadre.work_start_date:
        raise _error(
            field, _("%(label)s不能早于参加工作时间（%(day)s）。") % {"label": label, "day": cadre.work_start_date}
        )


def _check_required(data: dict, fields: dict[str, str]) -> None:
    missing = {
        field: [_("请填写%(label)s。") % {"label": label}] for field, label in fields.items() if not data.get(field)
    }
    if missing:
        raise ValidationError(missing)


def _refuse_post_if_barred(
    *, cadre: Cadre, on_date: date, to_level: int | None, is_promotion: bool, field: str
) -> None:
    """Refuse taking a post of leadership level ``to_level`` on a date a bar covers, citing the bar.

    Each bar refuses only what it names (domain-rules §1, §5; ``rules.post_refusing_bars``).
    """
    bars = rules.post_refusing_bars(
        rules.bars_on(cadre_record_facts(cadre=cadre), on_date), to_level=to_level, is_promotion=is_promotion
    )
    if bars:
        what = _("提拔任职") if is_promotion else _("担任%(level)s领导职务") % {"level": _level_label(to_level)}
        raise _error(
            field,
            _("%(day)s该干部不得%(what)s：%(reason)s") % {"day": on_date, "what": what, "reason": bars[0].reason},
        )


def _refuse_rank_promotion_if_barred(*, cadre: Cadre, on_date: date, field: str) -> None:
    """Refuse a rank promotion on a date a promotion bar covers (domain-rules §1, §5 art. 21)."""
    bars = rules.rank_promotion_refusing_bars(rules.bars_on(cadre_record_facts(cadre=cadre), on_date))
    if bars:
        raise _error(
            field,
            _("%(day)s该干部不得%(what)s：%(reason)s")
            % {"day": on_date, "what": _("晋升职级"), "reason": bars[0].reason},
        )


def _level_label(level: int | None) -> str:
    return str(LeadershipLevel(level).label) if level else _("无")


# ---------------------------------------------------------------- appointments (任免)


@atomic_with_history
def appointment_create(*, actor: User, cadre: Cadre, data: dict) -> Appointment:
    """Record a 任免 and bring the cadre's current post, level, unit and post date in step with it.

    A 提拔 to 县处级 without the grassroots experience of domain-rules §7 is refused with the figure unless
    ``data["acknowledge_warnings"]`` is true; the acknowledged warning is kept on the record.
    """
    cadre = _locked_cadre(actor=actor, cadre=cadre)
    acknowledged = bool(data.get("acknowledge_warnings"))
    data = {field: data.get(field) for field in APPOINTMENT_FIELDS}
    kind = data["kind"]
    if kind not in AppointmentKind.values:
        raise _error("kind", _("请选择任免类型。"))
    _check_required(data, {"approving_body": _("批准机关"), "document_number": _("文号")})
    day = data["effective_date"]
    _check_date(cadre=cadre, day=day, field="effective_date", label=_("任免时间"))
    latest = cadre.appointments.order_by("-effective_date", "-pk").first()
    if latest and day < latest.effective_date:
        raise _error(
            "effective_date",
            _("任免时间早于该干部最近一条任免记录（%(day)s %(kind)s），请按时间先后录入。")
            % {"day": latest.effective_date, "kind": latest.get_kind_display()},
        )
    same_day = list(cadre.appointments.filter(effective_date=day))
    if any(other.kind == kind for other in same_day):
        raise _error(
            "effective_date",
            _("该干部在%(day)s已有一条“%(kind)s”记录，不能重复录入。")
            % {"day": day, "kind": AppointmentKind(kind).label},
        )
    if kind in (AppointmentKind.REMOVAL, AppointmentKind.LEAVE_LEADERSHIP):
        new_state = _removal_state(cadre=cadre, data=data)
    else:
        if any(
            other.kind != AppointmentKind.REMOVAL and other.kind != AppointmentKind.LEAVE_LEADERSHIP
            for other in same_day
        ):
            raise _error("effective_date", _("该干部在%(day)s已有一条任职记录，同一天不能任两个职务。") % {"day": day})
        new_state = _taking_state(cadre=cadre, data=data)
    warning = _promotion_warning(cadre=cadre, data=data)
    if warning and not acknowledged:
        raise _error("acknowledge_warnings", warning + _("如确需提拔，请勾选“已知悉上述提示”后再提交。"))
    appointment = Appointment(
        cadre=cadre,
        created_by=actor,
        acknowledged_warning=warning or "",
        previous_post_title=cadre.post_title,
        previous_leadership_level=cadre.leadership_level,
        previous_post_date=cadre.post_date,
        previous_unit=cadre.unit,
        **{field: value for field, value in data.items() if field != "note"},
        note=data["note"] or "",
    )
    if kind in PROBATION_APPOINTMENT_KINDS:
        appointment.probation_end = probation_last_day(kind=kind, start=day)
        appointment.probation_outcome = ProbationOutcome.PENDING
    _save(appointment)
    career_fields_write(
        actor=actor,
        cadre=cadre,
        data=new_state,
        reason=_("任免：%(kind)s %(post)s（%(doc)s）")
        % {"kind": appointment.get_kind_display(), "post": appointment.post_title, "doc": appointment.document_number},
    )
    return appointment


def probation_last_day(*, kind: str, start: date) -> date:
    """The last day of the probation an appointment of ``kind`` starting on ``start`` begins: a promotion's
    任职试用期 (CAREERS_PROBATION_MONTHS) or a hire's 录用试用期 (CAREERS_HIRE_PROBATION_MONTHS, domain-rules
    §2, art. 25). A hire on 2025-07-01 with 12 months → 2026-06-30."""
    hire = kind == AppointmentKind.HIRE
    months = settings.CAREERS_HIRE_PROBATION_MONTHS if hire else settings.CAREERS_PROBATION_MONTHS
    return period_last_day(start, months)


def _promotion_warning(*, cadre: Cadre, data: dict) -> str | None:
    """The warning a 提拔 to 县处级 needs acknowledged: grassroots experience short of
    POSTINGS_GRASSROOTS_MIN_YEARS on the day of the promotion (domain-rules §7, S), with the figure."""
    level = data["leadership_level"]
    if data["kind"] != AppointmentKind.PROMOTION or level is None or level < LeadershipLevel.COUNTY_DEPUTY:
        return None
    experience = cadre_grassroots_experience(cadre=cadre, on=data["effective_date"])
    return grassroots_shortfall_warning(experience=experience, min_years=settings.POSTINGS_GRASSROOTS_MIN_YEARS)


def _removal_state(*, cadre: Cadre, data: dict) -> dict:
    """免职 or 退出领导岗位: only from the post the cadre holds."""
    if not cadre.post_title:
        raise _error("post_title", _("该干部当前没有担任职务，不能免职。"))
    if not data["post_title"]:
        data["post_title"] = cadre.post_title
    if data["post_title"] != cadre.post_title:
        raise _error(
            "post_title",
            _("该干部现任职务为“%(held)s”，不能免去其未担任的职务“%(given)s”。")
            % {"held": cadre.post_title, "given": data["post_title"]},
        )
    if data["kind"] == AppointmentKind.LEAVE_LEADERSHIP and cadre.leadership_level is None:
        raise _error("kind", _("该干部未担任领导职务，不能退出领导岗位。"))
    data["unit"] = data["unit"] or cadre.unit
    if data["unit"].pk != cadre.unit_id:
        raise _error("unit", _("免职的单位应为该干部现任职单位（%(unit)s）。") % {"unit": cadre.unit.name})
    data["leadership_level"] = cadre.leadership_level
    return {"post_title": "", "leadership_level": None, "post_date": None}


def _taking_state(*, cadre: Cadre, data: dict) -> dict:
    """A post taken: the level must fit the kind (提拔 up, 降职 down, 转任/交流 the same, 改任职级 none)."""
    kind, level, current = data["kind"], data["leadership_level"], cadre.leadership_level
    _check_required(data, {"post_title": _("职务名称"), "unit": _("任职单位")})
    if kind == AppointmentKind.HIRE:
        _check_hire(cadre=cadre, data=data)
    elif kind == AppointmentKind.PROMOTION:
        if level is None:
            raise _error("leadership_level", _("提拔任职须填写领导职务层次。"))
        if current is not None and level <= current:
            raise _error(
                "leadership_level",
                _("提拔任职的领导职务层次应高于现任层次（%(level)s）。") % {"level": _level_label(current)},
            )
    elif kind in (AppointmentKind.LATERAL_TRANSFER, AppointmentKind.EXCHANGE):
        if level is None:
            data["leadership_level"] = level = current
        if current is not None and level != current:
            raise _error(
                "leadership_level",
                _("%(kind)s的领导职务层次应与现任层次（%(level)s）相同；升降层次请选择提拔任职或降职。")
                % {"kind": AppointmentKind(kind).label, "level": _level_label(current)},
            )
    elif kind == AppointmentKind.DEMOTION:
        if current is None:
            raise _error("kind", _("该干部未担任领导职务，不能降职。"))
        if level is not None and level >= current:
            raise _error(
                "leadership_level",
                _("降职后的领导职务层次应低于现任层次（%(level)s）。") % {"level": _level_label(current)},
            )
    elif kind == AppointmentKind.CHANGE_TO_RANK:
        if current is None:
            raise _error("kind", _("该干部未担任领导职务，不能改任职级。"))
        if level is not None:
            raise _error("leadership_level", _("改任职级后不再担任领导职务，请不要填写领导职务层次。"))
    is_promotion = kind == AppointmentKind.PROMOTION
    _refuse_post_if_barred(
        cadre=cadre,
        on_date=data["effective_date"],
        to_level=level,
        is_promotion=is_promotion,
        field="effective_date" if is_promotion else "leadership_level",
    )
    return {
        "post_title": data["post_title"],
        "leadership_level": data["leadership_level"],
        "post_date": data["effective_date"],
        "unit": data["unit"],
    }


def _check_hire(*, cadre: Cadre, data: dict) -> None:
    """A 录用 is the cadre's entry: once per cadre, into a non-leadership post, before any other post record."""
    if data["leadership_level"] is not None:
        raise _error("leadership_level", _("录用的是非领导职务，请不要填写领导职务层次。"))
    hire = cadre.appointments.filter(kind=AppointmentKind.HIRE).first()
    if hire is not None:
        raise _error("kind", _("该干部已有录用记录（%(day)s），不能重复录用。") % {"day": hire.effective_date})
    if cadre.leadership_level is not None:
        raise _error("kind", _("该干部现任领导职务，不是新录用人员，请选择其他任免类型。"))


@atomic_with_history
def appointment_probation_conclude(
    *, actor: User, appointment: Appointment, outcome: str, concluded_on: date
) -> Appointment:
    """Close a probation: 正式任职, or 试用不合格 with a return to the previous post and level (for a hire:
    no post, 取消录用)."""
    cadre = _locked_cadre(actor=actor, cadre=appointment.cadre)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if refusal := rules.probation_conclude_refusal(appointment):
        raise _error("outcome", refusal)
    if outcome not in (ProbationOutcome.CONFIRMED, ProbationOutcome.FAILED):
        raise _error("outcome", _("请选择试用结果：正式任职或试用不合格。"))
    _check_date(cadre=cadre, day=concluded_on, field="concluded_on", label=_("试用考核时间"))
    if concluded_on < appointment.effective_date:
        raise _error(
            "concluded_on", _("试用考核时间不能早于任职时间（%(day)s）。") % {"day": appointment.effective_date}
        )
    if outcome == ProbationOutcome.FAILED:
        latest = cadre.appointments.order_by("-effective_date", "-pk").first()
        if latest.pk != appointment.pk:
            raise _error("outcome", _("该干部此后已有新的任免记录，不能直接恢复原职务层次，请录入相应任免记录。"))
        career_fields_write(
            actor=actor,
            cadre=cadre,
            data={
                "post_title": appointment.previous_post_title,
                "leadership_level": appointment.previous_leadership_level,
                "post_date": appointment.previous_post_date,
                "unit": appointment.previous_unit or cadre.unit,
            },
            reason=_("试用不合格，恢复原职务层次（%(doc)s）") % {"doc": appointment.document_number},
        )
    appointment.probation_outcome = outcome
    appointment.probation_concluded_on = concluded_on
    appointment.save(update_fields=["probation_outcome", "probation_concluded_on", "updated_at"])
    return appointment


# ---------------------------------------------------------------- rank changes (职级)


@atomic_with_history
def rank_change_create(*, actor: User, cadre: Cadre, data: dict) -> RankChange:
    """Record a 职级 change from the rank the cadre holds, and bring the cadre's rank and rank date in step."""
    cadre = _locked_cadre(actor=actor, cadre=cadre)
    data = {field: data.get(field) for field in RANK_CHANGE_FIELDS}
    if data["from_rank"] is None:
        data["from_rank"] = cadre.rank
    if data["kind"] not in RankChangeKind.values:
        raise _error("kind", _("请选择变动类型。"))
    if data["to_rank"] not in Rank.values:
        raise _error("to_rank", _("请选择新职级。"))
    _check_required(data, {"reason": _("变动原因"), "document_number": _("文号")})
    day = data["effective_date"]
    _check_date(cadre=cadre, day=day, field="effective_date", label=_("生效时间"))
    problems = rules.rank_change_problems(
        kind=data["kind"], from_rank=data["from_rank"], to_rank=data["to_rank"], current_rank=cadre.rank
    )
    if data["from_rank"] != cadre.rank:
        problems = [
            _("原职级（%(given)s）与该干部现职级（%(held)s）不一致。")
            % {
                "given": Rank(data["from_rank"]).label if data["from_rank"] else _("无"),
                "held": Rank(cadre.rank).label if cadre.rank else _("无"),
            },
            *problems[1:],
        ]
    if problems:
        raise ValidationError({"to_rank": problems})
    if cadre.rank_date and day <= cadre.rank_date:
        raise _error("effective_date", _("生效时间应晚于任现职级时间（%(day)s）。") % {"day": cadre.rank_date})
    latest = cadre.rank_changes.order_by("-effective_date", "-pk").first()
    if latest and day <= latest.effective_date:
        raise _error(
            "effective_date",
            _("生效时间应晚于该干部最近一次职级变动（%(day)s %(kind)s）。")
            % {"day": latest.effective_date, "kind": latest.get_kind_display()},
        )
    if data["kind"] == RankChangeKind.RESTORATION:
        lowered_from = [
            change.from_rank for change in cadre.rank_changes.filter(kind=RankChangeKind.DEMOTION) if change.from_rank
        ]
        if not lowered_from or data["to_rank"] > max(lowered_from):
            raise _error("to_rank", _("该干部没有从该职级被降低的记录，不能恢复到该职级。"))
    if data["kind"] in (RankChangeKind.PROMOTION, RankChangeKind.CONVERSION):
        ceiling_problem = rules.rank_ceiling_problem(to_rank=data["to_rank"])
        if ceiling_problem:
            raise _error("to_rank", ceiling_problem)
    if data["kind"] == RankChangeKind.PROMOTION:
        _refuse_rank_promotion_if_barred(cadre=cadre, on_date=day, field="effective_date")
    change = RankChange(cadre=cadre, created_by=actor, **data)
    _save(change)
    career_fields_write(
        actor=actor,
        cadre=cadre,
        data={"rank": change.to_rank, "rank_date": day},
        reason=_("职级%(kind)s：%(rank)s（%(doc)s）")
        % {"kind": change.get_kind_display(), "rank": change.get_to_rank_display(), "doc": change.document_number},
    )
    return change


# ---------------------------------------------------------------- accountability records


@atomic_with_history
def accountability_record_create(*, actor: User, cadre: Cadre, data: dict) -> AccountabilityRecord:
    """Record an organizational measure, a discipline, a sanction, an investigation (domain-rules §1) or a
    removal from the party rolls (除名, 党章 art. 9; domain-rules §10 counts it).

    Raises ``ValidationError`` (by field) for a kind of another family than ``family``, a party discipline
    or 除名 for a cadre who is not a party member, fields that do not belong to the kind, and duplicates.
    """
    cadre = _locked_cadre(actor=actor, cadre=cadre)
    family_given = data.get("family")
    data = {field: data.get(field) for field in RECORD_FIELDS}
    kind = data["kind"]
    if kind not in RecordKind.values:
        raise _error("kind", _("请选择种类。"))
    family = RECORD_KIND_FAMILY[kind]
    if family_given and family_given != family:
        raise _error(
            "kind",
            _("“%(kind)s”不属于“%(family)s”。")
            % {"kind": RecordKind(kind).label, "family": RecordFamily(family_given).label},
        )
    _check_required(data, {"issuing_body": _("作出机关"), "reason": _("事由")})
    day = data["decided_on"]
    _check_date(cadre=cadre, day=day, field="decided_on", label=_("决定（立案）日期"))
    if family in PARTY_MEMBER_FAMILIES and cadre.political_status not in PARTY_MEMBER_STATUSES:
        if family == RecordFamily.PARTY_DISCIPLINE:
            raise _error("kind", _("该干部不是中共党员，不能给予党纪处分。"))
        raise _error("kind", _("该干部不是中共党员，不能除名。"))
    if family in PARTY_MEMBER_FAMILIES:
        _refuse_if_out_of_the_party(cadre=cadre, day=day)
    if kind == RecordKind.PARTY_PROBATION:
        if data["probation_years"] not in (1, 2):
            raise _error("probation_years", _("留党察看须选择期限：1年或2年。"))
    elif data["probation_years"] is not None:
        raise _error("probation_years", _("只有留党察看需要填写期限。"))
    if data["ends_on"] is not None:
        if kind != RecordKind.SUSPENSION:
            raise _error("ends_on", _("只有停职检查需要填写截止日期。"))
        if data["ends_on"] < day:
            raise _error("ends_on", _("停职检查截止日期不能早于开始日期。"))
    data["old_leadership_level"] = _old_leadership_level(
        cadre=cadre, kind=kind, day=day, given=data["old_leadership_level"]
    )
    if kind == RecordKind.INVESTIGATION:
        _check_closure(
            closed_on=data["closed_on"], outcome=data["outcome"], sanction_kind=data["sanction_kind"], opened_on=day
        )
        open_case = cadre.accountability_records.filter(
            kind=RecordKind.INVESTIGATION, closed_on__isnull=True, status=RecordStatus.ACTIVE
        ).first()
        if open_case and data["closed_on"] is None:
            raise _error(
                "kind", _("该干部已有未结案的立案审查调查（%(day)s立案），请先结案。") % {"day": open_case.decided_on}
            )
    elif data["closed_on"] is not None or data["outcome"] or data["sanction_kind"]:
        raise _error("closed_on", _("只有立案审查调查需要填写结案日期和结果。"))
    if cadre.accountability_records.filter(kind=kind, decided_on=day, status=RecordStatus.ACTIVE).exists():
        raise _error(
            "decided_on",
            _("该干部在%(day)s已有一条有效的“%(kind)s”记录，不能重复录入。")
            % {"day": day, "kind": RecordKind(kind).label},
        )
    record = AccountabilityRecord(
        cadre=cadre,
        family=family,
        created_by=actor,
        kind=kind,
        decided_on=day,
        issuing_body=data["issuing_body"],
        document_number=data["document_number"] or "",
        reason=data["reason"],
        internal_notes=data["internal_notes"] or "",
        probation_years=data["probation_years"],
        ends_on=data["ends_on"],
        closed_on=data["closed_on"],
        outcome=data["outcome"] or "",
        sanction_kind=data["sanction_kind"] or "",
        old_leadership_level=data["old_leadership_level"],
    )
    _save(record)
    return record


def _refuse_if_out_of_the_party(*, cadre: Cadre, day: date) -> None:
    """Refuse a party discipline or a 除名 on ``day`` for a cadre expelled or removed from the rolls before
    it (a record still in force, since the party membership on the record began): he is no longer a member
    (党章 art. 9; 纪律处分条例), whatever the political status on the record still says."""
    left = (
        cadre.accountability_records.filter(
            kind__in=(RecordKind.PARTY_EXPULSION, RecordKind.PARTY_ROLL_REMOVAL),
            status=RecordStatus.ACTIVE,
            decided_on__lte=day,
        )
        .filter(decided_on__gte=cadre.party_join_date or date.min)
        .order_by("-decided_on")
        .first()
    )
    if left is not None:
        raise _error(
            "kind",
            _("该干部已于%(day)s被%(kind)s，不再是中共党员。")
            % {"day": left.decided_on, "kind": left.get_kind_display()},
        )


def _old_leadership_level(*, cadre: Cadre, kind: str, day: date, given: int | None) -> int | None:
    """The leadership level held before a 免职 or 责令辞职 (domain-rules §1): as given, or else the level the
    cadre holds, or else the level given up by the latest removal on or before ``day``."""
    if kind not in OLD_LEVEL_MEASURE_KINDS:
        if given is not None:
            raise _error("old_leadership_level", _("只有免职、责令辞职需要填写原领导职务层次。"))
        return None
    if given is not None:
        if given not in LeadershipLevel.values:
            raise _error("old_leadership_level", _("请选择原领导职务层次。"))
        return given
    if cadre.leadership_level is not None:
        return cadre.leadership_level
    removal = (
        cadre.appointments.filter(
            kind__in=[AppointmentKind.REMOVAL, AppointmentKind.LEAVE_LEADERSHIP],
            effective_date__lte=day,
            leadership_level__isnull=False,
        )
        .order_by("-effective_date", "-pk")
        .first()
    )
    if removal is None:
        raise _error(
            "old_leadership_level",
            _("请填写原领导职务层次：%(kind)s后24个月内不得担任高于该层次的领导职务。")
            % {"kind": RecordKind(kind).label},
        )
    return removal.leadership_level


def _check_closure(*, closed_on: date | None, outcome: str | None, sanction_kind: str | None, opened_on: date) -> None:
    """A closure needs its date and result; 给予处分 also names the sanction, which decides the grade of the
    investigated year (domain-rules §2, 考核规定 art. 28)."""
    if bool(closed_on) != bool(outcome):
        raise _error("closed_on", _("结案须同时填写结案日期和审查调查结果。"))
    if outcome and outcome not in InvestigationOutcome.values:
        raise _error("outcome", _("请选择审查调查结果。"))
    if outcome == InvestigationOutcome.SANCTIONED:
        if not sanction_kind:
            raise _error("sanction_kind", _("审查调查结果为“给予处分”时，请选择所给予的处分。"))
        if sanction_kind not in INVESTIGATION_SANCTION_KINDS:
            raise _error("sanction_kind", _("请选择警告以上的处分种类；仅予警告请选择“仅予警告”。"))
    elif sanction_kind:
        raise _error("sanction_kind", _("只有审查调查结果为“给予处分”时需要选择处分种类。"))
    if closed_on is not None:
        if closed_on < opened_on:
            raise _error("closed_on", _("结案日期不能早于立案日期（%(day)s）。") % {"day": opened_on})
        if closed_on > timezone.localdate():
            raise _error("closed_on", _("结案日期不能晚于今天。"))


def _locked_record(*, actor: User, record: AccountabilityRecord) -> AccountabilityRecord:
    _locked_cadre(actor=actor, cadre=record.cadre)
    return AccountabilityRecord.objects.select_for_update().get(pk=record.pk)


@atomic_with_history
def investigation_close(
    *, actor: User, record: AccountabilityRecord, closed_on: date, outcome: str, sanction_kind: str = ""
) -> AccountabilityRecord:
    """Close an open investigation with its outcome (and, for 给予处分, the sanction given).

    The investigation bar ends the day it closes; the outcome decides the grade of every year whose grade
    was set while the case was open (``rules.grade_cap``, domain-rules §2 art. 28).
    """
    record = _locked_record(actor=actor, record=record)
    if refusal := rules.investigation_close_refusal(record):
        raise _error("closed_on", refusal)
    if outcome not in InvestigationOutcome.values:
        raise _error("outcome", _("请选择审查调查结果。"))
    _check_closure(closed_on=closed_on, outcome=outcome, sanction_kind=sanction_kind, opened_on=record.decided_on)
    record.closed_on, record.outcome, record.sanction_kind = closed_on, outcome, sanction_kind or ""
    record.save(update_fields=["closed_on", "outcome", "sanction_kind", "updated_at"])
    return record


@atomic_with_history
def accountability_record_revoke(
    *, actor: User, record: AccountabilityRecord, revoked_on: date, reason: str, corrected: bool = False
) -> AccountabilityRecord:
    """Revoke (撤销) or correct (更正) a record. It keeps its history and bars nothing from ``revoked_on``."""
    record = _locked_record(actor=actor, record=record)
    if refusal := rules.revoke_refusal(record):
        raise _error("revoked_on", refusal)
    if not (reason or "").strip():
        raise _error("reason", _("请填写撤销（更正）原因。"))
    if revoked_on is None:
        raise _error("revoked_on", _("请填写撤销（更正）日期。"))
    if revoked_on < record.decided_on:
        raise _error("revoked_on", _("撤销（更正）日期不能早于决定日期（%(day)s）。") % {"day": record.decided_on})
    if revoked_on > timezone.localdate():
        raise _error("revoked_on", _("撤销（更正）日期不能晚于今天。"))
    record.status = RecordStatus.CORRECTED if corrected else RecordStatus.REVOKED
    record.revoked_on, record.revocation_reason = revoked_on, reason.strip()
    record.save(update_fields=["status", "revoked_on", "revocation_reason", "updated_at"])
    return record


# ---------------------------------------------------------------- unfit-for-post adjustment


def _clean_situations(situations: dict | None) -> dict:
    """Checked situations with their evidence: at least one, each known, each with evidence written."""
    if situations is not None and not isinstance(situations, dict):
        raise _error("situations", _("情形应为“情形: 事实依据”的对应表。"))
    cleaned = {}
    for key, evidence in (situations or {}).items():
        if key not in UnfitSituation.values:
            raise _error("situations", _("未知的情形：%(key)s。") % {"key": key})
        if not isinstance(evidence, str) or not evidence.strip():
            raise _error(
                "situations", _("请填写“%(situation)s”的事实依据。") % {"situation": UnfitSituation(key).label}
            )
        cleaned[key] = evidence.strip()
    if not cleaned:
        raise _error("situations", _("请至少勾选一种情形，并写明事实依据。"))
    return cleaned


@atomic_with_history
def unfit_case_open(
    *, actor: User, cadre: Cadre, opened_on: date, situations: dict | None = None, summary: str = ""
) -> UnfitAdjustmentCase:
    """Open an unfit-for-post adjustment case for a leader, with the situations found and their evidence."""
    cadre = _locked_cadre(actor=actor, cadre=cadre)
    if cadre.leadership_level is None:
        raise _error("cadre", _("该干部未担任领导职务，不适用不适宜担任现职调整。"))
    _check_date(cadre=cadre, day=opened_on, field="opened_on", label=_("启动日期"))
    if cadre.unfit_cases.exclude(status=CaseStatus.DECIDED).exists():
        raise _error("cadre", _("该干部已有一个未办结的不适宜担任现职调整案件。"))
    case = UnfitAdjustmentCase(
        cadre=cadre,
        opened_on=opened_on,
        situations=_clean_situations(situations),
        summary=summary or "",
        created_by=actor,
    )
    _save(case)
    return case


@atomic_with_history
def unfit_case_update(
    *, actor: User, case: UnfitAdjustmentCase, situations: dict, summary: str = ""
) -> UnfitAdjustmentCase:
    """Amend the checklist while the facts are checked; the case moves to 调查核实中."""
    _locked_cadre(actor=actor, cadre=case.cadre)
    case = UnfitAdjustmentCase.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.DECIDED:
        raise _error("status", _("该案件已作出决定，不能修改。"))
    case.situations = _clean_situations(situations)
    case.summary = summary or ""
    case.status = CaseStatus.INVESTIGATING
    case.save(update_fields=["situations", "summary", "status", "updated_at"])
    return case


@atomic_with_history
def unfit_case_decide(*, actor: User, case: UnfitAdjustmentCase, data: dict) -> UnfitAdjustmentCase:
    """Decide the case: the decision creates the matching 任免 record and organizational measure."""
    cadre = _locked_cadre(actor=actor, cadre=case.cadre)
    case = UnfitAdjustmentCase.objects.select_for_update().get(pk=case.pk)
    if refusal := rules.unfit_case_decide_refusal(case):
        raise _error("decision", refusal)
    decision = data.get("decision")
    if decision not in UnfitDecision.values:
        raise _error("decision", _("请选择调整方式。"))
    decided_on = data.get("decided_on")
    if decided_on is None:
        raise _error("decided_on", _("请填写决定日期。"))
    if decided_on < case.opened_on:
        raise _error("decided_on", _("决定日期不能早于启动日期（%(day)s）。") % {"day": case.opened_on})
    appointment = appointment_create(
        actor=actor,
        cadre=cadre,
        data={
            "kind": UNFIT_DECISION_APPOINTMENT_KIND[decision],
            "post_title": data.get("post_title") or (cadre.post_title if decision == UnfitDecision.REMOVAL else ""),
            "unit": data.get("unit") or cadre.unit,
            "leadership_level": data.get("leadership_level"),
            "effective_date": decided_on,
            "approving_body": data.get("approving_body"),
            "document_number": data.get("document_number"),
            "note": _("不适宜担任现职调整"),
        },
    )
    situation_labels = "、".join(label for label, _evidence in case.situation_items)
    measure = accountability_record_create(
        actor=actor,
        cadre=cadre,
        data={
            "kind": UNFIT_DECISION_MEASURE_KIND[decision],
            "decided_on": decided_on,
            "issuing_body": data.get("approving_body"),
            "document_number": data.get("document_number"),
            "reason": _("不适宜担任现职（%(situations)s）") % {"situations": situation_labels},
        },
    )
    case.status, case.decision, case.decided_on = CaseStatus.DECIDED, decision, decided_on
    case.appointment, case.measure = appointment, measure
    case.save(update_fields=["status", "decision", "decided_on", "appointment", "measure", "updated_at"])
    return case


# ---------------------------------------------------------------- fault tolerance (容错纠错)


@atomic_with_history
def fault_tolerance_case_open(
    *, actor: User, record: AccountabilityRecord, distinction: str, opened_on: date, facts: str
) -> FaultToleranceCase:
    """Open a fault-tolerance case on a record, naming which of the 三个区分开来 applies."""
    record = _locked_record(actor=actor, record=record)
    if distinction not in FaultToleranceDistinction.values:
        raise _error("distinction", _("请选择适用的“三个区分开来”情形。"))
    if record.kind == RecordKind.INVESTIGATION:
        raise _error("record", _("立案审查调查不适用容错纠错，请针对其后的处理记录申请。"))
    if record.kind == RecordKind.PARTY_ROLL_REMOVAL:
        raise _error("record", _("除名是对不合格党员的处置，不是问责，不适用容错纠错。"))
    if record.status != RecordStatus.ACTIVE:
        raise _error("record", _("该记录已撤销或更正，不需要容错纠错。"))
    if not (facts or "").strip():
        raise _error("facts", _("请填写事实与理由。"))
    if opened_on is None or opened_on < record.decided_on:
        raise _error("opened_on", _("申请日期不能早于处理决定日期（%(day)s）。") % {"day": record.decided_on})
    if opened_on > timezone.localdate():
        raise _error("opened_on", _("申请日期不能晚于今天。"))
    if record.fault_tolerance_cases.filter(outcome=FaultToleranceOutcome.EXEMPT).exists():
        raise _error("record", _("该记录已认定免责。"))
    if record.fault_tolerance_cases.exclude(status=CaseStatus.DECIDED).exists():
        raise _error("record", _("该记录已有一个未办结的容错纠错申请。"))
    case = FaultToleranceCase(
        record=record, distinction=distinction, opened_on=opened_on, facts=facts.strip(), created_by=actor
    )
    _save(case)
    return case


@atomic_with_history
def fault_tolerance_case_decide(
    *, actor: User, case: FaultToleranceCase, outcome: str, decided_on: date, decision_reason: str
) -> FaultToleranceCase:
    """Decide: 免责 lifts the record's bars and grade caps; 从轻 and 不予免责 leave them as they are."""
    _locked_record(actor=actor, record=case.record)
    case = FaultToleranceCase.objects.select_for_update().get(pk=case.pk)
    if refusal := rules.fault_tolerance_decide_refusal(case):
        raise _error("outcome", refusal)
    if outcome not in FaultToleranceOutcome.values:
        raise _error("outcome", _("请选择认定结果。"))
    if decided_on is None or decided_on < case.opened_on:
        raise _error("decided_on", _("认定日期不能早于申请日期（%(day)s）。") % {"day": case.opened_on})
    if decided_on > timezone.localdate():
        raise _error("decided_on", _("认定日期不能晚于今天。"))
    if not (decision_reason or "").strip():
        raise _error("decision_reason", _("请填写认定意见。"))
    case.status, case.outcome, case.decided_on = CaseStatus.DECIDED, outcome, decided_on
    case.decision_reason = decision_reason.strip()
    _save(case)
    return case
