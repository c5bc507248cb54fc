"""Forms of the care pages. They only collect; the services validate again and write."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cadres.forms import add_service_errors, style_filter_form, unit_label  # noqa: F401  (re-exported for views)
from cadres.pickers import CadreChoiceField, apply_pickers
from care.models import Building, Flat, HealthCheck, HousingApplication, InspectionItem, LeaveRecord, PayRecord
from care.services import APPLICATION_FIELDS, HEALTH_CHECK_FIELDS, LEAVE_FIELDS
from core.forms import IdModelMultipleChoiceField

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH_INPUT = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


def bootstrap(form: forms.Form) -> forms.Form:
    apply_pickers(form)
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
    return form


class CadreChoiceMixin:
    def setup_cadre(self, cadres: QuerySet) -> None:
        self.fields["cadre"] = CadreChoiceField(cadres, label=_("干部"))
        self.order_fields(["cadre"])


class BuildingForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = ("name", "unit", "address")

    def __init__(self, *args, units: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
        bootstrap(self)


class FlatForm(forms.ModelForm):
    class Meta:
        model = Flat
        fields = ("building", "number", "area", "rooms", "status")

    def __init__(self, *args, buildings: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings
        bootstrap(self)


class HousingApplicationForm(CadreChoiceMixin, forms.ModelForm):
    class Meta:
        model = HousingApplication
        fields = APPLICATION_FIELDS
        widgets = {"applied_on": DATE_INPUT}

    def __init__(self, *args, cadres: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_cadre(cadres)
        bootstrap(self)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), max_length=200, required=False)


class AllocationForm(forms.Form):
    flat = forms.ModelChoiceField(label=_("住房"), queryset=Flat.objects.none())
    start_date = forms.DateField(label=_("入住日期"), widget=DATE_INPUT)
    application = forms.ModelChoiceField(
        label=_("对应申请"), queryset=HousingApplication.objects.none(), required=False
    )

    def __init__(self, *args, flats: QuerySet, applications: QuerySet, cadres: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"] = CadreChoiceField(cadres, label=_("住户"))
        self.order_fields(["cadre", "flat", "start_date", "application"])
        self.fields["flat"].queryset = flats
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.cadre.name} {a.applied_on}（{a.priority_score}分）"
        )
        bootstrap(self)


class MoveOutForm(forms.Form):
    end_date = forms.DateField(label=_("退房日期"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("说明"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class HealthCheckForm(CadreChoiceMixin, forms.ModelForm):
    class Meta:
        model = HealthCheck
        fields = ("year", *HEALTH_CHECK_FIELDS)
        widgets = {"check_date": DATE_INPUT}

    def __init__(self, *args, cadres: QuerySet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if cadres is not None:
            self.setup_cadre(cadres)
        else:
            self.fields.pop("year")
        bootstrap(self)


class LeaveRecordForm(CadreChoiceMixin, forms.ModelForm):
    class Meta:
        model = LeaveRecord
        fields = LEAVE_FIELDS
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def __init__(self, *args, cadres: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_cadre(cadres)
        bootstrap(self)


class PayRecordForm(CadreChoiceMixin, forms.ModelForm):
    month = forms.DateField(label=_("月份"), widget=MONTH_INPUT, input_formats=["%Y-%m", "%Y-%m-%d"])

    class Meta:
        model = PayRecord
        fields = ("month", "rank", "base_pay", "township_allowance")

    def __init__(self, *args, cadres: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_cadre(cadres)
        self.fields["rank"].help_text = _("留空则取干部当前职级。")
        # The service gives the clear message for a negative amount; the browser need not refuse it first.
        for name in ("base_pay", "township_allowance"):
            self.fields[name].widget.attrs.pop("min", None)
        bootstrap(self)


class InspectionItemForm(forms.ModelForm):
    class Meta:
        model = InspectionItem
        fields = ("title", "issuing_body", "frequency", "year", "target_townships")
        field_classes = {"target_townships": IdModelMultipleChoiceField}

    def __init__(self, *args, townships: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_townships"].queryset = townships
        self.fields["target_townships"].required = False
        bootstrap(self)


class MergeForm(forms.Form):
    merged_into = forms.ModelChoiceField(label=_("并入事项"), queryset=InspectionItem.objects.none())
    reason = forms.CharField(label=_("理由"), max_length=200)

    def __init__(self, *args, targets: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = targets
        bootstrap(self)


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100, required=False)


class MonthForm(forms.Form):
    month = forms.DateField(label=_("月份"), widget=MONTH_INPUT, input_formats=["%Y-%m", "%Y-%m-%d"], required=False)
