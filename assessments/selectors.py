"""Every read of assessment data, scoped to the user, and the batch selectors other apps and jobs use."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

import chinese_calendar
from django.conf import settings
from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from accounts import policy
from accounts.models import User
from assessments import rules
from assessments.choices import ItemKind, RaterGroup
from assessments.models import (
    AnnualResult,
    Assessee,
    IndicatorItem,
    Period,
    PublicityObjection,
    QuotaPool,
    RaterAssignment,
    RatingScore,
    Suggestion,
    WorkCalendarDay,
    WorkCalendarYear,
)
from assessments.rules import AnnualResultFacts
from cadres.selectors import official_order

ANNUAL_RESULT_FACT_FIELDS = ("cadre_id", "year", "grade", "ungraded_reason", "confirmed_on", "source")


def annual_results_for(*, cadre_ids: Iterable[int], on: date) -> dict[int, dict[int, AnnualResultFacts]]:
    """The annual results in force on ``on`` for a set of cadres: ``{cadre_id: {year: AnnualResultFacts}}``.

    A result counts from its ``confirmed_on`` (domain-rules §5: only confirmed grades count), so a result
    confirmed after ``on`` is left out. Assessed and imported results count alike. One query whatever the
    number of cadres; cadres without results are absent from the answer. Not scoped to a user: callers are
    jobs (the rewards engine), or views that have already scoped the set.
    """
    rows = (
        AnnualResult.objects.filter(cadre_id__in=sorted(set(cadre_ids)), confirmed_on__lte=on)
        .order_by("cadre_id", "year")
        .values_list(*ANNUAL_RESULT_FACT_FIELDS)
    )
    results: dict[int, dict[int, AnnualResultFacts]] = defaultdict(dict)
    for row in rows.iterator(chunk_size=5000):
        facts = AnnualResultFacts(*row)
        results[facts.cadre_id][facts.year] = facts
    return dict(results)


def annual_result_list(*, user: User) -> QuerySet[AnnualResult]:
    """The annual results the user may see (a cadre: his or her own), with cadre, unit and period joined:
    each year (latest first) in the official order of the cadres (issue 15.4)."""
    results = AnnualResult.objects.filter(policy.scope(user).cadres("cadre__")).select_related(
        "cadre", "cadre__unit", "period"
    )
    return official_order(results, "cadre__", before=("-year",))


def annual_result_get(*, user: User, pk: int) -> AnnualResult:
    return get_object_or_404(annual_result_list(user=user), pk=pk)


# ---------------------------------------------------------------- periods, pools, proposals


def period_list(*, user: User) -> QuerySet[Period]:
    """Periods are visible to every staff user and to cadres (their own tasks and results hang off them)."""
    if not user.is_authenticated or not user.is_active:
        return Period.objects.none()
    return Period.objects.all()


def period_get(*, user: User, pk: int) -> Period:
    return get_object_or_404(period_list(user=user), pk=pk)


def pool_list(*, user: User, period: Period) -> QuerySet[QuotaPool]:
    """A period's quota pools the user may see: staff see their units' pools (org staff all); cadres none."""
    if not policy.is_staff(user):
        return QuotaPool.objects.none()
    return QuotaPool.objects.filter(policy.scope(user).units("unit__"), period=period).select_related("unit")


def assessee_list(*, user: User, period: Period | None = None) -> QuerySet[Assessee]:
    """Assessees the user may see (a cadre: himself or herself), with cadre, units, pool and proposal joined."""
    queryset = Assessee.objects.filter(policy.scope(user).cadres("cadre__"))
    if period is not None:
        queryset = queryset.filter(period=period)
    return queryset.select_related(
        "period", "cadre", "cadre__unit", "home_unit", "assessing_unit", "pool", "pool__unit", "proposal", "template"
    )


def assessee_get(*, user: User, pk: int) -> Assessee:
    return get_object_or_404(assessee_list(user=user), pk=pk)


def proposal_rows(*, user: User, period: Period) -> QuerySet[Assessee]:
    """A period's assessees with their proposals, best first within each pool (the proposals list)."""
    return assessee_list(user=user, period=period).order_by(
        "pool__unit__path", "pool__kind", F("proposal__rank").asc(nulls_last=True), "cadre__name_pinyin", "pk"
    )


def objection_list(*, user: User, period: Period | None = None) -> QuerySet[PublicityObjection]:
    """公示异议 with their handling, latest first: org staff only, who record and handle them. An objection
    may name anyone of the county (or nobody, "某拟定优秀人员"), so unit HR see none, on the page as in the API."""
    if not policy.is_org_wide(user):
        return PublicityObjection.objects.none()
    objections = PublicityObjection.objects.select_related("cadre", "handled_by")
    if period is not None:
        objections = objections.filter(period=period)
    return objections.order_by("-raised_on", "-pk")


# ---------------------------------------------------------------- raters' tasks


def rating_task_list(*, user: User) -> QuerySet[RaterAssignment]:
    """The logged-in cadre's own rating tasks (我的评分任务). Nobody sees another rater's tasks here."""
    if not user.is_authenticated or not user.cadre_id:
        return RaterAssignment.objects.none()
    return (
        RaterAssignment.objects.filter(rater_id=user.cadre_id)
        .select_related("assessee__period", "assessee__cadre", "assessee__cadre__unit", "assessee__template")
        .order_by("-assessee__period__year", "status", "assessee__cadre__name_pinyin", "pk")
    )


def rating_task_get(*, user: User, pk: int) -> RaterAssignment:
    return get_object_or_404(rating_task_list(user=user), pk=pk)


def rater_assignment_list(*, user: User, period: Period | None = None) -> QuerySet[RaterAssignment]:
    """Staff's view of who rates whom (to edit before scoring opens) and each task's status: never a score."""
    if not policy.is_staff(user):
        return RaterAssignment.objects.none()
    queryset = RaterAssignment.objects.filter(policy.scope(user).cadres("assessee__cadre__"))
    if period is not None:
        queryset = queryset.filter(assessee__period=period)
    return queryset.select_related("assessee__cadre", "rater", "rater__unit").order_by(
        "assessee__cadre__name_pinyin", "assessee_id", "group", "pk"
    )


def rating_task_items(*, assignment: RaterAssignment) -> list[dict]:
    """The rated items of a rater's own task with the rater's own scores (``assignment`` must come from
    ``rating_task_get``): two queries."""
    own = dict(RatingScore.objects.filter(assignment=assignment).values_list("item_id", "score"))
    return [
        {
            "id": item.pk,
            "name": item.name,
            "weight": str(item.weight),
            "description": item.description,
            "own_score": str(own[item.pk]) if item.pk in own else None,
        }
        for item in IndicatorItem.objects.filter(
            template_id=assignment.assessee.template_id, kind=ItemKind.RATED
        ).order_by("sort_order", "pk")
    ]


def display_breakdown(breakdown: dict) -> dict:
    """A proposal's breakdown as anyone but an admin may see it: per item its score and the rater groups
    merged for anonymity (``rules.display_groups``); raw sums, counts and extremes never leave here."""
    if not breakdown:
        return {}
    min_group = settings.ASSESSMENTS_ANONYMITY_MIN_GROUP
    items = [
        {
            "name": item["name"],
            "kind": item["kind"],
            "weight": item["weight"],
            "score": item["score"],
            "groups": [
                {
                    "groups": [str(RaterGroup(group).label) for group in bucket["groups"]],
                    "raters": bucket["raters"],
                    "mean": bucket["mean"],
                    "merged": bucket["merged"],
                }
                for bucket in rules.display_groups(item["groups"], min_group=min_group)
            ],
        }
        for item in breakdown.get("items", [])
    ]
    return {
        "items": items,
        "missing": breakdown.get("missing", []),
        "assessed": breakdown.get("assessed", ""),
        "regular": breakdown.get("regular"),
    }


def own_results(*, user: User) -> dict:
    """A cadre's own assessment: confirmed annual results and his or her assessments with aggregates only."""
    if not user.is_authenticated or not user.cadre_id:
        return {"results": [], "assessees": []}
    return {
        "results": list(AnnualResult.objects.filter(cadre_id=user.cadre_id).select_related("period").order_by("-year")),
        "assessees": list(
            Assessee.objects.filter(cadre_id=user.cadre_id)
            .select_related("period", "proposal", "assessing_unit")
            .order_by("-period__year", "-pk")
        ),
    }


# ---------------------------------------------------------------- the work calendar


def working_day_checker() -> Callable[[date], bool]:
    """``is_working_day(day)`` on the official calendar: a day staff entered wins; else the calendar package
    (chinesecalendar, 2004–2026); else, in a year staff marked as entered in full, Monday to Friday; else
    ``rules.UnknownWorkCalendarYear``. Entries are read once per year asked."""
    entered: dict[date, bool] = {}
    complete: set[int] | None = None
    loaded_years: set[int] = set()

    def is_working_day(day: date) -> bool:
        nonlocal complete
        if day.year not in loaded_years:
            entered.update(WorkCalendarDay.objects.filter(day__year=day.year).values_list("day", "is_working_day"))
            loaded_years.add(day.year)
        if day in entered:
            return entered[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            pass
        if complete is None:
            complete = set(WorkCalendarYear.objects.values_list("year", flat=True))
        if day.year in complete:
            return day.weekday() < 5
        raise rules.UnknownWorkCalendarYear(day.year)

    return is_working_day


def suggestion_list(*, user: User) -> QuerySet[Suggestion]:
    """The staff to-do list of §3 consequences, scoped to the user's units; cadres see none."""
    if not policy.is_staff(user):
        return Suggestion.objects.none()
    return Suggestion.objects.filter(policy.scope(user).cadres("cadre__")).select_related(
        "cadre", "cadre__unit", "annual_result"
    )


def suggestion_get(*, user: User, pk: int) -> Suggestion:
    return get_object_or_404(suggestion_list(user=user), pk=pk)


def suggestions_in_order(suggestions: QuerySet[Suggestion], *, status_first: bool = False) -> QuerySet[Suggestion]:
    """The to-do list's order: (the status, then) each year latest first, the roster's official order, the kind.

    The year is ordered as an expression of the result's year, not as the joined column: ordered by the column,
    PostgreSQL walks the annual results' year index (418,075 results in the 100,000-cadre benchmark county)
    probing each for a suggestion, 0.9 s for the first page of 9,239 open ones; by the expression it reads the
    suggestions first and joins their results, 0.12 s.
    """
    suggestions = suggestions.annotate(result_year=F("annual_result__year") + 0)
    before = ("status", "-result_year") if status_first else ("-result_year",)
    return official_order(suggestions, "cadre__", before=before, then=("kind",))
