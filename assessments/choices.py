"""Enumerations of the assessment app (domain-rules §1–§3) with Chinese labels.

The grade values (``excellent`` … ``ungraded``) are a contract with the rewards app and the API: keep them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    """年度考核等次 (公务员法 art. 38, V), and the state 不定等次 (a written comment only)."""

    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASICALLY_COMPETENT = "basically_competent", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")
    UNGRADED = "ungraded", _("不定等次")


class UngradedReason(models.TextChoices):
    """Why a year is 不定等次 (公务员考核规定 art. 25, 27, 28, 29; domain-rules §2)."""

    PROBATION = "probation", _("录用试用期")
    LONG_LEAVE = "long_leave", _("病假、事假累计超过半年")
    INVESTIGATION = "investigation", _("立案审查调查")
    DISCIPLINE = "discipline", _("受处分（等次限制）")
    OTHER = "other", _("其他")


class ResultSource(models.TextChoices):
    ASSESSED = "assessed", _("考核周期确定")
    IMPORTED = "imported", _("历史结果录入")


class PeriodKind(models.TextChoices):
    """考核种类 (公务员法 art. 36, V): 定期考核 is the annual one."""

    ANNUAL = "annual", _("年度考核")
    REGULAR = "regular", _("平时考核")
    SPECIAL = "special", _("专项考核")


class PeriodState(models.TextChoices):
    """The states of a period, in order; the allowed moves are ``assessments.rules.TRANSITIONS``."""

    DRAFT = "draft", _("草稿")
    SCORING_OPEN = "scoring_open", _("评分中")
    SCORING_CLOSED = "scoring_closed", _("评分结束")
    GRADES_PROPOSED = "grades_proposed", _("已拟定等次")
    COMMITTEE_REVIEW = "committee_review", _("考核委员会审议")
    PUBLICITY = "publicity", _("公示中")
    CONFIRMED = "confirmed", _("已确定")
