"""Browser pages of careers and accountability: thin, scoped by the selectors, writing through the services.

Staff-only pages answer 403 to a cadre; a record out of the user's scope is 404 and nothing changes.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.policy import Action
from cadres.models import Cadre
from cadres.selectors import cadre_get
from careers import forms, rules, selectors, services
from careers.filters import AccountabilityRecordFilter, AppointmentFilter, FaultToleranceFilter, UnfitCaseFilter
from careers.tables import FaultToleranceTable, InvestigationTable, MeasureTable, ProbationTable, UnfitCaseTable
from core.access import require_staff
from core.pages import FormPage, ListPage


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


class CareerFormPage(FormPage):
    """A career form about one cadre: the cadre's unit, post and rank above the fields, back to the cadre's
    career. ``title`` may name the cadre (``%(name)s``) and the record the page is about (``%(record)s``)."""

    staff_only = False  # checked after the lookup: a record out of the user's scope is 404, staff or not
    selector = cadre_get  # or the get of the cadre's record the page changes

    def get_object(self) -> Model:
        record = super().get_object()
        require_staff(self.request)
        return record

    @property
    def cadre(self) -> Cadre:
        return self.object if isinstance(self.object, Cadre) else self.object.cadre

    def get_title(self) -> str:
        return self.title % {"name": self.cadre.name, "record": self.object}

    def get_success_url(self) -> str:
        return reverse(self.success_url) if self.success_url else _career_url(self.cadre.pk)

    def get_intro(self) -> str:
        cadre = self.cadre
        return _("%(name)s · %(unit)s · 现任职务：%(post)s · 职级：%(rank)s") % {
            "name": cadre.name,
            "unit": cadre.unit.name,
            "post": cadre.post_title or "—",
            "rank": cadre.get_rank_display() or "—",
        }

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        return [(self.cadre.name, _career_url(self.cadre.pk))]


class AppointmentCreate(CareerFormPage):
    form_class = forms.AppointmentForm
    title = gettext_lazy("录入任免记录：%(name)s")

    def get_form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def save(self, data):
        return services.appointment_create(actor=self.request.user, cadre=self.cadre, data=data)


class RankChangeCreate(CareerFormPage):
    form_class = forms.RankChangeForm
    title = gettext_lazy("录入职级变动：%(name)s")

    def save(self, data):
        return services.rank_change_create(actor=self.request.user, cadre=self.cadre, data=data)


class RecordCreate(CareerFormPage):
    form_class = forms.AccountabilityRecordForm
    title = gettext_lazy("录入组织处理、处分或立案审查调查：%(name)s")

    def get_form_kwargs(self) -> dict:
        return {"initial": {"kind": self.request.GET.get("kind", "")}}

    def save(self, data):
        return services.accountability_record_create(actor=self.request.user, cadre=self.cadre, data=data)


class RecordRevoke(CareerFormPage):
    selector = selectors.accountability_record_get
    lock = rules.revoke_refusal
    form_class = forms.RevokeForm
    title = gettext_lazy("撤销或更正：%(record)s（%(name)s）")

    def save(self, data):
        return services.accountability_record_revoke(actor=self.request.user, record=self.object, **data)


class InvestigationClose(CareerFormPage):
    selector = selectors.accountability_record_get
    lock = rules.investigation_close_refusal
    form_class = forms.InvestigationCloseForm
    title = gettext_lazy("立案审查调查结案：%(name)s")

    def save(self, data):
        return services.investigation_close(actor=self.request.user, record=self.object, **data)


class ProbationConclude(CareerFormPage):
    form_class = forms.ProbationConcludeForm
    selector = selectors.appointment_get
    lock = rules.probation_conclude_refusal

    def get_title(self) -> str:
        return _("试用期考核：%(name)s %(post)s") % {"name": self.cadre.name, "post": self.object.post_title}

    def save(self, data):
        return services.appointment_probation_conclude(actor=self.request.user, appointment=self.object, **data)


# ---------------------------------------------------------------- cases


class UnfitCaseCreate(CareerFormPage):
    form_class = forms.UnfitCaseForm
    title = gettext_lazy("不适宜担任现职调整：%(name)s")
    success_message = gettext_lazy("已启动调整程序。")
    template_name = "careers/unfit_case_form.html"

    def get_success_url(self):
        return lambda case: reverse("careers:unfit_case_detail", args=[case.pk])

    def get_context_data(self) -> dict:
        return {"cadre": self.cadre}

    def save(self, data):
        return services.unfit_case_open(
            actor=self.request.user,
            cadre=self.cadre,
            opened_on=data["opened_on"],
            situations=self.form.situations(),
            summary=data["summary"],
        )


class UnfitCasePage(CareerFormPage):
    """A page of one 不适宜担任现职调整 case (the URL's ``pk``), back to the case after the save."""

    selector = selectors.unfit_case_get

    def get_success_url(self) -> str:
        return reverse("careers:unfit_case_detail", args=[self.object.pk])


class UnfitCaseDetail(UnfitCasePage):
    form_class = forms.UnfitCaseForm
    title = gettext_lazy("不适宜担任现职调整")
    template_name = "careers/unfit_case_detail.html"

    def get_form_kwargs(self) -> dict:
        return {"case": self.object}

    def get_context_data(self) -> dict:
        decide_form = forms.UnfitDecideForm(user=self.request.user)
        return {"case": self.object, "cadre": self.cadre, "decide_form": decide_form}

    def save(self, data):
        return services.unfit_case_update(
            actor=self.request.user, case=self.object, situations=self.form.situations(), summary=data["summary"]
        )


class UnfitCaseDecide(UnfitCasePage):
    form_class = forms.UnfitDecideForm
    title = gettext_lazy("作出调整决定：%(name)s")
    lock = rules.unfit_case_decide_refusal

    def get_form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def save(self, data):
        return services.unfit_case_decide(actor=self.request.user, case=self.object, data=data)


class FaultToleranceCreate(CareerFormPage):
    selector = selectors.accountability_record_get
    form_class = forms.FaultToleranceForm
    title = gettext_lazy("容错纠错申请：%(record)s（%(name)s）")
    success_url = "careers:fault_tolerance_list"

    def save(self, data):
        return services.fault_tolerance_case_open(actor=self.request.user, record=self.object, **data)


class FaultToleranceDecide(CareerFormPage):
    form_class = forms.FaultToleranceDecideForm
    success_url = "careers:fault_tolerance_list"
    selector = selectors.fault_tolerance_case_get
    lock = rules.fault_tolerance_decide_refusal

    @property
    def cadre(self) -> Cadre:
        return self.object.record.cadre

    def get_title(self) -> str:
        return _("容错纠错认定：%(record)s（%(name)s）") % {"record": self.object.record, "name": self.cadre.name}

    def save(self, data):
        return services.fault_tolerance_case_decide(actor=self.request.user, case=self.object, **data)


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
