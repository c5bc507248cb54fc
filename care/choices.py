"""Enumerations of the care app (domain-rules §8) with Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FlatStatus(models.TextChoices):
    AVAILABLE = "available", _("空置可分配")
    OCCUPIED = "occupied", _("已入住")
    MAINTENANCE = "maintenance", _("维修中")
    RETIRED = "retired", _("已停用")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    WAITING = "waiting", _("轮候中")
    ALLOCATED = "allocated", _("已分配")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_APPLICATION_STATUSES = (ApplicationStatus.PENDING, ApplicationStatus.WAITING)


class LeaveKind(models.TextChoices):
    ANNUAL = "annual", _("年休假")
    SICK = "sick", _("病假")
    PERSONAL = "personal", _("事假")


class HealthCheckState(models.TextChoices):
    DONE = "done", _("已体检")
    DUE = "due", _("待体检")
    OVERDUE = "overdue", _("逾期未体检")


class InspectionFrequency(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    SEMIANNUAL = "semiannual", _("每半年")
    ANNUAL = "annual", _("每年")
    AD_HOC = "ad_hoc", _("不定期")


class InspectionStatus(models.TextChoices):
    ACTIVE = "active", _("保留")
    MERGED = "merged", _("已合并")
    RETIRED = "retired", _("已取消")
