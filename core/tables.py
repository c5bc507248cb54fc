"""Columns shared by every app's django-tables2 tables, so that a number reads the same on every list.

The tables themselves are rendered by the kit (templates/core/_table.html: 序号, sort arrows, 暂无记录);
an app's table is a plain ``django_tables2.Table``. Columns that only act (links to forms) set
``exclude_from_export=True``: they are neither chosen nor exported.
"""

import functools
import inspect
from collections.abc import Callable, Iterator, Sequence
from functools import partialmethod
from itertools import batched

import django_tables2 as tables
from django.db import models
from django.db.models import Model, QuerySet
from django.template import engines
from django.urls import reverse
from django.utils.hashable import make_hashable
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy
from django_tables2.columns import library
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.data import TableData
from django_tables2.utils import A, signature

from core.fields import JSONTextField
from core.formats import hours_text, yuan_text


class RowsByPage(TableData):
    """A report's rows built a page at a time, for rows that need Python beside their record (a rule's check,
    a summary): the page of 25 builds 25 rows, not one for every cadre of the county.

    ``records``: a queryset (counted and sliced by the database, exported through a server-side cursor) or a
    list of keys; ``build(records) -> rows`` turns one page, or one chunk of an export, into the table's rows
    at once (a query for the chunk, never one a row). The table must not be orderable: the rows keep the
    records' order. django-tables2 would copy a plain list whole; a TableData of our own it takes as it is.
    """

    EXPORT_CHUNK = 2000

    def __init__(self, records: QuerySet | Sequence, build: Callable[[list], list]):
        self.records, self.build = records, build
        self.data = self  # what the kit's export iterates (core.pages.table_records)
        self._count: int | None = None
        self._pages: dict[tuple, list] = {}  # the page is read more than once while rendering

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.records.count() if isinstance(self.records, QuerySet) else len(self.records)
        return self._count

    def __getitem__(self, key):
        if isinstance(key, slice):
            page = (key.start, key.stop, key.step)
            if page not in self._pages:
                self._pages[page] = self.build(list(self.records[key]))
            return self._pages[page]
        return self.build([self.records[key]])[0]

    def __iter__(self) -> Iterator:
        if isinstance(self.records, QuerySet):
            source = self.records.iterator(chunk_size=self.EXPORT_CHUNK)
        else:
            source = iter(self.records)
        for chunk in batched(source, self.EXPORT_CHUNK):
            yield from self.build(list(chunk))

    def order_by(self, aliases) -> None:
        """The records' order stands (the table declares no orderable column)."""


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


@functools.cache
def _template_of_code(code: str):
    return engines["django"].from_string(code)


class KitTemplateColumn(tables.TemplateColumn):
    """A TemplateColumn whose template is rendered as a page's template is: with the request (a form's
    ``{% csrf_token %}`` has its token) and with ``table`` in its context.

    django-tables2 renders ``template_code`` in a bare Context unless the table is drawn by ``{% render_table %}``,
    which the kit's table body does not use: a button's form went out without its token (refused with 403) and
    ``table.x`` was always empty. The code is compiled once per process, not once per cell.
    """

    def render(self, record, table, value, bound_column, **kwargs):
        context = self.get_context_data(record=record, table=table, value=value, bound_column=bound_column, **kwargs)
        if self.template_code:
            template = _template_of_code(self.template_code)
        else:
            template = engines["django"].get_template(self.template_name)
        # what a page gave the table's columns (table.context, as {% render_table %} would) stays in reach
        given = table.context.flatten() if getattr(table, "context", None) is not None else {}
        return template.render({**given, **context, "table": table}, request=getattr(table, "request", None))


# The kit's wrapping cell (static/css/app.css .kit-text): free text wraps at a readable width instead of widening the
# table past the screen, where a reason was cut off at the right edge.
LONG_TEXT = {"td": {"class": "small kit-text"}}
TITLE_TEXT = {"td": {"class": "kit-text"}}  # a record's title: wraps, in the table's own size
SENTENCE_LENGTH = 200  # a CharField this long holds a sentence, not a code or a name


def is_free_text(field) -> bool:
    """Whether a model field holds free text that a list shows wrapped (``LongTextColumn``): a TextField (not JSON
    kept as text), or a CharField without choices of SENTENCE_LENGTH characters or more."""
    if isinstance(field, JSONTextField):
        return False
    if isinstance(field, models.TextField):
        return True
    return isinstance(field, models.CharField) and not field.choices and (field.max_length or 0) >= SENTENCE_LENGTH


@library.register
class LongTextColumn(tables.Column):
    """Free text (a reason, a basis, a note, a finding, a long title) that wraps in a cell of a readable width;
    plain in the export. Any table column that may hold more than a few words is one of these: a table's
    columns made from its Meta.fields are, for a TextField or a CharField of SENTENCE_LENGTH or more
    (``from_field``); a declared column says so (tests/core/test_long_text.py walks every table)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", LONG_TEXT)
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    @classmethod
    def from_field(cls, field, **kwargs):
        """django-tables2's column for a model field of free text; None for any other field."""
        if is_free_text(field):
            return cls(**kwargs)
        return None

    def render(self, value):
        return format_html("<div>{}</div>", value)

    def value(self, value):
        return value


class ReasonsColumn(LongTextColumn):
    """A list of reasons (a rule's "why"), one per line on the page, joined by "；" in the export."""

    def render(self, value):
        return format_html_join("", "<div>{}</div>", ((reason,) for reason in value))

    def value(self, value):
        return "；".join(value)


class ActionsColumn(KitTemplateColumn):
    """A column of buttons (edit, decide…): never chosen, never exported."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        kwargs.setdefault("verbose_name", gettext_lazy("操作"))
        super().__init__(*args, **kwargs)


class CadreColumn(tables.Column):
    """A cadre's name, a link to the cadre's page (/cadres/<id>/) where the viewer may open it; the name alone
    in the export.

    ``cadre`` is the lookup path from the row to the cadre ("cadre", "record__cadre", "" for a Cadre row);
    the column reads ``<cadre>__name`` and sorts by the name's pinyin. A row that is not a model row names the
    cadre's id with ``id_accessor`` ("result__cadre_id"). Whether the viewer may open the page is
    the cadre page's own scope (``accounts.policy``): org-wide staff every cadre, unit HR the cadres of the
    units they manage, a cadre his or her own record. It is decided for the whole page of rows at once, with
    one query (none for org-wide staff), never per row.
    """

    def __init__(self, *args, cadre: str = "cadre", id_accessor: str = "", **kwargs):
        self.cadre_path = cadre
        self.id_accessor = id_accessor or (f"{cadre}__id" if cadre else "pk")
        prefix = f"{cadre}__" if cadre else ""
        kwargs.setdefault("verbose_name", gettext_lazy("姓名"))
        kwargs.setdefault("accessor", f"{prefix}name")
        kwargs.setdefault("order_by", (f"{prefix}name_pinyin", f"{prefix}id" if cadre else "id"))
        super().__init__(*args, **kwargs)

    def cadre_id(self, record) -> int | None:
        return tables.A(self.id_accessor).resolve(record, quiet=True)

    def render(self, value, record, table):
        cadre_id = self.cadre_id(record)
        if cadre_id is None or not _may_open_cadre(table, self, cadre_id):
            return value
        return format_html('<a href="{}">{}</a>', reverse("cadres:cadre_detail", args=[cadre_id]), value)

    def value(self, value):
        return value


def _may_open_cadre(table: tables.Table, column: CadreColumn, cadre_id: int) -> bool:
    """Whether the table's viewer may open cadre ``cadre_id``'s page; the page's rows are checked on first use."""
    from accounts import policy
    from cadres.models import Cadre

    user = getattr(getattr(table, "request", None), "user", None)
    if user is None:
        return False
    if policy.is_org_wide(user):
        return True
    openable = getattr(table, "_kit_openable_cadres", None)
    if openable is None or cadre_id not in openable[1]:
        page = getattr(table, "page", None)
        rows = page.object_list if page is not None else ()
        ids = {column.cadre_id(row.record) for row in rows} | {cadre_id}
        ids.discard(None)
        found = set(policy.restrict(Cadre.objects.filter(pk__in=ids), user).values_list("pk", flat=True))
        seen = ids | (openable[1] if openable else set())
        openable = ((openable[0] if openable else set()) | found, seen)
        table._kit_openable_cadres = openable
    return cadre_id in openable[0]


def cell_function(bound_column, *, for_file: bool = False) -> Callable:
    """(BoundRow) → the cell's content, the same as ``BoundRow.get_cell(name)`` gives; with ``for_file=True``,
    the cell's value for a file, the same as ``BoundRow.get_cell_value(name)`` gives.

    django-tables2 works out again for every cell what is the same for the whole column: the signature of
    the render method (``inspect.signature``, twice a cell), and, for a choice field, the label table
    (Django's ``get_FOO_display`` rebuilds it from every choice, hashing each lazy label). Here both are
    worked out once a column; columns of other kinds (links by text, many-to-many) keep django-tables2's way.
    """
    column = bound_column.column
    if isinstance(column, (BaseLinkColumn, ManyToManyColumn)):
        if for_file:
            return lambda row: row.get_cell_value(bound_column.name)
        return lambda row: row.get_cell(bound_column.name)
    if for_file:
        render, link, default = bound_column.value, None, None
        if getattr(render, "__func__", None) is tables.Column.value:
            # django-tables2's default value is the column's own render, found again by signature for each cell
            render = column.render
    else:
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
