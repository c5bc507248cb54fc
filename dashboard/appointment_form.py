"""The 干部任免审批表 (appointment_form): what the customary form shows, gathered from the records.

``appointment_forms_for(cadres=…, proposal=…)`` reads everything the forms of a list of cadres need in a
fixed number of queries (education, appointments, awards, accountability records, annual results, family),
so a batch of 500 forms costs the same queries as one. The pure functions below it build the form's texts:
the résumé (简历) in the customary "1998.09--2002.07  …" lines, the rewards and punishments (奖惩情况),
and the last three annual results (年度考核结果). ``dashboard.appointment_form_documents`` draws them as an
A4 page, a PDF and a Word file.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.choices import Grade
from assessments.models import AnnualResult
from cadres.choices import EducationKind
from cadres.models import Cadre, EducationRecord, FamilyMember
from cadres.rules import age_on
from careers.choices import POST_TAKING_APPOINTMENT_KINDS, RecordKind, RecordStatus
from careers.models import AccountabilityRecord, Appointment
from rewards.choices import AwardStatus
from rewards.models import Award

RESUME_DATE_WIDTH = 7  # "2002.07"
# Accountability records that are not punishments: they stay off the form's 奖惩情况 (an investigation that
# ended in a sanction shows as that sanction's record).
NOT_PUNISHMENTS = frozenset({RecordKind.REMINDER_TALK, RecordKind.WRITTEN_INQUIRY, RecordKind.INVESTIGATION})


@dataclass(frozen=True)
class Proposal:
    """What staff write on the form for this occasion: the posts proposed and the reason (任免理由)."""

    appoint_to: str = ""
    remove_from: str = ""
    reason: str = ""
    reporting_unit: str = ""


@dataclass(frozen=True)
class EducationLine:
    level: str
    school_and_major: str


@dataclass(frozen=True)
class FamilyRow:
    relation: str
    name: str
    birth: str
    political_status: str
    work_unit_and_post: str


@dataclass
class AppointmentForm:
    """Every text of one cadre's 干部任免审批表, ready to draw."""

    cadre: Cadre
    name: str
    gender: str
    birth: str  # "1980.05（46岁）"
    ethnicity: str
    native_place: str
    party_join: str
    work_start: str
    full_time: EducationLine
    in_service: EducationLine
    current_post: str
    proposal: Proposal
    resume: list[str]
    rewards_and_punishments: str
    annual_results: str
    family: list[FamilyRow]
    filled_on: date
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------- pure texts


def month_text(day: date | None) -> str:
    """ "1998.09": a date as the form writes it (year.month)."""
    return f"{day.year}.{day.month:02d}" if day else ""


def resume_line(start: date, end: date | None, text: str) -> str:
    """One résumé line: "1998.09--2002.07  四川大学法学院法学专业学习"; a current one leaves the end blank."""
    return f"{month_text(start)}--{month_text(end):<{RESUME_DATE_WIDTH}}  {text}"


@dataclass(frozen=True)
class CareerStep:
    """One dated fact of the résumé: a stretch of education, or an appointment (taking a post or leaving one)."""

    start: date
    end: date | None
    text: str
    takes_post: bool = True


def resume_lines(*, education: Sequence[CareerStep], appointments: Sequence[CareerStep]) -> list[str]:
    """The résumé (简历) in date order.

    Education stretches are lines of their own. Each appointment that takes a post runs until the next
    appointment (a new post, or a removal), or is current; an appointment that only takes a post away
    (免职, 退出领导岗位) closes the line before it and writes none.
    """
    lines: list[tuple[date, int, str]] = [
        (step.start, 0, resume_line(step.start, step.end, step.text)) for step in education
    ]
    ordered = sorted(appointments, key=lambda step: step.start)
    for index, step in enumerate(ordered):
        if not step.takes_post:
            continue
        following = ordered[index + 1].start if index + 1 < len(ordered) else None
        lines.append((step.start, 1, resume_line(step.start, following, step.text)))
    lines.sort(key=lambda line: (line[0], line[1]))
    return [text for _start, _order, text in lines]


def annual_results_text(results: Iterable[tuple[int, str]], *, count: int | None = None) -> str:
    """ "2023年度考核称职；2024年度考核优秀；2025年度考核称职。": the last ``count`` years (a setting, 3)."""
    count = settings.APPOINTMENT_FORM_RESULT_YEARS if count is None else count
    labels = dict(Grade.choices)
    last = sorted(results)[-count:] if count else []
    if not last:
        return _("无")
    parts = []
    for year, grade in last:
        if grade == Grade.UNGRADED:
            parts.append(_("%(year)s年度考核不定等次") % {"year": year})
        else:
            parts.append(_("%(year)s年度考核%(grade)s") % {"year": year, "grade": labels[grade]})
    return "；".join(parts) + "。"


def rewards_and_punishments_text(
    *, awards: Iterable[tuple[date, str, str]], punishments: Iterable[tuple[date, str, str]]
) -> str:
    """ "2022年12月获嘉奖（新龙县人民政府）；2024年3月受诫勉（县委组织部）。" or "无", in date order."""
    items = [
        (day, _("%(when)s获%(what)s（%(body)s）") % {"when": _month_words(day), "what": what, "body": body})
        for day, what, body in awards
    ]
    items += [
        (day, _("%(when)s受%(what)s（%(body)s）") % {"when": _month_words(day), "what": what, "body": body})
        for day, what, body in punishments
    ]
    if not items:
        return _("无")
    return "；".join(text for _day, text in sorted(items, key=lambda item: item[0])) + "。"


def _month_words(day: date) -> str:
    return _("%(year)s年%(month)s月") % {"year": day.year, "month": day.month}


# ---------------------------------------------------------------- gathering from the records


def appointment_forms_for(
    *, cadres: Sequence[Cadre], proposal: Proposal, on: date | None = None
) -> list[AppointmentForm]:
    """The forms of ``cadres`` (already scoped by the caller), in their order: seven queries whatever their number.

    ``cadres`` must have their unit joined (``cadres.selectors.cadre_list``).
    """
    on = on or timezone.localdate()
    ids = [cadre.pk for cadre in cadres]
    education = _grouped(EducationRecord.objects.filter(cadre_id__in=ids).order_by("start_date", "pk"))
    appointments = _grouped(
        Appointment.objects.filter(cadre_id__in=ids).select_related("unit").order_by("effective_date", "pk")
    )
    awards = _grouped(Award.objects.filter(cadre_id__in=ids, status=AwardStatus.ACTIVE).order_by("awarded_on", "pk"))
    punishments = _grouped(
        AccountabilityRecord.objects.filter(cadre_id__in=ids, status=RecordStatus.ACTIVE)
        .exclude(kind__in=NOT_PUNISHMENTS)
        .order_by("decided_on", "pk")
    )
    results = defaultdict(list)
    for cadre_id, year, grade in AnnualResult.objects.filter(cadre_id__in=ids, confirmed_on__lte=on).values_list(
        "cadre_id", "year", "grade"
    ):
        results[cadre_id].append((year, grade))
    family = _grouped(FamilyMember.objects.filter(cadre_id__in=ids).order_by("sort_order", "pk"))
    return [
        _form(
            cadre,
            proposal=proposal,
            on=on,
            education=education[cadre.pk],
            appointments=appointments[cadre.pk],
            awards=awards[cadre.pk],
            punishments=punishments[cadre.pk],
            results=results[cadre.pk],
            family=family[cadre.pk],
        )
        for cadre in cadres
    ]


def _grouped(queryset) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in queryset:
        grouped[row.cadre_id].append(row)
    return grouped


def _education_line(records: list[EducationRecord], kind: str) -> EducationLine:
    """The highest stretch of a kind, as the form's two cells: level and degree, school and major."""
    chosen = [record for record in records if record.kind == kind]
    if not chosen:
        return EducationLine(level="", school_and_major="")
    last = chosen[-1]
    level = last.get_level_display() + (last.get_degree_display() if last.degree else "")
    return EducationLine(level=level, school_and_major=last.school_and_major)


def _form(
    cadre: Cadre, *, proposal: Proposal, on: date, education, appointments, awards, punishments, results, family
) -> AppointmentForm:
    education_steps = [
        CareerStep(
            start=record.start_date,
            end=record.end_date,
            text=_("%(school)s学习") % {"school": record.school_and_major}
            if record.kind == EducationKind.FULL_TIME
            else _in_service_text(record.school_and_major),
        )
        for record in education
    ]
    appointment_steps = [
        CareerStep(
            start=appointment.effective_date,
            end=None,
            text=f"{appointment.unit.name}{appointment.post_title}",
            takes_post=appointment.kind in POST_TAKING_APPOINTMENT_KINDS,
        )
        for appointment in appointments
    ]
    if not appointment_steps and cadre.work_start_date:
        # No appointment on record yet: the résumé still says where the cadre works now, from the work start.
        appointment_steps = [
            CareerStep(start=cadre.work_start_date, end=None, text=f"{cadre.unit.name}{cadre.post_title}")
        ]
    return AppointmentForm(
        cadre=cadre,
        name=cadre.name,
        gender=cadre.get_gender_display(),
        birth=_("%(month)s（%(age)s岁）")
        % {"month": month_text(cadre.birth_date), "age": age_on(cadre.birth_date, on)},
        ethnicity=cadre.get_ethnicity_display(),
        native_place=cadre.native_place,
        party_join=month_text(cadre.party_join_date),
        work_start=month_text(cadre.work_start_date),
        full_time=_education_line(education, EducationKind.FULL_TIME),
        in_service=_education_line(education, EducationKind.IN_SERVICE),
        current_post=f"{cadre.unit.name}{cadre.post_title}",
        proposal=Proposal(
            appoint_to=proposal.appoint_to,
            remove_from=proposal.remove_from,
            reason=proposal.reason,
            reporting_unit=proposal.reporting_unit or cadre.unit.name,
        ),
        resume=resume_lines(education=education_steps, appointments=appointment_steps),
        rewards_and_punishments=rewards_and_punishments_text(
            awards=[(award.awarded_on, award.get_kind_display(), award.approving_body) for award in awards],
            punishments=[(record.decided_on, record.get_kind_display(), record.issuing_body) for record in punishments],
        ),
        annual_results=annual_results_text(results),
        family=[
            FamilyRow(
                relation=member.get_relation_display(),
                name=member.name,
                birth=(
                    _("%(month)s（%(age)s岁）")
                    % {"month": month_text(member.birth_date), "age": age_on(member.birth_date, on)}
                    if member.birth_date
                    else ""
                ),
                political_status=member.get_political_status_display(),
                work_unit_and_post=member.work_unit_and_post,
            )
            for member in family
        ],
        filled_on=on,
    )


def _in_service_text(school_and_major: str) -> str:
    """ "中央党校函授学院经济管理专业在职学习"; a school that already says 在职 is not said twice."""
    if "在职" in school_and_major:
        return _("%(school)s学习") % {"school": school_and_major}
    return _("%(school)s在职学习") % {"school": school_and_major}
