"""Forms of the posting pages: they collect; the services validate again and write."""

import datetime

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cadres.forms import DATE_INPUT, unit_label
from cadres.models import Cadre, Unit
from cadres.pickers import apply_pickers
from postings.choices import EvaluationGrade
from postings.models import ExternalHost, Posting, VillageProfile

MONTH_INPUT = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


def _bootstrap(form: forms.Form) -> None:
    apply_pickers(form)
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(field.widget, forms.Select):
            field.widget.attrs.setdefault("class", "form-select")
        else:
            field.widget.attrs.setdefault("class", "form-control")


class MonthField(forms.DateField):
    """A month written "2026-10" (or a full date), stored as the month's first day."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class PostingForm(forms.ModelForm):
    external_host_name = forms.CharField(
        label=_("县外接收单位"),
        required=False,
        max_length=100,
        help_text=_("接收单位在县外时填写，如：佛山市南海区发改局"),
    )
    external_host_region = forms.CharField(label=_("县外所在地区"), required=False, max_length=100)
    reason = forms.CharField(label=_("备注"), required=False, max_length=100)

    class Meta:
        model = Posting
        fields = (
            "cadre",
            "kind",
            "front_line",
            "exchange_direction",
            "home_unit",
            "host_unit",
            "purpose",
            "planned_start",
            "planned_end",
        )
        widgets = {"planned_start": DATE_INPUT, "planned_end": DATE_INPUT}

    def __init__(self, *args, cadres: QuerySet[Cadre], units: QuerySet[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["home_unit"].queryset = units
        self.fields["home_unit"].required = False
        self.fields["home_unit"].help_text = _("不填则为干部的工作单位")
        self.fields["home_unit"].label_from_instance = unit_label
        self.fields["host_unit"].queryset = Unit.objects.order_by("path")
        self.fields["host_unit"].label_from_instance = unit_label
        _bootstrap(self)

    def service_data(self, *, external_host: ExternalHost | None) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["front_line"] = data["front_line"] or ""
        data["exchange_direction"] = data["exchange_direction"] or ""
        data["external_host"] = external_host
        return data


class ExtendForm(forms.Form):
    new_end = forms.DateField(label=_("延长至"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("延期原因"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class EndForm(forms.Form):
    actual_end = forms.DateField(label=_("实际结束日期"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class RecallForm(forms.Form):
    on = forms.DateField(label=_("召回日期"), widget=DATE_INPUT, initial=datetime.date.today)
    reason = forms.CharField(label=_("召回原因"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class EvaluationForm(forms.Form):
    grade = forms.ChoiceField(label=_("鉴定等次"), choices=EvaluationGrade.choices)
    comment = forms.CharField(label=_("鉴定意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    on = forms.DateField(label=_("鉴定日期"), widget=DATE_INPUT, initial=datetime.date.today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class PresenceForm(forms.Form):
    month = MonthField(label=_("月份"), widget=MONTH_INPUT)
    days = forms.IntegerField(label=_("在岗天数"), min_value=0, max_value=31)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class VillageProfileForm(forms.ModelForm):
    class Meta:
        model = VillageProfile
        fields = ("is_poverty", "is_weak_lax", "is_weak_collective_economy", "is_relocation_site", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class TimelineWindowForm(forms.Form):
    """The window of a unit's timeline: the asked dates, a missing one taken from the default window."""

    MAX_DAYS = 366 * 10
    start = forms.DateField(label=_("起"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("止"), required=False, widget=DATE_INPUT)

    def __init__(self, data, *, default: tuple[datetime.date, datetime.date]):
        super().__init__(data, initial={"start": default[0], "end": default[1]})
        self.default = default
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm"

    def window(self) -> tuple[datetime.date, datetime.date] | None:
        """(start, end) to draw; None for a window that ends before it starts or spans over ten years."""
        if not (self.is_bound and self.is_valid()):
            return self.default
        start = self.cleaned_data["start"] or self.default[0]
        end = self.cleaned_data["end"] or self.default[1]
        return (start, end) if start <= end and (end - start).days <= self.MAX_DAYS else None


class LowPresenceFilterForm(forms.Form):
    """The month of the days-on-site check (the previous month when none is given)."""

    month = MonthField(label=_("月份"), required=False, widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))


class ReminderFilterForm(forms.Form):
    all = forms.BooleanField(label=_("含已处理"), required=False)
