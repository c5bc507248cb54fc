"""Forms of the dashboard pages: what staff write on a 干部任免审批表, and the list of a batch."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from dashboard.appointment_form import Proposal

FORMATS = [("docx", _("Word（可编辑）")), ("pdf", _("PDF（打印）"))]


class ProposalForm(forms.Form):
    """拟任职务, 拟免职务, 任免理由 and 呈报单位: written for the occasion, printed on the form, not stored."""

    appoint_to = forms.CharField(label=_("拟任职务"), required=False, max_length=200)
    remove_from = forms.CharField(label=_("拟免职务"), required=False, max_length=200)
    reason = forms.CharField(
        label=_("任免理由"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reporting_unit = forms.CharField(
        label=_("呈报单位"), required=False, max_length=100, help_text=_("不填则为干部所在单位。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def proposal(self) -> Proposal:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Proposal(
            **{name: data.get(name, "") for name in ("appoint_to", "remove_from", "reason", "reporting_unit")}
        )


class BatchForm(ProposalForm):
    """A batch of forms: the cadres named one per line (ID number or name), and the file format."""

    cadres = forms.CharField(
        label=_("干部名单"),
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": _("每行一人：身份证号或姓名")}),
        help_text=_("每行一人，填身份证号或姓名；同名的请填身份证号。"),
    )
    file_format = forms.ChoiceField(label=_("文件格式"), choices=FORMATS, initial="docx")
    field_order = ["cadres", "file_format", "appoint_to", "remove_from", "reason", "reporting_unit"]

    def __init__(self, *args, cadres: QuerySet[Cadre], **kwargs):
        super().__init__(*args, **kwargs)
        self.scoped_cadres = cadres
        self.fields["file_format"].widget.attrs["class"] = "form-select form-select-sm"

    def clean_cadres(self) -> list[Cadre]:
        """Each line names exactly one cadre in the user's scope; every line that does not is named in the error."""
        lines = [line.strip() for line in re.split(r"[\r\n]+", self.cleaned_data["cadres"]) if line.strip()]
        if not lines:
            raise ValidationError(_("请填写干部名单。"))
        if len(lines) > settings.APPOINTMENT_FORM_BATCH_MAX:
            raise ValidationError(
                _("一次最多生成%(max)s份，本次%(count)s份。")
                % {"max": settings.APPOINTMENT_FORM_BATCH_MAX, "count": len(lines)}
            )
        keys = {line.upper() for line in lines}
        found = list(self.scoped_cadres.filter(Q(id_number__in=keys) | Q(name__in=keys)).order_by("pk"))
        by_key: dict[str, list[Cadre]] = {}
        for cadre in found:
            for key in (cadre.id_number, cadre.name):
                by_key.setdefault(key.upper(), []).append(cadre)
        chosen, problems = [], []
        for number, line in enumerate(lines, start=1):
            matches = by_key.get(line.upper(), [])
            if not matches:
                problems.append(_("第%(n)s行“%(line)s”：未找到（或不在您的管理范围内）") % {"n": number, "line": line})
            elif len(matches) > 1:
                problems.append(
                    _("第%(n)s行“%(line)s”：有%(count)s人同名，请填身份证号")
                    % {"n": number, "line": line, "count": len(matches)}
                )
            elif matches[0] not in chosen:
                chosen.append(matches[0])
        if problems:
            raise ValidationError(problems)
        return chosen


class DashboardFilterForm(forms.Form):
    """The dashboard's year and unit (the user's visible units only)."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    unit = forms.ModelChoiceField(label=_("单位（含下级）"), queryset=None, required=False, empty_label=_("全部"))

    def __init__(self, *args, units: QuerySet, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, _("%(year)s年") % {"year": year}) for year in years]
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: "\u3000" * unit.depth + unit.name
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm w-auto"
