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


class PoolKind(models.TextChoices):
    """A quota pool: a unit's non-leadership members, or leaders (as ASSESSMENTS_LEADER_POOLING says)."""

    UNIT = "unit", _("单位一般干部")
    LEADERS = "leaders", _("领导班子成员")


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class ItemKind(models.TextChoices):
    """An indicator item is scored by raters, or is a quantitative score entered or imported by staff."""

    RATED = "rated", _("评价人评分")
    QUANTITATIVE = "quantitative", _("量化指标（录入）")


class RaterGroup(models.TextChoices):
    """360° rater groups (上评/下评), in display order."""

    SUPERIOR = "superior", _("上级")
    PEER = "peer", _("同级")
    SUBORDINATE = "subordinate", _("下级/服务对象")
    SELF = "self", _("本人")


RATER_GROUP_ORDER = {value: index for index, value in enumerate(RaterGroup.values)}
# Groups whose individual scores are promised anonymity (everyone but an admin sees them only aggregated).
ANONYMOUS_RATER_GROUPS = frozenset({RaterGroup.SUPERIOR, RaterGroup.PEER, RaterGroup.SUBORDINATE})


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("未评分")
    DRAFT = "draft", _("已暂存")
    SUBMITTED = "submitted", _("已提交")


class RegularGrade(models.TextChoices):
    """平时考核等次 (domain-rules §1, L), best first."""

    GOOD = "good", _("好")
    FAIRLY_GOOD = "fairly_good", _("较好")
    AVERAGE = "average", _("一般")
    POOR = "poor", _("较差")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("属实，已调整")
    DISMISSED = "dismissed", _("不属实，维持")


class SuggestionKind(models.TextChoices):
    """Consequences of a confirmed grade (domain-rules §3), suggested to staff, never applied by the system."""

    COMMENDATION = "commendation", _("嘉奖候选（优秀）")
    ADMONISHMENT = "admonishment", _("建议诫勉（基本称职）")
    NO_PROMOTION_NEXT_YEAR = "no_promotion_next_year", _("次年不得晋升（基本称职）")
    DEMOTION = "demotion", _("降低一个职务或职级层次（不称职）")
    DISMISSAL_REVIEW = "dismissal_review", _("连续两年不称职，提请辞退审查")
    FILL_IN_GRADE = "fill_in_grade", _("立案审查调查已结案，补定等次")


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已办理")
    DISMISSED = "dismissed", _("不予办理")


class SelfSummaryStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
