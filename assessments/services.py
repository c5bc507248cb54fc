"""Every write of the assessment app. ``<entity>_<verb>(*, actor, ...)``: atomic, validated, audited.

Refusals are ``ValidationError`` with Chinese field messages (nothing written) or ``PermissionDenied``.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.models import User
from assessments.choices import Grade, PeriodKind, ResultSource, UngradedReason
from assessments.models import AnnualResult, Period
from cadres.models import Cadre
from core.integrity import save_or_refuse

RESULT_CONSTRAINT_MESSAGES = {
    "annual_result_one_per_cadre_year": {"year": gettext_lazy("该干部该年度已有考核结果。")},
}


def _check_may_write(*, actor: User, cadre: Cadre) -> None:
    if not policy.is_staff(actor):
        raise PermissionDenied(_("您没有录入考核结果的权限。"))
    policy.require(actor, policy.Action.CHANGE, cadre)


def _historic_result_problems(
    *, cadre: Cadre, year: int, grade: str, ungraded_reason: str, confirmed_on: date | None
) -> dict[str, list[str]]:
    """Field errors of a historic result, or {} when it can be recorded."""
    today = timezone.localdate()
    problems: dict[str, list[str]] = {}
    if grade not in Grade.values:
        problems["grade"] = [_("请选择等次。")]
    if grade == Grade.UNGRADED and ungraded_reason not in UngradedReason.values:
        problems["ungraded_reason"] = [_("不定等次须注明原因。")]
    elif grade != Grade.UNGRADED and ungraded_reason:
        problems["ungraded_reason"] = [_("只有不定等次才填写不定等次原因。")]
    if not 1990 <= year < today.year:
        problems["year"] = [_("历史结果的年度应在1990年至%(last)s年之间。") % {"last": today.year - 1}]
    elif cadre.work_start_date and year < cadre.work_start_date.year:
        problems["year"] = [
            _("考核年度早于该干部参加工作时间（%(day)s）。") % {"day": cadre.work_start_date.isoformat()}
        ]
    if confirmed_on is None:
        problems["confirmed_on"] = [_("请填写确定日期。")]
    elif confirmed_on > today:
        problems["confirmed_on"] = [_("确定日期不能晚于今天。")]
    elif "year" not in problems and confirmed_on.year < year:
        problems["confirmed_on"] = [_("确定日期不能早于考核年度（%(year)s年）。") % {"year": year}]
    return problems


@transaction.atomic
def annual_result_record(
    *,
    actor: User,
    cadre: Cadre,
    year: int,
    grade: str,
    confirmed_on: date | None,
    ungraded_reason: str = "",
    comment: str = "",
) -> tuple[AnnualResult, bool]:
    """Enter a past year's annual result (历史考核结果) for a cadre: ``(result, created)``.

    Idempotent on cadre and year: entering the same year again updates the imported result, never adds a
    second one (the database's unique constraint is the guard). A year that the system assesses itself (an
    annual period exists for it) or that already has an assessed result is refused: those results come from
    the period's confirmation. Raises ``PermissionDenied`` outside the actor's units and ``ValidationError``
    with field messages on bad input; nothing is written then. domain-rules §2–§5: the result counts from
    ``confirmed_on`` exactly like a confirmed one.
    """
    _check_may_write(actor=actor, cadre=cadre)
    ungraded_reason = ungraded_reason or ""
    problems = _historic_result_problems(
        cadre=cadre, year=year, grade=grade, ungraded_reason=ungraded_reason, confirmed_on=confirmed_on
    )
    if problems:
        raise ValidationError(problems)
    if Period.objects.filter(kind=PeriodKind.ANNUAL, year=year).exists():
        raise ValidationError(
            {"year": [_("%(year)s年度已在系统中开展年度考核，结果由考核周期确定，不能录入历史结果。") % {"year": year}]}
        )
    result = AnnualResult.objects.select_for_update().filter(cadre=cadre, year=year).first()
    created = result is None
    if result is None:
        result = AnnualResult(cadre=cadre, year=year, source=ResultSource.IMPORTED, created_by=actor)
    elif result.source != ResultSource.IMPORTED:
        raise ValidationError({"year": [_("该干部%(year)s年度的结果已由考核周期确定，不能覆盖。") % {"year": year}]})
    result.grade = grade
    result.ungraded_reason = ungraded_reason
    result.confirmed_on = confirmed_on
    result.comment = comment or ""
    result._change_reason = _("录入历史考核结果")
    save_or_refuse(result, messages=RESULT_CONSTRAINT_MESSAGES)
    return result, created
