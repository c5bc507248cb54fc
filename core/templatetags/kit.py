"""Template filters and tags of the page kit: ``{{ course.hours|hours }}``, ``{{ total|yuan }}``, the table body."""

from django import template
from django.urls import get_script_prefix
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tables2.utils import AttributeDict

from core.formats import hours_text, yuan_text
from core.html import escaped, safe_join
from core.navigation import area_links, current_item, is_current
from core.tables import cell_function

register = template.Library()

register.filter("hours", hours_text)
register.filter("yuan", yuan_text)


@register.simple_tag
def kit_table_body(table, row_offset: int = 0):
    """The rows of the kit's table (templates/core/_table.html): 序号, then each visible cell as the table renders it.

    Built in Python rather than a template loop per cell: a page of 25 rows and a dozen columns spent a
    third of its CPU time in the loop and in computing each column's cell attributes again for every cell.
    The cell attributes are a column's own (the tables here use no per-record attributes). Each cell is
    django-tables2's own rendering (``BoundRow.get_cell``), with the work that is the same on every row
    done once per column (``core.tables.cell_function``).
    """
    columns = list(table.columns)
    cell_attrs = [AttributeDict(column.attrs.get("td", {})).as_html() for column in columns]
    renderers = [cell_function(column) for column in columns]
    rows = []
    for number, row in enumerate(table.paginated_rows, start=row_offset + 1):
        # escapes every cell django-tables2 has not already rendered safe
        cells = "".join(
            f"<td {attrs}>{escaped(render(row))}</td>" for render, attrs in zip(renderers, cell_attrs, strict=True)
        )
        rows.append(f'<tr><td class="kit-seq text-muted">{number}</td>{cells}</tr>')
    if not rows:
        empty = table.empty_text or _("暂无记录")
        return format_html(
            '<tr><td class="text-center text-muted py-4" colspan="{}">{}</td></tr>', len(columns) + 1, empty
        )
    return safe_join(rows)


@register.inclusion_tag("core/_subnav.html", takes_context=True)
def area_subnav(context):
    """The current area's sub-navigation (core/navigation.py): nothing outside an area or without a request."""
    request = context.get("request")
    return {"links": area_links(request) if request is not None else []}


@register.simple_tag(takes_context=True)
def nav_cache_key(context) -> str:
    """What the top menu's markup depends on besides the role: the language, the URL prefix and which entry is
    current (``nav_active``). The menu is some 40 links, each a ``reverse`` and a translation, the same for
    every page of an area: base.html caches it under this key (``{% cache %}``, the process's own cache)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    item = current_item(request) if match is not None else None
    current = f"{match.namespace}:{match.url_name}:{item.url_name if item else ''}" if match else ""
    return f"{get_language()}|{get_script_prefix()}|{current}"


@register.filter
def nav_active(request, target: str) -> str:
    """`` active`` for the top menu entry of the current page (``{{ request|nav_active:"careers" }}``), else ""."""
    return " active" if request is not None and is_current(request, target) else ""
