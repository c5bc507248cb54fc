"""Every read of the rewards area, scoped to the user.

Awards, candidates, eligibility and grants reach a person's record: staff see those of the cadres they may
see, a cadre only his or her own; out of scope is 404. Funds, budgets and ledgers are the county's money,
for staff only. Balances are derived from the ledger (the last entry's running balance), never stored.
"""

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts import policy
from accounts.models import User
from cadres.selectors import official_order
from rewards import rules
from rewards.choices import LedgerEntryKind
from rewards.models import Award, AwardCandidate, Fund, FundBudget, Grant, LedgerEntry, RankPromotionEligibility

ZERO = Decimal("0")
MONEY_FIELD = DecimalField(max_digits=12, decimal_places=2)


# ---------------------------------------------------------------- awards and candidates


def award_list(*, user: User) -> QuerySet[Award]:
    return policy.restrict(Award.objects.all(), user).select_related("cadre", "cadre__unit")


def award_get(*, user: User, pk: int) -> Award:
    return get_object_or_404(award_list(user=user), pk=pk)


def candidate_list(*, user: User) -> QuerySet[AwardCandidate]:
    """Award candidates in scope: each year (latest first) in the official order of the cadres (issue 15.4)."""
    candidates = policy.restrict(AwardCandidate.objects.all(), user).select_related("cadre", "cadre__unit")
    return official_order(candidates, "cadre__", before=("-year",), then=("kind",))


def candidate_get(*, user: User, pk: int) -> AwardCandidate:
    return get_object_or_404(candidate_list(user=user), pk=pk)


def eligibility_list(*, user: User) -> QuerySet[RankPromotionEligibility]:
    return policy.restrict(RankPromotionEligibility.objects.all(), user).select_related("cadre", "cadre__unit")


# ---------------------------------------------------------------- funds, budgets, ledger


def _staff_only(user: User, queryset: QuerySet) -> QuerySet:
    return queryset if policy.is_staff(user) else queryset.none()


def fund_list(*, user: User) -> QuerySet[Fund]:
    return _staff_only(user, Fund.objects.all())


def fund_get(*, user: User, pk: int) -> Fund:
    return get_object_or_404(fund_list(user=user), pk=pk)


def _ledger_sum(kind: str) -> Coalesce:
    total = (
        LedgerEntry.objects.filter(budget=OuterRef("pk"), kind=kind)
        .order_by()
        .values("budget")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


def with_balances(queryset: QuerySet[FundBudget]) -> QuerySet[FundBudget]:
    """Budgets annotated from their ledger: ``balance`` (available: the last running balance), ``committed``
    (approved, not yet paid) and ``paid``. Three subqueries, no query per budget."""
    last_balance = LedgerEntry.objects.filter(budget=OuterRef("pk")).order_by("-sequence").values("balance_after")[:1]
    return queryset.annotate(
        balance=Coalesce(Subquery(last_balance, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD),
        paid=_ledger_sum(LedgerEntryKind.PAYMENT),
        committed=ExpressionWrapper(
            _ledger_sum(LedgerEntryKind.COMMITMENT) - _ledger_sum(LedgerEntryKind.RELEASE) - F("paid"),
            output_field=MONEY_FIELD,
        ),
    )


def budget_list(*, user: User) -> QuerySet[FundBudget]:
    return with_balances(_staff_only(user, FundBudget.objects.select_related("fund")))


def budget_choices(*, user: User) -> QuerySet[FundBudget]:
    """Budgets a user may pick (for a grant): plain rows, without the balance annotations."""
    return _staff_only(user, FundBudget.objects.select_related("fund"))


def budget_get(*, user: User, pk: int) -> FundBudget:
    return get_object_or_404(budget_list(user=user), pk=pk)


def budget_balance(*, budget: FundBudget) -> Decimal:
    """The available balance of a budget: its ledger's last running balance (0 before the first entry)."""
    last = LedgerEntry.objects.filter(budget=budget).order_by("-sequence").values_list("balance_after", flat=True)
    return last.first() or ZERO


def _ledger_scope(user: User) -> Q:
    """A ledger's rows a staff user may read: the budget's own movements (allocation, adjustments) and the
    movements of grants to the cadres in the user's scope. A grant's row names its cadre and amount, and the
    grants of other units' cadres are out of unit HR's scope (as on the grant list); the running balance of
    every row stays the budget's, so the figures still add up to the budget's balance."""
    cadres = policy.scope(user).cadres("grant__cadre__")
    return Q(grant__isnull=True) | cadres if cadres else Q()  # an empty Q is everyone (org staff)


def ledger_entries(*, user: User, budget: FundBudget) -> QuerySet[LedgerEntry]:
    """One budget's ledger rows the user may read (``_ledger_scope``)."""
    entries = LedgerEntry.objects.filter(budget=budget).filter(_ledger_scope(user))
    return _staff_only(user, entries.select_related("grant", "grant__cadre", "recorded_by"))


def ledger_list(*, user: User) -> QuerySet[LedgerEntry]:
    entries = LedgerEntry.objects.filter(_ledger_scope(user))
    return _staff_only(user, entries.select_related("budget", "budget__fund", "grant", "grant__cadre"))


# ---------------------------------------------------------------- grants


def grant_list(*, user: User) -> QuerySet[Grant]:
    return policy.restrict(Grant.objects.all(), user).select_related("cadre", "cadre__unit", "fund", "budget", "award")


def grant_get(*, user: User, pk: int) -> Grant:
    return get_object_or_404(grant_list(user=user), pk=pk)


def cadre_rewards(*, cadre) -> dict:
    """A cadre's own awards, grants and eligibility for the cadre page (three queries)."""
    return {
        "awards": list(Award.objects.filter(cadre=cadre).order_by("-year", "-awarded_on", "-pk")),
        "grants": list(
            Grant.objects.filter(cadre=cadre).filter(~Q(status="cancelled")).select_related("fund", "budget", "award")
        ),
        "eligibility": RankPromotionEligibility.objects.filter(cadre=cadre).first(),
    }


def eligibility_for_cadre(*, cadre, on_date) -> dict:
    """ "为什么不是我": the cadre's award candidates and rank-promotion eligibility on ``on_date``, computed now
    by the engine for the cadre's unit (rank posts are shared by the unit), with every reason. A candidate
    whose award exists is left out, as the engine leaves it out. Ten queries or so, whatever the history.
    """
    from rewards import engine

    batch = engine.compute_units(unit_ids=[cadre.unit_id], on_date=on_date)
    awarded = set(Award.objects.filter(cadre=cadre).values_list("kind", "year", "basis"))
    candidates = [
        {
            "kind": candidate.kind,
            "year": candidate.year,
            "basis_years": list(candidate.basis_years),
            "blocked": candidate.blocked,
            "reasons": list(candidate.reasons),
        }
        for candidate in batch.candidates.get(cadre.pk, [])
        if (candidate.kind, candidate.year, candidate.basis) not in awarded
    ]
    promotion = batch.eligibility.get(cadre.pk)
    return {
        "cadre": cadre.pk,
        "on": on_date,
        "award_candidates": candidates,
        "promotion": promotion,
        # the engine's conclusion, the same sentence as the eligibility list's 说明 (rules.promotion_conclusion)
        "promotion_conclusion": promotion
        and rules.promotion_conclusion(
            eligible=promotion["eligible"],
            within_rank_posts=promotion["within_rank_posts"],
            reasons=promotion["reasons"],
        ),
    }
