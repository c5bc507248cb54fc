"""Special funds (domain-rules §9): budgets per fund and year, grants proposed → approved → paid or cancelled,
a ledger where every movement is a row and the balance is derived from it, never an overdraft, the
per-person yearly cap, and no second grant on the same cadre, basis and fund."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from rewards import selectors, services
from rewards.choices import GrantBasisKind, GrantStatus, LedgerEntryKind
from rewards.models import FundBudget, Grant, LedgerEntry
from tests.conftest import client_for
from tests.factories import CadreFactory
from tests.rewards.factories import AwardFactory, FundFactory
from tests.sheets import exported_table

D = datetime.date


def ledger(budget) -> list[tuple[int, str, Decimal, Decimal]]:
    return [
        (entry.sequence, entry.kind, entry.balance_change, entry.balance_after)
        for entry in LedgerEntry.objects.filter(budget=budget).order_by("sequence")
    ]


def propose(actor, budget, cadre, amount="3000", **basis):
    basis = basis or {"basis_kind": GrantBasisKind.REASON, "reason": "引进急需紧缺人才"}
    return services.grant_propose(actor=actor, budget=budget, cadre=cadre, amount=amount, **basis)


def refused(call, field: str, message: str) -> None:
    before = (list(Grant.objects.values_list("pk", "status")), LedgerEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        call()
    assert message in error.value.message_dict[field], error.value.message_dict
    assert before == (list(Grant.objects.values_list("pk", "status")), LedgerEntry.objects.count())


def test_a_budget_starts_its_ledger_with_the_allocation(budget):
    assert ledger(budget) == [(1, "allocation", Decimal("30000.00"), Decimal("30000.00"))]
    assert selectors.budget_balance(budget=budget) == Decimal("30000.00")


def test_a_grant_moves_through_the_ledger_and_the_balance_follows(org_staff, own_cadre, budget):
    grant = propose(org_staff, budget, own_cadre, "5000")
    assert ledger(budget)[-1][0] == 1  # a proposal moves no money
    services.grant_approve(actor=org_staff, grant=grant, approved_on=D(2025, 4, 1))
    services.grant_pay(actor=org_staff, grant=grant, paid_on=D(2025, 4, 10), payment_reference="凭证0410-1")
    grant.refresh_from_db()
    assert (grant.status, grant.approved_on, grant.paid_on) == (GrantStatus.PAID, D(2025, 4, 1), D(2025, 4, 10))
    assert ledger(budget) == [
        (1, "allocation", Decimal("30000.00"), Decimal("30000.00")),
        (2, "commitment", Decimal("-5000.00"), Decimal("25000.00")),
        (3, "payment", Decimal("0.00"), Decimal("25000.00")),
    ]
    row = selectors.budget_get(user=org_staff, pk=budget.pk)
    assert (row.balance, row.paid, row.committed) == (
        Decimal("25000.00"),
        Decimal("5000.00"),
        Decimal("0.00"),
    )


def test_cancelling_an_approved_grant_returns_its_money_and_the_ledger_shows_both_movements(
    org_staff, own_cadre, budget
):
    grant = propose(org_staff, budget, own_cadre, "5000")
    services.grant_approve(actor=org_staff, grant=grant)
    services.grant_cancel(actor=org_staff, grant=grant, reason="本人放弃")
    assert ledger(budget) == [
        (1, "allocation", Decimal("30000.00"), Decimal("30000.00")),
        (2, "commitment", Decimal("-5000.00"), Decimal("25000.00")),
        (3, "release", Decimal("5000.00"), Decimal("30000.00")),
    ]
    grant.refresh_from_db()
    assert (grant.status, grant.cancel_reason) == (GrantStatus.CANCELLED, "本人放弃")


def test_cancelling_a_proposed_grant_moves_no_money_and_a_paid_one_cannot_be_cancelled(org_staff, own_cadre, budget):
    proposed = propose(org_staff, budget, own_cadre, "1000")
    services.grant_cancel(actor=org_staff, grant=proposed, reason="重复申报")
    assert len(ledger(budget)) == 1
    paid = propose(org_staff, budget, own_cadre, "2000", basis_kind=GrantBasisKind.RESULT, result_year=2024)
    services.grant_approve(actor=org_staff, grant=paid)
    services.grant_pay(actor=org_staff, grant=paid, paid_on=datetime.date.today())
    refused(
        lambda: services.grant_cancel(actor=org_staff, grant=paid, reason="追回"), "status", "“已支付”的拨付不能撤销。"
    )


def test_approval_beyond_the_balance_is_refused_naming_both_amounts(org_staff, own_cadre, other_cadre, budget):
    services.grant_approve(actor=org_staff, grant=propose(org_staff, budget, own_cadre, "18000"))
    late = propose(org_staff, budget, other_cadre, "15000")
    refused(
        lambda: services.grant_approve(actor=org_staff, grant=late),
        "amount",
        "人才发展专项基金2025年度预算可用余额12,000 元，不足15,000 元，不能透支。",
    )
    assert selectors.budget_balance(budget=budget) == Decimal("12000.00")


def test_the_same_cadre_basis_and_fund_is_granted_once_across_years_unless_cancelled(
    org_staff, own_cadre, fund, budget
):
    award = AwardFactory(cadre=own_cadre, year=2024)
    first = propose(org_staff, budget, own_cadre, "1000", basis_kind=GrantBasisKind.AWARD, award=award)
    next_year = services.budget_create(actor=org_staff, fund=fund, year=2026, amount="10000")
    refused(
        lambda: propose(org_staff, next_year, own_cadre, "1000", basis_kind=GrantBasisKind.AWARD, award=award),
        "basis",
        "扎西已有同一依据的人才发展专项基金拨付，不能重复拨付。",
    )
    # another fund may reward the same award
    other_fund = services.budget_create(
        actor=org_staff, fund=FundFactory(name="特殊贡献专项奖励基金"), year=2025, amount="9000"
    )
    propose(org_staff, other_fund, own_cadre, "1000", basis_kind=GrantBasisKind.AWARD, award=award)
    # a cancelled grant does not count
    services.grant_cancel(actor=org_staff, grant=first, reason="改由下年度拨付")
    again = propose(org_staff, next_year, own_cadre, "1000", basis_kind=GrantBasisKind.AWARD, award=award)
    assert again.basis == f"award:{award.pk}"


def test_the_database_refuses_a_second_grant_on_the_same_basis(org_staff, own_cadre, budget):
    grant = propose(org_staff, budget, own_cadre, "1000")
    twin = Grant(
        fund=grant.fund, budget=budget, cadre=own_cadre, amount=1, basis_kind="reason", reason="x", basis=grant.basis
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@override_settings(REWARDS_GRANT_PERSON_YEAR_CAP=8000)
def test_the_per_person_yearly_cap_counts_every_fund_of_the_year(org_staff, own_cadre, budget):
    other = services.budget_create(
        actor=org_staff, fund=FundFactory(name="特殊贡献专项奖励基金"), year=2025, amount="9000"
    )
    services.grant_approve(actor=org_staff, grant=propose(org_staff, budget, own_cadre, "5000"))
    refused(
        lambda: propose(org_staff, other, own_cadre, "3500", basis_kind=GrantBasisKind.RESULT, result_year=2024),
        "amount",
        "超过每人每年拨付限额8,000 元：扎西 2025年度已有5,000 元，本次3,500 元。",
    )
    propose(org_staff, other, own_cadre, "3000", basis_kind=GrantBasisKind.RESULT, result_year=2024)


@override_settings(REWARDS_GRANT_PERSON_YEAR_CAP=8000)
def test_the_cap_is_checked_again_at_approval(org_staff, own_cadre, budget):
    first = propose(org_staff, budget, own_cadre, "5000")
    second = propose(org_staff, budget, own_cadre, "3000", basis_kind=GrantBasisKind.RESULT, result_year=2024)
    with override_settings(REWARDS_GRANT_PERSON_YEAR_CAP=7000):
        services.grant_approve(actor=org_staff, grant=first)
        refused(
            lambda: services.grant_approve(actor=org_staff, grant=second),
            "amount",
            "超过每人每年拨付限额7,000 元：扎西 2025年度已有5,000 元，本次3,000 元。",
        )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "金额应大于零。"),
        ("-5", "金额应大于零。"),
        ("12.345", "金额应为最多两位小数的元数。"),
        ("abc", "请填写金额（元）。"),
    ],
)
def test_bad_amounts_are_refused(org_staff, own_cadre, budget, amount, message):
    refused(lambda: propose(org_staff, budget, own_cadre, amount), "amount", message)


def test_a_grant_on_another_cadres_award_or_a_revoked_one_is_refused(org_staff, own_cadre, other_cadre, budget):
    refused(
        lambda: propose(
            org_staff, budget, own_cadre, basis_kind=GrantBasisKind.AWARD, award=AwardFactory(cadre=other_cadre)
        ),
        "award",
        "请选择该干部本人的奖励。",
    )
    revoked = AwardFactory(cadre=own_cadre, status="revoked", revoked_on=D(2025, 5, 1), revocation_reason="失实")
    refused(
        lambda: propose(org_staff, budget, own_cadre, basis_kind=GrantBasisKind.AWARD, award=revoked),
        "award",
        "该奖励已撤销，不能作为拨付依据。",
    )


def test_states_move_only_forward(org_staff, own_cadre, budget):
    grant = propose(org_staff, budget, own_cadre)
    refused(
        lambda: services.grant_pay(actor=org_staff, grant=grant, paid_on=D(2025, 5, 1)),
        "status",
        "只有已批准的拨付可以支付（当前为“拟拨付”）。",
    )
    services.grant_approve(actor=org_staff, grant=grant)
    refused(
        lambda: services.grant_approve(actor=org_staff, grant=grant), "status", "扎西的拨付当前为“已批准”，不能批准。"
    )


def test_unit_hr_proposes_for_their_units_only_and_org_staff_approve(
    unit_hr, org_staff, other_cadre, outside_cadre, budget
):
    grant = propose(unit_hr, budget, other_cadre, "2000")
    assert grant.proposed_by == unit_hr
    with pytest.raises(PermissionDenied):
        propose(unit_hr, budget, outside_cadre, "2000")
    with pytest.raises(PermissionDenied):
        services.grant_approve(actor=unit_hr, grant=grant)
    assert grant.ledger_entries.count() == 0


def test_budget_cut_below_what_is_committed_is_refused(org_staff, own_cadre, budget):
    services.grant_approve(actor=org_staff, grant=propose(org_staff, budget, own_cadre, "5000"))
    refused(
        lambda: services.budget_adjust(actor=org_staff, budget=budget, amount="4000", reason="压减"),
        "amount",
        "人才发展专项基金2025年度预算可用余额25,000 元，不足26,000 元，不能透支。",
    )
    services.budget_adjust(actor=org_staff, budget=budget, amount="20000", reason="年中压减")
    assert ledger(budget)[-1] == (3, "adjustment", Decimal("-10000.00"), Decimal("15000.00"))
    assert FundBudget.objects.get(pk=budget.pk).amount == Decimal("20000.00")


def test_one_budget_per_fund_and_year(org_staff, fund, budget):
    with pytest.raises(ValidationError) as error:
        services.budget_create(actor=org_staff, fund=fund, year=2025, amount="1")
    assert error.value.message_dict == {"year": ["人才发展专项基金已有2025年度预算。"]}


def test_the_database_refuses_an_entry_that_overdraws(budget):
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            budget=budget,
            sequence=2,
            kind=LedgerEntryKind.ADJUSTMENT,
            amount=Decimal("40000"),
            balance_change=Decimal("-40000"),
            balance_after=Decimal("-10000"),
        )


def test_the_database_refuses_a_second_entry_with_the_same_number(budget, own_cadre, org_staff):
    grant = propose(org_staff, budget, own_cadre)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            budget=budget,
            sequence=1,
            kind=LedgerEntryKind.COMMITMENT,
            amount=Decimal("100"),
            balance_change=Decimal("-100"),
            balance_after=Decimal("29900"),
            grant=grant,
        )


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the ledger trigger is PostgreSQL's")


@pytest.mark.postgres
@postgres_only
def test_postgresql_refuses_a_running_balance_that_does_not_follow_the_previous_entry(budget):
    with pytest.raises(IntegrityError, match="rewards_ledger_running_balance"), transaction.atomic():
        LedgerEntry.objects.create(
            budget=budget,
            sequence=2,
            kind=LedgerEntryKind.ADJUSTMENT,
            amount=Decimal("100"),
            balance_change=Decimal("-100"),
            balance_after=Decimal("30000"),  # should be 29,900
        )


@pytest.mark.postgres
@postgres_only
def test_postgresql_keeps_the_ledger_append_only(budget):
    entry = LedgerEntry.objects.get(budget=budget)
    with pytest.raises(IntegrityError, match="rewards_ledger_append_only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(note="改")
    with pytest.raises(IntegrityError, match="rewards_ledger_append_only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()


def test_two_budgets_keep_separate_ledgers(org_staff, fund, budget):
    other = services.budget_create(actor=org_staff, fund=fund, year=2026, amount="500")
    cadre = CadreFactory()
    services.grant_approve(actor=org_staff, grant=propose(org_staff, other, cadre, "500"))
    assert ledger(other) == [
        (1, "allocation", Decimal("500.00"), Decimal("500.00")),
        (2, "commitment", Decimal("-500.00"), Decimal("0.00")),
    ]
    assert ledger(budget) == [(1, "allocation", Decimal("30000.00"), Decimal("30000.00"))]


def test_a_budgets_ledger_shows_unit_hr_the_grants_of_their_cadres_only_on_the_page_the_export_and_the_api(
    org_staff, unit_hr, own_cadre, outside_cadre, budget
):
    # given grants approved to a cadre of the unit HR's township and to one of another unit
    for cadre, amount in ((own_cadre, "2000"), (outside_cadre, "3000")):
        grant = propose(org_staff, budget, cadre, amount)
        services.grant_approve(actor=org_staff, grant=grant, approved_on=D(2025, 4, 1))
    url = f"/rewards/budgets/{budget.pk}/"

    def rows_seen_by(user):
        client = client_for(user)
        page = client.get(url)
        assert page.status_code == 200
        on_page = [(e.sequence, e.kind, e.grant.cadre.name if e.grant else "") for e in page.context["table"].data]
        _header, exported = exported_table(client.get(url, {"export": "xlsx"}).content)
        api = client.get(f"/api/rewards/budgets/{budget.pk}/ledger/").json()["results"]
        return on_page, [row[1:] for row in exported], [(r["sequence"], r["cadre_name"]) for r in api], page

    # when unit HR and org staff read the ledger
    hr_page, hr_export, hr_api, hr_response = rows_seen_by(unit_hr)
    org_page, org_export, org_api, _ = rows_seen_by(org_staff)

    # then unit HR see the allocation and their own cadre's grant, not the other unit's
    assert hr_page == [(1, "allocation", ""), (2, "commitment", "扎西")]
    assert [(row[0], row[3]) for row in hr_export] == [(1, None), (2, "扎西")]
    assert hr_api == [(1, ""), (2, "扎西")]
    assert "王建国" not in hr_response.content.decode()
    assert org_page == [(1, "allocation", ""), (2, "commitment", "扎西"), (3, "commitment", "王建国")]
    assert [(row[0], row[3]) for row in org_export] == [(1, None), (2, "扎西"), (3, "王建国")]
    assert org_api == [(1, ""), (2, "扎西"), (3, "王建国")]
    # the running balance stays the budget's: 30,000 − 2,000 − 3,000
    assert hr_response.context["budget"].balance == Decimal("25000.00")
