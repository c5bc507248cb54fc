"""Pages of the training area: thin, they validate input and call a service or a selector."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts import policy
from cadres.filters import CadreFilter
from cadres.selectors import cadre_list
from core.access import require_org_wide, require_staff
from core.excel import template_response, xlsx_response
from core.private_files import private_file_response, private_file_view
from training import exports, imports, selectors, services
from training.choices import SEAT_HOLDING_STATUSES, AttendanceStatus, CourseStatus, EnrolmentStatus
from training.filters import CourseFilter, ExternalHoursFilter
from training.forms import (
    AttendanceImportForm,
    CourseForm,
    EnrolOneForm,
    ExternalHoursForm,
    ReviewForm,
    SessionForm,
)
from training.models import Attendance, CourseSession
from training.tables import CourseTable, ExternalHoursTable

PER_PAGE = 25


def _require_course_manager(request) -> None:
    require_org_wide(request, _("只有组织部工作人员可以管理培训班。"))


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _redirect_back(request, fallback: str):
    """Redirect to the posted ``next`` page if it is a path on this site, else to ``fallback``."""
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(fallback)


# ---------------------------------------------------------------- courses


@login_required
def course_list(request):
    filterset = CourseFilter(request.GET, queryset=selectors.course_list(user=request.user))
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="培训班.xlsx",
            sheet_title=_("培训班"),
            headers=exports.COURSE_HEADERS,
            rows=exports.course_rows(queryset),
        )
    table = CourseTable(queryset.order_by("-start_date", "-id"))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "training/course_list.html", {"filter": filterset, "table": table})


@login_required
def course_create(request):
    _require_course_manager(request)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "audience_units"}
        try:
            course = services.course_create(
                actor=request.user, data=data, audience_units=form.cleaned_data["audience_units"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("培训班已创建（草稿）。"))
            return redirect("training:course_detail", pk=course.pk)
    return render(request, "training/course_form.html", {"form": form})


@login_required
def course_edit(request, pk: int):
    _require_course_manager(request)
    course = selectors.course_get(user=request.user, pk=pk)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "audience_units"}
        try:
            services.course_update(
                actor=request.user, course=course, data=data, audience_units=form.cleaned_data["audience_units"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("培训班已保存。"))
            return redirect("training:course_detail", pk=course.pk)
    return render(request, "training/course_form.html", {"form": form, "course": course})


@login_required
def course_detail(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk)
    enrolments = list(
        selectors.enrolment_list(user=request.user).filter(course=course).order_by("seat", "waiting_position", "id")
    )
    waiting_rank = {e.pk: index for index, e in enumerate((e for e in enrolments if e.status == "waiting"), start=1)}
    mine = next((e for e in enrolments if e.cadre_id == request.user.cadre_id), None) if request.user.cadre_id else None
    can_sign_up = False
    if request.user.cadre_id and (mine is None or mine.status == EnrolmentStatus.WITHDRAWN):
        can_sign_up = any(
            c.pk == course.pk
            for c in selectors.open_courses_for_cadre(cadre=request.user.cadre, today=timezone.localdate())
        )
    context = {
        "course": course,
        "sessions": list(selectors.course_sessions(course=course)),
        "enrolments": enrolments,
        "waiting_rank": waiting_rank,
        "mine": mine,
        "can_sign_up": can_sign_up,
        "session_form": SessionForm(),
        "enrol_form": (
            EnrolOneForm(cadres=cadre_list(user=request.user), initial={"cadre": request.GET.get("cadre")})
            if policy.is_staff(request.user)
            else None
        ),
        "transitions": [CourseStatus(t) for t in services.rules.COURSE_TRANSITIONS[course.status]],
        "holding": SEAT_HOLDING_STATUSES,
    }
    return render(request, "training/course_detail.html", context)


@login_required
@require_POST
def course_transition(request, pk: int):
    _require_course_manager(request)
    course = selectors.course_get(user=request.user, pk=pk)
    try:
        services.course_transition(actor=request.user, course=course, target=request.POST.get("target", ""))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("培训班状态已更新。"))
    return redirect("training:course_detail", pk=course.pk)


@login_required
@require_POST
def session_create(request, pk: int):
    _require_course_manager(request)
    course = selectors.course_get(user=request.user, pk=pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.course_session_create(actor=request.user, course=course, data=form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("课次已添加。"))
    else:
        messages.error(
            request, _("课次信息有误：%(errors)s") % {"errors": "；".join(m for e in form.errors.values() for m in e)}
        )
    return redirect("training:course_detail", pk=course.pk)


# ---------------------------------------------------------------- enrolment


@login_required
@require_POST
def enrol_one(request, pk: int):
    require_staff(request)
    course = selectors.course_get(user=request.user, pk=pk)
    form = EnrolOneForm(request.POST, cadres=cadre_list(user=request.user))
    cadre = form.cleaned_data["cadre"] if form.is_valid() else None
    if cadre is None:
        messages.error(request, _("请选择您管理范围内的干部。"))
        return redirect("training:course_detail", pk=course.pk)
    try:
        enrolment = services.enrolment_create(actor=request.user, course=course, cadre=cadre)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(
            request, _("%(name)s：%(status)s。") % {"name": cadre.name, "status": enrolment.get_status_display()}
        )
    return redirect("training:course_detail", pk=course.pk)


@login_required
def enrol_bulk(request, pk: int):
    """Enrol every cadre of a cadre-list filter (the querystring of the cadre list)."""
    require_staff(request)
    course = selectors.course_get(user=request.user, pk=pk)
    filterset = CadreFilter(request.GET, queryset=cadre_list(user=request.user), request=request)
    cadres = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    if request.method == "POST":
        if not request.GET:
            messages.error(request, _("请先设置筛选条件。"))
            return redirect(request.get_full_path())
        try:
            result = services.enrolment_bulk_create(actor=request.user, course=course, cadres=cadres)
        except ValidationError as error:
            _errors(request, error)
            return redirect(request.get_full_path())
        messages.success(
            request,
            _("批量报名完成：正式%(enrolled)s人，候补%(waiting)s人，已在班跳过%(skipped)s人。")
            % {"enrolled": result.enrolled, "waiting": result.waiting, "skipped": result.skipped},
        )
        return redirect("training:course_detail", pk=course.pk)
    preview = list(cadres.order_by("unit__path", "name_pinyin", "id")[:50])
    return render(
        request,
        "training/enrol_bulk.html",
        {
            "course": course,
            "filter": filterset,
            "count": cadres.count(),
            "preview": preview,
            "filtered": bool(request.GET),
        },
    )


@login_required
@require_POST
def sign_up(request, pk: int):
    """A cadre signs himself or herself up."""
    if not request.user.cadre_id:
        raise Http404
    course = selectors.course_get(user=request.user, pk=pk)
    try:
        enrolment = services.enrolment_create(actor=request.user, course=course, cadre=request.user.cadre)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("报名成功：%(status)s。") % {"status": enrolment.get_status_display()})
    return _redirect_back(request, reverse("training:course_detail", args=[course.pk]))


@login_required
@require_POST
def enrolment_withdraw(request, pk: int):
    enrolment = selectors.enrolment_get(user=request.user, pk=pk)
    try:
        services.enrolment_withdraw(actor=request.user, enrolment=enrolment, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("已退出培训班。"))
    return _redirect_back(request, reverse("training:course_detail", args=[enrolment.course_id]))


@login_required
def certificate(request, pk: int):
    enrolment = selectors.enrolment_get(user=request.user, pk=pk)
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise Http404
    return render(request, "training/certificate.html", {"enrolment": enrolment, "course": enrolment.course})


# ---------------------------------------------------------------- attendance


@login_required
def session_attendance(request, pk: int):
    require_staff(request)
    session = get_object_or_404(CourseSession.objects.select_related("course"), pk=pk)
    course = session.course
    enrolments = list(
        selectors.enrolment_list(user=request.user)
        .filter(course=course, status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.DISMISSED])
        .order_by("seat", "id")
    )
    marks = {a.enrolment_id: a for a in Attendance.objects.filter(session=session, enrolment__in=enrolments)}
    if request.method == "POST":
        items, problems = [], []
        for enrolment in enrolments:
            if enrolment.status != EnrolmentStatus.ENROLLED:
                continue
            status = request.POST.get(f"status_{enrolment.pk}")
            if not status:
                continue
            try:
                leave = services.parse_decimal(request.POST.get(f"leave_{enrolment.pk}"), field_label=_("请假学时"))
            except ValidationError as error:
                problems.append(f"{enrolment.cadre.name}：{error.messages[0]}")
                continue
            item = services.AttendanceItem(enrolment=enrolment, session=session, status=status, leave_hours=leave)
            problems += [f"{enrolment.cadre.name}：{m}" for m in services.attendance_problems(item)]
            items.append(item)
        if not problems:
            try:
                dismissed = services.attendance_record(actor=request.user, items=items)
            except (ValidationError, PermissionDenied) as error:
                problems = error.messages if isinstance(error, ValidationError) else [str(error)]
            else:
                messages.success(request, _("考勤已保存（%(count)s人）。") % {"count": len(items)})
                for enrolment in dismissed:
                    messages.warning(request, f"{enrolment.cadre.name}：{enrolment.status_reason}")
                return redirect("training:session_attendance", pk=session.pk)
        for problem in problems:
            messages.error(request, problem)
    rows = [(enrolment, marks.get(enrolment.pk)) for enrolment in enrolments]
    return render(
        request,
        "training/session_attendance.html",
        {"session": session, "course": course, "rows": rows, "statuses": AttendanceStatus.choices},
    )


@login_required
def attendance_import(request, pk: int):
    require_staff(request)
    course = selectors.course_get(user=request.user, pk=pk)
    if request.GET.get("template"):
        return template_response(
            filename="考勤导入模板.xlsx",
            sheet_title=_("考勤"),
            headers=["身份证号*", "日期*", "考勤*", "请假学时", "备注"],
            example_rows=[["513329198001010011", course.start_date, "请假", 2, "因公"]],
            notes=[
                _("考勤填写：出勤、请假或缺勤。请假须填写请假学时，且不超过该课次学时。"),
                _("日期须为本班某一课次的日期。"),
            ],
        )
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.attendance_import(
                actor=request.user,
                course=course,
                file_obj=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if report.applied:
                messages.success(
                    request, _("导入完成：新增%(c)s条，更新%(u)s条。") % {"c": report.created, "u": report.updated}
                )
    return render(request, "training/attendance_import.html", {"course": course, "form": form, "report": report})


# ---------------------------------------------------------------- hours from elsewhere


@login_required
def external_list(request):
    filterset = ExternalHoursFilter(request.GET, queryset=selectors.external_hours_list(user=request.user))
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    table = ExternalHoursTable(queryset.order_by("-end_date", "-id"), request=request)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request, "training/external_list.html", {"filter": filterset, "table": table, "review_form": ReviewForm()}
    )


@login_required
def external_create(request):
    user = request.user
    if not (policy.is_staff(user) or user.cadre_id):
        raise Http404
    ask_cadre = policy.is_staff(user)
    form = ExternalHoursForm(
        request.POST or None,
        request.FILES or None,
        cadres=cadre_list(user=user) if ask_cadre else None,
        initial={"cadre": request.GET.get("cadre")},
    )
    if request.method == "POST" and form.is_valid():
        cadre = form.cleaned_data["cadre"] if ask_cadre else user.cadre
        if cadre is None:
            form.add_error(None, _("请选择干部。"))
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("evidence", "cadre")}
            try:
                services.external_hours_submit(
                    actor=user, cadre=cadre, data=data, evidence=form.cleaned_data["evidence"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已提交，待审核认定后计入学时。"))
                return redirect("training:my_training" if not ask_cadre else "training:external_list")
    return render(request, "training/external_form.html", {"form": form})


@login_required
@require_POST
def external_review(request, pk: int):
    require_staff(request)
    record = selectors.external_hours_get(user=request.user, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.external_hours_review(
                actor=request.user, record=record, approve=form.cleaned_data["approve"], note=form.cleaned_data["note"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("审核完成。"))
    else:
        messages.error(request, _("请选择审核结果。"))
    return redirect("training:external_list")


@private_file_view
def external_evidence(request, pk: int):
    """The uploaded evidence, to users whose scope holds the cadre (anyone else, anonymous too: 404)."""
    record = selectors.external_hours_get(user=request.user, pk=pk)
    return private_file_response(record.evidence)


# ---------------------------------------------------------------- compliance


def _on_date(request) -> datetime.date:
    year = request.GET.get("year", "")
    today = timezone.localdate()
    if year.isdigit() and 2000 <= int(year) <= today.year:
        return datetime.date(int(year), 12, 31) if int(year) < today.year else today
    return today


@login_required
def compliance_report(request):
    require_staff(request)
    on_date = _on_date(request)
    filterset = CadreFilter(request.GET, queryset=cadre_list(user=request.user), request=request)
    cadres = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    online = request.GET.get("online", "")
    report = selectors.compliance_report(cadres=cadres, on_date=on_date, online=online)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"培训学时达标情况_{on_date:%Y%m%d}.xlsx",
            sheet_title=_("学时达标"),
            headers=exports.COMPLIANCE_HEADERS,
            rows=exports.compliance_rows(report),
        )
    shortfalls = sorted(
        report.listed, key=lambda r: (report.cadres_by_id[r.cadre_id][1], -r.shortfall, -r.online_shortfall)
    )
    page = Paginator(shortfalls, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "training/compliance_report.html",
        {
            "filter": filterset,
            "report": report,
            "page": page,
            "rows": [(result, *report.cadres_by_id[result.cadre_id]) for result in page],
            "query": query.urlencode(),
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 10, -1)),
            "online_choices": [
                (selectors.ONLINE_NOT_MET, _("未达到最低学时")),
                (selectors.ONLINE_MET, _("已达到最低学时")),
            ],
            "online": report.online_filter,
            "online_minimum": services.rules.thresholds_from_settings().online_min_hours,
        },
    )


# ---------------------------------------------------------------- my training, statistics


@login_required
def my_training(request):
    if not request.user.cadre_id:
        raise Http404
    cadre = cadre_list(user=request.user).get(pk=request.user.cadre_id)
    today = timezone.localdate()
    compliance = selectors.compliance_for_cadre(cadre=cadre, on_date=today)
    thresholds = services.rules.thresholds_from_settings()
    enrolments = list(selectors.enrolment_list(user=request.user).order_by("-course__start_date", "-id"))
    enrolled_courses = {e.course_id: e for e in enrolments}
    open_courses = [
        (course, enrolled_courses.get(course.pk))
        for course in selectors.open_courses_for_cadre(cadre=cadre, today=today)
    ]
    context = {
        "cadre": cadre,
        "compliance": compliance,
        "year_percent": _percent(compliance.current_year_hours, thresholds.annual_hours),
        "window_percent": _percent(compliance.window_hours, thresholds.five_year_hours),
        "thresholds": thresholds,
        "open_courses": open_courses,
        "enrolments": enrolments,
        "external": list(selectors.external_hours_list(user=request.user).order_by("-end_date")[:20]),
        "today": today,
    }
    return render(request, "training/my_training.html", context)


def _percent(value: Decimal, required: Decimal) -> int:
    return min(100, int(value * 100 / required)) if required else 100


@login_required
def statistics(request):
    require_staff(request)
    stats = selectors.training_statistics(user=request.user)
    kinds = dict(services.CourseKind.choices)
    years = sorted({row["year"] for row in stats["sessions"]} | {row["year"] for row in stats["attendances"]})
    by_year = {year: {"sessions": 0, "attendances": 0, "hours": Decimal(0)} for year in years}
    for row in stats["sessions"]:
        by_year[row["year"]]["sessions"] += row["sessions"]
    for row in stats["attendances"]:
        by_year[row["year"]]["attendances"] += row["attendances"]
        by_year[row["year"]]["hours"] += row["hours"] or 0
    chart = {
        "years": [str(year) for year in years],
        "sessions": [by_year[year]["sessions"] for year in years],
        "attendances": [by_year[year]["attendances"] for year in years],
    }
    return render(
        request,
        "training/statistics.html",
        {"stats": stats, "by_year": by_year, "chart": chart, "kinds": kinds},
    )
