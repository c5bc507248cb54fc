"""The training API: permission matrix, a cadre's limits, and exact query counts of every list."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.api import error_messages
from tests.factories import CadreFactory
from tests.training.factories import CourseFactory
from training import services
from training.choices import CourseStatus, EnrolmentStatus
from training.models import Attendance, Course, Enrolment, ExternalHours, TrainingCredit


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def people(admin_user, org_staff, unit_hr, cadre_user):
    return {"anonymous": None, "cadre": cadre_user, "unit_hr": unit_hr, "org_staff": org_staff, "admin": admin_user}


@pytest.fixture
def enrolled(open_course, org_staff, own_cadre, other_cadre, outside_cadre):
    return {
        cadre.name: services.enrolment_create(actor=org_staff, course=open_course, cadre=cadre)
        for cadre in (own_cadre, other_cadre, outside_cadre)
    }


LIST_URLS = [
    "/api/training/courses/",
    "/api/training/enrolments/",
    "/api/training/attendance/",
    "/api/training/external-hours/",
    "/api/training/compliance/",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_anonymous_gets_401_everywhere(db, url):
    assert api(None).get(url).status_code == 401


@pytest.mark.parametrize(("role", "expected"), [("cadre", 1), ("unit_hr", 2), ("org_staff", 3), ("admin", 3)])
def test_enrolment_list_is_scoped(people, enrolled, role, expected):
    assert api(people[role]).get("/api/training/enrolments/").json()["count"] == expected


@pytest.mark.parametrize(("role", "expected"), [("cadre", 1), ("unit_hr", 2), ("org_staff", 3)])
def test_compliance_list_is_scoped(people, enrolled, role, expected):
    assert api(people[role]).get("/api/training/compliance/").json()["count"] == expected


def test_cadre_cannot_see_another_cadres_hours_or_enrolment(people, enrolled, other_cadre):
    client = api(people["cadre"])
    assert client.get(f"/api/training/compliance/{other_cadre.pk}/").status_code == 404
    assert client.get(f"/api/training/enrolments/{enrolled['卓玛'].pk}/").status_code == 404
    assert client.get(f"/api/training/enrolments/?cadre={other_cadre.pk}").json()["count"] == 0


def test_cadre_sees_own_compliance_with_reason(people, own_cadre, db):
    body = api(people["cadre"]).get(f"/api/training/compliance/{own_cadre.pk}/?on_date=2025-12-31").json()
    assert body["compliant"] is False
    assert body["requirement"] == "annual"
    assert body["reason"].startswith("2025年度认定学时0（要求90）")


def test_bad_on_date_is_a_400(people, own_cadre):
    response = api(people["cadre"]).get(f"/api/training/compliance/{own_cadre.pk}/?on_date=2025-13-01")
    assert response.status_code == 400
    assert error_messages(response) == {"on_date": ["日期格式应为YYYY-MM-DD。"]}


def test_cadre_signs_up_self_but_cannot_enrol_another(people, open_course, own_cadre, other_cadre):
    client = api(people["cadre"])
    response = client.post("/api/training/enrolments/", {"course": open_course.pk, "cadre": other_cadre.pk})
    assert response.status_code == 400
    assert error_messages(response) == {"cadre": [f"无效主键 “{other_cadre.pk}” － 对象不存在。"]}
    assert Enrolment.objects.count() == 0
    response = client.post("/api/training/enrolments/", {"course": open_course.pk})
    assert response.status_code == 201
    assert (response.json()["cadre"], response.json()["status"], response.json()["seat"]) == (
        own_cadre.pk,
        "enrolled",
        1,
    )


def test_unit_hr_cannot_enrol_out_of_scope(people, open_course, outside_cadre):
    response = api(people["unit_hr"]).post(
        "/api/training/enrolments/", {"course": open_course.pk, "cadre": outside_cadre.pk}
    )
    assert response.status_code == 400
    assert error_messages(response) == {"cadre": [f"无效主键 “{outside_cadre.pk}” － 对象不存在。"]}
    assert Enrolment.objects.count() == 0


def test_an_out_of_scope_cadre_is_refused_on_its_field_before_the_other_fields(people, outside_cadre):
    """Issue 14.6: the cadre is scoped at the field, so a payload naming only an outside cadre is refused on
    ``cadre`` too (not only on the missing course)."""
    response = api(people["unit_hr"]).post("/api/training/enrolments/", {"cadre": outside_cadre.pk})

    assert response.status_code == 400
    assert error_messages(response) == {
        "course": ["该字段是必填项。"],
        "cadre": [f"无效主键 “{outside_cadre.pk}” － 对象不存在。"],
    }
    assert Enrolment.objects.count() == 0


def test_sign_up_outside_window_is_a_400_in_chinese(people, open_course, today):
    open_course.enrol_opens = open_course.enrol_closes = today + datetime.timedelta(days=1)
    open_course.save()
    response = api(people["cadre"]).post("/api/training/enrolments/", {"course": open_course.pk})
    assert response.status_code == 400
    assert error_messages(response)["non_field_errors"][0].startswith("报名时间为")


def test_withdraw_via_api_promotes_the_waiting(people, open_course, org_staff, county, enrolled):
    waiting = services.enrolment_create(actor=org_staff, course=open_course, cadre=CadreFactory(unit=county["organ"]))
    assert waiting.status == EnrolmentStatus.WAITING
    response = api(people["cadre"]).post(
        f"/api/training/enrolments/{enrolled['扎西'].pk}/withdraw/", {"reason": "出差"}
    )
    assert response.json()["status"] == "withdrawn"
    waiting.refresh_from_db()
    assert (waiting.status, waiting.seat) == ("enrolled", 1)


def test_cadre_cannot_withdraw_another(people, enrolled):
    response = api(people["cadre"]).post(f"/api/training/enrolments/{enrolled['卓玛'].pk}/withdraw/")
    assert response.status_code == 404
    assert Enrolment.objects.get(pk=enrolled["卓玛"].pk).status == "enrolled"


@pytest.mark.parametrize(("role", "expected"), [("cadre", 403), ("unit_hr", 403), ("org_staff", 201), ("admin", 201)])
def test_only_org_staff_create_courses(people, role, expected, db):
    payload = {
        "title": "新时代基层治理专题班",
        "kind": "lecture",
        "organizer": "县委组织部",
        "start_date": "2026-10-01",
        "end_date": "2026-10-01",
        "hours": "6",
        "capacity": 50,
        "enrol_opens": "2026-09-01",
        "enrol_closes": "2026-09-20",
    }
    response = api(people[role]).post("/api/training/courses/", payload, format="json")
    assert response.status_code == expected
    assert Course.objects.count() == (1 if expected == 201 else 0)


def test_course_transition_via_api(people, open_course):
    assert (
        api(people["unit_hr"])
        .post(f"/api/training/courses/{open_course.pk}/transition/", {"target": "running"})
        .status_code
        == 403
    )
    response = api(people["org_staff"]).post(
        f"/api/training/courses/{open_course.pk}/transition/", {"target": "finished"}
    )
    assert response.status_code == 400
    assert (
        api(people["org_staff"])
        .post(f"/api/training/courses/{open_course.pk}/transition/", {"target": "running"})
        .json()["status"]
        == "running"
    )


def test_attendance_via_api_scoped(people, open_course, org_staff, enrolled):
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.RUNNING)
    session = open_course.sessions.first()
    hr = api(people["unit_hr"])
    outside = hr.post(
        "/api/training/attendance/", {"enrolment": enrolled["王建国"].pk, "session": session.pk, "status": "present"}
    )
    assert outside.status_code == 400
    assert error_messages(outside) == {"enrolment": [f"无效主键 “{enrolled['王建国'].pk}” － 对象不存在。"]}
    cadre = api(people["cadre"]).post(
        "/api/training/attendance/", {"enrolment": enrolled["扎西"].pk, "session": session.pk, "status": "present"}
    )
    assert cadre.status_code == 403
    assert Attendance.objects.count() == 0
    ok = hr.post(
        "/api/training/attendance/",
        {"enrolment": enrolled["扎西"].pk, "session": session.pk, "status": "leave", "leave_hours": "3"},
    )
    assert ok.status_code == 201
    assert ok.json()["leave_hours"] == "3.0"
    assert api(people["unit_hr"]).get("/api/training/attendance/").json()["count"] == 1
    assert api(people["cadre"]).get("/api/training/attendance/").json()["count"] == 1


def test_external_hours_via_api(people, own_cadre, other_cadre):
    cadre = api(people["cadre"])
    payload = {
        "title": "省委党校专题",
        "provider": "provincial_party_school",
        "start_date": "2025-04-01",
        "end_date": "2025-04-05",
        "hours": "30",
        "evidence": SimpleUploadedFile("e.pdf", b"%PDF"),
    }
    another = cadre.post("/api/training/external-hours/", {**payload, "cadre": other_cadre.pk}, format="multipart")
    assert another.status_code == 400
    assert error_messages(another) == {"cadre": [f"无效主键 “{other_cadre.pk}” － 对象不存在。"]}
    assert ExternalHours.objects.count() == 0
    payload["evidence"] = SimpleUploadedFile("e.pdf", b"%PDF")
    created = cadre.post("/api/training/external-hours/", payload, format="multipart")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert cadre.post(f"/api/training/external-hours/{pk}/review/", {"approve": True}, format="json").status_code == 403
    reviewed = api(people["unit_hr"]).post(
        f"/api/training/external-hours/{pk}/review/", {"approve": True}, format="json"
    )
    assert reviewed.json()["status"] == "approved"
    assert TrainingCredit.objects.get().hours == D(30)
    assert ExternalHours.objects.get().cadre_id == own_cadre.pk
    assert created.json()["evidence_url"] == f"/training/external/{pk}/evidence/"


def test_score_via_api(people, finished_course):
    enrolment = finished_course
    assert (
        api(people["cadre"]).post(f"/api/training/enrolments/{enrolment.pk}/score/", {"score": "90"}).status_code == 403
    )
    response = api(people["unit_hr"]).post(f"/api/training/enrolments/{enrolment.pk}/score/", {"score": "101"})
    assert response.status_code == 400
    assert (
        api(people["unit_hr"])
        .post(f"/api/training/enrolments/{enrolment.pk}/score/", {"score": "92.5"})
        .json()["score"]
        == "92.5"
    )


@pytest.fixture
def finished_course(open_course, org_staff, own_cadre):
    enrolment = services.enrolment_create(actor=org_staff, course=open_course, cadre=own_cadre)
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.RUNNING)
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.FINISHED)
    return Enrolment.objects.get(pk=enrolment.pk)


# ---------------------------------------------------------------- query counts


def _grow(open_course, org_staff, county, n):
    open_course.capacity = 50
    open_course.save()
    for _ in range(n):
        cadre = CadreFactory(unit=county["township"])
        services.enrolment_create(actor=org_staff, course=open_course, cadre=cadre)
        services.external_hours_submit(
            actor=org_staff,
            cadre=cadre,
            data={
                "title": "x",
                "provider": "other",
                "start_date": datetime.date(2025, 1, 1),
                "end_date": datetime.date(2025, 1, 1),
                "hours": D(5),
            },
            evidence=SimpleUploadedFile("e.pdf", b"%PDF"),
        )
        CourseFactory()


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/training/courses/", 3),
        ("/api/training/enrolments/", 2),
        ("/api/training/attendance/", 2),
        ("/api/training/external-hours/", 2),
        ("/api/training/compliance/", 4),
    ],
)
@pytest.mark.parametrize("rows", [1, 6])
def test_api_list_query_counts_are_constant(
    people, open_course, org_staff, county, django_assert_num_queries, url, queries, rows
):
    _grow(open_course, org_staff, county, rows)
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.RUNNING)
    for enrolment in Enrolment.objects.filter(course=open_course):
        services.attendance_record(
            actor=org_staff,
            items=[
                services.AttendanceItem(enrolment=enrolment, session=open_course.sessions.first(), status="present")
            ],
        )
    client = api(people["unit_hr"])
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("audience_categories", "true", "面向人员类别无效。"),
        ("audience_categories", '["cadre"]', "面向人员类别无效。"),
        ("audience_levels", '["x"]', "面向领导职务层次无效。"),
        ("audience_levels", "[9]", "面向领导职务层次无效。"),
    ],
)
def test_course_with_a_bad_audience_list_is_400_and_nothing_written(people, db, field, value, message):
    payload = {
        "title": "新时代基层治理专题班",
        "kind": "lecture",
        "organizer": "县委组织部",
        "start_date": "2026-10-01",
        "end_date": "2026-10-01",
        "hours": "6",
        "capacity": 50,
        "enrol_opens": "2026-09-01",
        "enrol_closes": "2026-09-20",
        field: value,
    }

    response = api(people["org_staff"]).post("/api/training/courses/", payload, format="multipart")

    assert response.status_code == 400
    assert error_messages(response) == {field: [message]}
    assert not Course.objects.exists()


def test_compliance_of_a_cadre_id_that_is_not_a_number_is_404(people, db):
    assert api(people["org_staff"]).get("/api/training/compliance/null,null/").status_code == 404


@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        ("/api/training/courses/", {"year": "0.0"}, {"year": ["确保该值大于或等于1900。"]}),
        ("/api/training/external-hours/", {"year": "99999999999"}, {"year": ["确保该值小于或等于2100。"]}),
        ("/api/training/enrolments/", {"course": "-7.478602053237429e+286"}, {"course": ["确保该值大于或等于1。"]}),
    ],
)
def test_list_filter_out_of_range_is_400(people, db, url, query, expected):
    response = api(people["org_staff"]).get(url, query)

    assert response.status_code == 400
    assert error_messages(response) == expected


@pytest.mark.parametrize("url", ["/api/training/enrolments/", "/api/training/attendance/"])
def test_the_browsable_api_forms_name_no_cadre_outside_the_scope(people, org_staff, open_course, outside_cadre, url):
    """The browsable API's create form and filter form offer the scoped input (ids, scoped choices), never a
    choice list of every cadre or enrolment of the county."""
    services.enrolment_create(actor=org_staff, course=open_course, cadre=outside_cadre)
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.RUNNING)

    response = api(people["unit_hr"]).get(url, headers={"accept": "text/html"})

    assert response.status_code == 200
    assert outside_cadre.name not in response.content.decode()
