"""The cadre picker: one searchable field for every form that takes a cadre, and the small endpoint behind it.

A form never lists every cadre in scope (3,830 options and 255 KB in the demo county, 100,000 in a large
one) and never asks for an internal id. Its cadre field renders only the chosen cadre; static/js/kit.js
turns it into a Tom Select that asks ``cadres:cadre_pick`` as the user types a name, pinyin initials or ID
number digits (the same search as the roster's, ``cadres.filters.search_cadres``). Validation stays with
the form field's own scoped queryset, so a posted id outside the user's scope is "not one of the choices".

Unit fields (a few hundred units) keep their options and get the client-side search box.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import connections
from django.db.models.functions import Lower
from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from cadres.choices import CadreStatus
from cadres.filters import search_cadres, searches_by_name
from cadres.models import Cadre, Unit
from cadres.selectors import cadre_list
from core.access import require_staff
from core.filters import tree_label

PICKER_LIMIT = 20  # suggestions per keystroke: enough to see the namesakes, small enough to stay fast
MIN_QUERY_LENGTH = 1


def cadre_choice_label(cadre: Cadre) -> str:
    """How a cadre reads in a picker: 扎西（茹龙镇 · 党委书记）, so that namesakes can be told apart."""
    details = " · ".join(part for part in (cadre.unit.name, cadre.post_title) if part)
    return f"{cadre.name}（{details}）" if details else cadre.name


def picker_results(*, user, text: str, include_inactive: bool = False, limit: int = PICKER_LIMIT) -> list[dict]:
    """The cadres in ``user``'s scope that match ``text``, at most ``limit``, in pinyin order.

    Shape: ``[{"value": 12, "text": "扎西（茹龙镇 · 党委书记）", "id_tail": "1234", "status": "在职"}]``.
    Cadres in service (在职) only unless ``include_inactive`` (a record of someone retired is rare, and
    asked for explicitly). An empty or too short ``text`` finds nothing rather than the first cadres.
    """
    text = (text or "").strip()
    if len(text) < MIN_QUERY_LENGTH:
        return []
    rows = cadre_list(user=user)
    if not include_inactive:
        rows = rows.filter(status=CadreStatus.ACTIVE)
    pinyin = "name_pinyin"
    if searches_by_name(text):
        # A name in 汉字 (LIKE '%王%': no index can find it) is sorted by an expression no index holds (the pinyin
        # is lower case already: the same order), so the matches are found first and then sorted. By the indexed
        # column, PostgreSQL walks the pinyin index until it has a page, which reads most of the county when the
        # matches sort late or there are none (王: 77,000 rows, 100 ms at 100,000 cadres; the scan: 30 ms).
        pinyin = Lower("name_pinyin")
    rows = search_cadres(rows, text).order_by(pinyin, "pk")[:limit]
    return [
        {
            "value": cadre.pk,
            "text": cadre_choice_label(cadre),
            "id_tail": cadre.id_number[-4:],
            "status": cadre.get_status_display(),
        }
        for cadre in rows.only("pk", "name", "post_title", "id_number", "status", "unit__name")
    ]


@login_required
def cadre_pick(request: HttpRequest) -> JsonResponse:
    """GET ``?q=扎西|zx|5133[&all=1]`` → ``{"results": [...]}`` (see ``picker_results``). Staff only (403)."""
    require_staff(request)
    results = picker_results(
        user=request.user, text=request.GET.get("q", "")[:50], include_inactive=request.GET.get("all") == "1"
    )
    return JsonResponse({"results": results})


def _integer_ids(values, queryset) -> list[int]:
    """The values that can be primary keys of ``queryset``'s model (a 30-digit number would overflow SQLite)."""
    low, high = connections[queryset.db].ops.integer_field_range(queryset.model._meta.pk.get_internal_type())
    ids = []
    for value in values:
        try:
            number = int(str(value))
        except (TypeError, ValueError):
            continue
        if (low is None or number >= low) and (high is None or number <= high):
            ids.append(number)
    return ids


class CadrePickerWidget(forms.Select):
    """A select holding only the chosen cadre; kit.js makes it a Tom Select that searches the endpoint."""

    def __init__(self, attrs=None, *, include_inactive: bool = False):
        attrs = {"class": "form-select", **(attrs or {})}
        attrs.update(
            {
                "data-cadre-picker": "1",
                "data-url": reverse_lazy("cadres:cadre_pick"),
                "data-placeholder": _("输入姓名、拼音首字母或身份证号查找"),
            }
        )
        if include_inactive:
            attrs["data-all"] = "1"
        super().__init__(attrs)

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:  # plain choices given by a caller: nothing to narrow
            return super().optgroups(name, value, attrs)
        ids = _integer_ids([item for item in value if item not in (None, "")], queryset)
        chosen = list(queryset.filter(pk__in=ids)) if ids else []
        label = iterator.field.label_from_instance
        self.choices = [("", ""), *((cadre.pk, label(cadre)) for cadre in chosen)]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator


class CadreChoiceField(forms.ModelChoiceField):
    """A cadre chosen with the picker; validated against its (scoped) queryset like any model choice."""

    widget = CadrePickerWidget

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("label", _("干部"))
        super().__init__(queryset.select_related("unit"), **kwargs)
        self.label_from_instance = cadre_choice_label

    def to_python(self, value):
        if value not in self.empty_values and not _integer_ids([value], self.queryset):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def use_cadre_picker(field: forms.ModelChoiceField) -> None:
    """Turn an existing cadre ModelChoiceField (a ModelForm's foreign key) into the picker, in place."""
    attrs = {key: value for key, value in field.widget.attrs.items() if key != "class"}
    field.widget = CadrePickerWidget(attrs)
    field.widget.is_required = field.required
    field.widget.choices = field.choices
    field.queryset = field.queryset.select_related("unit")
    field.label_from_instance = cadre_choice_label
    field.help_text = field.help_text or _("输入姓名、拼音首字母（如 zx）或身份证号后几位")


def apply_pickers(form: forms.Form) -> forms.Form:
    """Give every cadre field of ``form`` the picker and every unit field a search box; return the form.

    The apps' form styling helpers call this, so a new form with a cadre or unit field gets it for free.
    """
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None or isinstance(field, forms.ModelMultipleChoiceField):
            if queryset is not None and queryset.model is Unit:
                field.widget.attrs.setdefault("data-kit-multi", "1")
                field.label_from_instance = tree_label
            continue
        if queryset.model is Cadre and not isinstance(field.widget, CadrePickerWidget):
            use_cadre_picker(field)
        elif queryset.model is Unit:
            field.widget.attrs["data-kit-search"] = "1"
            field.label_from_instance = tree_label
    return form
