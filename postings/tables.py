"""django-tables2 tables of the posting pages, rendered by the page kit. Every value comes from the row and its
joined relations (the village list's first secretaries are prefetched). Columns with ``visible=False`` are
offered in the column choice and exported when ticked."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cadres.models import Unit
from core.tables import ActionsColumn, CadreColumn, LongTextColumn
from postings.choices import PostingStatus
from postings.models import Posting, PostingReminder

STATUS_CSS = {
    PostingStatus.PLANNED: "text-bg-info",
    PostingStatus.SERVING: "text-bg-success",
    PostingStatus.COMPLETED: "text-bg-secondary",
    PostingStatus.RECALLED: "text-bg-warning",
}


class PostingTable(tables.Table):
    cadre = CadreColumn()
    id_number = tables.Column(
        verbose_name=_("身份证号"), accessor="cadre__masked_id_number", visible=False, orderable=False
    )
    kind = tables.Column(verbose_name=_("锻炼类型"), linkify=("postings:posting_detail", [tables.A("pk")]))
    detail = tables.Column(verbose_name=_("一线类别/交流方向"), accessor="kind_detail_display", orderable=False)
    home_unit = tables.Column(
        verbose_name=_("派出单位"), accessor="home_unit__name", order_by=("home_unit__path", "id")
    )
    host = tables.Column(verbose_name=_("接收单位/村"), accessor="host_name", order_by=("host_unit__path", "id"))
    purpose = LongTextColumn(verbose_name=_("锻炼任务"), visible=False)
    planned_start = tables.Column(verbose_name=_("开始日期"))
    planned_end = tables.Column(verbose_name=_("计划结束日期"), visible=False)
    actual_end = tables.Column(verbose_name=_("实际结束日期"), visible=False)
    end = tables.Column(verbose_name=_("结束日期"), order_by=("end", "id"))
    status = tables.Column(verbose_name=_("状态"))
    evaluation_grade = tables.Column(verbose_name=_("接收单位鉴定"), visible=False)

    class Meta:
        model = Posting
        fields = ()
        sequence = (
            "cadre",
            "id_number",
            "kind",
            "detail",
            "home_unit",
            "host",
            "purpose",
            "planned_start",
            "planned_end",
            "actual_end",
            "end",
            "status",
            "evaluation_grade",
        )
        empty_text = _("没有符合条件的实践锻炼。")
        orderable = True

    def render_status(self, value, record):
        return format_html('<span class="badge {}">{}</span>', STATUS_CSS.get(record.status, ""), value)

    def render_end(self, value, record):
        if record.actual_end:
            return value.isoformat()
        return format_html('{} <span class="text-muted small">{}</span>', value.isoformat(), _("（计划）"))

    def value_end(self, value):
        return value


class FirstSecretaryTable(PostingTable):
    """The first secretaries, with the village's categories (village_profile is select_related)."""

    host = tables.Column(
        verbose_name=_("接收单位/村"),
        accessor="host_name",
        order_by=("host_unit__path", "id"),
        linkify=("postings:posting_detail", [tables.A("pk")]),
    )
    categories = tables.Column(verbose_name=_("村类别"), accessor="host_unit", orderable=False)

    class Meta(PostingTable.Meta):
        exclude = ("kind", "detail")
        sequence = (
            "cadre",
            "id_number",
            "home_unit",
            "host",
            "categories",
            "purpose",
            "planned_start",
            "planned_end",
            "actual_end",
            "end",
            "status",
            "evaluation_grade",
        )

    def render_categories(self, value, record):
        profile = getattr(record.host_unit, "village_profile", None) if record.host_unit_id else None
        labels = profile.category_labels if profile else []
        return "、".join(labels) or "—"

    def value_categories(self, value, record):
        return self.render_categories(value, record)


class LowPresenceTable(tables.Table):
    """Rows are postings.selectors.LowPresence: a first secretary below the days-on-site requirement."""

    cadre = CadreColumn(cadre="posting__cadre", verbose_name=_("干部"), orderable=False)
    home_unit = tables.Column(verbose_name=_("派出单位"), accessor="posting__home_unit__name")
    host = tables.Column(
        verbose_name=_("驻村"),
        accessor="posting__host_name",
        linkify=("postings:posting_detail", [tables.A("posting__pk")]),
    )
    working_days = tables.Column(verbose_name=_("工作日"), accessor="row__working_days")
    required = tables.Column(verbose_name=_("应在岗"), accessor="row__required")
    days = tables.Column(
        verbose_name=_("实际在岗"), accessor="row__days", attrs={"td": {"class": "text-danger fw-semibold"}}
    )
    actions = ActionsColumn(
        template_code='<a class="btn btn-sm btn-outline-primary" '
        'href="{% url "postings:presence_record" record.posting.pk %}">' + str(_("登记")) + "</a>"
    )

    class Meta:
        orderable = False
        empty_text = _("没有在岗天数不足的第一书记。")


class VillageTable(tables.Table):
    """Villages and communities with their categories and serving first secretary (prefetched)."""

    name = tables.Column(verbose_name=_("村（社区）"), order_by=("path",))
    township = tables.Column(verbose_name=_("所属乡镇"), accessor="parent__name", default="—", orderable=False)
    categories = tables.Column(verbose_name=_("村类别"), accessor="village_profile", orderable=False)
    secretary = tables.Column(verbose_name=_("在岗第一书记"), empty_values=(), orderable=False)
    secretary_home = tables.Column(verbose_name=_("派出单位"), empty_values=(), orderable=False)
    term = tables.Column(verbose_name=_("任期"), empty_values=(), orderable=False)
    actions = ActionsColumn(
        template_code='<a class="btn btn-sm btn-outline-secondary" '
        'href="{% url "postings:village_edit" record.pk %}">' + str(_("村类别")) + "</a>"
    )

    class Meta:
        model = Unit
        fields = ()
        empty_text = _("没有符合条件的村（社区）。")

    @staticmethod
    def _secretary(record):
        serving = getattr(record, "serving_first_secretaries", None)
        return serving[0] if serving else None

    def value_categories(self, value, record):
        profile = getattr(record, "village_profile", None)
        return "、".join(profile.category_labels) if profile else ""

    def render_categories(self, value, record):
        labels = self.value_categories(value, record)
        return labels or "—"

    def value_secretary(self, record):
        secretary = self._secretary(record)
        return secretary.cadre.name if secretary else _("暂无")

    def render_secretary(self, record):
        secretary = self._secretary(record)
        if secretary is None:
            return format_html('<span class="text-danger">{}</span>', _("暂无"))
        return format_html(
            '<a href="{}">{}</a>', reverse("postings:posting_detail", args=[secretary.pk]), secretary.cadre.name
        )

    def render_secretary_home(self, record):
        secretary = self._secretary(record)
        return secretary.home_unit.name if secretary else ""

    def render_term(self, record):
        secretary = self._secretary(record)
        return f"{secretary.planned_start:%Y-%m-%d} — {secretary.end:%Y-%m-%d}" if secretary else ""


class ReminderTable(tables.Table):
    raised_on = tables.Column(verbose_name=_("日期"))
    kind = tables.Column(verbose_name=_("类型"))
    cadre = CadreColumn(cadre="posting__cadre", verbose_name=_("干部"))
    posting = tables.Column(
        verbose_name=_("锻炼"), orderable=False, linkify=("postings:posting_detail", [tables.A("posting_id")])
    )
    detail = LongTextColumn(verbose_name=_("说明"))
    actions = ActionsColumn(
        template_code=(
            '{% load i18n %}{% if record.dismissed_at %}<span class="text-muted small">{% translate "已处理" %}</span>'
            '{% else %}<form method="post" action="{% url "postings:reminder_dismiss" record.pk %}">{% csrf_token %}'
            '<input type="hidden" name="next" value="{{ request.get_full_path }}">'
            '<button class="btn btn-sm btn-outline-secondary">{% translate "标记已处理" %}</button></form>{% endif %}'
        )
    )

    class Meta:
        model = PostingReminder
        fields = ()
        order_by = ("-raised_on",)

    def render_posting(self, value):
        return f"{value.get_kind_display()} · {value.host_name}"

    def value_posting(self, value):
        return self.render_posting(value)
