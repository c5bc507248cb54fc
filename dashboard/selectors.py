"""Every read of the dashboard app, scoped to the user (retirement warnings, the record audit, the figures).

Reads other apps' records only through their selectors (``cadres.selectors.cadre_list`` …) and their pure
rules, so a figure here always agrees with the page it links to.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay

from accounts import policy
from accounts.models import User
from cadres import rules as cadre_rules
from cadres.choices import CadreStatus
from cadres.models import Cadre
from cadres.selectors import cadre_list, official_order
from core.models import JobRun
from core.periods import add_months
from dashboard.models import AuditFinding

ONE_DAY = timedelta(days=1)

# ---------------------------------------------------------------- retirement warnings (domain-rules §11)


def retirement_group_q(group: str) -> Q:
    """The cadres of a retirement group, as ``cadres.rules.retirement_group`` assigns them."""
    if group == "male_60":
        return Q(gender="M")
    by_category = settings.RETIREMENT_FEMALE_GROUP_BY_CATEGORY
    condition = Q(gender="F", category__in=[category for category, name in by_category.items() if name == group])
    if group == "female_55":  # the default group of a category the setting does not name
        condition |= Q(gender="F") & ~Q(category__in=list(by_category))
    return condition


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def retiring_cadre_list(*, user: User, first: date, last: date) -> QuerySet[Cadre]:
    """Serving cadres the user may see whose statutory retirement day falls in [first, last], soonest first.

    Set-based: per retirement group the births retiring in the window are one date range
    (``cadres.rules.retirement_birth_date_range``), so the list is one indexed query. The order is the
    retirement day: each birth month of the window retires in one known month (annotated with a CASE), then
    by the day of the month.
    """
    in_window = Q(pk__in=[])
    retirement_month = []
    for group in settings.RETIREMENT_GROUPS:
        births = cadre_rules.retirement_birth_date_range(group=group, first=first, last=last)
        if births is None:
            continue
        group_q = retirement_group_q(group)
        in_window |= group_q & Q(birth_date__range=births)
        month_start = births[0].replace(day=1)
        while month_start <= births[1]:
            age_months = cadre_rules.retirement_in_group(birth_date=month_start, group=group).age_months
            month_end = add_months(month_start, 1)
            retirement_month.append(
                When(
                    group_q & Q(birth_date__gte=month_start, birth_date__lt=month_end),
                    then=Value(_month_index(month_start) + age_months),
                )
            )
            month_start = month_end
    return (
        cadre_list(user=user)
        .filter(in_window, status=CadreStatus.ACTIVE)
        .annotate(
            retirement_month=Case(*retirement_month, default=Value(0), output_field=IntegerField()),
            birth_day=ExtractDay("birth_date"),
        )
        .order_by("retirement_month", "birth_day", "pk")
    )


def overdue_retirement_list(*, user: User, on: date) -> QuerySet[Cadre]:
    """Cadres still serving on ``on`` who reached the statutory retirement age before it, longest overdue first."""
    reached = Q(pk__in=[])
    for group in settings.RETIREMENT_GROUPS:
        births = cadre_rules.retirement_birth_date_range(group=group, first=date(1900, 1, 1), last=on - ONE_DAY)
        if births is not None:
            reached |= retirement_group_q(group) & Q(birth_date__lte=births[1])
    return cadre_list(user=user).filter(reached, status=CadreStatus.ACTIVE).order_by("birth_date", "pk")


# ---------------------------------------------------------------- the record audit


def audit_finding_list(*, user: User) -> QuerySet[AuditFinding]:
    """The findings of the record audit on the cadres the user may see, with cadre and unit joined: the
    cadres in the roster's official order (issue 15.4), each cadre's findings by rule and subject."""
    findings = policy.restrict(AuditFinding.objects.select_related("cadre", "cadre__unit"), user)
    return official_order(findings, "cadre__", then=("rule", "subject"))


def record_audit_last_run() -> JobRun | None:
    """The latest finished run of the record audit (nightly or started by hand)."""
    from dashboard.services import RECORD_AUDIT_KIND

    return (
        JobRun.objects.filter(kind=RECORD_AUDIT_KIND, status=JobRun.Status.SUCCEEDED).order_by("-finished_at").first()
    )


# ---------------------------------------------------------------- a cadre's own record (我的档案)


def cadre_assessment_and_rewards(*, cadre: Cadre, on: date) -> dict:
    """The annual results confirmed by ``on``, the awards, grants and rank-promotion eligibility (with its
    reasons) of one cadre, for the cadre page and 我的档案 (four queries)."""
    from assessments.models import AnnualResult
    from rewards.selectors import cadre_rewards

    return {
        "results": list(AnnualResult.objects.filter(cadre=cadre, confirmed_on__lte=on).order_by("-year")),
        **cadre_rewards(cadre=cadre),
    }
