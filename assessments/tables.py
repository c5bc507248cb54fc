"""django-tables2 tables of the assessment pages. Every value comes from the row and its joined cadre, unit,
period or proposal: no queries per row. No table has a column holding a rater's individual score."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assessments.choices import SuggestionStatus
from assessments.models import AnnualResult, Assessee, Period, RaterAssignment, Suggestion
from core.tables import CadreColumn, KitTemplateColumn, LongTextColumn, ReasonsColumn


class PeriodTable(tables.Table):
    name = tables.Column(verbose_name=_("名称"), linkify=("assessments:period_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name=_("考核种类"))
    year = tables.Column(verbose_name=_("考核年度"))
    state = tables.Column(verbose_name=_("状态"))
    publicity_ends_on = tables.DateColumn(verbose_name=_("公示截止"), format="Y-m-d")
    confirmed_on = tables.DateColumn(verbose_name=_("确定日期"), format="Y-m-d")

    class Meta:
        model = Period
        fields = ("name", "kind", "year", "state", "publicity_ends_on", "confirmed_on")
        order_by = ("-year", "kind")


class ProposalTable(tables.Table):
    """A period's assessees with their composite, rank, proposed grade and why (拟定等次表)."""

    pool = tables.Column(verbose_name=_("优秀名额单元"), accessor="pool__unit__name", order_by=("pool__unit__path",))
    name = CadreColumn()
    post = tables.Column(verbose_name=_("职务"), accessor="cadre__post_title", orderable=False)
    assessing = tables.Column(verbose_name=_("考核单位"), accessor="assessing_name", orderable=False)
    composite = tables.Column(
        verbose_name=_("综合得分"), accessor="proposal__composite", attrs={"td": {"class": "text-end"}}
    )
    rank = tables.Column(verbose_name=_("排名"), accessor="proposal__rank", attrs={"td": {"class": "text-end"}})
    proposed = tables.Column(verbose_name=_("拟定等次"), accessor="proposal__proposed_grade", orderable=False)
    committee = tables.Column(verbose_name=_("考核委员会确定"), accessor="committee_grade", orderable=False)
    reasons = ReasonsColumn(verbose_name=_("依据"), accessor="proposal__reasons")
    actions = KitTemplateColumn(
        template_name="assessments/_proposal_actions.html",
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = Assessee
        fields = ()
        sequence = ("pool", "name", "post", "assessing", "composite", "rank", "proposed", "committee", "reasons")

    def render_proposed(self, record):
        return record.proposal.get_proposed_grade_display() if hasattr(record, "proposal") else ""

    def value_proposed(self, record):
        return self.render_proposed(record)

    def render_committee(self, record):
        return record.get_committee_grade_display()

    def value_committee(self, record):
        return record.get_committee_grade_display()


class AnnualResultTable(tables.Table):
    """考核结果汇总表: one row per cadre and year."""

    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", order_by=("cadre__unit__path",))
    name = CadreColumn()
    post = tables.Column(verbose_name=_("职务"), accessor="cadre__post_title", orderable=False)
    year = tables.Column(verbose_name=_("考核年度"))
    grade = tables.Column(verbose_name=_("等次"))
    ungraded_reason = tables.Column(verbose_name=_("不定等次原因"), orderable=False)
    confirmed_on = tables.DateColumn(verbose_name=_("确定日期"), format="Y-m-d")
    source = tables.Column(verbose_name=_("来源"))
    comment = LongTextColumn(verbose_name=_("评语"), visible=False)
    actions = tables.Column(verbose_name="", accessor="cadre_id", orderable=False, exclude_from_export=True)

    class Meta:
        model = AnnualResult
        fields = ()
        sequence = (
            "unit",
            "name",
            "post",
            "year",
            "grade",
            "ungraded_reason",
            "confirmed_on",
            "source",
            "comment",
            "actions",
        )
        # No order_by: the rows come in the selector's order (each year in the roster's official order).

    def render_actions(self, value):
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>',
            reverse("assessments:historic_result_create", args=[value]),
            _("录入历史结果"),
        )


class RatingTaskTable(tables.Table):
    """我的评分任务: whom the rater rates, in which group, and the task's state; never anyone else's score."""

    period = tables.Column(verbose_name=_("考核周期"), accessor="assessee__period__name", orderable=False)
    name = CadreColumn(cadre="assessee__cadre", verbose_name=_("被评价人"), orderable=False)
    unit = tables.Column(verbose_name=_("单位"), accessor="assessee__cadre__unit__name", orderable=False)
    group = tables.Column(verbose_name=_("我的评价身份"), orderable=False)
    status = tables.Column(verbose_name=_("状态"), orderable=False)
    actions = tables.Column(verbose_name="", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta:
        model = RaterAssignment
        fields = ()
        sequence = ("period", "name", "unit", "group", "status", "actions")

    def render_actions(self, record):
        label = _("查看") if record.status == "submitted" else _("评分")
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
            reverse("assessments:rating_task", args=[record.pk]),
            label,
        )


class SuggestionTable(tables.Table):
    name = CadreColumn()
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", order_by=("cadre__unit__path",))
    year = tables.Column(verbose_name=_("考核年度"), accessor="annual_result__year")
    grade = tables.Column(verbose_name=_("等次"), accessor="annual_result__grade", orderable=False)
    kind = tables.Column(verbose_name=_("事项"))
    status = tables.Column(verbose_name=_("状态"))
    note = LongTextColumn(verbose_name=_("办理说明"))
    actions = tables.Column(verbose_name="", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta:
        model = Suggestion
        fields = ()
        sequence = ("name", "unit", "year", "grade", "kind", "status", "note", "actions")
        # No order_by: the rows come in the page's order (each year in the roster's official order).

    def render_actions(self, record):
        if record.status != SuggestionStatus.OPEN:
            return ""
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
            reverse("assessments:suggestion_handle", args=[record.pk]),
            _("办理"),
        )

    def render_grade(self, record):
        return record.annual_result.get_grade_display()

    def value_grade(self, record):
        return record.annual_result.get_grade_display()
