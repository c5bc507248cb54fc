"""The eligibility engine: award candidates (§4) and rank-promotion eligibility (§5) for a batch of units, set-based.

The facts are read in SQL for the whole batch, a few statements whatever its size:

- the place of every confirmed 优秀 year in its run of consecutive 优秀 years (a gaps-and-islands window query);
- the years at the current rank that shorten, do not count, count as probation, or wait for confirmation;
- the latest confirmed year of each cadre; the bars (careers) and training compliance (training) of the batch.

The decisions are then made by the same functions the pure rules use (``rules.award_candidates_from_positions``,
``rules.rank_promotion``, ``rules.allocate_rank_posts``), so that the engine and ``rules.award_candidates`` /
``rules.tenure_facts`` differ only in how they read the facts; the differential test shows they agree.

Writing is idempotent and atomic per batch: the batch's units are locked (an advisory lock per unit on
PostgreSQL, taken in key order), the stored candidates and eligibility rows of its cadres are compared with
the new ones, and only the differences are written. Approved and declined candidates are staff decisions and
are never touched; a candidate whose award exists is not proposed again. A run killed half-way leaves every
batch either old or new, and running again gives the clean result; two runs at once queue per unit.
"""

import gc
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, JSONField, Max, Q, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from assessments.models import AnnualResult
from cadres.choices import CadreStatus
from cadres.models import Cadre, Unit
from careers.choices import BarKind
from careers.rules import rank_promotion_refusing_bars
from careers.selectors import bars_for_cadres
from rewards import rules
from rewards.choices import AwardBasisKind, CandidateStatus
from rewards.models import Award, AwardCandidate, RankPromotionEligibility
from training.selectors import compliance_for_cadres

ADVISORY_LOCK_CLASS = 13_0001  # pg_advisory_xact_lock(class, unit id): one engine batch per unit at a time

ELIGIBILITY_FIELDS = (
    "current_rank",
    "target_rank",
    "eligible",
    "within_rank_posts",
    "priority",
    "months_tenure",
    "months_excluded",
    "months_counted",
    "months_required",
    "excellent_years",
    "excluded_years",
    "eligible_from",
    "rank_posts_limit",
    "rank_posts_held",
    "rank_posts_free",
    "excellent_count",
    "reasons",
)


@dataclass
class CadreRow:
    pk: int
    unit_id: int
    rank: int | None
    rank_date: date | None
    category: str


@dataclass
class BatchResult:
    """What the engine found for a batch: candidates per cadre, eligibility per cadre (None: not in scope)."""

    cadres: list[CadreRow]
    candidates: dict[int, list[rules.CandidateResult]] = field(default_factory=dict)
    eligibility: dict[int, dict] = field(default_factory=dict)


@dataclass
class WriteSummary:
    cadres: int = 0
    candidates_created: int = 0
    candidates_updated: int = 0
    candidates_deleted: int = 0
    eligibility_written: int = 0
    eligibility_deleted: int = 0

    def add(self, other: "WriteSummary") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# ---------------------------------------------------------------- planning


def plan_batches(*, unit_ids: Iterable[int] | None = None, batch_size: int | None = None) -> list[list[int]]:
    """The units to recompute, in key order, cut into batches of about ``batch_size`` active cadres.

    A unit is never split: rank posts (职数) are shared by a unit's cadres. Units without active cadres are
    included too, so that the rows of cadres who left them are cleaned up.
    """
    batch_size = batch_size or settings.REWARDS_ENGINE_BATCH_CADRES
    units = Unit.objects.all() if unit_ids is None else Unit.objects.filter(pk__in=list(unit_ids))
    counts = dict(
        Cadre.objects.filter(status=CadreStatus.ACTIVE, unit__in=units.values("pk"))
        .values_list("unit_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    batches: list[list[int]] = []
    current: list[int] = []
    size = 0
    for unit_id in units.order_by("pk").values_list("pk", flat=True):
        current.append(unit_id)
        size += counts.get(unit_id, 0)
        if size >= batch_size:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches


def active_cadre_count(*, unit_ids: Iterable[int] | None = None) -> int:
    """How many active cadres a run covers (the job's total)."""
    cadres = Cadre.objects.filter(status=CadreStatus.ACTIVE)
    return (cadres if unit_ids is None else cadres.filter(unit_id__in=list(unit_ids))).count()


def totals() -> dict:
    """County-wide figures for the job summary: pending and blocked candidates, eligible and priority cadres."""
    candidates = AwardCandidate.objects.filter(status=CandidateStatus.PENDING).aggregate(
        pending=Count("pk"), blocked=Count("pk", filter=Q(blocked=True))
    )
    eligibility = RankPromotionEligibility.objects.aggregate(
        eligible_count=Count("pk", filter=Q(eligible=True)),
        within_count=Count("pk", filter=Q(eligible=True, within_rank_posts=True)),
        priority_count=Count("pk", filter=Q(priority=True)),
    )
    return {
        "pending_candidates": candidates["pending"],
        "blocked_candidates": candidates["blocked"],
        "eligible": eligibility["eligible_count"],
        "eligible_within_rank_posts": eligibility["within_count"],
        "priority": eligibility["priority_count"],
    }


def units_of_cadres(cadre_ids: Iterable[int]) -> list[int]:
    """The units of these cadres now (for a recompute after a change to them)."""
    return sorted(set(Cadre.objects.filter(pk__in=list(cadre_ids)).values_list("unit_id", flat=True)))


# ---------------------------------------------------------------- reading the facts in SQL

STREAK_SQL = """
WITH excellent AS (
    SELECT r.cadre_id, r.year, r.year - ROW_NUMBER() OVER (PARTITION BY r.cadre_id ORDER BY r.year) AS run
    FROM {results} r JOIN {cadres} c ON c.id = r.cadre_id
    WHERE c.unit_id IN ({units}) AND c.status = %s AND r.grade = %s AND r.confirmed_on <= %s
), placed AS (
    SELECT cadre_id, year, ROW_NUMBER() OVER (PARTITION BY cadre_id, run ORDER BY year) AS position
    FROM excellent
)
SELECT cadre_id, year, position FROM placed WHERE year >= %s
"""


def streak_positions(*, unit_ids: Sequence[int], on_date: date, first_year: int) -> dict[int, dict[int, int]]:
    """Each cadre's confirmed 优秀 years from ``first_year`` on, with their place in their run of consecutive
    优秀 years (counted over the whole history): ``{cadre_id: {year: place}}``. One statement."""
    sql = STREAK_SQL.format(
        results=AnnualResult._meta.db_table,
        cadres=Cadre._meta.db_table,
        units=", ".join(["%s"] * len(unit_ids)),
    )
    positions: dict[int, dict[int, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*unit_ids, CadreStatus.ACTIVE, rules.EXCELLENT, on_date, first_year])
        for cadre_id, year, position in cursor.fetchall():
            positions[cadre_id][year] = position
    return positions


def _at_rank(held_on: int) -> Q:
    """A result's year is at the cadre's current rank: the rank was held on (month, day) ``held_on`` of it."""
    return Q(year__gt=F("rank_year")) | Q(year=F("rank_year"), rank_month_day__lte=held_on)


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def tenure_rows(*, unit_ids: Sequence[int], on_date: date, config: rules.RewardSettings) -> dict[int, list[tuple]]:
    """The results that matter for §5: every year at the current rank except a confirmed 称职 (which just
    counts), and the year before ``on_date`` when it was confirmed 基本称职 (a bar in itself).

    ``{cadre_id: [(year, grade, ungraded_reason, confirmed, at_rank), ...]}``; one statement. A year is at
    the rank when the rank was held on REWARDS_RANK_YEAR_HELD_ON of it.
    """
    month, day = config.rank_year_held_on
    held_on = month * 100 + day
    confirmed = Q(confirmed_on__lte=on_date)
    at_rank = _at_rank(held_on)
    rows = (
        AnnualResult.objects.filter(
            cadre__unit_id__in=unit_ids, cadre__status=CadreStatus.ACTIVE, cadre__rank_date__isnull=False
        )
        .annotate(
            rank_year=ExtractYear("cadre__rank_date"),
            rank_month_day=ExtractMonth("cadre__rank_date") * 100 + ExtractDay("cadre__rank_date"),
        )
        .filter(
            (at_rank & (~Q(grade=rules.COMPETENT) | ~confirmed))
            | Q(year=on_date.year - 1, grade=rules.BASICALLY_COMPETENT, confirmed_on__lte=on_date)
        )
        .annotate(is_confirmed=_flag(confirmed), is_at_rank=_flag(at_rank))
        .values_list("cadre_id", "year", "grade", "ungraded_reason", "is_confirmed", "is_at_rank")
        .order_by()
    )
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for cadre_id, year, grade, ungraded_reason, is_confirmed, is_at_rank in rows:
        grouped[cadre_id].append((year, grade, ungraded_reason, bool(is_confirmed), bool(is_at_rank)))
    return grouped


def latest_years(*, unit_ids: Sequence[int], on_date: date, since: int) -> dict[int, int]:
    """The latest confirmed assessment year of each cadre, when it is ``since`` or later. One statement."""
    return dict(
        AnnualResult.objects.filter(
            cadre__unit_id__in=unit_ids, cadre__status=CadreStatus.ACTIVE, confirmed_on__lte=on_date, year__gte=since
        )
        .values_list("cadre_id")
        .annotate(latest=Max("year"))
        .order_by()
    )


def facts_from_rows(
    *, rank_date: date, rows: Iterable[tuple], positions: dict[int, int], latest_year: int | None, on_date: date
) -> rules.TenureFacts:
    """The §5 facts of one cadre from the rows the SQL chose (``tenure_rows``) and the run places of his or
    her 优秀 years (``streak_positions``)."""
    excellent, excluded, probation, unconfirmed = [], [], [], []
    previous_basically_competent = False
    for year, grade, ungraded_reason, is_confirmed, is_at_rank in sorted(rows):
        if is_confirmed and year == on_date.year - 1 and grade == rules.BASICALLY_COMPETENT:
            previous_basically_competent = True
        if not is_at_rank:
            continue
        if not is_confirmed:
            unconfirmed.append(year)
        elif grade == rules.EXCELLENT:
            excellent.append(year)
        elif grade == rules.UNGRADED and ungraded_reason == rules.PROBATION:
            probation.append(year)
        else:
            excluded.append((year, grade, ungraded_reason))
    return rules.TenureFacts(
        tenure=rules.tenure_months(rank_date=rank_date, on_date=on_date),
        excellent_years=tuple(excellent),
        excluded_years=tuple(excluded),
        probation_years=tuple(probation),
        unconfirmed_years=tuple(unconfirmed),
        latest_year=latest_year,
        latest_streak=positions.get(latest_year, 0) if latest_year is not None else 0,
        previous_year_basically_competent=previous_basically_competent,
    )


# ---------------------------------------------------------------- computing a batch


def compute_units(*, unit_ids: Sequence[int], on_date: date, config: rules.RewardSettings | None = None) -> BatchResult:
    """Award candidates and rank-promotion eligibility of every active cadre of these units on ``on_date``.

    Reads only; a fixed number of statements whatever the number of cadres. Used by the job (which then
    writes the differences) and by the "为什么不是我" answer for one cadre (which computes the cadre's unit).
    """
    config = config or rules.settings_snapshot()
    unit_ids = sorted(set(unit_ids))
    # the batch's cadres as a subquery for the other apps' selectors: no list of thousands of ids in the SQL
    active = Cadre.objects.filter(unit_id__in=unit_ids, status=CadreStatus.ACTIVE)
    cadres = [
        CadreRow(*row) for row in active.order_by("pk").values_list("pk", "unit_id", "rank", "rank_date", "category")
    ]
    result = BatchResult(cadres=cadres)
    if not cadres:
        return result
    first_year = rules.first_candidate_year(on_date, config)
    recent = on_date.year - rules.MERIT_STREAK_YEARS + 1
    positions = streak_positions(unit_ids=unit_ids, on_date=on_date, first_year=min(first_year, recent))
    bars = bars_for_cadres(on_date=on_date, cadre_ids=active)
    candidate_texts = rules.candidate_texts()
    for cadre in cadres:
        award_bars = [bar for bar in bars.get(cadre.pk, ()) if bar.kind == BarKind.AWARD]
        found = rules.award_candidates_from_positions(
            positions={year: place for year, place in positions.get(cadre.pk, {}).items() if year >= first_year},
            on_date=on_date,
            award_bars=award_bars,
            config=config,
            texts=candidate_texts,
        )
        if found:
            result.candidates[cadre.pk] = found

    ranked = [
        cadre for cadre in cadres if cadre.rank is not None and cadre.category in settings.REWARDS_RANK_CATEGORIES
    ]
    if not ranked:
        return result
    rows = tenure_rows(unit_ids=unit_ids, on_date=on_date, config=config)
    latest = latest_years(unit_ids=unit_ids, on_date=on_date, since=recent)
    training = compliance_for_cadres(
        on_date=on_date,
        queryset=active.filter(
            rank__isnull=False, rank_date__isnull=False, category__in=settings.REWARDS_RANK_CATEGORIES
        ),
    )
    texts = rules.promotion_texts()
    by_unit: dict[int, list[rules.PromotionResult]] = defaultdict(list)
    for cadre in ranked:
        if cadre.rank_date is None:
            result.eligibility[cadre.pk] = _no_rank_date(cadre, texts)
            continue
        facts = facts_from_rows(
            rank_date=cadre.rank_date,
            rows=rows.get(cadre.pk, ()),
            positions=positions.get(cadre.pk, {}),
            latest_year=latest.get(cadre.pk),
            on_date=on_date,
        )
        compliance = training.get(cadre.pk)
        promotion = rules.rank_promotion(
            cadre_id=cadre.pk,
            rank=cadre.rank,
            rank_date=cadre.rank_date,
            facts=facts,
            on_date=on_date,
            promotion_bars=rank_promotion_refusing_bars(bars.get(cadre.pk, ())),
            training_compliant=compliance.compliant if compliance else True,
            training_reason=compliance.reason if compliance else "",
            config=config,
            texts=texts,
        )
        by_unit[cadre.unit_id].append(promotion)
    _decide_rank_posts(by_unit=by_unit, ranked=ranked, config=config, texts=texts, result=result)
    return result


def _no_rank_date(cadre: CadreRow, texts: rules.PromotionTexts) -> dict:
    return {
        "current_rank": cadre.rank,
        "target_rank": None,
        "eligible": False,
        "within_rank_posts": False,
        "priority": False,
        "months_tenure": 0,
        "months_excluded": 0,
        "months_counted": 0,
        "months_required": 0,
        "excellent_years": [],
        "excluded_years": [],
        "eligible_from": None,
        "rank_posts_limit": None,
        "rank_posts_held": None,
        "rank_posts_free": None,
        "excellent_count": 0,
        "reasons": [texts.no_rank_date],
    }


def _decide_rank_posts(
    *,
    by_unit: dict[int, list[rules.PromotionResult]],
    ranked: list[CadreRow],
    config: rules.RewardSettings,
    texts: rules.PromotionTexts,
    result: BatchResult,
) -> None:
    """Per unit: its rank-post limits from its headcount and the ranks held now, then who fits (§5)."""
    headcounts = dict(Unit.objects.filter(pk__in=list(by_unit)).values_list("pk", "headcount"))
    held: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for cadre in ranked:
        held[cadre.unit_id][cadre.rank] += 1
    for unit_id, promotions in by_unit.items():
        limits = rules.rank_post_limits(headcount=headcounts.get(unit_id, 0), held_by_rank=held[unit_id], config=config)
        decisions = rules.allocate_rank_posts(results=promotions, limits=limits, texts=texts)
        for promotion in promotions:
            decision = decisions.get(promotion.cadre_id)
            reasons = list(promotion.reasons)
            if decision is not None and decision.reason:
                # No post left is the conclusion (rules.promotion_conclusion): last, after the date or "符合".
                reasons.insert(len(reasons) if not decision.room else len(reasons) - 1, decision.reason)
            result.eligibility[promotion.cadre_id] = {
                "current_rank": promotion.current_rank,
                "target_rank": promotion.target_rank,
                "eligible": promotion.eligible,
                "within_rank_posts": bool(decision and decision.within),
                "priority": promotion.priority,
                "months_tenure": promotion.months_tenure,
                "months_excluded": promotion.months_excluded,
                "months_counted": promotion.months_counted,
                "months_required": promotion.months_required,
                "excellent_years": list(promotion.excellent_years),
                "excluded_years": list(promotion.excluded_years),
                "eligible_from": promotion.eligible_from,
                "rank_posts_limit": decision.limit if decision else None,
                "rank_posts_held": decision.held if decision else None,
                "rank_posts_free": decision.free if decision else None,
                "excellent_count": len(promotion.excellent_years),
                "reasons": reasons,
            }


# ---------------------------------------------------------------- writing a batch


def _lock_units(unit_ids: Sequence[int]) -> None:
    """One engine batch per unit at a time: advisory locks in key order (PostgreSQL; SQLite runs one writer)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for unit_id in sorted(unit_ids):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ADVISORY_LOCK_CLASS, unit_id])


@contextmanager
def _no_cycle_collection():
    """A batch allocates hundreds of thousands of small objects and frees them at its end; none of them form
    reference cycles, so the cyclic collector only rescans them over and over (a third of a batch's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def recompute_units(*, unit_ids: Sequence[int], on_date: date) -> WriteSummary:
    """Compute a batch of units and write the differences, in one transaction (idempotent; see the module)."""
    unit_ids = sorted(set(unit_ids))
    with _no_cycle_collection(), transaction.atomic():
        _lock_units(unit_ids)
        batch = compute_units(unit_ids=unit_ids, on_date=on_date)
        summary = WriteSummary(cadres=len(batch.cadres))
        cadre_ids = Cadre.objects.filter(unit_id__in=unit_ids).values("pk")
        _write_candidates(batch=batch, cadre_ids=cadre_ids, on_date=on_date, summary=summary)
        _write_eligibility(batch=batch, cadre_ids=cadre_ids, on_date=on_date, summary=summary)
    return summary


def _write_candidates(*, batch: BatchResult, cadre_ids, on_date: date, summary: WriteSummary) -> None:
    awarded = set(Award.objects.filter(cadre_id__in=cadre_ids).values_list("cadre_id", "kind", "year", "basis"))
    wanted: dict[tuple, rules.CandidateResult] = {}
    for cadre_id, found in batch.candidates.items():
        for candidate in found:
            key = (cadre_id, candidate.kind, candidate.year, candidate.basis)
            if key not in awarded:
                wanted[key] = candidate
    stale, changed = [], []
    for pk, cadre_id, kind, year, basis, status, blocked, reasons in AwardCandidate.objects.filter(
        cadre_id__in=cadre_ids
    ).values_list("pk", "cadre_id", "kind", "year", "basis", "status", "blocked", "reasons"):
        key = (cadre_id, kind, year, basis)
        candidate = wanted.pop(key, None)
        if status != CandidateStatus.PENDING:
            continue
        if candidate is None:
            stale.append(pk)
        elif (blocked, reasons) != (candidate.blocked, list(candidate.reasons)):
            changed.append(_candidate_row(key, candidate, on_date, pk=pk))
    if stale:
        summary.candidates_deleted += AwardCandidate.objects.filter(
            pk__in=stale, status=CandidateStatus.PENDING
        ).delete()[0]
    new = [_candidate_row(key, candidate, on_date) for key, candidate in sorted(wanted.items())]
    rows = sorted(changed + new, key=lambda row: (row.cadre_id, row.kind, row.year, row.basis))
    _upsert(
        AwardCandidate,
        rows,
        unique_fields=["cadre", "kind", "year", "basis"],
        update_fields=["blocked", "reasons", "computed_on", "updated_at"],
    )
    summary.candidates_created += len(new)
    summary.candidates_updated += len(changed)


def _upsert(model, objs: list, *, unique_fields: list[str], update_fields: list[str]) -> None:
    """Insert these rows, or update ``update_fields`` of the row with the same ``unique_fields``.

    On PostgreSQL the rows are copied (COPY) into a temporary table and moved by one INSERT … ON CONFLICT DO
    UPDATE: a batch's thousands of rows in a fraction of the time of ``bulk_create(update_conflicts=True)``,
    which spends seconds turning every value into SQL parameters. Elsewhere (SQLite in tests) that is what
    runs. Either way the same statement's semantics: a row is new or updated, never both, never twice.
    """
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            objs, batch_size=2000, update_conflicts=True, unique_fields=unique_fields, update_fields=update_fields
        )
        return
    from psycopg import sql

    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = [field.column for field in fields]
    conflict = [model._meta.get_field(name).column for name in unique_fields]
    updates = [model._meta.get_field(name).column for name in update_fields]
    table = model._meta.db_table
    scratch = f"{table}_upsert"
    identifiers = sql.SQL(", ").join(map(sql.Identifier, columns))
    statements = [
        sql.SQL("CREATE TEMPORARY TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA").format(
            sql.Identifier(scratch), identifiers, sql.Identifier(table)
        ),
        sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ON CONFLICT ({}) DO UPDATE SET {}").format(
            sql.Identifier(table),
            identifiers,
            identifiers,
            sql.Identifier(scratch),
            sql.SQL(", ").join(map(sql.Identifier, conflict)),
            sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(column)) for column in updates),
        ),
        sql.SQL("DROP TABLE {}").format(sql.Identifier(scratch)),
    ]
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(statements[0])
        copy_statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(scratch), identifiers)
        with cursor.copy(copy_statement) as copy:
            for obj in objs:
                copy.write_row([_copy_value(field, obj) for field in fields])
        cursor.execute(statements[1])
        cursor.execute(statements[2])


def _copy_value(field, obj):
    """A field's value as COPY takes it: auto_now stamps applied, JSON written out as text."""
    value = field.pre_save(obj, add=True)
    if isinstance(field, JSONField):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return value


def _candidate_row(
    key: tuple, candidate: rules.CandidateResult, on_date: date, pk: int | None = None
) -> AwardCandidate:
    cadre_id, kind, year, basis = key
    return AwardCandidate(
        pk=pk,
        cadre_id=cadre_id,
        kind=kind,
        year=year,
        basis_kind=AwardBasisKind.ASSESSMENT,
        basis_years=list(candidate.basis_years),
        basis=basis,
        blocked=candidate.blocked,
        reasons=list(candidate.reasons),
        computed_on=on_date,
    )


def _comparable(values: dict) -> tuple:
    return tuple(
        values[name].isoformat() if isinstance(values[name], date) else values[name] for name in ELIGIBILITY_FIELDS
    )


def _write_eligibility(*, batch: BatchResult, cadre_ids, on_date: date, summary: WriteSummary) -> None:
    existing = {
        row[0]: row[1:]
        for row in RankPromotionEligibility.objects.filter(cadre_id__in=cadre_ids).values_list(
            "cadre_id", *ELIGIBILITY_FIELDS
        )
    }
    gone = [cadre_id for cadre_id in existing if cadre_id not in batch.eligibility]
    if gone:
        summary.eligibility_deleted += RankPromotionEligibility.objects.filter(cadre_id__in=gone).delete()[0]
    rows = []
    for cadre_id, values in sorted(batch.eligibility.items()):
        old = existing.get(cadre_id)
        if old is not None and _comparable(dict(zip(ELIGIBILITY_FIELDS, old, strict=True))) == _comparable(values):
            continue
        rows.append(RankPromotionEligibility(cadre_id=cadre_id, computed_on=on_date, **values))
    _upsert(
        RankPromotionEligibility,
        rows,
        unique_fields=["cadre"],
        update_fields=["computed_on", "updated_at", *ELIGIBILITY_FIELDS],
    )
    summary.eligibility_written += len(rows)


def clean_up_departed() -> WriteSummary:
    """After a full run: the pending candidates and eligibility rows of cadres no longer active (retired,
    transferred out) are removed; staff decisions stay."""
    summary = WriteSummary()
    inactive = Cadre.objects.exclude(status=CadreStatus.ACTIVE).values("pk")
    summary.candidates_deleted = AwardCandidate.objects.filter(
        cadre_id__in=inactive, status=CandidateStatus.PENDING
    ).delete()[0]
    summary.eligibility_deleted = RankPromotionEligibility.objects.filter(cadre_id__in=inactive).delete()[0]
    return summary
