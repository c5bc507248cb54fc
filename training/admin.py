"""Admin registrations. A course is added and changed through ``training.services`` (a change of status is a
transition: finishing credits the hours, and a course cannot skip a step); enrolments, attendance, outside
hours and credits are read-only here, since their seats, hours and credits are kept in step by the
services. Nothing is deleted from the admin (issue 10.3)."""

from django.contrib import admin

from core.admin import RecordAdmin, ServiceAdmin
from training import services
from training.models import Attendance, Course, CourseSession, Enrolment, ExternalHours, TrainingCredit


class CourseSessionInline(admin.TabularInline):
    model = CourseSession
    extra = 0
    readonly_fields = ["date", "title", "hours"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Course)
class CourseAdmin(ServiceAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "hours", "capacity", "status"]
    list_filter = ["kind", "status", "is_day_based"]
    search_fields = ["title", "organizer"]
    date_hierarchy = "start_date"
    filter_horizontal = ["audience_units"]
    fields = [*services.COURSE_WRITABLE_FIELDS, "audience_units", "status"]
    inlines = [CourseSessionInline]

    def service_create(self, request, data: dict) -> Course:
        audience_units = data.pop("audience_units", ())
        data.pop("status", None)  # a course starts as a draft
        return services.course_create(actor=request.user, data=data, audience_units=audience_units)

    def service_update(self, request, obj: Course, data: dict) -> Course:
        target = data.pop("status", None)
        audience_units = data.pop("audience_units", None)
        if data or audience_units is not None:
            obj = services.course_update(actor=request.user, course=obj, data=data, audience_units=audience_units)
        if target is not None:
            obj = services.course_transition(actor=request.user, course=obj, target=target)
        return obj


class TrainingRecordAdmin(RecordAdmin):
    """Seats, hours and credits follow from the services: read-only here."""


@admin.register(CourseSession)
class CourseSessionAdmin(TrainingRecordAdmin):
    list_display = ["course", "date", "title", "hours"]
    list_select_related = ["course"]
    search_fields = ["course__title", "title"]
    raw_id_fields = ["course"]


@admin.register(Enrolment)
class EnrolmentAdmin(TrainingRecordAdmin):
    list_display = ["cadre", "course", "status", "seat", "waiting_position", "leave_hours", "hours_credited", "score"]
    list_filter = ["status"]
    list_select_related = ["cadre", "course"]
    search_fields = ["cadre__name", "cadre__id_number", "course__title"]
    raw_id_fields = ["cadre", "course", "enrolled_by"]


@admin.register(Attendance)
class AttendanceAdmin(TrainingRecordAdmin):
    list_display = ["enrolment", "session", "status", "leave_hours"]
    list_filter = ["status"]
    list_select_related = ["enrolment__cadre", "enrolment__course", "session"]
    search_fields = ["enrolment__cadre__name", "enrolment__cadre__id_number", "enrolment__course__title"]
    raw_id_fields = ["enrolment", "session", "recorded_by"]


@admin.register(ExternalHours)
class ExternalHoursAdmin(TrainingRecordAdmin):
    list_display = ["cadre", "title", "provider", "end_date", "hours", "days", "status"]
    list_filter = ["status", "provider", "is_online"]
    list_select_related = ["cadre"]
    search_fields = ["cadre__name", "title"]
    raw_id_fields = ["cadre", "submitted_by", "reviewed_by"]


@admin.register(TrainingCredit)
class TrainingCreditAdmin(TrainingRecordAdmin):
    """Credits are written by completing a course or approving external hours."""

    list_display = ["cadre", "year", "earned_on", "hours", "days", "online_hours", "source"]
    list_filter = ["source", "year"]
    list_select_related = ["cadre"]
    search_fields = ["cadre__name", "cadre__id_number"]
    raw_id_fields = ["cadre", "enrolment", "external"]
