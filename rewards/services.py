"""Every write of the rewards area: awards and their candidates, funds, budgets, grants and the ledger.

Each service checks who may do it, validates with a Chinese message and writes nothing on error, writes in
one transaction with the actor and the reason in the history, and lets the database refuse what slips past
(``core.integrity.save_or_refuse`` turns the refusal into the same message).

Money (domain-rules §9): every movement of a budget is a ``LedgerEntry``; the available balance is the last
entry's running balance. A write that moves money first locks the budget row (``select_for_update`` with
``of=("self",)``, so that joined rows stay unlocked), then the cadre row (the per-person cap), then the grant
rows, each in primary-key order, so that concurrent approvals queue up without deadlocks and cannot
overdraw; the database refuses a negative balance and a second entry with the same number in any case.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import User
from cadres.models import Cadre
from careers.choices import BarKind
from careers.selectors import cadre_bars
from core.history import atomic_with_history
from core.integrity import save_or_refuse
from core.jobs import job_run_enqueue
from core.models import JobRun
from rewards import rules
from rewards.choices import (
    AwardBasisKind,
    AwardKind,
    AwardStatus,
    CandidateStatus,
    GrantBasisKind,
    GrantStatus,
    LedgerEntryKind,
)
from rewards.models import Award, AwardCandidate, Fund, FundBudget, Grant, LedgerEntry

CENT = Decimal("0.01")
MIN_YEAR, MAX_YEAR = 1990, 2100

# Database constraint names → {field: message} for the race that slips past the services' own checks.
CONSTRAINT_MESSAGES = {
    "award_unique_cadre_kind_year_basis": {"basis": "该干部已有同一年度、同一种类、同一依据的奖励，不能重复奖励。"},
    "award_candidate_unique_cadre_kind_year_basis": {"basis": "该奖励候选已存在。"},
    "fund_budget_one_per_fund_year": {"year": "该基金本年度已有预算。"},
    "fund_budget_amount_not_negative": {"amount": "预算金额不能为负数。"},
    "grant_once_per_fund_cadre_basis": {"basis": "同一干部、同一依据、同一基金只能拨付一次。"},
    "ledger_entry_no_overdraft": {"amount": "预算余额不足，不能透支。"},
    "ledger_entry_sequence_per_budget": {"amount": "台账正被他人同时记账，请重试。"},
    "fund_name": {"name": "已有同名的专项基金。"},
}


def _messages() -> dict:
    return {name: {field: _(text) for field, text in fields.items()} for name, fields in CONSTRAINT_MESSAGES.items()}


def _save(instance, *, reason: str = "") -> None:
    """Save with why in the history (the actor comes from the service's history context); a database
    refusal becomes a field message."""
    instance._change_reason = reason[:100]
    save_or_refuse(instance, messages=_messages())


def _error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _money(value, *, field: str, positive: bool = True) -> Decimal:
    """A money amount in 元 with at most two decimals (positive, or not negative)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise _error(field, _("请填写金额（元）。")) from None
    if not amount.is_finite() or amount != amount.quantize(CENT) or amount.adjusted() > 9:
        raise _error(field, _("金额应为最多两位小数的元数。"))
    if amount < 0 or (positive and amount == 0):
        raise _error(field, _("金额应大于零。") if positive else _("金额不能为负数。"))
    return amount.quantize(CENT)


def _year(value, *, field: str = "year") -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise _error(field, _("年度应为四位数字年份。")) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _error(field, _("年度应在%(low)s至%(high)s年之间。") % {"low": MIN_YEAR, "high": MAX_YEAR})
    return year


def money_text(amount: Decimal) -> str:
    """ "20,000 元" or "1,500.50 元"."""
    amount = Decimal(amount)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return _("%(amount)s 元") % {"amount": text}


# ---------------------------------------------------------------- who may do what


def require_reward_manager(actor: User) -> None:
    """Awards and funds are decided county-wide: admins and org staff approve, revoke, budget and pay."""
    policy.require_org_wide(actor, _("只有组织部工作人员可以审批奖励和管理专项基金。"))


def may_propose_for(actor: User, cadre: Cadre) -> bool:
    """Staff may propose grants for the cadres of the units they manage (never for themselves)."""
    return policy.may(actor, policy.Action.CHANGE, cadre)


# ---------------------------------------------------------------- awards (§1, §4)


def _award_bars(*, cadre: Cadre, on_date: date) -> list:
    return [bar for bar in cadre_bars(cadre=cadre, on_date=on_date) if bar.kind == BarKind.AWARD]


def _refuse_if_award_barred(*, cadre: Cadre, on_date: date, field: str = "awarded_on") -> None:
    """公务员法 art. 56 and domain-rules §4: no award while a sanction's period or a discipline's bar covers
    the award date."""
    bars = _award_bars(cadre=cadre, on_date=on_date)
    if bars:
        raise _error(
            field, _("%(day)s该干部不得奖励：%(reason)s") % {"day": on_date.isoformat(), "reason": bars[0].reason}
        )


def _check_assessment_basis(*, kind: str, year: int, years: Sequence[int]) -> None:
    """An award on confirmed grades is a 嘉奖 for its own year, or a 记三等功 for three consecutive years
    ending in its year (domain-rules §4)."""
    if kind == AwardKind.COMMENDATION and list(years) != [year]:
        raise _error("basis_years", _("嘉奖的依据应为该年度的考核优秀。"))
    if kind == AwardKind.MERIT_THIRD and list(years) != list(range(year - 2, year + 1)):
        raise _error("basis_years", _("记三等功的依据应为截至该年度的连续三年考核优秀。"))
    if kind not in (AwardKind.COMMENDATION, AwardKind.MERIT_THIRD):
        raise _error("basis_kind", _("记二等功及以上奖励须写明书面事由。"))


def _new_award(
    *,
    actor: User,
    cadre: Cadre,
    kind: str,
    year: int,
    basis_kind: str,
    basis_years: Sequence[int],
    basis_text: str,
    approving_body: str,
    document_number: str,
    awarded_on: date,
    medal: bool | None,
    candidate: AwardCandidate | None = None,
) -> Award:
    basis = rules.award_basis_key(basis_kind=basis_kind, years=basis_years, text=basis_text)
    if Award.objects.filter(cadre=cadre, kind=kind, year=year, basis=basis).exists():
        raise _error(
            "basis",
            _("%(name)s已有%(year)s年度“%(kind)s”奖励（依据相同），不能重复奖励。")
            % {"name": cadre.name, "year": year, "kind": AwardKind(kind).label},
        )
    award = Award(
        cadre=cadre,
        kind=kind,
        year=year,
        basis_kind=basis_kind,
        basis_years=sorted(basis_years),
        basis_text=basis_text,
        basis=basis,
        approving_body=approving_body,
        document_number=document_number,
        awarded_on=awarded_on,
        medal=rules.award_has_medal(kind) if medal is None else bool(medal),
        bonus=rules.award_bonus(kind),
        candidate=candidate,
        created_by=actor,
    )
    _save(award, reason=_("奖励：%(doc)s") % {"doc": document_number})
    return award


def _check_decision(*, approving_body: str, document_number: str, awarded_on: date | None) -> None:
    problems = {}
    if not (approving_body or "").strip():
        problems["approving_body"] = [_("请填写批准机关。")]
    if not (document_number or "").strip():
        problems["document_number"] = [_("请填写文号。")]
    if awarded_on is None:
        problems["awarded_on"] = [_("请填写奖励日期。")]
    elif awarded_on > timezone.localdate():
        problems["awarded_on"] = [_("奖励日期不能晚于今天。")]
    if problems:
        raise ValidationError(problems)


@atomic_with_history
def award_create(*, actor: User, cadre: Cadre, data: dict) -> Award:
    """Record an award decided outside the candidate list (公务员法 art. 52–53): kind, year, basis (confirmed
    grades or a written reason), approving body, 文号, date, medal flag; the bonus comes from the settings.

    Refused while a bar on awards covers the award date, and when the same award already exists.
    """
    require_reward_manager(actor)
    kind = data.get("kind")
    if kind not in AwardKind.values:
        raise _error("kind", _("请选择奖励种类。"))
    year = _year(data.get("year"))
    awarded_on = data.get("awarded_on")
    approving_body = (data.get("approving_body") or "").strip()
    document_number = (data.get("document_number") or "").strip()
    _check_decision(approving_body=approving_body, document_number=document_number, awarded_on=awarded_on)
    if awarded_on.year < year:
        raise _error("awarded_on", _("奖励日期不能早于奖励年度。"))
    basis_kind = data.get("basis_kind") or AwardBasisKind.WRITTEN
    basis_years = sorted({_year(value, field="basis_years") for value in data.get("basis_years") or []})
    basis_text = " ".join((data.get("basis_text") or "").split())
    if basis_kind == AwardBasisKind.WRITTEN:
        if not basis_text:
            raise _error("basis_text", _("请填写奖励事由。"))
        basis_years = []
    elif basis_kind == AwardBasisKind.ASSESSMENT:
        _check_assessment_basis(kind=kind, year=year, years=basis_years)
        basis_text = ""
    else:
        raise _error("basis_kind", _("请选择奖励依据类型。"))
    _refuse_if_award_barred(cadre=cadre, on_date=awarded_on)
    return _new_award(
        actor=actor,
        cadre=cadre,
        kind=kind,
        year=year,
        basis_kind=basis_kind,
        basis_years=basis_years,
        basis_text=basis_text,
        approving_body=approving_body,
        document_number=document_number,
        awarded_on=awarded_on,
        medal=data.get("medal"),
    )


@atomic_with_history
def award_revoke(*, actor: User, award: Award, revoked_on: date, reason: str) -> Award:
    """撤销奖励 (公务员法 art. 56): the award stays with its history, marked revoked from ``revoked_on``, with
    the reason. Grants resting on it that are not yet paid are cancelled with it, returning their money to
    the fund; a paid grant is left for finance to recover."""
    require_reward_manager(actor)
    award = Award.objects.select_for_update(of=("self",)).select_related("cadre").get(pk=award.pk)
    if refusal := rules.award_revoke_refusal(award):
        raise _error("revoked_on", refusal)
    reason = " ".join((reason or "").split())
    if not reason:
        raise _error("reason", _("请填写撤销理由。"))
    if revoked_on is None or revoked_on > timezone.localdate():
        raise _error("revoked_on", _("撤销日期不能晚于今天。"))
    if revoked_on < award.awarded_on:
        raise _error("revoked_on", _("撤销日期不能早于奖励日期（%(day)s）。") % {"day": award.awarded_on})
    award.status, award.revoked_on, award.revocation_reason = AwardStatus.REVOKED, revoked_on, reason[:200]
    _save(award, reason=_("撤销奖励：%(reason)s") % {"reason": reason})
    open_grants = Grant.objects.filter(award=award, status__in=[GrantStatus.PROPOSED, GrantStatus.APPROVED])
    for grant in open_grants.order_by("pk"):
        grant_cancel(
            actor=actor, grant=grant, reason=_("奖励已撤销：%(reason)s") % {"reason": reason}, cancelled_on=revoked_on
        )
    return award


def _locked_candidates(ids: Iterable[int]) -> list[AwardCandidate]:
    return list(
        AwardCandidate.objects.select_for_update(of=("self",))
        .select_related("cadre")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )


@atomic_with_history
def candidates_approve(
    *,
    actor: User,
    candidate_ids: Iterable[int],
    approving_body: str,
    document_number: str,
    awarded_on: date,
) -> list[Award]:
    """Approve engine candidates in bulk under one approving body and 文号: each becomes an ``Award`` with the
    bonus of its kind (domain-rules §4: only approval creates awards). All or nothing: a candidate already
    decided, blocked on the award date, or already awarded refuses the whole batch with every name listed."""
    require_reward_manager(actor)
    approving_body, document_number = (approving_body or "").strip(), (document_number or "").strip()
    _check_decision(approving_body=approving_body, document_number=document_number, awarded_on=awarded_on)
    ids = list(candidate_ids)
    candidates = _locked_candidates(ids)
    if not ids or len(candidates) != len(set(ids)):
        raise _error("candidates", _("请选择要批准的奖励候选。"))
    problems = []
    for candidate in candidates:
        label = f"{candidate.cadre.name} {candidate.year} {candidate.get_kind_display()}"
        if candidate.status != CandidateStatus.PENDING:
            problems.append(
                _("%(label)s：当前为“%(status)s”") % {"label": label, "status": candidate.get_status_display()}
            )
        elif awarded_on.year <= candidate.year:
            problems.append(_("%(label)s：奖励日期应晚于考核年度") % {"label": label})
        else:
            bars = _award_bars(cadre=candidate.cadre, on_date=awarded_on)
            if bars:
                problems.append(_("%(label)s：%(reason)s") % {"label": label, "reason": bars[0].reason})
    if problems:
        raise _error("candidates", _("以下候选不能批准：") + "；".join(problems))
    awards = []
    for candidate in candidates:
        awards.append(
            _new_award(
                actor=actor,
                cadre=candidate.cadre,
                kind=candidate.kind,
                year=candidate.year,
                basis_kind=candidate.basis_kind,
                basis_years=candidate.basis_years,
                basis_text=candidate.basis_text,
                approving_body=approving_body,
                document_number=document_number,
                awarded_on=awarded_on,
                medal=None,
                candidate=candidate,
            )
        )
        candidate.status, candidate.decided_by, candidate.decided_on = CandidateStatus.APPROVED, actor, awarded_on
        _save(candidate, reason=_("批准：%(doc)s") % {"doc": document_number})
    return awards


@atomic_with_history
def candidates_decline(*, actor: User, candidate_ids: Iterable[int], reason: str) -> list[AwardCandidate]:
    """不予奖励: staff decide against pending candidates, with a reason the candidate keeps."""
    require_reward_manager(actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise _error("reason", _("请填写不予奖励的理由。"))
    candidates = _locked_candidates(candidate_ids)
    if not candidates:
        raise _error("candidates", _("请选择奖励候选。"))
    decided = [candidate for candidate in candidates if candidate.status != CandidateStatus.PENDING]
    if decided:
        names = "、".join(f"{candidate.cadre.name} {candidate.year}" for candidate in decided)
        raise _error("candidates", _("以下候选已审批：%(names)s") % {"names": names})
    today = timezone.localdate()
    for candidate in candidates:
        candidate.status, candidate.decided_by, candidate.decided_on = CandidateStatus.DECLINED, actor, today
        candidate.decline_reason = reason[:200]
        _save(candidate, reason=_("不予奖励"))
    return candidates


# ---------------------------------------------------------------- the eligibility engine

RECOMPUTE_JOB_KIND = "rewards_recompute"


def eligibility_recompute_start(*, actor: User, on_date: date | None = None) -> JobRun:
    """Org staff start the eligibility engine for the whole county, for ``on_date`` (today by default), from the
    page or the API. The same request while one is waiting or running gives back that job."""
    require_reward_manager(actor)
    return eligibility_recompute_enqueue(requested_by=actor, on_date=on_date)


def eligibility_recompute_enqueue(*, requested_by: User | None, on_date: date | None = None, unit_ids=None) -> JobRun:
    """Record an engine run (all units, or ``unit_ids``) and send it to a worker when the current transaction
    commits (``core.jobs.job_run_enqueue``: one job per identical request, a clear refusal with the broker
    down). Used by the page, the nightly beat and the changes that queue a recompute."""
    from rewards.tasks import recompute_eligibility

    on_date = on_date or timezone.localdate()
    parameters = {"on": on_date.isoformat(), "units": sorted(set(unit_ids)) if unit_ids else None}
    return job_run_enqueue(
        task=recompute_eligibility, kind=RECOMPUTE_JOB_KIND, requested_by=requested_by, parameters=parameters
    )


def eligibility_recompute_queue(*, cadre_ids: Iterable[int], actor: User | None = None) -> None:
    """Recompute these cadres' units, for today, once the current transaction commits: called by the services
    that change a grade, an accountability record, a rank or training hours (architecture rule 4).

    The write itself never fails for it: with the broker down the change is logged and the nightly run
    catches up (``robust``).
    """
    from rewards import engine

    ids = sorted({int(cadre_id) for cadre_id in cadre_ids})
    if not ids:
        return

    def enqueue() -> None:
        units = engine.units_of_cadres(ids)
        if units:
            eligibility_recompute_enqueue(requested_by=None, unit_ids=units)

    transaction.on_commit(enqueue, robust=True)


# ---------------------------------------------------------------- funds and budgets (§9)

FUND_FIELDS = ("name", "description", "is_active")


@atomic_with_history
def fund_create(*, actor: User, data: dict) -> Fund:
    require_reward_manager(actor)
    name = " ".join((data.get("name") or "").split())
    if not name:
        raise _error("name", _("请填写基金名称。"))
    fund = Fund(name=name, description=data.get("description") or "", is_active=data.get("is_active", True))
    if Fund.objects.filter(name=name).exists():
        raise _error("name", _("已有同名的专项基金。"))
    _save(fund, reason=_("新建专项基金"))
    return fund


@atomic_with_history
def fund_update(*, actor: User, fund: Fund, data: dict) -> Fund:
    require_reward_manager(actor)
    fund = Fund.objects.select_for_update(of=("self",)).get(pk=fund.pk)
    if "name" in data:
        name = " ".join((data.get("name") or "").split())
        if not name:
            raise _error("name", _("请填写基金名称。"))
        if Fund.objects.filter(name=name).exclude(pk=fund.pk).exists():
            raise _error("name", _("已有同名的专项基金。"))
        fund.name = name
    for field in ("description", "is_active"):
        if field in data:
            setattr(fund, field, data[field])
    _save(fund, reason=_("修改专项基金"))
    return fund


def _lock_budgets(budget_ids: Iterable[int]) -> dict[int, FundBudget]:
    """Lock budget rows in primary-key order (the first lock of every money movement)."""
    rows = FundBudget.objects.select_for_update(of=("self",)).filter(pk__in=sorted(set(budget_ids))).order_by("pk")
    return {budget.pk: budget for budget in rows.select_related("fund")}


def _append_ledger(
    *,
    budget: FundBudget,
    kind: str,
    amount: Decimal,
    change: Decimal,
    actor: User | None,
    grant: Grant | None = None,
    note: str = "",
) -> LedgerEntry:
    """Append one movement to a budget's ledger. The caller holds the budget row lock.

    Refused (nothing written) when the available balance would fall below zero; the database refuses it
    too (``ledger_entry_no_overdraft``), as it refuses a second entry with the same number.
    """
    last = LedgerEntry.objects.filter(budget=budget).order_by("-sequence").values_list("sequence", "balance_after")
    sequence, balance = last.first() or (0, Decimal("0"))
    after = balance + change
    if after < 0:
        raise _error(
            "amount",
            _("%(fund)s%(year)s年度预算可用余额%(balance)s，不足%(amount)s，不能透支。")
            % {
                "fund": budget.fund.name,
                "year": budget.year,
                "balance": money_text(balance),
                "amount": money_text(-change),
            },
        )
    entry = LedgerEntry(
        budget=budget,
        sequence=sequence + 1,
        kind=kind,
        amount=amount,
        balance_change=change,
        balance_after=after,
        grant=grant,
        note=note[:200],
        recorded_by=actor,
    )
    save_or_refuse(entry, messages=_messages())
    return entry


@atomic_with_history
def budget_create(*, actor: User, fund: Fund, year, amount, note: str = "") -> FundBudget:
    """A fund's budget for a year, with its allocation as the ledger's first entry."""
    require_reward_manager(actor)
    year = _year(year)
    amount = _money(amount, field="amount", positive=False)
    if FundBudget.objects.filter(fund=fund, year=year).exists():
        raise _error("year", _("%(fund)s已有%(year)s年度预算。") % {"fund": fund.name, "year": year})
    budget = FundBudget(fund=fund, year=year, amount=amount, note=(note or "")[:200])
    _save(budget, reason=_("下达预算"))
    if amount > 0:
        _append_ledger(
            budget=budget,
            kind=LedgerEntryKind.ALLOCATION,
            amount=amount,
            change=amount,
            actor=actor,
            note=_("下达%(year)s年度预算") % {"year": year},
        )
    return budget


@atomic_with_history
def budget_adjust(*, actor: User, budget: FundBudget, amount, reason: str) -> FundBudget:
    """Change a budget's amount: the difference is an adjustment in the ledger. A cut below what approved
    and paid grants already hold is refused (the balance may not go below zero)."""
    require_reward_manager(actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise _error("reason", _("请填写调整理由。"))
    amount = _money(amount, field="amount", positive=False)
    budget = _lock_budgets([budget.pk])[budget.pk]
    change = amount - budget.amount
    if change == 0:
        raise _error("amount", _("调整后的预算金额与原金额相同。"))
    _append_ledger(
        budget=budget,
        kind=LedgerEntryKind.ALLOCATION if budget.amount == 0 and change > 0 else LedgerEntryKind.ADJUSTMENT,
        amount=abs(change),
        change=change,
        actor=actor,
        note=reason,
    )
    budget.amount = amount
    _save(budget, reason=_("调整预算：%(reason)s") % {"reason": reason})
    return budget


# ---------------------------------------------------------------- grants (§9)


def grant_basis_key(*, basis_kind: str, award: Award | None, result_year: int | None, reason: str) -> str:
    """The language-neutral key of a grant's basis: ``award:<id>``, ``result:<year>`` or ``reason:<text>``."""
    if basis_kind == GrantBasisKind.AWARD:
        return f"award:{award.pk}"
    if basis_kind == GrantBasisKind.RESULT:
        return f"result:{result_year}"
    return "reason:" + " ".join(reason.split())


def _committed_for_cadre_year(*, cadre: Cadre, year: int, statuses: Sequence[str]) -> Decimal:
    total = Grant.objects.filter(cadre=cadre, budget__year=year, status__in=statuses).aggregate(total=Sum("amount"))
    return total["total"] or Decimal("0")


def _refuse_over_cap(*, cadre: Cadre, year: int, amount: Decimal, statuses: Sequence[str], field: str) -> None:
    """§9 (L): the per-person yearly cap, REWARDS_GRANT_PERSON_YEAR_CAP, over every fund's budget of a year."""
    cap = Decimal(str(settings.REWARDS_GRANT_PERSON_YEAR_CAP))
    already = _committed_for_cadre_year(cadre=cadre, year=year, statuses=statuses)
    if already + amount > cap:
        raise _error(
            field,
            _("超过每人每年拨付限额%(cap)s：%(name)s %(year)s年度已有%(already)s，本次%(amount)s。")
            % {
                "cap": money_text(cap),
                "name": cadre.name,
                "year": year,
                "already": money_text(already),
                "amount": money_text(amount),
            },
        )


@atomic_with_history
def grant_propose(
    *,
    actor: User,
    budget: FundBudget,
    cadre: Cadre,
    amount,
    basis_kind: str,
    award: Award | None = None,
    result_year: int | None = None,
    reason: str = "",
) -> Grant:
    """Propose a grant from a budget to a cadre on a basis (domain-rules §9): an award of the cadre's, one of
    the cadre's annual results, or a written reason. Staff propose for the cadres they manage; the same
    cadre, basis and fund cannot be granted twice, and the per-person yearly cap holds for what is proposed,
    approved and paid together."""
    if not may_propose_for(actor, cadre):
        raise PermissionDenied(_("该干部不在您的管理范围内。"))
    amount = _money(amount, field="amount")
    reason = " ".join((reason or "").split())
    if not budget.fund.is_active:
        raise _error("budget", _("专项基金“%(fund)s”已停用。") % {"fund": budget.fund.name})
    if basis_kind == GrantBasisKind.AWARD:
        if award is None or award.cadre_id != cadre.pk:
            raise _error("award", _("请选择该干部本人的奖励。"))
        if award.status != AwardStatus.ACTIVE:
            raise _error("award", _("该奖励已撤销，不能作为拨付依据。"))
        result_year = None
    elif basis_kind == GrantBasisKind.RESULT:
        if result_year is None:
            raise _error("result_year", _("请填写依据的考核年度。"))
        result_year = _year(result_year, field="result_year")
        award = None
    elif basis_kind == GrantBasisKind.REASON:
        if not reason:
            raise _error("reason", _("请填写拨付事由。"))
        award, result_year = None, None
    else:
        raise _error("basis_kind", _("请选择拨付依据类型。"))
    basis = grant_basis_key(basis_kind=basis_kind, award=award, result_year=result_year, reason=reason)
    duplicate = Grant.objects.filter(fund=budget.fund_id, cadre=cadre, basis=basis).exclude(
        status=GrantStatus.CANCELLED
    )
    if duplicate.exists():
        raise _error(
            "basis",
            _("%(name)s已有同一依据的%(fund)s拨付，不能重复拨付。") % {"name": cadre.name, "fund": budget.fund.name},
        )
    _refuse_over_cap(
        cadre=cadre,
        year=budget.year,
        amount=amount,
        statuses=[GrantStatus.PROPOSED, GrantStatus.APPROVED, GrantStatus.PAID],
        field="amount",
    )
    grant = Grant(
        fund=budget.fund,
        budget=budget,
        cadre=cadre,
        amount=amount,
        basis_kind=basis_kind,
        award=award,
        result_year=result_year,
        reason=reason[:200],
        basis=basis,
        proposed_by=actor,
    )
    _save(grant, reason=_("拟拨付"))
    return grant


def _locked_grant(grant_id: int) -> Grant:
    return Grant.objects.select_for_update(of=("self",)).select_related("cadre", "fund").get(pk=grant_id)


def _lock_for_grants(grants: Sequence[Grant]) -> tuple[dict[int, FundBudget], list[Grant]]:
    """Lock, in this order and each in key order, the budgets, the cadres and the grants themselves."""
    budgets = _lock_budgets(grant.budget_id for grant in grants)
    list(
        Cadre.objects.select_for_update(of=("self",))
        .filter(pk__in=sorted({grant.cadre_id for grant in grants}))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    locked = list(
        Grant.objects.select_for_update(of=("self",))
        .select_related("cadre", "fund")
        .filter(pk__in=sorted({grant.pk for grant in grants}))
        .order_by("pk")
    )
    return budgets, locked


@atomic_with_history
def grants_approve(*, actor: User, grants: Sequence[Grant], approved_on: date | None = None) -> list[Grant]:
    """Approve proposed grants: each commits its amount in its budget's ledger. Refused, with nothing
    written, when a grant is no longer proposed, when the budget's balance cannot cover it (no overdraft,
    ever) or when it would take the cadre over the yearly cap."""
    require_reward_manager(actor)
    approved_on = approved_on or timezone.localdate()
    if not grants:
        raise _error("grants", _("请选择要批准的拨付。"))
    budgets, locked = _lock_for_grants(grants)
    for grant in locked:
        if grant.status != GrantStatus.PROPOSED:
            raise _error(
                "status",
                _("%(name)s的拨付当前为“%(status)s”，不能批准。")
                % {"name": grant.cadre.name, "status": grant.get_status_display()},
            )
        budget = budgets[grant.budget_id]
        _refuse_over_cap(
            cadre=grant.cadre,
            year=budget.year,
            amount=grant.amount,
            statuses=[GrantStatus.APPROVED, GrantStatus.PAID],
            field="amount",
        )
        _append_ledger(
            budget=budget,
            kind=LedgerEntryKind.COMMITMENT,
            amount=grant.amount,
            change=-grant.amount,
            actor=actor,
            grant=grant,
            note=_("批准拨付：%(name)s") % {"name": grant.cadre.name},
        )
        grant.status, grant.approved_by, grant.approved_on = GrantStatus.APPROVED, actor, approved_on
        _save(grant, reason=_("批准拨付"))
    return locked


def grant_approve(*, actor: User, grant: Grant, approved_on: date | None = None) -> Grant:
    return grants_approve(actor=actor, grants=[grant], approved_on=approved_on)[0]


@atomic_with_history
def grant_pay(*, actor: User, grant: Grant, paid_on: date, payment_reference: str = "") -> Grant:
    """Record the payment of an approved grant: a payment entry in the ledger (its money was committed at
    approval, so the available balance does not change)."""
    require_reward_manager(actor)
    if paid_on is None or paid_on > timezone.localdate():
        raise _error("paid_on", _("支付日期不能晚于今天。"))
    budgets, (grant,) = _lock_for_grants([grant])
    if refusal := rules.grant_pay_refusal(grant):
        raise _error("status", refusal)
    if paid_on < grant.approved_on:
        raise _error("paid_on", _("支付日期不能早于批准日期（%(day)s）。") % {"day": grant.approved_on})
    _append_ledger(
        budget=budgets[grant.budget_id],
        kind=LedgerEntryKind.PAYMENT,
        amount=grant.amount,
        change=Decimal("0"),
        actor=actor,
        grant=grant,
        note=_("支付：%(name)s %(reference)s") % {"name": grant.cadre.name, "reference": payment_reference},
    )
    grant.status, grant.paid_on = GrantStatus.PAID, paid_on
    grant.payment_reference = (payment_reference or "")[:100]
    _save(grant, reason=_("支付"))
    return grant


@atomic_with_history
def grant_cancel(*, actor: User, grant: Grant, reason: str, cancelled_on: date | None = None) -> Grant:
    """Cancel a grant before payment. An approved grant's amount returns to the budget: the ledger shows the
    commitment and the release (domain-rules §9). A paid grant cannot be cancelled."""
    require_reward_manager(actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise _error("reason", _("请填写撤销理由。"))
    budgets, (grant,) = _lock_for_grants([grant])
    if refusal := rules.grant_cancel_refusal(grant):
        raise _error("status", refusal)
    if grant.status == GrantStatus.APPROVED:
        _append_ledger(
            budget=budgets[grant.budget_id],
            kind=LedgerEntryKind.RELEASE,
            amount=grant.amount,
            change=grant.amount,
            actor=actor,
            grant=grant,
            note=_("撤销拨付退回：%(name)s，%(reason)s") % {"name": grant.cadre.name, "reason": reason},
        )
    grant.status, grant.cancelled_on = GrantStatus.CANCELLED, cancelled_on or timezone.localdate()
    grant.cancel_reason = reason[:200]
    _save(grant, reason=_("撤销拨付"))
    return grant
