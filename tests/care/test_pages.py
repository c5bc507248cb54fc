"""The care pages: the permission matrix for every page, exact query counts that do not grow with the rows,
Excel exports, and forms that refuse bad input with a Chinese message and change nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from care.choices import InspectionStatus, LeaveKind
from care.models import InspectionItem, LeaveRecord, PayRecord, Tenancy
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
from tests.sheets import exported_table

D = datetime.date

STAFF_PAGES = [
    "/care/housing/",
    "/care/housing/flats/",
    "/care/housing/flats/new/",
    "/care/housing/buildings/new/",
    "/care/housing/applications/",
    "/care/housing/applications/?view=waiting",
    "/care/housing/applications/new/",
    "/care/housing/tenancies/",
    "/care/housing/tenancies/new/",
    "/care/health-checks/",
    "/care/health-checks/due/",
    "/care/health-checks/new/",
    "/care/leave/",
    "/care/leave/new/",
    "/care/leave/none-taken/",
    "/care/pay/",
    "/care/pay/new/",
    "/care/pay/township-report/",
    "/care/inspections/",
]
EXPORTS = [
    "/care/housing/?export=xlsx",
    "/care/housing/flats/?export=xlsx",
    "/care/housing/applications/?export=xlsx",
    "/care/housing/tenancies/?export=xlsx",
    "/care/health-checks/?export=xlsx",
    "/care/health-checks/due/?year=2024&export=xlsx",
    "/care/leave/?export=xlsx",
    "/care/leave/none-taken/?year=2024&export=xlsx",
    "/care/pay/?export=xlsx",
    "/care/pay/township-report/?month=2024-05&export=xlsx",
    "/care/inspections/?export=xlsx",
    "/care/inspections/counts/export/",
]


@pytest.fixture
def care_data(county, own_cadre, other_cadre, outside_cadre, flat):
    TenancyFactory(flat=flat, cadre=own_cadre, start_date=D(2024, 1, 1))
    HousingApplicationFactory(cadre=other_cadre, status="waiting", priority_score=40)
    HealthCheckFactory(cadre=own_cadre, year=2024)
    LeaveRecordFactory(cadre=own_cadre)
    PayRecordFactory(cadre=own_cadre, month=D(2024, 5, 1), base_pay=Decimal("5000"))
    PayRecordFactory(cadre=outside_cadre, month=D(2024, 5, 1), base_pay=Decimal("5000"))
    InspectionItemFactory(year=2020)


@pytest.mark.parametrize("url", [*STAFF_PAGES, "/care/me/"])
def test_anonymous_is_sent_to_login(db, as_user, url):
    response = as_user(None).get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", STAFF_PAGES + EXPORTS)
def test_cadre_gets_403_on_staff_pages(cadre_user, as_user, url):
    assert as_user(cadre_user).get(url).status_code == 403


@pytest.mark.parametrize("who", ["admin_user", "org_staff", "unit_hr"])
@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_open_every_page(request, care_data, as_user, who, url):
    response = as_user(request.getfixturevalue(who)).get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("url", EXPORTS)
def test_every_report_exports_to_excel(care_data, org_staff, as_user, url):
    response = as_user(org_staff).get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row >= 1


def test_occupancy_export_has_the_buildings_figures(care_data, org_staff, as_user):
    response = as_user(org_staff).get("/care/housing/?export=xlsx")

    header, rows = exported_table(response.content)
    assert [header, *rows] == [
        ["序号", "楼栋", "所在乡镇/单位", "住房套数", "在住", "空置可分配", "维修中", "已停用", "入住率（%）"],
        [1, "如龙镇周转房1号楼", "如龙镇", 1, 1, 0, 0, 0, 100],
    ]


def test_tenancy_list_is_scoped_for_unit_hr(care_data, unit_hr, outside_cadre, organ_building, as_user):
    TenancyFactory(flat=FlatFactory(building=organ_building), cadre=outside_cadre, start_date=D(2024, 1, 1))

    response = as_user(unit_hr).get("/care/housing/tenancies/?export=xlsx")

    _header, rows = exported_table(response.content)
    assert [row[1] for row in rows] == ["扎西"]


def test_township_pay_report_names_those_below_with_the_gap(county, own_cadre, org_staff, as_user):
    PayRecordFactory(cadre=CadreFactory(unit=county["organ"]), month=D(2024, 5, 1), base_pay=Decimal("5000"))
    PayRecordFactory(cadre=own_cadre, month=D(2024, 5, 1), base_pay=Decimal("5000"), township_allowance=Decimal("600"))

    response = as_user(org_staff).get("/care/pay/township-report/?month=2024-05&export=xlsx")

    _header, rows = exported_table(response.content)
    assert [(row[1], row[-1]) for row in rows] == [("扎西", 400)]


# ---------------------------------------------------------------- out of scope → 404, nothing changes


def test_unit_hr_out_of_scope_records_are_404(county, unit_hr, outside_cadre, organ_building, as_user):
    organ_flat = FlatFactory(building=organ_building)
    tenancy = TenancyFactory(flat=organ_flat, cadre=outside_cadre, start_date=D(2024, 1, 1))
    check = HealthCheckFactory(cadre=outside_cadre)
    application = HousingApplicationFactory(cadre=outside_cadre)
    client = as_user(unit_hr)

    assert client.get(f"/care/housing/flats/{organ_flat.pk}/edit/").status_code == 404
    assert client.post(f"/care/housing/tenancies/{tenancy.pk}/end/", {"end_date": "2024-09-01"}).status_code == 404
    assert client.get(f"/care/health-checks/{check.pk}/edit/").status_code == 404
    assert client.post(f"/care/housing/applications/{application.pk}/approve/").status_code == 404
    assert Tenancy.objects.get(pk=tenancy.pk).end_date is None
    application.refresh_from_db()
    assert application.status == "pending"


def test_unit_hr_sees_the_register_but_cannot_change_it(unit_hr, as_user):
    item = InspectionItemFactory()

    assert as_user(unit_hr).get(f"/care/inspections/{item.pk}/").status_code == 200
    assert as_user(unit_hr).get("/care/inspections/new/").status_code == 403
    response = as_user(unit_hr).post(f"/care/inspections/{item.pk}/", {"action": "retire", "reason": "x"})
    assert response.status_code == 403
    assert InspectionItem.objects.get(pk=item.pk).status == InspectionStatus.ACTIVE


# ---------------------------------------------------------------- forms: bad input refused, nothing written


def test_leave_beyond_balance_form_shows_the_message(settings, unit_hr, own_cadre, as_user):
    settings.CARE_LEAVE_LEDGER_START_YEAR = 2024
    response = as_user(unit_hr).post(
        "/care/leave/new/",
        {"cadre": own_cadre.pk, "kind": "annual", "start_date": "2024-04-01", "end_date": "2024-04-30", "days": 16},
    )

    assert response.status_code == 200
    assert "年休假天数超出可休余额：2024年可休15天，已休0天，剩余15天。" in response.content.decode()
    assert not LeaveRecord.objects.exists()


def test_negative_pay_form_shows_the_message(unit_hr, own_cadre, as_user):
    response = as_user(unit_hr).post(
        "/care/pay/new/", {"cadre": own_cadre.pk, "month": "2024-05", "base_pay": "-100", "township_allowance": "0"}
    )

    assert response.status_code == 200
    assert "金额不能为负数。" in response.content.decode()
    assert not PayRecord.objects.exists()


def test_allocating_an_occupied_flat_form_shows_the_message(care_data, unit_hr, other_cadre, flat, as_user):
    from care.models import Flat

    Flat.objects.filter(pk=flat.pk).update(status="available")  # even if the status were stale
    response = as_user(unit_hr).post(
        "/care/housing/tenancies/new/", {"cadre": other_cadre.pk, "flat": flat.pk, "start_date": "2024-06-01"}
    )

    assert response.status_code == 200
    assert "该住房已有在住人员，不能重复分配。" in response.content.decode()
    assert Tenancy.objects.filter(flat=flat).count() == 1


def test_retire_through_the_page_keeps_the_reason(org_staff, as_user):
    item = InspectionItemFactory()

    response = as_user(org_staff).post(f"/care/inspections/{item.pk}/", {"action": "retire", "reason": "上级已取消"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.status_reason) == (InspectionStatus.RETIRED, "上级已取消")


# ---------------------------------------------------------------- a cadre's own care


def test_cadre_sees_own_care(care_data, cadre_user, as_user, settings):
    settings.CARE_LEAVE_LEDGER_START_YEAR = 2024
    response = as_user(cadre_user).get("/care/me/?year=2024")

    content = response.content.decode()
    assert response.status_code == 200
    assert "如龙镇周转房1号楼 101" in content
    assert "新龙县人民医院" in content


def test_cadre_page_section_shows_care_for_staff_and_404_out_of_scope(
    care_data, unit_hr, own_cadre, outside_cadre, as_user
):
    assert 'id="care-section"' in as_user(unit_hr).get(f"/cadres/{own_cadre.pk}/").content.decode()
    assert as_user(unit_hr).get(f"/cadres/{outside_cadre.pk}/").status_code == 404


# ---------------------------------------------------------------- query counts


def _grow(county, building, n: int) -> None:
    for i in range(n):
        cadre = CadreFactory(unit=county["township"])
        flat = FlatFactory(building=building)
        TenancyFactory(flat=flat, cadre=cadre, start_date=D(2024, 1, 1))
        HousingApplicationFactory(cadre=cadre, status="waiting", priority_score=i)
        HealthCheckFactory(cadre=cadre, year=2024, done=i % 2 == 0, check_date=D(2024, 5, 1) if i % 2 == 0 else None)
        # half take annual leave, half only sick leave (listed by the no-annual-leave report)
        LeaveRecordFactory(cadre=cadre, kind=LeaveKind.ANNUAL if i % 2 else LeaveKind.SICK)
        PayRecordFactory(cadre=cadre, month=D(2024, 5, 1))
        # a county-organ peer of the same rank paid more: the township cadres fall below the floor
        PayRecordFactory(cadre=CadreFactory(unit=county["organ"], rank=cadre.rank), base_pay=Decimal("9000"))
        InspectionItemFactory(year=2018 + i % 3)


# Exact queries per page: session, user, then the page's own reads (count, rows, and for the reports
# the grouped aggregate, and the page's cadres of the reports built a page at a time), the same with 2 rows
# as with 14.
QUERY_PAGES = {
    "/care/housing/": 3,
    "/care/housing/flats/": 4,
    "/care/housing/applications/": 4,
    "/care/housing/applications/?view=waiting": 4,
    "/care/housing/tenancies/": 4,
    "/care/health-checks/": 4,
    "/care/health-checks/due/?year=2024": 4,
    "/care/leave/": 4,
    "/care/leave/none-taken/?year=2024": 5,
    "/care/pay/": 4,
    "/care/pay/township-report/?month=2024-05": 5,
    "/care/inspections/": 5,
}


def _queries(client, url, _unused) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("url", "expected"), QUERY_PAGES.items())
def test_page_query_count_is_exact_and_does_not_grow(county, building, org_staff, as_user, url, expected):
    client = as_user(org_staff)
    _grow(county, building, 2)
    few = _queries(client, url, None)
    _grow(county, building, 12)
    many = _queries(client, url, None)

    assert (few, many) == (expected, expected)


def test_care_root_sends_staff_to_housing_and_a_cadre_to_own_care(as_user, org_staff, cadre_user):
    assert as_user(org_staff).get("/care/")["Location"] == "/care/housing/"
    assert as_user(cadre_user).get("/care/")["Location"] == "/care/me/"
    assert as_user(None).get("/care/")["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("township_id", ["99999999999999999999", "-99999999999999999999"])
def test_inspection_item_with_an_impossible_township_rerenders_with_a_chinese_error(as_user, org_staff, township_id):
    response = as_user(org_staff).post(
        "/care/inspections/new/",
        {
            "title": "乡镇安全生产检查",
            "issuing_body": "县委办",
            "frequency": "annual",
            "year": "2026",
            "target_townships": [township_id],
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["target_townships"] == [
        f"选择一个有效的选项。 {township_id} 不在可用的选项中。"
    ]
    assert InspectionItem.objects.count() == 0
