"""Every write of the assessment app. ``<entity>_<verb>(*, actor, ...)``: atomic, validated, audited.

Refusals are ``ValidationError`` with Chinese field messages (nothing written) or ``PermissionDenied``.
Who may do what is decided by the ``_require_*`` checks at the top, in one place.

A change to what a quota pool's composites are computed from (a submitted rating, a quantitative score, the
raised quota, a confirmed regular grade) raises the pool's ``input_version`` in the same transaction and
queues a recompute of the stale pools once the transaction commits (``pools_changed``).
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.models import User
from accounts.policy import Action
from assessments import rules
from assessments.choices import (
    AssignmentStatus,
    Grade,
    ItemKind,
    ObjectionStatus,
    PeriodKind,
    PeriodState,
    PoolKind,
    RaterGroup,
    RegularGrade,
    ResultSource,
    SelfSummaryStatus,
    SuggestionKind,
    SuggestionStatus,
    TemplateStatus,
    UngradedReason,
)
from assessments.models import (
    AnnualResult,
    Assessee,
    CommitteeOverride,
    IndicatorItem,
    IndicatorTemplate,
    Period,
    PeriodTransition,
    Proposal,
    PublicityObjection,
    QuantitativeScore,
    QuotaPool,
    RaterAssignment,
    RatingScore,
    RegularAssessment,
    SelfSummary,
    Suggestion,
    TemplateRaterGroup,
    WorkCalendarDay,
    WorkCalendarYear,
)
from cadres.choices import CadreStatus, UnitKind
from cadres.models import Cadre, Unit
from core.history import atomic_with_history, bulk_create_with_history, bulk_update_with_history
from core.integrity import save_or_refuse
from core.jobs import job_run_enqueue
from core.models import JobRun
from postings.models import ExternalHost
from postings.selectors import assessing_units_for_cadres

RECOMPUTE_JOB_KIND = "assessments.recompute"
RESULT_CONSTRAINT_MESSAGES = {
    "annual_result_one_per_cadre_year": {"year": gettext_lazy("该干部该年度已有考核结果。")},
}
PERIOD_CONSTRAINT_MESSAGES = {
    "period_one_annual_per_year": {"year": gettext_lazy("该年度已有年度考核周期。")},
    "period_one_regular_per_quarter": {"quarter": gettext_lazy("该季度已有平时考核周期。")},
    "period_special_name_unique_in_year": {"name": gettext_lazy("该年度已有同名的专项考核。")},
}
TEMPLATE_CONSTRAINT_MESSAGES = {
    "indicator_template_one_published_per_unit_kind": {"unit_kind": gettext_lazy("该单位类别已有一个在用的指标模板。")},
    "indicator_item_name_unique_in_template": {"name": gettext_lazy("模板中已有同名指标。")},
}
# Units whose cadres are never assessed under the civil-servant rules (村、社区 have their own).
NOT_ASSESSED_UNIT_KINDS = (UnitKind.VILLAGE, UnitKind.COMMUNITY)


def _error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


# ---------------------------------------------------------------- who may do what


def _require_org_staff(actor: User) -> None:
    """Periods, templates, quotas, committee and confirmation belong to the organization department."""
    policy.require_org_wide(actor, _("只有组织部工作人员可以进行此项考核操作。"))


def _require_cadre_writer(actor: User, cadre: Cadre) -> None:
    """Unit HR enter their units' data (scores, regular grades, results); org staff any unit's; nobody his
    or her own."""
    policy.require(actor, Action.CHANGE, cadre)


def _require_assessee_writer(actor: User, assessee: Assessee) -> None:
    """The home side (the cadre's unit) or the assessing host unit's staff enter an assessee's data."""
    if policy.may(actor, Action.CHANGE, assessee.cadre):
        return
    hosted = assessee.assessing_unit_id and actor.cadre_id != assessee.cadre_id
    if hosted and policy.manages_unit(actor, assessee.assessing_unit):
        return
    policy.require(actor, Action.CHANGE, assessee.cadre)


def _period_for_update(period_id: int) -> Period:
    """The period, locked: structural changes (raters, quotas, committee) wait for a transition and vice versa."""
    return Period.objects.select_for_update().get(pk=period_id)


def _period_for_share(period_id: int) -> Period:
    """The period, read fresh and, on PostgreSQL, share-locked: many raters may write at once, while a
    transition (which locks the row for update) waits for them, and they for it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM assessments_period WHERE id = %s FOR SHARE", [period_id])
    return Period.objects.get(pk=period_id)


def _require_state(period: Period, states, message: str, field: str = "period") -> None:
    if period.state not in states:
        raise _error(field, message % {"state": period.get_state_display()} if "%(state)s" in message else message)


# ---------------------------------------------------------------- recompute bookkeeping


def pools_changed(*, period: Period, pool_ids) -> None:
    """Mark pools stale (in the caller's transaction) and queue a recompute of the period's stale pools once
    it commits, while the period may still be recomputed. Called by every service that changes an input."""
    pool_ids = [pk for pk in set(pool_ids) if pk is not None]
    if not pool_ids:
        return
    QuotaPool.objects.filter(pk__in=pool_ids).update(input_version=F("input_version") + 1)
    if period.state in rules.RECOMPUTABLE_STATES:
        from assessments import tasks

        period_id = period.pk
        transaction.on_commit(lambda: tasks.recompute_stale_pools.delay(period_id))


def period_recompute_start(
    *, actor: User | None, period: Period, pool_ids: list[int] | None = None, queue: str | None = None
) -> JobRun:
    """Start recomputing a period's composites and proposals (all pools, or ``pool_ids``) as a background job;
    the job fans out over the workers by batches of pools. ``actor`` None is the nightly schedule. The same
    request while one is pending or running gives that job back. Raises ``core.jobs.JobQueueUnavailable``
    when the broker cannot be reached (nothing recorded)."""
    if actor is not None:
        _require_org_staff(actor)
    _require_state(
        period,
        rules.RECOMPUTABLE_STATES,
        _("考核周期处于“%(state)s”状态，不能重新计算（仅评分中、评分结束、已拟定等次时可以）。"),
    )
    from assessments import tasks

    return job_run_enqueue(
        task=tasks.recompute_period,
        kind=RECOMPUTE_JOB_KIND,
        requested_by=actor,
        parameters={"period": period.pk, "pools": sorted(pool_ids) if pool_ids is not None else None},
        queue=queue,
    )


# ---------------------------------------------------------------- periods


def _default_period_name(*, kind: str, year: int, quarter: int | None) -> str:
    if kind == PeriodKind.ANNUAL:
        return _("%(year)s年度考核") % {"year": year}
    if kind == PeriodKind.REGULAR:
        return _("%(year)s年第%(quarter)s季度平时考核") % {"year": year, "quarter": quarter}
    return ""


@atomic_with_history
def period_create(*, actor: User, kind: str, year: int, name: str = "", quarter: int | None = None) -> Period:
    """A new period in draft. Regular periods name their quarter; special periods need a name."""
    _require_org_staff(actor)
    problems: dict[str, list[str]] = {}
    if kind not in PeriodKind.values:
        problems["kind"] = [_("请选择考核种类。")]
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not 2000 <= year <= this_year + 1:
        problems["year"] = [_("考核年度应在2000年至%(last)s年之间。") % {"last": this_year + 1}]
    if kind == PeriodKind.REGULAR and quarter not in (1, 2, 3, 4):
        problems["quarter"] = [_("平时考核须选择季度（1–4）。")]
    if kind != PeriodKind.REGULAR and quarter:
        problems["quarter"] = [_("只有平时考核填写季度。")]
    name = (name or "").strip() or _default_period_name(kind=kind, year=year, quarter=quarter)
    if not name:
        problems["name"] = [_("专项考核须填写名称。")]
    if problems:
        raise ValidationError(problems)
    period = Period(
        kind=kind, year=year, quarter=quarter if kind == PeriodKind.REGULAR else None, name=name, created_by=actor
    )
    period._change_reason = _("新建考核周期")
    save_or_refuse(period, messages=PERIOD_CONSTRAINT_MESSAGES)
    return period


def _annual_grade_problems(period: Period) -> list[str]:
    """Why the committee's grades of an annual period cannot go to publicity or be confirmed yet."""
    problems = []
    missing = Assessee.objects.filter(period=period, committee_grade="").filter(
        Q(proposal__isnull=True) | Q(proposal__proposed_grade="")
    )
    count = missing.count()
    if count:
        problems.append(_("还有%(count)s名考核对象尚未确定等次。") % {"count": count})
    for pool in pools_over_quota(period=period):
        problems.append(
            _("%(pool)s：优秀%(excellent)s名，超过名额%(max)s名。")
            % {"pool": pool.unit.name, "excellent": pool.excellent, "max": pool.max_excellent}
        )
    return problems


def pools_over_quota(*, period: Period) -> list[QuotaPool]:
    """Pools whose 优秀 (committee's grade, else the proposal) exceed their quota. One query."""
    excellent = Count(
        "assessees",
        filter=Q(assessees__committee_grade=Grade.EXCELLENT)
        | Q(assessees__committee_grade="", assessees__proposal__proposed_grade=Grade.EXCELLENT),
    )
    return list(
        QuotaPool.objects.filter(period=period)
        .annotate(excellent=excellent)
        .filter(excellent__gt=F("max_excellent"))
        .select_related("unit")
        .order_by("unit__path", "kind")
    )


@atomic_with_history
def period_transition(
    *,
    actor: User,
    period: Period,
    action: str,
    reason: str = "",
    publicity_starts_on: date | None = None,
    today: date | None = None,
) -> Period:
    """Move a period by ``action`` along ``rules.TRANSITIONS``, with who, when and why kept (PeriodTransition
    and the period's history). Each move checks what it needs:

    - open-scoring: an annual or special period has its assessees and raters generated;
    - propose: no pool is stale (a recompute has run since the last change);
    - start-publicity: every assessee has a grade, no pool exceeds its quota, and the window of
      ASSESSMENTS_PUBLICITY_WORKING_DAYS working days from ``publicity_starts_on`` can be counted (a year the
      work calendar does not know is refused with what to enter);
    - confirm (annual): the publicity window has ended, no objection is open; writes the annual results and
      the to-do suggestions of §3;
    - reopen and the other backward moves need a reason, which is kept.
    """
    _require_org_staff(actor)
    today = today or timezone.localdate()
    period = Period.objects.select_for_update().get(pk=period.pk)
    transition = rules.find_transition(kind=period.kind, state=period.state, action=action)
    if transition is None:
        raise _error(
            "action",
            _("考核周期处于“%(state)s”状态，不能进行此操作。") % {"state": period.get_state_display()},
        )
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise _error("reason", _("“%(label)s”须填写原因。") % {"label": transition.label})

    if action == "open-scoring" and period.kind != PeriodKind.REGULAR:
        if not Assessee.objects.filter(period=period).exists():
            raise _error("action", _("请先生成考核对象和评价人，再开始评分。"))
    elif action == "propose":
        stale = QuotaPool.objects.filter(period=period).exclude(computed_version=F("input_version")).count()
        if stale:
            raise _error(
                "action", _("有%(count)s个优秀名额单元的数据已变化，请先重新计算后再拟定等次。") % {"count": stale}
            )
    elif action == "start-publicity":
        problems = _annual_grade_problems(period)
        if problems:
            raise ValidationError({"action": problems})
        if publicity_starts_on is None:
            raise _error("publicity_starts_on", _("请填写公示开始日期。"))
        from assessments.selectors import working_day_checker

        try:
            last_day = rules.publicity_last_day(
                start=publicity_starts_on,
                working_days=settings.ASSESSMENTS_PUBLICITY_WORKING_DAYS,
                is_working_day=working_day_checker(),
            )
        except rules.UnknownWorkCalendarYear as unknown:
            raise _error("publicity_starts_on", unknown.message)
        period.publicity_starts_on, period.publicity_ends_on = publicity_starts_on, last_day
    elif action == "confirm" and period.kind == PeriodKind.ANNUAL:
        if period.publicity_ends_on is None or today <= period.publicity_ends_on:
            raise _error(
                "action",
                _("公示期至%(day)s，期满（不少于%(days)s个工作日）后方可确定等次。")
                % {"day": period.publicity_ends_on, "days": settings.ASSESSMENTS_PUBLICITY_WORKING_DAYS},
            )
        open_objections = period.objections.filter(status=ObjectionStatus.OPEN).count()
        if open_objections:
            raise _error("action", _("还有%(count)s条公示异议尚未处理。") % {"count": open_objections})
        problems = _annual_grade_problems(period)
        if problems:
            raise ValidationError({"action": problems})

    from_state = period.state
    period.state = transition.target
    if transition.target == PeriodState.CONFIRMED:
        period.confirmed_on = today
    period._change_reason = f"{transition.label}：{reason}" if reason else transition.label
    period.save()
    PeriodTransition.objects.create(
        period=period, action=action, from_state=from_state, to_state=transition.target, reason=reason, actor=actor
    )
    if transition.target == PeriodState.CONFIRMED:
        if period.kind == PeriodKind.ANNUAL:
            _write_annual_results(actor=actor, period=period)
        elif period.kind == PeriodKind.REGULAR:
            _regular_grades_confirmed(period=period)
    elif from_state == PeriodState.CONFIRMED and period.kind == PeriodKind.REGULAR:
        _regular_grades_confirmed(period=period)
    return period


def _regular_grades_confirmed(*, period: Period) -> None:
    """A regular period's grades enter (or, reopened, leave) the year's annual composites: the annual pools
    of that year become stale."""
    annual = Period.objects.filter(kind=PeriodKind.ANNUAL, year=period.year).first()
    if annual is not None:
        pools_changed(period=annual, pool_ids=annual.pools.values_list("pk", flat=True))


def effective_grade(*, committee_grade: str, proposed_grade: str | None) -> str:
    """The grade that counts: the committee's where it set one, else the proposal's."""
    return committee_grade or (proposed_grade or "")


def _write_annual_results(*, actor: User, period: Period) -> None:
    """Confirmation (annual): one AnnualResult per assessee, unique by cadre and year, replacing any earlier
    one of that year (history shows the change), then the §3 suggestions. Set-based: a few queries for the
    whole county."""
    rows = list(
        Assessee.objects.filter(period=period).values_list(
            "cadre_id", "committee_grade", "committee_reason", "proposal__proposed_grade", "proposal__ungraded_reason"
        )
    )
    existing = {result.cadre_id: result for result in AnnualResult.objects.filter(year=period.year)}
    to_create, to_update = [], []
    for cadre_id, committee_grade, committee_reason, proposed_grade, proposed_reason in rows:
        grade = effective_grade(committee_grade=committee_grade, proposed_grade=proposed_grade)
        if grade == Grade.UNGRADED:
            reason = proposed_reason if proposed_grade == Grade.UNGRADED and proposed_reason else UngradedReason.OTHER
        else:
            reason = ""
        result = existing.get(cadre_id)
        if result is None:
            to_create.append(
                AnnualResult(
                    cadre_id=cadre_id,
                    year=period.year,
                    grade=grade,
                    ungraded_reason=reason,
                    confirmed_on=period.confirmed_on,
                    source=ResultSource.ASSESSED,
                    period=period,
                    comment=committee_reason,
                    created_by=actor,
                )
            )
        else:
            result.grade, result.ungraded_reason, result.comment = grade, reason, committee_reason
            result.confirmed_on, result.source, result.period = period.confirmed_on, ResultSource.ASSESSED, period
            to_update.append(result)
    change_reason = _("%(period)s确定等次") % {"period": period.name}
    bulk_create_with_history(to_create, AnnualResult, batch_size=1000, actor=actor, reason=change_reason)
    bulk_update_with_history(
        to_update,
        AnnualResult,
        ["grade", "ungraded_reason", "comment", "confirmed_on", "source", "period"],
        actor=actor,
        reason=change_reason,
    )
    suggestions_refresh(actor=actor, year=period.year)


def suggestions_refresh(*, actor: User | None, year: int) -> int:
    """Put the consequences of the year's results on the staff to-do list (domain-rules §3), and retire open
    suggestions a changed grade no longer supports. Never acts on them. Returns the number added."""
    results = list(AnnualResult.objects.filter(year=year).values_list("pk", "cadre_id", "grade"))
    previous = dict(AnnualResult.objects.filter(year=year - 1).values_list("cadre_id", "grade"))
    wanted = {
        (result_id, kind): cadre_id
        for result_id, cadre_id, grade in results
        for kind in rules.consequences_of(grade=grade, previous_grade=previous.get(cadre_id))
    }
    existing = {
        (row.annual_result_id, row.kind): row
        for row in Suggestion.objects.filter(annual_result__year=year).exclude(kind=SuggestionKind.FILL_IN_GRADE)
    }
    new = [
        Suggestion(annual_result_id=result_id, cadre_id=cadre_id, kind=kind)
        for (result_id, kind), cadre_id in wanted.items()
        if (result_id, kind) not in existing
    ]
    bulk_create_with_history(new, Suggestion, actor=actor, reason=_("考核结果运用：生成待办"))
    retired = []
    for key, row in existing.items():
        if key not in wanted and row.status == SuggestionStatus.OPEN:
            row.status, row.note = SuggestionStatus.DISMISSED, _("等次已变更，此项不再适用。")
            retired.append(row)
    bulk_update_with_history(retired, Suggestion, ["status", "note"], actor=actor, reason=_("等次变更"))
    return len(new)


@atomic_with_history
def suggestion_handle(*, actor: User, suggestion: Suggestion, status: str, note: str, on: date | None = None):
    """Mark a to-do suggestion as carried out (through its own service: an award, a 诫勉, a demotion) or not."""
    _require_cadre_writer(actor, suggestion.cadre)
    if status not in (SuggestionStatus.DONE, SuggestionStatus.DISMISSED):
        raise _error("status", _("请选择办理结果。"))
    if not (note or "").strip():
        raise _error("note", _("请填写办理说明。"))
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if refusal := rules.suggestion_handled_refusal(suggestion):
        raise _error("status", refusal)
    suggestion.status, suggestion.note = status, note.strip()
    suggestion.handled_by, suggestion.handled_on = actor, on or timezone.localdate()
    suggestion._change_reason = suggestion.get_status_display()
    suggestion.save()
    return suggestion


# ---------------------------------------------------------------- indicator templates


@atomic_with_history
def template_create(*, actor: User, name: str, unit_kind: str = "", note: str = "") -> IndicatorTemplate:
    """A new draft template for a unit kind ("" for any unit kind without its own), at the next version."""
    _require_org_staff(actor)
    if not (name or "").strip():
        raise _error("name", _("请填写模板名称。"))
    if unit_kind and unit_kind not in UnitKind.values:
        raise _error("unit_kind", _("请选择单位类别。"))
    latest = IndicatorTemplate.objects.filter(unit_kind=unit_kind).order_by("-version").first()
    template = IndicatorTemplate(
        name=name.strip(),
        unit_kind=unit_kind,
        version=(latest.version + 1) if latest else 1,
        note=note,
        created_by=actor,
    )
    save_or_refuse(template, messages=TEMPLATE_CONSTRAINT_MESSAGES)
    return template


def _require_draft_template(template: IndicatorTemplate) -> None:
    if template.status != TemplateStatus.DRAFT:
        raise _error("template", _("已发布的模板不能修改，请新建版本。"))


def _decimal(value, field: str, *, low: Decimal, high: Decimal, label: str) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise _error(field, _("%(label)s应为数字。") % {"label": label})
    if not number.is_finite():  # "NaN" is a Decimal, not a number
        raise _error(field, _("%(label)s应为数字。") % {"label": label})
    if Decimal(str(value)) != number:
        raise _error(field, _("%(label)s最多保留两位小数。") % {"label": label})
    if not low <= number <= high:
        raise _error(field, _("%(label)s应在%(low)s到%(high)s之间。") % {"label": label, "low": low, "high": high})
    return number


@atomic_with_history
def template_item_save(
    *,
    actor: User,
    template: IndicatorTemplate,
    name: str,
    kind: str,
    weight,
    description: str = "",
    sort_order: int = 0,
    item: IndicatorItem | None = None,
) -> IndicatorItem:
    """Add an item to a draft template, or change one (``item``)."""
    _require_org_staff(actor)
    _require_draft_template(template)
    if not (name or "").strip():
        raise _error("name", _("请填写指标名称。"))
    if kind not in ItemKind.values:
        raise _error("kind", _("请选择评分方式。"))
    weight = _decimal(weight, "weight", low=Decimal("0.01"), high=Decimal(100), label=_("权重"))
    item = item or IndicatorItem(template=template)
    item.name, item.kind, item.weight = name.strip(), kind, weight
    item.description, item.sort_order = description or "", sort_order or 0
    save_or_refuse(item, messages=TEMPLATE_CONSTRAINT_MESSAGES)
    return item


@atomic_with_history
def template_item_delete(*, actor: User, item: IndicatorItem) -> None:
    _require_org_staff(actor)
    _require_draft_template(item.template)
    item.delete()


@atomic_with_history
def template_rater_group_set(
    *, actor: User, template: IndicatorTemplate, group: str, weight, drop_extremes: bool = False
) -> TemplateRaterGroup:
    """Set a rater group's weight (0 removes the group from scoring) and its drop-extremes option."""
    _require_org_staff(actor)
    _require_draft_template(template)
    if group not in RaterGroup.values:
        raise _error("group", _("请选择评价人类别。"))
    weight = _decimal(weight, "weight", low=Decimal(0), high=Decimal(100), label=_("权重"))
    row, _created = TemplateRaterGroup.objects.update_or_create(
        template=template, group=group, defaults={"weight": weight, "drop_extremes": bool(drop_extremes)}
    )
    return row


def template_problems(template: IndicatorTemplate) -> list[str]:
    """Why a template cannot be published: item weights must sum to 100, and rater-group weights too when it
    has rated items."""
    items = list(template.items.all())
    problems = []
    if not items:
        problems.append(_("模板至少需要一个指标。"))
    total = sum((item.weight for item in items), Decimal(0))
    if items and total != 100:
        problems.append(_("指标权重合计应为100，现为%(total)s。") % {"total": format(total.normalize(), "f")})
    if any(item.kind == ItemKind.RATED for item in items):
        group_total = sum((row.weight for row in template.rater_groups.all()), Decimal(0))
        if group_total != 100:
            problems.append(
                _("评价人类别权重合计应为100，现为%(total)s。") % {"total": format(group_total.normalize(), "f")}
            )
    return problems


@atomic_with_history
def template_publish(*, actor: User, template: IndicatorTemplate, on: date | None = None) -> IndicatorTemplate:
    """Publish a draft template (weights checked), retiring the unit kind's previously published version.
    A published template is frozen: periods keep the version they were scored with."""
    _require_org_staff(actor)
    template = IndicatorTemplate.objects.select_for_update().get(pk=template.pk)
    _require_draft_template(template)
    problems = template_problems(template)
    if problems:
        raise ValidationError({"template": problems})
    for previous in IndicatorTemplate.objects.filter(unit_kind=template.unit_kind, status=TemplateStatus.PUBLISHED):
        previous.status = TemplateStatus.RETIRED
        previous._change_reason = _("发布新版本，停用此版本")
        previous.save()
    template.status, template.published_on = TemplateStatus.PUBLISHED, on or timezone.localdate()
    template._change_reason = _("发布")
    save_or_refuse(template, messages=TEMPLATE_CONSTRAINT_MESSAGES)
    return template


@atomic_with_history
def template_new_version(*, actor: User, template: IndicatorTemplate) -> IndicatorTemplate:
    """A draft copy of a template (items and rater groups) at the unit kind's next version."""
    _require_org_staff(actor)
    copy = template_create(actor=actor, name=template.name, unit_kind=template.unit_kind, note=template.note)
    IndicatorItem.objects.bulk_create(
        IndicatorItem(
            template=copy,
            name=item.name,
            kind=item.kind,
            weight=item.weight,
            description=item.description,
            sort_order=item.sort_order,
        )
        for item in template.items.all()
    )
    TemplateRaterGroup.objects.bulk_create(
        TemplateRaterGroup(template=copy, group=row.group, weight=row.weight, drop_extremes=row.drop_extremes)
        for row in template.rater_groups.all()
    )
    return copy


def published_templates() -> dict[str, IndicatorTemplate]:
    """The template in use for each unit kind ("" for the general one)."""
    return {t.unit_kind: t for t in IndicatorTemplate.objects.filter(status=TemplateStatus.PUBLISHED)}


# ---------------------------------------------------------------- assessees, pools and raters


def _root_unit() -> Unit | None:
    return Unit.objects.filter(parent__isnull=True).order_by("path").first()


def _pool_key(*, home_unit_id: int, host_unit_id: int | None, is_leader: bool, root_id: int) -> tuple[int, str]:
    """The quota pool of an assessee (domain-rules §2): the home unit's, unless the postings setting sends
    hosted cadres to the host's; leaders as ASSESSMENTS_LEADER_POOLING says."""
    unit_id = home_unit_id
    if host_unit_id and settings.ASSESSMENTS_POSTED_CADRE_POOL == "host":
        unit_id = host_unit_id
    if not is_leader:
        return unit_id, PoolKind.UNIT
    pooling = settings.ASSESSMENTS_LEADER_POOLING
    if pooling == "county":
        return root_id, PoolKind.LEADERS
    if pooling == "unit_separate":
        return unit_id, PoolKind.LEADERS
    return unit_id, PoolKind.UNIT


@atomic_with_history
def period_generate_assessees(*, actor: User, period: Period) -> dict[str, int]:
    """Generate a draft period's assessees, quota pools and raters from the unit structure (set-based).

    Assessees: active cadres of the assessed categories outside villages and communities. Each is assessed
    by the host of a posting of more than 6 months of the year (§2, art. 26; the postings app's rule,
    ``postings.selectors.assessing_units_for_cadres``), else by the home unit, scored
    with the published template of that unit's kind (or the general one). Raters follow ``rules.rater_plan``.
    Generating again in draft replaces everything generated before (staff edits included).
    """
    _require_org_staff(actor)
    period = Period.objects.select_for_update().get(pk=period.pk)
    _require_state(period, [PeriodState.DRAFT], _("只有草稿状态的考核周期可以生成考核对象。"))
    if period.kind == PeriodKind.REGULAR:
        raise _error("period", _("平时考核直接录入等次，无需生成考核对象。"))
    root = _root_unit()
    if root is None:
        raise _error("period", _("尚未建立单位。"))
    templates = published_templates()
    units = {
        unit_id: (kind, name, parent_id)
        for unit_id, kind, name, parent_id in Unit.objects.values_list("pk", "kind", "name", "parent_id")
    }
    cadres = list(
        Cadre.objects.filter(status=CadreStatus.ACTIVE, category__in=settings.ASSESSMENTS_ASSESSED_CATEGORIES)
        .exclude(unit__kind__in=NOT_ASSESSED_UNIT_KINDS)
        .order_by("pk")
        .values_list("pk", "unit_id", "leadership_level")
    )
    if not cadres:
        raise _error("period", _("没有需要参加考核的干部。"))
    decisions = assessing_units_for_cadres(year=period.year, unit=root)
    external_names = dict(ExternalHost.objects.values_list("pk", "name"))

    def template_for(unit_id: int) -> IndicatorTemplate | None:
        return templates.get(units[unit_id][0]) or templates.get("")

    missing_kinds = sorted(
        {units[u][0] for _pk, u, _level in cadres if template_for(u) is None}, key=lambda kind: str(kind)
    )
    if missing_kinds:
        labels = "、".join(str(UnitKind(kind).label) for kind in missing_kinds)
        raise _error("period", _("以下单位类别没有已发布的考核指标模板：%(kinds)s。") % {"kinds": labels})

    Proposal.objects.filter(assessee__period=period).delete()
    RaterAssignment.objects.filter(assessee__period=period).delete()
    Assessee.objects.filter(period=period).delete()
    QuotaPool.objects.filter(period=period).delete()

    plans = []
    for cadre_id, unit_id, level in cadres:
        decision = decisions[cadre_id]
        host_unit_id = decision.host_unit_id if decision.by_host else None
        # a host outside the county has no raters here: the home unit's template, raters and quantitative
        # entries record the host's assessment
        assessing_id = host_unit_id or unit_id
        if not decision.by_host:
            assessing_name = units[unit_id][1]
        elif host_unit_id:
            assessing_name = units[host_unit_id][1]
        else:
            assessing_name = external_names.get(decision.external_host_id, "")
        pool = _pool_key(home_unit_id=unit_id, host_unit_id=host_unit_id, is_leader=level is not None, root_id=root.pk)
        plans.append((cadre_id, unit_id, level, decision, assessing_id, assessing_name, pool))

    pools = {
        key: QuotaPool(period=period, unit_id=key[0], kind=key[1])
        for key in sorted({plan[6] for plan in plans}, key=lambda key: (key[0], key[1]))
    }
    QuotaPool.objects.bulk_create(pools.values(), batch_size=1000)
    assessees = [
        Assessee(
            period=period,
            cadre_id=cadre_id,
            home_unit_id=unit_id,
            assessing_unit_id=assessing_id,
            assessed_by_host=decision.by_host,
            assessing_name=assessing_name,
            assessing_reason=decision.reason,
            pool=pools[pool_key],
            is_leader=level is not None,
            template=template_for(assessing_id),
        )
        for cadre_id, unit_id, level, decision, assessing_id, assessing_name, pool_key in plans
    ]
    Assessee.objects.bulk_create(assessees, batch_size=2000)
    assignments = _planned_assignments(period=period, plans=plans, units=units)
    RaterAssignment.objects.bulk_create(assignments, batch_size=5000)
    period._change_reason = _("生成考核对象和评价人")
    period.save(update_fields=["updated_at"])
    return {"assessees": len(assessees), "pools": len(pools), "assignments": len(assignments)}


def _planned_assignments(*, period: Period, plans: list, units: dict) -> list[RaterAssignment]:
    """Rater assignments of every assessing unit, planned by ``rules.rater_plan``."""
    assessee_ids = dict(Assessee.objects.filter(period=period).values_list("cadre_id", "pk"))
    template_groups: dict[int, set[str]] = defaultdict(set)
    for template_id, group in TemplateRaterGroup.objects.filter(weight__gt=0).values_list("template_id", "group"):
        template_groups[template_id].add(group)
    template_of = dict(Assessee.objects.filter(period=period).values_list("cadre_id", "template_id"))
    members_by_unit: dict[int, list[rules.UnitMember]] = defaultdict(list)
    for cadre_id, unit_id, level in Cadre.objects.filter(status=CadreStatus.ACTIVE).values_list(
        "pk", "unit_id", "leadership_level"
    ):
        members_by_unit[unit_id].append(rules.UnitMember(cadre_id, level or 0))
    ratees_by_unit: dict[int, list[rules.UnitMember]] = defaultdict(list)
    for cadre_id, _unit_id, level, _decision, assessing_id, _name, _pool in plans:
        ratees_by_unit[assessing_id].append(rules.UnitMember(cadre_id, level or 0))
    per_group = settings.ASSESSMENTS_RATERS_PER_GROUP
    assignments = []
    for unit_id, ratees in ratees_by_unit.items():
        parent_id = units[unit_id][2]
        outside = [m for m in members_by_unit.get(parent_id, []) if m.level > 0] if parent_id else []
        by_template: dict[int, list[rules.UnitMember]] = defaultdict(list)
        for ratee in ratees:
            by_template[template_of[ratee.cadre_id]].append(ratee)
        for template_id, template_ratees in by_template.items():
            for ratee_id, rater_id, group in rules.rater_plan(
                ratees=template_ratees,
                unit_members=members_by_unit.get(unit_id, []),
                outside_superiors=outside,
                groups=template_groups.get(template_id, set()),
                per_group=per_group,
            ):
                assignments.append(RaterAssignment(assessee_id=assessee_ids[ratee_id], rater_id=rater_id, group=group))
    return assignments


@atomic_with_history
def rater_assignment_add(*, actor: User, assessee: Assessee, rater: Cadre, group: str) -> RaterAssignment:
    """Add a rater before scoring opens. The self group is the assessee; other groups are other cadres."""
    _require_assessee_writer(actor, assessee)
    _require_state(_period_for_update(assessee.period_id), [PeriodState.DRAFT], _("评分开始后不能再调整评价人。"))
    if group not in RaterGroup.values:
        raise _error("group", _("请选择评价人类别。"))
    if (group == RaterGroup.SELF) != (rater.pk == assessee.cadre_id):
        raise _error("rater", _("“本人”类别的评价人只能是考核对象本人，其他类别不能是本人。"))
    if rater.status != CadreStatus.ACTIVE:
        raise _error("rater", _("评价人须为在职干部。"))
    assignment = RaterAssignment(assessee=assessee, rater=rater, group=group)
    assignment._change_reason = _("添加评价人")
    save_or_refuse(
        assignment, messages={"rater_assignment_one_per_rater": {"rater": _("该评价人已在此考核对象的评价人名单中。")}}
    )
    return assignment


@atomic_with_history
def rater_assignment_remove(*, actor: User, assignment: RaterAssignment) -> None:
    _require_assessee_writer(actor, assignment.assessee)
    _require_state(
        _period_for_update(assignment.assessee.period_id), [PeriodState.DRAFT], _("评分开始后不能再调整评价人。")
    )
    assignment._change_reason = _("移除评价人")
    assignment.delete()


# ---------------------------------------------------------------- scoring


def _item_id(key) -> int | None:
    """An item id as a rater's scores name it (a number, or its text; "abc" names no item)."""
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def _score(value, field: str) -> Decimal:
    return _decimal(value, field, low=Decimal(0), high=Decimal(100), label=_("得分"))


@atomic_with_history
def rating_save(*, actor: User, assignment: RaterAssignment, scores: dict, submit: bool) -> RaterAssignment:
    """A rater saves a draft of, or submits, a rating task (我的评分任务). Only the rater, only while scoring is
    open, never after submission; a submission needs every rated item. ``scores`` maps item ids to scores
    (0–100, two decimals); blank entries are left out of a draft."""
    if not actor.is_authenticated or actor.cadre_id is None or actor.cadre_id != assignment.rater_id:
        raise PermissionDenied(_("这不是您的评分任务。"))
    assignment = (
        RaterAssignment.objects.select_for_update(of=("self",)).select_related("assessee").get(pk=assignment.pk)
    )
    period = _period_for_share(assignment.assessee.period_id)
    _require_state(period, rules.SCORING_STATES, _("本考核周期不在评分期间（%(state)s）。"))
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise _error("scores", _("评分已提交，不能修改。"))
    items = {
        item.pk: item
        for item in IndicatorItem.objects.filter(template_id=assignment.assessee.template_id, kind=ItemKind.RATED)
    }
    unknown = [key for key in scores if _item_id(key) not in items]
    if unknown:
        raise _error("scores", _("评分包含不属于本任务的指标。"))
    values, problems = {}, {}
    for item_id, item in items.items():
        raw = scores.get(item_id, scores.get(str(item_id)))
        if raw in (None, ""):
            if submit:
                problems[f"item_{item_id}"] = [_("请为“%(item)s”评分。") % {"item": item.name}]
            continue
        try:
            values[item_id] = _score(raw, f"item_{item_id}")
        except ValidationError as error:
            problems.update(error.message_dict)
    if problems:
        raise ValidationError(problems)
    RatingScore.objects.filter(assignment=assignment).delete()
    RatingScore.objects.bulk_create(
        RatingScore(assignment=assignment, item_id=item_id, score=score) for item_id, score in values.items()
    )
    assignment.status = AssignmentStatus.SUBMITTED if submit else AssignmentStatus.DRAFT
    assignment.submitted_at = timezone.now() if submit else None
    assignment._change_reason = _("提交评分") if submit else _("暂存评分")
    assignment.save()
    if submit:
        pools_changed(period=period, pool_ids=[assignment.assessee.pool_id])
    return assignment


@atomic_with_history
def quantitative_score_set(
    *, actor: User, assessee: Assessee, item: IndicatorItem, score, note: str = ""
) -> QuantitativeScore:
    """Enter a quantitative item's score (e.g. 目标绩效) for an assessee, until scoring is closed. Idempotent on
    assessee and item."""
    _require_assessee_writer(actor, assessee)
    period = _period_for_share(assessee.period_id)
    _require_state(
        period,
        [PeriodState.DRAFT, PeriodState.SCORING_OPEN, PeriodState.SCORING_CLOSED],
        _("考核周期处于“%(state)s”状态，不能再录入得分。"),
    )
    if item.template_id != assessee.template_id or item.kind != ItemKind.QUANTITATIVE:
        raise _error("item", _("该指标不是此考核对象的量化指标。"))
    value = _score(score, "score")
    row = QuantitativeScore.objects.select_for_update().filter(assessee=assessee, item=item).first()
    row = row or QuantitativeScore(assessee=assessee, item=item)
    row.score, row.note, row.entered_by = value, note or "", actor
    row._change_reason = _("录入量化指标得分")
    save_or_refuse(row, messages={"quantitative_score_one_per_item": {"item": _("该考核对象此指标已有得分。")}})
    pools_changed(period=period, pool_ids=[assessee.pool_id])
    return row


@atomic_with_history
def regular_assessment_set(
    *, actor: User, period: Period, cadre: Cadre, grade: str, comment: str = ""
) -> RegularAssessment:
    """Enter a cadre's regular (quarterly) grade 好/较好/一般/较差 in a regular period, until it is confirmed."""
    _require_cadre_writer(actor, cadre)
    period = _period_for_share(period.pk)
    if period.kind != PeriodKind.REGULAR:
        raise _error("period", _("只有平时考核周期录入平时考核等次。"))
    _require_state(
        period,
        [PeriodState.DRAFT, PeriodState.SCORING_OPEN, PeriodState.SCORING_CLOSED],
        _("考核周期处于“%(state)s”状态，不能再录入。"),
    )
    if grade not in RegularGrade.values:
        raise _error("grade", _("请选择平时考核等次。"))
    row = RegularAssessment.objects.select_for_update().filter(period=period, cadre=cadre).first()
    row = row or RegularAssessment(period=period, cadre=cadre)
    row.grade, row.comment, row.entered_by = grade, comment or "", actor
    row._change_reason = _("录入平时考核等次")
    save_or_refuse(row, messages={"regular_assessment_one_per_period": {"cadre": _("该干部本季度已有平时考核结果。")}})
    return row


@atomic_with_history
def pool_quota_set(*, actor: User, period: Period, unit: Unit, quota_raised: bool, basis: str = "") -> list[QuotaPool]:
    """Mark a unit's year as "quota raised, approved" (25%) or not, on the unit's pools of the period; an
    approval names its basis (批准文号). The pools are recomputed."""
    _require_org_staff(actor)
    period = _period_for_update(period.pk)
    if refusal := rules.quota_change_refusal(period):
        raise _error("period", refusal)
    basis = (basis or "").strip()
    if quota_raised and not basis:
        raise _error("quota_raised_basis", _("提高优秀比例须填写批准依据。"))
    pools = list(QuotaPool.objects.select_for_update().filter(period=period, unit=unit))
    if not pools:
        raise _error("unit", _("该单位在本考核周期中没有优秀名额单元。"))
    for pool in pools:
        pool.quota_raised, pool.quota_raised_basis = bool(quota_raised), basis if quota_raised else ""
        pool._change_reason = _("经批准提高优秀比例") if quota_raised else _("取消提高优秀比例")
        pool.save(update_fields=["quota_raised", "quota_raised_basis", "updated_at"])
    pools_changed(period=period, pool_ids=[pool.pk for pool in pools])
    return pools


# ---------------------------------------------------------------- committee and publicity


@atomic_with_history
def committee_grade_set(*, actor: User, assessee: Assessee, grade: str, reason: str) -> Assessee:
    """The committee (考核委员会) sets a grade other than the proposal's, with a reason; the quota and the caps
    are checked again, and every override is kept (CommitteeOverride)."""
    _require_org_staff(actor)
    if refusal := rules.committee_grade_refusal(_period_for_update(assessee.period_id)):
        raise _error("period", refusal)
    if grade not in Grade.values:
        raise _error("grade", _("请选择等次。"))
    reason = (reason or "").strip()
    if not reason:
        raise _error("reason", _("调整等次须填写理由。"))
    assessee = Assessee.objects.select_for_update(of=("self",)).select_related("proposal", "pool").get(pk=assessee.pk)
    proposal = getattr(assessee, "proposal", None)
    proposed = proposal.proposed_grade if proposal else ""
    if proposed == Grade.UNGRADED and grade != Grade.UNGRADED:
        raise _error("grade", _("按规定该干部本年度不定等次：%(why)s") % {"why": "；".join(proposal.reasons)})
    cap = proposal.cap if proposal else ""
    if grade == Grade.EXCELLENT and cap in (rules.CAP_NOT_EXCELLENT, rules.CAP_INCOMPETENT):
        raise _error("grade", _("受等次限制，不得评为优秀：%(why)s") % {"why": "；".join(proposal.reasons[1:])})
    if cap == rules.CAP_INCOMPETENT and grade not in (Grade.INCOMPETENT, Grade.UNGRADED):
        raise _error("grade", _("受等次限制，当年应定为不称职。"))
    if grade == Grade.EXCELLENT and assessee.pool_id:
        pool = QuotaPool.objects.select_for_update().get(pk=assessee.pool_id)
        others = (
            Assessee.objects.filter(pool=pool)
            .exclude(pk=assessee.pk)
            .filter(
                Q(committee_grade=Grade.EXCELLENT) | Q(committee_grade="", proposal__proposed_grade=Grade.EXCELLENT)
            )
            .count()
        )
        if others + 1 > pool.max_excellent:
            raise _error(
                "grade",
                _("超出优秀名额：本单元优秀名额%(max)s名，已有%(used)s名。")
                % {"max": pool.max_excellent, "used": others},
            )
    previous = effective_grade(committee_grade=assessee.committee_grade, proposed_grade=proposed)
    CommitteeOverride.objects.create(assessee=assessee, from_grade=previous, to_grade=grade, reason=reason, actor=actor)
    assessee.committee_grade, assessee.committee_reason = grade, reason
    assessee._change_reason = _("考核委员会调整等次：%(reason)s") % {"reason": reason}
    assessee.save(update_fields=["committee_grade", "committee_reason", "updated_at"])
    return assessee


@atomic_with_history
def objection_record(
    *, actor: User, period: Period, raised_on: date, content: str, cadre: Cadre | None = None, raised_by: str = ""
) -> PublicityObjection:
    """Record an objection raised during publicity (公示期间反映的问题)."""
    _require_org_staff(actor)
    period = _period_for_update(period.pk)
    _require_state(period, [PeriodState.PUBLICITY], _("只有公示期间可以登记异议。"))
    if not (content or "").strip():
        raise _error("content", _("请填写反映内容。"))
    if raised_on is None or raised_on > timezone.localdate():
        raise _error("raised_on", _("反映日期不能为空或晚于今天。"))
    objection = PublicityObjection(
        period=period, cadre=cadre, raised_on=raised_on, raised_by=raised_by or "", content=content.strip()
    )
    objection._change_reason = _("登记公示异议")
    objection.save()
    return objection


@atomic_with_history
def objection_handle(
    *, actor: User, objection: PublicityObjection, status: str, handling: str, handled_on: date | None = None
) -> PublicityObjection:
    """Record how an objection was checked and handled (属实 → the committee adjusts; 不属实 → kept)."""
    _require_org_staff(actor)
    if status not in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED):
        raise _error("status", _("请选择处理结果。"))
    if not (handling or "").strip():
        raise _error("handling", _("请填写核查处理情况。"))
    objection = PublicityObjection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise _error("status", _("该异议已处理。"))
    objection.status, objection.handling = status, handling.strip()
    objection.handled_on, objection.handled_by = handled_on or timezone.localdate(), actor
    objection._change_reason = objection.get_status_display()
    objection.save()
    return objection


# ---------------------------------------------------------------- the work calendar


@atomic_with_history
def work_calendar_day_set(*, actor: User, day: date, is_working_day: bool, note: str = "") -> WorkCalendarDay:
    """Enter a holiday or a make-up working day (调休上班) as the State Council published it; it wins over the
    calendar package for that day."""
    _require_org_staff(actor)
    if day is None:
        raise _error("day", _("请填写日期。"))
    row = WorkCalendarDay.objects.select_for_update().filter(day=day).first() or WorkCalendarDay(day=day)
    row.is_working_day, row.note, row.entered_by = bool(is_working_day), note or "", actor
    row._change_reason = _("录入节假日与调休")
    row.save()
    return row


@atomic_with_history
def work_calendar_year_complete(*, actor: User, year: int, basis: str) -> WorkCalendarYear:
    """Mark a year's holidays and make-up days as entered in full, naming the notice they come from."""
    _require_org_staff(actor)
    if not (basis or "").strip():
        raise _error("basis", _("请填写依据（国务院办公厅通知文号）。"))
    if not WorkCalendarDay.objects.filter(day__year=year).exists():
        raise _error("year", _("请先录入%(year)s年的放假日期和调休上班日期。") % {"year": year})
    row = WorkCalendarYear.objects.select_for_update().filter(year=year).first() or WorkCalendarYear(year=year)
    row.basis, row.entered_by = basis.strip(), actor
    row._change_reason = _("标记全年节假日已录入")
    row.save()
    return row


# ---------------------------------------------------------------- self-service


@atomic_with_history
def self_summary_save(*, actor: User, period: Period, text: str, submit: bool) -> SelfSummary:
    """The cadre drafts or submits the year's self-summary (述职报告) for a period he or she is assessed in;
    submitted, it is locked."""
    if not actor.is_authenticated or actor.cadre_id is None:
        raise PermissionDenied(_("只有干部本人可以填写述职报告。"))
    period = _period_for_share(period.pk)
    if not Assessee.objects.filter(period=period, cadre_id=actor.cadre_id).exists():
        raise _error("period", _("您不是本考核周期的考核对象。"))
    _require_state(
        period,
        [PeriodState.DRAFT, PeriodState.SCORING_OPEN, PeriodState.SCORING_CLOSED],
        _("考核周期处于“%(state)s”状态，不能再填写述职报告。"),
    )
    text = (text or "").strip()
    if not text:
        raise _error("text", _("请填写述职报告。"))
    summary = SelfSummary.objects.select_for_update().filter(period=period, cadre_id=actor.cadre_id).first()
    summary = summary or SelfSummary(period=period, cadre_id=actor.cadre_id)
    if summary.status == SelfSummaryStatus.SUBMITTED:
        raise _error("text", _("述职报告已提交，不能修改。"))
    summary.text = text
    summary.status = SelfSummaryStatus.SUBMITTED if submit else SelfSummaryStatus.DRAFT
    summary.submitted_at = timezone.now() if submit else None
    summary._change_reason = _("提交述职报告") if submit else _("暂存述职报告")
    summary.save()
    return summary


# ---------------------------------------------------------------- historic results


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
    if not isinstance(year, int) or not 1990 <= year < today.year:
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


@atomic_with_history
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
    _require_cadre_writer(actor, cadre)
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
