"""django-tables2 tables of the dashboard's lists. Values come from the row and its joined unit: no queries."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from core.tables import CadreColumn, LongTextColumn
from dashboard.models import AuditFinding


class RetirementTable(tables.Table):
    """到龄提醒: serving cadres and the day they reach the statutory retirement age (domain-rules §11)."""

    name = tables.Column(
        verbose_name=_("姓名"),
        order_by=("name_pinyin", "id"),
        linkify=("cadres:cadre_detail", [tables.A("pk")]),
        attrs={"a": {"class": "fw-semibold"}},
    )
    gender = tables.Column(verbose_name=_("性别"))
    unit = tables.Column(verbose_name=_("工作单位"), accessor="unit__name", order_by=("unit__path", "id"))
    post_title = tables.Column(verbose_name=_("现任职务"))
    category = tables.Column(verbose_name=_("人员类别"))
    birth_date = tables.Column(verbose_name=_("出生日期"), order_by=("birth_date", "id"))
    retirement_date = tables.Column(
        verbose_name=_("法定退休日期"), accessor="retirement__on", order_by=("retirement_month", "birth_day", "id")
    )
    retirement_age = tables.Column(verbose_name=_("法定退休年龄"), accessor="retirement__age_text", orderable=False)

    class Meta:
        model = Cadre
        fields = ()
        sequence = (
            "name",
            "gender",
            "unit",
            "post_title",
            "category",
            "birth_date",
            "retirement_date",
            "retirement_age",
        )
        order_by = ()


class OverdueRetirementTable(RetirementTable):
    """Cadres past the statutory age and still serving: ordered by birth date (earliest overdue first)."""

    retirement_date = tables.Column(
        verbose_name=_("法定退休日期"), accessor="retirement__on", order_by=("birth_date", "id")
    )


class AuditFindingTable(tables.Table):
    """干部信息核查: each finding with the rule that found it, linked to the cadre's record to fix it."""

    cadre = CadreColumn(verbose_name=_("姓名"))
    unit = tables.Column(verbose_name=_("工作单位"), accessor="cadre__unit__name", order_by=("cadre__unit__path", "id"))
    rule = tables.Column(verbose_name=_("核查规则"))
    message = LongTextColumn(verbose_name=_("问题说明"))
    found_on = tables.Column(verbose_name=_("核查日期"))

    class Meta:
        model = AuditFinding
        fields = ()
        sequence = ("cadre", "unit", "rule", "message", "found_on")
        order_by = ()


def figure_table_class(figure) -> type[tables.Table]:
    """A table for the records behind ``figure``: what each record is, its cadre, its unit, its date."""
    attributes = {
        "record": tables.Column(verbose_name=_("记录"), accessor="pk", orderable=False),
    }
    if figure.cadre is not None:
        attributes["cadre"] = CadreColumn(cadre=figure.cadre)
    if figure.unit:
        attributes["unit"] = tables.Column(
            verbose_name=_("单位"), accessor=f"{figure.unit}__name", order_by=(f"{figure.unit}__path", "pk")
        )
    if figure.day:
        attributes["day"] = tables.Column(verbose_name=_("日期"), accessor=figure.day, order_by=(figure.day, "pk"))
    if figure.sum_field:
        attributes["amount"] = tables.Column(verbose_name=str(figure.measure), accessor=figure.sum_field)
    attributes["render_record"] = lambda self, record: str(record)
    attributes["value_record"] = lambda self, record: str(record)
    return type("FigureTable", (tables.Table,), attributes)
