"""Pages of the training area: thin, they validate input and call a service or a selector."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from cadres.choices import CadreStatus
from cadres.filters import CadreFilter
from cadres.forms import cadre_list_filter_data
from cadres.selectors import cadre_list, in_official_order, own_cadre_get
from core.access import require_org_wide, require_staff
from core.digits import whole_number
from core.filters import style_filter_form
from core.import_flow import import_page
from core.pages import ButtonAction, FormPage, ListPage, call_service, form_page, valid_data
from core.private_files import private_file_response, private_file_view
from training import imports, selectors, services
from training.choices import SEAT_HOLDING_STATUSES, AttendanceStatus, CourseStatus, EnrolmentStatus
from training.filters import ComplianceFilter, CourseFilter, ExternalHoursFilter
from training.forms import (
    CourseForm,
    EnrolOneForm,
    ExternalHoursForm,
    ReviewForm,
    SessionForm,
    attendance_sheet_items,
)
from training.models import Attendance, CourseSession
from training.tables import ComplianceTable, CourseTable, ExternalHoursTable


def _require_course_manager(request) -> None:
    require_org_wide(request, _("只有组织部工作人员可以管理培训班。"))


# ---------------------------------------------------------------- courses


class CourseList(ListPage):
    title = gettext_lazy("培训班")
    table_class = CourseTable
    filterset_class = CourseFilter
    staff_only = False  # a cadre sees the courses open to him or her (the selector scopes them)
    create_url = "training:course_create"
    create_label = gettext_lazy("新建培训班")

    def may_create(self) -> bool:
        return policy.is_org_wide(self.request.user)

    def get_queryset(self):
        return selectors.course_list(user=self.request.user)


class CourseFormPage(FormPage):
    """Create a course (a draft) or edit one; the audience units go to the service beside the fields."""

    form_class = CourseForm
    selector = selectors.course_get
    lock = services.rules.course_edit_refusal
    wide = True

    def check_access(self) -> None:
        _require_course_manager(self.request)

    def get_form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def get_title(self) -> str:
        return _("修改培训班：%(title)s") % {"title": self.object.title} if self.object else _("新建培训班")

    def get_success_url(self):
        return lambda course: reverse("training:course_detail", args=[course.pk])

    def get_success_message(self) -> str:
        return _("培训班已保存。") if self.object else _("培训班已创建（草稿）。")

    def save(self, data):
        fields = {key: value for key, value in data.items() if key != "audience_units"}
        if self.object is None:
            return services.course_create(actor=self.request.user, data=fields, audience_units=data["audience_units"])
        return services.course_update(
            actor=self.request.user, course=self.object, data=fields, audience_units=data["audience_units"]
        )


@login_required
def course_detail(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk)
    context = {
        "course": course,
        "sessions": list(selectors.course_sessions(course=course)),
        **selectors.course_enrolments(user=request.user, course=course, today=timezone.localdate()),
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


class CourseAction(ButtonAction):
    """A button of the course page by course managers; back to the course."""

    selector = selectors.course_get

    def check_access(self) -> None:
        _require_course_manager(self.request)

    def get_success_url(self) -> str:
        return reverse("training:course_detail", args=[self.object.pk])


class CourseTransition(CourseAction):
    success_message = gettext_lazy("培训班状态已更新。")

    def act(self):
        target = self.request.POST.get("target", "")
        return services.course_transition(actor=self.request.user, course=self.object, target=target)


class SessionCreate(CourseAction):
    form_class = SessionForm
    success_message = gettext_lazy("课次已添加。")

    def act(self):
        data = valid_data(self.form, _("课次信息有误：%(errors)s"))
        return services.course_session_create(actor=self.request.user, course=self.object, data=data)


# ---------------------------------------------------------------- enrolment


class EnrolOne(CourseAction):
    also_refused = (PermissionDenied,)

    def check_access(self) -> None:
        require_staff(self.request)

    def get_success_message(self):
        return lambda enrolment: (
            _("%(name)s：%(status)s。")
            % {
                "name": enrolment.cadre.name,
                "status": enrolment.get_status_display(),
            }
        )

    def act(self):
        form = EnrolOneForm(self.request.POST, cadres=cadre_list(user=self.request.user))
        cadre = valid_data(form, _("请选择您管理范围内的干部。"))["cadre"]
        return services.enrolment_create(actor=self.request.user, course=self.object, cadre=cadre)


@login_required
def enrol_bulk(request, pk: int):
    """Enrol the ticked cadres of a cadre-list filter (the querystring of the cadre list; in service unless
    the filter asks for other statuses). Every cadre the filter finds is listed, ticked."""
    require_staff(request)
    course = selectors.course_get(user=request.user, pk=pk)
    if course.staff_enrol_refusal:  # before any filtering and ticking: the enrolment could only be refused
        messages.error(request, course.staff_enrol_refusal)
        return redirect("training:course_detail", pk=course.pk)
    data = cadre_list_filter_data(request.GET)
    filterset = CadreFilter(data, queryset=cadre_list(user=request.user), request=request)
    cadres = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    if request.method == "POST":

        def enrol():
            ticked = [number for value in request.POST.getlist("cadre") if (number := whole_number(value)) is not None]
            if not (request.GET and ticked):
                raise ValidationError(_("请勾选要报名的干部。") if request.GET else _("请先设置筛选条件。"))
            chosen = cadres.filter(pk__in=ticked)  # ticked and still found: a forged id outside it enrols no one
            if not chosen.exists():
                raise ValidationError(_("勾选的干部不在筛选结果或您的管理范围内，未报名。"))
            return services.enrolment_bulk_create(actor=request.user, course=course, cadres=chosen)

        done, _result = call_service(
            request,
            enrol,
            success_message=lambda result: (
                _("批量报名完成：正式%(enrolled)s人，候补%(waiting)s人，已在班跳过%(skipped)s人。")
                % {"enrolled": result.enrolled, "waiting": result.waiting, "skipped": result.skipped}
            ),
        )
        return redirect("training:course_detail", pk=course.pk) if done else redirect(request.get_full_path())
    listed = list(in_official_order(cadres)) if request.GET else []
    return render(
        request,
        "training/enrol_bulk.html",
        {
            "course": course,
            "filter": filterset,
            "filter_form": style_filter_form(filterset.form),
            "count": len(listed),
            "listed": listed,
            "filtered": bool(request.GET),
            "in_service_only": data.getlist("status") == [CadreStatus.ACTIVE],
            "send_when_empty": ("status",),
        },
    )


class SignUp(CourseAction):
    """A cadre signs himself or herself up."""

    def check_access(self) -> None:
        if not self.request.user.cadre_id:
            raise Http404

    def get_success_message(self):
        return lambda enrolment: _("报名成功：%(status)s。") % {"status": enrolment.get_status_display()}

    def act(self):
        return services.enrolment_create(actor=self.request.user, course=self.object, cadre=self.request.user.cadre)


class EnrolmentWithdraw(ButtonAction):
    """A cadre withdraws his or her own enrolment, or staff withdraw one in their scope."""

    selector = selectors.enrolment_get
    staff_only = False
    success_message = gettext_lazy("已退出培训班。")
    also_refused = (PermissionDenied,)

    def get_success_url(self) -> str:
        return reverse("training:course_detail", args=[self.object.course_id])

    def act(self):
        reason = self.request.POST.get("reason", "")
        return services.enrolment_withdraw(actor=self.request.user, enrolment=self.object, reason=reason)


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
    session = get_object_or_404(CourseSession, pk=pk)
    course = selectors.course_get(user=request.user, pk=session.course_id)  # the course's scope is the sheet's
    enrolments = list(
        selectors.enrolment_list(user=request.user)
        .filter(course=course, status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.DISMISSED])
        .order_by("seat", "id")
    )
    marks = {a.enrolment_id: a for a in Attendance.objects.filter(session=session, enrolment__in=enrolments)}
    if request.method == "POST":
        items, problems = attendance_sheet_items(request.POST, enrolments=enrolments, session=session)

        def record():
            if problems:
                raise ValidationError(problems)
            return services.attendance_record(actor=request.user, items=items)

        done, dismissed = call_service(
            request,
            record,
            success_message=_("考勤已保存（%(count)s人）。") % {"count": len(items)},
            also_refused=(PermissionDenied,),
        )
        if done:
            for enrolment in dismissed:
                messages.warning(request, f"{enrolment.cadre.name}：{enrolment.status_reason}")
            return redirect("training:session_attendance", pk=session.pk)
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
    return import_page(
        request,
        key=f"attendance:{course.pk}",
        title=_("导入考勤：%(course)s") % {"course": course.title},
        run=lambda file_obj, dry_run: imports.attendance_import(
            actor=request.user, course=course, file_obj=file_obj, dry_run=dry_run
        ),
        back_url=reverse("training:course_detail", args=[course.pk]),
        template=lambda: imports.attendance_template_response(course),
        notes=[_("按身份证号和日期匹配：已有的考勤更新，没有的新建。")],
    )


# ---------------------------------------------------------------- hours from elsewhere


class ExternalHoursList(ListPage):
    title = gettext_lazy("外部学时（省委党校、网络学习平台等）")
    table_class = ExternalHoursTable
    filterset_class = ExternalHoursFilter
    staff_only = False  # a cadre sees his or her own records (the selector scopes them)
    create_url = "training:external_create"
    create_label = gettext_lazy("登记外部学时")

    def get_queryset(self):
        return selectors.external_hours_list(user=self.request.user)


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

    def save(data):
        cadre = data["cadre"] if ask_cadre else user.cadre
        if cadre is None:
            raise ValidationError(_("请选择干部。"))
        fields = {key: value for key, value in data.items() if key not in ("evidence", "cadre")}
        return services.external_hours_submit(actor=user, cadre=cadre, data=fields, evidence=data["evidence"])

    return form_page(
        request,
        form=form,
        title=_("登记外部学时"),
        save=save,
        success_url=reverse("training:external_list" if ask_cadre else "training:my_training"),
        success_message=_("已提交，待审核认定后计入学时。"),
        context={
            "intro": _("在县外取得的培训学时，上传证明材料，经组织部门审核认定后计入。"),
            "wide": True,
            "submit_label": _("提交"),
        },
    )


class ExternalReview(ButtonAction):
    selector = selectors.external_hours_get
    form_class = ReviewForm
    success_url = "training:external_list"
    success_message = gettext_lazy("审核完成。")
    also_refused = (PermissionDenied,)

    def act(self):
        data = valid_data(self.form, _("请选择审核结果。"))
        return services.external_hours_review(actor=self.request.user, record=self.object, **data)


@private_file_view
def external_evidence(request, pk: int):
    """The uploaded evidence, to users whose scope holds the cadre (anyone else, anonymous too: 404)."""
    record = selectors.external_hours_get(user=request.user, pk=pk)
    return private_file_response(record.evidence)


# ---------------------------------------------------------------- compliance


def _on_date(year: int | None) -> datetime.date:
    """The report's day: the end of a past year, or today for this year (or none given)."""
    today = timezone.localdate()
    return datetime.date(year, 12, 31) if year and year < today.year else today


class ComplianceReportList(ListPage):
    """培训学时达标情况 (§6): the per-unit summary, then the cadres short of the hours (or all of them), in the
    roster's official order (issue 15.4); the rows are built a page at a time (``selectors.compliance_report``)."""

    title = gettext_lazy("培训学时达标情况")
    table_class = ComplianceTable
    filterset_class = ComplianceFilter
    template_name = "training/compliance_report.html"
    send_when_empty = ("status",)

    def get_queryset(self):
        return cadre_list(user=self.request.user)

    def filter_data(self):
        # In service (在职) unless the user asks for other statuses, as on the roster (issue 15.3).
        return cadre_list_filter_data(super().filter_data())

    def rows(self):
        cadres = super().rows()
        cleaned = getattr(self.filters.form, "cleaned_data", {})
        self.report = selectors.compliance_report(
            cadres=cadres,
            on_date=_on_date(int(cleaned.get("year") or 0)),
            online=cleaned.get("online") or "",
            listing_all=cleaned.get("listing") == "all",
        )
        return self.report.rows

    def get_title(self) -> str:
        return _("培训学时达标情况（截至%(day)s）") % {"day": self.report.on_date.isoformat()}

    def get_context_data(self) -> dict:
        statuses = self.filter_data().getlist("status")
        return {"report": self.report, "in_service_only": statuses == [CadreStatus.ACTIVE]}


# ---------------------------------------------------------------- my training, statistics


@login_required
def my_training(request):
    cadre = own_cadre_get(user=request.user)  # one's own, even a unit HR user's outside the units managed
    return render(
        request,
        "training/my_training.html",
        {"cadre": cadre, **selectors.own_training(user=request.user, cadre=cadre, today=timezone.localdate())},
    )


@login_required
def statistics(request):
    require_staff(request)
    stats = selectors.training_statistics(user=request.user)
    by_year = stats["by_year"]
    chart = {
        "years": [str(year) for year in by_year],
        "sessions": [totals["sessions"] for totals in by_year.values()],
        "attendances": [totals["attendances"] for totals in by_year.values()],
    }
    kinds = dict(services.CourseKind.choices)
    return render(
        request, "training/statistics.html", {"stats": stats, "by_year": by_year, "chart": chart, "kinds": kinds}
    )
