"""Enumerations of the rewards area (domain-rules §1 reward kinds, §4 candidates, §9 funds) with Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardKind(models.TextChoices):
    """奖励种类, lowest first (公务员法 art. 53, V; domain-rules §1)."""

    COMMENDATION = "commendation", _("嘉奖")
    MERIT_THIRD = "merit_third", _("记三等功")
    MERIT_SECOND = "merit_second", _("记二等功")
    MERIT_FIRST = "merit_first", _("记一等功")
    HONORARY_TITLE = "honorary_title", _("授予称号")


class AwardStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    REVOKED = "revoked", _("已撤销")


class AwardBasisKind(models.TextChoices):
    """What an award rests on: confirmed annual grades (the engine's candidates) or a written reason."""

    ASSESSMENT = "assessment", _("年度考核结果")
    WRITTEN = "written", _("书面事由")


class CandidateStatus(models.TextChoices):
    """An engine candidate waits for staff; only approval creates an award (domain-rules §4)."""

    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    DECLINED = "declined", _("不予奖励")


class GrantStatus(models.TextChoices):
    """拨付 states (domain-rules §9): proposed → approved → paid, or cancelled before payment."""

    PROPOSED = "proposed", _("拟拨付")
    APPROVED = "approved", _("已批准")
    PAID = "paid", _("已支付")
    CANCELLED = "cancelled", _("已撤销")


class GrantBasisKind(models.TextChoices):
    """A grant cites its basis: an award, an annual assessment result, or a written reason (§9)."""

    AWARD = "award", _("奖励")
    RESULT = "result", _("年度考核结果")
    REASON = "reason", _("书面事由")


class LedgerEntryKind(models.TextChoices):
    """One movement of a budget's money. The sign of its effect on the available balance follows the kind."""

    ALLOCATION = "allocation", _("预算下达")
    ADJUSTMENT = "adjustment", _("预算调整")
    COMMITMENT = "commitment", _("批准拨付")
    RELEASE = "release", _("撤销拨付退回")
    PAYMENT = "payment", _("支付")
