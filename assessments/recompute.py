"""The recompute job's service: composites and grade proposals of a period's quota pools, set-based.

For a batch of pools, a handful of queries fetch everything (the database adds up the submitted ratings per
assessee, item and rater group; quantitative scores; the year's regular grades; grade caps, leave and
probation facts), then ``assessments.rules`` combines them exactly and proposes the grades pool by pool.
Each pool is then replaced atomically under its row lock: its proposals deleted and inserted again, its
counts updated. A crash leaves every pool either old or new; two runs at once queue on each pool's lock and
write the same rows (the proposal's primary key is the assessee), so nothing is ever duplicated.

A change to a pool's inputs raises its ``input_version`` in the change's own transaction. The job reads the
versions before the inputs; if a pool's version moved by the time it holds the lock, it reads that pool's
inputs again under the lock, so what it writes is never older than what it marks as computed.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max, Min, Sum
from django.utils import timezone

from assessments import rules
from assessments.choices import AssignmentStatus, PeriodKind, PeriodState
from assessments.models import (
    Assessee,
    IndicatorItem,
    Period,
    Proposal,
    QuantitativeScore,
    QuotaPool,
    RatingScore,
    RegularAssessment,
    TemplateRaterGroup,
)
from care.selectors import leave_intervals_in_year
from careers.rules import grade_set_date
from careers.selectors import grade_caps_for_cadres, hire_probations_for_cadres
from core.jobs import job_run_advance
from core.models import JobRun


class PeriodNotRecomputable(Exception):
    """The period left the states in which it may be recomputed while the job ran."""


def plan_batches(*, period: Period, pool_ids: list[int] | None = None) -> list[list[int]]:
    """The period's pools (or ``pool_ids``) in key order, cut into batches of about
    ASSESSMENTS_RECOMPUTE_BATCH_MEMBERS assessees: one Celery task each."""
    pools = QuotaPool.objects.filter(period=period)
    if pool_ids is not None:
        pools = pools.filter(pk__in=pool_ids)
    rows = pools.annotate(size=Count("assessees")).order_by("pk").values_list("pk", "size")
    limit = settings.ASSESSMENTS_RECOMPUTE_BATCH_MEMBERS
    batches: list[list[int]] = []
    current: list[int] = []
    current_size = 0
    for pool_id, size in rows:
        if current and current_size + size > limit:
            batches.append(current)
            current, current_size = [], 0
        current.append(pool_id)
        current_size += size
    if current:
        batches.append(current)
    return batches


@dataclass
class TemplateSpec:
    items: list[rules.ItemSpec] = field(default_factory=list)
    groups: list[rules.GroupSpec] = field(default_factory=list)


@dataclass
class BatchInputs:
    """Everything the rules need for the assessees of a set of pools."""

    assessees: list[tuple[int, int, int]]  # (assessee id, cadre id, pool id)
    template_of: dict[int, int | None]
    templates: dict[int, TemplateSpec]
    rated: dict[int, list[rules.ScoreAggregate]]
    quantitative: dict[int, dict[int, Decimal]]
    regular: dict[int, list[str]]
    members: dict[int, rules.MemberFacts] = field(default_factory=dict)


def graded_on(year: int, today: date) -> date:
    """The day grades are set for ``year``: the careers setting's day, or today if that day has passed
    (an investigation open when the grades are actually set leaves the year ungraded, art. 28)."""
    return max(grade_set_date(year), today)


def load_inputs(*, period: Period, pool_ids: list[int], today: date) -> BatchInputs:
    """The inputs of ``pool_ids``, in a fixed number of queries whatever their size."""
    assessee_rows = list(
        Assessee.objects.filter(pool_id__in=pool_ids)
        .order_by("pk")
        .values_list("pk", "cadre_id", "pool_id", "template_id")
    )
    template_of = {row[0]: row[3] for row in assessee_rows}
    template_ids = {template_id for template_id in template_of.values() if template_id}
    templates: dict[int, TemplateSpec] = defaultdict(TemplateSpec)
    for item in IndicatorItem.objects.filter(template_id__in=template_ids).order_by("template_id", "sort_order", "pk"):
        templates[item.template_id].items.append(rules.ItemSpec(item.pk, item.name, item.kind, item.weight))
    for row in TemplateRaterGroup.objects.filter(template_id__in=template_ids).order_by("template_id", "pk"):
        templates[row.template_id].groups.append(rules.GroupSpec(row.group, row.weight, row.drop_extremes))

    rated: dict[int, list[rules.ScoreAggregate]] = defaultdict(list)
    aggregates = (
        RatingScore.objects.filter(
            assignment__assessee__pool_id__in=pool_ids, assignment__status=AssignmentStatus.SUBMITTED
        )
        .values_list("assignment__assessee_id", "item_id", "assignment__group")
        .annotate(total=Sum("score"), count=Count("pk"), low=Min("score"), high=Max("score"))
        .order_by()
    )
    for assessee_id, item_id, group, total, count, low, high in aggregates:
        rated[assessee_id].append(rules.ScoreAggregate(item_id, group, total, count, low, high))

    quantitative: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for assessee_id, item_id, score in QuantitativeScore.objects.filter(assessee__pool_id__in=pool_ids).values_list(
        "assessee_id", "item_id", "score"
    ):
        quantitative[assessee_id][item_id] = score

    cadre_ids = [row[1] for row in assessee_rows]
    regular: dict[int, list[str]] = defaultdict(list)
    if period.kind == PeriodKind.ANNUAL:
        for cadre_id, grade in (
            RegularAssessment.objects.filter(
                period__kind=PeriodKind.REGULAR,
                period__year=period.year,
                period__state=PeriodState.CONFIRMED,
                cadre_id__in=cadre_ids,
            )
            .order_by("cadre_id", "period__quarter")
            .values_list("cadre_id", "grade")
        ):
            regular[cadre_id].append(grade)

    inputs = BatchInputs(
        assessees=[(row[0], row[1], row[2]) for row in assessee_rows],
        template_of=template_of,
        templates=dict(templates),
        rated=dict(rated),
        quantitative=dict(quantitative),
        regular=dict(regular),
    )
    if period.kind == PeriodKind.ANNUAL:
        inputs.members = member_facts(year=period.year, cadre_ids=cadre_ids, today=today)
    return inputs


def member_facts(*, year: int, cadre_ids: list[int], today: date) -> dict[int, rules.MemberFacts]:
    """Who is graded and what caps the grade, for a set of cadres (domain-rules §2): grade caps from the
    careers app, leave from the care app, the hire probation from the careers app's 录用 records. Composite left
    empty."""
    caps = grade_caps_for_cadres(year=year, cadre_ids=cadre_ids, graded_on=graded_on(year, today))
    leave = leave_intervals_in_year(year=year, cadre_ids=cadre_ids, kinds=settings.ASSESSMENTS_LONG_LEAVE_KINDS)
    share = rules.setting_fraction(settings.ASSESSMENTS_LONG_LEAVE_SHARE)
    probation = hire_probation_in_year(year=year, cadre_ids=cadre_ids)
    facts = {}
    for cadre_id in cadre_ids:
        cap = caps.get(cadre_id)
        leave_days = rules.covered_days_in_year(intervals=leave.get(cadre_id, ()), year=year)
        facts[cadre_id] = rules.MemberFacts(
            cadre_id=cadre_id,
            composite=None,
            on_probation=cadre_id in probation,
            long_leave=rules.long_leave(leave_days=leave_days, year=year, share=share),
            cap=cap.kind if cap else rules.CAP_NONE,
            cap_reason=cap.reason if cap else "",
            cap_source_id=cap.source_id if cap else None,
            cap_is_investigation=bool(cap and cap.pending),
        )
    return facts


def hire_probation_in_year(*, year: int, cadre_ids: list[int]) -> set[int]:
    """The cadres still on their hire probation (录用试用期) on the year's last day (art. 25): ungraded.

    One query (the careers app's 录用 records); the decision is ``rules.on_hire_probation_at_year_end``.
    """
    hires = hire_probations_for_cadres(cadre_ids=cadre_ids, covering=date(year, 12, 31))
    return {
        cadre_id
        for cadre_id, (hired_on, last_day) in hires.items()
        if rules.on_hire_probation_at_year_end(hired_on=hired_on, probation_last_day=last_day, year=year)
    }


def compute_pool(
    *, period: Period, pool: QuotaPool, inputs: BatchInputs, job: JobRun | None, now
) -> tuple[list[Proposal], dict]:
    """The proposals of one pool and its counts, from the batch's inputs."""
    rows = [row for row in inputs.assessees if row[2] == pool.pk]
    composites: dict[int, rules.Composite] = {}
    for assessee_id, _cadre_id, _pool_id in rows:
        spec = inputs.templates.get(inputs.template_of.get(assessee_id), TemplateSpec())
        composites[assessee_id] = rules.composite_score(
            items=spec.items,
            groups=spec.groups,
            rated=inputs.rated.get(assessee_id, ()),
            quantitative=inputs.quantitative.get(assessee_id, {}),
            regular_grades=inputs.regular.get(_cadre_id, ()),
        )
    cadre_of = {assessee_id: cadre_id for assessee_id, cadre_id, _pool_id in rows}
    members = []
    for assessee_id, cadre_id, _pool_id in rows:
        base = inputs.members.get(cadre_id) or rules.MemberFacts(cadre_id=cadre_id, composite=None)
        members.append(
            rules.MemberFacts(
                cadre_id=cadre_id,
                composite=composites[assessee_id].score,
                on_probation=base.on_probation,
                long_leave=base.long_leave,
                cap=base.cap,
                cap_reason=base.cap_reason,
                cap_source_id=base.cap_source_id,
                cap_is_investigation=base.cap_is_investigation,
            )
        )
    grading = period.kind == PeriodKind.ANNUAL
    outcome = rules.propose_pool(members, quota_raised=pool.quota_raised, grading=grading)
    facts_of = {member.cadre_id: member for member in members}
    proposals = []
    for assessee_id, cadre_id in cadre_of.items():
        proposal = outcome.proposals[cadre_id]
        member = facts_of[cadre_id]
        proposals.append(
            Proposal(
                assessee_id=assessee_id,
                pool_id=pool.pk,
                composite=member.composite,
                rank=proposal.rank,
                proposed_grade=proposal.proposed_grade,
                ungraded_reason=proposal.ungraded_reason,
                cap="" if member.cap == rules.CAP_NONE else member.cap,
                cap_source_id=member.cap_source_id if member.cap != rules.CAP_NONE else None,
                reasons=list(proposal.reasons),
                breakdown=composites[assessee_id].breakdown,
                computed_at=now,
                job=job,
            )
        )
    counts = {
        "members": outcome.members,
        "graded_members": outcome.quota.graded_members,
        "max_excellent": outcome.quota.max_excellent if grading else 0,
        "proposed_excellent": outcome.proposed_excellent,
        "quota_text": outcome.quota.text if grading else "",
    }
    return proposals, counts


def recompute_pools(*, period_id: int, pool_ids: list[int], job: JobRun | None = None) -> int:
    """Recompute a batch of pools: read their inputs at once, then replace each pool atomically under its
    row lock. Returns the number of pools written. Raises ``PeriodNotRecomputable`` when the period has moved
    on to the committee (or further) meanwhile."""
    period = Period.objects.get(pk=period_id)
    today = timezone.localdate()
    versions = dict(QuotaPool.objects.filter(pk__in=pool_ids).values_list("pk", "input_version"))
    inputs = load_inputs(period=period, pool_ids=pool_ids, today=today)
    written = 0
    for pool_id in sorted(versions):
        with transaction.atomic():
            pool = QuotaPool.objects.select_for_update(of=("self",)).get(pk=pool_id)
            state = Period.objects.filter(pk=period_id).values_list("state", flat=True).get()
            if state not in rules.RECOMPUTABLE_STATES:
                raise PeriodNotRecomputable(state)
            pool_inputs = inputs
            if pool.input_version != versions[pool_id]:
                pool_inputs = load_inputs(period=period, pool_ids=[pool_id], today=today)
            proposals, counts = compute_pool(period=period, pool=pool, inputs=pool_inputs, job=job, now=timezone.now())
            Proposal.objects.filter(assessee__pool_id=pool_id).delete()
            Proposal.objects.bulk_create(proposals, batch_size=2000)
            QuotaPool.objects.filter(pk=pool_id).update(
                **counts, computed_version=pool.input_version, computed_at=timezone.now(), computed_job=job
            )
        written += 1
        if job is not None:
            job_run_advance(job=job, by=1)
    return written


def period_summary(*, period: Period) -> dict:
    """A finished recompute's summary for the job row: pools, assessees, proposed 优秀."""
    pools = QuotaPool.objects.filter(period=period)
    return {
        "period": period.pk,
        "pools": pools.count(),
        "assessees": Assessee.objects.filter(period=period).count(),
        "proposed_excellent": sum(pools.values_list("proposed_excellent", flat=True)),
        "stale_pools": sum(1 for pool in pools.only("input_version", "computed_version") if pool.stale),
    }


def stale_pool_ids(*, period: Period) -> list[int]:
    """The pools a change has touched since they were last computed."""
    return list(
        QuotaPool.objects.filter(period=period)
        .exclude(computed_version=F("input_version"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
