"""Browser pages of the assessment area (考核), built from the page kit (core.pages): thin, scoped by the selectors,
writing through the services.

Staff: 考核周期 (list, new, the period page with its state moves, generation, recompute with a progress bar,
quota pools, publicity objections), 拟定等次 (proposals with why, committee overrides, Excel), 考核结果汇总表
(every annual result, per unit or the county, Excel), historic results (entry per cadre and Excel import),
quantitative scores by Excel, the §3 to-do list, and the work calendar. Cadres: 我的评分任务 (score, save a
draft, submit), 述职报告, and their own grades with the aggregate breakdown. Staff-only pages answer 403 to a
cadre; a record out of the user's scope is 404 and nothing changes. No page shows a rater's individual score
to anyone but the rater.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template import Context
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from assessments import forms, imports, rules, selectors, services
from assessments.choices import AssignmentStatus, ObjectionStatus, PeriodKind, PeriodState, SelfSummaryStatus
from assessments.filters import AnnualResultPageFilter, ProposalFilter, SuggestionFilter
from assessments.models import PublicityObjection, SelfSummary
from assessments.tables import AnnualResultTable, PeriodTable, ProposalTable, RatingTaskTable, SuggestionTable
from cadres.selectors import cadre_get
from core.access import require_org_wide, require_staff
from core.import_flow import import_page
from core.models import JobRun
from core.pages import FormPage, ListPage, call_service, form_page, valid_data


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


# ---------------------------------------------------------------- periods


class PeriodList(ListPage):
    title = gettext_lazy("考核周期")
    table_class = PeriodTable
    create_url = "assessments:period_create"
    create_label = gettext_lazy("新建考核周期")

    def get_queryset(self):
        return selectors.period_list(user=self.request.user)

    def may_create(self) -> bool:
        return policy.is_org_wide(self.request.user)


@login_required
def period_create(request):
    require_org_wide(request)
    form = forms.PeriodForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("新建考核周期"),
        save=lambda data: services.period_create(actor=request.user, **data),
        success_url=lambda period: reverse("assessments:period_detail", args=[period.pk]),
    )


@login_required
def period_detail(request, pk: int):
    """A period: its state and the moves open from it, its quota pools, its objections, its history."""
    require_staff(request)
    period = selectors.period_get(user=request.user, pk=pk)
    org_wide = policy.is_org_wide(request.user)
    pools = list(
        selectors.pool_list(user=request.user, period=period)
        .order_by("unit__path", "kind")
        .annotate(
            excellent=Count(
                "assessees",
                filter=Q(assessees__committee_grade="excellent")
                | Q(assessees__committee_grade="", assessees__proposal__proposed_grade="excellent"),
            )
        )
    )
    counts = selectors.assessee_list(user=request.user, period=period).aggregate(
        assessees=Count("pk", distinct=True),
        tasks=Count("rater_assignments"),
        submitted=Count("rater_assignments", filter=Q(rater_assignments__status=AssignmentStatus.SUBMITTED)),
    )
    transitions = rules.allowed_transitions(kind=period.kind, state=period.state) if org_wide else []
    last_job = (
        JobRun.objects.filter(kind=services.RECOMPUTE_JOB_KIND, parameters__period=period.pk)
        .order_by("-created_at")
        .first()
    )
    return render(
        request,
        "assessments/period_detail.html",
        {
            "page_title": period.name,
            "period": period,
            "org_wide": org_wide,
            "pools": pools,
            "stale": sum(1 for pool in pools if pool.stale),
            "counts": counts,
            "transitions": transitions,
            "transition_form": forms.TransitionForm(),
            "history": period.transitions.select_related("actor").order_by("-at", "-pk"),
            "objections": selectors.objection_list(user=request.user, period=period),
            "last_job": last_job,
            "recomputable": period.state in rules.RECOMPUTABLE_STATES,
            "may_set_quota": org_wide and not rules.quota_change_refusal(period),
            "is_annual": period.kind == PeriodKind.ANNUAL,
            "may_generate": org_wide and period.state == PeriodState.DRAFT and period.kind != PeriodKind.REGULAR,
            "may_object": org_wide and period.state == PeriodState.PUBLICITY,
            "may_import_scores": period.state
            in (PeriodState.DRAFT, PeriodState.SCORING_OPEN, PeriodState.SCORING_CLOSED),
        },
    )


@login_required
def period_transition(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    require_org_wide(request)
    period = selectors.period_get(user=request.user, pk=pk)
    form = forms.TransitionForm(request.POST)
    call_service(
        request,
        lambda: services.period_transition(
            actor=request.user, period=period, **valid_data(form, _("请检查填写的日期。"))
        ),
        success_message=lambda moved: _("考核周期已进入“%(state)s”。") % {"state": moved.get_state_display()},
    )
    return redirect("assessments:period_detail", pk=period.pk)


@login_required
def period_generate(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    require_org_wide(request)
    period = selectors.period_get(user=request.user, pk=pk)
    call_service(
        request,
        lambda: services.period_generate_assessees(actor=request.user, period=period),
        success_message=lambda summary: (
            _("已生成%(assessees)s名考核对象、%(pools)s个优秀名额单元、%(assignments)s项评分任务。") % summary
        ),
    )
    return redirect("assessments:period_detail", pk=period.pk)


@login_required
def period_recompute(request, pk: int):
    """Start the recompute of the whole period, then watch its progress bar on the job page."""
    if (refused := _post_only(request)) is not None:
        return refused
    require_org_wide(request)
    period = selectors.period_get(user=request.user, pk=pk)
    done, job = call_service(request, lambda: services.period_recompute_start(actor=request.user, period=period))
    if not done:
        return redirect("assessments:period_detail", pk=period.pk)
    return redirect("core:job_run_detail", pk=job.pk)


@login_required
def pool_quota(request, pk: int, unit_id: int):
    """Mark a unit's year as 'quota raised, approved' (25%), with its basis, or take the mark away."""
    period = selectors.period_get(user=request.user, pk=pk)
    require_org_wide(request)
    pool = get_object_or_404(selectors.pool_list(user=request.user, period=period), unit_id=unit_id, kind="unit")
    form = forms.QuotaForm(
        request.POST or None, initial={"quota_raised": pool.quota_raised, "basis": pool.quota_raised_basis}
    )
    return form_page(
        request,
        form=form,
        title=_("优秀比例：%(unit)s") % {"unit": pool.unit.name},
        save=lambda data: services.pool_quota_set(
            actor=request.user, period=period, unit=pool.unit, quota_raised=data["quota_raised"], basis=data["basis"]
        ),
        success_url=reverse("assessments:period_detail", args=[period.pk]),
        context={"intro": _("经批准提高优秀比例的单位，优秀名额按25%计算；修改后该单位将重新计算。")},
        locked=rules.quota_change_refusal(period),
    )


# ---------------------------------------------------------------- proposals and the committee


class ProposalList(ListPage):
    table_class = ProposalTable
    filterset_class = ProposalFilter
    template_name = "assessments/proposal_list.html"

    def check_access(self) -> None:
        super().check_access()
        self.period = selectors.period_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_title(self) -> str:
        return _("拟定等次：%(period)s") % {"period": self.period.name}

    def get_queryset(self):
        return selectors.proposal_rows(user=self.request.user, period=self.period)

    def may_override(self) -> bool:
        return policy.is_org_wide(self.request.user) and not rules.committee_grade_refusal(self.period)

    def build_table(self):
        table = super().build_table()
        table.context = Context({"may_override": self.may_override()})  # the action column's button
        return table

    def get_context_data(self) -> dict:
        return {"period": self.period, "may_override": self.may_override()}


@login_required
def committee_grade(request, pk: int):
    """The committee sets an assessee's grade, with a reason; the quota is checked again."""
    require_org_wide(request)
    assessee = selectors.assessee_get(user=request.user, pk=pk)
    form = forms.CommitteeGradeForm(request.POST or None)
    proposal = getattr(assessee, "proposal", None)
    return form_page(
        request,
        form=form,
        title=_("考核委员会确定等次：%(name)s") % {"name": assessee.cadre.name},
        save=lambda data: services.committee_grade_set(actor=request.user, assessee=assessee, **data),
        success_url=reverse("assessments:proposal_list", args=[assessee.period_id]),
        locked=rules.committee_grade_refusal(assessee.period),
        context={
            "intro": _("拟定等次：%(grade)s；综合得分：%(score)s；排名：%(rank)s。调整须写明理由，并重新核对优秀名额。")
            % {
                "grade": proposal.get_proposed_grade_display() if proposal else "—",
                "score": proposal.composite if proposal and proposal.composite is not None else "—",
                "rank": proposal.rank if proposal and proposal.rank else "—",
            }
        },
    )


@login_required
def objection_create(request, pk: int):
    require_org_wide(request)
    period = selectors.period_get(user=request.user, pk=pk)
    form = forms.ObjectionForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("登记公示异议：%(period)s") % {"period": period.name},
        save=lambda data: services.objection_record(actor=request.user, period=period, **data),
        success_url=reverse("assessments:period_detail", args=[period.pk]),
    )


@login_required
def objection_handle(request, pk: int):
    require_org_wide(request)
    objection = get_object_or_404(PublicityObjection.objects.select_related("period"), pk=pk)
    if objection.status != ObjectionStatus.OPEN:
        messages.error(request, _("该异议已处理。"))
        return redirect("assessments:period_detail", pk=objection.period_id)
    form = forms.ObjectionHandleForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("处理公示异议"),
        save=lambda data: services.objection_handle(actor=request.user, objection=objection, **data),
        success_url=reverse("assessments:period_detail", args=[objection.period_id]),
        context={"intro": objection.content},
    )


# ---------------------------------------------------------------- quantitative scores by Excel


@login_required
def scores_import(request, pk: int):
    """Import a quantitative item's scores (e.g. 目标绩效) for the period: all rows or none."""
    require_staff(request)
    period = selectors.period_get(user=request.user, pk=pk)
    return import_page(
        request,
        key=f"scores:{period.pk}",
        title=_("导入量化指标得分：%(period)s") % {"period": period.name},
        run=lambda file_obj, dry_run: imports.quantitative_scores_import(
            actor=request.user, period=period, file_obj=file_obj, dry_run=dry_run
        ),
        back_url=reverse("assessments:period_detail", args=[period.pk]),
        template=imports.scores_template_response,
    )


# ---------------------------------------------------------------- annual results (考核结果汇总表)


class AnnualResultList(ListPage):
    title = gettext_lazy("考核结果汇总表")
    table_class = AnnualResultTable
    filterset_class = AnnualResultPageFilter
    template_name = "assessments/result_list.html"

    def get_queryset(self):
        return selectors.annual_result_list(user=self.request.user).select_related("cadre__unit")

    def get_context_data(self) -> dict:
        return {"may_import": policy.is_staff(self.request.user)}


@login_required
def historic_result_create(request, cadre_id: int):
    """Enter a past year's annual result for a cadre (historic results; idempotent on cadre and year)."""
    require_staff(request)
    cadre = cadre_get(user=request.user, pk=cadre_id)
    form = forms.HistoricResultForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("录入历史考核结果：%(name)s") % {"name": cadre.name},
        save=lambda data: services.annual_result_record(actor=request.user, cadre=cadre, **data),
        success_url=reverse("assessments:result_list") + f"?q={cadre.name}",
        context={"intro": _("系统上线前的年度考核结果在此录入；同一年度再次录入将更新原结果。")},
    )


@login_required
def historic_results_import(request):
    require_staff(request)
    return import_page(
        request,
        key="historic_results",
        title=_("导入历史考核结果"),
        run=lambda file_obj, dry_run: imports.historic_results_import(
            actor=request.user, file_obj=file_obj, dry_run=dry_run
        ),
        back_url=reverse("assessments:result_list"),
        template=imports.historic_results_template_response,
    )


class SuggestionList(ListPage):
    title = gettext_lazy("考核结果运用待办")
    table_class = SuggestionTable
    filterset_class = SuggestionFilter

    def get_queryset(self):
        # Each year (latest first) in the roster's official order, until the user sorts by a column.
        return selectors.suggestions_in_order(selectors.suggestion_list(user=self.request.user))


class SuggestionHandle(FormPage):
    """办理 one to-do of the list: carried out (through its own service: an award, a 诫勉…) or not, with a note."""

    form_class = forms.SuggestionHandleForm
    selector = selectors.suggestion_get
    lock = staticmethod(rules.suggestion_handled_refusal)
    success_message = gettext_lazy("已办结。")

    def get_title(self) -> str:
        suggestion = self.object
        return _("办理：%(name)s %(year)s年度 %(kind)s") % {
            "name": suggestion.cadre.name,
            "year": suggestion.annual_result.year,
            "kind": suggestion.get_kind_display(),
        }

    def get_success_url(self) -> str:
        return reverse("assessments:suggestion_list") + "?status=open"

    def save(self, data: dict):
        return services.suggestion_handle(actor=self.request.user, suggestion=self.object, **data)


# ---------------------------------------------------------------- the work calendar


@login_required
def work_calendar(request):
    """The holidays and make-up working days staff entered, and the forms to enter more (they win over the
    calendar package; a year the package does not know needs them before a publicity window can be set)."""
    require_org_wide(request)
    day_form = forms.CalendarDayForm(request.POST if request.POST.get("form") == "day" else None)
    year_form = forms.CalendarYearForm(request.POST if request.POST.get("form") == "year" else None)
    if request.method == "POST":
        form = day_form if request.POST.get("form") == "day" else year_form
        save = services.work_calendar_day_set if form is day_form else services.work_calendar_year_complete
        if form.is_valid():
            done, _result = call_service(
                request, lambda: save(actor=request.user, **form.cleaned_data), success_message=_("已保存。")
            )
            if done:
                return redirect("assessments:work_calendar")
    from assessments.models import WorkCalendarDay, WorkCalendarYear

    return render(
        request,
        "assessments/work_calendar.html",
        {
            "page_title": _("节假日与调休"),
            "days": WorkCalendarDay.objects.order_by("-day")[:200],
            "years": WorkCalendarYear.objects.order_by("-year"),
            "day_form": day_form,
            "year_form": year_form,
        },
    )


# ---------------------------------------------------------------- a cadre's own pages


class RatingTaskList(ListPage):
    """我的评分任务: the logged-in cadre's own tasks, the ones to do first."""

    title = gettext_lazy("我的评分任务")
    table_class = RatingTaskTable
    staff_only = False

    def get_queryset(self):
        return selectors.rating_task_list(user=self.request.user)


@login_required
def rating_task(request, pk: int):
    """Score one task: a score per rated item; save a draft or submit (then it is locked)."""
    assignment = selectors.rating_task_get(user=request.user, pk=pk)
    items = selectors.rating_task_items(assignment=assignment)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        scores = {item["id"]: request.POST.get(f"item-{item['id']}", "").strip() for item in items}
        submit = request.POST.get("submit") == "1"
        try:
            services.rating_save(
                actor=request.user, assignment=assignment, scores={k: v for k, v in scores.items() if v}, submit=submit
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            for item in items:
                item["own_score"] = scores[item["id"]] or None
                item["errors"] = errors.pop(f"item_{item['id']}", [])  # shown under the item's own box
            if any(item["errors"] for item in items):
                errors.setdefault("__all__", []).insert(0, _("请检查下面标红的评分。"))
        else:
            messages.success(request, _("评分已提交，不能再修改。") if submit else _("已暂存，可继续修改后提交。"))
            return redirect("assessments:rating_task_list")
    period = assignment.assessee.period
    return render(
        request,
        "assessments/rating_task.html",
        {
            "page_title": _("评分：%(name)s") % {"name": assignment.assessee.cadre.name},
            "assignment": assignment,
            "period": period,
            "items": items,
            "errors": errors,
            "field_errors": [message for messages_ in errors.values() for message in messages_],
            "editable": assignment.status != AssignmentStatus.SUBMITTED and period.state == PeriodState.SCORING_OPEN,
        },
    )


@login_required
def self_summary(request, pk: int):
    """述职报告: the cadre writes the year's self-summary for a period he or she is assessed in."""
    period = selectors.period_get(user=request.user, pk=pk)
    if request.user.cadre_id is None or not period.assessees.filter(cadre_id=request.user.cadre_id).exists():
        raise PermissionDenied(_("您不是本考核周期的考核对象。"))
    existing = SelfSummary.objects.filter(period=period, cadre_id=request.user.cadre_id).first()
    if existing is not None and existing.status == SelfSummaryStatus.SUBMITTED:
        return render(
            request,
            "assessments/self_summary.html",
            {"page_title": _("述职报告：%(period)s") % {"period": period.name}, "summary": existing, "period": period},
        )
    form = forms.SelfSummaryForm(request.POST or None, initial={"text": existing.text if existing else ""})
    submit = request.POST.get("submit") == "1"
    return form_page(
        request,
        form=form,
        title=_("述职报告：%(period)s") % {"period": period.name},
        save=lambda data: services.self_summary_save(
            actor=request.user, period=period, text=data["text"], submit=submit
        ),
        success_url=reverse("assessments:my_assessment"),
        success_message=_("述职报告已提交。") if submit else _("已暂存，可继续修改后提交。"),
        template_name="assessments/self_summary_form.html",
        context={"wide": True, "period": period},
    )


@login_required
def my_assessment(request):
    """我的考核: the cadre's own grades, this year's assessments with the aggregate breakdown (rater groups
    merged where too small to stay anonymous), the self-summaries to write, and the rating tasks to do."""
    own = selectors.own_results(user=request.user)
    summaries = {
        summary.period_id: summary
        for summary in SelfSummary.objects.filter(cadre_id=request.user.cadre_id or 0).only(
            "period_id", "status", "submitted_at"
        )
    }
    assessments = []
    for assessee in own["assessees"]:
        proposal = getattr(assessee, "proposal", None)
        visible = assessee.period.state in (PeriodState.PUBLICITY, PeriodState.CONFIRMED)
        assessments.append(
            {
                "assessee": assessee,
                "period": assessee.period,
                "composite": proposal.composite if proposal and visible else None,
                "breakdown": selectors.display_breakdown(proposal.breakdown) if proposal and visible else {},
                "summary": summaries.get(assessee.period_id),
                "may_write_summary": assessee.period.state
                in (PeriodState.DRAFT, PeriodState.SCORING_OPEN, PeriodState.SCORING_CLOSED),
            }
        )
    pending = selectors.rating_task_list(user=request.user).exclude(status=AssignmentStatus.SUBMITTED).count()
    return render(
        request,
        "assessments/my_assessment.html",
        {
            "page_title": _("我的考核"),
            "results": own["results"],
            "assessments": assessments,
            "pending_tasks": pending,
        },
    )
