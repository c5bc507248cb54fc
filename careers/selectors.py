"""Every read of career and accountability records, scoped to the user, and the batch bar selectors.

The batch selectors fetch every relevant record of a set of cadres in one query (``.values_list``) and
apply the same pure rules (``careers.rules``) per cadre that the cadre page uses, so the two always agree.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import DateField, Exists, Func, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404

from accounts import policy
from accounts.models import User
from cadres.models import Cadre, Unit
from careers import rules
from careers.choices import (
    AppointmentKind,
    CaseStatus,
    FaultToleranceOutcome,
    ProbationOutcome,
    RankChangeKind,
    RecordKind,
    RecordStatus,
)
from careers.models import (
    AccountabilityRecord,
    Appointment,
    FaultToleranceCase,
    RankChange,
    UnfitAdjustmentCase,
)

# The record fields the pure rules read; ``record_facts`` maps a row of them (after the cadre id) onto
# ``rules.RecordFacts`` by name.
FACT_FIELDS = (
    "id",
    "cadre_id",
    "kind",
    "decided_on",
    "revoked_on",
    "probation_years",
    "ends_on",
    "closed_on",
    "exempted",
    "outcome",
    "sanction_kind",
    "old_leadership_level",
)
_FACT_NAMES = tuple(name for name in FACT_FIELDS if name != "cadre_id")


def exempted_annotation() -> Exists:
    """Whether a decided fault-tolerance case found the record 免责."""
    return Exists(
        FaultToleranceCase.objects.filter(
            record=OuterRef("pk"), status=CaseStatus.DECIDED, outcome=FaultToleranceOutcome.EXEMPT
        )
    )


def record_facts(row: tuple) -> rules.RecordFacts:
    """A ``FACT_FIELDS`` row as the pure rules' input."""
    values = dict(zip(FACT_FIELDS, row, strict=True))
    del values["cadre_id"]
    values["exempted"] = bool(values["exempted"])
    return rules.RecordFacts(**values)


def record_to_facts(record: AccountabilityRecord) -> rules.RecordFacts:
    """A loaded record (annotated with ``exempted``) as the pure rules' input."""
    values = {name: getattr(record, name, None) for name in _FACT_NAMES}
    values["id"] = record.pk
    values["exempted"] = bool(values["exempted"])
    return rules.RecordFacts(**values)


def _facts_by_cadre(*, cadre_ids: Iterable[int] | QuerySet | None, unit: Unit | None) -> tuple[list[int], dict]:
    """The cadre ids of the set and their records' facts, in two queries. ``cadre_ids`` may be a queryset of
    cadres: it is then a subquery, not thousands of ids written into the SQL (the jobs' batches)."""
    if cadre_ids is None and unit is None:
        raise ValueError("cadre_ids or unit is required")
    if isinstance(cadre_ids, QuerySet):
        ids = list(cadre_ids.order_by("pk").values_list("pk", flat=True))
        records = AccountabilityRecord.objects.filter(cadre_id__in=cadre_ids.values("pk"))
    elif cadre_ids is not None:
        ids = sorted(set(cadre_ids))
        records = AccountabilityRecord.objects.filter(cadre_id__in=ids)
    else:
        ids = list(Cadre.objects.filter(unit__path__startswith=unit.path).order_by("pk").values_list("pk", flat=True))
        records = AccountabilityRecord.objects.filter(cadre__unit__path__startswith=unit.path)
    rows = records.annotate(exempted=exempted_annotation()).values_list(*FACT_FIELDS)
    facts: dict[int, list[rules.RecordFacts]] = defaultdict(list)
    for row in rows.iterator(chunk_size=5000):
        facts[row[1]].append(record_facts(row))
    return ids, facts


def bars_for_cadres(
    *, on_date: date, cadre_ids: Iterable[int] | QuerySet | None = None, unit: Unit | None = None
) -> dict[int, list[rules.Bar]]:
    """Bars in force on ``on_date`` for every cadre of ``cadre_ids`` (ids, or a queryset of cadres) or of
    ``unit`` and its sub-units.

    Two queries whatever the number of cadres; the jobs (assessments, rewards) use this. Not scoped to a
    user: callers are jobs, or views that have already scoped the set.
    """
    ids, facts = _facts_by_cadre(cadre_ids=cadre_ids, unit=unit)
    empty: list = []
    return {cadre_id: rules.bars_on(facts[cadre_id], on_date) if cadre_id in facts else empty for cadre_id in ids}


def grade_caps_for_cadres(
    *, year: int, cadre_ids: Iterable[int] | None = None, unit: Unit | None = None, graded_on: date | None = None
) -> dict[int, rules.GradeCap]:
    """The cap on the annual grade of ``year`` (and whether it is pending an open investigation) for every
    cadre of ``cadre_ids`` or of ``unit`` and its sub-units: ``{cadre id: rules.GradeCap}``, two queries.

    domain-rules §2 (考核规定 art. 28–29), through ``rules.grade_cap``, the same function the per-cadre
    ``cadre_grade_cap`` uses. Not scoped to a user: callers are jobs, or views that have scoped the set.
    """
    ids, facts = _facts_by_cadre(cadre_ids=cadre_ids, unit=unit)
    return {
        cadre_id: rules.grade_cap(facts[cadre_id], year, graded_on) if cadre_id in facts else rules.NO_GRADE_CAP
        for cadre_id in ids
    }


def hire_probations_for_cadres(*, cadre_ids: Iterable[int] | QuerySet, covering: date) -> dict[int, tuple[date, date]]:
    """The 录用 (hire) of every cadre of ``cadre_ids`` (ids, or a queryset of cadres: a subquery) whose
    录用试用期 covers ``covering``:
    ``{cadre id: (hired on, last day of probation)}``, one query (domain-rules §2, art. 25).

    A hire whose probation was failed (取消录用) is left out: the cadre no longer serves. Not scoped to a
    user: callers are jobs, or views that have scoped the set.
    """
    rows = (
        Appointment.objects.filter(
            cadre_id__in=cadre_ids,
            kind=AppointmentKind.HIRE,
            effective_date__lte=covering,
            probation_end__gte=covering,
        )
        .exclude(probation_outcome=ProbationOutcome.FAILED)
        .values_list("cadre_id", "effective_date", "probation_end")
        .order_by()
    )
    return {cadre_id: (hired_on, last_day) for cadre_id, hired_on, last_day in rows}


def bars_and_grade_caps_for_cadres(
    *, on_date: date, year: int, cadre_ids: Iterable[int] | None = None, unit: Unit | None = None
) -> dict[int, tuple[list[rules.Bar], rules.GradeCap]]:
    """Both answers for a set of cadres from one fetch of their records (two queries)."""
    ids, facts = _facts_by_cadre(cadre_ids=cadre_ids, unit=unit)
    empty: tuple = ([], rules.NO_GRADE_CAP)
    return {
        cadre_id: (rules.bars_on(facts[cadre_id], on_date), rules.grade_cap(facts[cadre_id], year))
        if cadre_id in facts
        else empty
        for cadre_id in ids
    }


def cadre_record_facts(*, cadre: Cadre) -> list[rules.RecordFacts]:
    """One cadre's records as the rules' input (one query)."""
    rows = (
        AccountabilityRecord.objects.filter(cadre=cadre)
        .annotate(exempted=exempted_annotation())
        .values_list(*FACT_FIELDS)
    )
    return [record_facts(row) for row in rows]


def cadre_bars(*, cadre: Cadre, on_date: date) -> list[rules.Bar]:
    return rules.bars_on(cadre_record_facts(cadre=cadre), on_date)


def cadre_grade_cap(*, cadre: Cadre, year: int, graded_on: date | None = None) -> rules.GradeCap:
    """The cap on cadre's annual grade of ``year`` and why (one query); see ``grade_caps_for_cadres``."""
    return rules.grade_cap(cadre_record_facts(cadre=cadre), year, graded_on)


# ---------------------------------------------------------------- promotions (for the training grace)


def last_promotion_date(*, on_date: date, cadre_ref: str = "pk") -> Func:
    """An expression for the date of a cadre's last promotion of post (提拔) or rank (晋升) on or before
    ``on_date``, or NULL: to annotate a cadre queryset (``cadre_ref`` names the cadre's id in it).

    Only a promotion counts (domain-rules §6, 干部教育培训工作条例 art. 15): 降职, 平级转任, 交流,
    改任职级, 套转, 降低 and 恢复 do not. Two correlated subqueries on the (cadre, date) indexes.
    """
    post = (
        Appointment.objects.filter(
            cadre_id=OuterRef(cadre_ref), kind=AppointmentKind.PROMOTION, effective_date__lte=on_date
        )
        .order_by("-effective_date")
        .values("effective_date")[:1]
    )
    rank = (
        RankChange.objects.filter(
            cadre_id=OuterRef(cadre_ref), kind=RankChangeKind.PROMOTION, effective_date__lte=on_date
        )
        .order_by("-effective_date")
        .values("effective_date")[:1]
    )
    post_date, rank_date = Subquery(post, output_field=DateField()), Subquery(rank, output_field=DateField())
    # GREATEST ignores NULLs on PostgreSQL but not on SQLite: coalesce each side with the other first.
    return Greatest(Coalesce(post_date, rank_date), Coalesce(rank_date, post_date), output_field=DateField())


# ---------------------------------------------------------------- scoped lists


def appointment_list(*, user: User) -> QuerySet[Appointment]:
    return Appointment.objects.filter(policy.scope(user).cadres("cadre__")).select_related(
        "cadre", "cadre__unit", "unit"
    )


def appointment_get(*, user: User, pk: int) -> Appointment:
    return get_object_or_404(appointment_list(user=user), pk=pk)


def rank_change_list(*, user: User) -> QuerySet[RankChange]:
    return RankChange.objects.filter(policy.scope(user).cadres("cadre__")).select_related("cadre", "cadre__unit")


def rank_change_get(*, user: User, pk: int) -> RankChange:
    return get_object_or_404(rank_change_list(user=user), pk=pk)


def accountability_record_list(*, user: User) -> QuerySet[AccountabilityRecord]:
    return (
        AccountabilityRecord.objects.filter(policy.scope(user).cadres("cadre__"))
        .select_related("cadre", "cadre__unit")
        .annotate(exempted=exempted_annotation())
    )


def accountability_record_get(*, user: User, pk: int) -> AccountabilityRecord:
    return get_object_or_404(accountability_record_list(user=user), pk=pk)


def active_measure_list(*, user: User, on_date: date) -> QuerySet[AccountabilityRecord]:
    """Records not revoked by ``on_date`` (measures, discipline, sanctions, investigations)."""
    return accountability_record_list(user=user).filter(
        Q(status=RecordStatus.ACTIVE) | Q(revoked_on__gt=on_date), decided_on__lte=on_date
    )


def open_investigation_list(*, user: User) -> QuerySet[AccountabilityRecord]:
    return accountability_record_list(user=user).filter(
        kind=RecordKind.INVESTIGATION, closed_on__isnull=True, status=RecordStatus.ACTIVE
    )


def probation_ending_list(*, user: User, on_date: date, days: int | None = None) -> QuerySet[Appointment]:
    """Promotions still on probation whose probation ends within ``days`` (setting) from ``on_date``."""
    days = settings.CAREERS_PROBATION_ALERT_DAYS if days is None else days
    return appointment_list(user=user).filter(
        probation_outcome=ProbationOutcome.PENDING, probation_end__lte=on_date + timedelta(days=days)
    )


def unfit_case_list(*, user: User) -> QuerySet[UnfitAdjustmentCase]:
    return UnfitAdjustmentCase.objects.filter(policy.scope(user).cadres("cadre__")).select_related(
        "cadre", "cadre__unit", "appointment", "measure"
    )


def unfit_case_get(*, user: User, pk: int) -> UnfitAdjustmentCase:
    return get_object_or_404(unfit_case_list(user=user), pk=pk)


def fault_tolerance_case_list(*, user: User) -> QuerySet[FaultToleranceCase]:
    return FaultToleranceCase.objects.filter(policy.scope(user).cadres("record__cadre__")).select_related(
        "record", "record__cadre", "record__cadre__unit"
    )


def fault_tolerance_case_get(*, user: User, pk: int) -> FaultToleranceCase:
    return get_object_or_404(fault_tolerance_case_list(user=user), pk=pk)


# ---------------------------------------------------------------- the cadre's career timeline


def cadre_career(*, cadre: Cadre, on_date: date) -> dict:
    """Everything the career section of the cadre page shows, in four queries whatever the history's length:
    appointments, rank changes, accountability records (with fault-tolerance cases), and the bars."""
    appointments = list(Appointment.objects.filter(cadre=cadre).select_related("unit").order_by("effective_date", "pk"))
    rank_changes = list(RankChange.objects.filter(cadre=cadre).order_by("effective_date", "pk"))
    records = list(
        AccountabilityRecord.objects.filter(cadre=cadre)
        .annotate(exempted=exempted_annotation())
        .prefetch_related(Prefetch("fault_tolerance_cases", queryset=FaultToleranceCase.objects.order_by("pk")))
        .order_by("decided_on", "pk")
    )
    facts = [record_to_facts(record) for record in records]
    bars = rules.bars_on(facts, on_date)
    barring_ids = {bar.source_id for bar in bars}
    bars_by_record: dict[int, list[rules.Bar]] = defaultdict(list)
    for bar in bars:
        bars_by_record[bar.source_id].append(bar)
    items = []
    for appointment in appointments:
        items.append({"date": appointment.effective_date, "type": "appointment", "object": appointment, "bars": []})
    for change in rank_changes:
        items.append({"date": change.effective_date, "type": "rank", "object": change, "bars": []})
    for record in records:
        items.append(
            {
                "date": record.decided_on,
                "type": "record",
                "object": record,
                "bars": bars_by_record.get(record.pk, []),
                "active_bar": record.pk in barring_ids,
            }
        )
    items.sort(key=lambda item: (item["date"], item["type"], item["object"].pk), reverse=True)
    return {
        "items": items,
        "bars": bars,
        "grade_cap": rules.grade_cap(facts, on_date.year),
        "on_date": on_date,
    }
