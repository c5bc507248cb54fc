"""django-tables2 tables of the training pages; every value comes from the row and its joins."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from training.models import Course, ExternalHours


class CourseTable(tables.Table):
    title = tables.Column(verbose_name=_("培训班"), linkify=("training:course_detail", [tables.A("pk")]))
    kind = tables.Column(verbose_name=_("培训类型"))
    organizer = tables.Column(verbose_name=_("主办单位"))
    start_date = tables.Column(verbose_name=_("开班日期"))
    end_date = tables.Column(verbose_name=_("结业日期"))
    hours = tables.Column(verbose_name=_("学时"))
    seats = tables.Column(verbose_name=_("报名/名额"), accessor="enrolled_count", order_by=("enrolled_count",))
    waiting_count = tables.Column(verbose_name=_("候补"))
    status = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Course
        fields = ("title", "kind", "organizer", "start_date", "end_date", "hours", "seats", "waiting_count", "status")
        attrs = {"class": "table table-sm table-hover table-striped align-middle mb-0"}
        empty_text = _("没有符合条件的培训班。")

    def render_seats(self, value, record):
        return f"{value}/{record.capacity}"


class ExternalHoursTable(tables.Table):
    cadre = tables.Column(verbose_name=_("干部"), accessor="cadre__name", order_by=("cadre__name_pinyin",))
    unit = tables.Column(verbose_name=_("单位"), accessor="cadre__unit__name", orderable=False)
    title = tables.Column(verbose_name=_("培训名称"))
    provider = tables.Column(verbose_name=_("培训机构"))
    end_date = tables.Column(verbose_name=_("结束日期"))
    hours = tables.Column(verbose_name=_("学时"))
    days = tables.Column(verbose_name=_("脱产天数"))
    evidence = tables.Column(verbose_name=_("证明材料"), orderable=False)
    status = tables.Column(verbose_name=_("状态"))
    review = tables.TemplateColumn(
        template_name="training/_external_review_cell.html", verbose_name=_("审核"), orderable=False
    )

    class Meta:
        model = ExternalHours
        fields = ("cadre", "unit", "title", "provider", "end_date", "hours", "days", "evidence", "status", "review")
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        empty_text = _("没有外部学时记录。")

    def render_evidence(self, value, record):
        url = reverse("training:external_evidence", args=[record.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("查看"))
