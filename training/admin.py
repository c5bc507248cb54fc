"""Admin registrations. Writes here are kept in the history; enrolment and credit invariants are
database constraints, so the admin cannot break capacity or duplicate a credit."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from training.models import Attendance, Course, CourseSession, Enrolment, ExternalHours, TrainingCredit


class CourseSessionInline(admin.TabularInline):
    model = CourseSession
    extra = 0


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "hours", "capacity", "status"]
    list_filter = ["kind", "status", "is_day_based"]
    search_fields = ["title", "organizer"]
    date_hierarchy = "start_date"
    filter_horizontal = ["audience_units"]
    inlines = [CourseSessionInline]


@admin.register(CourseSession)
class CourseSessionAdmin(SimpleHistoryAdmin):
    list_display = ["course", "date", "title", "hours"]
    list_select_related = ["course"]
    search_fields = ["course__title", "title"]
    raw_id_fields = ["course"]


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "course", "status", "seat", "waiting_position", "leave_hours", "hours_credited", "score"]
    list_filter = ["status"]
    list_select_related = ["cadre", "course"]
    search_fields = ["cadre__name", "cadre__id_number", "course__title"]
    raw_id_fields = ["cadre", "course", "enrolled_by"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["enrolment", "session", "status", "leave_hours"]
    list_filter = ["status"]
    list_select_related = ["enrolment__cadre", "enrolment__course", "session"]
    search_fields = ["enrolment__cadre__name", "enrolment__cadre__id_number", "enrolment__course__title"]
    raw_id_fields = ["enrolment", "session", "recorded_by"]


@admin.register(ExternalHours)
class ExternalHoursAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "title", "provider", "end_date", "hours", "days", "status"]
    list_filter = ["status", "provider", "is_online"]
    list_select_related = ["cadre"]
    search_fields = ["cadre__name", "title"]
    raw_id_fields = ["cadre", "submitted_by", "reviewed_by"]


@admin.register(TrainingCredit)
class TrainingCreditAdmin(admin.ModelAdmin):
    """Read-only: credits are written by completing a course or approving external hours."""

    list_display = ["cadre", "year", "earned_on", "hours", "days", "online_hours", "source"]
    list_filter = ["source", "year"]
    list_select_related = ["cadre"]
    search_fields = ["cadre__name", "cadre__id_number"]
    raw_id_fields = ["cadre", "enrolment", "external"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
