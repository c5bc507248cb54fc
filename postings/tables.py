"""django-tables2 tables of the posting pages. Every value comes from the row and its joined relations."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from postings.choices import PostingStatus
from postings.models import Posting

STATUS_CSS = {
    PostingStatus.PLANNED: "text-bg-info",
    PostingStatus.SERVING: "text-bg-success",
    PostingStatus.COMPLETED: "text-bg-secondary",
    PostingStatus.RECALLED: "text-bg-warning",
}


class PostingTable(tables.Table):
    cadre = tables.Column(
        verbose_name=_("干部"),
        accessor="cadre__name",
        order_by=("cadre__name_pinyin", "id"),
        linkify=("postings:posting_detail", [tables.A("pk")]),
    )
    kind = tables.Column(verbose_name=_("锻炼类型"))
    detail = tables.Column(verbose_name=_("一线类别/交流方向"), accessor="kind_detail_display", orderable=False)
    home_unit = tables.Column(
        verbose_name=_("派出单位"), accessor="home_unit__name", order_by=("home_unit__path", "id")
    )
    host = tables.Column(verbose_name=_("接收单位/村"), accessor="host_name", order_by=("host_unit__path", "id"))
    planned_start = tables.Column(verbose_name=_("开始日期"))
    end = tables.Column(verbose_name=_("结束日期"), order_by=("end", "id"))
    status = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Posting
        fields = ("cadre", "kind", "detail", "home_unit", "host", "planned_start", "end", "status")
        attrs = {"class": "table table-sm table-hover table-striped align-middle mb-0"}
        empty_text = _("没有符合条件的实践锻炼。")
        orderable = True

    def render_status(self, value, record):
        return format_html('<span class="badge {}">{}</span>', STATUS_CSS.get(record.status, ""), value)

    def render_end(self, value, record):
        if record.actual_end:
            return value.isoformat()
        return format_html('{} <span class="text-muted small">{}</span>', value.isoformat(), _("（计划）"))


class FirstSecretaryTable(PostingTable):
    """The first secretaries, with the village's categories (village_profile is select_related)."""

    categories = tables.Column(verbose_name=_("村类别"), accessor="host_unit", orderable=False)

    class Meta(PostingTable.Meta):
        fields = ("cadre", "home_unit", "host", "categories", "planned_start", "end", "status")
        exclude = ("kind", "detail")
        sequence = ("cadre", "home_unit", "host", "categories", "planned_start", "end", "status")

    def render_categories(self, value, record):
        profile = getattr(record.host_unit, "village_profile", None) if record.host_unit_id else None
        labels = profile.category_labels if profile else []
        return "、".join(labels) or "—"
