"""Demo data of the assessment area, added by ``seed_demo`` through ``DEMO_SEED_EXTENSIONS`` (before the rewards
demo, which reads the annual results written here). So that ``make run`` shows the whole cycle (issue 12):

- indicator templates by unit kind (townships, party organs, government organs, public institutions, and a
  general one), published;
- ten years of historic annual results (2015–2024, 录入) with a realistic spread: about 15% 优秀, a few
  基本称职 and 不称职, 不定等次 for the year a cadre was hired;
- the 2025 annual period taken through every state by the services: assessees and raters generated from the
  unit structure, every rating submitted, quantitative scores (目标绩效) entered, recomputed, proposed, one
  committee override, publicity from 12 January 2026 with one objection handled, confirmed on 20 January 2026;
- the 2026 annual period open for scoring: most ratings submitted, the demo logins' own tasks still to do,
  composites recomputed so far.

Scores are written by COPY (``cadres.demo.bulk_insert``), so ``seed_demo --cadres 100000`` gives the benchmark
its million rating scores (bench/assessment_recompute.py). Everything else goes through the services.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal

from accounts.models import User
from assessments import recompute, services
from assessments.choices import AssignmentStatus, Grade, ItemKind, PeriodKind, RaterGroup, UngradedReason
from assessments.models import (
    AnnualResult,
    Assessee,
    IndicatorItem,
    IndicatorTemplate,
    Period,
    QuantitativeScore,
    RaterAssignment,
    RatingScore,
)
from cadres.choices import CadreStatus
from cadres.demo import bulk_insert
from cadres.models import Cadre
from core.history import history_context
from core.jobs import job_run_create, job_run_finish, job_run_start

HISTORIC_YEARS = range(2015, 2025)
CONFIRMED_YEAR = 2025
OPEN_YEAR = 2026
PUBLICITY_STARTS_ON = date(2026, 1, 12)
CONFIRMED_ON = date(2026, 1, 20)
# share of the 2026 tasks already submitted (the demo logins' own tasks are always left to do)
OPEN_YEAR_SUBMITTED = 0.7

# (unit kind, template name, items (name, kind, weight, description), rater-group weights, peers drop extremes)
RATED, QUANTITATIVE = ItemKind.RATED, ItemKind.QUANTITATIVE
TEMPLATES = [
    (
        "township",
        "乡镇干部年度考核指标",
        [
            ("德才表现（德、能、勤、廉）", RATED, 40, "政治品质、工作能力、工作作风、廉洁自律"),
            ("工作实绩", RATED, 30, "完成年度工作任务、乡村振兴、基层治理的实绩"),
            ("目标绩效考核", QUANTITATIVE, 30, "县委县政府目标绩效考核结果折算"),
        ],
        {RaterGroup.SUPERIOR: 40, RaterGroup.PEER: 30, RaterGroup.SUBORDINATE: 20, RaterGroup.SELF: 10},
    ),
    (
        "party_organ",
        "党委部门干部年度考核指标",
        [
            ("政治素质和德才表现", RATED, 45, "政治站位、理论学习、作风纪律"),
            ("履职尽责", RATED, 30, "岗位职责完成情况"),
            ("目标绩效考核", QUANTITATIVE, 25, "部门目标绩效考核结果折算"),
        ],
        {RaterGroup.SUPERIOR: 40, RaterGroup.PEER: 35, RaterGroup.SUBORDINATE: 15, RaterGroup.SELF: 10},
    ),
    (
        "government_organ",
        "政府部门干部年度考核指标",
        [
            ("德才表现", RATED, 35, "政治品质、业务能力、依法行政"),
            ("工作实绩", RATED, 35, "重点工作、民生实事完成情况"),
            ("目标绩效考核", QUANTITATIVE, 30, "部门目标绩效考核结果折算"),
        ],
        {RaterGroup.SUPERIOR: 40, RaterGroup.PEER: 30, RaterGroup.SUBORDINATE: 20, RaterGroup.SELF: 10},
    ),
    (
        "public_institution",
        "事业单位（参公）人员年度考核指标",
        [
            ("德才表现", RATED, 40, "职业道德、专业能力"),
            ("服务对象评价", RATED, 30, "服务质量与群众满意度"),
            ("目标绩效考核", QUANTITATIVE, 30, "单位目标绩效考核结果折算"),
        ],
        {RaterGroup.SUPERIOR: 40, RaterGroup.PEER: 25, RaterGroup.SUBORDINATE: 25, RaterGroup.SELF: 10},
    ),
    (
        "",
        "通用年度考核指标",
        [
            ("德才表现", RATED, 40, "德、能、勤、廉"),
            ("工作实绩", RATED, 30, "年度工作任务完成情况"),
            ("目标绩效考核", QUANTITATIVE, 30, "目标绩效考核结果折算"),
        ],
        {RaterGroup.SUPERIOR: 40, RaterGroup.PEER: 30, RaterGroup.SUBORDINATE: 20, RaterGroup.SELF: 10},
    ),
]

# the spread of historic grades: about 15% 优秀, a few 基本称职 and 不称职
HISTORIC_GRADES = (
    [Grade.EXCELLENT] * 15 + [Grade.COMPETENT] * 82 + [Grade.BASICALLY_COMPETENT] * 2 + [Grade.INCOMPETENT]
)


def seed(*, rng: random.Random, cadres_count: int, stdout=None) -> None:
    """The ``DEMO_SEED_EXTENSIONS`` entry point."""
    staff = User.objects.filter(username="orgstaff").first() or User.objects.filter(is_superuser=True).first()
    with history_context(actor=staff, reason="演示数据初始化"):
        templates_seed(actor=staff)
        historic = historic_results_seed(rng=rng)
        confirmed = confirmed_period_seed(rng=rng, actor=staff)
        open_period = open_period_seed(rng=rng, actor=staff)
    if stdout is not None:
        stdout.write(
            f"assessments: {historic} historic results, {confirmed['assessees']} assessed in {CONFIRMED_YEAR} "
            f"({confirmed['scores']} rating scores), {open_period['assessees']} in {OPEN_YEAR} "
            f"({open_period['scores']} rating scores, {open_period['pending']} tasks to do)\n"
        )


def delete() -> None:
    """``seed_demo --replace``: the assessment area's demo data, before the cadres and units go."""
    from assessments import models

    RatingScore.objects.all().delete()
    QuantitativeScore.objects.all().delete()
    for model in (
        models.Suggestion,
        models.AnnualResult,
        models.CommitteeOverride,
        models.Proposal,
        models.RaterAssignment,
        models.SelfSummary,
        models.RegularAssessment,
        models.PublicityObjection,
        models.Assessee,
        models.QuotaPool,
        models.PeriodTransition,
        models.Period,
        models.TemplateRaterGroup,
        models.IndicatorItem,
        models.IndicatorTemplate,
    ):
        model.objects.all().delete()


def templates_seed(*, actor: User) -> list[IndicatorTemplate]:
    """One published template per unit kind of the county (and a general one)."""
    templates = []
    for unit_kind, name, items, groups in TEMPLATES:
        template = services.template_create(actor=actor, name=name, unit_kind=unit_kind)
        for order, (item_name, kind, weight, description) in enumerate(items, start=1):
            services.template_item_save(
                actor=actor,
                template=template,
                name=item_name,
                kind=kind,
                weight=weight,
                description=description,
                sort_order=order,
            )
        for group, weight in groups.items():
            services.template_rater_group_set(
                actor=actor, template=template, group=group, weight=weight, drop_extremes=group == RaterGroup.PEER
            )
        templates.append(services.template_publish(actor=actor, template=template, on=date(2024, 12, 1)))
    return templates


def historic_results_seed(*, rng: random.Random) -> int:
    """Ten years of imported annual results (by COPY) for the serving civil servants, from the year after they
    started work; the year they started is 不定等次 (新录用试用期)."""
    from django.conf import settings

    now = datetime.now(UTC)
    cadres = Cadre.objects.filter(
        status=CadreStatus.ACTIVE, category__in=settings.ASSESSMENTS_ASSESSED_CATEGORIES
    ).values_list("pk", "work_start_date")
    rows = []
    for cadre_id, started in cadres.order_by("pk"):
        for year in HISTORIC_YEARS:
            if started and year < started.year:
                continue
            if started and year == started.year:
                grade, reason = Grade.UNGRADED, UngradedReason.PROBATION
            else:
                grade, reason = rng.choice(HISTORIC_GRADES), ""
            rows.append([cadre_id, year, grade, reason, date(year + 1, 1, 20), "imported", "", now, now])
    columns = [
        "cadre_id",
        "year",
        "grade",
        "ungraded_reason",
        "confirmed_on",
        "source",
        "comment",
        "created_at",
        "updated_at",
    ]
    bulk_insert(AnnualResult, columns, rows)
    return len(rows)


def _standing(*, period: Period, assessee_id: int) -> float:
    """An assessee's underlying standing in a period, the same on every call: most around 86, a few weak ones
    who end 基本称职 or 不称职."""
    rng = random.Random(period.year * 1_000_003 + assessee_id)
    draw = rng.random()
    if draw < 0.004:
        return rng.uniform(30, 42)
    if draw < 0.015:
        return rng.uniform(48, 58)
    return min(99.0, rng.gauss(86, 5))


def _score(value: float) -> Decimal:
    """A score as raters give them: halves, between 0 and 100."""
    return Decimal(round(min(100.0, max(0.0, value)) * 2) / 2).quantize(Decimal("0.01"))


def _items_by_template() -> dict[int, list[tuple[int, str]]]:
    items_of: dict[int, list[tuple[int, str]]] = {}
    for item_id, template_id, kind in IndicatorItem.objects.values_list("pk", "template_id", "kind").order_by("pk"):
        items_of.setdefault(template_id, []).append((item_id, kind))
    return items_of


def scores_seed(*, rng: random.Random, period: Period, submit_share: float, keep_pending: set[int]) -> dict:
    """Quantitative scores (目标绩效) for every assessee of the period, and ratings for a share of its tasks, by
    COPY. Tasks of ``keep_pending`` raters stay to do. Returns the counts."""
    assessee_rows = list(Assessee.objects.filter(period=period).values_list("pk", "template_id", "assessing_unit_id"))
    items_of = _items_by_template()
    unit_level: dict[int, float] = {}
    quantitative = []
    now = datetime.now(UTC)
    for assessee_id, template_id, unit_id in assessee_rows:
        if unit_id not in unit_level:
            unit_level[unit_id] = rng.gauss(88, 3)
        standing = _standing(period=period, assessee_id=assessee_id)
        for item_id, kind in items_of.get(template_id, []):
            if kind == ItemKind.QUANTITATIVE:
                value = _score(unit_level[unit_id] + rng.gauss(0, 2) + (standing - 86) / 3)
                quantitative.append([assessee_id, item_id, value, "", None, now, now])
    bulk_insert(
        QuantitativeScore,
        ["assessee_id", "item_id", "score", "note", "entered_by_id", "created_at", "updated_at"],
        quantitative,
    )
    tasks = RaterAssignment.objects.filter(assessee__period=period).exclude(rater_id__in=keep_pending)
    ratings = ratings_seed(rng=rng, period=period, tasks=tasks, submit_share=submit_share)
    pending = RaterAssignment.objects.filter(assessee__period=period).exclude(status=AssignmentStatus.SUBMITTED)
    return {"assessees": len(assessee_rows), **ratings, "pending": pending.count()}


def ratings_seed(*, rng: random.Random, period: Period, tasks, submit_share: float = 1.0) -> dict:
    """Submitted ratings (every rated item) for about ``submit_share`` of the pending ``tasks`` of the period,
    by COPY. Returns the numbers of scores and tasks submitted."""
    items_of = _items_by_template()
    template_of = dict(Assessee.objects.filter(period=period).values_list("pk", "template_id"))
    now = datetime.now(UTC)
    submitted_ids, scores = [], []
    rows = tasks.filter(status=AssignmentStatus.PENDING).order_by("pk")
    for task_id, assessee_id, group in rows.values_list("pk", "assessee_id", "group"):
        if rng.random() >= submit_share:
            continue
        submitted_ids.append(task_id)
        standing = _standing(period=period, assessee_id=assessee_id)
        leniency = rng.gauss(0, 3) + (3 if group == RaterGroup.SELF else 0)
        for item_id, kind in items_of.get(template_of[assessee_id], []):
            if kind == ItemKind.RATED:
                scores.append([task_id, item_id, _score(standing + leniency + rng.gauss(0, 2))])
    bulk_insert(RatingScore, ["assignment_id", "item_id", "score"], scores)
    for start in range(0, len(submitted_ids), 5000):
        RaterAssignment.objects.filter(pk__in=submitted_ids[start : start + 5000]).update(
            status=AssignmentStatus.SUBMITTED, submitted_at=now
        )
    return {"scores": len(scores), "submitted": len(submitted_ids)}


def recompute_now(*, period: Period) -> dict:
    """The whole period's recompute, batch by batch in this process, recorded as a finished job."""
    job = job_run_create(kind=services.RECOMPUTE_JOB_KIND, requested_by=None, parameters={"period": period.pk})
    batches = recompute.plan_batches(period=period)
    job_run_start(job=job, total=sum(len(batch) for batch in batches))
    for batch in batches:
        recompute.recompute_pools(period_id=period.pk, pool_ids=batch, job=job)
    summary = recompute.period_summary(period=period)
    job_run_finish(job=job, summary=summary)
    return summary


def _demo_raters() -> set[int]:
    logins = User.objects.filter(cadre__isnull=False, username__in=("cadre", "unithr"))
    return set(logins.values_list("cadre_id", flat=True))


def confirmed_period_seed(*, rng: random.Random, actor: User) -> dict:
    """The 2025 annual period, every state passed through the services."""
    period = services.period_create(actor=actor, kind=PeriodKind.ANNUAL, year=CONFIRMED_YEAR)
    services.period_generate_assessees(actor=actor, period=period)
    period = services.period_transition(actor=actor, period=period, action="open-scoring", today=date(2025, 12, 1))
    counts = scores_seed(rng=rng, period=period, submit_share=1.0, keep_pending=set())
    demo_cadre = User.objects.filter(username="cadre").values_list("cadre_id", flat=True).first()
    if demo_cadre and Assessee.objects.filter(period=period, cadre_id=demo_cadre).exists():
        cadre_user = User.objects.get(username="cadre")
        services.self_summary_save(
            actor=cadre_user,
            period=period,
            text=(
                "一年来，本人认真学习贯彻党的二十大和二十届历次全会精神，扎实做好乡村振兴联系点工作，"
                "牵头完成村级道路硬化和人居环境整治任务，全年无违纪违规问题。不足之处是调查研究还不够深入，"
                "今后将进一步加强学习、改进作风。"
            ),
            submit=True,
        )
    period = services.period_transition(actor=actor, period=period, action="close-scoring")
    recompute_now(period=period)
    period = services.period_transition(actor=actor, period=period, action="propose")
    period = services.period_transition(actor=actor, period=period, action="submit-to-committee")
    _committee_override(period=period, actor=actor)
    period = services.period_transition(
        actor=actor, period=period, action="start-publicity", publicity_starts_on=PUBLICITY_STARTS_ON
    )
    objection = services.objection_record(
        actor=actor,
        period=period,
        raised_on=date(2026, 1, 14),
        content="反映某拟定优秀人员平时考勤不够严格。",
        raised_by="匿名来电",
    )
    services.objection_handle(
        actor=actor,
        objection=objection,
        status="dismissed",
        handling="经调阅考勤记录并与所在单位核实，反映问题不属实，维持拟定等次。",
        handled_on=date(2026, 1, 16),
    )
    services.period_transition(actor=actor, period=period, action="confirm", today=CONFIRMED_ON)
    return counts


def _committee_override(*, period: Period, actor: User) -> None:
    """One override with the committee's reason, as committees make them: a proposed 优秀 lowered to 称职."""
    from assessments.models import Proposal

    proposal = (
        Proposal.objects.filter(assessee__period=period, proposed_grade=Grade.EXCELLENT)
        .select_related("assessee")
        .order_by("pool_id", "rank", "pk")
        .first()
    )
    if proposal is not None:
        services.committee_grade_set(
            actor=actor,
            assessee=proposal.assessee,
            grade=Grade.COMPETENT,
            reason="考核委员会审议：该同志年内受到通报批评一次，本年度不宜确定为优秀。",
        )


def open_period_seed(*, rng: random.Random, actor: User) -> dict:
    """The 2026 annual period, open for scoring, most tasks done, the demo logins' own left to do."""
    period = services.period_create(actor=actor, kind=PeriodKind.ANNUAL, year=OPEN_YEAR)
    services.period_generate_assessees(actor=actor, period=period)
    period = services.period_transition(actor=actor, period=period, action="open-scoring", today=date(2026, 11, 16))
    counts = scores_seed(rng=rng, period=period, submit_share=OPEN_YEAR_SUBMITTED, keep_pending=_demo_raters())
    recompute_now(period=period)
    return counts
