"""Forms of the cadre pages: the cadre and unit edit forms, and the list's filter default (在职)."""

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.policy import Action
from cadres.choices import CadreStatus, CorrectionItem
from cadres.models import Cadre, EducationRecord, FamilyMember, Unit
from cadres.pickers import apply_pickers
from cadres.services import (
    CADRE_WRITABLE_FIELDS,
    CAREER_FIELDS,
    EDUCATION_RECORD_FIELDS,
    FAMILY_MEMBER_FIELDS,
    UNIT_WRITABLE_FIELDS,
)
from core.filters import style_filter_form as core_style_filter_form
from core.integrity import add_refusal_to_form
from core.versions import VersionedFormMixin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FIELDS = ("birth_date", "party_join_date", "work_start_date", "post_date", "rank_date")
FULL_WIDTH = "\u3000"  # ideographic space: indents unit names by depth in a select


def unit_label(unit: Unit) -> str:
    return f"{FULL_WIDTH * unit.depth}{unit.name}"


def cadre_list_filter_data(query: QueryDict) -> QueryDict:
    """The list's filter data with its default made explicit.

    Without a ``status`` key the list shows active cadres only (在职). The filter form always sends the key
    (a hidden empty value), so a user who clears every status gets every status; empty values are dropped.
    """
    data = query.copy()
    if "status" not in data:
        data.setlist("status", [CadreStatus.ACTIVE])
    else:
        data.setlist("status", [value for value in data.getlist("status") if value])
        if not data.getlist("status"):
            del data["status"]
    return data


# Still imported by the apps not yet on the page kit; core.filters and core.integrity hold the real ones.
style_filter_form = core_style_filter_form
add_service_errors = add_refusal_to_form


class CadreForm(VersionedFormMixin, forms.ModelForm):
    """Create or change a cadre's record. The service validates again and writes; this form only collects.

    On an existing record the career fields are shown but fixed: after creation they change only through
    an appointment or a rank change (careers), which carries its document. The form carries the record's
    version, so an edit opened before someone else's change is refused rather than written over it.
    """

    reason = forms.CharField(
        label=_("变更原因"),
        required=False,
        max_length=100,
        help_text=_("选填，将记入变更历史。"),
    )

    class Meta:
        model = Cadre
        fields = CADRE_WRITABLE_FIELDS
        widgets = dict.fromkeys(DATE_FIELDS, DATE_INPUT)

    def __init__(self, *args, units: QuerySet[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
        if self.instance.pk:
            for name in CAREER_FIELDS:
                self.fields[name].disabled = True
            self.fields["post_title"].help_text = _("职务、职务层次、工作单位的变动请在“任免”中办理。")
            self.fields["rank"].help_text = _("职级的变动请在“职级变动”中办理。")
        apply_pickers(self)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_id_number(self) -> str:
        return (self.cleaned_data.get("id_number") or "").strip().upper()

    def service_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in CADRE_WRITABLE_FIELDS if field in self.cleaned_data}


class UnitForm(VersionedFormMixin, forms.ModelForm):
    """Create or change a unit; the parent can be any visible unit except the unit itself and its subtree.
    Carries the unit's version: an edit opened before someone else's change is refused."""

    reason = forms.CharField(label=_("变更原因"), required=False, max_length=100)

    class Meta:
        model = Unit
        fields = UNIT_WRITABLE_FIELDS

    def __init__(self, *args, parents: QuerySet[Unit], user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        parent_field = self.fields["parent"]
        parent_field.queryset = parents
        parent_field.label_from_instance = unit_label
        if user is not None and not policy.is_org_wide(user):
            # Only org staff make a top-level unit. A unit whose parent lies outside the user's units (a
            # township under the county) shows that real parent, fixed: its own HR cannot detach it.
            parent_field.required = True
            current = self.instance.parent if self.instance.pk else None
            if current is not None and not policy.may(user, Action.CHANGE, current):
                parent_field.queryset = Unit.objects.filter(pk=current.pk)
                parent_field.disabled = True
                parent_field.help_text = _("上级单位不在您的管理范围内，隶属关系由组织部调整。")
        apply_pickers(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            else:
                field.widget.attrs.setdefault("class", "form-control")

    def service_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in UNIT_WRITABLE_FIELDS if field in self.cleaned_data}


class FamilyMemberForm(forms.ModelForm):
    """A family member or important social relation (干部任免审批表, last table)."""

    reason = forms.CharField(label=_("变更原因"), required=False, max_length=100, help_text=_("选填，将记入变更历史。"))

    class Meta:
        model = FamilyMember
        fields = FAMILY_MEMBER_FIELDS
        widgets = {"birth_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class EducationRecordForm(forms.ModelForm):
    """A stretch of full-time or in-service education (学历学位)."""

    reason = forms.CharField(label=_("变更原因"), required=False, max_length=100, help_text=_("选填，将记入变更历史。"))

    class Meta:
        model = EducationRecord
        fields = EDUCATION_RECORD_FIELDS
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class DeleteForm(forms.Form):
    """Confirms the removal of a record, with the reason kept in the history."""

    reason = forms.CharField(
        label=_("删除原因"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class CorrectionRequestForm(forms.Form):
    """A cadre's request to correct his or her own record (更正申请)."""

    item = forms.ChoiceField(label=_("更正项目"), choices=CorrectionItem.choices)
    requested_value = forms.CharField(
        label=_("应更正为"), max_length=200, help_text=_("写明正确的内容，如“1985-05-05”或“2008年7月入党”。")
    )
    reason = forms.CharField(
        label=_("理由及依据"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明依据的材料，如身份证、毕业证书、入党志愿书、任职文件等。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class CorrectionHandleForm(forms.Form):
    """Staff's answer to a correction request."""

    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[("accept", _("采纳（随后在档案中更正）")), ("reject", _("不予采纳"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reply = forms.CharField(
        label=_("处理意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply"].widget.attrs.setdefault("class", "form-control")
