"""Forms of the training pages. They validate input only; the services apply the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cadres.choices import Category, LeadershipLevel
from cadres.models import Unit
from cadres.pickers import CadreChoiceField, apply_pickers
from cadres.selectors import unit_list
from core.forms import IdModelMultipleChoiceField
from training import rules, services
from training.choices import AttendanceStatus, EnrolmentStatus
from training.models import Course, CourseSession, ExternalHours

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def _bootstrap(form: forms.Form) -> None:
    apply_pickers(form)
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class CourseForm(forms.ModelForm):
    """A course's fields; ``user`` is the writer, whose units (``unit_list``) are the audience units offered
    and accepted (issue 14.6: a unit outside them is "not one of the available choices")."""

    audience_units = IdModelMultipleChoiceField(
        label=_("面向单位（含下级，不选为全部）"), queryset=Unit.objects.none(), required=False
    )
    audience_levels = forms.TypedMultipleChoiceField(
        label=_("面向领导职务层次（不选为全部）"),
        choices=LeadershipLevel.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_categories = forms.MultipleChoiceField(
        label=_("面向人员类别（不选为全部）"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "kind",
            "organizer",
            "location",
            "start_date",
            "end_date",
            "hours",
            "days",
            "is_day_based",
            "capacity",
            "enrol_opens",
            "enrol_closes",
            "description",
        ]
        widgets = dict.fromkeys(("start_date", "end_date", "enrol_opens", "enrol_closes"), DATE)
        help_texts = {"hours": _("不填学时而填天数时，按每天6学时（可设置）折算。")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_units"].queryset = unit_list(user=user)
        self.fields["hours"].required = False
        if self.instance.pk:
            self.initial["audience_units"] = list(self.instance.audience_units.all())
        _bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("hours") and not cleaned.get("days"):
            self.add_error("hours", _("请填写学时或天数。"))
        problems = rules.course_day_problems(kind=cleaned.get("kind"), is_day_based=cleaned.get("is_day_based"))
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned


class SessionForm(forms.ModelForm):
    class Meta:
        model = CourseSession
        fields = ["date", "title", "hours"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class EnrolOneForm(forms.Form):
    """One cadre enrolled by staff, chosen with the cadre picker among the cadres in the user's scope."""

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"] = CadreChoiceField(cadres, label=_("干部"))
        _bootstrap(self)


class ExternalHoursForm(forms.ModelForm):
    class Meta:
        model = ExternalHours
        fields = [
            "title",
            "provider",
            "provider_name",
            "start_date",
            "end_date",
            "hours",
            "days",
            "is_online",
            "evidence",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, cadres=None, **kwargs):
        """``cadres``: staff submit for a cadre of theirs (the picker); a cadre submits for himself (None)."""
        super().__init__(*args, **kwargs)
        if cadres is not None:
            self.fields["cadre"] = CadreChoiceField(cadres, label=_("干部"))
            self.order_fields(["cadre"])
        self.fields["days"].required = False
        _bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        problems = rules.external_record_problems(
            provider=cleaned.get("provider"), is_online=bool(cleaned.get("is_online")), days=cleaned.get("days")
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审核结果"), choices=[("1", _("认定")), ("0", _("不予认定"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("审核意见"), max_length=200, required=False)


ATTENDANCE_CHOICES = AttendanceStatus.choices


def attendance_sheet_items(data, *, enrolments, session) -> tuple[list, list[str]]:
    """The marks of a session's attendance sheet (``status_<enrolment id>``, ``leave_<enrolment id>``).

    Returns ``(items, problems)``: a ``services.AttendanceItem`` per enrolled cadre with a mark, and every
    problem as "name：message" (a leave that is not a number, more leave than the session's hours…).
    Cadres left unmarked and dismissed enrolments are skipped, unless the sheet was sent with 全部出勤
    (``all_present``): then every cadre left unmarked is present, and the marks chosen on the sheet stay.
    """
    items, problems = [], []
    unmarked = AttendanceStatus.PRESENT if "all_present" in data else None
    for enrolment in enrolments:
        status = data.get(f"status_{enrolment.pk}") or unmarked
        if enrolment.status != EnrolmentStatus.ENROLLED or not status:
            continue
        try:
            leave = services.parse_decimal(data.get(f"leave_{enrolment.pk}"), field_label=_("请假学时"))
        except ValidationError as error:
            problems.append(f"{enrolment.cadre.name}：{error.messages[0]}")
            continue
        item = services.AttendanceItem(enrolment=enrolment, session=session, status=status, leave_hours=leave)
        problems += [f"{enrolment.cadre.name}：{m}" for m in services.attendance_problems(item)]
        items.append(item)
    return items, problems
