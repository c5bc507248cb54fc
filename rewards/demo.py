"""Demo data of the rewards area, added by ``seed_demo`` through ``DEMO_SEED_EXTENSIONS`` (after the assessment
demo, whose ten years of annual results it reads).

At about the scale of the seed article (新龙县 2019–2020: 17 记三等功, 481 award person-times from the 人才发展专项
基金 and the 特殊贡献专项奖励基金):

- the eligibility engine runs for the whole county on the reference date, as the nightly job would;
- the candidates of the years before last are approved, as the county decided them (one 文号 per year and
  kind), so the candidate list holds last year's awards still to approve, and the blocked ones;
- the two funds, a budget for each year from 2019, and 481 grants on awards, annual results and written
  reasons, through the services so that every movement is in the ledger: paid in past years, approved and
  proposed this year, a few cancelled with their money returned.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Max

from accounts.models import User
from cadres.choices import CadreStatus
from cadres.demo import REFERENCE_DATE
from cadres.models import Cadre
from careers.choices import BarKind
from careers.selectors import bars_for_cadres
from core.history import history_context
from core.jobs import job_run_create, job_run_finish, job_run_start
from rewards import engine, selectors, services
from rewards.choices import AwardKind, CandidateStatus, GrantBasisKind, GrantStatus
from rewards.models import Award, AwardCandidate, Fund, FundBudget, Grant, LedgerEntry, RankPromotionEligibility

TALENT_FUND = "人才发展专项基金"
CONTRIBUTION_FUND = "特殊贡献专项奖励基金"
FIRST_BUDGET_YEAR = 2019
GRANT_PERSON_TIMES = 481
BUDGETS = {TALENT_FUND: Decimal("180000"), CONTRIBUTION_FUND: Decimal("150000")}
APPROVING_BODY = "中共新龙县委 新龙县人民政府"
CONTRIBUTION_REASONS = [
    "脱贫攻坚一线工作表现突出",
    "抗洪抢险救灾中作出突出贡献",
    "森林草原防灭火工作表现突出",
    "疫情防控一线工作表现突出",
    "重大项目建设攻坚成绩突出",
    "反分维稳工作中作出特殊贡献",
]
TALENT_REASONS = ["引进急需紧缺专业人才", "取得高级专业技术资格", "在职取得研究生学历学位"]
CONTRIBUTION_AMOUNTS = [Decimal(amount) for amount in ("2000", "3000", "5000")]
RESULT_AMOUNT = Decimal("1000")


def seed(*, rng: random.Random, cadres_count: int, stdout=None) -> None:
    """The ``DEMO_SEED_EXTENSIONS`` entry point."""
    staff = User.objects.filter(username="orgstaff").first() or User.objects.filter(is_superuser=True).first()
    with history_context(actor=staff, reason="演示数据初始化"):
        summary = run_engine(on_date=REFERENCE_DATE, actor=staff)
        priority_streaks_seed(rng=rng, on_date=REFERENCE_DATE)
        summary |= engine.totals()
        awards = approve_past_candidates(on_date=REFERENCE_DATE, actor=staff)
        grants = seed_funds(rng=rng, actor=staff, count=grant_count(cadres_count))
    if stdout is not None:
        merits = Award.objects.filter(kind=AwardKind.MERIT_THIRD).count()
        stdout.write(
            f"rewards: {summary['pending_candidates']} pending candidates, {awards} awards approved "
            f"({merits} 记三等功), {summary['eligible']} eligible for rank promotion "
            f"({summary['priority']} priority), {grants} grants from two funds\n"
        )


def delete() -> None:
    """``seed_demo --replace``: remove the rewards area's demo data before the cadres and units go (a
    ``DEMO_DELETE_EXTENSIONS`` entry). The ledger is append-only; this transaction alone may purge it."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL rewards.ledger_purge = 'on'")
        LedgerEntry.objects.all().delete()
        Grant.objects.all().delete()
        FundBudget.objects.all().delete()
        Fund.objects.all().delete()
        Award.objects.all().delete()
        AwardCandidate.objects.all().delete()
        RankPromotionEligibility.objects.all().delete()


def grant_count(cadres_count: int) -> int:
    """481 person-times for the article's county of about 4,000 cadres; fewer for a smaller demo, never more."""
    return min(GRANT_PERSON_TIMES, max(20, round(GRANT_PERSON_TIMES * cadres_count / 4000)))


def run_engine(*, on_date: date, actor) -> dict:
    """The whole county, batch by batch in this process, recorded as a finished job for the pages."""
    job = job_run_create(
        kind=services.RECOMPUTE_JOB_KIND, requested_by=None, parameters={"on": on_date.isoformat(), "units": None}
    )
    job_run_start(job=job, total=engine.active_cadre_count())
    total = engine.WriteSummary()
    for batch in engine.plan_batches():
        total.add(engine.recompute_units(unit_ids=batch, on_date=on_date))
    summary = total.as_dict() | engine.totals()
    job_run_finish(job=job, summary=summary)
    return summary


PRIORITY_CANDIDATES = 2  # 优先晋升职级人选 on the reference date, whatever the county's size


def priority_streaks_seed(*, rng: random.Random, on_date: date) -> int:
    """Give a few cadres the three 优秀 in a row that make an eligible cadre a priority candidate (§5), and
    recompute their units; returns how many became priority candidates.

    Three random 优秀 in a row are rare (about 15% a year), so a small county often has none, and which
    cadres have them changes with everything seeded before. Chosen (deterministically for ``rng``) among
    the cadres the engine found eligible, hence free of bars, whose last confirmed year is 优秀: their two
    years before it, imported results graded 称职 or 优秀, become 优秀. The engine then also proposes them for
    记三等功 for that run of years, as it would.
    """
    from assessments.choices import Grade
    from assessments.models import AnnualResult

    last = on_date.year - 1
    earlier = [last - 2, last - 1]
    excellent_last = AnnualResult.objects.filter(year=last, grade=Grade.EXCELLENT, confirmed_on__lte=on_date)
    graded_earlier = AnnualResult.objects.filter(year__in=earlier, grade__in=[Grade.COMPETENT, Grade.EXCELLENT])
    found = list(
        RankPromotionEligibility.objects.filter(
            eligible=True,
            priority=False,
            cadre_id__in=excellent_last.values("cadre_id"),
        )
        .order_by("cadre_id")
        .values_list("cadre_id", "cadre__unit_id")
    )
    with_both = {
        cadre_id
        for cadre_id, count in graded_earlier.filter(cadre_id__in=[cadre_id for cadre_id, _unit in found])
        .values_list("cadre_id")
        .annotate(count=Count("pk"))
        .order_by()
        if count == len(earlier)
    }
    found = [row for row in found if row[0] in with_both]
    if not found:
        return 0
    chosen = rng.sample(found, min(PRIORITY_CANDIDATES, len(found)))
    AnnualResult.objects.filter(cadre_id__in=[cadre_id for cadre_id, _unit in chosen], year__in=earlier).update(
        grade=Grade.EXCELLENT
    )
    engine.recompute_units(unit_ids=[unit_id for _cadre, unit_id in chosen], on_date=on_date)
    return RankPromotionEligibility.objects.filter(
        cadre_id__in=[cadre_id for cadre_id, _unit in chosen], priority=True
    ).count()


def approve_past_candidates(*, on_date: date, actor) -> int:
    """Approve the unblocked candidates of the years before last, one 文号 per year and kind, as decided."""
    last_year = on_date.year - 1
    count = 0
    rows = AwardCandidate.objects.filter(status=CandidateStatus.PENDING, blocked=False, year__lt=last_year)
    for year, kind in sorted(set(rows.values_list("year", "kind"))):
        awarded_on = date(year + 1, 3, 15)
        found = list(rows.filter(year=year, kind=kind).order_by("pk").values_list("pk", "cadre_id"))
        bars = bars_for_cadres(on_date=awarded_on, cadre_ids=[cadre_id for _pk, cadre_id in found])
        # a cadre barred on that day was not awarded then: the candidate stays for staff to decide
        ids = [pk for pk, cadre_id in found if not any(bar.kind == BarKind.AWARD for bar in bars[cadre_id])]
        if not ids:
            continue
        number = 3 if kind == AwardKind.COMMENDATION else 4
        awards = services.candidates_approve(
            actor=actor,
            candidate_ids=ids,
            approving_body=APPROVING_BODY,
            document_number=f"新委发〔{year + 1}〕{number}号",
            awarded_on=awarded_on,
        )
        count += len(awards)
    return count


def seed_funds(*, rng: random.Random, actor, count: int = GRANT_PERSON_TIMES) -> int:
    """The two funds of the article, a budget per year, and ``count`` grants (not cancelled) with their ledger."""
    funds = {}
    for name, description in (
        (TALENT_FUND, "用于引进和培养急需紧缺人才、奖励考核优秀和记功的干部。"),
        (CONTRIBUTION_FUND, "用于奖励在脱贫攻坚、抢险救灾等急难险重任务中作出特殊贡献的干部。"),
    ):
        funds[name] = services.fund_create(actor=actor, data={"name": name, "description": description})
    years = list(range(FIRST_BUDGET_YEAR, REFERENCE_DATE.year + 1))
    budgets = {
        (name, year): services.budget_create(actor=actor, fund=fund, year=year, amount=BUDGETS[name])
        for name, fund in funds.items()
        for year in years
    }
    active = list(Cadre.objects.filter(status=CadreStatus.ACTIVE).order_by("pk").values_list("pk", flat=True))
    if not active:
        return 0
    cadres = {cadre.pk: cadre for cadre in Cadre.objects.filter(pk__in=active).select_related("unit")}
    excellent = _excellent_results()
    plans = _grant_plans(rng=rng, years=years, active=active, excellent=excellent, count=count + count // 10)
    made = 0
    for year, fund_name, cadre_id, basis in plans:
        if made >= count:
            break
        budget = budgets[(fund_name, year)]
        if selectors.budget_balance(budget=budget) < basis["amount"]:
            continue  # that year's budget is spent: the county would not overdraw it either
        try:
            grant = services.grant_propose(actor=actor, budget=budget, cadre=cadres[cadre_id], **basis)
        except ValidationError:  # a duplicate basis or the yearly cap: the demo skips that one
            continue
        try:
            moved = _move_along(rng=rng, grant=grant, year=year, actor=actor)
        except ValidationError:  # the year's budget is spent (a county of 100,000 cadres): left proposed
            moved = True
        if moved:
            made += 1
    return made


def _excellent_results() -> dict[int, list[int]]:
    """Years of confirmed 优秀 per cadre (the basis of result grants)."""
    from assessments.models import AnnualResult

    found: dict[int, list[int]] = {}
    for cadre_id, year in AnnualResult.objects.filter(grade="excellent", confirmed_on__lte=REFERENCE_DATE).values_list(
        "cadre_id", "year"
    ):
        found.setdefault(cadre_id, []).append(year)
    return found


def _grant_plans(
    *, rng: random.Random, years: list[int], active: list[int], excellent: dict, count: int
) -> list[tuple]:
    """``count`` (year, fund, cadre, basis) plans in date order: every approved 记三等功 from the talent fund, 优秀
    results and reasons from both funds, spread over the years."""
    plans = []
    for award in Award.objects.filter(kind=AwardKind.MERIT_THIRD, status="active").order_by("pk"):
        year = min(award.awarded_on.year, years[-1])
        plans.append(
            (
                year,
                TALENT_FUND,
                award.cadre_id,
                {"amount": award.bonus, "basis_kind": GrantBasisKind.AWARD, "award": award},
            )
        )
    by_year_excellent = {}
    for cadre_id, result_years in excellent.items():
        for result_year in result_years:
            by_year_excellent.setdefault(result_year + 1, []).append((cadre_id, result_year))
    per_year = max(0, count - len(plans)) // len(years) + 1
    for year in years:
        for index in range(per_year):
            if len(plans) >= count:
                break
            pool = by_year_excellent.get(year)
            if pool and index % 3 == 0:
                cadre_id, result_year = rng.choice(pool)
                basis = {"amount": RESULT_AMOUNT, "basis_kind": GrantBasisKind.RESULT, "result_year": result_year}
                plans.append((year, TALENT_FUND, cadre_id, basis))
            elif index % 3 == 1:
                basis = {"amount": rng.choice(CONTRIBUTION_AMOUNTS[:2]), "basis_kind": GrantBasisKind.REASON}
                basis["reason"] = f"{year}年{rng.choice(TALENT_REASONS)}"
                plans.append((year, TALENT_FUND, rng.choice(active), basis))
            else:
                basis = {"amount": rng.choice(CONTRIBUTION_AMOUNTS), "basis_kind": GrantBasisKind.REASON}
                basis["reason"] = f"{year}年{rng.choice(CONTRIBUTION_REASONS)}"
                plans.append((year, CONTRIBUTION_FUND, rng.choice(active), basis))
    return sorted(plans[:count], key=lambda plan: plan[0])


def _move_along(*, rng: random.Random, grant: Grant, year: int, actor) -> bool:
    """Past years' grants are approved and paid (a few cancelled after approval, their money returned);
    this year's are partly done. False when the grant ended cancelled."""
    this_year = year == REFERENCE_DATE.year
    if this_year and rng.random() < 0.3:
        return True  # still proposed: the approval work of the demo
    approved_on = min(date(year, 6, 1) + timedelta(days=rng.randrange(0, 150)), REFERENCE_DATE)
    services.grant_approve(actor=actor, grant=grant, approved_on=approved_on)
    if not this_year and rng.random() < 0.02:
        services.grant_cancel(actor=actor, grant=grant, reason="本人调离，经研究不再发放", cancelled_on=approved_on)
        return False
    if this_year and rng.random() < 0.5:
        return True  # approved, awaiting payment
    paid_on = min(approved_on + timedelta(days=rng.randrange(5, 40)), REFERENCE_DATE)
    services.grant_pay(actor=actor, grant=grant, paid_on=paid_on, payment_reference=f"XL{year}{grant.pk:05d}")
    return True


def demo_totals() -> dict:
    """The figures the README and the tests quote."""
    return {
        "merit_third": Award.objects.filter(kind=AwardKind.MERIT_THIRD).count(),
        "grants": Grant.objects.exclude(status=GrantStatus.CANCELLED).count(),
        "funds": Fund.objects.count(),
        "budgets": FundBudget.objects.aggregate(last=Max("year"))["last"],
    }
