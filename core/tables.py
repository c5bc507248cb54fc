"""Columns shared by every app's django-tables2 tables, so that a number reads the same on every list.

The tables themselves are rendered by the kit (templates/core/_table.html: 序号, sort arrows, 暂无记录);
an app's table is a plain ``django_tables2.Table``. Columns that only act (links to forms) set
``exclude_from_export=True``: they are neither chosen nor exported.
"""

import django_tables2 as tables
from django.utils.translation import gettext_lazy

from core.formats import hours_text, yuan_text


class HoursColumn(tables.Column):
    """Hours without a trailing ".0" on the page; the number itself in the export."""

    def render(self, value):
        return hours_text(value)

    def value(self, value):
        return value


class MoneyColumn(tables.Column):
    """Money as "12,345.50 元" on the page; the number itself in the export (under a header naming 元)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return yuan_text(value)

    def value(self, value):
        return value


class ActionsColumn(tables.TemplateColumn):
    """A column of buttons (edit, decide…): never chosen, never exported."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        kwargs.setdefault("verbose_name", gettext_lazy("操作"))
        super().__init__(*args, **kwargs)
