"""django-tables2 tables of the cadre pages. Every value comes from the row and its joined unit: no queries.

The cadre table is also the roster (花名册): its columns carry the roster's headers, which the cadre import
reads (``ROSTER_COLUMNS``), so that an exported roster can be corrected and imported back. Columns with
``visible=False`` are offered in the column choice and exported when ticked.
"""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cadres import rules
from cadres.choices import CadreStatus, Category, Education, Ethnicity, Gender, LeadershipLevel, PoliticalStatus, Rank
from cadres.models import Cadre
from core.tables import CadreColumn, KitTemplateColumn, LongTextColumn

# (header, value path, choices to label the value, or None): the roster's columns, in the roster's order.
# The import reads the same headers (cadres/imports.py).
ROSTER_COLUMNS: list[tuple[str, str, type | None]] = [
    ("姓名", "name", None),
    ("性别", "gender", Gender),
    ("民族", "ethnicity", Ethnicity),
    ("出生日期", "birth_date", None),
    ("身份证号", "id_number", None),
    ("籍贯", "native_place", None),
    ("全日制学历", "education_full_time", Education),
    ("在职学历", "education_in_service", Education),
    ("政治面貌", "political_status", PoliticalStatus),
    ("入党时间", "party_join_date", None),
    ("参加工作时间", "work_start_date", None),
    ("人员类别", "category", Category),
    ("单位编码", "unit__code", None),
    ("工作单位", "unit__name", None),
    ("现任职务", "post_title", None),
    ("任现职时间", "post_date", None),
    ("领导职务层次", "leadership_level", LeadershipLevel),
    ("职级", "rank", Rank),
    ("任现职级时间", "rank_date", None),
    ("状态", "status", CadreStatus),
    ("联系电话", "phone", None),
    ("排序号", "sort_order", None),
]


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
    birth_date = tables.Column(verbose_name=_("出生日期"), order_by=("birth_date", "id"))
    id_number = tables.Column(verbose_name=_("身份证号"), accessor="masked_id_number", orderable=False)
    native_place = tables.Column(verbose_name=_("籍贯"), visible=False)
    education_full_time = tables.Column(verbose_name=_("全日制学历"), visible=False)
    education_in_service = tables.Column(verbose_name=_("在职学历"), visible=False)
    political_status = tables.Column(verbose_name=_("政治面貌"), visible=False)
    party_join_date = tables.Column(verbose_name=_("入党时间"), visible=False)
    work_start_date = tables.Column(verbose_name=_("参加工作时间"), visible=False)
    unit_code = tables.Column(verbose_name=_("单位编码"), accessor="unit__code", visible=False, orderable=False)
    unit = tables.Column(
        verbose_name=_("工作单位"), accessor="unit__name", order_by=("unit__path", "name_pinyin", "id")
    )
    post_title = tables.Column(verbose_name=_("现任职务"))
    post_date = tables.Column(verbose_name=_("任现职时间"), visible=False)
    leadership_level = tables.Column(verbose_name=_("领导职务层次"))
    rank = tables.Column(verbose_name=_("职级"))
    rank_date = tables.Column(verbose_name=_("任现职级时间"), visible=False)
    category = tables.Column(verbose_name=_("人员类别"))
    status = tables.Column(verbose_name=_("状态"))
    phone = tables.Column(verbose_name=_("联系电话"), visible=False, orderable=False)
    sort_order = tables.Column(verbose_name=_("排序号"), visible=False, orderable=False)

    class Meta:
        model = Cadre
        fields = ()
        sequence = (
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "native_place",
            "education_full_time",
            "education_in_service",
            "political_status",
            "party_join_date",
            "work_start_date",
            "unit_code",
            "unit",
            "post_title",
            "post_date",
            "leadership_level",
            "rank",
            "rank_date",
            "category",
            "status",
            "phone",
            "sort_order",
        )
        empty_text = _("没有符合条件的干部。")
        orderable = True

    def render_birth_date(self, value, record):
        age = rules.age_on(value, timezone.localdate())
        return format_html('{} <span class="text-muted small">（{}岁）</span>', value.isoformat(), age)

    def value_id_number(self, record):
        # The page masks ID numbers; the roster carries them whole, so that it can be imported back.
        return record.id_number

    def render_status(self, value, record):
        css = "text-bg-success" if record.status == CadreStatus.ACTIVE else "text-bg-secondary"
        return format_html('<span class="badge {}">{}</span>', css, value)


class CorrectionRequestTable(tables.Table):
    """更正申请: who asked what to be corrected, the answer; staff open a pending one to handle it."""

    cadre = CadreColumn(verbose_name=_("干部"), orderable=False)
    unit = tables.Column(verbose_name=_("工作单位"), accessor="cadre__unit__name", orderable=False)
    item = tables.Column(verbose_name=_("更正项目"))
    current_value = LongTextColumn(verbose_name=_("档案原内容"))
    requested_value = LongTextColumn(verbose_name=_("应更正为"))
    reason = LongTextColumn(verbose_name=_("理由及依据"))
    created_at = tables.DateTimeColumn(verbose_name=_("申请时间"), format="Y-m-d H:i")
    status = tables.Column(verbose_name=_("状态"))
    reply = LongTextColumn(verbose_name=_("处理意见"))
    handle = KitTemplateColumn(
        template_code=(
            '{% load i18n %}{% if record.status == "pending" and table.may_handle %}'
            '<a class="btn btn-sm btn-outline-primary text-nowrap" '
            "href=\"{% url 'cadres:correction_handle' record.pk %}\">{% translate '处理' %}</a>{% endif %}"
        ),
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
    )

    def __init__(self, *args, may_handle: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_handle = may_handle

    class Meta:
        empty_text = _("没有更正申请。")
        orderable = True
