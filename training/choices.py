"""Enumerations of the training area (domain-rules §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    PARTY_SCHOOL = "party_school", _("党校主体班")
    FARMERS_NIGHT_SCHOOL = "night_school", _("农民夜校")
    LECTURE = "lecture", _("专题讲座/报告会")
    STUDY_TOUR = "study_tour", _("外出考察学习")
    ONLINE = "online", _("网络培训")
    ACTIVIST = "activist", _("入党积极分子培训")
    OTHER = "other", _("其他")


class CourseStatus(models.TextChoices):
    """draft → open → running → finished → archived; only the services move a course along."""

    DRAFT = "draft", _("草稿")
    OPEN = "open", _("报名中")
    RUNNING = "running", _("进行中")
    FINISHED = "finished", _("已结业")
    ARCHIVED = "archived", _("已归档")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已报名")
    WAITING = "waiting", _("候补")
    WITHDRAWN = "withdrawn", _("已退出")
    DISMISSED = "dismissed", _("请假超限退学")
    COMPLETED = "completed", _("已结业")


# Statuses that hold a seat of the course.
SEAT_HOLDING_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出勤")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺勤")


class ExternalHoursStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已认定")
    REJECTED = "rejected", _("未通过")


class ExternalProvider(models.TextChoices):
    PROVINCIAL_PARTY_SCHOOL = "provincial_party_school", _("省委党校（行政学院）")
    PREFECTURE_PARTY_SCHOOL = "prefecture_party_school", _("州（市）委党校")
    ONLINE_PLATFORM = "online_platform", _("网络学习平台")
    OTHER = "other", _("其他")


class CreditSource(models.TextChoices):
    COURSE = "course", _("本县培训班")
    EXTERNAL = "external", _("外部学时")


class RequirementKind(models.TextChoices):
    ANNUAL = "annual", _("年度学时要求")
    FIVE_YEAR = "five_year", _("五年累计学时要求")
