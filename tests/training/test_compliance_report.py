"""培训学时达标情况 computed set-based (training.selectors.compliance_report): the per-unit summary is one grouped
query over every cadre's status, the listing is read a few units at a time in the roster's official order,
and only the page's rows are assessed by the pure rule. Exact figures of a small county; pages that cross
from one unit to the next; the export lists the same rows as the pages, in the same order."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from cadres.choices import LeadershipLevel, Rank
from careers.choices import RankChangeKind
from tests.careers.factories import RankChangeFactory
from tests.conftest import client_for
from tests.factories import CadreFactory
from tests.sheets import exported_table
from tests.training.credits import credit
from training import selectors

pytestmark = pytest.mark.django_db
DAY = datetime.date
URL = reverse("training:compliance_report")


@pytest.fixture
def small_county(county):
    """如龙镇: 达标 (100 h), 短缺 (20 h online, 70 short), 宽限 (promoted 2025-06-01, no hours);
    县财政局: a 县处级副职 with 100 h over five years (450 short)."""
    township, organ = county["township"], county["organ"]
    met = CadreFactory(name="达标", unit=township, leadership_level=None, rank=Rank.PRINCIPAL_STAFF_4)
    credit(met, DAY(2025, 5, 1), 100)
    short = CadreFactory(name="短缺", unit=township, leadership_level=None, rank=Rank.PRINCIPAL_STAFF_4)
    credit(short, DAY(2025, 5, 1), 20, online=True)
    grace = CadreFactory(name="宽限", unit=township, leadership_level=None, rank=Rank.PRINCIPAL_STAFF_4)
    RankChangeFactory(
        cadre=grace, kind=RankChangeKind.PROMOTION, from_rank=2, to_rank=3, effective_date=DAY(2025, 6, 1)
    )
    leader = CadreFactory(name="领导", unit=organ, leadership_level=LeadershipLevel.COUNTY_DEPUTY, rank=None)
    credit(leader, DAY(2023, 5, 1), 100)
    return county


def test_the_summary_of_each_unit_and_the_cadres_short_of_the_hours(org_staff, small_county):
    page = client_for(org_staff).get(URL, {"year": "2025"})

    report = page.context["report"]
    assert report.on_date == DAY(2025, 12, 31)
    summary = [
        (
            row.unit_name,
            row.cadres,
            row.compliant,
            row.in_grace,
            row.shortfall_cadres,
            row.shortfall_hours,
            row.online_short,
        )
        for row in report.units
    ]
    assert summary == [("县财政局", 1, 0, 0, 1, D(450), 1), ("如龙镇", 3, 2, 1, 1, D(70), 3)]
    assert (report.total, report.compliant, report.online_short, page.context["total"]) == (4, 2, 4, 2)
    rows = [(row.name, row.unit_name, row.result.earned, row.result.shortfall) for row in page.context["table"].data]
    assert rows == [("领导", "县财政局", D(100), D(450)), ("短缺", "如龙镇", D(20), D(70))]
    html = page.content.decode()
    assert "共 4 人，达标 2 人；网络自学未达到最低学时 4 人。" in html


def test_every_cadre_or_only_those_below_the_online_minimum(org_staff, small_county):
    client = client_for(org_staff)

    everyone = client.get(URL, {"year": "2025", "listing": "all"})
    online_short = client.get(URL, {"year": "2025", "online": "not_met"})

    listed = [(row.name, row.result.compliant, row.result.in_grace) for row in everyone.context["table"].data]
    assert listed == [("领导", False, False), ("达标", True, False), ("短缺", False, False), ("宽限", True, True)]
    # below the online minimum: all of them, met or not (the report's listing of that filter)
    assert [row.name for row in online_short.context["table"].data] == ["领导", "达标", "短缺", "宽限"]


def test_unit_hr_sees_the_summary_and_cadres_of_the_units_in_scope(unit_hr, small_county):
    page = client_for(unit_hr).get(URL, {"year": "2025"})

    assert [(row.unit_name, row.cadres) for row in page.context["report"].units] == [("如龙镇", 3)]
    assert [row.name for row in page.context["table"].data] == ["短缺"]


@pytest.fixture
def many(county):
    """27 cadres of 县财政局 and 5 of 如龙镇 without hours: 32 listed, the first page ends inside 县财政局."""
    for number in range(27):
        CadreFactory(name=f"财政{number:02d}", unit=county["organ"], sort_order=number + 1)
    for number in range(5):
        CadreFactory(name=f"如龙{number:02d}", unit=county["township"], sort_order=number + 1)
    return county


def test_pages_cross_from_one_unit_to_the_next_and_the_export_lists_the_same_rows(org_staff, many):
    client = client_for(org_staff)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    export = client.get(URL, {"export": "xlsx"})

    names = [f"财政{number:02d}" for number in range(27)] + [f"如龙{number:02d}" for number in range(5)]
    assert first.context["total"] == 32
    assert [row.record.name for row in first.context["table"].page.object_list] == names[:25]
    assert [row.record.name for row in second.context["table"].page.object_list] == names[25:]
    assert [row[1] for row in exported_table(export.content)[1]] == names


def test_the_listing_is_read_a_slice_at_a_time_and_whole_for_the_export(many):
    from cadres.models import Cadre

    report = selectors.compliance_report(cadres=Cadre.objects.all(), on_date=DAY(2025, 12, 31))
    listed = report.rows.records
    everyone = list(listed)
    names = dict(Cadre.objects.values_list("pk", "name"))

    assert len(listed) == 32
    assert [names[pk] for pk in listed[24:28]] == ["财政24", "财政25", "财政26", "如龙00"]
    assert (names[listed[0]], names[listed[-1]], listed[40:50]) == ("财政00", "如龙04", [])
    assert everyone == [listed[position] for position in range(32)]
    assert [names[pk] for pk in everyone[25:28]] == ["财政25", "财政26", "如龙00"]
