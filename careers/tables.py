"""django-tables2 tables of the career list pages, rendered by the page kit; a cadre name links to the cadre.

Columns with ``visible=False`` are offered in the column choice and exported when ticked; the action
columns are neither (``core.tables.ActionsColumn``).
"""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from careers.models import AccountabilityRecord, Appointment, FaultToleranceCase, UnfitAdjustmentCase
from core.tables import ActionsColumn, CadreColumn, LongTextColumn


def _action_button(url_name: str, label) -> str:
    return (
        '<a class="btn btn-sm btn-outline-primary" href="{% url "' + url_name + '" record.pk %}">' + str(label) + "</a>"
    )


class MeasureTable(tables.Table):
    cadre = CadreColumn()
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", order_by=("cadre__unit__path",))
    family = tables.Column()
    kind = tables.Column()
    decided_on = tables.Column()
    issuing_body = tables.Column()
    document_number = tables.Column()
    reason = LongTextColumn(visible=False)
    probation_years = tables.Column(verbose_name=_("留党察看期限（年）"), visible=False)
    closed_on = tables.Column(visible=False)
    outcome = tables.Column(visible=False)
    status = tables.Column()
    revoked_on = tables.Column(verbose_name=_("撤销（更正）日期"), visible=False)

    class Meta:
        model = AccountabilityRecord
        fields = ()
        sequence = (
            "cadre",
            "unit",
            "family",
            "kind",
            "decided_on",
            "issuing_body",
            "document_number",
            "reason",
            "probation_years",
            "closed_on",
            "outcome",
            "status",
            "revoked_on",
        )
        order_by = ("-decided_on",)


class InvestigationTable(MeasureTable):
    family = tables.Column(visible=False)
    kind = tables.Column(visible=False)
    status = tables.Column(visible=False)
    actions = ActionsColumn(template_code=_action_button("careers:investigation_close", _("结案")))


class ProbationTable(tables.Table):
    cadre = CadreColumn()
    unit = tables.Column(verbose_name=_("任职单位"), accessor="unit__name", order_by=("unit__path",))
    post_title = tables.Column()
    leadership_level = tables.Column()
    effective_date = tables.Column()
    probation_end = tables.Column()
    approving_body = tables.Column(visible=False)
    document_number = tables.Column(visible=False)
    actions = ActionsColumn(template_code=_action_button("careers:probation_conclude", _("试用考核")))

    class Meta:
        model = Appointment
        fields = ()
        order_by = ("probation_end",)


class UnfitCaseTable(tables.Table):
    cadre = CadreColumn()
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", order_by=("cadre__unit__path",))
    opened_on = tables.Column()
    situation_count = tables.Column(verbose_name=_("情形数"), accessor="situations", orderable=False, visible=False)
    status = tables.Column()
    decision = tables.Column()
    decided_on = tables.Column()
    detail = ActionsColumn(
        template_code='<a href="{% url "careers:unfit_case_detail" record.pk %}">' + str(_("查看")) + "</a>"
    )

    class Meta:
        model = UnfitAdjustmentCase
        fields = ()

    def render_situation_count(self, value):
        return len(value)

    def value_situation_count(self, value):
        return len(value)


class FaultToleranceTable(tables.Table):
    cadre = CadreColumn(cadre="record__cadre")
    unit = tables.Column(
        verbose_name=_("单位"), accessor="record__cadre__unit__name", order_by=("record__cadre__unit__path",)
    )
    record = tables.Column(verbose_name=_("涉及的处理记录"), order_by=("record__decided_on",))
    distinction = tables.Column(visible=False)
    opened_on = tables.Column()
    status = tables.Column()
    outcome = tables.Column()
    decided_on = tables.Column()
    actions = ActionsColumn(
        template_code=(
            '{% if not record.outcome %}<a class="btn btn-sm btn-outline-primary" '
            'href="{% url "careers:fault_tolerance_decide" record.pk %}">' + str(_("认定")) + "</a>{% endif %}"
        )
    )

    class Meta:
        model = FaultToleranceCase
        fields = ()
