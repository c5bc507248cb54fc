"""Forms of the career pages. They check shapes only; the services check the rules and the history."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.choices import LeadershipLevel, Rank
from cadres.pickers import apply_pickers
from cadres.selectors import unit_list
from careers.choices import (
    INVESTIGATION_SANCTION_KINDS,
    AppointmentKind,
    FaultToleranceDistinction,
    FaultToleranceOutcome,
    InvestigationOutcome,
    ProbationOutcome,
    RankChangeKind,
    RecordKind,
    UnfitDecision,
    UnfitSituation,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BootstrapForm(forms.Form):
    """Adds Bootstrap classes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_pickers(self)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


SANCTION_KIND_CHOICES = [(kind.value, kind.label) for kind in INVESTIGATION_SANCTION_KINDS]


def _blank(choices):
    return [("", "---------"), *choices]


class AppointmentForm(BootstrapForm):
    kind = forms.ChoiceField(
        label=_("任免类型"),
        choices=_blank(AppointmentKind.choices),
        help_text=_("录用：新录用的公务员，任免时间为录用时间，系统按设置计算录用试用期；试用期内的年度考核不定等次。"),
    )
    post_title = forms.CharField(
        label=_("职务名称"),
        max_length=100,
        required=False,
        help_text=_("免职、退出领导岗位时为所免职务，可留空表示现任职务。"),
    )
    unit = forms.ModelChoiceField(label=_("任职单位"), queryset=None, required=False)
    leadership_level = forms.TypedChoiceField(
        label=_("领导职务层次"), choices=_blank(LeadershipLevel.choices), coerce=int, required=False, empty_value=None
    )
    effective_date = forms.DateField(label=_("任免时间"), widget=DateInput())
    approving_body = forms.CharField(label=_("批准机关"), max_length=100)
    document_number = forms.CharField(label=_("文号"), max_length=100)
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    acknowledge_warnings = forms.BooleanField(
        label=_("已知悉上述提示，仍予录入"),
        required=False,
        help_text=_("提拔任县处级领导职务而基层工作经历不足时，系统给出提示，须经办人确认。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_list(user=user)


class RankChangeForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("变动类型"), choices=_blank(RankChangeKind.choices))
    from_rank = forms.TypedChoiceField(
        label=_("原职级"),
        choices=_blank(Rank.choices),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("留空表示该干部现职级。"),
    )
    to_rank = forms.TypedChoiceField(label=_("新职级"), choices=_blank(Rank.choices), coerce=int)
    effective_date = forms.DateField(label=_("生效时间"), widget=DateInput())
    reason = forms.CharField(label=_("变动原因"), max_length=200)
    document_number = forms.CharField(label=_("文号"), max_length=100)


class AccountabilityRecordForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("种类"), choices=_blank(RecordKind.choices))
    decided_on = forms.DateField(label=_("决定（立案）日期"), widget=DateInput())
    issuing_body = forms.CharField(label=_("作出机关"), max_length=100)
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    reason = forms.CharField(label=_("事由"), widget=forms.Textarea(attrs={"rows": 3}))
    internal_notes = forms.CharField(
        label=_("内部备注"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("仅工作人员可见，干部本人看不到。"),
    )
    probation_years = forms.TypedChoiceField(
        label=_("留党察看期限"),
        choices=[("", "---------"), (1, _("1年")), (2, _("2年"))],
        coerce=int,
        required=False,
        empty_value=None,
    )
    ends_on = forms.DateField(label=_("停职检查截止日期"), required=False, widget=DateInput())
    old_leadership_level = forms.TypedChoiceField(
        label=_("原领导职务层次"),
        choices=_blank(LeadershipLevel.choices),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("免职、责令辞职时填写；留空表示该干部现任（或最近一次免去的）领导职务层次。"),
    )
    closed_on = forms.DateField(label=_("结案日期"), required=False, widget=DateInput())
    outcome = forms.ChoiceField(label=_("审查调查结果"), choices=_blank(InvestigationOutcome.choices), required=False)
    sanction_kind = forms.ChoiceField(
        label=_("结案给予的处分"),
        choices=_blank(SANCTION_KIND_CHOICES),
        required=False,
        help_text=_("审查调查结果为“给予处分”时选择。"),
    )


class RevokeForm(BootstrapForm):
    revoked_on = forms.DateField(label=_("撤销（更正）日期"), widget=DateInput())
    reason = forms.CharField(label=_("撤销（更正）原因"), max_length=200)
    corrected = forms.BooleanField(label=_("属于更正（而非撤销）"), required=False)


class InvestigationCloseForm(BootstrapForm):
    closed_on = forms.DateField(label=_("结案日期"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("审查调查结果"), choices=_blank(InvestigationOutcome.choices))
    sanction_kind = forms.ChoiceField(
        label=_("结案给予的处分"),
        choices=_blank(SANCTION_KIND_CHOICES),
        required=False,
        help_text=_("审查调查结果为“给予处分”时选择；它决定被调查年度的考核等次。"),
    )


class ProbationConcludeForm(BootstrapForm):
    outcome = forms.ChoiceField(
        label=_("试用结果"),
        choices=_blank(
            [
                (ProbationOutcome.CONFIRMED, ProbationOutcome.CONFIRMED.label),
                (ProbationOutcome.FAILED, ProbationOutcome.FAILED.label),
            ]
        ),
    )
    concluded_on = forms.DateField(label=_("试用考核时间"), widget=DateInput())


class UnfitCaseForm(BootstrapForm):
    """A checkbox and an evidence box for every situation of the regulation."""

    opened_on = forms.DateField(label=_("启动日期"), widget=DateInput())
    summary = forms.CharField(label=_("情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in UnfitSituation.choices:
            self.fields[f"check_{value}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"evidence_{value}"] = forms.CharField(
                label=_("事实依据"), required=False, widget=forms.Textarea(attrs={"rows": 1})
            )
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-check-input" if name.startswith("check_") else "form-control")
        if case is not None:
            del self.fields["opened_on"]
            self.initial.setdefault("summary", case.summary)
            for value, evidence in case.situations.items():
                self.initial.setdefault(f"check_{value}", True)
                self.initial.setdefault(f"evidence_{value}", evidence)

    def situations(self) -> dict:
        data = self.cleaned_data
        return {
            value: data.get(f"evidence_{value}", "") for value in UnfitSituation.values if data.get(f"check_{value}")
        }

    def situation_rows(self):
        return [(self[f"check_{value}"], self[f"evidence_{value}"]) for value in UnfitSituation.values]


class UnfitDecideForm(BootstrapForm):
    decision = forms.ChoiceField(label=_("调整方式"), choices=_blank(UnfitDecision.choices))
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput())
    post_title = forms.CharField(label=_("调整后职务"), max_length=100, required=False, help_text=_("免职时可留空。"))
    unit = forms.ModelChoiceField(label=_("调整后单位"), queryset=None, required=False)
    leadership_level = forms.TypedChoiceField(
        label=_("调整后领导职务层次"),
        choices=_blank(LeadershipLevel.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    approving_body = forms.CharField(label=_("批准机关"), max_length=100)
    document_number = forms.CharField(label=_("文号"), max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_list(user=user)


class FaultToleranceForm(BootstrapForm):
    distinction = forms.ChoiceField(
        label=_("适用的“三个区分开来”情形"), choices=_blank(FaultToleranceDistinction.choices)
    )
    opened_on = forms.DateField(label=_("申请日期"), widget=DateInput())
    facts = forms.CharField(label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 3}))


class FaultToleranceDecideForm(BootstrapForm):
    outcome = forms.ChoiceField(label=_("认定结果"), choices=_blank(FaultToleranceOutcome.choices))
    decided_on = forms.DateField(label=_("认定日期"), widget=DateInput())
    decision_reason = forms.CharField(label=_("认定意见"), widget=forms.Textarea(attrs={"rows": 3}))
