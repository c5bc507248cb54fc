"""Permission matrix and exact query counts of every training page."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import Workbook

from cadres.choices import CadreStatus
from tests.conftest import client_for
from tests.factories import CadreFactory
from tests.training.factories import CourseFactory
from training import services
from training.choices import CourseStatus, EnrolmentStatus
from training.forms import CourseForm
from training.models import Attendance, Course, Enrolment, ExternalHours
from training.sections import training_section_context


@pytest.fixture
def people(admin_user, org_staff, unit_hr, cadre_user):
    return {"anonymous": None, "cadre": cadre_user, "unit_hr": unit_hr, "org_staff": org_staff, "admin": admin_user}


@pytest.fixture
def finished(open_course, org_staff, own_cadre, other_cadre, outside_cadre):
    """A finished course all three cadres completed."""
    enrolments = {
        cadre.name: services.enrolment_create(actor=org_staff, course=open_course, cadre=cadre)
        for cadre in (own_cadre, other_cadre, outside_cadre)
    }
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.RUNNING)
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.FINISHED)
    return {name: Enrolment.objects.get(pk=e.pk) for name, e in enrolments.items()}


def _evidence_record(cadre, actor):
    return services.external_hours_submit(
        actor=actor,
        cadre=cadre,
        data={
            "title": "省委党校班",
            "provider": "provincial_party_school",
            "start_date": datetime.date(2025, 5, 1),
            "end_date": datetime.date(2025, 5, 10),
            "hours": D(60),
        },
        evidence=SimpleUploadedFile("e.pdf", b"%PDF evidence"),
    )


GET_MATRIX = [
    # (url name, needs course pk, expected per role: anonymous, cadre, unit_hr, org_staff, admin)
    # Staff-only and org-only pages answer 403 (one answer, accounts.policy); a record out of scope is 404.
    ("training:course_list", False, (302, 200, 200, 200, 200)),
    ("training:course_detail", True, (302, 200, 200, 200, 200)),
    ("training:course_create", False, (302, 403, 403, 200, 200)),
    ("training:course_edit", True, (302, 403, 403, 200, 200)),
    ("training:enrol_bulk", True, (302, 403, 200, 200, 200)),
    ("training:attendance_import", True, (302, 403, 200, 200, 200)),
    ("training:external_list", False, (302, 200, 200, 200, 200)),
    ("training:external_create", False, (302, 200, 200, 200, 200)),
    ("training:compliance_report", False, (302, 403, 200, 200, 200)),
    ("training:my_training", False, (302, 200, 404, 404, 404)),
    ("training:statistics", False, (302, 403, 200, 200, 200)),
]


@pytest.mark.parametrize(("name", "with_pk", "expected"), GET_MATRIX)
def test_get_permission_matrix(people, open_course, name, with_pk, expected):
    url = reverse(name, args=[open_course.pk] if with_pk else [])
    codes = tuple(client_for(people[role]).get(url).status_code for role in people)
    assert codes == expected


def test_draft_course_is_hidden_from_cadres(people, db):
    draft = CourseFactory(status=CourseStatus.DRAFT)
    url = reverse("training:course_detail", args=[draft.pk])
    assert client_for(people["cadre"]).get(url).status_code == 404
    assert client_for(people["unit_hr"]).get(url).status_code == 200


def test_certificate_own_in_scope_and_out_of_scope(people, finished):
    own, outside = finished["扎西"], finished["王建国"]
    own_url = reverse("training:certificate", args=[own.pk])
    outside_url = reverse("training:certificate", args=[outside.pk])
    assert client_for(people["cadre"]).get(own_url).status_code == 200
    assert client_for(people["cadre"]).get(outside_url).status_code == 404
    assert client_for(people["unit_hr"]).get(own_url).status_code == 200
    assert client_for(people["unit_hr"]).get(outside_url).status_code == 404
    response = client_for(people["org_staff"]).get(outside_url)
    assert "结业证书" in response.content.decode()
    assert "认定学时70.0学时" in response.content.decode()


def test_cadre_signs_up_and_withdraws_on_the_page(people, open_course, own_cadre):
    client = client_for(people["cadre"])
    response = client.post(reverse("training:sign_up", args=[open_course.pk]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(cadre=own_cadre)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    client.post(reverse("training:enrolment_withdraw", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


@pytest.mark.parametrize(
    "next_url", ["abc", "-1", "9999-99-99", "https://evil.example/", "//evil.example/", "长" * 5000]
)
def test_sign_up_and_withdraw_ignore_a_next_that_is_not_a_local_path(people, open_course, own_cadre, next_url):
    client = client_for(people["cadre"])
    detail = reverse("training:course_detail", args=[open_course.pk])
    response = client.post(reverse("training:sign_up", args=[open_course.pk]), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == detail
    enrolment = Enrolment.objects.get(cadre=own_cadre)
    response = client.post(reverse("training:enrolment_withdraw", args=[enrolment.pk]), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == detail
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_sign_up_returns_to_a_local_next_page(people, open_course):
    response = client_for(people["cadre"]).post(
        reverse("training:sign_up", args=[open_course.pk]), {"next": reverse("training:my_training")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("training:my_training")


@pytest.mark.parametrize(
    ("url_name", "params", "field", "message"),
    [
        ("training:course_list", {"year": "-1"}, "year", "确保该值大于或等于1900。"),
        ("training:course_list", {"year": "99999999999999999999"}, "year", "确保该值小于或等于2100。"),
        ("training:course_list", {"year": "99999999999999999999", "export": "xlsx"}, "year", None),
        ("training:external_list", {"year": "0"}, "year", "确保该值大于或等于1900。"),
        (
            "training:external_list",
            {"cadre": "99999999999999999999"},
            "cadre",
            "确保该值小于或等于9223372036854775807。",
        ),
        ("training:external_list", {"cadre": "-1"}, "cadre", "确保该值大于或等于1。"),
    ],
)
def test_an_out_of_range_year_or_id_filter_is_a_chinese_form_error(
    people, open_course, url_name, params, field, message
):
    response = client_for(people["org_staff"]).get(reverse(url_name), params)
    assert response.status_code == 200
    if message is None:  # the export of an invalid filter is an empty sheet
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return
    assert response.context["filter"].form.errors[field] == [message]
    assert message in response.content.decode()
    assert list(response.context["table"].page.object_list) == []


def test_cadre_cannot_withdraw_another_cadre(people, open_course, org_staff, other_cadre):
    enrolment = services.enrolment_create(actor=org_staff, course=open_course, cadre=other_cadre)
    response = client_for(people["cadre"]).post(reverse("training:enrolment_withdraw", args=[enrolment.pk]))
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_staff_without_cadre_cannot_use_sign_up(people, open_course):
    response = client_for(people["org_staff"]).post(reverse("training:sign_up", args=[open_course.pk]))
    assert response.status_code == 404
    assert Enrolment.objects.count() == 0


@pytest.mark.parametrize(("role", "expected"), [("cadre", 403), ("unit_hr", 403), ("org_staff", 302)])
def test_only_org_staff_change_course_status(people, open_course, role, expected):
    response = client_for(people[role]).post(
        reverse("training:course_transition", args=[open_course.pk]), {"target": "running"}
    )
    assert response.status_code == expected
    open_course.refresh_from_db()
    assert open_course.status == ("running" if expected == 302 else "open")


def test_the_course_form_offers_and_accepts_only_the_writers_units(county, unit_hr, org_staff):
    """Issue 14.6: the audience units the course form offers and accepts are the writer's (``unit_list``);
    a unit outside them is refused on the field, like any id that names no choice."""
    township, village, organ = county["township"], county["village"], county["organ"]

    offered = list(CourseForm(user=unit_hr).fields["audience_units"].queryset)
    form = CourseForm(data={"audience_units": [village.pk, organ.pk]}, user=unit_hr)

    assert offered == [township, village]
    assert len(CourseForm(user=org_staff).fields["audience_units"].queryset) == 4
    assert not form.is_valid()
    assert form.errors["audience_units"] == [f"选择一个有效的选项。 {organ.pk} 不在可用的选项中。"]


def test_unit_hr_enrols_by_id_number_only_in_scope(people, open_course, own_cadre, outside_cadre):
    client = client_for(people["unit_hr"])
    url = reverse("training:enrol_one", args=[open_course.pk])
    client.post(url, {"cadre": outside_cadre.pk})
    assert Enrolment.objects.count() == 0
    client.post(url, {"cadre": own_cadre.pk})
    assert list(Enrolment.objects.values_list("cadre_id", "seat")) == [(own_cadre.pk, 1)]


def test_bulk_enrol_from_cadre_list_filter_stays_in_scope(
    people, open_course, county, own_cadre, other_cadre, outside_cadre
):
    url = reverse("training:enrol_bulk", args=[open_course.pk]) + "?category=civil_servant"
    response = client_for(people["unit_hr"]).get(url)
    assert response.context["count"] == 2
    ticked = [own_cadre.pk, other_cadre.pk, outside_cadre.pk]  # a forged tick outside the scope enrols no one
    client_for(people["unit_hr"]).post(url, {"cadre": ticked})
    assert set(Enrolment.objects.values_list("cadre_id", flat=True)) == {own_cadre.pk, other_cadre.pk}
    assert client_for(people["cadre"]).post(url).status_code == 403


def test_bulk_enrol_lists_cadres_in_service_by_default_all_ticked_and_enrols_only_the_ticked(
    people, open_course, county, own_cadre, other_cadre
):
    retired = CadreFactory(name="格桑", unit=county["township"], status=CadreStatus.RETIRED)
    url = reverse("training:enrol_bulk", args=[open_course.pk]) + "?category=civil_servant"
    client = client_for(people["org_staff"])

    page = client.get(url)
    asked_for_all = client.get(url + "&status=")

    assert [cadre.name for cadre in page.context["listed"]] == ["扎西", "卓玛"]  # township before its village
    assert page.content.decode().count('name="cadre" value=') == 2
    assert "符合条件的在职干部共 2 人" in page.content.decode()
    assert retired in asked_for_all.context["listed"]
    client.post(url, {"cadre": [other_cadre.pk, retired.pk]})
    assert list(Enrolment.objects.values_list("cadre_id", flat=True)) == [other_cadre.pk]
    assert "请勾选要报名的干部。" in client.post(url, {}, follow=True).content.decode()


def test_the_compliance_report_counts_cadres_in_service_unless_asked(people, county, own_cadre, other_cadre):
    CadreFactory(name="格桑", unit=county["township"], status=CadreStatus.RETIRED)
    client = client_for(people["org_staff"])

    page = client.get(reverse("training:compliance_report"))
    every_status = client.get(reverse("training:compliance_report"), {"status": ""})
    api = client.get("/api/training/compliance/")

    assert page.context["report"].total == 2
    assert 'id="scope-in-service"' in page.content.decode()
    assert every_status.context["report"].total == 3
    assert [row["cadre"] for row in api.json()["results"]] == [own_cadre.pk, other_cadre.pk]


def test_session_attendance_page_marks_and_withdraws_over_one_seventh(
    people, open_course, org_staff, own_cadre, outside_cadre
):
    mine = services.enrolment_create(actor=org_staff, course=open_course, cadre=own_cadre)
    theirs = services.enrolment_create(actor=org_staff, course=open_course, cadre=outside_cadre)
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.RUNNING)
    sessions = list(open_course.sessions.all())
    client = client_for(people["unit_hr"])
    response = client.get(reverse("training:session_attendance", args=[sessions[0].pk]))
    assert [e.pk for e, _mark in response.context["rows"]] == [mine.pk]
    # the out-of-scope trainee's fields are ignored
    client.post(
        reverse("training:session_attendance", args=[sessions[0].pk]),
        {f"status_{mine.pk}": "absent", f"status_{theirs.pk}": "absent"},
    )
    client.post(
        reverse("training:session_attendance", args=[sessions[1].pk]),
        {f"status_{mine.pk}": "leave", f"leave_{mine.pk}": "4"},
    )
    mine.refresh_from_db()
    assert (mine.status, mine.leave_hours) == (EnrolmentStatus.DISMISSED, D(11))
    assert Attendance.objects.filter(enrolment=theirs).count() == 0


def _sheet(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["身份证号", "日期", "考勤", "请假学时", "备注"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return SimpleUploadedFile("考勤.xlsx", buffer.getvalue())


def test_attendance_import_reports_every_bad_row_and_writes_nothing(
    people, open_course, org_staff, own_cadre, other_cadre
):
    services.enrolment_create(actor=org_staff, course=open_course, cadre=own_cadre)
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.RUNNING)
    day = open_course.start_date
    file = _sheet(
        [
            [own_cadre.id_number, day, "请假", 2, ""],
            ["513329199001011234", day, "出勤", None, ""],
            [other_cadre.id_number, day, "出勤", None, ""],
            [own_cadre.id_number, day + datetime.timedelta(days=1), "迟到", None, ""],
            [own_cadre.id_number, day + datetime.timedelta(days=2), "请假", 8, ""],
        ]
    )
    response = client_for(people["org_staff"]).post(
        reverse("training:attendance_import", args=[open_course.pk]), {"file": file}
    )
    report = response.context["report"]
    assert [(e.row, e.column) for e in report.errors] == [(3, "身份证号"), (4, "身份证号"), (5, "考勤"), (6, "")]
    assert report.errors[3].message == "请假学时（8.0）超过该课次学时（7.0）。"
    assert Attendance.objects.count() == 0


def test_attendance_import_applies_all_rows(people, open_course, org_staff, own_cadre):
    services.enrolment_create(actor=org_staff, course=open_course, cadre=own_cadre)
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.RUNNING)
    day = open_course.start_date
    file = _sheet(
        [
            [own_cadre.id_number, day, "请假", 2, "因公"],
            [own_cadre.id_number, day + datetime.timedelta(days=1), "出勤", None, ""],
        ]
    )
    client = client_for(people["org_staff"])
    url = reverse("training:attendance_import", args=[open_course.pk])
    preview = client.post(url, {"file": file})
    changes = preview.context["report"].changes
    assert [(change.row, change.action) for change in changes] == [(2, "create"), (3, "create")]
    assert Attendance.objects.count() == 0

    applied = client.post(url, {"token": preview.context["pending"]["token"]})

    assert applied.status_code == 302
    assert sorted(Attendance.objects.values_list("status", "leave_hours")) == [("leave", D(2)), ("present", D(0))]


def test_external_hours_review_and_evidence_are_scoped(people, own_cadre, outside_cadre, org_staff):
    mine = _evidence_record(own_cadre, org_staff)
    outside = _evidence_record(outside_cadre, org_staff)
    cadre, hr = client_for(people["cadre"]), client_for(people["unit_hr"])
    assert cadre.get(reverse("training:external_evidence", args=[mine.pk])).status_code == 200
    assert cadre.get(reverse("training:external_evidence", args=[outside.pk])).status_code == 404
    assert cadre.post(reverse("training:external_review", args=[mine.pk]), {"approve": "1"}).status_code == 403
    assert hr.post(reverse("training:external_review", args=[outside.pk]), {"approve": "1"}).status_code == 404
    assert hr.post(reverse("training:external_review", args=[mine.pk]), {"approve": "1"}).status_code == 302
    assert dict(ExternalHours.objects.values_list("pk", "status")) == {mine.pk: "approved", outside.pk: "pending"}
    listed = client_for(people["cadre"]).get(reverse("training:external_list")).context["table"].data
    assert [record.pk for record in listed] == [mine.pk]


def test_cadre_submits_own_external_hours(people, own_cadre):
    response = client_for(people["cadre"]).post(
        reverse("training:external_create"),
        {
            "title": "网络学院专题",
            "provider": "online_platform",
            "start_date": "2025-03-01",
            "end_date": "2025-03-31",
            "hours": "50",
            "is_online": "on",
            "evidence": SimpleUploadedFile("e.pdf", b"%PDF"),
        },
    )
    assert response.status_code == 302
    assert list(ExternalHours.objects.values_list("cadre_id", "status", "is_online")) == [
        (own_cadre.pk, "pending", True)
    ]


def test_compliance_report_export_and_shortfalls(people, finished, own_cadre):
    client = client_for(people["unit_hr"])
    response = client.get(reverse("training:compliance_report"))
    assert response.context["report"].total == 2
    assert response.status_code == 200
    export = client.get(reverse("training:compliance_report") + "?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_my_training_shows_progress_and_certificate(people, finished):
    response = client_for(people["cadre"]).get(reverse("training:my_training"))
    html = response.content.decode()
    assert response.context["compliance"].current_year_hours in (D(70), D(0))
    assert reverse("training:certificate", args=[finished["扎西"].pk]) in html


def test_cadre_section_renders_with_constant_queries(rf, finished, own_cadre, django_assert_num_queries, cadre_user):
    request = rf.get("/")
    request.user = cadre_user
    with django_assert_num_queries(3):  # enrolments, credits, the cadre's last promotion
        context = training_section_context(request, own_cadre)
        html = render_to_string("training/_cadre_section.html", {"cadre": own_cadre, **context}, request=request)
    assert "教育培训" in html


# ---------------------------------------------------------------- query counts


def _courses(n):
    for _ in range(n):
        CourseFactory()


@pytest.mark.parametrize("extra", [0, 12])
def test_course_list_query_count_is_constant(people, open_course, django_assert_num_queries, extra):
    _courses(extra)
    client = client_for(people["org_staff"])
    with django_assert_num_queries(4):  # session, user, count, page: no per-row queries
        client.get(reverse("training:course_list"))


@pytest.mark.parametrize("trainees", [1, 8])
def test_course_detail_query_count_is_constant(
    people, open_course, org_staff, county, django_assert_num_queries, trainees
):
    for _ in range(trainees):
        services.enrolment_create(actor=org_staff, course=open_course, cadre=CadreFactory(unit=county["township"]))
    client = client_for(people["org_staff"])
    with django_assert_num_queries(5):
        client.get(reverse("training:course_detail", args=[open_course.pk]))


@pytest.mark.parametrize("cadres", [1, 10, 30])
def test_compliance_report_query_count_is_constant(people, county, django_assert_num_queries, cadres):
    for _ in range(cadres):
        CadreFactory(unit=county["township"])
    client = client_for(people["org_staff"])
    # session, user, the per-unit summary, the page's cadres, their credits and promotions, the unit filter's
    # choices; on PostgreSQL the summary runs in a savepoint that turns JIT off (SAVEPOINT, SET, RELEASE)
    expected = 7 + (3 if connection.vendor == "postgresql" else 0)
    with django_assert_num_queries(expected):
        page = client.get(reverse("training:compliance_report"))
    assert len(page.context["table"].page.object_list) == min(cadres + 1, 25)  # and the cadre user's own


@pytest.mark.parametrize("courses", [1, 6])
def test_my_training_query_count_is_constant(people, org_staff, own_cadre, today, django_assert_num_queries, courses):
    for _ in range(courses):
        course = CourseFactory(enrol_opens=today, enrol_closes=today)
        services.enrolment_create(actor=org_staff, course=course, cadre=own_cadre)
    client = client_for(people["cadre"])
    with django_assert_num_queries(9):
        client.get(reverse("training:my_training"))


@pytest.mark.parametrize("records", [1, 6])
def test_external_list_query_count_is_constant(people, own_cadre, org_staff, django_assert_num_queries, records):
    for _ in range(records):
        _evidence_record(own_cadre, org_staff)
    client = client_for(people["unit_hr"])
    with django_assert_num_queries(5):  # one of them: which cadre names the HR may open, for the whole page
        client.get(reverse("training:external_list"))


@pytest.mark.parametrize("extra", [0, 5])
def test_statistics_query_count_is_constant(people, finished, django_assert_num_queries, extra):
    _courses(extra)
    client = client_for(people["org_staff"])
    with django_assert_num_queries(6):
        client.get(reverse("training:statistics"))


def test_course_form_creates_a_draft_course_from_days(people, db):
    response = client_for(people["org_staff"]).post(
        reverse("training:course_create"),
        {
            "title": "乡科级干部脱产进修班",
            "kind": "party_school",
            "organizer": "县委组织部",
            "location": "县委党校",
            "start_date": "2026-09-01",
            "end_date": "2026-09-12",
            "hours": "",
            "days": "12",
            "is_day_based": "on",
            "capacity": "40",
            "enrol_opens": "2026-08-01",
            "enrol_closes": "2026-08-25",
            "audience_levels": ["1", "2"],
        },
    )
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.status, course.hours, course.audience_levels) == ("draft", D(72), [1, 2])


@pytest.mark.parametrize("unit_id", ["99999999999999999999", "-99999999999999999999"])
def test_course_form_with_an_impossible_audience_unit_rerenders_with_a_chinese_error(people, county, unit_id):
    response = client_for(people["org_staff"]).post(
        reverse("training:course_create"),
        {
            "title": "乡科级干部脱产进修班",
            "kind": "party_school",
            "start_date": "2026-09-01",
            "end_date": "2026-09-12",
            "days": "12",
            "capacity": "40",
            "enrol_opens": "2026-08-01",
            "enrol_closes": "2026-08-25",
            "audience_units": [str(county["organ"].pk), unit_id],
        },
    )
    assert response.status_code == 200
    message = f"选择一个有效的选项。 {unit_id} 不在可用的选项中。"
    assert response.context["form"].errors["audience_units"] == [message]
    assert Course.objects.count() == 0


@pytest.mark.parametrize(
    "model", ["course", "coursesession", "enrolment", "attendance", "externalhours", "trainingcredit"]
)
def test_admin_changelists_open_for_admin_only(people, finished, model):
    url = reverse(f"admin:training_{model}_changelist")
    assert client_for(people["admin"]).get(url).status_code == 200
    assert client_for(people["cadre"]).get(url).status_code == 302


def test_unknown_status_target_is_a_message_not_an_error(people, open_course):
    response = client_for(people["org_staff"]).post(
        reverse("training:course_transition", args=[open_course.pk]), {"target": "bogus"}, follow=True
    )
    assert "目标状态无效。" in response.content.decode()
    open_course.refresh_from_db()
    assert open_course.status == "open"


def test_attendance_on_an_open_course_is_refused_with_a_message(people, open_course, org_staff, own_cadre):
    enrolment = services.enrolment_create(actor=org_staff, course=open_course, cadre=own_cadre)
    session = open_course.sessions.first()
    response = client_for(people["org_staff"]).post(
        reverse("training:session_attendance", args=[session.pk]), {f"status_{enrolment.pk}": "present"}, follow=True
    )
    assert "培训班未在进行中，不能登记考勤。" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_all_present_marks_every_unmarked_trainee_present_and_keeps_the_marks_chosen(
    people, open_course, org_staff, own_cadre, other_cadre
):
    mine = services.enrolment_create(actor=org_staff, course=open_course, cadre=own_cadre)
    theirs = services.enrolment_create(actor=org_staff, course=open_course, cadre=other_cadre)
    services.course_transition(actor=org_staff, course=open_course, target=CourseStatus.RUNNING)
    session = open_course.sessions.order_by("date").first()
    url = reverse("training:session_attendance", args=[session.pk])

    response = client_for(people["org_staff"]).post(
        url, {"all_present": "1", f"status_{theirs.pk}": "leave", f"leave_{theirs.pk}": "2"}
    )

    assert response.status_code == 302
    assert sorted(Attendance.objects.values_list("enrolment_id", "status", "leave_hours")) == sorted(
        [(mine.pk, "present", D(0)), (theirs.pk, "leave", D(2))]
    )


def test_a_unit_hr_users_own_training_shows_though_his_unit_is_outside_those_he_manages(
    unit_hr, outside_cadre, finished
):
    """One's own record is one's to read (cadres.selectors.own_cadre_get): this page was a 500 for a unit HR
    user whose own unit lies outside the units he or she manages, and listed every enrolment of those units."""
    unit_hr.cadre = outside_cadre
    unit_hr.save()

    response = client_for(unit_hr).get(reverse("training:my_training"))

    assert response.status_code == 200
    assert response.context["cadre"] == outside_cadre
    assert [enrolment.cadre for enrolment in response.context["enrolments"]] == [outside_cadre]
    assert reverse("training:certificate", args=[finished[outside_cadre.name].pk]) in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "OPEN_DAY", "title": "专题", "hours": "0"}, "课次信息有误：课次学时须大于0。"),
        ({"date": "", "title": "专题", "hours": "3"}, "课次信息有误：日期：该字段是必填项。"),
    ],
)
def test_a_refused_session_says_why_in_words_and_names_the_field(open_course, org_staff, data, message):
    """Not the constraint's name ("约束 “session_hours_positive” 是无效的"), not a message without its field."""
    data = {**data, "date": str(open_course.start_date) if data["date"] == "OPEN_DAY" else ""}
    sessions = open_course.sessions.count()

    response = client_for(org_staff).post(reverse("training:session_create", args=[open_course.pk]), data, follow=True)

    assert [str(m) for m in response.context["messages"]] == [message]
    assert open_course.sessions.count() == sessions


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "abc"])
def test_bulk_enrol_with_a_ticked_id_that_is_no_number_is_told_to_tick_one_and_enrols_no_one(
    people, open_course, county, own_cadre, value
):
    url = reverse("training:enrol_bulk", args=[open_course.pk]) + "?category=civil_servant"

    response = client_for(people["org_staff"]).post(url, {"cadre": [value]}, follow=True)

    assert response.status_code == 200
    assert "请勾选要报名的干部。" in response.content.decode()
    assert not Enrolment.objects.exists()
