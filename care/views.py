"""Browser pages of the care measures. Thin: check who may come in, read through a selector, write
through a service, render.

Staff pages (housing, checks, leave, pay, the register) answer 403 to a cadre; a record out of the user's
scope answers 404. A cadre's own care is on "我的关爱" and on the cadre page section.
Every list and report exports to Excel with ``?export=xlsx`` added to its own query string.
"""

import copy
import datetime
import decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts import policy
from cadres import selectors as cadre_selectors
from cadres.choices import CadreStatus, UnitKind
from cadres.models import Unit
from care import selectors, services
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
    add_service_errors,
    style_filter_form,
)
from care.tables import (
    FlatTable,
    HealthCheckDueTable,
    HealthCheckTable,
    HousingApplicationTable,
    InspectionItemTable,
    LeaveOverviewTable,
    LeaveRecordTable,
    PayRecordTable,
    TenancyTable,
    TownshipPayTable,
)
from core.access import require_org_wide, require_staff
from core.excel import xlsx_response

PER_PAGE = 25
EXCEL_TYPES = (str, int, float, decimal.Decimal, datetime.date, datetime.datetime, bool)


def _require_org_staff(request) -> None:
    require_org_wide(request, _("督查检查考核事项由组织部统一管理。"))


def _wants_export(request) -> bool:
    return request.GET.get("export") == "xlsx"


def _querystring(request) -> str:
    query = request.GET.copy()
    for key in ("export", "page"):
        query.pop(key, None)
    return query.urlencode()


def _excel_value(value):
    if value is None:
        return ""
    return value if isinstance(value, EXCEL_TYPES) else str(value)


def _table_export(table, *, title: str):
    """The whole table (every page, no action columns) as an Excel download."""
    values = table.as_values()
    headers = [str(header) for header in next(values)]
    rows = ([_excel_value(value) for value in row] for row in values)
    stamp = timezone.localtime().strftime("%Y%m%d_%H%M")
    return xlsx_response(filename=f"{title}_{stamp}.xlsx", sheet_title=title, headers=headers, rows=rows)


def _paginate(request, table) -> None:
    RequestConfig(request, paginate=False).configure(table)
    try:
        table.paginate(page=request.GET.get("page", 1), per_page=PER_PAGE)
    except PageNotAnInteger:
        table.paginate(page=1, per_page=PER_PAGE)
    except EmptyPage:
        table.paginate(page=table.paginator.num_pages, per_page=PER_PAGE)


def _filtered(request, filterset_class, queryset):
    filterset = filterset_class(data=request.GET, queryset=queryset, request=request)
    style_filter_form(filterset.form)
    return filterset, (filterset.qs if filterset.is_valid() else queryset.none())


def _list_page(request, *, title, filterset_class, queryset, table_class, new_url="", new_label="", extra=None):
    filterset, rows = _filtered(request, filterset_class, queryset)
    table = table_class(rows)
    if _wants_export(request):
        RequestConfig(request, paginate=False).configure(table)
        return _table_export(table, title=title)
    _paginate(request, table)
    return render(
        request,
        "care/list.html",
        {
            "title": title,
            "filter": filterset,
            "table": table,
            "total": table.paginator.count,
            "querystring": _querystring(request),
            "new_url": new_url,
            "new_label": new_label,
            **(extra or {}),
        },
    )


def _form_page(request, *, title: str, form, back_url: str, intro: str = ""):
    return render(request, "care/form.html", {"title": title, "form": form, "back_url": back_url, "intro": intro})


def _year(request) -> int:
    form = YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return form.cleaned_data["year"]
    return timezone.localdate().year


def _scoped_cadres(request):
    return cadre_selectors.cadre_list(user=request.user).filter(status=CadreStatus.ACTIVE)


def _cadre_initial(request) -> dict:
    """``?cadre=<id>`` from a cadre page's action button fills the picker (the form still checks the scope)."""
    return {"cadre": request.GET["cadre"]} if request.GET.get("cadre") else {}


# ---------------------------------------------------------------- housing


@login_required
def housing_overview(request):
    """The occupancy report: flats per building, occupied, available, rate; table, chart and Excel."""
    require_staff(request)
    rows = selectors.occupancy_report(user=request.user)
    headers = [
        _("楼栋"),
        _("所在乡镇/单位"),
        _("住房套数"),
        _("在住"),
        _("空置可分配"),
        _("维修中"),
        _("已停用"),
        _("入住率（%）"),
    ]
    table_rows = [
        [r.building.name, r.building.unit.name, r.flats, r.occupied, r.available, r.maintenance, r.retired, r.rate]
        for r in rows
    ]
    if _wants_export(request):
        return xlsx_response(
            filename=f"周转房入住情况_{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title=_("周转房入住情况"),
            headers=headers,
            rows=table_rows,
        )
    totals = {
        "flats": sum(r.flats for r in rows),
        "occupied": sum(r.occupied for r in rows),
        "available": sum(r.available for r in rows),
        "in_use": sum(r.in_use for r in rows),
    }
    totals["rate"] = round(100 * totals["occupied"] / totals["in_use"], 1) if totals["in_use"] else 0.0
    chart = {
        "categories": [r.building.name for r in rows],
        "occupied": [r.occupied for r in rows],
        "available": [r.available for r in rows],
        "other": [r.maintenance for r in rows],
    }
    return render(
        request,
        "care/housing_overview.html",
        {"rows": rows, "totals": totals, "chart": chart, "headers": headers},
    )


@login_required
def flat_list(request):
    require_staff(request)
    return _list_page(
        request,
        title=_("周转房房源"),
        filterset_class=FlatFilter,
        queryset=selectors.flat_list(user=request.user).order_by("building__name", "number", "id"),
        table_class=FlatTable,
        new_url="care:flat_create",
        new_label=_("登记住房"),
        extra={"second_url": "care:building_create", "second_label": _("登记楼栋")},
    )


@login_required
def building_create(request):
    require_staff(request)
    form = BuildingForm(request.POST or None, units=cadre_selectors.unit_list(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            building = services.building_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记楼栋 %(name)s。") % {"name": building.name})
            return redirect("care:flat_list")
    return _form_page(request, title=_("登记楼栋"), form=form, back_url="care:flat_list")


@login_required
def flat_create(request):
    require_staff(request)
    form = FlatForm(request.POST or None, buildings=selectors.building_list(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            flat = services.flat_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记住房 %(flat)s。") % {"flat": flat})
            return redirect("care:flat_list")
    return _form_page(request, title=_("登记住房"), form=form, back_url="care:flat_list")


@login_required
def flat_edit(request, pk: int):
    require_staff(request)
    flat = selectors.flat_get(user=request.user, pk=pk)
    form = FlatForm(
        request.POST or None, instance=copy.copy(flat), buildings=selectors.building_list(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.flat_update(actor=request.user, flat=flat, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存住房 %(flat)s。") % {"flat": flat})
            return redirect("care:flat_list")
    return _form_page(request, title=_("修改住房"), form=form, back_url="care:flat_list")


@login_required
def application_list(request):
    require_staff(request)
    waiting = request.GET.get("view") == "waiting"
    queryset = (
        selectors.waiting_list(user=request.user)
        if waiting
        else selectors.application_list(user=request.user).order_by("-applied_on", "-id")
    )
    return _list_page(
        request,
        title=_("周转房轮候名单") if waiting else _("周转房申请"),
        filterset_class=HousingApplicationFilter,
        queryset=queryset,
        table_class=HousingApplicationTable,
        new_url="care:application_create",
        new_label=_("登记申请"),
        extra={"tabs": True, "waiting": waiting},
    )


@login_required
def application_create(request):
    require_staff(request)
    form = HousingApplicationForm(request.POST or None, cadres=_scoped_cadres(request), initial=_cadre_initial(request))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "cadre"}
        try:
            application = services.application_create(actor=request.user, cadre=form.cleaned_data["cadre"], data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记申请，优先分 %(score)s 分。") % {"score": application.priority_score})
            return redirect("care:application_list")
    return _form_page(
        request,
        title=_("登记周转房申请"),
        form=form,
        back_url="care:application_list",
        intro=_("优先分按组织部设定的权重自动计算：乡镇岗位、第一书记、距离、家庭情况。"),
    )


@login_required
@require_POST
def application_decide(request, pk: int, action: str):
    require_staff(request)
    if action not in ("approve", "reject", "withdraw"):
        raise Http404
    application = selectors.application_get(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "withdraw":
            services.application_withdraw(actor=request.user, application=application, note=note)
        else:
            services.application_decide(
                actor=request.user, application=application, approve=action == "approve", note=note
            )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已办理。"))
    return redirect("care:application_list")


@login_required
def tenancy_list(request):
    require_staff(request)
    return _list_page(
        request,
        title=_("入住记录"),
        filterset_class=TenancyFilter,
        queryset=selectors.tenancy_list(user=request.user).order_by("-start_date", "-id"),
        table_class=TenancyTable,
        new_url="care:tenancy_allocate",
        new_label=_("分配入住"),
    )


@login_required
def tenancy_allocate(request):
    require_staff(request)
    flats = (
        selectors.flat_list(user=request.user).filter(status=FlatStatus.AVAILABLE).order_by("building__name", "number")
    )
    applications = selectors.waiting_list(user=request.user)
    form = AllocationForm(
        request.POST or None,
        flats=flats,
        applications=applications,
        cadres=_scoped_cadres(request),
        initial={"flat": request.GET.get("flat"), "start_date": timezone.localdate(), **_cadre_initial(request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            tenancy = services.tenancy_allocate(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s 已入住 %(flat)s。") % {"name": tenancy.cadre.name, "flat": tenancy.flat}
            )
            return redirect("care:tenancy_list")
    return _form_page(request, title=_("分配入住"), form=form, back_url="care:tenancy_list")


@login_required
def tenancy_end(request, pk: int):
    require_staff(request)
    tenancy = selectors.tenancy_get(user=request.user, pk=pk)
    form = MoveOutForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.tenancy_end(actor=request.user, tenancy=tenancy, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已办理退房。"))
            return redirect("care:tenancy_list")
    return _form_page(
        request, title=_("办理退房：%(name)s") % {"name": tenancy.cadre.name}, form=form, back_url="care:tenancy_list"
    )


# ---------------------------------------------------------------- health checks


@login_required
def health_check_list(request):
    require_staff(request)
    return _list_page(
        request,
        title=_("健康体检记录"),
        filterset_class=HealthCheckFilter,
        queryset=selectors.health_check_list(user=request.user).order_by("-year", "cadre__name_pinyin", "id"),
        table_class=HealthCheckTable,
        new_url="care:health_check_create",
        new_label=_("登记体检"),
    )


@login_required
def health_check_due(request):
    """Who has no done check for the year: due until the end of the due month, overdue after it."""
    require_staff(request)
    year = _year(request)
    state = selectors.health_check_state_for(year=year, done=False)
    queryset = selectors.health_check_due_list(user=request.user, year=year).order_by("unit__path", "name_pinyin", "id")
    table = HealthCheckDueTable(queryset, state_label=HealthCheckState(state).label)
    title = _("%(year)s年未体检人员") % {"year": year}
    if _wants_export(request):
        RequestConfig(request, paginate=False).configure(table)
        return _table_export(table, title=title)
    _paginate(request, table)
    return render(
        request,
        "care/report.html",
        {
            "title": title,
            "table": table,
            "total": table.paginator.count,
            "year": year,
            "querystring": _querystring(request),
            "year_filter": True,
        },
    )


@login_required
def health_check_create(request):
    require_staff(request)
    form = HealthCheckForm(
        request.POST or None,
        cadres=_scoped_cadres(request),
        initial={"year": timezone.localdate().year, **_cadre_initial(request)},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("cadre", "year")}
        try:
            services.health_check_create(
                actor=request.user, cadre=form.cleaned_data["cadre"], year=form.cleaned_data["year"], data=data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记体检。"))
            return redirect("care:health_check_list")
    return _form_page(
        request,
        title=_("登记健康体检"),
        form=form,
        back_url="care:health_check_list",
        intro=_("只记录是否体检、体检日期、机构和是否需复查，不记录任何体检结果。"),
    )


@login_required
def health_check_edit(request, pk: int):
    require_staff(request)
    check = selectors.health_check_get(user=request.user, pk=pk)
    form = HealthCheckForm(request.POST or None, instance=copy.copy(check))
    if request.method == "POST" and form.is_valid():
        try:
            services.health_check_update(actor=request.user, check=check, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("care:health_check_list")
    return _form_page(
        request,
        title=_("修改体检记录：%(name)s %(year)s年") % {"name": check.cadre.name, "year": check.year},
        form=form,
        back_url="care:health_check_list",
    )


# ---------------------------------------------------------------- leave


@login_required
def leave_record_list(request):
    require_staff(request)
    return _list_page(
        request,
        title=_("请休假记录"),
        filterset_class=LeaveRecordFilter,
        queryset=selectors.leave_record_list(user=request.user).order_by("-start_date", "-id"),
        table_class=LeaveRecordTable,
        new_url="care:leave_create",
        new_label=_("登记请休假"),
    )


@login_required
def leave_create(request):
    require_staff(request)
    form = LeaveRecordForm(request.POST or None, cadres=_scoped_cadres(request), initial=_cadre_initial(request))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "cadre"}
        try:
            services.leave_create(actor=request.user, cadre=form.cleaned_data["cadre"], data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记请休假。"))
            return redirect("care:leave_record_list")
    return _form_page(
        request,
        title=_("登记请休假"),
        form=form,
        back_url="care:leave_record_list",
        intro=_("天数按实际请休假天数填写，法定节假日和休息日不计入年休假（《职工带薪年休假条例》第三条）。"),
    )


@login_required
def no_annual_leave(request):
    """Active cadres entitled to annual leave this year who have taken none (条例 art. 3–5)."""
    require_staff(request)
    year = _year(request)
    rows = selectors.no_annual_leave_report(user=request.user, year=year)
    table = LeaveOverviewTable(rows)
    title = _("%(year)s年未休年休假人员") % {"year": year}
    if _wants_export(request):
        return _table_export(table, title=title)
    _paginate(request, table)
    return render(
        request,
        "care/report.html",
        {
            "title": title,
            "table": table,
            "total": len(rows),
            "year": year,
            "querystring": _querystring(request),
            "year_filter": True,
        },
    )


# ---------------------------------------------------------------- pay


@login_required
def pay_record_list(request):
    require_staff(request)
    return _list_page(
        request,
        title=_("工资与乡镇工作补贴"),
        filterset_class=PayRecordFilter,
        queryset=selectors.pay_record_list(user=request.user).order_by("-month", "cadre__name_pinyin", "id"),
        table_class=PayRecordTable,
        new_url="care:pay_create",
        new_label=_("登记工资"),
    )


@login_required
def pay_create(request):
    require_staff(request)
    form = PayRecordForm(request.POST or None, cadres=_scoped_cadres(request), initial=_cadre_initial(request))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "cadre"}
        try:
            services.pay_record_create(actor=request.user, cadre=form.cleaned_data["cadre"], data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记工资。"))
            return redirect("care:pay_record_list")
    return _form_page(request, title=_("登记工资与乡镇工作补贴"), form=form, back_url="care:pay_record_list")


@login_required
def township_pay_report(request):
    """Township cadres paid below the floor (CARE_TOWNSHIP_PAY_PREMIUM above county-organ peers), with the gap."""
    require_staff(request)
    form = MonthForm(request.GET)
    month = form.cleaned_data["month"].replace(day=1) if form.is_valid() and form.cleaned_data["month"] else None
    month = month or selectors.latest_pay_month() or timezone.localdate().replace(day=1)
    rows = selectors.township_pay_report(user=request.user, month=month)
    table = TownshipPayTable(rows)
    title = _("%(month)s乡镇干部收入低于标准名单") % {"month": f"{month:%Y年%m月}"}
    if _wants_export(request):
        return _table_export(table, title=title)
    _paginate(request, table)
    premium = int(decimal.Decimal(str(settings.CARE_TOWNSHIP_PAY_PREMIUM)) * 100)
    return render(
        request,
        "care/report.html",
        {
            "title": title,
            "table": table,
            "total": len(rows),
            "month": month,
            "querystring": _querystring(request),
            "month_filter": True,
            "intro": _("标准：乡镇公务员收入不低于县直机关同职级人员平均水平的 %(premium)s%% 以上。")
            % {"premium": 100 + premium},
        },
    )


# ---------------------------------------------------------------- burden-reduction register


@login_required
def inspection_item_list(request):
    require_staff(request)
    counts = selectors.inspection_counts_by_year(user=request.user)
    chart = {
        "years": [str(row["year"]) for row in counts],
        "total": [row["total"] for row in counts],
        "active": [row["active"] for row in counts],
    }
    return _list_page(
        request,
        title=_("督查检查考核事项"),
        filterset_class=InspectionItemFilter,
        queryset=selectors.inspection_item_list(user=request.user).order_by("-year", "title", "id"),
        table_class=InspectionItemTable,
        new_url="care:inspection_item_create" if policy.is_org_wide(request.user) else "",
        new_label=_("登记事项"),
        extra={"counts": counts, "chart": chart, "inspection": True},
    )


@login_required
def inspection_counts_export(request):
    require_staff(request)
    counts = selectors.inspection_counts_by_year(user=request.user)
    return xlsx_response(
        filename=f"督查检查考核事项年度统计_{timezone.localdate():%Y%m%d}.xlsx",
        sheet_title=_("年度统计"),
        headers=[_("年度"), _("登记事项"), _("保留"), _("已合并"), _("已取消")],
        rows=[[r["year"], r["total"], r["active"], r["merged"], r["retired"]] for r in counts],
    )


def _townships():
    return Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("path")


@login_required
def inspection_item_create(request):
    _require_org_staff(request)
    form = InspectionItemForm(request.POST or None, townships=_townships(), initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "target_townships"}
        try:
            item = services.inspection_item_create(
                actor=request.user, data=data, townships=form.cleaned_data["target_townships"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记事项。"))
            return redirect("care:inspection_item_detail", pk=item.pk)
    return _form_page(request, title=_("登记督查检查考核事项"), form=form, back_url="care:inspection_item_list")


@login_required
def inspection_item_detail(request, pk: int):
    require_staff(request)
    item = selectors.inspection_item_get(user=request.user, pk=pk)
    can_edit = policy.is_org_wide(request.user) and item.status == InspectionStatus.ACTIVE
    targets = (
        selectors.inspection_item_list(user=request.user)
        .filter(year=item.year, status=InspectionStatus.ACTIVE)
        .exclude(pk=item.pk)
    )
    merge_form = MergeForm(request.POST if request.POST.get("action") == "merge" else None, targets=targets)
    retire_form = RetireForm(request.POST if request.POST.get("action") == "retire" else None)
    if request.method == "POST":
        _require_org_staff(request)
        form = merge_form if request.POST.get("action") == "merge" else retire_form
        if form.is_valid():
            try:
                if form is merge_form:
                    services.inspection_item_merge(
                        actor=request.user,
                        item=item,
                        into=form.cleaned_data["merged_into"],
                        reason=form.cleaned_data["reason"],
                    )
                else:
                    services.inspection_item_retire(actor=request.user, item=item, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已办理。"))
                return redirect("care:inspection_item_detail", pk=item.pk)
    return render(
        request,
        "care/inspection_item_detail.html",
        {
            "item": item,
            "townships": list(item.target_townships.all()),
            "merged_items": list(item.merged_items.all()),
            "history": list(item.history.select_related("history_user").order_by("-history_date")),
            "can_edit": can_edit,
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
        request, "care/my_care.html", {"cadre": cadre, **selectors.own_care(cadre=cadre, year=_year(request))}
    )


@login_required
def care_home(request):
    """/care/ itself: staff land on the housing overview, a cadre on his or her own care page."""
    return redirect("care:housing_overview" if policy.is_staff(request.user) else "care:my_care")
