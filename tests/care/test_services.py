"""Leave, health checks, pay and the inspection register: what the services accept, and what they refuse
with a clear message while changing nothing (annual leave: 职工带薪年休假条例 art. 3–5)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from care import selectors, services
from care.choices import InspectionStatus, LeaveKind
from care.models import HealthCheck, InspectionItem, LeaveRecord, PayRecord
from tests.care.factories import HealthCheckFactory, InspectionItemFactory, LeaveRecordFactory, PayRecordFactory
from tests.factories import CadreFactory, TownshipFactory

D = datetime.date


@pytest.fixture(autouse=True)
def _ledger_starts_in_2024(settings):
    """Most tests look at one year: the ledger starts there, so nothing is carried in (see the carry-over tests)."""
    settings.CARE_LEAVE_LEDGER_START_YEAR = 2024


def leave_rows(cadre):
    return list(LeaveRecord.objects.filter(cadre=cadre).values_list("kind", "start_date", "end_date", "days"))


# ---------------------------------------------------------------- leave


def test_annual_leave_within_the_balance_is_recorded(unit_hr, own_cadre):
    # own_cadre started work on 2003-07-01: 21 full years at the end of 2024 → 15 days (art. 3)
    services.leave_create(
        actor=unit_hr,
        cadre=own_cadre,
        data={"kind": LeaveKind.ANNUAL, "start_date": D(2024, 4, 1), "end_date": D(2024, 4, 19), "days": 15},
    )

    summary = selectors.leave_summary(cadre=own_cadre, year=2024)
    assert (summary.entitlement.days, summary.taken, summary.balance) == (15, 15, 0)


def test_annual_leave_beyond_the_balance_is_refused_and_nothing_written(unit_hr, own_cadre):
    LeaveRecordFactory(cadre=own_cadre, start_date=D(2024, 3, 1), end_date=D(2024, 3, 14), days=10)
    before = leave_rows(own_cadre)

    with pytest.raises(ValidationError) as error:
        services.leave_create(
            actor=unit_hr,
            cadre=own_cadre,
            data={"kind": LeaveKind.ANNUAL, "start_date": D(2024, 5, 6), "end_date": D(2024, 5, 13), "days": 6},
        )

    assert error.value.message_dict == {"days": ["年休假天数超出可休余额：2024年可休15天，已休10天，剩余5天。"]}
    assert leave_rows(own_cadre) == before


@override_settings(CARE_LEAVE_LEDGER_START_YEAR=2023)
def test_unused_days_of_last_year_extend_the_balance(unit_hr, own_cadre):
    # art. 5: 可以跨1个年度安排 — 2023: 15 days, 5 taken → 10 carried into 2024
    LeaveRecordFactory(cadre=own_cadre, start_date=D(2023, 3, 1), end_date=D(2023, 3, 7), days=5)

    services.leave_create(
        actor=unit_hr,
        cadre=own_cadre,
        data={"kind": LeaveKind.ANNUAL, "start_date": D(2024, 4, 1), "end_date": D(2024, 5, 10), "days": 25},
    )

    summary = selectors.leave_summary(cadre=own_cadre, year=2024)
    assert (summary.carried_in, summary.taken, summary.balance) == (10, 25, 0)


def test_sick_leave_of_four_months_takes_the_years_leave_away(unit_hr, own_cadre):
    # art. 4 (5): 累计工作满20年，病假累计4个月以上 (120 days at the 30-day setting)
    LeaveRecordFactory(
        cadre=own_cadre, kind=LeaveKind.SICK, start_date=D(2024, 1, 2), end_date=D(2024, 5, 31), days=120
    )

    with pytest.raises(ValidationError) as error:
        services.leave_create(
            actor=unit_hr,
            cadre=own_cadre,
            data={"kind": LeaveKind.ANNUAL, "start_date": D(2024, 8, 1), "end_date": D(2024, 8, 1), "days": 1},
        )

    assert error.value.message_dict == {"days": ["年休假天数超出可休余额：2024年可休0天，已休0天，剩余0天。"]}
    summary = selectors.leave_summary(cadre=own_cadre, year=2024)
    assert summary.entitlement.disqualified_by == "sick_leave"


def test_personal_leave_counts_only_when_pay_was_not_deducted(own_cadre):
    # art. 4 (2): 事假累计20天以上且单位按照规定不扣工资的
    LeaveRecordFactory(
        cadre=own_cadre,
        kind=LeaveKind.PERSONAL,
        start_date=D(2024, 1, 2),
        end_date=D(2024, 1, 31),
        days=20,
        pay_deducted=True,
    )
    assert selectors.leave_summary(cadre=own_cadre, year=2024).entitlement.days == 15

    LeaveRecordFactory(
        cadre=own_cadre, kind=LeaveKind.PERSONAL, start_date=D(2024, 2, 1), end_date=D(2024, 2, 29), days=20
    )
    assert selectors.leave_summary(cadre=own_cadre, year=2024).entitlement.days == 0


def test_overlapping_leave_is_refused_and_nothing_written(unit_hr, own_cadre):
    LeaveRecordFactory(cadre=own_cadre, kind=LeaveKind.SICK, start_date=D(2024, 4, 1), end_date=D(2024, 4, 10), days=10)
    before = leave_rows(own_cadre)

    with pytest.raises(ValidationError) as error:
        services.leave_create(
            actor=unit_hr,
            cadre=own_cadre,
            data={"kind": LeaveKind.ANNUAL, "start_date": D(2024, 4, 10), "end_date": D(2024, 4, 12), "days": 3},
        )

    assert error.value.message_dict == {"start_date": ["与已登记的病假（2024-04-01至2024-04-10）时间重叠。"]}
    assert leave_rows(own_cadre) == before


def test_annual_leave_without_a_work_start_date_is_refused(unit_hr, county):
    cadre = CadreFactory(unit=county["township"], work_start_date=None)

    with pytest.raises(ValidationError) as error:
        services.leave_create(
            actor=unit_hr,
            cadre=cadre,
            data={"kind": LeaveKind.ANNUAL, "start_date": D(2024, 4, 1), "end_date": D(2024, 4, 1), "days": 1},
        )

    assert error.value.message_dict == {"kind": ["该干部未登记参加工作时间，无法计算年休假天数。"]}
    assert not LeaveRecord.objects.exists()


def test_leave_out_of_scope_or_by_a_cadre_is_refused(unit_hr, cadre_user, own_cadre, outside_cadre):
    data = {"kind": LeaveKind.SICK, "start_date": D(2024, 4, 1), "end_date": D(2024, 4, 1), "days": 1}

    with pytest.raises(ValidationError):
        services.leave_create(actor=unit_hr, cadre=outside_cadre, data=data)
    with pytest.raises(PermissionDenied):
        services.leave_create(actor=cadre_user, cadre=own_cadre, data=data)

    assert not LeaveRecord.objects.exists()


def test_no_annual_leave_report_lists_entitled_cadres_with_none_taken(org_staff, own_cadre, other_cadre, county):
    LeaveRecordFactory(cadre=other_cadre, start_date=D(2024, 4, 1), end_date=D(2024, 4, 2), days=2)
    CadreFactory(unit=county["organ"], work_start_date=D(2024, 9, 1), name="新人")  # under one year: no leave

    rows = selectors.no_annual_leave_report(user=org_staff, year=2024)

    assert [row.cadre for row in rows] == [own_cadre]
    assert rows[0].summary.available == 15


# ---------------------------------------------------------------- pay


def test_negative_pay_is_refused_and_nothing_written(unit_hr, own_cadre):
    with pytest.raises(ValidationError) as error:
        services.pay_record_create(
            actor=unit_hr,
            cadre=own_cadre,
            data={"month": D(2024, 5, 1), "base_pay": Decimal("-1"), "township_allowance": Decimal("-0.01")},
        )

    assert error.value.message_dict == {"base_pay": ["金额不能为负数。"], "township_allowance": ["金额不能为负数。"]}
    assert not PayRecord.objects.exists()


def test_negative_pay_update_is_refused_and_nothing_changes(unit_hr, own_cadre):
    record = PayRecordFactory(cadre=own_cadre, base_pay=Decimal("5000.00"))

    with pytest.raises(ValidationError):
        services.pay_record_update(actor=unit_hr, record=record, data={"township_allowance": Decimal("-5")})

    record.refresh_from_db()
    assert (record.base_pay, record.township_allowance, record.history.count()) == (Decimal("5000.00"), 0, 1)


def test_database_refuses_negative_pay(own_cadre):
    with pytest.raises(IntegrityError), transaction.atomic():
        PayRecordFactory(cadre=own_cadre, base_pay=Decimal("-1"))


def test_pay_month_is_stored_as_its_first_day_with_the_cadres_rank_and_unit(unit_hr, own_cadre):
    record = services.pay_record_create(
        actor=unit_hr, cadre=own_cadre, data={"month": D(2024, 5, 17), "base_pay": Decimal("5200")}
    )

    assert (record.month, record.rank, record.unit) == (D(2024, 5, 1), own_cadre.rank, own_cadre.unit)


def test_second_pay_record_for_a_month_is_refused(unit_hr, own_cadre):
    PayRecordFactory(cadre=own_cadre, month=D(2024, 5, 1))

    with pytest.raises(ValidationError) as error:
        services.pay_record_create(actor=unit_hr, cadre=own_cadre, data={"month": D(2024, 5, 9), "base_pay": 1})

    assert error.value.message_dict == {"month": ["该干部2024年05月的工资记录已存在。"]}


def test_township_pay_report_lists_those_below_the_floor_with_the_gap(org_staff, county, own_cadre, other_cadre):
    # seed article: at least 20% above county-organ peers of the same rank; peers average 5000 → floor 6000
    month = D(2024, 5, 1)
    for base in ("4800", "5200"):
        PayRecordFactory(cadre=CadreFactory(unit=county["organ"]), month=month, base_pay=Decimal(base))
    PayRecordFactory(cadre=own_cadre, month=month, base_pay=Decimal("5000"), township_allowance=Decimal("700"))
    # a village cadre under the township, same rank, paid enough: not listed
    PayRecordFactory(cadre=other_cadre, month=month, base_pay=Decimal("5000"), township_allowance=Decimal("1000"))

    rows = selectors.township_pay_report(user=org_staff, month=month)

    assert [(row.record.cadre.name, row.check.peer_average, row.check.required, row.check.gap) for row in rows] == [
        ("扎西", Decimal("5000.00"), Decimal("6000.00"), Decimal("300.00"))
    ]


@override_settings(CARE_TOWNSHIP_PAY_PREMIUM="0.10")
def test_township_pay_premium_is_a_setting(org_staff, county, own_cadre):
    month = D(2024, 5, 1)
    PayRecordFactory(cadre=CadreFactory(unit=county["organ"]), month=month, base_pay=Decimal("5000"))
    PayRecordFactory(cadre=own_cadre, month=month, base_pay=Decimal("5000"), township_allowance=Decimal("500"))

    assert list(selectors.township_pay_report(user=org_staff, month=month)) == []


def test_township_pay_report_is_scoped(unit_hr, county, outside_cadre, own_cadre):
    month = D(2024, 5, 1)
    PayRecordFactory(cadre=CadreFactory(unit=county["organ"]), month=month, base_pay=Decimal("5000"))
    PayRecordFactory(cadre=own_cadre, month=month, base_pay=Decimal("5000"))
    other_township_cadre = CadreFactory(unit=TownshipFactory(parent=county["root"]))
    PayRecordFactory(cadre=other_township_cadre, month=month, base_pay=Decimal("5000"))

    assert [row.record.cadre for row in selectors.township_pay_report(user=unit_hr, month=month)] == [own_cadre]


# ---------------------------------------------------------------- health checks


def test_health_check_due_list_shows_who_has_no_done_check(org_staff, own_cadre, other_cadre, outside_cadre):
    HealthCheckFactory(cadre=own_cadre, year=2024)
    HealthCheckFactory(cadre=other_cadre, year=2024, done=False, check_date=None)

    due = list(selectors.health_check_due_list(user=org_staff, year=2024))

    assert sorted((c.name, c.has_check_record) for c in due) == [("卓玛", True), ("王建国", False)]


def test_done_check_needs_a_date_in_its_year(unit_hr, own_cadre):
    with pytest.raises(ValidationError) as error:
        services.health_check_create(
            actor=unit_hr, cadre=own_cadre, year=2024, data={"done": True, "check_date": D(2023, 12, 1)}
        )

    assert error.value.message_dict == {"check_date": ["体检日期应在2024年内。"]}
    assert not HealthCheck.objects.exists()


def test_second_check_for_a_year_is_refused(unit_hr, own_cadre):
    HealthCheckFactory(cadre=own_cadre, year=2024)

    with pytest.raises(ValidationError) as error:
        services.health_check_create(actor=unit_hr, cadre=own_cadre, year=2024, data={"done": False})

    assert error.value.message_dict == {"year": ["该干部2024年的体检已登记，请修改原记录。"]}


# ---------------------------------------------------------------- inspection register


def test_merge_and_retire_keep_the_reason_and_history(org_staff):
    keep, merged, retired = (InspectionItemFactory(year=2020) for _ in range(3))

    services.inspection_item_merge(actor=org_staff, item=merged, into=keep, reason="内容重复，并入综合考核")
    services.inspection_item_retire(actor=org_staff, item=retired, reason="上级已取消")

    merged.refresh_from_db()
    retired.refresh_from_db()
    assert (merged.status, merged.merged_into, merged.status_reason) == (
        InspectionStatus.MERGED,
        keep,
        "内容重复，并入综合考核",
    )
    assert merged.history.latest().history_change_reason == "合并：内容重复，并入综合考核"
    assert (retired.status, retired.history.latest().history_change_reason) == (
        InspectionStatus.RETIRED,
        "取消：上级已取消",
    )


def test_merge_without_a_reason_or_across_years_is_refused(org_staff):
    item, other_year = InspectionItemFactory(year=2020), InspectionItemFactory(year=2019)

    with pytest.raises(ValidationError) as no_reason:
        services.inspection_item_merge(actor=org_staff, item=item, into=InspectionItemFactory(year=2020), reason=" ")
    with pytest.raises(ValidationError) as across:
        services.inspection_item_merge(actor=org_staff, item=item, into=other_year, reason="重复")

    assert no_reason.value.message_dict == {"reason": ["请填写理由。"]}
    assert across.value.message_dict == {"merged_into": ["只能并入同一年度的事项。"]}
    assert InspectionItem.objects.get(pk=item.pk).status == InspectionStatus.ACTIVE


def test_only_org_staff_edit_the_register(unit_hr):
    item = InspectionItemFactory()

    with pytest.raises(PermissionDenied):
        services.inspection_item_retire(actor=unit_hr, item=item, reason="x")

    assert InspectionItem.objects.get(pk=item.pk).status == InspectionStatus.ACTIVE


def test_counts_by_year_show_the_reduction(org_staff):
    InspectionItemFactory.create_batch(32, year=2018)
    items_2020 = InspectionItemFactory.create_batch(14, year=2020)
    services.inspection_item_merge(actor=org_staff, item=items_2020[0], into=items_2020[1], reason="合并")
    services.inspection_item_retire(actor=org_staff, item=items_2020[2], reason="取消")

    counts = selectors.inspection_counts_by_year(user=org_staff)

    assert counts == [
        {"year": 2018, "total": 32, "active": 32, "merged": 0, "retired": 0},
        {"year": 2020, "total": 14, "active": 12, "merged": 1, "retired": 1},
    ]
