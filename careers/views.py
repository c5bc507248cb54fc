"""Browser pages of careers and accountability: thin, scoped by the selectors, writing through the services.

Staff-only pages answer 403 to a cadre; a record out of the user's scope is 404 and nothing changes.
"""

from collections.abc import Callable

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from accounts import policy
from accounts.policy import Action
from cadres.selectors import cadre_get
from careers import exports, forms, selectors, services
from careers.filters import AccountabilityRecordFilter, AppointmentFilter, FaultToleranceFilter, UnfitCaseFilter
from careers.tables import FaultToleranceTable, InvestigationTable, MeasureTable, ProbationTable, UnfitCaseTable
from core.access import require_staff
from core.excel import xlsx_response

LIST_PAGE_SIZE = 50


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _form_page(request, *, form, title: str, save: Callable[[dict], object], success_url: str, context=None):
    """Validate the form, call the service, show its Chinese errors on the form, or redirect on success."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect(success_url)
    return render(request, "careers/form.html", {"form": form, "title": title, **(context or {})})


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
    form = forms.AppointmentForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form=form,
        title=_("录入任免记录：%(name)s") % {"name": cadre.name},
        save=lambda data: services.appointment_create(actor=request.user, cadre=cadre, data=data),
        success_url=_career_url(cadre.pk),
        context={"cadre": cadre},
    )


@login_required
def rank_change_create(request, cadre_id: int):
    cadre = cadre_get(user=request.user, pk=cadre_id)
    require_staff(request)
    form = forms.RankChangeForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("录入职级变动：%(name)s") % {"name": cadre.name},
        save=lambda data: services.rank_change_create(actor=request.user, cadre=cadre, data=data),
        success_url=_career_url(cadre.pk),
        context={"cadre": cadre},
    )


@login_required
def record_create(request, cadre_id: int):
    cadre = cadre_get(user=request.user, pk=cadre_id)
    require_staff(request)
    form = forms.AccountabilityRecordForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    return _form_page(
        request,
        form=form,
        title=_("录入组织处理、处分或立案审查调查：%(name)s") % {"name": cadre.name},
        save=lambda data: services.accountability_record_create(actor=request.user, cadre=cadre, data=data),
        success_url=_career_url(cadre.pk),
        context={"cadre": cadre},
    )


@login_required
def record_revoke(request, pk: int):
    record = selectors.accountability_record_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.RevokeForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("撤销或更正：%(record)s（%(name)s）") % {"record": record, "name": record.cadre.name},
        save=lambda data: services.accountability_record_revoke(
            actor=request.user,
            record=record,
            revoked_on=data["revoked_on"],
            reason=data["reason"],
            corrected=data["corrected"],
        ),
        success_url=_career_url(record.cadre_id),
        context={"cadre": record.cadre},
    )


@login_required
def investigation_close(request, pk: int):
    record = selectors.accountability_record_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.InvestigationCloseForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("立案审查调查结案：%(name)s") % {"name": record.cadre.name},
        save=lambda data: services.investigation_close(
            actor=request.user,
            record=record,
            closed_on=data["closed_on"],
            outcome=data["outcome"],
            sanction_kind=data["sanction_kind"],
        ),
        success_url=_career_url(record.cadre_id),
        context={"cadre": record.cadre},
    )


@login_required
def probation_conclude(request, pk: int):
    appointment = selectors.appointment_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.ProbationConcludeForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("试用期考核：%(name)s %(post)s") % {"name": appointment.cadre.name, "post": appointment.post_title},
        save=lambda data: services.appointment_probation_conclude(
            actor=request.user, appointment=appointment, outcome=data["outcome"], concluded_on=data["concluded_on"]
        ),
        success_url=_career_url(appointment.cadre_id),
        context={"cadre": appointment.cadre},
    )


# ---------------------------------------------------------------- cases


@login_required
def unfit_case_create(request, cadre_id: int):
    cadre = cadre_get(user=request.user, pk=cadre_id)
    require_staff(request)
    form = forms.UnfitCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.unfit_case_open(
                actor=request.user,
                cadre=cadre,
                opened_on=form.cleaned_data["opened_on"],
                situations=form.situations(),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("已启动调整程序。"))
            return redirect("careers:unfit_case_detail", pk=case.pk)
    return render(
        request,
        "careers/unfit_case_form.html",
        {"form": form, "cadre": cadre, "title": _("不适宜担任现职调整：%(name)s") % {"name": cadre.name}},
    )


@login_required
def unfit_case_detail(request, pk: int):
    case = selectors.unfit_case_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.UnfitCaseForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.unfit_case_update(
                actor=request.user, case=case, situations=form.situations(), summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("careers:unfit_case_detail", pk=case.pk)
    return render(
        request,
        "careers/unfit_case_detail.html",
        {"case": case, "form": form, "cadre": case.cadre, "decide_form": forms.UnfitDecideForm(user=request.user)},
    )


@login_required
def unfit_case_decide(request, pk: int):
    case = selectors.unfit_case_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.UnfitDecideForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form=form,
        title=_("作出调整决定：%(name)s") % {"name": case.cadre.name},
        save=lambda data: services.unfit_case_decide(actor=request.user, case=case, data=data),
        success_url=reverse("careers:unfit_case_detail", args=[case.pk]),
        context={"cadre": case.cadre},
    )


@login_required
def fault_tolerance_create(request, pk: int):
    record = selectors.accountability_record_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.FaultToleranceForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("容错纠错申请：%(record)s（%(name)s）") % {"record": record, "name": record.cadre.name},
        save=lambda data: services.fault_tolerance_case_open(actor=request.user, record=record, **data),
        success_url=reverse("careers:fault_tolerance_list"),
        context={"cadre": record.cadre},
    )


@login_required
def fault_tolerance_decide(request, pk: int):
    case = selectors.fault_tolerance_case_get(user=request.user, pk=pk)
    require_staff(request)
    form = forms.FaultToleranceDecideForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("容错纠错认定：%(record)s（%(name)s）") % {"record": case.record, "name": case.record.cadre.name},
        save=lambda data: services.fault_tolerance_case_decide(actor=request.user, case=case, **data),
        success_url=reverse("careers:fault_tolerance_list"),
        context={"cadre": case.record.cadre},
    )


# ---------------------------------------------------------------- lists with filters and Excel export


def _list_page(request, *, title, queryset, filterset_class, table_class, export_name, export_columns, intro=""):
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    for field in filterset.form.fields.values():
        multiple = isinstance(field.widget, django_forms.SelectMultiple)
        field.widget.attrs.setdefault(
            "class",
            "form-select form-select-sm" if multiple or hasattr(field, "choices") else "form-control form-control-sm",
        )
        if isinstance(field, django_forms.DateField):
            field.widget.input_type = "date"
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    if filterset.is_bound and not filterset.is_valid():
        rows = queryset.none()
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"{export_name}_{timezone.localtime():%Y%m%d_%H%M}.xlsx",
            sheet_title=export_name,
            headers=[header for header, _value in export_columns],
            rows=exports.rows(rows, export_columns),
        )
    table = table_class(rows)
    RequestConfig(request, paginate={"per_page": LIST_PAGE_SIZE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        "careers/list.html",
        {"title": title, "filter": filterset, "table": table, "export_query": query.urlencode(), "intro": intro},
    )


@login_required
def measure_list(request):
    require_staff(request)
    today = timezone.localdate()
    return _list_page(
        request,
        title=_("有效的组织处理与处分"),
        queryset=selectors.active_measure_list(user=request.user, on_date=today),
        filterset_class=AccountabilityRecordFilter,
        table_class=MeasureTable,
        export_name=_("组织处理与处分"),
        export_columns=exports.RECORD_COLUMNS,
    )


@login_required
def investigation_list(request):
    require_staff(request)
    return _list_page(
        request,
        title=_("未结案的立案审查调查"),
        queryset=selectors.open_investigation_list(user=request.user),
        filterset_class=AccountabilityRecordFilter,
        table_class=InvestigationTable,
        export_name=_("立案审查调查"),
        export_columns=exports.RECORD_COLUMNS,
    )


@login_required
def probation_list(request):
    require_staff(request)
    days = settings.CAREERS_PROBATION_ALERT_DAYS
    return _list_page(
        request,
        title=_("试用期将满（%(days)s天内）") % {"days": days},
        queryset=selectors.probation_ending_list(user=request.user, on_date=timezone.localdate()),
        filterset_class=AppointmentFilter,
        table_class=ProbationTable,
        export_name=_("试用期将满"),
        export_columns=exports.PROBATION_COLUMNS,
    )


@login_required
def unfit_case_list(request):
    require_staff(request)
    return _list_page(
        request,
        title=_("不适宜担任现职调整"),
        queryset=selectors.unfit_case_list(user=request.user),
        filterset_class=UnfitCaseFilter,
        table_class=UnfitCaseTable,
        export_name=_("不适宜担任现职调整"),
        export_columns=exports.UNFIT_CASE_COLUMNS,
    )


@login_required
def fault_tolerance_list(request):
    require_staff(request)
    return _list_page(
        request,
        title=_("容错纠错"),
        queryset=selectors.fault_tolerance_case_list(user=request.user),
        filterset_class=FaultToleranceFilter,
        table_class=FaultToleranceTable,
        export_name=_("容错纠错"),
        export_columns=exports.FAULT_TOLERANCE_COLUMNS,
    )


@login_required
def careers_home(request):
    """/careers/ itself: staff land on the active measures, a cadre on his or her own career."""
    if policy.is_staff(request.user):
        return redirect("careers:measure_list")
    if request.user.cadre_id:
        return redirect("careers:cadre_career", request.user.cadre_id)
    return redirect("home")
