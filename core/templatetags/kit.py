"""Template filters and tags of the page kit: ``{{ course.hours|hours }}``, ``{{ total|yuan }}``, the table body."""

import inspect
from collections.abc import Callable
from functools import partialmethod

from django import template
from django.db.models import Model
from django.utils.hashable import make_hashable
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.utils import A, AttributeDict, signature

from core.formats import hours_text, yuan_text
from core.navigation import area_links, is_current

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
    done once per column (``_cell_renderer``).
    """
    columns = list(table.columns)
    cell_attrs = [AttributeDict(column.attrs.get("td", {})).as_html() for column in columns]
    renderers = [_cell_renderer(column) for column in columns]
    rows = []
    for number, row in enumerate(table.paginated_rows, start=row_offset + 1):
        # format_html_join escapes every cell django-tables2 has not already rendered safe
        cells = format_html_join(
            "", "<td {}>{}</td>", ((attrs, render(row)) for render, attrs in zip(renderers, cell_attrs, strict=True))
        )
        rows.append(format_html('<tr><td class="kit-seq text-muted">{}</td>{}</tr>', number, cells))
    if not rows:
        empty = table.empty_text or _("暂无记录")
        return format_html(
            '<tr><td class="text-center text-muted py-4" colspan="{}">{}</td></tr>', len(columns) + 1, empty
        )
    return format_html_join("", "{}", ((row,) for row in rows))


def _cell_renderer(bound_column) -> Callable:
    """(BoundRow) → the cell's content, the same as ``BoundRow.get_cell(name)`` gives.

    django-tables2 works out again for every cell what is the same for the whole column: the signature of
    the render method (``inspect.signature``, twice a cell), and, for a choice field, the label table
    (Django's ``get_FOO_display`` rebuilds it from every choice, hashing each lazy label). Here both are
    worked out once a column; columns of other kinds (links by text, many-to-many) keep django-tables2's way.
    """
    column = bound_column.column
    if isinstance(column, (BaseLinkColumn, ManyToManyColumn)):
        return lambda row: row.get_cell(bound_column.name)
    render, link, default = bound_column.render, bound_column.link, bound_column.default
    wanted, takes_all = signature(render)
    accessor = A(bound_column.accessor)
    path, _separator, remainder = accessor.rpartition(A.SEPARATOR)
    path_accessor = A(path)
    # (record model, model the accessor ends in) → (field, {value: label}) when the cell shows a choice label
    labels_by_model: dict[tuple[type, type], tuple | None] = {}

    def choice_labels(record, penultimate) -> tuple | None:
        key = (type(record), type(penultimate))
        if key not in labels_by_model:
            field = accessor.get_field(record)
            display = inspect.getattr_static(key[1], f"get_{remainder}_display", None)
            labels_by_model[key] = (
                (field, {make_hashable(value): str(label) for value, label in field.flatchoices})
                if display is not None and getattr(field, "choices", ())
                else None
            )
            # a model's own get_FOO_display (not Django's) is called on every row, as django-tables2 does
            if labels_by_model[key] and not isinstance(display, partialmethod):
                labels_by_model[key] = (field, None)
        return labels_by_model[key]

    def cell(row):
        record = row.record
        penultimate = path_accessor.resolve(record, quiet=True)
        choice = choice_labels(record, penultimate) if isinstance(penultimate, Model) else None
        if choice is not None and choice[1] is None:
            value = getattr(penultimate, f"get_{remainder}_display")()
        elif choice is not None:
            raw = getattr(penultimate, choice[0].attname)
            value = choice[1].get(make_hashable(raw), raw)
        else:
            try:
                value = accessor.resolve(record)
            except Exception:
                value = None  # as django-tables2: a column that is not a field shows its default
        if value in column.empty_values:
            return default
        arguments = row._optional_cell_arguments(bound_column, value)
        if takes_all:
            content = render(**arguments)
        elif all(name in arguments for name in wanted):
            content = render(**{name: arguments[name] for name in wanted})
        else:
            content = None
        return link(content, **arguments) if link else content

    return cell


@register.inclusion_tag("core/_subnav.html", takes_context=True)
def area_subnav(context):
    """The current area's sub-navigation (core/navigation.py): nothing outside an area or without a request."""
    request = context.get("request")
    return {"links": area_links(request) if request is not None else []}


@register.filter
def nav_active(request, target: str) -> str:
    """`` active`` for the top menu entry of the current page (``{{ request|nav_active:"careers" }}``), else ""."""
    return " active" if request is not None and is_current(request, target) else ""
