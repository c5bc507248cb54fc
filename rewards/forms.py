"""Forms of the rewards pages. They check shapes only; the services check the rules, the money and the history."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careers.forms import BootstrapForm, DateInput
from rewards.choices import AwardKind, GrantBasisKind
from rewards.models import Award, Fund, FundBudget

MONEY = {"max_digits": 12, "decimal_places": 2}


def _blank(choices):
    return [("", "---------"), *choices]


class DecisionForm(BootstrapForm):
    """The approving body, 文号 and date of a bulk approval of candidates."""

    approving_body = forms.CharField(label=_("批准机关"), max_length=100, initial=_("中共新龙县委"))
    document_number = forms.CharField(label=_("文号"), max_length=100)
    awarded_on = forms.DateField(label=_("奖励日期"), widget=DateInput(), initial=timezone.localdate)


class DeclineForm(BootstrapForm):
    reason = forms.CharField(label=_("不予奖励理由"), max_length=200)


class AwardForm(BootstrapForm):
    """An award decided outside the candidate list: on a written reason (记二等功 and above always are)."""

    kind = forms.ChoiceField(label=_("奖励种类"), choices=_blank(AwardKind.choices))
    year = forms.IntegerField(label=_("奖励年度"), min_value=1990, max_value=2100)
    basis_text = forms.CharField(label=_("奖励事由"), max_length=200, widget=forms.Textarea(attrs={"rows": 3}))
    approving_body = forms.CharField(label=_("批准机关"), max_length=100)
    document_number = forms.CharField(label=_("文号"), max_length=100)
    awarded_on = forms.DateField(label=_("奖励日期"), widget=DateInput())
    medal = forms.TypedChoiceField(
        label=_("颁发奖章"),
        choices=[("", _("按奖励种类（记三等功及以上颁发）")), ("yes", _("颁发")), ("no", _("不颁发"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def service_data(self) -> dict:
        return {**self.cleaned_data, "basis_kind": "written"}


class RevokeAwardForm(BootstrapForm):
    revoked_on = forms.DateField(label=_("撤销日期"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("撤销理由"), max_length=200, help_text=_("公务员法第五十六条规定的撤销情形"))


class FundForm(BootstrapForm):
    name = forms.CharField(label=_("基金名称"), max_length=100)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class BudgetForm(BootstrapForm):
    fund = forms.ModelChoiceField(label=_("专项基金"), queryset=Fund.objects.filter(is_active=True).order_by("name"))
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    amount = forms.DecimalField(label=_("预算金额（元）"), min_value=Decimal("0"), **MONEY)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class BudgetAdjustForm(BootstrapForm):
    amount = forms.DecimalField(label=_("调整后预算金额（元）"), min_value=Decimal("0"), **MONEY)
    reason = forms.CharField(label=_("调整理由"), max_length=200)


class GrantForm(BootstrapForm):
    """A grant proposed for one cadre (the cadre comes from the page): a budget, an amount and a basis."""

    budget = forms.ModelChoiceField(label=_("专项基金年度预算"), queryset=FundBudget.objects.none())
    amount = forms.DecimalField(label=_("金额（元）"), min_value=Decimal("0.01"), **MONEY)
    basis_kind = forms.ChoiceField(label=_("拨付依据"), choices=GrantBasisKind.choices)
    award = forms.ModelChoiceField(label=_("依据的奖励"), queryset=Award.objects.none(), required=False)
    result_year = forms.IntegerField(label=_("依据的考核年度"), min_value=1990, max_value=2100, required=False)
    reason = forms.CharField(label=_("事由"), max_length=200, required=False)

    def __init__(self, *args, cadre, budgets, award=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = budgets
        self.fields["budget"].label_from_instance = lambda budget: f"{budget.fund.name} {budget.year}"
        self.fields["award"].queryset = Award.objects.filter(cadre=cadre, status="active").order_by("-year")
        self.fields["award"].label_from_instance = lambda item: (
            f"{item.year} {item.get_kind_display()}（{item.document_number}）"
        )
        if award is not None:
            self.fields["basis_kind"].initial = GrantBasisKind.AWARD
            self.fields["award"].initial = award.pk
            self.fields["amount"].initial = award.bonus


class GrantPayForm(BootstrapForm):
    paid_on = forms.DateField(label=_("支付日期"), widget=DateInput(), initial=timezone.localdate)
    payment_reference = forms.CharField(label=_("支付凭证号"), max_length=100, required=False)


class GrantCancelForm(BootstrapForm):
    reason = forms.CharField(label=_("撤销理由"), max_length=200)
