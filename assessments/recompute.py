"""The recompute job's service: composites and grade proposals of a period's quota pools, set-based.

A batch of pools is recomputed in one transaction that first locks its pools (key order). On PostgreSQL one
statement computes every composite and its "why" into a temporary table (``recompute_sql``, exactly the pure
rules' rounding); elsewhere the database adds up the ratings and ``rules.composite_score`` combines them. A
few set-based queries read the member facts (grade caps, leave, the hire probation), ``rules.propose_pool``
proposes the grades pool by pool, and the batch's proposals are replaced (COPY and one INSERT … SELECT on
PostgreSQL) and its pools' counts updated. A crash leaves every pool either old or new; two runs at once queue
on the pools' locks and write the same rows (the proposal's primary key is the assessee), so nothing is ever
duplicated.

A change to a pool's inputs raises its ``input_version`` in the change's own transaction, which waits for the
pool's lock: the job reads the inputs under the lock, so what it writes is exactly the version it marks as
computed.
"""

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Sum
from django.utils import timezone

from assessments import recompute_sql, rules
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
from cadres.models import Cadre
from care.selectors import leave_intervals_in_year
from careers.rules import grade_set_date
from careers.selectors import grade_caps_for_cadres, hire_probations_for_cadres
from core.jobs import job_run_advance
from core.models import JobRun


class PeriodNotRecomputable(Exception):
    """The period left the states in which it may be recomputed while the job ran."""


def plan_batches(*, period: Period, pool_ids: list[int] | None = None) -> list[list[int]]:
    """The period's pools (or ``pool_ids``) in key order, cut into batches of about
    ASSESSMENTS_RECOMPUTE_BATCH_MEMBERS assessees: one transaction each (``plan_tasks`` groups them into
    Celery tasks)."""
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


def plan_tasks(batches: list[list[int]]) -> list[list[list[int]]]:
    """Consecutive ``batches`` grouped into as few Celery tasks as ASSESSMENTS_RECOMPUTE_TASK_BATCHES allows,
    their sizes differing by one batch at most (so that a few workers share them evenly)."""
    if not batches:
        return []
    count = math.ceil(len(batches) / max(1, settings.ASSESSMENTS_RECOMPUTE_TASK_BATCHES))
    size, larger = divmod(len(batches), count)
    tasks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < larger else 0)
        tasks.append(batches[start:end])
        start = end
    return tasks


@dataclass
class TemplateSpec:
    items: list[rules.ItemSpec] = field(default_factory=list)
    groups: list[rules.GroupSpec] = field(default_factory=list)


@dataclass
class BatchInputs:
    """What the grade proposals of a set of pools need: per assessee the composite (and, when computed in
    Python, the breakdown), per cadre the member facts with the same composite (annual periods only)."""

    assessees: list[tuple[int, int, int]]  # (assessee id, cadre id, pool id)
    composites: dict[int, Decimal | None]
    breakdowns: dict[int, dict] = field(default_factory=dict)
    members: dict[int, rules.MemberFacts] = field(default_factory=dict)
    _by_pool: dict[int, list[tuple[int, int, int]]] | None = field(default=None, repr=False)

    def assessees_of(self, pool_id: int) -> list[tuple[int, int, int]]:
        """The ``assessees`` rows of one pool, in their order (grouped once for the batch's pools)."""
        if self._by_pool is None:
            self._by_pool = defaultdict(list)
            for row in self.assessees:
                self._by_pool[row[2]].append(row)
        return self._by_pool.get(pool_id, [])


def graded_on(year: int, today: date) -> date:
    """The day grades are set for ``year``: the careers setting's day, or today if that day has passed
    (an investigation open when the grades are actually set leaves the year ungraded, art. 28)."""
    return max(grade_set_date(year), today)


def load_inputs(*, period: Period, pool_ids: list[int], today: date, set_based: bool = False) -> BatchInputs:
    """The composites and member facts of the assessees of ``pool_ids``, in a fixed number of queries
    whatever their number. ``set_based`` (PostgreSQL): the composites by ``recompute_sql`` into its temporary
    table, the rare rows it flags as ambiguous recomputed exactly here and written back; otherwise all of
    them by the pure rules (``python_composites``)."""
    if set_based:
        rows = recompute_sql.composites_into_temp_table(period=period, pool_ids=pool_ids)
        inputs = BatchInputs(
            assessees=[(row[0], row[1], row[2]) for row in rows], composites={row[0]: row[3] for row in rows}
        )
        ambiguous = [row[0] for row in rows if row[4]]
        if ambiguous:
            exact = python_composites(period=period, assessees=Assessee.objects.filter(pk__in=ambiguous))
            recompute_sql.replace_composites(exact)
            inputs.composites.update((pk, composite.score) for pk, composite in exact.items())
    else:
        assessees = Assessee.objects.filter(pool_id__in=pool_ids)
        exact = python_composites(period=period, assessees=assessees)
        inputs = BatchInputs(
            assessees=list(assessees.order_by("pk").values_list("pk", "cadre_id", "pool_id")),
            composites={pk: composite.score for pk, composite in exact.items()},
            breakdowns={pk: composite.breakdown for pk, composite in exact.items()},
        )
    if period.kind == PeriodKind.ANNUAL:
        # the batch's cadres as a subquery for the other apps' selectors: no list of thousands of ids in the SQL
        cadres = Cadre.objects.filter(pk__in=Assessee.objects.filter(pool_id__in=pool_ids).values("cadre_id"))
        inputs.members = member_facts(
            year=period.year,
            cadre_ids=[row[1] for row in inputs.assessees],
            today=today,
            cadres=cadres,
            composites={
                cadre_id: inputs.composites.get(assessee_id) for assessee_id, cadre_id, _pool in inputs.assessees
            },
        )
    return inputs


def python_composites(*, period: Period, assessees) -> dict[int, rules.Composite]:
    """``rules.composite_score`` of every assessee of the ``assessees`` queryset: the database adds up the
    submitted ratings per assessee, item and rater group; the rest is exact Python. Six queries."""
    assessee_rows = list(assessees.order_by("pk").values_list("pk", "cadre_id", "template_id"))
    template_ids = {row[2] for row in assessee_rows if row[2]}
    templates: dict[int, TemplateSpec] = defaultdict(TemplateSpec)
    for item in IndicatorItem.objects.filter(template_id__in=template_ids).order_by("template_id", "sort_order", "pk"):
        templates[item.template_id].items.append(rules.ItemSpec(item.pk, item.name, item.kind, item.weight))
    for row in TemplateRaterGroup.objects.filter(template_id__in=template_ids).order_by("template_id", "pk"):
        templates[row.template_id].groups.append(rules.GroupSpec(row.group, row.weight, row.drop_extremes))

    rated: dict[int, list[rules.ScoreAggregate]] = defaultdict(list)
    aggregates = (
        RatingScore.objects.filter(
            assignment__assessee__in=assessees.values("pk"), assignment__status=AssignmentStatus.SUBMITTED
        )
        .values_list("assignment__assessee_id", "item_id", "assignment__group")
        .annotate(total=Sum("score"), count=Count("pk"), low=Min("score"), high=Max("score"))
        .order_by()
    )
    for assessee_id, item_id, group, total, count, low, high in aggregates:
        rated[assessee_id].append(rules.ScoreAggregate(item_id, group, total, count, low, high))

    quantitative: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for assessee_id, item_id, score in QuantitativeScore.objects.filter(
        assessee__in=assessees.values("pk")
    ).values_list("assessee_id", "item_id", "score"):
        quantitative[assessee_id][item_id] = score

    regular: dict[int, list[str]] = defaultdict(list)
    if period.kind == PeriodKind.ANNUAL:
        for cadre_id, grade in (
            RegularAssessment.objects.filter(
                period__kind=PeriodKind.REGULAR,
                period__year=period.year,
                period__state=PeriodState.CONFIRMED,
                cadre_id__in=assessees.values("cadre_id"),
            )
            .order_by("cadre_id", "period__quarter")
            .values_list("cadre_id", "grade")
        ):
            regular[cadre_id].append(grade)

    composites = {}
    for assessee_id, cadre_id, template_id in assessee_rows:
        spec = templates.get(template_id, TemplateSpec())
        composites[assessee_id] = rules.composite_score(
            items=spec.items,
            groups=spec.groups,
            rated=rated.get(assessee_id, ()),
            quantitative=quantitative.get(assessee_id, {}),
            regular_grades=regular.get(cadre_id, ()),
        )
    return composites


def member_facts(
    *, year: int, cadre_ids: list[int], today: date, cadres=None, composites: dict[int, Decimal | None] | None = None
) -> dict[int, rules.MemberFacts]:
    """Who is graded and what caps the grade, for a set of cadres (domain-rules §2): grade caps from the
    careers app, leave from the care app, the hire probation from the careers app's 录用 records; the composite
    from ``composites`` by cadre (None when absent). ``cadres``, a queryset of the same cadres, is passed to
    those selectors as a subquery instead of the ids (a list of thousands of parameters costs seconds to send)."""
    composites = composites or {}
    selected = cadre_ids if cadres is None else cadres
    caps = grade_caps_for_cadres(year=year, cadre_ids=selected, graded_on=graded_on(year, today))
    leave = leave_intervals_in_year(year=year, cadre_ids=selected, kinds=settings.ASSESSMENTS_LONG_LEAVE_KINDS)
    share = rules.setting_fraction(settings.ASSESSMENTS_LONG_LEAVE_SHARE)
    probation = hire_probation_in_year(year=year, cadre_ids=selected)
    facts = {}
    for cadre_id in cadre_ids:
        cap = caps.get(cadre_id)
        facts[cadre_id] = rules.MemberFacts(
            cadre_id=cadre_id,
            composite=composites.get(cadre_id),
            on_probation=cadre_id in probation,
            long_leave=cadre_id in leave
            and rules.long_leave(
                leave_days=rules.covered_days_in_year(intervals=leave[cadre_id], year=year), year=year, share=share
            ),
            cap=cap.kind if cap else rules.CAP_NONE,
            cap_reason=cap.reason if cap else "",
            cap_source_id=cap.source_id if cap else None,
            cap_is_investigation=bool(cap and cap.pending),
        )
    return facts


def hire_probation_in_year(*, year: int, cadre_ids) -> set[int]:
    """The cadres still on their hire probation (录用试用期) on the year's last day (art. 25): ungraded.

    ``cadre_ids``: ids or a queryset of cadres. One query (the careers app's 录用 records); the decision is
    ``rules.on_hire_probation_at_year_end``.
    """
    hires = hire_probations_for_cadres(cadre_ids=cadre_ids, covering=date(year, 12, 31))
    return {
        cadre_id
        for cadre_id, (hired_on, last_day) in hires.items()
        if rules.on_hire_probation_at_year_end(hired_on=hired_on, probation_last_day=last_day, year=year)
    }


class ProposalRow(NamedTuple):
    """One assessee's proposal as the job writes it (the breakdown travels apart: in Python or in SQL); a named
    tuple, like ``rules.MemberFacts``, for the 45,000 a county's recompute makes."""

    assessee_id: int
    pool_id: int
    composite: Decimal | None
    rank: int | None
    proposed_grade: str
    ungraded_reason: str
    cap: str
    cap_source_id: int | None
    reasons: list[str]


def compute_pool(
    *, period: Period, pool: QuotaPool, inputs: BatchInputs, job: JobRun | None, now
) -> tuple[list[ProposalRow], dict]:
    """The proposals of one pool and its counts, from the batch's composites and member facts."""
    pool_id = pool.pk
    rows = inputs.assessees_of(pool_id)
    members = [
        inputs.members.get(cadre_id)  # annual: the facts carry the composite already
        or rules.MemberFacts(cadre_id=cadre_id, composite=inputs.composites.get(assessee_id))
        for assessee_id, cadre_id, _pool_id in rows
    ]
    grading = period.kind == PeriodKind.ANNUAL
    outcome = rules.propose_pool(members, quota_raised=pool.quota_raised, grading=grading)
    proposals = []
    by_cadre = outcome.proposals
    uncapped = rules.CAP_NONE
    for (assessee_id, cadre_id, _pool_id), member in zip(rows, members, strict=True):
        proposal = by_cadre[cadre_id]
        capped = member.cap != uncapped
        # positional: ProposalRow's field order (keywords cost twice as much, 45,000 rows a county)
        proposals.append(
            ProposalRow(
                assessee_id,
                pool_id,
                member.composite,
                proposal.rank,
                proposal.proposed_grade,
                proposal.ungraded_reason,
                member.cap if capped else "",
                member.cap_source_id if capped else None,
                list(proposal.reasons),
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
    """Recompute a batch of pools and replace their proposals, all in one transaction: the batch's pools are
    locked first (key order, so that runs at once queue instead of deadlocking), then their inputs are read
    and their results written. Returns the number of pools written. Raises ``PeriodNotRecomputable`` when the
    period has moved on to the committee (or further) meanwhile.

    Holding the locks while reading makes the written results exactly those of the versions marked computed:
    a change to a pool's inputs raises its version under the same lock, in the change's own transaction.
    On PostgreSQL the composites come from one statement (``recompute_sql``) and the proposals are written
    with COPY and one INSERT … SELECT; elsewhere the pure rules compute them in Python.
    """
    period = Period.objects.get(pk=period_id)
    today = timezone.localdate()
    with transaction.atomic():
        pools = list(
            QuotaPool.objects.select_for_update(of=("self",)).filter(pk__in=sorted(set(pool_ids))).order_by("pk")
        )
        state = Period.objects.filter(pk=period_id).values_list("state", flat=True).get()
        if state not in rules.RECOMPUTABLE_STATES:
            raise PeriodNotRecomputable(state)
        pool_ids = [pool.pk for pool in pools]
        set_based = connection.vendor == "postgresql"
        inputs = load_inputs(period=period, pool_ids=pool_ids, today=today, set_based=set_based)
        now = timezone.now()
        rows: list[ProposalRow] = []
        for pool in pools:
            pool_rows, counts = compute_pool(period=period, pool=pool, inputs=inputs, job=job, now=now)
            rows.extend(pool_rows)
            for name, value in counts.items():
                setattr(pool, name, value)
            pool.computed_version, pool.computed_at, pool.computed_job = pool.input_version, now, job
        if set_based:
            _write_set_based(rows=rows, job=job, now=now)
        else:
            Proposal.objects.filter(assessee__pool_id__in=pool_ids).delete()
            Proposal.objects.bulk_create(
                [
                    Proposal(
                        **row._asdict(),
                        breakdown=inputs.breakdowns.get(row.assessee_id, {}),
                        computed_at=now,
                        job=job,
                    )
                    for row in rows
                ],
                batch_size=2000,
            )
        QuotaPool.objects.bulk_update(pools, fields=POOL_RESULT_FIELDS, batch_size=1000)
    if job is not None and pools:
        job_run_advance(job=job, by=len(pools))
    return len(pools)


POOL_RESULT_FIELDS = [
    "members",
    "graded_members",
    "max_excellent",
    "proposed_excellent",
    "quota_text",
    "computed_version",
    "computed_at",
    "computed_job",
]
PROPOSAL_COLUMNS = ("assessee_id", "rank", "proposed_grade", "ungraded_reason", "cap", "cap_source_id", "reasons")
# What a recompute writes of an assessee's proposal (its key, assessee_id, aside).
PROPOSAL_WRITTEN_COLUMNS = (
    "pool_id",
    "composite",
    "rank",
    "proposed_grade",
    "ungraded_reason",
    "cap",
    "cap_source_id",
    "reasons",
    "breakdown",
    "computed_at",
    "job_id",
)


# One encoder for every row's reasons: json.dumps with an option builds a new encoder at each call.
_REASONS_JSON = json.JSONEncoder(ensure_ascii=False).encode


def _write_set_based(*, rows: list[ProposalRow], job: JobRun | None, now) -> None:
    """PostgreSQL: the Python-side columns by COPY into a temporary table, then the batch's proposals written
    over in one INSERT … ON CONFLICT UPDATE with the composites and breakdowns of ``assess_batch``. Every member
    of the batch's pools gets a row, so this replaces the batch's proposals as a DELETE and INSERT would, but an
    updated row whose assessee and pool are unchanged skips their two foreign-key checks (0.2 s of 45,000)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS assess_rows")  # a caller's outer transaction may run batches
        # no key: the one statement reading it hash-joins it, and an index would only be built and dropped
        cursor.execute(
            "CREATE TEMPORARY TABLE assess_rows (assessee_id bigint, rank integer, proposed_grade text,"
            " ungraded_reason text, cap text, cap_source_id bigint, reasons jsonb) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY assess_rows ({', '.join(PROPOSAL_COLUMNS)}) FROM STDIN") as copy:
            write_row, reasons_json = copy.write_row, _REASONS_JSON
            for row in rows:
                write_row(
                    (
                        row.assessee_id,
                        row.rank,
                        row.proposed_grade,
                        row.ungraded_reason,
                        row.cap,
                        row.cap_source_id,
                        reasons_json(row.reasons),
                    )
                )
        columns = ", ".join(PROPOSAL_WRITTEN_COLUMNS)
        cursor.execute(
            f"INSERT INTO assessments_proposal (assessee_id, {columns})"
            " SELECT b.assessee_id, b.pool_id, b.composite, r.rank, r.proposed_grade, r.ungraded_reason, r.cap,"
            " r.cap_source_id, r.reasons, b.breakdown, %s, %s"
            f" FROM {recompute_sql.TEMP_TABLE} b JOIN assess_rows r ON r.assessee_id = b.assessee_id"
            " ON CONFLICT (assessee_id) DO UPDATE SET "
            + ", ".join(f"{name} = EXCLUDED.{name}" for name in PROPOSAL_WRITTEN_COLUMNS),
            [now, job.pk if job is not None else None],
        )


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
