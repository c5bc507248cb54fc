"""The filter card's form, the same on every list: compact widgets, searchable multi-selects, filters in words.

A FilterSet's form is styled here, not in each app, so that every list's filters look and behave alike:
a multi-select becomes a searchable checkbox drop-down (Tom Select, vendored from the npm registry and
started by static/js/kit.js), a long single select becomes searchable, dates get the browser's date picker.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.html import escaped, safe_join

# Bounds of a year or an id typed into a list's URL or the API: a number beyond 64 bits made SQLite's driver
# raise OverflowError (a server error) where PostgreSQL finds nothing; bounded, it is a field error in Chinese.
YEAR_BOUNDS = {"min_value": 1900, "max_value": 2100}
ID_BOUNDS = {"min_value": 1, "max_value": 2**63 - 1}

LONG_SELECT = 12  # a single select with more choices than this gets a search box
FULL_WIDTH_SPACE = "\u3000"  # indents the nodes of a tree (units) by depth in a select


def tree_label(node) -> str:
    """A tree node's name indented by its depth (units in a select read as the tree they are)."""
    return f"{FULL_WIDTH_SPACE * getattr(node, 'depth', 0)}{node}"


class FastSelect(forms.Select):
    """A select rendered in Python, not through a template per option.

    The filter card of the cadre list holds some 400 options (56 民族, the unit tree, ranks…); Django's
    template-per-option rendering of them cost about a third of the page's CPU time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        options = []
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                options.append(
                    format_html('<optgroup label="{}">{}</optgroup>', option_value, self._options(label, chosen))
                )
            else:
                options.append(self._options([(option_value, label)], chosen))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), mark_safe("".join(options)))

    @staticmethod
    def _options(choices, chosen: set[str]) -> str:
        return safe_join(
            f'<option value="{escaped("" if value is None else value)}"'
            f"{' selected' if str(value) in chosen else ''}>{escaped(label)}</option>"
            for value, label in choices
        )


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """The multi-select counterpart of ``FastSelect`` (the checkbox drop-downs start from it)."""


class ConstantChoices(BaseChoiceIterator):
    """A fixed choice list (an enumeration's ``choices``) that every copy of a filter and its form field
    shares: Django deep-copies a form's fields, and django-filter its filters, on every request, tuple by
    tuple (the cadre list's filter card: some 1,800 copies a request, a tenth of its CPU time)."""

    def __init__(self, choices):
        self.choices = list(choices)
        self._labelled: dict[str, list] = {}

    def __iter__(self):
        # The labels translated once per language: a lazy label costs a translation lookup each time it is
        # turned into text, some 400 of them a request on the cadre list (民族, 职级 …).
        language = get_language()
        labelled = self._labelled.get(language)
        if labelled is None:
            labelled = self._labelled[language] = [
                (value, label if isinstance(label, list | tuple) else str(label)) for value, label in self.choices
            ]
        return iter(labelled)

    def __len__(self) -> int:
        return len(self.choices)

    def __deepcopy__(self, memo):
        return self


def _fast(widget: forms.Widget) -> forms.Widget:
    kind = FastSelectMultiple if isinstance(widget, forms.SelectMultiple) else FastSelect
    fast = kind(attrs=widget.attrs, choices=widget.choices)
    fast.is_required = widget.is_required
    return fast


def style_filter_form(form: forms.Form) -> forms.Form:
    """Give every field of a list's filter form the kit's widget classes and behaviour; return the form."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.NullBooleanSelect):
            # A yes/no filter left alone finds every row: its empty choice reads 全部, not the stock 未知.
            widget = forms.Select(choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))])
        if isinstance(widget, forms.CheckboxSelectMultiple):
            widget = forms.SelectMultiple(choices=widget.choices)
        if isinstance(widget, forms.Select) and not isinstance(widget, FastSelect | forms.RadioSelect):
            widget = field.widget = _fast(widget)
        if isinstance(widget, forms.SelectMultiple):
            widget.attrs.update(
                {"class": "form-select form-select-sm", "data-kit-multi": "1", "placeholder": _("全部")}
            )
        elif isinstance(widget, forms.Select):
            widget.attrs.update({"class": "form-select form-select-sm"})
            if _choice_count(field) > LONG_SELECT:
                widget.attrs["data-kit-search"] = "1"
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.update({"class": "form-check-input"})
        else:
            if isinstance(field, forms.DateField) and widget.input_type == "text":  # a month input stays one
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            widget.attrs.update({"class": "form-control form-control-sm"})
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset.model, "depth"):
            field.label_from_instance = tree_label
    return form


def _choice_count(field: forms.Field) -> int:
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        return LONG_SELECT + 1  # a model's rows: any number, so searchable (counting would cost a query)
    return len(getattr(field, "choices", ()))


def describe_filters(form: forms.Form) -> str:
    """The filters a user set, in words ("人员类别：公务员、事业人员；单位（含下级）：茹龙镇"), for export titles."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    parts = []
    for name, field in form.fields.items():
        value = cleaned.get(name)
        if value in (None, "", [], ()) or (value is False and not isinstance(field, forms.NullBooleanField)):
            continue  # an unticked box filters nothing; a yes/no filter set to 否 does
        parts.append(f"{field.label}：{_shown(field, value)}")
    return "；".join(parts)


def _shown(field: forms.Field, value) -> str:
    values = list(value) if isinstance(value, list | tuple | set) or hasattr(value, "model") else [value]
    labels = {}
    if hasattr(field, "choices") and getattr(field, "queryset", None) is None:
        labels = {str(key): str(label) for key, label in _flat_choices(field.choices)}
    shown = []
    for item in values:
        if hasattr(item, "isoformat"):
            shown.append(item.isoformat())
        elif isinstance(item, bool):
            shown.append(_("是") if item else _("否"))
        else:
            shown.append(labels.get(str(item), str(item)).strip())  # a unit's tree indent is not part of its name
    return "、".join(shown)


def _flat_choices(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label
