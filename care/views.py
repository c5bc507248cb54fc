"""Browser pages of the care measures. Thin: check who may come in, read through a selector, write
through a service, render.

Staff pages (housing, checks, leave, pay, the register) answer 403 to a cadre; a record out of the user's
scope answers 404. A cadre's own care is on "我的关爱" and on the cadre page section.
Every list and report is a page of the kit (core.pages): its filters, sorting and ``?export=xlsx``.
"""

import decimal
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from cadres import selectors as cadre_selectors
from cadres.choices import CadreStatus, UnitKind
from cadres.models import Unit
from care import rules, selectors, services
from care.choices import FlatStatus, HealthCheckState, InspectionStatus
from care.filters import (
    FlatFilter,
    HealthCheckFilter,
    HousingApplicationFilter,
    InspectionItemFilter,
    LeaveRecordFilter,
    PayRecordFilter,
    TenancyFilter,
)
from care.forms import (
    AllocationForm,
    BuildingForm,
    DecisionForm,
    FlatForm,
    HealthCheckForm,
    HousingApplicationForm,
    InspectionItemForm,
    LeaveRecordForm,
    MergeForm,
    MonthForm,
    MoveOutForm,
    PayRecordForm,
    RetireForm,
    YearForm,
)
from care.tables import (
    FlatTable,
    HealthCheckDueTable,
    HealthCheckTable,
    HousingApplicationTable,
    InspectionCountTable,
    InspectionItemTable,
    LeaveOverviewTable,
    LeaveRecordTable,
    OccupancyTable,
    PayRecordTable,
    TenancyTable,
    TownshipPayTable,
)
from core.access import require_org_wide, require_staff
from core.pages import ButtonAction, FormPage, ListPage, form_page, valid_data


def _require_org_staff(request) -> None:
    require_org_wide(request, _("督查检查考核事项由组织部统一管理。"))


def _scoped_cadres(request):
    return cadre_selectors.cadre_list(user=request.user).filter(status=CadreStatus.ACTIVE)


def _year(data) -> int:
    """The year asked for (``YearForm``), or this year."""
    form = YearForm(data)
    return (form.is_valid() and form.cleaned_data["year"]) or timezone.localdate().year


def _without(data: dict, *names: str) -> dict:
    return {key: value for key, value in data.items() if key not in names}


class YearReport(ListPage):
    """A report of one year (this year when none is asked), its year in the filter card and in the title."""

    filterset_class = YearForm

    @property
    def year(self) -> int:
        return _year(self.filter_data())


def _cadre_initial(request) -> dict:
    """``?cadre=<id>`` from a cadre page's action button fills the picker (the form still checks the scope)."""
    return {"cadre": request.GET["cadre"]} if request.GET.get("cadre") else {}


class CadreRecordCreate(FormPage):
    """A new care record of one cadre in service in the user's scope, picked on the form (or given by
    ``?cadre=``): ``service(actor=, cadre=, data=)`` gets the cadre apart from the other fields."""

    service: Callable[..., Model]

    def get_form_kwargs(self) -> dict:
        return {"cadres": _scoped_cadres(self.request), "initial": _cadre_initial(self.request)}

    def save(self, data):
        return type(self).service(actor=self.request.user, cadre=data["cadre"], data=_without(data, "cadre"))


# ---------------------------------------------------------------- housing


class HousingOverview(ListPage):
    """The occupancy report: flats per building, occupied, available, rate; table, chart and Excel."""

    title = gettext_lazy("周转房入住情况")
    table_class = OccupancyTable
    template_name = "care/housing_overview.html"

    def get_queryset(self):
        self.report = selectors.occupancy_report(user=self.request.user)
        return self.report

    def get_context_data(self) -> dict:
        rows = self.report
        chart = {
            "categories": [r.building.name for r in rows],
            "occupied": [r.occupied for r in rows],
            "available": [r.available for r in rows],
            "other": [r.maintenance for r in rows],
        }
        return {"totals": selectors.occupancy_totals(rows), "chart": chart}


class FlatList(ListPage):
    title = gettext_lazy("周转房房源")
    table_class = FlatTable
    filterset_class = FlatFilter
    create_url = "care:flat_create"
    create_label = gettext_lazy("登记住房")
    more_actions = (("care:building_create", gettext_lazy("登记楼栋")),)

    def get_queryset(self):
        return selectors.flat_list(user=self.request.user).order_by("building__name", "number", "id")


class BuildingCreate(FormPage):
    form_class = BuildingForm
    title = gettext_lazy("登记楼栋")
    success_url = "care:flat_list"

    def get_form_kwargs(self) -> dict:
        return {"units": cadre_selectors.unit_list(user=self.request.user)}

    def get_success_message(self):
        return lambda building: _("已登记楼栋 %(name)s。") % {"name": building.name}

    def save(self, data):
        return services.building_create(actor=self.request.user, data=data)


class FlatCreate(FormPage):
    form_class = FlatForm
    title = gettext_lazy("登记住房")
    success_url = "care:flat_list"

    def get_form_kwargs(self) -> dict:
        return {"buildings": selectors.building_list(user=self.request.user)}

    def get_success_message(self):
        return lambda flat: _("已登记住房 %(flat)s。") % {"flat": flat}

    def save(self, data):
        return services.flat_create(actor=self.request.user, data=data)


class FlatEdit(FlatCreate):
    title = gettext_lazy("修改住房")
    selector = selectors.flat_get

    def get_success_message(self):
        return _("已保存住房 %(flat)s。") % {"flat": self.object}

    def save(self, data):
        return services.flat_update(actor=self.request.user, flat=self.object, data=data)


class ApplicationList(ListPage):
    """All applications, or (``view=waiting``) the waiting list in its order: priority score, then date."""

    table_class = HousingApplicationTable
    filterset_class = HousingApplicationFilter
    template_name = "care/application_list.html"
    create_url = "care:application_create"
    create_label = gettext_lazy("登记申请")
    keep_parameters = ("view",)

    @property
    def waiting(self) -> bool:
        return self.request.GET.get("view") == "waiting"

    def get_title(self) -> str:
        return _("周转房轮候名单") if self.waiting else _("周转房申请")

    def get_queryset(self):
        if self.waiting:
            return selectors.waiting_list(user=self.request.user)
        return selectors.application_list(user=self.request.user).order_by("-applied_on", "-id")

    def get_context_data(self) -> dict:
        return {"waiting": self.waiting}


class ApplicationCreate(CadreRecordCreate):
    form_class = HousingApplicationForm
    title = gettext_lazy("登记周转房申请")
    success_url = "care:application_list"
    intro = gettext_lazy("优先分按组织部设定的权重自动计算：乡镇岗位、第一书记、距离、家庭情况。")
    service = services.application_create

    def get_success_message(self):
        return lambda application: _("已登记申请，优先分 %(score)s 分。") % {"score": application.priority_score}


class ApplicationDecide(ButtonAction):
    """Approve, reject (the URL's ``action``) or withdraw an application, with an optional note; back to the
    list as it was (its tab, filters and page: the button posts ``next``)."""

    selector = selectors.application_get
    form_class = DecisionForm
    success_url = "care:application_list"
    DONE = {
        "approve": gettext_lazy("已通过 %(name)s 的周转房申请，列入轮候名单。"),
        "reject": gettext_lazy("已不予通过 %(name)s 的周转房申请。"),
        "withdraw": gettext_lazy("已撤回 %(name)s 的周转房申请。"),
    }

    def get_success_message(self):
        return self.DONE[self.kwargs["action"]] % {"name": self.object.cadre.name}

    def act(self):
        actor, application, action = self.request.user, self.object, self.kwargs["action"]
        note = valid_data(self.form)["note"]
        if action == "withdraw":
            return services.application_withdraw(actor=actor, application=application, note=note)
        return services.application_decide(actor=actor, application=application, approve=action == "approve", note=note)


class TenancyList(ListPage):
    title = gettext_lazy("入住记录")
    table_class = TenancyTable
    filterset_class = TenancyFilter
    create_url = "care:tenancy_allocate"
    create_label = gettext_lazy("分配入住")

    def get_queryset(self):
        return selectors.tenancy_list(user=self.request.user).order_by("-start_date", "-id")


class TenancyAllocate(FormPage):
    form_class = AllocationForm
    title = gettext_lazy("分配入住")
    success_url = "care:tenancy_list"

    def get_form_kwargs(self) -> dict:
        user = self.request.user
        flats = selectors.flat_list(user=user).filter(status=FlatStatus.AVAILABLE).order_by("building__name", "number")
        initial = {"flat": self.request.GET.get("flat"), "start_date": timezone.localdate()}
        return {
            "flats": flats,
            "applications": selectors.waiting_list(user=user),
            "cadres": _scoped_cadres(self.request),
            "initial": {**initial, **_cadre_initial(self.request)},
        }

    def get_success_message(self):
        return lambda tenancy: _("%(name)s 已入住 %(flat)s。") % {"name": tenancy.cadre.name, "flat": tenancy.flat}

    def save(self, data):
        return services.tenancy_allocate(actor=self.request.user, **data)


class TenancyEnd(FormPage):
    form_class = MoveOutForm
    selector = selectors.tenancy_get
    lock = rules.move_out_refusal
    success_url = "care:tenancy_list"
    success_message = gettext_lazy("已办理退房。")

    def get_form_kwargs(self) -> dict:
        return {"initial": {"end_date": timezone.localdate()}}

    def get_title(self) -> str:
        return _("办理退房：%(name)s") % {"name": self.object.cadre.name}

    def save(self, data):
        return services.tenancy_end(actor=self.request.user, tenancy=self.object, **data)


# ---------------------------------------------------------------- health checks


class HealthCheckList(ListPage):
    title = gettext_lazy("健康体检记录")
    table_class = HealthCheckTable
    filterset_class = HealthCheckFilter
    create_url = "care:health_check_create"
    create_label = gettext_lazy("登记体检")

    def get_queryset(self):
        # Each year (latest first) in the roster's official order (issue 15.4), until the user sorts.
        return cadre_selectors.official_order(
            selectors.health_check_list(user=self.request.user), "cadre__", before=("-year",)
        )


class HealthCheckDue(YearReport):
    """Who has no done check for the year: due until the end of the due month, overdue after it."""

    table_class = HealthCheckDueTable

    def get_title(self) -> str:
        return _("%(year)s年未体检人员") % {"year": self.year}

    def get_queryset(self):
        return selectors.health_check_due_list(user=self.request.user, year=self.year)  # the official order

    def get_table_kwargs(self) -> dict:
        return {"state_label": HealthCheckState(selectors.health_check_state_for(year=self.year, done=False)).label}


class HealthCheckCreate(CadreRecordCreate):
    form_class = HealthCheckForm
    title = gettext_lazy("登记健康体检")
    success_url = "care:health_check_list"
    success_message = gettext_lazy("已登记体检。")
    intro = gettext_lazy("只记录是否体检、体检日期、机构和是否需复查，不记录任何体检结果。")

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        return {**kwargs, "initial": {"year": timezone.localdate().year, **kwargs["initial"]}}

    def save(self, data):
        return services.health_check_create(
            actor=self.request.user, cadre=data["cadre"], year=data["year"], data=_without(data, "cadre", "year")
        )


class HealthCheckEdit(FormPage):
    form_class = HealthCheckForm
    selector = selectors.health_check_get
    success_url = "care:health_check_list"

    def get_title(self) -> str:
        return _("修改体检记录：%(name)s %(year)s年") % {"name": self.object.cadre.name, "year": self.object.year}

    def save(self, data):
        return services.health_check_update(actor=self.request.user, check=self.object, data=data)


# ---------------------------------------------------------------- leave


class LeaveRecordList(ListPage):
    title = gettext_lazy("请休假记录")
    table_class = LeaveRecordTable
    filterset_class = LeaveRecordFilter
    create_url = "care:leave_create"
    create_label = gettext_lazy("登记请休假")

    def get_queryset(self):
        return selectors.leave_record_list(user=self.request.user).order_by("-start_date", "-id")


class LeaveCreate(CadreRecordCreate):
    form_class = LeaveRecordForm
    title = gettext_lazy("登记请休假")
    success_url = "care:leave_record_list"
    success_message = gettext_lazy("已登记请休假。")
    intro = gettext_lazy("天数按实际请休假天数填写，法定节假日和休息日不计入年休假（《职工带薪年休假条例》第三条）。")
    service = services.leave_create


class NoAnnualLeave(YearReport):
    """Active cadres entitled to annual leave this year who have taken none (条例 art. 3–5)."""

    table_class = LeaveOverviewTable

    def get_title(self) -> str:
        return _("%(year)s年未休年休假人员") % {"year": self.year}

    def get_queryset(self):
        return selectors.no_annual_leave_report(user=self.request.user, year=self.year)


# ---------------------------------------------------------------- pay


class PayRecordList(ListPage):
    title = gettext_lazy("工资与乡镇工作补贴")
    table_class = PayRecordTable
    filterset_class = PayRecordFilter
    create_url = "care:pay_create"
    create_label = gettext_lazy("登记工资")

    def get_queryset(self):
        # Each month (latest first) by the paying unit (the unit column), then the roster's official order.
        return cadre_selectors.official_order(
            selectors.pay_record_list(user=self.request.user), "cadre__", before=("-month", "unit__path")
        )


class PayCreate(CadreRecordCreate):
    form_class = PayRecordForm
    title = gettext_lazy("登记工资与乡镇工作补贴")
    success_url = "care:pay_record_list"
    success_message = gettext_lazy("已登记工资。")
    service = services.pay_record_create


class TownshipPayReport(ListPage):
    """Township cadres paid below the floor (CARE_TOWNSHIP_PAY_PREMIUM above county-organ peers), with the gap."""

    table_class = TownshipPayTable
    filterset_class = MonthForm

    @property
    def month(self):
        month = getattr(self.filters, "cleaned_data", {}).get("month")
        if month:
            return month.replace(day=1)
        return selectors.latest_pay_month() or timezone.localdate().replace(day=1)

    def get_title(self) -> str:
        return _("%(month)s乡镇干部收入低于标准名单") % {"month": f"{self.month:%Y年%m月}"}

    def get_queryset(self):
        return selectors.township_pay_report(user=self.request.user, month=self.month)

    def get_context_data(self) -> dict:
        premium = int(decimal.Decimal(str(settings.CARE_TOWNSHIP_PAY_PREMIUM)) * 100)
        return {
            "intro": _("标准：乡镇公务员收入不低于县直机关同职级人员平均水平的 %(premium)s%% 以上。")
            % {"premium": 100 + premium}
        }


# ---------------------------------------------------------------- burden-reduction register


class InspectionItemList(ListPage):
    title = gettext_lazy("督查检查考核事项")
    table_class = InspectionItemTable
    filterset_class = InspectionItemFilter
    template_name = "care/inspection_item_list.html"
    create_url = "care:inspection_item_create"
    create_label = gettext_lazy("登记事项")

    def may_create(self) -> bool:
        return policy.is_org_wide(self.request.user)

    def get_queryset(self):
        return selectors.inspection_item_list(user=self.request.user).order_by("-year", "title", "id")

    def get_context_data(self) -> dict:
        counts = selectors.inspection_counts_by_year(user=self.request.user)
        chart = {
            "years": [str(row["year"]) for row in counts],
            "total": [row["total"] for row in counts],
            "active": [row["active"] for row in counts],
        }
        return {"counts": counts, "chart": chart}


class InspectionCounts(ListPage):
    """The register's figures per year (the card beside the register), as an export of its own."""

    title = gettext_lazy("督查检查考核事项年度统计")
    table_class = InspectionCountTable

    def get_queryset(self):
        return selectors.inspection_counts_by_year(user=self.request.user)


def _townships():
    return Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("path")


class InspectionItemCreate(FormPage):
    form_class = InspectionItemForm
    title = gettext_lazy("登记督查检查考核事项")
    success_message = gettext_lazy("已登记事项。")

    def check_access(self) -> None:
        _require_org_staff(self.request)

    def get_form_kwargs(self) -> dict:
        return {"townships": _townships(), "initial": {"year": timezone.localdate().year}}

    def get_success_url(self):
        return lambda item: reverse("care:inspection_item_detail", args=[item.pk])

    def save(self, data):
        return services.inspection_item_create(
            actor=self.request.user, data=_without(data, "target_townships"), townships=data["target_townships"]
        )


@login_required
def inspection_item_detail(request, pk: int):
    """One item with its history; org staff merge it into another item of its year, or retire it."""
    require_staff(request)
    item = selectors.inspection_item_get(user=request.user, pk=pk)
    targets = (
        selectors.inspection_item_list(user=request.user)
        .filter(year=item.year, status=InspectionStatus.ACTIVE)
        .exclude(pk=item.pk)
    )
    merging = request.POST.get("action") == "merge"
    merge_form = MergeForm(request.POST if merging else None, targets=targets)
    retire_form = RetireForm(request.POST if request.POST.get("action") == "retire" else None)
    if request.method == "POST":
        _require_org_staff(request)

    def save(data):
        if merging:
            return services.inspection_item_merge(
                actor=request.user, item=item, into=data["merged_into"], reason=data["reason"]
            )
        return services.inspection_item_retire(actor=request.user, item=item, reason=data["reason"])

    return form_page(
        request,
        form=merge_form if merging else retire_form,
        title=item.title,
        save=save,
        success_url=reverse("care:inspection_item_detail", args=[item.pk]),
        success_message=_("已办理。"),
        template_name="care/inspection_item_detail.html",
        context={
            "item": item,
            "townships": list(item.target_townships.all()),
            "merged_items": list(item.merged_items.all()),
            "history": list(item.history.select_related("history_user").order_by("-history_date")),
            "can_edit": policy.is_org_wide(request.user) and item.status == InspectionStatus.ACTIVE,
            "merge_form": merge_form,
            "retire_form": retire_form,
        },
    )


# ---------------------------------------------------------------- a cadre's own care


@login_required
def my_care(request):
    """我的关爱: the logged-in cadre's own housing, leave (entitlement, taken, balance) and checks."""
    if not request.user.cadre_id:
        return render(request, "cadres/my_record_missing.html")
    cadre = cadre_selectors.own_cadre_get(user=request.user)
    return render(
        request, "care/my_care.html", {"cadre": cadre, **selectors.own_care(cadre=cadre, year=_year(request.GET))}
    )


@login_required
def care_home(request):
    """/care/ itself: staff land on the housing overview, a cadre on his or her own care page."""
    return redirect("care:housing_overview" if policy.is_staff(request.user) else "care:my_care")
