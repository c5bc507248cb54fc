"""django-tables2 tables of the training pages, rendered by the page kit; every value comes from the row and its
joins. Columns with ``visible=False`` are offered in the column choice and exported when ticked."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import TITLE_TEXT, ActionsColumn, CadreColumn, HoursColumn, KitTemplateColumn, LongTextColumn
from training.models import Course, ExternalHours


class CourseTable(tables.Table):
    title = LongTextColumn(
        verbose_name=_("培训班"),
        linkify=("training:course_detail", [tables.A("pk")]),
        orderable=True,
        attrs=TITLE_TEXT,
    )
    kind = tables.Column(verbose_name=_("培训类型"))
    organizer = tables.Column(verbose_name=_("主办单位"))
    location = LongTextColumn(verbose_name=_("地点"), visible=False)
    start_date = tables.Column(verbose_name=_("开班日期"))
    end_date = tables.Column(verbose_name=_("结业日期"))
    hours = HoursColumn(verbose_name=_("学时"))
    days = HoursColumn(verbose_name=_("天数"), visible=False)
    capacity = tables.Column(verbose_name=_("名额"), visible=False)
    seats = tables.Column(verbose_name=_("报名/名额"), accessor="enrolled_count", order_by=("enrolled_count",))
    waiting_count = tables.Column(verbose_name=_("候补"))
    status = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Course
        fields = ()
        sequence = (
            "title",
            "kind",
            "organizer",
            "location",
            "start_date",
            "end_date",
            "hours",
            "days",
            "capacity",
            "seats",
            "waiting_count",
            "status",
        )
        empty_text = _("没有符合条件的培训班。")
        order_by = ("-start_date",)

    def render_seats(self, value, record):
        return f"{value}/{record.capacity}"

    def value_seats(self, value, record):
        return self.render_seats(value, record)


class ExternalHoursTable(tables.Table):
    cadre = CadreColumn(verbose_name=_("干部"))
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", orderable=False)
    title = LongTextColumn(verbose_name=_("培训名称"), orderable=True, attrs=TITLE_TEXT)
    provider = tables.Column(verbose_name=_("培训机构"))
    end_date = tables.Column(verbose_name=_("结束日期"))
    hours = HoursColumn(verbose_name=_("学时"))
    days = HoursColumn(verbose_name=_("脱产天数"))
    evidence = tables.Column(verbose_name=_("证明材料"), empty_values=(), orderable=False, exclude_from_export=True)
    status = tables.Column(verbose_name=_("状态"))
    review_note = LongTextColumn(verbose_name=_("审核意见"), visible=False)
    review = ActionsColumn(template_name="training/_external_review_cell.html", verbose_name=_("审核"))

    class Meta:
        model = ExternalHours
        fields = ()
        order_by = ("-end_date",)
        empty_text = _("没有外部学时记录。")

    def render_evidence(self, value, record):
        url = reverse("training:external_evidence", args=[record.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("查看"))


class ComplianceTable(tables.Table):
    """Rows are training.selectors.ComplianceRow: one cadre's result against the §6 requirements."""

    name = CadreColumn(cadre="", accessor="name", id_accessor="result__cadre_id")
    unit = tables.Column(verbose_name=_("单位"), accessor="unit_name")
    requirement = tables.Column(verbose_name=_("适用要求"), accessor="result__requirement__label")
    period = tables.Column(verbose_name=_("考核期间"), empty_values=(), visible=False)
    required = HoursColumn(verbose_name=_("要求学时"), accessor="result__required", visible=False)
    earned = HoursColumn(verbose_name=_("认定学时"), accessor="result__earned", visible=False)
    progress = KitTemplateColumn(
        verbose_name=_("进度"),
        exclude_from_export=True,
        attrs={"th": {"style": "width:25%"}},
        template_code=(
            '{% load kit %}<div class="progress" role="progressbar" aria-valuenow="{{ record.result.percent }}"'
            ' aria-valuemin="0" aria-valuemax="100">'
            '<div class="progress-bar bg-warning" style="width: {{ record.result.percent }}%">'
            "{{ record.result.earned|hours }}/{{ record.result.required|hours }}</div></div>"
        ),
    )
    shortfall = HoursColumn(verbose_name=_("差额学时"), accessor="result__shortfall")
    required_days = HoursColumn(verbose_name=_("要求天数"), accessor="result__required_days", visible=False)
    earned_days = HoursColumn(verbose_name=_("脱产天数"), accessor="result__earned_days", visible=False)
    compliant = tables.Column(verbose_name=_("是否达标"), accessor="result__compliant", visible=False)
    in_grace = tables.Column(verbose_name=_("宽限期"), accessor="result__in_grace", visible=False)
    online_hours = HoursColumn(verbose_name=_("网络自学学时"), accessor="result__online_hours")
    online_required = HoursColumn(verbose_name=_("网络自学要求学时"), accessor="result__online_required", visible=False)
    online_met = tables.Column(verbose_name=_("网络自学是否达标"), accessor="result__online_met")
    reason = LongTextColumn(verbose_name=_("说明"), accessor="result__reason")

    class Meta:
        orderable = False
        empty_text = _("全部达标。")

    def render_period(self, record):
        return f"{record.result.period_start.isoformat()}至{record.result.period_end.isoformat()}"

    def value_period(self, record):
        return self.render_period(record)

    def render_compliant(self, value):
        return _yes_no(value)

    def value_compliant(self, value):
        return _yes_no(value)

    def render_in_grace(self, value):
        return _("是") if value else ""

    def value_in_grace(self, value):
        return self.render_in_grace(value)

    def render_online_met(self, value):
        return _yes_no(value) if value else format_html('<span class="badge text-bg-warning">{}</span>', _("不足"))

    def value_online_met(self, value):
        return _yes_no(value)


def _yes_no(value) -> str:
    return _("是") if value else _("否")
