"""Excel import of attendance sheets: one row per trainee and session, atomic, every bad row reported."""

import functools
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from accounts.models import User
from cadres.rules import mask_id_number, normalize_id_number
from core.excel import (
    ImportReport,
    RowChange,
    RowError,
    field_changes,
    marked_headers,
    read_xlsx_rows,
    run_import,
    template_response,
)
from training import services
from training.choices import AttendanceStatus
from training.models import Attendance, Course, CourseSession, Enrolment
from training.selectors import enrolment_list

ATTENDANCE_COLUMNS = {
    "身份证号": "id_number",
    "日期": "date",
    "考勤": "status",
    "请假学时": "leave_hours",
    "备注": "note",
}
ATTENDANCE_REQUIRED = ("id_number", "date", "status")
STATUS_BY_LABEL = {str(label): value for value, label in AttendanceStatus.choices} | {
    value: value for value in AttendanceStatus.values
}


def attendance_template_response(course: Course) -> HttpResponse:
    """The attendance template of ``course``: the columns (required ones marked *), an example on its first
    day, a drop-down list of 考勤, and the notes."""
    return template_response(
        filename="考勤导入模板.xlsx",
        sheet_title=_("考勤"),
        headers=marked_headers(ATTENDANCE_COLUMNS, ATTENDANCE_REQUIRED),
        example_rows=[["513329198001010011", course.start_date, "请假", 2, "因公"]],
        notes=[
            _("考勤填写：出勤、请假或缺勤。请假须填写请假学时，且不超过该课次学时。"),
            _("日期须为本班某一课次的日期。"),
        ],
        coded_columns={"考勤": AttendanceStatus},
    )


def attendance_import(*, actor: User, course: Course, file_obj, dry_run: bool) -> ImportReport:
    """Read an attendance sheet for ``course`` and record it (or preview it), all rows or none."""
    rows = read_xlsx_rows(
        file_obj,
        columns=ATTENDANCE_COLUMNS,
        required=ATTENDANCE_REQUIRED,
        digit_fields=("id_number", "date", "leave_hours"),
    )
    sessions = {session.date: session for session in CourseSession.objects.filter(course=course)}
    # Only trainees the actor may see: an ID number outside the scope reads as unknown (no leak).
    enrolments = {
        enrolment.cadre.id_number: enrolment
        for enrolment in enrolment_list(user=actor).filter(course=course).select_related("cadre__unit")
    }

    def validate_row(row: int, record: dict):
        errors = []
        id_number = normalize_id_number(str(record.get("id_number") or ""))
        enrolment = enrolments.get(id_number)
        if not id_number:
            errors.append(RowError(row, "身份证号", _("身份证号不能为空。")))
        elif enrolment is None:
            errors.append(
                RowError(row, "身份证号", _("身份证号%(id)s不是本班学员或不在您的管理范围内。") % {"id": id_number})
            )
        day = record.get("date")
        if isinstance(day, datetime):
            day = day.date()
        if isinstance(day, str):
            try:
                day = date.fromisoformat(day)
            except ValueError:
                day = None
        session = sessions.get(day) if isinstance(day, date) else None
        if session is None:
            errors.append(RowError(row, "日期", _("本班在该日期没有课次。")))
        status = STATUS_BY_LABEL.get(str(record.get("status") or "").strip())
        if status is None:
            errors.append(RowError(row, "考勤", _("考勤应为出勤、请假或缺勤。")))
        try:
            leave = services.parse_decimal(record.get("leave_hours"), field_label=_("请假学时"))
        except ValidationError as error:
            errors.append(RowError(row, "请假学时", error.messages[0]))
            leave = Decimal(0)
        if errors:
            return None, errors
        item = services.AttendanceItem(
            enrolment=enrolment,
            session=session,
            status=status,
            leave_hours=leave,
            note=str(record.get("note") or "")[:200],
        )
        problems = services.attendance_problems(item)
        return item, [RowError(row, "", message) for message in problems]

    def check_rows(prepared):
        seen, errors = {}, []
        for row, item in prepared:
            key = (item.enrolment.pk, item.session.pk)
            if key in seen:
                errors.append(RowError(row, "", _("与第%(row)s行重复。") % {"row": seen[key]}))
            seen.setdefault(key, row)
        return errors

    def apply_rows(items, report):
        existing = set(
            Enrolment.objects.filter(course=course)
            .filter(attendances__isnull=False)
            .values_list("pk", "attendances__session_id")
        )
        services.attendance_record(actor=actor, items=items)
        for item in items:
            if (item.enrolment.pk, item.session.pk) in existing:
                report.updated += 1
            else:
                report.created += 1

    @functools.cache
    def stored() -> dict[tuple[int, int], Attendance]:
        """The course's marks, read once for the whole file (only when every row is good)."""
        marks = Attendance.objects.filter(session__course=course)
        return {(mark.enrolment_id, mark.session_id): mark for mark in marks}

    def describe_row(row: int, item) -> RowChange | None:
        label = dict(AttendanceStatus.choices)
        old = stored().get((item.enrolment.pk, item.session.pk))
        pairs = [
            (_("考勤"), label.get(old.status) if old else None, label.get(item.status)),
            (_("请假学时"), old.leave_hours if old else None, item.leave_hours),
            (_("备注"), old.note if old else None, item.note),
        ]
        changes = field_changes(pairs)
        if old is not None and not changes:
            return None
        cadre = item.enrolment.cadre
        return RowChange(
            row=row,
            action="update" if old else "create",
            subject=f"{cadre.name}（{mask_id_number(cadre.id_number)}） {item.session.date:%Y-%m-%d}",
            fields=changes,
        )

    return run_import(
        rows=rows,
        validate_row=validate_row,
        apply_rows=apply_rows,
        dry_run=dry_run,
        check_rows=check_rows,
        describe_row=describe_row,
    )
