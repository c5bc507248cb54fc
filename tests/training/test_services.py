"""Enrolment with seats and a waiting list, attendance and the 1/7 leave rule, completion credits,
external hours and compliance through the services."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cadres.choices import LeadershipLevel
from tests.factories import CadreFactory
from training import selectors, services
from training.choices import CourseKind, CourseStatus, ExternalHoursStatus
from training.models import Enrolment, TrainingCredit
from training.services import AttendanceItem


def _evidence():
    return SimpleUploadedFile("证书.pdf", b"%PDF-1.4 certificate", content_type="application/pdf")


def test_staff_enrol_fills_seats_then_waiting_list_in_order(open_course, org_staff, county):
    cadres = [CadreFactory(unit=county["township"]) for _ in range(5)]
    enrolments = [services.enrolment_create(actor=org_staff, course=open_course, cadre=c) for c in cadres]
    assert [(e.status, e.seat, e.waiting_position) for e in enrolments] == [
        ("enrolled", 1, None),
        ("enrolled", 2, None),
        ("enrolled", 3, None),
        ("waiting", None, 1),
        ("waiting", None, 2),
    ]


def test_withdrawal_promotes_the_first_waiting_to_the_freed_seat(open_course, org_staff, county):
    cadres = [CadreFactory(unit=county["township"]) for _ in range(5)]
    enrolments = [services.enrolment_create(actor=org_staff, course=open_course, cadre=c) for c in cadres]
    services.enrolment_withdraw(actor=org_staff, enrolment=enrolments[1], reason="工作冲突")
    rows = dict(Enrolment.objects.values_list("cadre_id", "seat"))
    assert rows == {cadres[0].pk: 1, cadres[1].pk: None, cadres[2].pk: 3, cadres[3].pk: 2, cadres[4].pk: None}
    assert Enrolment.objects.get(cadre=cadres[4]).waiting_position == 2


def test_second_sign_up_of_the_same_cadre_is_refused(open_course, org_staff, own_cadre):
    services.enrolment_create(actor=org_staff, course=open_course, cadre=own_cadre)
    with pytest.raises(ValidationError, match="已报名该培训班"):
        services.enrolment_create(actor=org_staff, course=open_course, cadre=own_cadre)
    assert Enrolment.objects.count() == 1


def test_withdrawn_cadre_may_sign_up_again_on_the_same_row(open_course, cadre_user, own_cadre):
    first = services.enrolment_create(actor=cadre_user, course=open_course, cadre=own_cadre)
    services.enrolment_withdraw(actor=cadre_user, enrolment=first)
    again = services.enrolment_create(actor=cadre_user, course=open_course, cadre=own_cadre)
    assert (again.pk, again.status, again.seat) == (first.pk, "enrolled", 1)


def test_cadre_signs_up_only_within_window_and_audience(open_course, cadre_user, own_cadre, county, today):
    open_course.enrol_closes = today - datetime.timedelta(days=1)
    open_course.save()
    with pytest.raises(ValidationError, match="报名时间为"):
        services.enrolment_create(actor=cadre_user, course=open_course, cadre=own_cadre)
    open_course.enrol_closes = today
    open_course.save()
    open_course.audience_units.set([county["organ"]])
    with pytest.raises(ValidationError, match="不在该培训班的培训对象范围内"):
        services.enrolment_create(actor=cadre_user, course=open_course, cadre=own_cadre)
    open_course.audience_units.set([county["root"]])
    assert services.enrolment_create(actor=cadre_user, course=open_course, cadre=own_cadre).status == "enrolled"


def test_cadre_cannot_enrol_another_cadre(open_course, cadre_user, other_cadre):
    with pytest.raises(PermissionDenied):
        services.enrolment_create(actor=cadre_user, course=open_course, cadre=other_cadre)
    assert Enrolment.objects.count() == 0


def test_unit_hr_cannot_enrol_cadre_outside_scope(open_course, unit_hr, outside_cadre):
    with pytest.raises(PermissionDenied):
        services.enrolment_create(actor=unit_hr, course=open_course, cadre=outside_cadre)
    assert Enrolment.objects.count() == 0


def test_bulk_enrol_skips_those_already_enrolled_and_queues_past_capacity(open_course, org_staff, county):
    cadres = [CadreFactory(unit=county["township"]) for _ in range(5)]
    services.enrolment_create(actor=org_staff, course=open_course, cadre=cadres[0])
    from cadres.models import Cadre

    result = services.enrolment_bulk_create(
        actor=org_staff, course=open_course, cadres=Cadre.objects.filter(unit=county["township"])
    )
    assert (result.enrolled, result.waiting, result.skipped) == (2, 2, 1)
    assert sorted(Enrolment.objects.exclude(seat=None).values_list("seat", flat=True)) == [1, 2, 3]
    assert sorted(Enrolment.objects.exclude(waiting_position=None).values_list("waiting_position", flat=True)) == [1, 2]
    assert Enrolment.history.count() == 5


def _running_course_with(open_course, org_staff, cadre):
    enrolment = services.enrolment_create(actor=org_staff, course=open_course, cadre=cadre)
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.RUNNING)
    return enrolment, list(open_course.sessions.all())


def test_leave_up_to_one_seventh_keeps_the_trainee_and_credits_full_hours(open_course, org_staff, own_cadre):
    enrolment, sessions = _running_course_with(open_course, org_staff, own_cadre)
    # 70 hours: 10 hours of leave is exactly 1/7
    services.attendance_record(
        actor=org_staff,
        items=[
            AttendanceItem(enrolment=enrolment, session=sessions[0], status="leave", leave_hours=D(3)),
            AttendanceItem(enrolment=enrolment, session=sessions[1], status="absent"),
        ],
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.leave_hours) == ("enrolled", D(10))
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.FINISHED)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.hours_credited) == ("completed", D(70))
    credit = TrainingCredit.objects.get()
    assert (credit.cadre_id, credit.hours, credit.year, credit.source) == (
        own_cadre.pk,
        D(70),
        open_course.end_date.year,
        "course",
    )


def test_leave_above_one_seventh_withdraws_at_once_and_credits_nothing(open_course, org_staff, own_cadre):
    enrolment, sessions = _running_course_with(open_course, org_staff, own_cadre)
    services.attendance_record(
        actor=org_staff,
        items=[
            AttendanceItem(enrolment=enrolment, session=sessions[0], status="absent"),
            AttendanceItem(enrolment=enrolment, session=sessions[1], status="leave", leave_hours=D("3.5")),
        ],
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.seat, enrolment.leave_hours) == ("dismissed", None, D("10.5"))
    assert "超过课程学时70.0的1/7（10.00学时）" in enrolment.status_reason
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.FINISHED)
    assert TrainingCredit.objects.count() == 0


def test_leave_hours_above_session_hours_are_refused(open_course, org_staff, own_cadre):
    enrolment, sessions = _running_course_with(open_course, org_staff, own_cadre)
    with pytest.raises(ValidationError, match="超过该课次学时"):
        services.attendance_record(
            actor=org_staff,
            items=[AttendanceItem(enrolment=enrolment, session=sessions[0], status="leave", leave_hours=D(8))],
        )
    assert enrolment.attendances.count() == 0


def test_day_based_course_credits_days_and_online_course_credits_online_hours(org_staff, own_cadre, today):
    from tests.training.factories import CourseFactory

    day_course = services.course_create(
        actor=org_staff,
        data={
            "title": "脱产进修",
            "kind": CourseKind.PARTY_SCHOOL,
            "organizer": "县委党校",
            "start_date": today,
            "end_date": today + datetime.timedelta(days=11),
            "hours": None,
            "days": D(12),
            "is_day_based": True,
            "capacity": 5,
            "enrol_opens": today,
            "enrol_closes": today,
        },
    )
    assert day_course.hours == D(72)
    online = CourseFactory(kind=CourseKind.ONLINE, hours=D(50), start_date=today, end_date=today)
    for course in (day_course, online):
        course.status = CourseStatus.OPEN
        course.save()
        services.enrolment_create(actor=org_staff, course=course, cadre=own_cadre)
        services.course_transition(actor=org_staff, course=course, target=CourseStatus.RUNNING)
        services.course_transition(actor=org_staff, course=course, target=CourseStatus.FINISHED)
    rows = sorted(TrainingCredit.objects.values_list("hours", "days", "online_hours"))
    assert rows == [(D(50), D(0), D(50)), (D(72), D(12), D(0))]


def test_illegal_status_change_is_refused(open_course, org_staff):
    with pytest.raises(ValidationError, match="不能从“报名中”变为“已结业”"):
        services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.FINISHED)
    open_course.refresh_from_db()
    assert open_course.status == "open"


def test_unit_hr_cannot_create_or_run_courses(unit_hr, open_course):
    with pytest.raises(PermissionDenied):
        services.course_transition(actor=unit_hr, course=open_course, target=CourseStatus.RUNNING)


def test_external_hours_count_only_after_approval(cadre_user, unit_hr, own_cadre):
    record = services.external_hours_submit(
        actor=cadre_user,
        cadre=own_cadre,
        data={
            "title": "省委党校专题班",
            "provider": "provincial_party_school",
            "start_date": datetime.date(2025, 3, 1),
            "end_date": datetime.date(2025, 3, 20),
            "hours": D(96),
            "days": D(16),
        },
        evidence=_evidence(),
    )
    on = datetime.date(2025, 12, 31)
    assert selectors.compliance_for_cadres(cadre_ids=[own_cadre.pk], on_date=on)[own_cadre.pk].compliant is False
    with pytest.raises(PermissionDenied):
        services.external_hours_review(actor=cadre_user, record=record, approve=True)
    services.external_hours_review(actor=unit_hr, record=record, approve=True, note="材料齐全")
    result = selectors.compliance_for_cadres(cadre_ids=[own_cadre.pk], on_date=on)[own_cadre.pk]
    assert (result.compliant, result.earned, result.earned_days) == (True, D(96), D(16))
    assert record.history.count() == 2


def test_rejecting_external_hours_needs_a_note_and_writes_no_credit(unit_hr, own_cadre, org_staff):
    record = services.external_hours_submit(
        actor=org_staff,
        cadre=own_cadre,
        data={
            "title": "网络学院",
            "provider": "online_platform",
            "start_date": datetime.date(2025, 3, 1),
            "end_date": datetime.date(2025, 3, 1),
            "hours": D(20),
            "is_online": True,
        },
        evidence=_evidence(),
    )
    with pytest.raises(ValidationError):
        services.external_hours_review(actor=unit_hr, record=record, approve=False, note="")
    services.external_hours_review(actor=unit_hr, record=record, approve=False, note="证明不清晰")
    record.refresh_from_db()
    assert (record.status, TrainingCredit.objects.count()) == (ExternalHoursStatus.REJECTED, 0)


def test_compliance_for_cadres_uses_two_queries_for_any_number(django_assert_num_queries, county):
    leader = CadreFactory(unit=county["organ"], leadership_level=LeadershipLevel.COUNTY_DEPUTY, rank=None)
    clerks = [CadreFactory(unit=county["township"]) for _ in range(4)]
    for year in range(2021, 2026):
        for cadre in [leader, *clerks]:
            TrainingCredit.objects.create(
                cadre=cadre,
                earned_on=datetime.date(year, 6, 1),
                year=year,
                hours=D(110),
                source="external",
                external=services.ExternalHours.objects.create(
                    cadre=cadre,
                    title="x",
                    provider="other",
                    start_date=datetime.date(year, 6, 1),
                    end_date=datetime.date(year, 6, 1),
                    hours=D(110),
                    evidence="a.pdf",
                    status="approved",
                ),
            )
    from cadres.models import Cadre

    with django_assert_num_queries(2):
        results = selectors.compliance_for_cadres(queryset=Cadre.objects.all(), on_date=datetime.date(2025, 12, 31))
    assert results[leader.pk].earned == D(550)
    assert results[leader.pk].compliant is True
    assert {results[c.pk].earned for c in clerks} == {D(110)}
    assert results[clerks[0].pk].current_year_hours == D(110)


def test_selector_agrees_with_the_pure_rule_on_generated_credits(county):
    """Differential check: the aggregate query and a hand sum through the pure rule agree."""
    import random

    from training import rules

    rng = random.Random(7)
    cadres = [CadreFactory(unit=county["township"], rank=rng.choice([3, 6, 7, 9])) for _ in range(8)]
    ledger = []
    for cadre in cadres:
        for _ in range(rng.randint(0, 6)):
            earned_on = datetime.date(rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28))
            hours, days = D(rng.randint(1, 120)), D(rng.choice([0, 0, 3, 12]))
            record = services.ExternalHours.objects.create(
                cadre=cadre,
                title="x",
                provider="other",
                start_date=earned_on,
                end_date=earned_on,
                hours=hours,
                evidence="a.pdf",
                status="approved",
            )
            TrainingCredit.objects.create(
                cadre=cadre,
                earned_on=earned_on,
                year=earned_on.year,
                hours=hours,
                days=days,
                source="external",
                external=record,
            )
            ledger.append((cadre.pk, earned_on, hours, days))
    on = datetime.date(2026, 3, 1)
    thresholds = rules.thresholds_from_settings()
    periods = rules.assessment_periods(on, thresholds=thresholds)
    results = selectors.compliance_for_cadres(cadre_ids=[c.pk for c in cadres], on_date=on)
    for cadre in cadres:
        mine = [(d, h, dd) for pk, d, h, dd in ledger if pk == cadre.pk and d <= on]
        totals = rules.CreditTotals(
            annual_hours=sum((h for d, h, _ in mine if d.year == periods.annual_year), D(0)),
            annual_days=sum((dd for d, _, dd in mine if d.year == periods.annual_year), D(0)),
            window_hours=sum((h for d, h, _ in mine if d >= periods.window_start), D(0)),
            window_days=sum((dd for d, _, dd in mine if d >= periods.window_start), D(0)),
            current_year_hours=sum((h for d, h, _ in mine if d.year == on.year), D(0)),
            current_year_days=sum((dd for d, _, dd in mine if d.year == on.year), D(0)),
        )
        expected = rules.assess_compliance(
            cadre_id=cadre.pk,
            leadership_level=None,
            rank=cadre.rank,
            promotion_date=None,  # no 提拔 or 晋升 on record (the cadre's post and rank dates are not promotions)
            totals=totals,
            on_date=on,
            thresholds=thresholds,
        )
        assert results[cadre.pk] == expected
