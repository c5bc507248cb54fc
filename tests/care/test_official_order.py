"""The care lists of people in the roster's official order (issue 15.4), not by name pinyin: health checks,
pay records (page and API), the township pay figures and the no-annual-leave report. A user's sort still
wins."""

import datetime
from decimal import Decimal

import pytest

from care import selectors
from tests.care.factories import HealthCheckFactory, PayRecordFactory
from tests.conftest import ROSTER_ORDER
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def page_rows(client, url, **query) -> list:
    return [row.record for row in client.get(url, query).context["table"].page.object_list]


def test_the_health_check_list_gives_each_year_in_the_official_order(as_user, org_staff, roster_people):
    for name in ("阿苦", "白玛", "次仁", "扎西"):
        HealthCheckFactory(cadre=roster_people[name], year=2025)
    HealthCheckFactory(cadre=roster_people["阿苦"], year=2026)
    client = as_user(org_staff)

    listed = page_rows(client, "/care/health-checks/")
    by_name = page_rows(client, "/care/health-checks/", sort="cadre")
    api = client.get("/api/care/health-checks/").json()["results"]

    assert [(check.year, check.cadre.name) for check in listed] == [(2026, "阿苦")] + [
        (2025, name) for name in ROSTER_ORDER
    ]
    assert [check.cadre.name for check in by_name] == ["阿苦", "阿苦", "白玛", "次仁", "扎西"]
    assert [(row["year"], row["cadre"]) for row in api] == [(check.year, check.cadre_id) for check in listed]


def test_the_pay_list_gives_each_month_in_the_official_order(as_user, org_staff, roster_people):
    for name in ("阿苦", "白玛", "次仁", "扎西"):
        PayRecordFactory(cadre=roster_people[name], month=datetime.date(2025, 5, 1))
    client = as_user(org_staff)

    listed = page_rows(client, "/care/pay/")
    api = client.get("/api/care/pay-records/").json()["results"]

    assert [record.cadre.name for record in listed] == ROSTER_ORDER
    assert [row["cadre"] for row in api] == [roster_people[name].pk for name in ROSTER_ORDER]


def test_the_township_pay_figures_go_by_paying_unit_then_the_official_order(org_staff, county, roster_people):
    month = datetime.date(2025, 5, 1)
    village_head = CadreFactory(name="白玛次仁", unit=county["village"], post_title="村党组织书记")
    for cadre in (roster_people["阿苦"], village_head, roster_people["扎西"]):
        PayRecordFactory(cadre=cadre, month=month, base_pay=Decimal("5000"))
    PayRecordFactory(cadre=roster_people["白玛"], month=month, base_pay=Decimal("9000"))  # the county organ's peer

    report = selectors.township_pay_report(user=org_staff, month=month)

    assert [row.record.cadre.name for row in report] == ["扎西", "阿苦", "白玛次仁"]
    # the floor is the peer average 9,000 × (1 + 20 %) = 10,800: each is 5,800 short
    assert [str(row.check.gap) for row in report[0:3]] == ["5800.00", "5800.00", "5800.00"]


def test_the_no_annual_leave_report_lists_people_in_the_official_order(as_user, org_staff, roster_people):
    year = datetime.date.today().year

    response = as_user(org_staff).get("/care/leave/none-taken/", {"year": year})

    assert [row.record.cadre.name for row in response.context["table"].page.object_list] == ROSTER_ORDER
