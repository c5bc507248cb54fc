"""Online study (domain-rules §6; issue 11 items 7 and 8): it is credited by its hours, never as days of
off-the-job training, everywhere a record is entered; and the 50-hour online self-study minimum is
reported in the compliance report and its Excel export, as its own columns and filter."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.pages import column_choices
from tests.api import error_messages
from tests.conftest import client_for
from tests.factories import CadreFactory
from tests.sheets import exported_table
from training import services
from training.choices import CourseKind
from training.models import Course, ExternalHours, TrainingCredit
from training.tables import ComplianceTable

DAY = datetime.date


def evidence():
    return SimpleUploadedFile("证书.pdf", b"%PDF-1.4 certificate", content_type="application/pdf")


def online_record(**extra):
    # issue 11 item 7: an online record with 30 hours and 12 days
    return {
        "title": "网络学院专题",
        "provider": "other",
        "start_date": DAY(2025, 3, 1),
        "end_date": DAY(2025, 3, 31),
        "hours": D(30),
        "days": D(12),
        "is_online": True,
        **extra,
    }


ONLINE_DAYS = "网络自学按学时认定，不计脱产培训天数，请不要填写天数。"


# ---------------------------------------------------------------- item 7: never days


def test_service_refuses_days_on_an_online_record(org_staff, own_cadre):
    # §6: only day-based off-the-job courses count toward the day threshold
    with pytest.raises(ValidationError) as error:
        services.external_hours_submit(actor=org_staff, cadre=own_cadre, data=online_record(), evidence=evidence())
    assert error.value.message_dict == {"days": [ONLINE_DAYS]}
    assert ExternalHours.objects.count() == 0


def test_an_online_platform_is_online(org_staff, own_cadre):
    with pytest.raises(ValidationError) as error:
        services.external_hours_submit(
            actor=org_staff,
            cadre=own_cadre,
            data=online_record(provider="online_platform", is_online=False, days=D(0)),
            evidence=evidence(),
        )
    assert error.value.message_dict == {"is_online": ["网络学习平台的学时属于网络自学，请勾选“网络自学”。"]}


def test_form_refuses_days_on_an_online_record_with_a_field_error(org_staff, own_cadre):
    response = client_for(org_staff).post(
        reverse("training:external_create"),
        {
            "cadre": own_cadre.pk,
            "title": "网络学院专题",
            "provider": "other",
            "start_date": "2025-03-01",
            "end_date": "2025-03-31",
            "hours": "30",
            "days": "12",
            "is_online": "on",
            "evidence": evidence(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"days": [ONLINE_DAYS]}
    assert ExternalHours.objects.count() == 0


def test_api_refuses_days_on_an_online_record(as_user, org_staff, own_cadre):
    response = as_user(org_staff).post(
        "/api/training/external-hours/",
        {
            "cadre": own_cadre.pk,
            "title": "网络学院专题",
            "provider": "other",
            "start_date": "2025-03-01",
            "end_date": "2025-03-31",
            "hours": "30",
            "days": "12",
            "is_online": "true",
            "evidence": evidence(),
        },
    )
    assert response.status_code == 400
    assert error_messages(response) == {"days": [ONLINE_DAYS]}
    assert ExternalHours.objects.count() == 0


def test_an_approved_online_record_never_makes_a_cadre_compliant_by_days(org_staff, unit_hr, own_cadre):
    # issue 11 item 7: 30 online hours → 30 hours credited, 0 days; 2025 is not met (90 h or 12 days)
    record = services.external_hours_submit(
        actor=org_staff, cadre=own_cadre, data=online_record(days=D(0)), evidence=evidence()
    )
    services.external_hours_review(actor=unit_hr, record=record, approve=True, note="")
    credit = TrainingCredit.objects.get()
    assert (credit.hours, credit.days, credit.online_hours) == (D(30), D(0), D(30))
    from training import selectors

    result = selectors.compliance_for_cadre(cadre=own_cadre, on_date=DAY(2025, 12, 31))
    assert (result.compliant, result.earned_days, result.online_hours) == (False, D(0), D(30))


def test_the_ledger_refuses_online_days(own_cadre):
    record = ExternalHours.objects.create(
        cadre=own_cadre,
        title="x",
        provider="other",
        start_date=DAY(2025, 3, 1),
        end_date=DAY(2025, 3, 1),
        hours=D(30),
        evidence="a.pdf",
        status="approved",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingCredit.objects.create(
            cadre=own_cadre,
            earned_on=DAY(2025, 3, 1),
            year=2025,
            hours=D(30),
            days=D(12),
            online_hours=D(30),
            source="external",
            external=record,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalHours.objects.filter(pk=record.pk).update(is_online=True, days=D(12))


def test_an_online_course_is_not_day_based(org_staff, today):
    data = {
        "title": "网络专题班",
        "kind": CourseKind.ONLINE,
        "organizer": "县委组织部",
        "start_date": today,
        "end_date": today,
        "hours": D(20),
        "days": D(3),
        "is_day_based": True,
        "capacity": 50,
        "enrol_opens": today,
        "enrol_closes": today,
    }
    with pytest.raises(ValidationError) as error:
        services.course_create(actor=org_staff, data=data)
    assert error.value.message_dict == {"is_day_based": ["网络培训按学时认定，不是按天脱产培训，不计脱产天数。"]}
    response = client_for(org_staff).post(
        reverse("training:course_create"),
        {
            **data,
            "start_date": today,
            "end_date": today,
            "enrol_opens": today,
            "enrol_closes": today,
            "is_day_based": "on",
        },
    )
    assert response.context["form"].errors["is_day_based"] == ["网络培训按学时认定，不是按天脱产培训，不计脱产天数。"]
    assert Course.objects.count() == 0


# ---------------------------------------------------------------- item 8: the online minimum in the report


@pytest.fixture
def online_and_not(org_staff, unit_hr, county):
    """Two township cadres with 2025 online study: 50 hours (meets the minimum) and 20 hours (short)."""
    met = CadreFactory(name="达瓦", unit=county["township"])
    short = CadreFactory(name="次仁", unit=county["township"])
    for cadre, hours in ((met, 50), (short, 20)):
        record = services.external_hours_submit(
            actor=org_staff,
            cadre=cadre,
            data=online_record(hours=D(hours), days=D(0), end_date=DAY(2025, 6, 30)),
            evidence=evidence(),
        )
        services.external_hours_review(actor=org_staff, record=record, approve=True, note="")
    return {"met": met, "short": short}


def test_compliance_report_filters_by_the_online_minimum(org_staff, online_and_not):
    # §6 (S): at least 50 学时 of online self-study a year
    client = client_for(org_staff)
    url = reverse("training:compliance_report")
    everyone = client.get(url, {"year": "2025"})
    assert everyone.context["report"].online_short == 1
    short = client.get(url, {"year": "2025", "online": "not_met"})
    listed = {row.name for row in short.context["table"].data}
    assert listed == {"次仁"}
    html = short.content.decode()
    assert "网络自学未达到最低学时" in html
    assert '<span class="badge text-bg-warning">不足</span>' in html
    assert [(row.result.online_hours, row.result.online_required) for row in short.context["table"].data] == [(20, 50)]
    met = client.get(url, {"year": "2025", "online": "met", "listing": "all"})
    assert [(row.unit_name, row.cadres) for row in met.context["report"].units] == [("如龙镇", 1)]
    assert [(row.name, row.unit_name) for row in met.context["table"].data] == [("达瓦", "如龙镇")]


def test_compliance_export_has_the_online_minimum_columns(org_staff, online_and_not):
    every_column = [name for name, _header, _shown in column_choices(ComplianceTable([]))]
    everyone = {"year": "2025", "listing": "all", "cols": every_column, "export": "xlsx"}
    response = client_for(org_staff).get(reverse("training:compliance_report"), everyone)
    header, rows = exported_table(response.content)
    assert header[12:15] == ["网络自学学时", "网络自学要求学时", "网络自学是否达标"]
    by_name = {row[1]: row[12:15] for row in rows}
    assert by_name["达瓦"] == [50, 50, "是"]
    assert by_name["次仁"] == [20, 50, "否"]
    filtered = client_for(org_staff).get(
        reverse("training:compliance_report"), {"year": "2025", "online": "not_met", "export": "xlsx"}
    )
    assert [row[1] for row in exported_table(filtered.content)[1]] == ["次仁"]
