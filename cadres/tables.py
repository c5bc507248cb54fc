"""django-tables2 tables of the cadre pages. Every value comes from the row and its joined unit: no queries."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cadres import rules
from cadres.choices import CadreStatus
from cadres.models import Cadre

LIST_PER_PAGE_CHOICES = (25, 50, 100, 200)
LIST_PER_PAGE_DEFAULT = 25


class CadreTable(tables.Table):
    """The cadre list (干部名册). Choice columns render through get_FOO_display; the unit is select_related."""

    name = tables.Column(
        verbose_name=_("姓名"),
        order_by=("name_pinyin", "id"),
        linkify=("cadres:cadre_detail", [tables.A("pk")]),
        attrs={"a": {"class": "fw-semibold"}},
    )
    gender = tables.Column(verbose_name=_("性别"))
    ethnicity = tables.Column(verbose_name=_("民族"))
    birth_date = tables.Column(verbose_name=_("出生日期/年龄"), order_by=("birth_date", "id"))
    id_number = tables.Column(verbose_name=_("身份证号"), accessor="masked_id_number", orderable=False)
    unit = tables.Column(verbose_name=_("单位"), accessor="unit__name", order_by=("unit__path", "name_pinyin", "id"))
    post_title = tables.Column(verbose_name=_("现任职务"))
    leadership_level = tables.Column(verbose_name=_("领导职务层次"))
    rank = tables.Column(verbose_name=_("职级"))
    category = tables.Column(verbose_name=_("人员类别"))
    status = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Cadre
        fields = (
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "unit",
            "post_title",
            "leadership_level",
            "rank",
            "category",
            "status",
        )
        attrs = {"class": "table table-sm table-hover table-striped align-middle mb-0"}
        empty_text = _("没有符合条件的干部。")
        orderable = True

    def render_birth_date(self, value, record):
        age = rules.age_on(value, timezone.localdate())
        return format_html('{} <span class="text-muted small">（{}岁）</span>', value.isoformat(), age)

    def render_status(self, value, record):
        css = "text-bg-success" if record.status == CadreStatus.ACTIVE else "text-bg-secondary"
        return format_html('<span class="badge {}">{}</span>', css, value)
