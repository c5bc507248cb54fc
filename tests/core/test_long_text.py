"""Free text in a list wraps at a readable width (core.tables.LongTextColumn) instead of running off the page.

The proposals page's 依据 ran past the right edge of a 1440 px screen, cut off mid-sentence: its cells kept the
kit's one-line rule for short values. Every column of every app's tables that shows free text — a model's
TextField, or a CharField long enough for a sentence — is a LongTextColumn.
"""

import importlib

import django_tables2 as tables
import pytest
from django.apps import apps

from core.tables import LONG_TEXT, LongTextColumn, ReasonsColumn, is_free_text


def _tables() -> list[type[tables.Table]]:
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.tables")
        except ModuleNotFoundError:
            continue
    found, pending = [], list(tables.Table.__subclasses__())
    while pending:
        table = pending.pop()
        pending.extend(table.__subclasses__())
        if table.__module__.split(".")[0] in {config.name for config in apps.get_app_configs()}:
            found.append(table)
    return sorted(found, key=lambda table: f"{table.__module__}.{table.__qualname__}")


def _field(model, accessor: str):
    field = None
    for part in accessor.split("__"):
        field = model._meta.get_field(part)
        if field.related_model is not None:
            model = field.related_model
    return field


def _free_text_columns():
    for table in _tables():
        model = table._meta.model
        if model is None:
            continue
        for name, column in table.base_columns.items():
            try:
                field = _field(model, str(column.accessor or name))
            except Exception:  # a computed column, not a field
                continue
            if is_free_text(field):
                yield pytest.param(table, name, column, id=f"{table.__name__}.{name}")


@pytest.mark.parametrize(("table", "name", "column"), list(_free_text_columns()))
def test_every_free_text_column_wraps(table, name, column):
    assert isinstance(column, LongTextColumn), f"{table.__module__}.{table.__name__}.{name} shows free text on one line"
    assert "kit-text" in column.attrs["td"]["class"]


def test_reasons_are_one_per_line_on_the_page_and_joined_in_the_export():
    column = ReasonsColumn(verbose_name="依据")

    assert column.render(["综合得分87.14，本考核单元排名第164（共323人排名）", "<b>名额</b>"]) == (
        "<div>综合得分87.14，本考核单元排名第164（共323人排名）</div><div>&lt;b&gt;名额&lt;/b&gt;</div>"
    )
    assert column.value(["第一条", "第二条"]) == "第一条；第二条"
    assert column.attrs["td"] == LONG_TEXT["td"]
    assert column.orderable is False
