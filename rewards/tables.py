"""django-tables2 tables of the rewards pages. Every value comes from the row and its joined cadre, unit, fund or
budget: no queries per row. Columns with ``visible=False`` are offered in the column choice and exported when
ticked; action columns are neither chosen nor exported."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.tables import LONG_TEXT, ActionsColumn, CadreColumn, LongTextColumn, MoneyColumn, ReasonsColumn
from rewards import rules
from rewards.models import Award, AwardCandidate, FundBudget, Grant, LedgerEntry, RankPromotionEligibility


def unit_column(**kwargs) -> tables.Column:
    return tables.Column(
        verbose_name=_("单位"), accessor="cadre__unit__name", order_by=("cadre__unit__path",), **kwargs
    )


class CandidateTable(tables.Table):
    selected = tables.CheckBoxColumn(
        accessor="pk",
        orderable=False,
        exclude_from_export=True,
        attrs={
            "input": {"form": "candidate-decision", "name": "candidates", "class": "form-check-input"},
            "th__input": {"class": "form-check-input", "data-rewards-check-all": "candidates"},
        },
    )
    cadre = CadreColumn()
    unit = unit_column()
    post_title = tables.Column(verbose_name=_("职务"), accessor="cadre__post_title", visible=False)
    kind = tables.Column(verbose_name=_("奖励种类"))
    year = tables.Column(verbose_name=_("考核年度"))
    basis_display = LongTextColumn(verbose_name=_("奖励依据"), orderable=False, empty_values=())
    blocked = tables.BooleanColumn(verbose_name=_("受限"), yesno=(_("受限"), ""))
    reasons = ReasonsColumn(verbose_name=_("理由"))
    status = tables.Column(verbose_name=_("状态"))
    decision = LongTextColumn(verbose_name=_("审批"), accessor="decline_reason", visible=False)

    class Meta:
        model = AwardCandidate
        fields = [
            "selected",
            "cadre",
            "unit",
            "post_title",
            "kind",
            "year",
            "basis_display",
            "blocked",
            "reasons",
            "status",
        ]
        # No order_by: the rows come in the selector's order (each year in the roster's official order).

    def render_blocked(self, value):
        return format_html('<span class="badge text-bg-warning">{}</span>', _("受限")) if value else ""


class AwardTable(tables.Table):
    """奖励 and, exported, the 奖励审批表 (award_approval_sheet)."""

    cadre = CadreColumn()
    gender = tables.Column(verbose_name=_("性别"), accessor="cadre__get_gender_display", orderable=False, visible=False)
    birth_date = tables.DateColumn(verbose_name=_("出生日期"), accessor="cadre__birth_date", visible=False)
    unit = unit_column()
    post_title = tables.Column(verbose_name=_("职务"), accessor="cadre__post_title", visible=False)
    kind = tables.Column(verbose_name=_("奖励种类"))
    year = tables.Column(verbose_name=_("奖励年度"))
    basis_display = LongTextColumn(verbose_name=_("奖励依据"), orderable=False, empty_values=())
    approving_body = tables.Column(verbose_name=_("批准机关"), visible=False)  # one body for most: in the column choice
    document_number = tables.Column(verbose_name=_("文号"))
    awarded_on = tables.DateColumn(verbose_name=_("奖励日期"))
    bonus = MoneyColumn(verbose_name=_("奖金（元）"))
    medal = tables.BooleanColumn(verbose_name=_("颁发奖章"), yesno=(_("是"), _("否")), visible=False)
    status = tables.Column(verbose_name=_("状态"))
    revocation_reason = LongTextColumn(verbose_name=_("撤销理由"), visible=False)
    actions = ActionsColumn(template_name="rewards/_award_actions.html")

    class Meta:
        model = Award
        fields = ["cadre", "unit", "kind", "year", "basis_display", "approving_body", "document_number", "awarded_on"]
        sequence = (
            "cadre",
            "gender",
            "birth_date",
            "unit",
            "post_title",
            "kind",
            "year",
            "basis_display",
            "approving_body",
            "document_number",
            "awarded_on",
            "bonus",
            "medal",
            "status",
            "revocation_reason",
            "actions",
        )
        order_by = ("-awarded_on",)


class EligibilityTable(tables.Table):
    cadre = CadreColumn()
    unit = unit_column()
    current_rank = tables.Column(verbose_name=_("现职级"), visible=False)  # one below the target: in the column choice
    target_rank = tables.Column(verbose_name=_("拟晋升职级"))
    months = tables.Column(
        verbose_name=_("任职月数"), accessor="months_counted", order_by=("months_counted",), empty_values=()
    )
    excellent_years = tables.Column(verbose_name=_("优秀年度"), orderable=False)
    eligible = tables.BooleanColumn(verbose_name=_("资格"), yesno=(_("符合"), _("不符合")))
    within_rank_posts = tables.BooleanColumn(verbose_name=_("职数内"), yesno=(_("是"), _("否")), visible=False)
    priority = tables.BooleanColumn(verbose_name=_("优先晋升"), yesno=(_("优先"), ""), visible=False)
    eligible_from = tables.DateColumn(verbose_name=_("可晋升日期"))
    conclusion = tables.Column(
        verbose_name=_("说明"), accessor="reasons", orderable=False, empty_values=(), attrs=LONG_TEXT
    )
    reasons = ReasonsColumn(verbose_name=_("理由"), visible=False)
    computed_on = tables.DateColumn(verbose_name=_("计算日期"), visible=False)

    class Meta:
        model = RankPromotionEligibility
        fields = ["cadre", "unit", "current_rank", "target_rank"]
        sequence = (
            "cadre",
            "unit",
            "current_rank",
            "target_rank",
            "months",
            "excellent_years",
            "eligible",
            "within_rank_posts",
            "priority",
            "eligible_from",
            "conclusion",
            "reasons",
            "computed_on",
        )

    def render_months(self, record):
        return self.value_months(record)

    def value_months(self, record):
        """ "46 / 需 24": the months counted at the rank and the months the promotion needs."""
        return _("%(counted)s / 需 %(required)s") % {
            "counted": record.months_counted,
            "required": record.months_required,
        }

    def render_excellent_years(self, value):
        return "、".join(str(year) for year in value)

    def value_excellent_years(self, value):
        return "、".join(str(year) for year in value)

    def render_conclusion(self, record):
        return format_html("<div>{}</div>", self.value_conclusion(record))

    def value_conclusion(self, record):
        """Why not, or when: the engine's conclusion (the same sentence as on the cadre's own page)."""
        return rules.promotion_conclusion(
            eligible=record.eligible, within_rank_posts=record.within_rank_posts, reasons=record.reasons
        )

    def render_eligible(self, record):
        badges = [("text-bg-success", _("符合")) if record.eligible else ("text-bg-secondary", _("不符合"))]
        if record.priority:
            badges.append(("text-bg-warning", _("优先")))
        if record.eligible and not record.within_rank_posts:
            badges.append(("text-bg-light border", _("职数已满")))
        return format_html_join(" ", '<span class="badge {}">{}</span>', badges)

    def value_eligible(self, value):
        return _("符合") if value else _("不符合")


class BudgetTable(tables.Table):
    fund = tables.Column(verbose_name=_("专项基金"), accessor="fund__name", order_by=("fund__name",))
    year = tables.Column(verbose_name=_("年度"))
    amount = MoneyColumn(verbose_name=_("预算金额（元）"))
    committed = MoneyColumn(verbose_name=_("已批准未支付（元）"))
    paid = MoneyColumn(verbose_name=_("已支付（元）"))
    balance = MoneyColumn(verbose_name=_("可用余额（元）"))
    note = LongTextColumn(verbose_name=_("备注"), visible=False)
    actions = ActionsColumn(template_name="rewards/_budget_actions.html")

    class Meta:
        model = FundBudget
        fields = ["fund", "year", "amount"]
        sequence = ("fund", "year", "amount", "committed", "paid", "balance", "note", "actions")
        order_by = ("-year", "fund")


class LedgerTable(tables.Table):
    sequence = tables.Column(verbose_name=_("台账序号"))
    recorded_at = tables.DateTimeColumn(verbose_name=_("记账时间"), format="Y-m-d H:i")
    kind = tables.Column(verbose_name=_("类型"))
    cadre = CadreColumn(cadre="grant__cadre", verbose_name=_("干部"), orderable=False)
    amount = MoneyColumn(verbose_name=_("金额（元）"))
    balance_change = MoneyColumn(verbose_name=_("可用余额变动（元）"))
    balance_after = MoneyColumn(verbose_name=_("可用余额（元）"))
    note = LongTextColumn(verbose_name=_("摘要"))

    class Meta:
        model = LedgerEntry
        fields = ["sequence", "recorded_at", "kind", "cadre", "amount", "balance_change", "balance_after", "note"]
        order_by = ("sequence",)


class GrantTable(tables.Table):
    """拨付 and, exported, the finance export (拨付明细)."""

    selected = tables.CheckBoxColumn(
        accessor="pk",
        orderable=False,
        exclude_from_export=True,
        attrs={
            "input": {"form": "grant-decision", "name": "grants", "class": "form-check-input"},
            "th__input": {"class": "form-check-input", "data-rewards-check-all": "grants"},
        },
    )
    cadre = CadreColumn()
    id_number = tables.Column(verbose_name=_("身份证号"), accessor="cadre__id_number", orderable=False, visible=False)
    unit = unit_column()
    fund = tables.Column(verbose_name=_("专项基金"), accessor="fund__name", order_by=("fund__name",))
    year = tables.Column(verbose_name=_("预算年度"), accessor="budget__year", visible=False)
    amount = MoneyColumn(verbose_name=_("金额（元）"))
    basis_kind = tables.Column(verbose_name=_("依据类型"), visible=False)
    basis_text = tables.Column(verbose_name=_("依据"), accessor="pk", orderable=False, attrs=LONG_TEXT)
    status = tables.Column(verbose_name=_("状态"))
    approved_on = tables.DateColumn(verbose_name=_("批准日期"), visible=False)
    paid_on = tables.DateColumn(verbose_name=_("支付日期"))
    payment_reference = tables.Column(verbose_name=_("支付凭证号"))
    cancel_reason = LongTextColumn(verbose_name=_("撤销理由"), visible=False)
    actions = ActionsColumn(template_name="rewards/_grant_actions.html")

    class Meta:
        model = Grant
        fields = ["cadre", "unit", "fund", "amount", "basis_kind", "status", "approved_on", "paid_on"]
        sequence = (
            "selected",
            "cadre",
            "id_number",
            "unit",
            "fund",
            "year",
            "amount",
            "basis_kind",
            "basis_text",
            "status",
            "approved_on",
            "paid_on",
            "payment_reference",
            "cancel_reason",
            "actions",
        )
        order_by = ("-id",)

    def render_basis_text(self, record):
        return format_html("<div>{}</div>", record.basis_display)

    def value_basis_text(self, record):
        return record.basis_display
