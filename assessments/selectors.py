"""Every read of assessment data, scoped to the user, and the batch selectors other apps and jobs use."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import policy
from accounts.models import User
from assessments.models import AnnualResult
from assessments.rules import AnnualResultFacts

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
    """The annual results the user may see (a cadre: his or her own), with cadre, unit and period joined."""
    return AnnualResult.objects.filter(policy.scope(user).cadres("cadre__")).select_related(
        "cadre", "cadre__unit", "period"
    )


def annual_result_get(*, user: User, pk: int) -> AnnualResult:
    return get_object_or_404(annual_result_list(user=user), pk=pk)
