"""录用 (hire): a new civil servant's entry, with the 录用试用期 of domain-rules §2 (art. 25), recorded through
the service, the page, the API and the cadre import."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from cadres.imports import cadres_import
from careers import services
from careers.choices import AppointmentKind, ProbationOutcome
from careers.models import Appointment
from tests.cadres.test_imports import cadre_row, errors_of, workbook_file
from tests.careers.test_services import refused
from tests.factories import CadreFactory

D = datetime.date


@pytest.fixture
def new_hire(county):
    return CadreFactory(name="新录用甲", unit=county["organ"], work_start_date=D(2025, 7, 1), post_title="")


def hire(unit, **extra):
    return {
        "kind": AppointmentKind.HIRE,
        "post_title": "一级科员",
        "unit": unit,
        "effective_date": D(2025, 7, 1),
        "approving_body": "新龙县公务员主管部门",
        "document_number": "新人社〔2025〕8号",
        **extra,
    }


def test_a_hire_on_2025_07_01_starts_a_probation_to_2026_06_30_and_takes_the_post(org_staff, new_hire, county):
    appointment = services.appointment_create(actor=org_staff, cadre=new_hire, data=hire(county["organ"]))

    assert (appointment.kind, appointment.probation_end, appointment.probation_outcome) == (
        AppointmentKind.HIRE,
        D(2026, 6, 30),
        ProbationOutcome.PENDING,
    )
    new_hire.refresh_from_db()
    assert (new_hire.post_title, new_hire.post_date, new_hire.leadership_level) == ("一级科员", D(2025, 7, 1), None)


@override_settings(CAREERS_HIRE_PROBATION_MONTHS=6)
def test_the_hire_probation_length_is_a_setting(org_staff, new_hire, county):
    appointment = services.appointment_create(actor=org_staff, cadre=new_hire, data=hire(county["organ"]))
    assert appointment.probation_end == D(2025, 12, 31)


def test_a_hire_into_a_leadership_level_is_refused(org_staff, new_hire, county):
    refused(
        lambda: services.appointment_create(
            actor=org_staff, cadre=new_hire, data=hire(county["organ"], leadership_level=1)
        ),
        "leadership_level",
        "录用的是非领导职务，请不要填写领导职务层次。",
        new_hire,
    )


def test_a_second_hire_of_the_same_cadre_is_refused_naming_the_first(org_staff, new_hire, county):
    services.appointment_create(actor=org_staff, cadre=new_hire, data=hire(county["organ"]))
    refused(
        lambda: services.appointment_create(
            actor=org_staff,
            cadre=new_hire,
            data=hire(county["organ"], effective_date=D(2025, 9, 1), document_number="新人社〔2025〕9号"),
        ),
        "kind",
        "该干部已有录用记录（2025-07-01），不能重复录用。",
        new_hire,
    )


def test_a_hire_probation_is_concluded_like_a_promotions(org_staff, new_hire, county):
    appointment = services.appointment_create(actor=org_staff, cadre=new_hire, data=hire(county["organ"]))
    services.appointment_probation_conclude(
        actor=org_staff, appointment=appointment, outcome=ProbationOutcome.CONFIRMED, concluded_on=D(2026, 6, 30)
    )
    appointment.refresh_from_db()
    assert (appointment.probation_outcome, appointment.probation_concluded_on) == (
        ProbationOutcome.CONFIRMED,
        D(2026, 6, 30),
    )


def test_the_appointment_page_records_a_hire(as_user, org_staff, new_hire, county):
    url = reverse("careers:appointment_create", args=[new_hire.pk])
    assert "录用" in as_user(org_staff).get(url).content.decode()
    response = as_user(org_staff).post(
        url,
        {
            "kind": "hire",
            "post_title": "一级科员",
            "unit": county["organ"].pk,
            "effective_date": "2025-07-01",
            "approving_body": "新龙县公务员主管部门",
            "document_number": "新人社〔2025〕8号",
        },
    )
    assert response.status_code == 302
    assert Appointment.objects.get(cadre=new_hire).probation_end == D(2026, 6, 30)


def test_the_api_records_a_hire_and_returns_its_probation_end(as_user, org_staff, new_hire, county):
    body = hire(county["organ"].pk, effective_date="2025-07-01") | {"cadre": new_hire.pk}
    response = as_user(org_staff).post("/api/careers/appointments/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert (response.json()["kind"], response.json()["probation_end"]) == ("hire", "2026-06-30")


def test_the_api_refuses_a_hire_into_a_leadership_level_with_a_field_error(as_user, org_staff, new_hire, county):
    body = hire(county["organ"].pk, effective_date="2025-07-01", leadership_level=1) | {"cadre": new_hire.pk}
    response = as_user(org_staff).post("/api/careers/appointments/", body, content_type="application/json")
    assert response.status_code == 400
    assert "leadership_level" in str(response.json())
    assert not Appointment.objects.exists()


# ---------------------------------------------------------------- the cadre import's 录用 columns

HIRE_HEADERS = ["录用时间", "录用批准机关", "录用文号"]


def hire_file(rows):
    from tests.cadres.test_imports import CADRE_HEADERS

    headers = CADRE_HEADERS + HIRE_HEADERS
    return workbook_file(headers, [[row.get(header) for header in headers] for row in rows])


def hired_row(index, **overrides):
    return cadre_row(
        index,
        **{"参加工作时间": "2025-07-01", "现任职务": "一级科员", "任现职时间": "2025-07-01", "职级": "一级科员"}
        | {"任现职级时间": "2025-07-01", "录用时间": "2025-07-01", "录用批准机关": "新龙县公务员主管部门"}
        | {"录用文号": "新人社〔2025〕8号"}
        | overrides,
    )


def test_the_import_records_a_new_cadres_hire_with_its_probation(county, org_staff):
    report = cadres_import(actor=org_staff, file_obj=hire_file([hired_row(1)]), dry_run=False)

    assert (report.created, errors_of(report)) == (1, [])
    appointment = Appointment.objects.get()
    assert (appointment.kind, appointment.effective_date, appointment.probation_end, appointment.post_title) == (
        AppointmentKind.HIRE,
        D(2025, 7, 1),
        D(2026, 6, 30),
        "一级科员",
    )
    assert appointment.history.first().history_change_reason == "Excel导入"


def test_an_import_hire_without_its_document_number_names_the_row_and_writes_nothing(county, org_staff):
    from cadres.models import Cadre

    report = cadres_import(
        actor=org_staff, file_obj=hire_file([hired_row(1), hired_row(2, 录用文号="")]), dry_run=False
    )

    assert errors_of(report) == [(3, "录用文号", "填写了录用时间，此项必须填写。")]
    assert (Cadre.objects.count(), Appointment.objects.count()) == (0, 0)


def test_the_import_does_not_change_an_existing_cadres_hire(county, org_staff):
    cadres_import(actor=org_staff, file_obj=hire_file([hired_row(1)]), dry_run=False)

    same = cadres_import(actor=org_staff, file_obj=hire_file([hired_row(1)]), dry_run=False)
    moved = cadres_import(actor=org_staff, file_obj=hire_file([hired_row(1, 录用时间="2025-08-01")]), dry_run=False)

    assert (same.unchanged, errors_of(same)) == (1, [])
    assert errors_of(moved) == [
        (2, "录用时间", "已有干部的录用记录（2025-07-01）请在其“任免记录”中录入或更正，不能由导入修改。")
    ]
    assert Appointment.objects.get().effective_date == D(2025, 7, 1)
