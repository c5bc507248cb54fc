"""Demo data of careers and accountability, added by ``seed_demo`` through ``DEMO_SEED_EXTENSIONS``.

For the county just seeded: the appointment that gave every leader the current post, the 录用 of the civil
servants hired in the last three years (with their 录用试用期), a rank-promotion record
for about two fifths of the cadres (consistent with their current rank and rank date), and accountability
records for about 5% of the cadres (mostly reminder talks and admonishments, a few sanctions, party
discipline for party members, and investigations, some closed), and the article's one 除名 a year for 4,000
cadres (domain-rules §10), scaled. Written in bulk with a creation row in each
model's history, COPY on PostgreSQL.
"""

import random
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.management.color import no_style
from django.db import connection
from django.db.models import F, Max, OuterRef, Subquery

from cadres.choices import CadreStatus, LeadershipLevel, PoliticalStatus
from cadres.demo import COUNTY_TIME_ZONE, REFERENCE_DATE, bulk_insert
from cadres.models import Cadre
from careers.choices import (
    INVESTIGATION_SANCTION_KINDS,
    OLD_LEVEL_MEASURE_KINDS,
    POST_TAKING_APPOINTMENT_KINDS,
    PROBATION_APPOINTMENT_KINDS,
    RECORD_KIND_FAMILY,
    AppointmentKind,
    CaseStatus,
    FaultToleranceDistinction,
    FaultToleranceOutcome,
    InvestigationOutcome,
    ProbationOutcome,
    RankChangeKind,
    RecordStatus,
    UnfitSituation,
)
from careers.choices import RecordKind as K
from careers.models import AccountabilityRecord, Appointment, FaultToleranceCase, RankChange, UnfitAdjustmentCase
from core.periods import period_last_day

RECORD_SHARE = 0.05
# 除名 a year for the article's county of about 4,000 cadres (domain-rules §10: "1 removed from the rolls").
ROLL_REMOVALS_PER_4000 = 1
RANK_HISTORY_SHARE = 0.4
REVOKED_SHARE = 0.02
CREATION_REASON = "演示数据初始化"
PARTY_STATUSES = (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY_MEMBER)

# (kind, weight): reminder talks and admonishments dominate, as in the county's figures.
RECORD_WEIGHTS = [
    (K.REMINDER_TALK, 30),
    (K.WRITTEN_INQUIRY, 12),
    (K.ADMONISHMENT, 18),
    (K.SUSPENSION, 1),
    (K.POST_ADJUSTMENT, 3),
    (K.ORDERED_RESIGNATION, 1),
    (K.REMOVAL, 1),
    (K.DEMOTION, 1),
    (K.PARTY_WARNING, 8),
    (K.PARTY_SERIOUS_WARNING, 4),
    (K.PARTY_POST_REVOKED, 1),
    (K.PARTY_PROBATION, 1),
    (K.PARTY_EXPULSION, 1),
    (K.SANCTION_WARNING, 6),
    (K.DEMERIT, 4),
    (K.MAJOR_DEMERIT, 2),
    (K.GRADE_DEMOTION, 1),
    (K.DISMISSAL_FROM_POST, 1),
    (K.INVESTIGATION, 4),
]
ISSUERS = {
    "organizational_measure": "中共新龙县委组织部",
    "party_discipline": "中共新龙县纪律检查委员会",
    "government_sanction": "新龙县监察委员会",
    "investigation": "新龙县纪委监委",
    "unqualified_member_disposal": "所在党支部党员大会（报上级党组织批准）",
}
ROLL_REMOVAL_REASONS = [
    "无正当理由连续六个月不参加党的组织生活、不交纳党费，视为自行脱党",
    "经教育仍无转变，劝其退党坚持不退",
]
REASONS = [
    "落实安全生产责任不到位",
    "信访件办理不及时",
    "工作作风不实，脱贫攻坚数据核实不准确",
    "违规发放津补贴",
    "履行监管职责不力",
    "公务接待超标准",
    "项目资金拨付迟缓",
]


def seed(*, rng: random.Random, cadres_count: int, stdout=None) -> None:
    """The ``DEMO_SEED_EXTENSIONS`` entry point (see cadres/demo.py)."""
    cadres = _active_cadres()
    appointments = appointments_seed(rng=rng, cadres=cadres) + hires_seed() + career_history_seed()
    post_dates_from_appointments()
    ranks = rank_history_seed(rng=rng, cadres=cadres)
    records = records_seed(rng=rng, cadres=cadres)
    records += roll_removals_seed(rng=rng, per_year=roll_removal_count(cadres_count))
    records += open_investigations_seed(rng=rng, cadres=cadres)
    unfit = unfit_cases_seed(rng=rng, cadres=cadres)
    fault_tolerance = fault_tolerance_seed(rng=rng)
    if stdout is not None:
        stdout.write(
            f"careers: {appointments} appointments, {ranks} rank changes, {records} accountability records, "
            f"{unfit} unfit-for-post cases, {fault_tolerance} fault-tolerance cases\n"
        )


def post_dates_from_appointments() -> int:
    """A cadre record without its 任现职时间 takes the date of its latest post-taking appointment when that
    appointment is for the post the record names, as the careers service sets it when it records one: the
    record audit (dashboard.rules.check_current_post_and_rank) compares the two, and a demo county of 4,000
    cadres showed 1,524 "disagreements" that were only dates the seed had left empty. One UPDATE; returns the
    number of cadres updated."""
    latest = Appointment.objects.filter(cadre=OuterRef("pk"), kind__in=POST_TAKING_APPOINTMENT_KINDS).order_by(
        "-effective_date", "-pk"
    )
    return (
        Cadre.objects.filter(post_date__isnull=True)
        .annotate(latest_title=Subquery(latest.values("post_title")[:1]))
        .filter(latest_title=F("post_title"))
        .update(post_date=Subquery(latest.values("effective_date")[:1]))
    )


def _active_cadres() -> list[tuple]:
    return list(
        Cadre.objects.filter(status=CadreStatus.ACTIVE)
        .order_by("pk")
        .values_list(
            "pk",
            "unit_id",
            "post_title",
            "post_date",
            "leadership_level",
            "rank",
            "rank_date",
            "political_status",
            "work_start_date",
        )
    )


def appointments_seed(*, rng: random.Random, cadres: list[tuple]) -> int:
    """The appointment behind every leader's current post (a promotion, with its probation)."""
    rows = []
    for cadre_id, unit_id, post_title, post_date, level, _rank, _rank_date, _party, _work in cadres:
        if level is None or post_date is None:
            continue
        probation_end = period_last_day(post_date, 12)
        rows.append(
            {
                "cadre_id": cadre_id,
                "kind": AppointmentKind.PROMOTION,
                "post_title": post_title,
                "unit_id": unit_id,
                "leadership_level": level,
                "effective_date": post_date,
                "approving_body": "中共新龙县委",
                "document_number": f"新委〔{post_date.year}〕{rng.randint(1, 300)}号",
                "previous_post_title": "",
                "previous_leadership_level": None,
                "previous_post_date": None,
                "previous_unit_id": None,
                "probation_end": probation_end,
                "probation_outcome": ProbationOutcome.CONFIRMED
                if probation_end <= REFERENCE_DATE
                else ProbationOutcome.PENDING,
                "probation_concluded_on": probation_end if probation_end <= REFERENCE_DATE else None,
                "note": "",
                "acknowledged_warning": "",
                "created_by_id": None,
            }
        )
    return insert_with_history(Appointment, rows)


HIRE_YEARS = 3  # civil servants who started work in the last three years have their 录用 on record


def hires_seed() -> int:
    """The 录用 of the civil servants who started work in the last HIRE_YEARS years, on their start date, with
    the 录用试用期 of the settings (concluded 正式 once over by the reference date). The assessment of the
    year a hire's probation covers 31 December is 不定等次 (domain-rules §2). No random draw, so the rest
    of the county stays as it was for the same seed."""
    from django.conf import settings

    from careers.services import probation_last_day

    since = date(REFERENCE_DATE.year - HIRE_YEARS + 1, 1, 1)
    cadres = (
        Cadre.objects.filter(
            status=CadreStatus.ACTIVE,
            category__in=settings.ASSESSMENTS_ASSESSED_CATEGORIES,
            leadership_level__isnull=True,
            work_start_date__gte=since,
        )
        .order_by("pk")
        .values_list("pk", "unit_id", "post_title", "work_start_date")
    )
    rows = []
    for cadre_id, unit_id, post_title, hired_on in cadres:
        probation_end = probation_last_day(kind=AppointmentKind.HIRE, start=hired_on)
        over = probation_end <= REFERENCE_DATE
        rows.append(
            {
                "cadre_id": cadre_id,
                "kind": AppointmentKind.HIRE,
                "post_title": post_title or "一级科员",
                "unit_id": unit_id,
                "leadership_level": None,
                "effective_date": hired_on,
                "approving_body": "新龙县公务员主管部门",
                "document_number": f"新人社〔{hired_on.year}〕{cadre_id % 300 + 1}号",
                "previous_post_title": "",
                "previous_leadership_level": None,
                "previous_post_date": None,
                "previous_unit_id": None,
                "probation_end": probation_end,
                "probation_outcome": ProbationOutcome.CONFIRMED if over else ProbationOutcome.PENDING,
                "probation_concluded_on": probation_end if over else None,
                "note": "",
                "acknowledged_warning": "",
                "created_by_id": None,
            }
        )
    return insert_with_history(Appointment, rows)


STEP_YEARS = 2  # at least this many years between two steps of a demo career
# the post of a leader one level down, when the current title gives none (``previous_leader_post``)
LEVEL_POSTS = {
    LeadershipLevel.TOWNSHIP_DEPUTY: "副科长",
    LeadershipLevel.TOWNSHIP_CHIEF: "科长",
    LeadershipLevel.COUNTY_DEPUTY: "副县长",
}


def career_history_seed() -> int:
    """The career before the current post of the civil servants (and 参公) who started work before the hires
    of ``hires_seed``: a 录用 as 科员 on the work start date (its 录用试用期 concluded), then for a leader one
    提拔 per leadership level below the current one, spread between work start and the current post, each
    with its 任职试用期 concluded; a non-leader whose post is not 科员 took it by 平级转任 on the post date.
    The current post's own appointment is ``appointments_seed``'s. No random draw, so the rest of the county
    stays as it was for the same seed; the unit is the current one (the demo knows no other)."""
    from django.conf import settings

    since = date(REFERENCE_DATE.year - HIRE_YEARS + 1, 1, 1)
    cadres = (
        Cadre.objects.filter(
            status=CadreStatus.ACTIVE,
            category__in=settings.ASSESSMENTS_ASSESSED_CATEGORIES,
            work_start_date__lt=since,
        )
        .order_by("pk")
        .values_list("pk", "unit_id", "post_title", "post_date", "leadership_level", "work_start_date")
    )
    rows = []
    for cadre_id, unit_id, post_title, post_date, level, work_start in cadres:
        for kind, effective, title, step_level in career_steps(
            work_start=work_start, post_title=post_title, post_date=post_date, level=level
        ):
            rows.append(_past_appointment(cadre_id, unit_id, kind, effective, title, step_level))
    return insert_with_history(Appointment, rows)


def career_steps(
    *, work_start: date, post_title: str, post_date: date | None, level: int | None
) -> list[tuple[str, date, str, int | None]]:
    """The steps (kind, date, post, leadership level) before the current post, oldest first, each at least
    STEP_YEARS after the one before and before the current post (``career_history_seed``)."""
    current = post_date or REFERENCE_DATE
    if work_start >= current:
        return []
    steps = [(AppointmentKind.HIRE, work_start, "科员", None)]
    if level:
        lower = list(range(LeadershipLevel.TOWNSHIP_DEPUTY, level))
        room = (current - work_start).days // (365 * STEP_YEARS) - 1  # steps that fit with STEP_YEARS between
        lower = lower[max(0, len(lower) - room) :] if room > 0 else []
        span = (current - work_start).days
        for index, step_level in enumerate(lower, start=1):
            effective = (work_start + timedelta(days=span * index // (len(lower) + 1))).replace(day=1)
            title = previous_leader_post(post_title, level) if step_level == level - 1 else LEVEL_POSTS[step_level]
            steps.append((AppointmentKind.PROMOTION, effective, title, step_level))
    elif post_date and post_title and post_title != "科员" and (post_date - work_start).days >= 365 * STEP_YEARS:
        steps.append((AppointmentKind.LATERAL_TRANSFER, post_date, post_title, None))
    return steps


def previous_leader_post(post_title: str, level: int) -> str:
    """The deputy's title under a chief's (党委书记 → 党委副书记, 镇长 → 副镇长), else the level's usual one."""
    if "书记" in post_title and "副书记" not in post_title:
        return post_title.replace("书记", "副书记", 1)
    if len(post_title) <= 3 and not post_title.startswith("副") and level in (2, 4):
        return "副" + post_title
    return LEVEL_POSTS[level - 1]


def _past_appointment(cadre_id: int, unit_id: int, kind: str, effective: date, title: str, level) -> dict:
    """An appointment row of a past step: its probation (录用 or 任职试用期) over and concluded 正式."""
    from careers.services import probation_last_day

    probation_end = probation_last_day(kind=kind, start=effective) if kind in PROBATION_APPOINTMENT_KINDS else None
    hire = kind == AppointmentKind.HIRE
    body, prefix = ("新龙县公务员主管部门", "新人社") if hire else ("中共新龙县委", "新委")
    return {
        "cadre_id": cadre_id,
        "kind": kind,
        "post_title": title,
        "unit_id": unit_id,
        "leadership_level": level,
        "effective_date": effective,
        "approving_body": body,
        "document_number": f"{prefix}〔{effective.year}〕{cadre_id % 300 + 1}号",
        "previous_post_title": "",
        "previous_leadership_level": None,
        "previous_post_date": None,
        "previous_unit_id": None,
        "probation_end": probation_end,
        "probation_outcome": ProbationOutcome.CONFIRMED if probation_end else "",
        "probation_concluded_on": probation_end,
        "note": "",
        "acknowledged_warning": "",
        "created_by_id": None,
    }


def rank_history_seed(*, rng: random.Random, cadres: list[tuple]) -> int:
    """A one-step rank promotion on the current rank date for about two fifths of the ranked cadres."""
    rows = []
    for cadre_id, _unit, _post, _post_date, _level, rank, rank_date, _party, _work in cadres:
        if not rank or rank < 2 or rank_date is None or rng.random() >= RANK_HISTORY_SHARE:
            continue
        rows.append(
            {
                "cadre_id": cadre_id,
                "kind": RankChangeKind.PROMOTION,
                "from_rank": rank - 1,
                "to_rank": rank,
                "effective_date": rank_date,
                "reason": "任职年限和考核结果符合条件",
                "document_number": f"新组〔{rank_date.year}〕{rng.randint(1, 500)}号",
                "created_by_id": None,
            }
        )
    return insert_with_history(RankChange, rows)


def records_seed(*, rng: random.Random, cadres: list[tuple] | None = None, share: float = RECORD_SHARE) -> int:
    """Accountability records for about ``share`` of the cadres, over the four years before the reference date."""
    cadres = _active_cadres() if cadres is None else cadres
    kinds = [kind for kind, _weight in RECORD_WEIGHTS]
    weights = [weight for _kind, weight in RECORD_WEIGHTS]
    rows = []
    for cadre_id, _unit, _post, _post_date, level, _rank, _rank_date, party, work_start in cadres:
        if rng.random() >= share:
            continue
        kind = rng.choices(kinds, weights)[0]
        if RECORD_KIND_FAMILY[kind] == "party_discipline" and party not in PARTY_STATUSES:
            kind = K.ADMONISHMENT
        earliest = max(REFERENCE_DATE - timedelta(days=4 * 365), work_start or date(2000, 1, 1))
        decided_on = earliest + timedelta(days=rng.randint(0, max(0, (REFERENCE_DATE - earliest).days - 1)))
        closed_on = outcome = None
        sanction_kind = ""
        if kind == K.INVESTIGATION and rng.random() < 0.7:
            closed_on = min(REFERENCE_DATE, decided_on + timedelta(days=rng.randint(30, 300)))
            outcome = rng.choice(InvestigationOutcome.values)
            if outcome == InvestigationOutcome.SANCTIONED:
                sanction_kinds = [
                    choice
                    for choice in INVESTIGATION_SANCTION_KINDS
                    if party in PARTY_STATUSES or RECORD_KIND_FAMILY[choice] != "party_discipline"
                ]
                sanction_kind = rng.choice(sanction_kinds)
        revoked = rng.random() < REVOKED_SHARE and kind != K.INVESTIGATION
        revoked_on = min(REFERENCE_DATE, decided_on + timedelta(days=rng.randint(30, 200))) if revoked else None
        rows.append(
            {
                "cadre_id": cadre_id,
                "family": RECORD_KIND_FAMILY[kind],
                "kind": kind,
                "decided_on": decided_on,
                "issuing_body": ISSUERS[RECORD_KIND_FAMILY[kind]],
                "document_number": f"新纪〔{decided_on.year}〕{rng.randint(1, 400)}号",
                "reason": rng.choice(REASONS),
                "internal_notes": "",
                "probation_years": rng.choice([1, 2]) if kind == K.PARTY_PROBATION else None,
                "ends_on": decided_on + timedelta(days=60) if kind == K.SUSPENSION else None,
                "closed_on": closed_on,
                "outcome": outcome or "",
                "sanction_kind": sanction_kind,
                "old_leadership_level": (level or LeadershipLevel.TOWNSHIP_DEPUTY)
                if kind in OLD_LEVEL_MEASURE_KINDS
                else None,
                "status": RecordStatus.REVOKED if revoked else RecordStatus.ACTIVE,
                "revoked_on": revoked_on,
                "revocation_reason": "复查后撤销" if revoked else "",
                "created_by_id": None,
            }
        )
    return insert_with_history(AccountabilityRecord, rows)


OPEN_INVESTIGATIONS = 3  # 未结案的立案审查调查 on the demo's reference date, whatever the county's size
UNFIT_CASES = 4  # 不适宜担任现职调整 cases under way
FAULT_TOLERANCE_CASES = 4  # 容错纠错: two waiting, one 免责, one 从轻
UNFIT_EVIDENCE = {
    UnfitSituation.LACK_OF_RESPONSIBILITY: "群众反映的安置点供水问题三次督办未解决，民主测评不称职票超过三分之一。",
    UnfitSituation.INSUFFICIENT_ABILITY: "分管的产业项目连续两年未完成年度目标，经谈话提醒后仍无改进。",
    UnfitSituation.IDEOLOGICAL_WORK: "所在单位意识形态工作责任制考核连续两年排名末位。",
}
FAULT_TOLERANCE_FACTS = [
    "在易地扶贫搬迁项目中为赶工期先行开工，后补齐审批手续，未造成损失，未谋取私利。",
    "推进牧区集体经济改革中采用新的分红办法，因缺乏先例出现程序瑕疵，已主动纠正。",
    "疫情防控期间为保障物资供应简化采购程序，事后经审计资金使用规范。",
    "试行村级事务“一站式”办理时出现工作失误，及时整改，群众满意度较高。",
]


def open_investigations_seed(*, rng: random.Random, cadres: list[tuple]) -> int:
    """A few investigations still open (立案审查调查, 未结案), opened in the last year; the share of
    ``records_seed`` closes most of its investigations and leaves a small county's list empty."""
    chosen = rng.sample(cadres, min(OPEN_INVESTIGATIONS, len(cadres)))
    rows = []
    for cadre_id, *_rest in chosen:
        decided_on = REFERENCE_DATE - timedelta(days=rng.randint(20, 300))
        rows.append(
            _active_record_row(
                cadre_id=cadre_id,
                kind=K.INVESTIGATION,
                decided_on=decided_on,
                document_number=f"新纪〔{decided_on.year}〕{rng.randint(1, 400)}号",
                reason=rng.choice(REASONS),
            )
        )
    return insert_with_history(AccountabilityRecord, rows)


def unfit_cases_seed(*, rng: random.Random, cadres: list[tuple]) -> int:
    """不适宜担任现职调整 cases under way (opened or being verified) for leaders, each with its situations and
    their evidence (推进领导干部能上能下规定 art. 9); deciding one is the staff's step, with its 任免 record."""
    leaders = [cadre for cadre in cadres if cadre[4]]
    rows = []
    for number, (cadre_id, *_rest) in enumerate(rng.sample(leaders, min(UNFIT_CASES, len(leaders)))):
        situations = dict(rng.sample(sorted(UNFIT_EVIDENCE.items()), rng.randint(1, 2)))
        rows.append(
            {
                "cadre_id": cadre_id,
                "status": CaseStatus.INVESTIGATING if number % 2 else CaseStatus.OPENED,
                "opened_on": REFERENCE_DATE - timedelta(days=rng.randint(5, 120)),
                "situations": _json({str(key): evidence for key, evidence in situations.items()}),
                "summary": "根据年度考核和日常了解情况，经部务会研究启动调整程序。",
                "decision": "",
                "decided_on": None,
                "appointment_id": None,
                "measure_id": None,
                "created_by_id": None,
            }
        )
    return insert_with_history(UnfitAdjustmentCase, rows)


def _json(value: dict):
    """A JSON column's value for ``bulk_insert``: COPY on PostgreSQL needs it wrapped, bulk_create takes it as is."""
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    return value


def fault_tolerance_seed(*, rng: random.Random) -> int:
    """容错纠错 cases on active accountability records (never an investigation or a 除名, as the service
    refuses): two waiting for a decision, one found 免责 and one 从轻."""
    records = list(
        AccountabilityRecord.objects.filter(status=RecordStatus.ACTIVE, decided_on__lt=REFERENCE_DATE)
        .exclude(kind__in=[K.INVESTIGATION, K.PARTY_ROLL_REMOVAL])
        .order_by("pk")
        .values_list("pk", "decided_on")
    )
    outcomes = [None, None, FaultToleranceOutcome.EXEMPT, FaultToleranceOutcome.LENIENT]
    rows = []
    chosen = rng.sample(records, min(FAULT_TOLERANCE_CASES, len(records)))
    for (record_id, decided_on), outcome, facts in zip(chosen, outcomes, FAULT_TOLERANCE_FACTS, strict=False):
        opened_on = decided_on + timedelta(days=rng.randint(0, max(0, (REFERENCE_DATE - decided_on).days // 2)))
        decided = outcome is not None
        rows.append(
            {
                "record_id": record_id,
                "distinction": rng.choice(FaultToleranceDistinction.values),
                "opened_on": opened_on,
                "facts": facts,
                "status": CaseStatus.DECIDED if decided else CaseStatus.OPENED,
                "outcome": outcome or "",
                "decided_on": min(REFERENCE_DATE, opened_on + timedelta(days=30)) if decided else None,
                "decision_reason": "经调查核实，符合“三个区分开来”的情形，经部务会研究认定。" if decided else "",
                "created_by_id": None,
            }
        )
    return insert_with_history(FaultToleranceCase, rows)


def _active_record_row(*, cadre_id: int, kind: str, decided_on: date, document_number: str, reason: str) -> dict:
    """The columns of an active accountability record of ``kind`` with nothing but its decision (no term, no
    closure, no level given up), issued by the body that issues that kind, for ``insert_with_history``."""
    family = RECORD_KIND_FAMILY[kind]
    return {
        "cadre_id": cadre_id,
        "family": family,
        "kind": kind,
        "decided_on": decided_on,
        "issuing_body": ISSUERS[family],
        "document_number": document_number,
        "reason": reason,
        "internal_notes": "",
        "probation_years": None,
        "ends_on": None,
        "closed_on": None,
        "outcome": "",
        "sanction_kind": "",
        "old_leadership_level": None,
        "status": RecordStatus.ACTIVE,
        "revoked_on": None,
        "revocation_reason": "",
        "created_by_id": None,
    }


def insert_with_history(model, rows: list[dict]) -> int:
    """Write rows with explicit ids, and a creation row for each in the model's history (COPY on PostgreSQL)."""
    if not rows:
        return 0
    created = datetime.combine(REFERENCE_DATE, time(9, 0), tzinfo=COUNTY_TIME_ZONE)
    first_id = (model.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    for offset, row in enumerate(rows):
        row["id"] = first_id + offset
        row["created_at"] = row["updated_at"] = created
    columns = [field.attname for field in model._meta.concrete_fields]
    history_model = model.history.model
    history_columns = [f.attname for f in history_model._meta.concrete_fields if f.attname != "history_id"]
    extra = {
        "history_date": created,
        "history_change_reason": CREATION_REASON,
        "history_type": "+",
        "history_user_id": None,
    }
    bulk_insert(model, columns, ([row[name] for name in columns] for row in rows))
    bulk_insert(history_model, history_columns, _history(rows, history_columns, extra))
    statements = connection.ops.sequence_reset_sql(no_style(), [model, history_model])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return len(rows)


def _history(rows: list[dict], columns: list[str], extra: dict) -> Iterable[list]:
    for row in rows:
        values = {**row, **extra}
        yield [values[name] for name in columns]


def roll_removal_count(cadres_count: int) -> int:
    """除名 a year: the article's one for about 4,000 cadres, scaled with the county (at least one)."""
    return max(1, round(ROLL_REMOVALS_PER_4000 * cadres_count / 4000))


def roll_removals_seed(*, rng: random.Random, per_year: int) -> int:
    """Exactly ``per_year`` removals from the party rolls (除名, 党章 art. 9) in each year of the records'
    span, up to the reference date, so that the dashboard shows the article's figure for every demo year.

    Each goes to a different serving party member who joined before that year and has no other
    accountability record (a member already disciplined would be expelled, not removed).
    """
    members = list(
        Cadre.objects.filter(
            status=CadreStatus.ACTIVE, political_status=PoliticalStatus.PARTY_MEMBER, party_join_date__isnull=False
        )
        .exclude(accountability_records__isnull=False)
        .order_by("pk")
        .values_list("pk", "party_join_date", "work_start_date")
    )
    rng.shuffle(members)
    rows = []
    for year in range(REFERENCE_DATE.year - 3, REFERENCE_DATE.year + 1):
        first, last = date(year, 1, 1), min(date(year, 12, 31), REFERENCE_DATE - timedelta(days=1))
        chosen = [row for row in members if row[1] < first and (row[2] is None or row[2] < first)][:per_year]
        for row in chosen:
            members.remove(row)
            decided_on = first + timedelta(days=rng.randint(0, (last - first).days))
            rows.append(
                _active_record_row(
                    cadre_id=row[0],
                    kind=K.PARTY_ROLL_REMOVAL,
                    decided_on=decided_on,
                    document_number=f"新组〔{year}〕{rng.randint(1, 400)}号",
                    reason=rng.choice(ROLL_REMOVAL_REASONS),
                )
            )
    return insert_with_history(AccountabilityRecord, rows)
