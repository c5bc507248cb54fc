"""No overdraft under concurrent approvals (domain-rules §9; PostgreSQL row locks and constraints).

Fifty approvals start together, each in its own thread and database connection, against a budget that fits
exactly ten of the grants: exactly ten are approved, the others refused with the balance message, the
running balance never goes below zero, the ledger sums to the balance, and no grant is approved twice.
"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from accounts.models import Role
from rewards import selectors, services
from rewards.choices import GrantBasisKind, GrantStatus, LedgerEntryKind
from rewards.models import Grant, LedgerEntry
from tests.factories import CadreFactory, UnitFactory, UserFactory
from tests.rewards.factories import FundFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

APPROVALS = 50
FITS = 10
AMOUNT = Decimal("1500.00")


def run_together(calls) -> list:
    """Run every call in its own thread, released at the same moment; each closes its own connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "approved"
        except ValidationError as error:
            outcomes[index] = error.message_dict.get("amount", error.messages)[0]
        except Exception as error:
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_fifty_concurrent_approvals_against_a_budget_for_ten_approve_exactly_ten(transactional_db):
    # given: a budget of exactly ten grants, and fifty proposed grants for fifty cadres
    staff = UserFactory(role=Role.ORG_STAFF)
    unit = UnitFactory()
    budget = services.budget_create(actor=staff, fund=FundFactory(), year=2025, amount=AMOUNT * FITS)
    grants = [
        services.grant_propose(
            actor=staff,
            budget=budget,
            cadre=CadreFactory(unit=unit),
            amount=AMOUNT,
            basis_kind=GrantBasisKind.REASON,
            reason="引进急需紧缺人才",
        )
        for _ in range(APPROVALS)
    ]

    # when: all fifty approvals start at once
    outcomes = run_together([lambda grant=grant: services.grant_approve(actor=staff, grant=grant) for grant in grants])

    # then: exactly ten are approved, forty refused for the balance, and the money adds up
    assert outcomes.count("approved") == FITS
    assert [outcome for outcome in outcomes if outcome != "approved"] == [
        "人才发展专项基金2025年度预算可用余额0 元，不足1,500 元，不能透支。"
    ] * (APPROVALS - FITS)
    assert Grant.objects.filter(status=GrantStatus.APPROVED).count() == FITS
    assert Grant.objects.filter(status=GrantStatus.PROPOSED).count() == APPROVALS - FITS
    entries = list(LedgerEntry.objects.filter(budget=budget).order_by("sequence"))
    assert [entry.sequence for entry in entries] == list(range(1, FITS + 2))
    assert min(entry.balance_after for entry in entries) == Decimal("0.00")
    assert selectors.budget_balance(budget=budget) == Decimal("0.00")
    assert LedgerEntry.objects.filter(budget=budget).aggregate(total=Sum("balance_change"))["total"] == Decimal("0.00")
    commitments = LedgerEntry.objects.filter(budget=budget, kind=LedgerEntryKind.COMMITMENT)
    assert commitments.values("grant").distinct().count() == commitments.count() == FITS
    assert set(commitments.values_list("grant__status", flat=True)) == {GrantStatus.APPROVED}


def test_concurrent_approvals_of_one_grant_commit_its_money_once(transactional_db):
    staff = UserFactory(role=Role.ORG_STAFF)
    budget = services.budget_create(actor=staff, fund=FundFactory(), year=2025, amount="10000")
    grant = services.grant_propose(
        actor=staff,
        budget=budget,
        cadre=CadreFactory(),
        amount="3000",
        basis_kind=GrantBasisKind.RESULT,
        result_year=2024,
    )
    outcomes = run_together([lambda: services.grant_approve(actor=staff, grant=grant)] * 5)
    assert outcomes.count("approved") == 1
    assert LedgerEntry.objects.filter(grant=grant).count() == 1
    assert selectors.budget_balance(budget=budget) == Decimal("7000.00")
