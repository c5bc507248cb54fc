"""Browser pages of careers and accountability: thin, scoped by the selectors, writing through the services.

Staff-only pages answer 403 to a cadre; a record out of the user's scope is 404 and nothing changes.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.policy import Action
from cadres.selectors import cadre_get
from careers import forms, selectors, services
from careers.filters import AccountabilityRecordFilter, AppointmentFilter, FaultToleranceFilter, UnfitCaseFilter
from careers.tables import FaultToleranceTable, InvestigationTable, MeasureTable, ProbationTable, UnfitCaseTable
from core.access import require_staff
from core.pages import ListPage, form_page


def _cadre_form_page(request, *, cadre, form, title: str, save, success_url: str = ""):
    """A career form about one cadre: the kit's form page with the cadre's unit, post and rank above the fields;
    back to the cadre's career unless ``success_url`` says otherwise."""
    rank = cadre.get_rank_display() or "—"
    return form_page(
        request,
        form=form,
        title=title,
        save=save,
        success_url=success_url or _career_url(cadre.pk),
        context={
            "intro": _("%(name)s · %(unit)s · 现任职务：%(post)s · 职级：%(rank)s")
            % {"name": cadre.name, "unit": cadre.unit.name, "post": cadre.post_title or "—", "rank": rank},
            "breadcrumbs": [(cadre.name, _career_url(cadre.pk))],
        },
    )


def _career_url(cadre_id: int) -> str:
    return reverse("careers:cadre_career", args=[cadre_id])


# ---------------------------------------------------------------- the cadre's career


def career_section_context(request, cadre) -> dict:
    """The career section of the cadre page and of 我的档案 (four queries however long the history)."""
    return {
        "career": selectors.cadre_career(cadre=cadre, on_date=timezone.localdate()),
        # Internal notes are staff's notes about other people: never on one's own record (policy).
        "show_internal": policy.may(request.user, Action.VIEW_INTERNAL, cadre),
        "can_write": policy.may(request.user, Action.CHANGE, cadre),
    }


@login_required
def cadre_career(request, cadre_id: int):
    cadre = cadre_get(user=request.user, pk=cadre_id)
    return render(request, "careers/cadre_career.html", {"cadre": cadre, **career_section_context(request, cadre)})


@login_required
def appointment_create(request, cadre_id: int):
    cadre = cadre_get(user=request.user, pk=cadre_id)
    require_staff(request)
    return _cadre_form_page(
        request,
        cadre=cadre,
        form=forms.AppointmentForm(request.POST or None, user=request.user),
        title=_("录入任免记录：%(name)s") % {"name": cadre.name},
        save=lambda data: services.appointment_create(actor=request.user, cadre=cadre, data=data),
    )


@login_required
def rank_change_create(request, cadre_id: int):
    cadre = cadre_get(user=request.user, pk=cadre_id)
    require_staff(request)
    return _cadre_form_page(
        request,
        cadre=cadre,
        form=forms.RankChangeForm(request.POST or None),
        title=_("录入职级变动：%(name)s") % {"name": cadre.name},
        save=lambda data: services.rank_change_create(actor=request.user, cadre=cadre, data=data),
    )


@login_required
def record_create(request, cadre_id: int):
    cadre = cadre_get(user=request.user, pk=cadre_id)
    require_staff(request)
    return _cadre_form_page(
        request,
        cadre=cadre,
        form=forms.AccountabilityRecordForm(request.POST or None, initial={"kind": request.GET.get("kind", "")}),
        title=_("录入组织处理、处分或立案审查调查：%(name)s") % {"name": cadre.name},
        save=lambda data: services.accountability_record_create(actor=request.user, cadre=cadre, data=data),
    )


@login_required
def record_revoke(request, pk: int):
    record = selectors.accountability_record_get(user=request.user, pk=pk)
    require_staff(request)
    return _cadre_form_page(
        request,
        cadre=record.cadre,
        form=forms.RevokeForm(request.POST or None),
        title=_("撤销或更正：%(record)s（%(name)s）") % {"record": record, "name": record.cadre.name},
        save=lambda data: services.accountability_record_revoke(actor=request.user, record=record, **data),
    )


@login_required
def investigation_close(request, pk: int):
    record = selectors.accountability_record_get(user=request.user, pk=pk)
    require_staff(request)
    return _cadre_form_page(
        request,
        cadre=record.cadre,
        form=forms.InvestigationCloseForm(request.POST or None),
        title=_("立案审查调查结案：%(name)s") % {"name": record.cadre.name},
        save=lambda data: services.investigation_close(actor=request.user, record=record, **data),
    )


@login_required
def probation_conclude(request, pk: int):
    appointment = selectors.appointment_get(user=request.user, pk=pk)
    require_staff(request)
    return _cadre_form_page(
        request,
        cadre=appointment.cadre,
        form=forms.ProbationConcludeForm(request.POST or None),
        title=_("试用期考核：%(name)s %(post)s") % {"name": appointment.cadre.name, "post": appointment.post_title},
        save=lambda data: services.appointment_probation_conclude(actor=request.user, appointment=appointment, **data),
    )


# ---------------------------------------------------------------- cases


@login_required
def unfit_case_create(request, cadre_id: int):
    cadre = cadre_get(user=request.user, pk=cadre_id)
    require_staff(request)
    form = forms.UnfitCaseForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("不适宜担任现职调整：%(name)s") % {"name": cadre.name},
        save=lambda data: services.unfit_case_open(
            actor=request.user,
            cadre=cadre,
            opened_on=data["opened_on"],
            situations=form.situations(),
            summary=data["summary"],
        ),
        success_url=lambda case: reverse("careers:unfit_case_detail", args=[case.pk]),
        success_message=_("已启动调整程序。"),
        template_name="careers/unfit_case_form.html",
        context={"cadre": cadre},
    )


@login_required
def unfit_case_detail(request, pk: int):
    case = selectors.unfit_case_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.UnfitCaseForm(request.POST or None, case=case)
    return form_page(
        request,
        form=form,
        title=_("不适宜担任现职调整"),
        save=lambda data: services.unfit_case_update(
            actor=request.user, case=case, situations=form.situations(), summary=data["summary"]
        ),
        success_url=reverse("careers:unfit_case_detail", args=[case.pk]),
        template_name="careers/unfit_case_detail.html",
        context={"case": case, "cadre": case.cadre, "decide_form": forms.UnfitDecideForm(user=request.user)},
    )


@login_required
def unfit_case_decide(request, pk: int):
    case = selectors.unfit_case_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.UnfitDecideForm(request.POST or None, user=request.user)
    return _cadre_form_page(
        request,
        form=form,
        title=_("作出调整决定：%(name)s") % {"name": case.cadre.name},
        save=lambda data: services.unfit_case_decide(actor=request.user, case=case, data=data),
        success_url=reverse("careers:unfit_case_detail", args=[case.pk]),
        cadre=case.cadre,
    )


@login_required
def fault_tolerance_create(request, pk: int):
    record = selectors.accountability_record_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.FaultToleranceForm(request.POST or None)
    return _cadre_form_page(
        request,
        form=form,
        title=_("容错纠错申请：%(record)s（%(name)s）") % {"record": record, "name": record.cadre.name},
        save=lambda data: services.fault_tolerance_case_open(actor=request.user, record=record, **data),
        success_url=reverse("careers:fault_tolerance_list"),
        cadre=record.cadre,
    )


@login_required
def fault_tolerance_decide(request, pk: int):
    case = selectors.fault_tolerance_case_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.FaultToleranceDecideForm(request.POST or None)
    return _cadre_form_page(
        request,
        form=form,
        title=_("容错纠错认定：%(record)s（%(name)s）") % {"record": case.record, "name": case.record.cadre.name},
        save=lambda data: services.fault_tolerance_case_decide(actor=request.user, case=case, **data),
        success_url=reverse("careers:fault_tolerance_list"),
        cadre=case.record.cadre,
    )


# ---------------------------------------------------------------- lists (the page kit: filters, sorting, Excel)


class MeasureList(ListPage):
    title = gettext_lazy("有效的组织处理与处分")
    table_class = MeasureTable
    filterset_class = AccountabilityRecordFilter

    def get_queryset(self):
        return selectors.active_measure_list(user=self.request.user, on_date=timezone.localdate())


class InvestigationList(ListPage):
    title = gettext_lazy("未结案的立案审查调查")
    table_class = InvestigationTable
    filterset_class = AccountabilityRecordFilter

    def get_queryset(self):
        return selectors.open_investigation_list(user=self.request.user)


class ProbationList(ListPage):
    table_class = ProbationTable
    filterset_class = AppointmentFilter

    def get_title(self) -> str:
        return _("试用期将满（%(days)s天内）") % {"days": settings.CAREERS_PROBATION_ALERT_DAYS}

    def export_title(self) -> str:
        return _("试用期将满")

    def get_queryset(self):
        return selectors.probation_ending_list(user=self.request.user, on_date=timezone.localdate())


class UnfitCaseList(ListPage):
    title = gettext_lazy("不适宜担任现职调整")
    table_class = UnfitCaseTable
    filterset_class = UnfitCaseFilter

    def get_queryset(self):
        return selectors.unfit_case_list(user=self.request.user)


class FaultToleranceList(ListPage):
    title = gettext_lazy("容错纠错")
    table_class = FaultToleranceTable
    filterset_class = FaultToleranceFilter

    def get_queryset(self):
        return selectors.fault_tolerance_case_list(user=self.request.user)


@login_required
def careers_home(request):
    """/careers/ itself: staff land on the active measures, a cadre on his or her own career."""
    if policy.is_staff(request.user):
        return redirect("careers:measure_list")
    if request.user.cadre_id:
        return redirect("careers:cadre_career", request.user.cadre_id)
    return redirect("home")
