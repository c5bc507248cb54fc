"""The care REST API: the permission matrix for every endpoint, exact query counts that do not grow with the
rows, and bad input answered 400 in Chinese with nothing changed."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from care.models import Building, Flat, HealthCheck, InspectionItem, LeaveRecord, PayRecord, Tenancy
from tests.api import error_messages
from tests.care.factories import (
    FlatFactory,
    HealthCheckFactory,
    HousingApplicationFactory,
    InspectionItemFactory,
    LeaveRecordFactory,
    PayRecordFactory,
    TenancyFactory,
)
from tests.factories import CadreFactory

D = datetime.date

PERSONAL = {
    "housing-applications": HousingApplicationFactory,
    "tenancies": TenancyFactory,
    "health-checks": HealthCheckFactory,
    "leave-records": LeaveRecordFactory,
    "pay-records": PayRecordFactory,
}
STAFF_ONLY = ["buildings", "flats", "inspection-items"]
ALL = [*PERSONAL, *STAFF_ONLY]


def api_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def make(endpoint: str, cadre, building):
    factory = PERSONAL[endpoint]
    if endpoint == "tenancies":
        return factory(cadre=cadre, flat=FlatFactory(building=building))
    return factory(cadre=cadre)


@pytest.mark.parametrize("endpoint", ALL)
def test_anonymous_gets_401(db, endpoint):
    assert APIClient().get(f"/api/care/{endpoint}/").status_code == 401


@pytest.mark.parametrize("endpoint", STAFF_ONLY)
def test_cadre_gets_403_on_staff_endpoints(cadre_user, endpoint):
    assert api_for(cadre_user).get(f"/api/care/{endpoint}/").status_code == 403


@pytest.mark.parametrize("endpoint", list(PERSONAL))
def test_cadre_lists_only_own_records_and_gets_404_for_others(cadre_user, own_cadre, other_cadre, building, endpoint):
    own = make(endpoint, own_cadre, building)
    other = make(endpoint, other_cadre, building)
    client = api_for(cadre_user)

    response = client.get(f"/api/care/{endpoint}/")

    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    assert client.get(f"/api/care/{endpoint}/{own.pk}/").status_code == 200
    assert client.get(f"/api/care/{endpoint}/{other.pk}/").status_code == 404


@pytest.mark.parametrize("endpoint", list(PERSONAL))
def test_unit_hr_sees_scope_only(unit_hr, own_cadre, outside_cadre, building, endpoint):
    inside = make(endpoint, own_cadre, building)
    outside = make(endpoint, outside_cadre, building)
    client = api_for(unit_hr)

    assert [row["id"] for row in client.get(f"/api/care/{endpoint}/").json()["results"]] == [inside.pk]
    assert client.get(f"/api/care/{endpoint}/{outside.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["org_staff", "admin_user"])
@pytest.mark.parametrize("endpoint", list(PERSONAL))
def test_org_staff_and_admin_see_everyone(request, own_cadre, outside_cadre, building, endpoint, who):
    records = {make(endpoint, own_cadre, building).pk, make(endpoint, outside_cadre, building).pk}

    response = api_for(request.getfixturevalue(who)).get(f"/api/care/{endpoint}/")

    assert {row["id"] for row in response.json()["results"]} == records


def test_unit_hr_sees_only_buildings_and_flats_in_scope(unit_hr, building, organ_building):
    FlatFactory(building=building)
    organ_flat = FlatFactory(building=organ_building)
    client = api_for(unit_hr)

    assert [row["id"] for row in client.get("/api/care/buildings/").json()["results"]] == [building.pk]
    assert client.get(f"/api/care/flats/{organ_flat.pk}/").status_code == 404


def test_cadre_cannot_write_own_records(cadre_user, own_cadre, flat):
    client = api_for(cadre_user)

    response = client.post(
        "/api/care/leave-records/",
        {"cadre": own_cadre.pk, "kind": "sick", "start_date": "2024-04-01", "end_date": "2024-04-01", "days": 1},
        format="json",
    )

    assert response.status_code == 403
    assert client.post("/api/care/tenancies/", {}, format="json").status_code == 403
    assert not LeaveRecord.objects.exists()


def test_unit_hr_allocates_and_moves_out(unit_hr, own_cadre, flat):
    client = api_for(unit_hr)

    created = client.post(
        "/api/care/tenancies/", {"flat": flat.pk, "cadre": own_cadre.pk, "start_date": "2024-06-01"}, format="json"
    )
    ended = client.post(f"/api/care/tenancies/{created.json()['id']}/end/", {"end_date": "2024-12-01"}, format="json")

    assert created.status_code == 201
    assert ended.json()["end_date"] == "2024-12-01"


def test_second_tenant_is_400_and_nothing_changes(unit_hr, own_cadre, other_cadre, flat):
    TenancyFactory(flat=flat, cadre=own_cadre, start_date=D(2024, 1, 1))

    response = api_for(unit_hr).post(
        "/api/care/tenancies/", {"flat": flat.pk, "cadre": other_cadre.pk, "start_date": "2024-06-01"}, format="json"
    )

    assert response.status_code == 400
    assert error_messages(response) == {"flat": ["该住房已有在住人员，不能重复分配。"]}
    assert Tenancy.objects.count() == 1


def test_unit_hr_cannot_refer_to_an_out_of_scope_cadre(unit_hr, outside_cadre):
    response = api_for(unit_hr).post(
        "/api/care/health-checks/", {"cadre": outside_cadre.pk, "year": 2024, "done": False}, format="json"
    )

    assert response.status_code == 400
    assert list(error_messages(response)) == ["cadre"]
    assert not HealthCheck.objects.exists()


def test_leave_beyond_balance_is_400_and_nothing_written(settings, unit_hr, own_cadre):
    settings.CARE_LEAVE_LEDGER_START_YEAR = 2024
    payload = {
        "cadre": own_cadre.pk,
        "kind": "annual",
        "start_date": "2024-04-01",
        "end_date": "2024-04-30",
        "days": 16,
    }

    response = api_for(unit_hr).post("/api/care/leave-records/", payload, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"days": ["年休假天数超出可休余额：2024年可休15天，已休0天，剩余15天。"]}
    assert not LeaveRecord.objects.exists()


def test_negative_pay_is_400_and_nothing_written(unit_hr, own_cadre):
    payload = {"cadre": own_cadre.pk, "month": "2024-05-01", "base_pay": "-1.00", "township_allowance": "0"}

    response = api_for(unit_hr).post("/api/care/pay-records/", payload, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"base_pay": ["金额不能为负数。"]}
    assert not PayRecord.objects.exists()


def test_leave_summary_for_self_and_404_for_others(settings, cadre_user, own_cadre, other_cadre):
    settings.CARE_LEAVE_LEDGER_START_YEAR = 2024
    LeaveRecordFactory(cadre=own_cadre, days=3)
    client = api_for(cadre_user)

    response = client.get("/api/care/leave-records/summary/?year=2024")

    assert response.json() == {
        "cadre": own_cadre.pk,
        "year": 2024,
        "service_years": 21,
        "entitlement": 15,
        "reason": "累计工作21年，年休假15天（条例第三条）",
        "carried_in": 0,
        "taken": 3,
        "balance": 12,
    }
    assert client.get(f"/api/care/leave-records/summary/?cadre={other_cadre.pk}").status_code == 404


def test_only_org_staff_merge_inspection_items(org_staff, unit_hr):
    item, into = InspectionItemFactory(year=2020), InspectionItemFactory(year=2020)
    payload = {"merged_into": into.pk, "reason": "重复"}

    assert api_for(unit_hr).post(f"/api/care/inspection-items/{item.pk}/merge/", payload).status_code == 403
    assert InspectionItem.objects.get(pk=item.pk).status == "active"
    response = api_for(org_staff).post(f"/api/care/inspection-items/{item.pk}/merge/", payload)
    assert (response.status_code, response.json()["status"]) == (200, "merged")
    counts = api_for(unit_hr).get("/api/care/inspection-items/counts/").json()
    assert counts == [{"year": 2020, "total": 2, "active": 1, "merged": 1, "retired": 0}]


# ---------------------------------------------------------------- query counts


def _grow(county, building, n):
    for _ in range(n):
        cadre = CadreFactory(unit=county["township"])
        for endpoint in PERSONAL:
            make(endpoint, cadre, building)
        InspectionItemFactory()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("endpoint", ALL)
def test_api_list_takes_two_queries_however_many_rows(county, building, org_staff, endpoint):
    """force_authenticate: no session or user query; one count, one page of pre-joined rows."""
    client = api_for(org_staff)
    _grow(county, building, 2)
    few = _count(client, f"/api/care/{endpoint}/")
    _grow(county, building, 10)
    many = _count(client, f"/api/care/{endpoint}/")

    assert (few, many) == (2, 2)


def test_pay_amounts_are_exact_decimals(org_staff, own_cadre):
    PayRecordFactory(cadre=own_cadre, base_pay=Decimal("5123.45"))

    row = api_for(org_staff).get("/api/care/pay-records/").json()["results"][0]

    assert (row["base_pay"], row["township_allowance"]) == ("5123.45", "0.00")


def test_flat_patched_to_no_rooms_is_400_and_nothing_changes(unit_hr, flat):
    rooms = flat.rooms

    response = api_for(unit_hr).patch(f"/api/care/flats/{flat.pk}/", {"rooms": 0}, format="multipart")

    assert response.status_code == 400
    assert error_messages(response) == {"rooms": ["居室数至少为1。"]}
    assert Flat.objects.get(pk=flat.pk).rooms == rooms


def test_second_building_of_the_same_name_is_400_and_nothing_written(unit_hr, building):
    response = api_for(unit_hr).post(
        "/api/care/buildings/", {"unit": building.unit_id, "name": building.name}, format="json"
    )

    assert response.status_code == 400
    assert error_messages(response) == {"name": ["该单位已有同名楼栋。"]}
    assert Building.objects.count() == 1


@pytest.mark.parametrize("cadre", ["²", "٣"])
def test_the_leave_summary_answers_a_cadre_that_is_no_number_with_a_400(as_user, org_staff, db, cadre):
    response = as_user(org_staff).get("/api/care/leave-records/summary/", {"cadre": cadre})

    assert response.status_code == 400
    assert [error["message"] for error in response.json()["fields"]["cadre"]] == ["请指定干部。"]
