"""django-tables2 tables of the care pages, rendered by the page kit. Every value comes from the row and its
joined relations; action columns are neither chosen nor exported."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from care.models import Flat, HealthCheck, HousingApplication, InspectionItem, LeaveRecord, PayRecord, Tenancy
from core.tables import TITLE_TEXT, ActionsColumn, CadreColumn, LongTextColumn

TABLE_ATTRS = {"class": "table table-sm table-hover table-striped align-middle mb-0"}


class FlatTable(tables.Table):
    building = tables.Column(verbose_name=_("楼栋"), accessor="building__name", order_by=("building__name", "number"))
    unit = tables.Column(
        verbose_name=_("所在乡镇/单位"), accessor="building__unit__name", order_by="building__unit__path"
    )
    current_tenant_name = tables.Column(verbose_name=_("在住人员"), default="—")
    actions = ActionsColumn(template_name="care/_flat_actions.html")

    class Meta:
        model = Flat
        fields = ("building", "number", "unit", "area", "rooms", "status", "current_tenant_name", "actions")
        attrs = TABLE_ATTRS
        empty_text = _("没有符合条件的住房。")


class HousingApplicationTable(tables.Table):
    cadre = CadreColumn(verbose_name=_("申请人"))
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", order_by="cadre__unit__path")
    actions = ActionsColumn(template_name="care/_application_actions.html")

    class Meta:
        model = HousingApplication
        fields = ("cadre", "unit", "applied_on", "priority_score", "status", "family_note", "decision_note", "actions")
        attrs = TABLE_ATTRS
        empty_text = _("没有符合条件的申请。")


class TenancyTable(tables.Table):
    cadre = CadreColumn(verbose_name=_("住户"))
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", order_by="cadre__unit__path")
    flat = tables.Column(
        verbose_name=_("住房"), accessor="flat__number", order_by=("flat__building__name", "flat__number")
    )
    building = tables.Column(verbose_name=_("楼栋"), accessor="flat__building__name")
    end_date = tables.Column(verbose_name=_("退房日期"), default=_("在住"))
    actions = ActionsColumn(template_name="care/_tenancy_actions.html")

    class Meta:
        model = Tenancy
        fields = ("cadre", "unit", "building", "flat", "start_date", "end_date", "actions")
        attrs = TABLE_ATTRS
        empty_text = _("没有入住记录。")


def _yes_no(value) -> str:
    return _("是") if value else _("否")


class HealthCheckTable(tables.Table):
    cadre = CadreColumn(verbose_name=_("干部"))
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", order_by="cadre__unit__path")
    check_date = tables.Column(default="—")
    actions = ActionsColumn(template_name="care/_check_actions.html")

    class Meta:
        model = HealthCheck
        fields = ("cadre", "unit", "year", "check_date", "provider", "done", "follow_up_needed", "actions")
        attrs = TABLE_ATTRS
        empty_text = _("没有体检记录。")

    def render_done(self, value):
        return _yes_no(value)

    def value_done(self, value):
        return _yes_no(value)

    def value_follow_up_needed(self, value):
        return _yes_no(value)

    def render_follow_up_needed(self, value):
        return format_html('<span class="badge text-bg-warning">{}</span>', _("需复查")) if value else _("否")


class HealthCheckDueTable(tables.Table):
    name = tables.Column(verbose_name=_("姓名"), order_by="name_pinyin")
    unit = tables.Column(verbose_name=_("单位"), accessor="unit__name", order_by="unit__path")
    has_check_record = tables.Column(verbose_name=_("已登记未完成"), orderable=False)
    state = tables.Column(verbose_name=_("状态"), empty_values=(), orderable=False)

    class Meta:
        attrs = TABLE_ATTRS
        empty_text = _("所有人员均已完成体检。")

    def __init__(self, *args, state_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.state_label = state_label

    def render_has_check_record(self, value):
        return _yes_no(value)

    def value_has_check_record(self, value):
        return _yes_no(value)

    def value_state(self, record):
        return self.state_label

    def render_state(self, record):
        return format_html('<span class="badge text-bg-danger">{}</span>', self.state_label)


class LeaveRecordTable(tables.Table):
    cadre = CadreColumn(verbose_name=_("干部"))
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", order_by="cadre__unit__path")

    class Meta:
        model = LeaveRecord
        fields = ("cadre", "unit", "kind", "start_date", "end_date", "days", "pay_deducted", "note")
        attrs = TABLE_ATTRS
        empty_text = _("没有请休假记录。")

    def render_pay_deducted(self, value, record):
        return _yes_no(value) if record.kind == "personal" else "—"

    def value_pay_deducted(self, value, record):
        return self.render_pay_deducted(value, record)


class LeaveOverviewTable(tables.Table):
    """Rows are care.selectors.CadreLeaveRow."""

    name = CadreColumn(orderable=False)
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name")
    work_start_date = tables.Column(verbose_name=_("参加工作时间"), accessor="cadre__work_start_date")
    service_years = tables.Column(verbose_name=_("工龄（年）"), accessor="summary__entitlement__service_years")
    entitlement = tables.Column(verbose_name=_("当年应休"), accessor="summary__entitlement__days")
    carried_in = tables.Column(verbose_name=_("上年结转"), accessor="summary__carried_in")
    taken = tables.Column(verbose_name=_("已休"), accessor="summary__taken")
    balance = tables.Column(verbose_name=_("剩余"), accessor="summary__balance")
    reason = LongTextColumn(verbose_name=_("依据"), accessor="summary__entitlement__reason")

    class Meta:
        attrs = TABLE_ATTRS
        orderable = False
        empty_text = _("没有符合条件的人员。")


class PayRecordTable(tables.Table):
    cadre = CadreColumn(verbose_name=_("干部"))
    unit = tables.Column(verbose_name=_("发放时单位"), accessor="unit__name", order_by="unit__path")
    total = tables.Column(verbose_name=_("合计（元）"), empty_values=(), orderable=False)

    class Meta:
        model = PayRecord
        fields = ("cadre", "unit", "month", "rank", "base_pay", "township_allowance", "total")
        attrs = TABLE_ATTRS
        empty_text = _("没有工资记录。")

    def render_month(self, value):
        return f"{value:%Y-%m}"

    def render_total(self, record):
        return record.total

    def value_month(self, value):
        return self.render_month(value)


class TownshipPayTable(tables.Table):
    """Rows are care.selectors.TownshipPayRow."""

    name = CadreColumn(cadre="record__cadre", orderable=False)
    unit = tables.Column(verbose_name=_("单位"), accessor="record__unit__name")
    rank = tables.Column(verbose_name=_("职级"), accessor="record__get_rank_display")
    base_pay = tables.Column(verbose_name=_("基本工资"), accessor="record__base_pay")
    allowance = tables.Column(verbose_name=_("乡镇工作补贴"), accessor="record__township_allowance")
    total = tables.Column(verbose_name=_("合计"), accessor="check__total")
    peer_average = tables.Column(verbose_name=_("县直同职级平均"), accessor="check__peer_average")
    required = tables.Column(verbose_name=_("应不低于"), accessor="check__required")
    gap = tables.Column(
        verbose_name=_("差额"), accessor="check__gap", attrs={"td": {"class": "text-danger fw-semibold"}}
    )

    class Meta:
        attrs = TABLE_ATTRS
        orderable = False
        empty_text = _("本月没有低于标准的乡镇干部。")


class InspectionItemTable(tables.Table):
    title = LongTextColumn(linkify=("care:inspection_item_detail", [tables.A("pk")]), orderable=True, attrs=TITLE_TEXT)
    merged_into = LongTextColumn(verbose_name=_("并入事项"), accessor="merged_into__title", default="—")

    class Meta:
        model = InspectionItem
        fields = ("year", "title", "issuing_body", "frequency", "status", "merged_into", "status_reason")
        attrs = TABLE_ATTRS
        empty_text = _("没有符合条件的事项。")


class OccupancyTable(tables.Table):
    """Rows are care.selectors.OccupancyRow: one building's flats by state."""

    building = tables.Column(verbose_name=_("楼栋"), accessor="building__name")
    unit = tables.Column(verbose_name=_("所在乡镇/单位"), accessor="building__unit__name")
    flats = tables.Column(verbose_name=_("住房套数"))
    occupied = tables.Column(verbose_name=_("在住"))
    available = tables.Column(verbose_name=_("空置可分配"))
    maintenance = tables.Column(verbose_name=_("维修中"))
    retired = tables.Column(verbose_name=_("已停用"))
    rate = tables.Column(verbose_name=_("入住率（%）"))

    class Meta:
        orderable = False
        empty_text = _("尚未登记周转房。")


class InspectionCountTable(tables.Table):
    """Rows are the dicts of care.selectors.inspection_counts_by_year: the register's figures per year."""

    year = tables.Column(verbose_name=_("年度"))
    total = tables.Column(verbose_name=_("登记事项"))
    active = tables.Column(verbose_name=_("保留"))
    merged = tables.Column(verbose_name=_("已合并"))
    retired = tables.Column(verbose_name=_("已取消"))

    class Meta:
        orderable = False
