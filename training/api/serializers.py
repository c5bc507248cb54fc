from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import ScopedCadreField, ScopedRelatedField, ScopedUnitField
from training.choices import AttendanceStatus
from training.models import Attendance, Course, CourseSession, Enrolment, ExternalHours
from training.selectors import enrolment_list


class CourseSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseSession
        fields = ["id", "date", "title", "hours"]


class CourseSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    enrolled_count = serializers.IntegerField(read_only=True)
    waiting_count = serializers.IntegerField(read_only=True)
    audience_units = ScopedUnitField(many=True, required=False, label=_("面向单位"))
    hours = serializers.DecimalField(max_digits=7, decimal_places=1, required=False, allow_null=True, label=_("学时"))

    class Meta:
        model = Course
        fields = [
            "id",
            "title",
            "kind",
            "kind_display",
            "organizer",
            "location",
            "start_date",
            "end_date",
            "hours",
            "days",
            "is_day_based",
            "capacity",
            "enrol_opens",
            "enrol_closes",
            "audience_units",
            "audience_levels",
            "audience_categories",
            "status",
            "status_display",
            "description",
            "enrolled_count",
            "waiting_count",
        ]
        read_only_fields = ["status"]


class CourseDetailSerializer(CourseSerializer):
    sessions = CourseSessionSerializer(many=True, read_only=True)

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "sessions"]


class CourseTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=["open", "running", "finished", "archived"], label=_("目标状态"))


class EnrolmentSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    course_title = serializers.CharField(source="course.title", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "course",
            "course_title",
            "cadre",
            "cadre_name",
            "status",
            "status_display",
            "seat",
            "waiting_position",
            "leave_hours",
            "hours_credited",
            "days_credited",
            "score",
            "certificate_number",
            "status_reason",
        ]
        read_only_fields = [f for f in fields if f not in ("course", "cadre")]


class EnrolmentCreateSerializer(serializers.Serializer):
    course = serializers.IntegerField(label=_("培训班"))
    cadre = ScopedCadreField(label=_("干部"), required=False, help_text=_("不填为本人"))


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, label=_("原因"))


class ScoreSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, label=_("成绩"))


class AttendanceSerializer(serializers.ModelSerializer):
    cadre = serializers.IntegerField(source="enrolment.cadre_id", read_only=True)
    cadre_name = serializers.CharField(source="enrolment.cadre.name", read_only=True)
    session_date = serializers.DateField(source="session.date", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "enrolment", "session", "session_date", "cadre", "cadre_name", "status", "leave_hours", "note"]


class AttendanceWriteSerializer(serializers.Serializer):
    enrolment = ScopedRelatedField(selector=enrolment_list, label=_("报名"))
    session = serializers.IntegerField(label=_("课次"))
    status = serializers.ChoiceField(choices=AttendanceStatus.choices, label=_("考勤"))
    leave_hours = serializers.DecimalField(
        max_digits=7, decimal_places=1, required=False, default=0, label=_("请假学时")
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ExternalHoursSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    cadre = ScopedCadreField(required=False, label=_("干部"), help_text=_("不填为本人"))
    evidence = serializers.FileField(write_only=True, label=_("证明材料"))
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = ExternalHours
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "title",
            "provider",
            "provider_name",
            "start_date",
            "end_date",
            "hours",
            "days",
            "is_online",
            "evidence",
            "evidence_url",
            "status",
            "status_display",
            "review_note",
            "reviewed_at",
        ]
        read_only_fields = ["status", "review_note", "reviewed_at"]

    def get_evidence_url(self, record: ExternalHours) -> str:
        """The evidence is served by a scoped view, never straight from MEDIA_ROOT."""
        return reverse("training:external_evidence", args=[record.pk])


class ReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField(label=_("是否认定"))
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label=_("审核意见"))


class ComplianceSerializer(serializers.Serializer):
    cadre = serializers.IntegerField(source="cadre_id")
    requirement = serializers.CharField()
    compliant = serializers.BooleanField()
    required = serializers.DecimalField(max_digits=9, decimal_places=1)
    earned = serializers.DecimalField(max_digits=9, decimal_places=1)
    shortfall = serializers.DecimalField(max_digits=9, decimal_places=1)
    required_days = serializers.DecimalField(max_digits=9, decimal_places=1)
    earned_days = serializers.DecimalField(max_digits=9, decimal_places=1)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    in_grace = serializers.BooleanField()
    online_hours = serializers.DecimalField(max_digits=9, decimal_places=1)
    online_required = serializers.DecimalField(max_digits=9, decimal_places=1)
    online_met = serializers.BooleanField(help_text=_("网络自学学时是否达到每年最低要求"))
    makeup_hours = serializers.DecimalField(
        max_digits=9, decimal_places=1, help_text=_("提拔后宽限期内补修、计入提拔当年的学时")
    )
    makeup_days = serializers.DecimalField(max_digits=9, decimal_places=1)
    current_year_hours = serializers.DecimalField(max_digits=9, decimal_places=1)
    window_hours = serializers.DecimalField(max_digits=9, decimal_places=1)
    reason = serializers.CharField()
