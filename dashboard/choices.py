"""Enumerations of the dashboard app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditRule(models.TextChoices):
    """The checks of the record audit (干部信息核查, 三龄两历), each finding names the one that found it."""

    BIRTH_DATE_ID_NUMBER = "birth_date_id_number", _("出生日期与身份证号不一致")
    WORK_START_UNDER_16 = "work_start_under_16", _("参加工作时未满16周岁")
    PARTY_JOIN_UNDER_18 = "party_join_under_18", _("入党时未满18周岁")
    EDUCATION_AFTER_WORK_START = "education_after_work_start", _("全日制教育毕业晚于参加工作时间")
    CAREER_GAP = "career_gap", _("经历间断过长")
    CAREER_OVERLAP = "career_overlap", _("经历时间重叠")
    POST_DISAGREES = "post_disagrees", _("现任职务与任免记录不一致")
    RANK_DISAGREES = "rank_disagrees", _("现职级与职级变动记录不一致")
    RANK_TOO_SOON = "rank_too_soon", _("任职级年限不足即晋升")
