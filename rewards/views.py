"""Browser pages of the rewards area, built from the page kit (core.pages): thin, scoped by the selectors,
writing through the services.

Lists and their Excel exports: 奖励候选 (with bulk approval under one approving body and 文号), 奖励 (exported as
the 奖励审批表), 职级晋升资格 (and the priority list), 专项基金 budgets with their ledger (the finance export),
拨付. A cadre's own page shows his or her awards, grants, candidates and "为什么不是我". Staff-only pages answer
403 to a cadre; a record out of the user's scope is 404 and nothing changes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template import Context
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.policy import Action
from cadres.selectors import cadre_get, own_cadre_get
from core.digits import whole_number
from core.models import JobRun
from core.pages import ListPage, call_service, form_page, safe_next_url, valid_data
from rewards import forms, rules, selectors, services
from rewards.choices import CandidateStatus, GrantStatus
from rewards.filters import AwardFilter, BudgetFilter, CandidateFilter, EligibilityFilter, GrantFilter, LedgerFilter
from rewards.tables import AwardTable, BudgetTable, CandidateTable, EligibilityTable, GrantTable, LedgerTable


def _last_run():
    return JobRun.objects.filter(kind=services.RECOMPUTE_JOB_KIND).order_by("-created_at").first()


class DecisionButtons:
    """Lets the table's action columns know whether to show the decision buttons (org staff decide); nobody
    else gets the tick boxes of a bulk decision either."""

    def build_table(self):
        table = super().build_table()
        may_decide = policy.is_org_wide(self.request.user)
        table.context = Context({"may_decide": may_decide})
        if not may_decide and "selected" in table.columns.names():
            table.columns.hide("selected")
        return table


# ---------------------------------------------------------------- candidates and their approval


class CandidateList(DecisionButtons, ListPage):
    title = gettext_lazy("奖励候选")
    table_class = CandidateTable
    filterset_class = CandidateFilter
    template_name = "rewards/candidate_list.html"

    def get_queryset(self):
        return selectors.candidate_list(user=self.request.user)

    def filter_data(self):
        data = super().filter_data()
        if "status" not in self.request.GET:
            data["status"] = CandidateStatus.PENDING  # the work to do; "全部" shows the decided ones too
        return data

    def get_context_data(self) -> dict:
        return {
            "may_decide": policy.is_org_wide(self.request.user),
            "decision_form": forms.DecisionForm(),
            # One form holds both decisions: a required reason would stop the browser from approving.
            "decline_form": forms.DeclineForm(use_required_attribute=False),
            "last_run": _last_run(),
            "query": self.request.GET.urlencode(),
        }


@login_required
def candidates_decide(request):
    """Approve (creating awards) or decline the ticked candidates, or every pending unblocked candidate the
    list's filters find, under one approving body and 文号."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.require_reward_manager(request.user)
    back = safe_next_url(request, fallback=reverse("rewards:candidate_list"))
    if request.POST.get("scope") == "filtered":
        filters = CandidateFilter(
            data=QueryDict(request.POST.get("query", "")),
            queryset=selectors.candidate_list(user=request.user),
            request=request,
        )
        rows = filters.qs if filters.is_valid() else selectors.candidate_list(user=request.user).none()
        ids = list(rows.filter(status=CandidateStatus.PENDING, blocked=False).values_list("pk", flat=True))
    else:
        ids = [number for value in request.POST.getlist("candidates") if (number := whole_number(value)) is not None]
        ids = list(selectors.candidate_list(user=request.user).filter(pk__in=ids).values_list("pk", flat=True))
    if not ids:
        messages.error(request, _("请先勾选奖励候选。"))
        return redirect(back)
    if request.POST.get("action") == "decline":
        form = forms.DeclineForm(request.POST)
        call_service(
            request,
            lambda: services.candidates_decline(
                actor=request.user, candidate_ids=ids, **valid_data(form, _("请填写不予奖励的理由。"))
            ),
            success_message=_("已对 %(count)s 名候选作出不予奖励决定。") % {"count": len(ids)},
        )
    else:
        form = forms.DecisionForm(request.POST)
        call_service(
            request,
            lambda: services.candidates_approve(actor=request.user, candidate_ids=ids, **valid_data(form)),
            success_message=lambda awards: (
                _("已批准 %(count)s 项奖励（%(doc)s）。")
                % {"count": len(awards), "doc": form.cleaned_data["document_number"]}
            ),
        )
    return redirect(back)


# ---------------------------------------------------------------- the engine


@login_required
def recompute(request):
    """Start the engine for the whole county (org staff), then watch its progress bar."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    job = services.eligibility_recompute_start(actor=request.user)
    return redirect("rewards:recompute_status", pk=job.pk)


@login_required
def recompute_status(request, pk: int):
    job = get_object_or_404(JobRun, pk=pk, kind=services.RECOMPUTE_JOB_KIND, requested_by=request.user)
    return render(request, "rewards/recompute_status.html", {"job": job, "page_title": _("奖励候选与晋升资格计算")})


# ---------------------------------------------------------------- awards


class AwardList(DecisionButtons, ListPage):
    title = gettext_lazy("奖励")
    table_class = AwardTable
    filterset_class = AwardFilter

    def get_queryset(self):
        return selectors.award_list(user=self.request.user)

    def export_title(self) -> str:
        return _("奖励审批表")


@login_required
def award_create(request, cadre_id: int):
    cadre = cadre_get(user=request.user, pk=cadre_id)
    services.require_reward_manager(request.user)
    form = forms.AwardForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("录入奖励：%(name)s") % {"name": cadre.name},
        save=lambda data: services.award_create(actor=request.user, cadre=cadre, data=form.service_data()),
        success_url=reverse("rewards:cadre_rewards", args=[cadre.pk]),
        context={
            "intro": _("记二等功、记一等功、授予称号及其他书面事由的奖励在此录入；嘉奖和记三等功由“奖励候选”审批产生。")
        },
    )


@login_required
def award_revoke(request, pk: int):
    award = selectors.award_get(user=request.user, pk=pk)
    services.require_reward_manager(request.user)
    form = forms.RevokeAwardForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("撤销奖励：%(name)s %(year)s %(kind)s")
        % {"name": award.cadre.name, "year": award.year, "kind": award.get_kind_display()},
        save=lambda data: services.award_revoke(actor=request.user, award=award, **data),
        success_url=reverse("rewards:cadre_rewards", args=[award.cadre_id]),
        locked=rules.award_revoke_refusal(award),
        context={"intro": _("撤销后奖励记录保留并注明撤销日期和理由；以该奖励为依据、尚未支付的拨付将一并撤销。")},
    )


# ---------------------------------------------------------------- rank-promotion eligibility


class EligibilityList(ListPage):
    title = gettext_lazy("职级晋升资格")
    table_class = EligibilityTable
    filterset_class = EligibilityFilter
    template_name = "rewards/eligibility_list.html"

    def get_queryset(self):
        return selectors.eligibility_list(user=self.request.user)

    def get_title(self) -> str:
        if self.request.GET.get("priority") == "true":
            return _("优先晋升职级人选")
        return str(self.title)

    def get_context_data(self) -> dict:
        return {"last_run": _last_run(), "may_recompute": policy.is_org_wide(self.request.user)}


# ---------------------------------------------------------------- funds, budgets and the ledger


class BudgetList(DecisionButtons, ListPage):
    title = gettext_lazy("专项基金")
    table_class = BudgetTable
    filterset_class = BudgetFilter
    template_name = "rewards/budget_list.html"
    create_url = "rewards:budget_create"
    create_label = gettext_lazy("下达年度预算")

    def get_queryset(self):
        return selectors.budget_list(user=self.request.user)

    def may_create(self) -> bool:
        return policy.is_org_wide(self.request.user)

    def get_context_data(self) -> dict:
        return {"funds": selectors.fund_list(user=self.request.user).order_by("name"), "may_manage": self.may_create()}


@login_required
def fund_create(request):
    services.require_reward_manager(request.user)
    form = forms.FundForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("新建专项基金"),
        save=lambda data: services.fund_create(actor=request.user, data=data),
        success_url=reverse("rewards:budget_list"),
    )


@login_required
def budget_create(request):
    services.require_reward_manager(request.user)
    form = forms.BudgetForm(request.POST or None, initial={"fund": request.GET.get("fund")})
    return form_page(
        request,
        form=form,
        title=_("下达年度预算"),
        save=lambda data: services.budget_create(actor=request.user, **data),
        success_url=lambda budget: reverse("rewards:budget_ledger", args=[budget.pk]),
    )


@login_required
def budget_adjust(request, pk: int):
    budget = selectors.budget_get(user=request.user, pk=pk)
    services.require_reward_manager(request.user)
    form = forms.BudgetAdjustForm(request.POST or None, initial={"amount": budget.amount})
    return form_page(
        request,
        form=form,
        title=_("调整预算：%(fund)s %(year)s") % {"fund": budget.fund.name, "year": budget.year},
        save=lambda data: services.budget_adjust(actor=request.user, budget=budget, **data),
        success_url=reverse("rewards:budget_ledger", args=[budget.pk]),
        context={"intro": _("调整差额记入台账；调减后的预算不能少于已批准和已支付的拨付。")},
    )


class BudgetLedger(ListPage):
    """One budget's ledger: every movement a row, with the running balance (the finance export)."""

    table_class = LedgerTable
    filterset_class = LedgerFilter
    template_name = "rewards/budget_ledger.html"

    def check_access(self) -> None:
        super().check_access()
        self.budget = selectors.budget_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_queryset(self):
        return selectors.ledger_entries(user=self.request.user, budget=self.budget)

    def get_title(self) -> str:
        return _("台账：%(fund)s %(year)s年度") % {"fund": self.budget.fund.name, "year": self.budget.year}

    def get_context_data(self) -> dict:
        return {"budget": self.budget, "may_manage": policy.is_org_wide(self.request.user)}


# ---------------------------------------------------------------- grants


class GrantList(DecisionButtons, ListPage):
    title = gettext_lazy("专项基金拨付")
    table_class = GrantTable
    filterset_class = GrantFilter
    template_name = "rewards/grant_list.html"

    def get_queryset(self):
        return selectors.grant_list(user=self.request.user)

    def export_title(self) -> str:
        return _("专项基金拨付明细")

    def get_context_data(self) -> dict:
        return {"may_decide": policy.is_org_wide(self.request.user), "pay_form": forms.GrantPayForm()}


def _grant_form_page(request, *, cadre, award=None):
    if not services.may_propose_for(request.user, cadre):
        policy.require(request.user, Action.CHANGE, cadre)
    budgets = selectors.budget_choices(user=request.user).filter(fund__is_active=True).order_by("-year", "fund__name")
    form = forms.GrantForm(request.POST or None, cadre=cadre, budgets=budgets, award=award)
    return form_page(
        request,
        form=form,
        title=_("拟拨付：%(name)s") % {"name": cadre.name},
        save=lambda data: services.grant_propose(actor=request.user, cadre=cadre, **data),
        success_url=reverse("rewards:cadre_rewards", args=[cadre.pk]),
        context={"intro": _("拨付须写明依据：奖励、年度考核结果或书面事由。批准时从预算可用余额中扣减，不得透支。")},
    )


@login_required
def grant_create(request, cadre_id: int):
    return _grant_form_page(request, cadre=cadre_get(user=request.user, pk=cadre_id))


@login_required
def award_grant(request, pk: int):
    award = selectors.award_get(user=request.user, pk=pk)
    return _grant_form_page(request, cadre=award.cadre, award=award)


@login_required
def grants_approve(request):
    """Approve the ticked grants (each commits its money in its budget's ledger; nothing when one fails)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.require_reward_manager(request.user)
    back = safe_next_url(request, fallback=reverse("rewards:grant_list"))
    ids = [number for value in request.POST.getlist("grants") if (number := whole_number(value)) is not None]
    grants = list(selectors.grant_list(user=request.user).filter(pk__in=ids, status=GrantStatus.PROPOSED))
    if not grants:
        messages.error(request, _("请先勾选拟拨付的记录。"))
        return redirect(back)
    call_service(
        request,
        lambda: services.grants_approve(actor=request.user, grants=grants),
        success_message=_("已批准 %(count)s 笔拨付。") % {"count": len(grants)},
    )
    return redirect(back)


@login_required
def grant_pay(request, pk: int):
    grant = selectors.grant_get(user=request.user, pk=pk)
    services.require_reward_manager(request.user)
    form = forms.GrantPayForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("支付：%(name)s %(fund)s %(amount)s")
        % {"name": grant.cadre.name, "fund": grant.fund.name, "amount": services.money_text(grant.amount)},
        save=lambda data: services.grant_pay(actor=request.user, grant=grant, **data),
        success_url=reverse("rewards:grant_list"),
        locked=rules.grant_pay_refusal(grant),
    )


@login_required
def grant_cancel(request, pk: int):
    grant = selectors.grant_get(user=request.user, pk=pk)
    services.require_reward_manager(request.user)
    form = forms.GrantCancelForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("撤销拨付：%(name)s %(fund)s %(amount)s")
        % {"name": grant.cadre.name, "fund": grant.fund.name, "amount": services.money_text(grant.amount)},
        save=lambda data: services.grant_cancel(actor=request.user, grant=grant, reason=data["reason"]),
        success_url=reverse("rewards:grant_list"),
        locked=rules.grant_cancel_refusal(grant),
        context={"intro": _("已批准的金额退回预算，台账同时记录批准和退回两笔变动。已支付的拨付不能撤销。")},
    )


# ---------------------------------------------------------------- a cadre's rewards and "为什么不是我"


def rewards_section_context(request, cadre) -> dict:
    """The rewards section of the cadre page and of 我的档案: awards, grants, and eligibility now with its
    reasons (computed for the cadre's unit; a fixed number of queries however long the history)."""
    return {
        **selectors.cadre_rewards(cadre=cadre),
        "answer": selectors.eligibility_for_cadre(cadre=cadre, on_date=timezone.localdate()),
        "may_manage": policy.is_org_wide(request.user) and policy.may(request.user, Action.CHANGE, cadre),
        "may_propose": services.may_propose_for(request.user, cadre),
    }


def _cadre_page(request, cadre, *, own: bool):
    context = {"cadre": cadre, "own": own, **rewards_section_context(request, cadre)}
    context["pending_candidates"] = list(
        selectors.candidate_list(user=request.user).filter(cadre=cadre, status=CandidateStatus.PENDING)
    )
    return render(request, "rewards/cadre_rewards.html", context)


@login_required
def cadre_rewards(request, cadre_id: int):
    cadre = cadre_get(user=request.user, pk=cadre_id)
    return _cadre_page(request, cadre, own=cadre.pk == request.user.cadre_id)


@login_required
def my_rewards(request):
    if not request.user.cadre_id:
        return render(request, "cadres/my_record_missing.html")
    return _cadre_page(request, own_cadre_get(user=request.user), own=True)


@login_required
def rewards_home(request):
    """/rewards/ itself: staff land on the candidates, a cadre on his or her own page."""
    if policy.is_staff(request.user):
        return redirect("rewards:candidate_list")
    return redirect("rewards:my_rewards")
