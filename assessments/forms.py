"""Forms of the assessment pages. They check shapes only; the services check the rules and keep the history."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.choices import Grade, ObjectionStatus, PeriodKind, SuggestionStatus, UngradedReason
from careers.forms import BootstrapForm, DateInput


def _blank(choices):
    return [("", "---------"), *choices]


class PeriodForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("考核种类"), choices=_blank(PeriodKind.choices))
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100, initial=timezone.localdate().year)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=_blank([(1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))]),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("平时考核填写"),
    )
    name = forms.CharField(
        label=_("名称"), max_length=100, required=False, help_text=_("年度考核和平时考核可不填，自动命名")
    )


class TransitionForm(BootstrapForm):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    publicity_starts_on = forms.DateField(label=_("公示开始日期"), required=False, widget=DateInput())


class QuotaForm(BootstrapForm):
    quota_raised = forms.BooleanField(label=_("经批准提高优秀比例（25%）"), required=False)
    basis = forms.CharField(label=_("批准依据"), max_length=200, required=False)


class CommitteeGradeForm(BootstrapForm):
    grade = forms.ChoiceField(label=_("考核委员会确定等次"), choices=_blank(Grade.choices))
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionForm(BootstrapForm):
    raised_on = forms.DateField(label=_("反映日期"), widget=DateInput(), initial=timezone.localdate)
    raised_by = forms.CharField(label=_("反映人"), max_length=100, required=False, help_text=_("可匿名"))
    content = forms.CharField(label=_("反映内容"), widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionHandleForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("处理结果"),
        choices=_blank(
            [
                (ObjectionStatus.UPHELD, ObjectionStatus.UPHELD.label),
                (ObjectionStatus.DISMISSED, ObjectionStatus.DISMISSED.label),
            ]
        ),
    )
    handling = forms.CharField(label=_("核查处理情况"), widget=forms.Textarea(attrs={"rows": 3}))
    handled_on = forms.DateField(label=_("处理日期"), widget=DateInput(), initial=timezone.localdate)


class SuggestionHandleForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("办理结果"),
        choices=_blank(
            [
                (SuggestionStatus.DONE, SuggestionStatus.DONE.label),
                (SuggestionStatus.DISMISSED, SuggestionStatus.DISMISSED.label),
            ]
        ),
    )
    note = forms.CharField(
        label=_("办理说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如：已按程序给予嘉奖（新委发〔2026〕3号）；或不予办理的理由"),
    )


class HistoricResultForm(BootstrapForm):
    year = forms.IntegerField(label=_("考核年度"), min_value=1990, max_value=2100)
    grade = forms.ChoiceField(label=_("等次"), choices=_blank(Grade.choices))
    ungraded_reason = forms.ChoiceField(label=_("不定等次原因"), choices=_blank(UngradedReason.choices), required=False)
    confirmed_on = forms.DateField(label=_("确定日期"), widget=DateInput())
    comment = forms.CharField(label=_("评语"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SelfSummaryForm(BootstrapForm):
    text = forms.CharField(label=_("述职报告"), widget=forms.Textarea(attrs={"rows": 14}))


class CalendarDayForm(BootstrapForm):
    day = forms.DateField(label=_("日期"), widget=DateInput())
    is_working_day = forms.TypedChoiceField(
        label=_("当天"),
        choices=[("0", _("放假")), ("1", _("调休上班"))],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label=_("说明"), max_length=100, required=False, help_text=_("如：国庆节、国庆调休上班"))


class CalendarYearForm(BootstrapForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    basis = forms.CharField(label=_("依据"), max_length=200, help_text=_("如：国办发明电〔2026〕X号"))
