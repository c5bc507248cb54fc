"""django-tables2 tables of the career list pages. Each row links to the cadre's career page."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from careers.models import AccountabilityRecord, Appointment, FaultToleranceCase, UnfitAdjustmentCase


class CadreLinkColumn(tables.Column):
    def __init__(self, *args, cadre_path: str = "cadre", **kwargs):
        self.cadre_path = cadre_path
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        cadre = record
        for part in self.cadre_path.split("."):
            cadre = getattr(cadre, part)
        return format_html('<a href="{}">{}</a>', reverse("careers:cadre_career", args=[cadre.pk]), cadre.name)


class MeasureTable(tables.Table):
    cadre = CadreLinkColumn(verbose_name=_("姓名"), order_by=("cadre__name_pinyin",))
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", order_by=("cadre__unit__path",))
    family = tables.Column()
    kind = tables.Column()
    decided_on = tables.Column()
    issuing_body = tables.Column()
    document_number = tables.Column()
    status = tables.Column()

    class Meta:
        model = AccountabilityRecord
        fields = ["cadre", "unit", "family", "kind", "decided_on", "issuing_body", "document_number", "status"]
        attrs = {"class": "table table-sm table-hover"}
        order_by = ("-decided_on",)


class InvestigationTable(MeasureTable):
    actions = tables.Column(verbose_name=_("操作"), empty_values=(), orderable=False)

    class Meta(MeasureTable.Meta):
        fields = ["cadre", "unit", "decided_on", "issuing_body", "document_number"]
        exclude = ["family", "kind", "status"]

    def render_actions(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
            reverse("careers:investigation_close", args=[record.pk]),
            _("结案"),
        )


class ProbationTable(tables.Table):
    cadre = CadreLinkColumn(verbose_name=_("姓名"), order_by=("cadre__name_pinyin",))
    unit = tables.Column(verbose_name=_("任职单位"), accessor="unit__name", order_by=("unit__path",))
    post_title = tables.Column()
    leadership_level = tables.Column()
    effective_date = tables.Column()
    probation_end = tables.Column()
    actions = tables.Column(verbose_name=_("操作"), empty_values=(), orderable=False)

    class Meta:
        model = Appointment
        fields = ["cadre", "unit", "post_title", "leadership_level", "effective_date", "probation_end"]
        attrs = {"class": "table table-sm table-hover"}
        order_by = ("probation_end",)

    def render_actions(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
            reverse("careers:probation_conclude", args=[record.pk]),
            _("试用考核"),
        )


class UnfitCaseTable(tables.Table):
    cadre = CadreLinkColumn(verbose_name=_("姓名"), order_by=("cadre__name_pinyin",))
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", order_by=("cadre__unit__path",))
    opened_on = tables.Column()
    status = tables.Column()
    decision = tables.Column()
    decided_on = tables.Column()
    detail = tables.Column(verbose_name=_("操作"), empty_values=(), orderable=False)

    class Meta:
        model = UnfitAdjustmentCase
        fields = ["cadre", "unit", "opened_on", "status", "decision", "decided_on"]
        attrs = {"class": "table table-sm table-hover"}

    def render_detail(self, record):
        return format_html('<a href="{}">{}</a>', reverse("careers:unfit_case_detail", args=[record.pk]), _("查看"))


class FaultToleranceTable(tables.Table):
    cadre = CadreLinkColumn(
        verbose_name=_("姓名"),
        cadre_path="record.cadre",
        accessor="record__cadre",
        order_by=("record__cadre__name_pinyin",),
    )
    record = tables.Column(verbose_name=_("涉及的处理记录"), order_by=("record__decided_on",))
    opened_on = tables.Column()
    status = tables.Column()
    outcome = tables.Column()
    decided_on = tables.Column()
    actions = tables.Column(verbose_name=_("操作"), empty_values=(), orderable=False)

    class Meta:
        model = FaultToleranceCase
        fields = ["cadre", "record", "opened_on", "status", "outcome", "decided_on"]
        attrs = {"class": "table table-sm table-hover"}

    def render_actions(self, record):
        if record.outcome:
            return ""
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
            reverse("careers:fault_tolerance_decide", args=[record.pk]),
            _("认定"),
        )
