"""Awards (奖励) and their candidates, rank-promotion eligibility, and the special funds (专项基金) with their
budgets, grants (拨付) and the ledger (台账) every balance is derived from (domain-rules §1, §4, §5, §9).

Invariants live in the database: an award is unique by cadre, kind, year and basis; a grant is paid at most
once per cadre, basis and fund; a ledger entry follows the one before it (``sequence``) and never leaves the
available balance below zero. On PostgreSQL a trigger also checks that each entry's running balance is the
previous one plus its change, and keeps the ledger append-only (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cadres.choices import Rank
from core.history import HistoricalRecords
from core.models import TimeStampedModel
from rewards.choices import (
    AwardBasisKind,
    AwardKind,
    AwardStatus,
    CandidateStatus,
    GrantBasisKind,
    GrantStatus,
    LedgerEntryKind,
)

MONEY = {"max_digits": 12, "decimal_places": 2}


class AwardBasisMixin(models.Model):
    """The basis an award or a candidate rests on.

    ``basis`` is the language-neutral key that makes an award unique: ``assessment:2022,2023,2024`` for
    confirmed grades (``basis_years``), ``written:<reason>`` for a written reason (``basis_text``).
    """

    kind = models.CharField(_("奖励种类"), max_length=24, choices=AwardKind)
    year = models.PositiveSmallIntegerField(_("奖励年度"))
    basis_kind = models.CharField(_("奖励依据类型"), max_length=16, choices=AwardBasisKind)
    basis_years = models.JSONField(_("依据的考核年度"), default=list, blank=True)
    basis_text = models.CharField(_("奖励事由"), max_length=200, blank=True)
    basis = models.CharField(_("依据标识"), max_length=260, editable=False)

    class Meta:
        abstract = True

    @property
    def basis_display(self) -> str:
        """The basis as a person reads it: "2022、2023、2024年度考核优秀" or the written reason."""
        from rewards.rules import basis_description

        return basis_description(basis_kind=self.basis_kind, years=self.basis_years, text=self.basis_text)


class AwardCandidate(AwardBasisMixin, TimeStampedModel):
    """An award the eligibility engine proposes (domain-rules §4): 嘉奖 for a confirmed 优秀, 记三等功 for three
    consecutive ones. A blocked candidate is kept with the reason. Only staff approval creates an ``Award``.

    The engine replaces pending candidates; approved and declined ones are staff decisions and stay, with who
    decided, when and (declined) why on the row itself: a candidate is a derived result the engine rewrites
    in bulk, so it keeps no history table of its own; the award an approval creates does.
    """

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="award_candidates"
    )
    blocked = models.BooleanField(_("受限"), default=False)
    reasons = models.JSONField(_("理由"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=CandidateStatus, default=CandidateStatus.PENDING)
    computed_on = models.DateField(_("计算日期"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decline_reason = models.CharField(_("不予奖励理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("奖励候选")
        verbose_name_plural = _("奖励候选")
        ordering = ["-year", "cadre_id", "kind"]
        indexes = [models.Index(fields=["status", "year"], name="award_candidate_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "kind", "year", "basis"], name="award_candidate_unique_cadre_kind_year_basis"
            ),
            models.CheckConstraint(
                condition=~Q(status=CandidateStatus.DECLINED) | ~Q(decline_reason=""),
                name="award_candidate_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.year} {self.get_kind_display()}"


class Award(AwardBasisMixin, TimeStampedModel):
    """奖励 (公务员法 art. 52–56): a decision by an approving body under a document number, with the one-off
    bonus of its kind (a setting) and whether a medal goes with it. Revocation (art. 56) keeps the row and
    its history, with the date and the reason."""

    cadre = models.ForeignKey("cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="awards")
    approving_body = models.CharField(_("批准机关"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=100)
    awarded_on = models.DateField(_("奖励日期"))
    medal = models.BooleanField(_("颁发奖章"), default=False)
    bonus = models.DecimalField(_("一次性奖金（元）"), **MONEY)
    status = models.CharField(_("状态"), max_length=16, choices=AwardStatus, default=AwardStatus.ACTIVE)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revocation_reason = models.CharField(_("撤销理由"), max_length=200, blank=True)
    candidate = models.OneToOneField(
        AwardCandidate,
        verbose_name=_("来源候选"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("奖励")
        verbose_name_plural = _("奖励")
        ordering = ["-awarded_on", "-id"]
        indexes = [models.Index(fields=["year", "kind"], name="award_year_kind_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "kind", "year", "basis"], name="award_unique_cadre_kind_year_basis"
            ),
            models.CheckConstraint(condition=Q(bonus__gte=0), name="award_bonus_not_negative"),
            models.CheckConstraint(
                condition=Q(status=AwardStatus.ACTIVE, revoked_on__isnull=True, revocation_reason="")
                | (Q(status=AwardStatus.REVOKED, revoked_on__gte=F("awarded_on")) & ~Q(revocation_reason="")),
                name="award_revocation_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"


class RankPromotionEligibility(TimeStampedModel):
    """A cadre's rank-promotion eligibility on ``computed_on`` (domain-rules §5), as the engine last found it.

    ``months_tenure`` whole months at the current rank, minus ``months_excluded`` (years 基本称职, 不称职 or
    ungraded other than a probation year) gives ``months_counted``, compared with ``months_required`` (the
    base years of the target rank less 6 months per confirmed 优秀). ``eligible`` is the cadre's own
    conditions; ``within_rank_posts`` whether the unit's rank posts (职数) leave room for the cadre in the
    candidate order; ``eligible_from`` the first day a promotion becomes possible if nothing changes.
    """

    cadre = models.OneToOneField(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="rank_promotion_eligibility"
    )
    computed_on = models.DateField(_("计算日期"))
    current_rank = models.PositiveSmallIntegerField(_("现职级"), choices=Rank, null=True)
    target_rank = models.PositiveSmallIntegerField(_("拟晋升职级"), choices=Rank, null=True, blank=True)
    eligible = models.BooleanField(_("符合晋升条件"), default=False)
    within_rank_posts = models.BooleanField(_("职数内"), default=False)
    priority = models.BooleanField(_("优先晋升"), default=False)
    months_tenure = models.PositiveSmallIntegerField(_("任现职级月数"), default=0)
    months_excluded = models.PositiveSmallIntegerField(_("不计算月数"), default=0)
    months_counted = models.SmallIntegerField(_("计算任职月数"), default=0)
    months_required = models.PositiveSmallIntegerField(_("需任职月数"), default=0)
    excellent_years = models.JSONField(_("优秀年度"), default=list, blank=True)
    excluded_years = models.JSONField(_("不计算年度"), default=list, blank=True)
    eligible_from = models.DateField(_("可晋升日期"), null=True, blank=True)
    rank_posts_limit = models.PositiveIntegerField(_("职数限额"), null=True, blank=True)
    rank_posts_held = models.PositiveIntegerField(_("已占职数"), null=True, blank=True)
    rank_posts_free = models.PositiveIntegerField(_("空余职数"), null=True, blank=True)
    excellent_count = models.PositiveSmallIntegerField(_("优秀年度数"), default=0)
    reasons = models.JSONField(_("理由"), default=list, blank=True)

    class Meta:
        verbose_name = _("职级晋升资格")
        verbose_name_plural = _("职级晋升资格")
        # §5: eligible first, most 优秀 years, longest counted tenure, most free rank posts.
        ordering = [
            "-eligible",
            "-excellent_count",
            "-months_counted",
            F("rank_posts_free").desc(nulls_last=True),
            "cadre_id",
        ]
        indexes = [
            models.Index(fields=["eligible", "priority"], name="rank_eligibility_flags_idx"),
            # The dashboard's data version reads the newest change (the engine upserts rows in place) with
            # one index look-up, not a scan of the table.
            models.Index(fields=["updated_at"], name="rank_eligibility_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.computed_on}"


class Fund(TimeStampedModel):
    """专项基金, for example 人才发展专项基金 or 特殊贡献专项奖励基金 (domain-rules §9)."""

    name = models.CharField(_("基金名称"), max_length=100, unique=True)
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("专项基金")
        verbose_name_plural = _("专项基金")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FundBudget(TimeStampedModel):
    """A fund's budget for one year. ``amount`` is the budget decided; what is left (the balance) is derived
    from the ledger, never stored here."""

    fund = models.ForeignKey(Fund, verbose_name=_("专项基金"), on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("预算金额（元）"), **MONEY)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("基金年度预算")
        verbose_name_plural = _("基金年度预算")
        ordering = ["-year", "fund__name"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="fund_budget_one_per_fund_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fund_budget_amount_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="fund_budget_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year}"


class Grant(TimeStampedModel):
    """拨付: money from a fund's budget to a cadre, on a basis (an award, an annual result or a written reason).

    ``fund`` repeats the budget's fund so that the database can refuse paying the same cadre twice on the
    same basis from the same fund, across years (a cancelled grant does not count). ``basis`` is the
    language-neutral key of the basis: ``award:<id>``, ``result:<year>`` or ``reason:<text>``.
    """

    fund = models.ForeignKey(Fund, verbose_name=_("专项基金"), on_delete=models.PROTECT, related_name="grants")
    budget = models.ForeignKey(FundBudget, verbose_name=_("年度预算"), on_delete=models.PROTECT, related_name="grants")
    cadre = models.ForeignKey("cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="grants")
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    basis_kind = models.CharField(_("依据类型"), max_length=16, choices=GrantBasisKind)
    award = models.ForeignKey(
        Award, verbose_name=_("依据的奖励"), on_delete=models.PROTECT, null=True, blank=True, related_name="grants"
    )
    result_year = models.PositiveSmallIntegerField(_("依据的考核年度"), null=True, blank=True)
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    basis = models.CharField(_("依据标识"), max_length=220, editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=GrantStatus, default=GrantStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    paid_on = models.DateField(_("支付日期"), null=True, blank=True)
    payment_reference = models.CharField(_("支付凭证号"), max_length=100, blank=True)
    cancelled_on = models.DateField(_("撤销日期"), null=True, blank=True)
    cancel_reason = models.CharField(_("撤销理由"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("拨付")
        verbose_name_plural = _("拨付")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["cadre", "status"], name="grant_cadre_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "cadre", "basis"],
                condition=~Q(status=GrantStatus.CANCELLED),
                name="grant_once_per_fund_cadre_basis",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(
                condition=Q(basis_kind=GrantBasisKind.AWARD, award__isnull=False)
                | Q(basis_kind=GrantBasisKind.RESULT, result_year__isnull=False)
                | (Q(basis_kind=GrantBasisKind.REASON) & ~Q(reason="")),
                name="grant_basis_given",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[GrantStatus.APPROVED, GrantStatus.PAID]) | Q(approved_on__isnull=False),
                name="grant_approved_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=GrantStatus.PAID) | Q(paid_on__isnull=False), name="grant_paid_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status=GrantStatus.CANCELLED) | (Q(cancelled_on__isnull=False) & ~Q(cancel_reason="")),
                name="grant_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.cadre_id} {self.amount}"

    @property
    def basis_display(self) -> str:
        """The basis as a person reads it: the award ("2024 嘉奖（新委发〔2025〕3号）"), the result's year, or the
        written reason. Reads ``award``: select it with the grant."""
        if self.award_id:
            award = self.award
            return f"{award.year} {award.get_kind_display()}（{award.document_number}）"
        if self.result_year:
            return _("%(year)s 年度考核结果") % {"year": self.result_year}
        return self.reason


class LedgerEntry(models.Model):
    """台账: one movement of a budget's money, numbered 1, 2, 3 … per budget (domain-rules §9).

    ``balance_change`` is the entry's effect on the available balance (budget not yet committed to an
    approved or paid grant): + for an allocation or a release, − for a commitment, 0 for a payment (its
    money was committed at approval), ± for an adjustment. ``balance_after`` is the running balance, which
    the database keeps at zero or above; ``sequence`` is unique per budget, so two writers who read the same
    last entry cannot both append.
    """

    budget = models.ForeignKey(
        FundBudget, verbose_name=_("年度预算"), on_delete=models.PROTECT, related_name="ledger_entries"
    )
    sequence = models.PositiveIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=16, choices=LedgerEntryKind)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    balance_change = models.DecimalField(_("可用余额变动（元）"), **MONEY)
    balance_after = models.DecimalField(_("可用余额（元）"), **MONEY)
    grant = models.ForeignKey(
        Grant, verbose_name=_("拨付"), on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    note = models.CharField(_("摘要"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记账人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记账时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("台账")
        verbose_name_plural = _("台账")
        ordering = ["budget", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "sequence"], name="ledger_entry_sequence_per_budget"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="ledger_entry_sequence_positive"),
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="ledger_entry_no_overdraft"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_entry_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=[LedgerEntryKind.ALLOCATION, LedgerEntryKind.RELEASE], balance_change=F("amount"))
                | Q(kind=LedgerEntryKind.COMMITMENT, balance_change=-F("amount"))
                | Q(kind=LedgerEntryKind.PAYMENT, balance_change=0)
                | (
                    Q(kind=LedgerEntryKind.ADJUSTMENT)
                    & (Q(balance_change=F("amount")) | Q(balance_change=-F("amount")))
                ),
                name="ledger_entry_change_follows_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[LedgerEntryKind.ALLOCATION, LedgerEntryKind.ADJUSTMENT], grant__isnull=True)
                | Q(
                    kind__in=[LedgerEntryKind.COMMITMENT, LedgerEntryKind.RELEASE, LedgerEntryKind.PAYMENT],
                    grant__isnull=False,
                ),
                name="ledger_entry_grant_iff_grant_movement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} #{self.sequence} {self.get_kind_display()} {self.balance_change}"
