"""Browser pages of postings (实践锻炼). Thin: check who may come in, read through selectors, write through services.

Pages only staff use answer 403 to a cadre; a posting out of the user's scope answers 404, so nothing leaks.
"""

import datetime
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts import policy
from accounts.policy import Action
from cadres import selectors as cadre_selectors
from cadres.forms import add_service_errors, style_filter_form
from core.access import require_staff
from core.excel import template_response, xlsx_response
from core.periods import add_months, month_first_day
from postings import imports, rules, selectors, services
from postings.choices import PostingKind, PostingStatus, VillageCategory
from postings.filters import PostingFilter
from postings.forms import (
    EndForm,
    EvaluationForm,
    ExtendForm,
    ImportForm,
    PostingForm,
    PresenceForm,
    RecallForm,
    TimelineWindowForm,
    VillageProfileForm,
)
from postings.tables import FirstSecretaryTable, PostingTable

PER_PAGE = 25
EXPORT_HEADERS = [
    "姓名",
    "身份证号",
    "锻炼类型",
    "一线类别/交流方向",
    "派出单位",
    "接收单位/村",
    "锻炼任务",
    "开始日期",
    "计划结束日期",
    "实际结束日期",
    "状态",
    "接收单位鉴定",
]


def _staff_context(request, **context) -> dict:
    """Context shared by the staff pages: the sub-navigation's count of open reminders (one query)."""
    return {"open_reminders": selectors.open_reminder_count(user=request.user), **context}


def _paginate(request, table) -> None:
    """Sort by the request and show one page: a COUNT and a LIMIT query, never the whole list."""
    RequestConfig(request, paginate=False).configure(table)
    try:
        table.paginate(page=request.GET.get("page", 1), per_page=PER_PAGE)
    except PageNotAnInteger:
        table.paginate(page=1, per_page=PER_PAGE)
    except EmptyPage:
        table.paginate(page=table.paginator.num_pages, per_page=PER_PAGE)


def _filtered(request, queryset):
    filterset = PostingFilter(data=request.GET or None, queryset=queryset, request=request)
    filtered = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    if filterset.is_bound and not filterset.is_valid():
        filtered = queryset.none()
    return filterset, filtered


def _style(filterset) -> None:
    style_filter_form(filterset.form)


# ---------------------------------------------------------------- lists


@login_required
def posting_list(request):
    require_staff(request)
    filterset, queryset = _filtered(request, selectors.posting_list(user=request.user))
    _style(filterset)
    table = PostingTable(queryset)
    _paginate(request, table)
    return render(
        request,
        "postings/posting_list.html",
        _staff_context(
            request,
            filter=filterset,
            table=table,
            title=_("实践锻炼"),
            querystring=request.GET.urlencode(),
            export_url="postings:posting_export",
        ),
    )


def _export_rows(queryset):
    for posting in queryset.order_by("home_unit__path", "planned_start", "id").iterator(chunk_size=2000):
        yield [
            posting.cadre.name,
            posting.cadre.masked_id_number,
            posting.get_kind_display(),
            posting.kind_detail_display,
            posting.home_unit.name,
            posting.host_name,
            posting.purpose,
            posting.planned_start,
            posting.planned_end,
            posting.actual_end,
            posting.get_status_display(),
            posting.get_evaluation_grade_display() if posting.evaluation_grade else "",
        ]


@login_required
def posting_export(request):
    require_staff(request)
    _filterset, queryset = _filtered(request, selectors.posting_list(user=request.user))
    return xlsx_response(
        filename=f"实践锻炼_{timezone.localtime():%Y%m%d_%H%M}.xlsx",
        sheet_title=_("实践锻炼"),
        headers=EXPORT_HEADERS,
        rows=_export_rows(queryset),
    )


@login_required
def first_secretary_list(request):
    require_staff(request)
    queryset = selectors.first_secretary_list(user=request.user)
    filterset, queryset = _filtered(request, queryset)
    _style(filterset)
    for name in ("kind", "front_line", "exchange_direction", "external"):
        filterset.form.fields.pop(name)
    table = FirstSecretaryTable(queryset)
    _paginate(request, table)
    return render(
        request,
        "postings/posting_list.html",
        _staff_context(
            request,
            filter=filterset,
            table=table,
            title=_("第一书记"),
            querystring=request.GET.urlencode(),
            export_url="postings:first_secretary_export",
        ),
    )


@login_required
def first_secretary_export(request):
    require_staff(request)
    _filterset, queryset = _filtered(request, selectors.first_secretary_list(user=request.user))
    return xlsx_response(
        filename=f"第一书记_{timezone.localtime():%Y%m%d_%H%M}.xlsx",
        sheet_title=_("第一书记"),
        headers=EXPORT_HEADERS,
        rows=_export_rows(queryset),
    )


@login_required
def ending_soon(request):
    require_staff(request)
    days = settings.POSTINGS_ENDING_SOON_DAYS
    table = PostingTable(selectors.ending_soon(user=request.user, today=timezone.localdate(), days=days))
    _paginate(request, table)
    return render(
        request,
        "postings/ending_soon.html",
        _staff_context(request, table=table, days=days),
    )


def _month_param(request) -> datetime.date:
    text = request.GET.get("month", "")
    try:
        return datetime.date.fromisoformat(f"{text}-01") if text else _previous_month()
    except ValueError:
        return _previous_month()


def _previous_month() -> datetime.date:
    return add_months(month_first_day(timezone.localdate()), -1)


@login_required
def low_presence(request):
    require_staff(request)
    month = _month_param(request)
    rows = selectors.low_presence(user=request.user, month=month)
    return render(
        request,
        "postings/low_presence.html",
        _staff_context(request, rows=rows, month=month, ratio=settings.POSTINGS_PRESENCE_MIN_RATIO),
    )


@login_required
def village_list(request):
    require_staff(request)
    villages = selectors.village_list(user=request.user)
    category = request.GET.get("category", "")
    if category in VillageCategory.values:
        villages = villages.filter(**{f"village_profile__{category}": True})
    if request.GET.get("without_secretary") == "1":
        villages = villages.exclude(
            postings_hosted__kind=PostingKind.FIRST_SECRETARY, postings_hosted__status=PostingStatus.SERVING
        )
    page = Paginator(villages, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "postings/village_list.html",
        _staff_context(
            request,
            page=page,
            categories=VillageCategory.choices,
            category=category,
            without_secretary=request.GET.get("without_secretary") == "1",
            querystring=query.urlencode(),
        ),
    )


@login_required
def village_edit(request, unit_pk: int):
    require_staff(request)
    unit = selectors.village_profile_get(user=request.user, unit_pk=unit_pk)
    profile = getattr(unit, "village_profile", None)
    form = VillageProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.village_profile_save(actor=request.user, unit=unit, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存 %(name)s 的村情档案。") % {"name": unit.name})
            return redirect("postings:village_list")
    return render(request, "postings/village_form.html", _staff_context(request, form=form, unit=unit))


@login_required
def reminder_list(request):
    require_staff(request)
    include_dismissed = request.GET.get("all") == "1"
    page = Paginator(
        selectors.reminder_list(user=request.user, include_dismissed=include_dismissed), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "postings/reminder_list.html",
        _staff_context(
            request, page=page, include_dismissed=include_dismissed, querystring="all=1" if include_dismissed else ""
        ),
    )


@login_required
@require_POST
def reminder_dismiss(request, pk: int):
    require_staff(request)
    reminder = get_object_or_404(selectors.reminder_list(user=request.user), pk=pk)
    services.reminder_dismiss(actor=request.user, reminder=reminder)
    messages.success(request, _("提醒已处理。"))
    return redirect("postings:reminder_list")


@login_required
def statistics(request):
    require_staff(request)
    return render(
        request,
        "postings/statistics.html",
        _staff_context(request, stats=selectors.statistics(user=request.user)),
    )


# ---------------------------------------------------------------- timeline


@login_required
def timeline_index(request):
    require_staff(request)
    unit_pk = request.GET.get("unit", "")
    if unit_pk.isdigit():
        return redirect("postings:unit_timeline", unit_pk=int(unit_pk))
    units = cadre_selectors.unit_list(user=request.user).exclude(kind__in=["village", "community"])
    return render(request, "postings/timeline_index.html", _staff_context(request, units=units))


@login_required
def unit_timeline(request, unit_pk: int):
    require_staff(request)
    unit = cadre_selectors.unit_get(user=request.user, pk=unit_pk)
    default_start, default_end = selectors.default_timeline_window(timezone.localdate())
    form = TimelineWindowForm(request.GET or None, initial={"start": default_start, "end": default_end})
    start, end = default_start, default_end
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or default_start
        end = form.cleaned_data["end"] or default_end
        if end < start or (end - start).days > 366 * 10:
            start, end = default_start, default_end
            messages.warning(request, _("时间范围无效（最长十年），已显示默认范围。"))
    rows = selectors.unit_timeline(user=request.user, unit=unit, start=start, end=end)
    return render(
        request,
        "postings/unit_timeline.html",
        _staff_context(
            request,
            unit=unit,
            form=form,
            rows=rows,
            window={"start": start.isoformat(), "end": end.isoformat()},
        ),
    )


# ---------------------------------------------------------------- one posting


@login_required
def posting_detail(request, pk: int):
    posting = selectors.posting_detail_get(user=request.user, pk=pk)
    return render(
        request,
        "postings/posting_detail.html",
        {
            "posting": posting,
            "can_direct": policy.may(request.user, Action.DIRECT, posting),
            "can_host": policy.may(request.user, Action.HOST, posting),
            "extensions": posting.extensions.all(),
            "presences": posting.presences.all(),
            "is_open": posting.status in (PostingStatus.PLANNED, PostingStatus.SERVING),
        },
    )


@login_required
def posting_create(request):
    require_staff(request)
    cadres = cadre_selectors.cadre_list(user=request.user)
    units = cadre_selectors.unit_list(user=request.user)
    form = PostingForm(request.POST or None, cadres=cadres, units=units, initial={"cadre": request.GET.get("cadre")})
    if request.method == "POST" and form.is_valid():
        try:
            external_host = None
            if form.cleaned_data["external_host_name"]:
                external_host = services.external_host_get_or_create(
                    actor=request.user,
                    name=form.cleaned_data["external_host_name"],
                    region=form.cleaned_data["external_host_region"],
                )
            posting = services.posting_create(
                actor=request.user,
                data=form.service_data(external_host=external_host),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记 %(name)s 的实践锻炼。") % {"name": posting.cadre.name})
            return redirect("postings:posting_detail", pk=posting.pk)
    return render(request, "postings/posting_form.html", _staff_context(request, form=form, title=_("登记实践锻炼")))


def _action(request, pk: int, form_class, perform, title: str, action: Action = Action.DIRECT):
    """A change of one posting: non-staff and out of scope get 404, staff who may not do it 403.

    The home side directs a posting (extend, end, recall); the host side records presence and evaluation.
    """
    if not policy.is_staff(request.user):
        raise Http404
    posting = selectors.posting_get(user=request.user, pk=pk)
    if not policy.may(request.user, action, posting):
        raise PermissionDenied(_("您没有管理该实践锻炼的权限。"))
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            perform(posting, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("postings:posting_detail", pk=posting.pk)
    return render(
        request,
        "postings/posting_action.html",
        _staff_context(request, form=form, posting=posting, title=title),
    )


@login_required
def posting_extend(request, pk: int):
    return _action(
        request,
        pk,
        ExtendForm,
        lambda posting, data: services.posting_extend(
            actor=request.user, posting=posting, new_end=data["new_end"], reason=data["reason"]
        ),
        _("延期"),
    )


@login_required
def posting_end(request, pk: int):
    return _action(
        request,
        pk,
        EndForm,
        lambda posting, data: services.posting_end(
            actor=request.user, posting=posting, actual_end=data["actual_end"], reason=data["reason"]
        ),
        _("结束实践锻炼"),
    )


@login_required
def posting_recall(request, pk: int):
    return _action(
        request,
        pk,
        RecallForm,
        lambda posting, data: services.posting_recall(
            actor=request.user, posting=posting, on=data["on"], reason=data["reason"]
        ),
        _("召回"),
    )


@login_required
def posting_evaluate(request, pk: int):
    return _action(
        request,
        pk,
        EvaluationForm,
        lambda posting, data: services.posting_evaluate(
            actor=request.user, posting=posting, grade=data["grade"], comment=data["comment"], on=data["on"]
        ),
        _("接收单位鉴定"),
        Action.HOST,
    )


@login_required
def presence_record(request, pk: int):
    return _action(
        request,
        pk,
        PresenceForm,
        lambda posting, data: services.presence_record(
            actor=request.user, posting=posting, month=data["month"], days=data["days"]
        ),
        _("登记月度在岗天数"),
        Action.HOST,
    )


# ---------------------------------------------------------------- import


@login_required
def posting_import(request):
    require_staff(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.postings_import(
                actor=request.user,
                file_obj=io.BytesIO(form.cleaned_data["file"].read()),
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if report.applied:
                messages.success(request, _("已导入 %(n)s 条实践锻炼。") % {"n": report.created})
    return render(request, "postings/posting_import.html", _staff_context(request, form=form, report=report))


@login_required
def import_template(request):
    require_staff(request)
    return template_response(
        filename="实践锻炼导入模板.xlsx",
        sheet_title=_("实践锻炼"),
        headers=list(imports.COLUMNS),
        example_rows=imports.EXAMPLE_ROWS,
        notes=[
            _("锻炼类型：挂职锻炼、第一书记、一线锻炼、双向交流。"),
            _("一线锻炼填写一线类别：乡村基层、重点工作、改革发展、项目建设、服务群众。"),
            _("双向交流填写交流方向：县直机关→乡镇、乡镇→县直机关、跟班学习。"),
            _("接收单位在县内填写单位编码；在县外填写县外接收单位和所在地区。派出单位不填则为干部的工作单位。"),
            _("状态按日期确定：开始日期在今天之后为拟派出，计划结束日期在今天之前为期满结束，其余为在岗。"),
        ],
    )


# ---------------------------------------------------------------- my postings


@login_required
def my_postings(request):
    cadre = cadre_selectors.own_cadre_get(user=request.user)
    return render(request, "postings/my_postings.html", {"cadre": cadre, **section_context(request, cadre)})


def section_context(request, cadre) -> dict:
    """The "实践锻炼" section of a cadre's page: the postings and the grassroots experience (one query)."""
    postings = selectors.cadre_postings(cadre=cadre)
    experience = selectors.grassroots_experience_of(postings=postings, on=timezone.localdate())
    return {
        "postings": postings,
        "grassroots": experience,
        "grassroots_met": rules.meets_grassroots_requirement(
            experience=experience, min_years=settings.POSTINGS_GRASSROOTS_MIN_YEARS
        ),
        "grassroots_min_years": settings.POSTINGS_GRASSROOTS_MIN_YEARS,
    }
