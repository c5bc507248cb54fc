"""Template filters and tags of the page kit: ``{{ course.hours|hours }}``, ``{{ total|yuan }}``, the table body."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django_tables2.utils import AttributeDict

from core.formats import hours_text, yuan_text

register = template.Library()

register.filter("hours", hours_text)
register.filter("yuan", yuan_text)


@register.simple_tag
def kit_table_body(table, row_offset: int = 0):
    """The rows of the kit's table (templates/core/_table.html): 序号, then each visible cell as the table renders it.

    Built in Python rather than a template loop per cell: a page of 25 rows and a dozen columns spent a
    third of its CPU time in the loop and in computing each column's cell attributes again for every cell.
    The cell attributes are a column's own (the tables here use no per-record attributes).
    """
    columns = list(table.columns)
    cell_attrs = [AttributeDict(column.attrs.get("td", {})).as_html() for column in columns]
    rows = []
    for number, row in enumerate(table.paginated_rows, start=row_offset + 1):
        # format_html_join escapes every cell django-tables2 has not already rendered safe
        cells = format_html_join(
            "",
            "<td {}>{}</td>",
            ((attrs, row.get_cell(column.name)) for column, attrs in zip(columns, cell_attrs, strict=True)),
        )
        rows.append(format_html('<tr><td class="kit-seq text-muted">{}</td>{}</tr>', number, cells))
    if not rows:
        empty = table.empty_text or _("暂无记录")
        return format_html(
            '<tr><td class="text-center text-muted py-4" colspan="{}">{}</td></tr>', len(columns) + 1, empty
        )
    return format_html_join("", "{}", ((row,) for row in rows))
