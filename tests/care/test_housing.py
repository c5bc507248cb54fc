"""Turnover housing: applications and the waiting list, allocation and move-out, and the database's
refusal of a second current tenant (domain-rules §8: a housing unit has at most one current tenant)."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from care import selectors, services
from care.choices import ApplicationStatus, FlatStatus
from care.models import Flat, HousingApplication, Tenancy
from tests.care.factories import FlatFactory, HousingApplicationFactory, TenancyFactory
from tests.factories import CadreFactory

D = datetime.date


def tenancy_state(flat):
    flat = Flat.objects.get(pk=flat.pk)
    return flat.status, list(Tenancy.objects.filter(flat=flat).values_list("cadre_id", "start_date", "end_date"))


def test_application_is_scored_from_the_settings_and_keeps_why(unit_hr, own_cadre):
    application = services.application_create(
        actor=unit_hr,
        cadre=own_cadre,
        data={"applied_on": D(2024, 3, 1), "township_post": True, "distance_km": 120, "spouse_elsewhere": True},
    )

    assert application.priority_score == 30 + 20 + 10
    assert application.priority_parts == [["township_post", 30], ["spouse_elsewhere", 10], ["distance", 20]]
    assert application.status == ApplicationStatus.PENDING


@override_settings(CARE_HOUSING_PRIORITY_WEIGHTS={"township_post": 7})
def test_priority_weights_are_read_at_call_time(unit_hr, own_cadre):
    application = services.application_create(
        actor=unit_hr, cadre=own_cadre, data={"applied_on": D(2024, 3, 1), "township_post": True, "distance_km": 120}
    )

    assert application.priority_score == 7


def test_waiting_list_orders_by_priority_then_application_date(unit_hr, county):
    late_high = HousingApplicationFactory(
        cadre=CadreFactory(unit=county["township"]), status="waiting", priority_score=50, applied_on=D(2024, 5, 1)
    )
    early_low = HousingApplicationFactory(
        cadre=CadreFactory(unit=county["township"]), status="waiting", priority_score=30, applied_on=D(2024, 1, 1)
    )
    early_high = HousingApplicationFactory(
        cadre=CadreFactory(unit=county["village"]), status="waiting", priority_score=50, applied_on=D(2024, 2, 1)
    )
    HousingApplicationFactory(cadre=CadreFactory(unit=county["township"]), status="pending", priority_score=90)

    assert list(selectors.waiting_list(user=unit_hr)) == [early_high, late_high, early_low]


def test_second_open_application_is_refused(unit_hr, own_cadre):
    services.application_create(actor=unit_hr, cadre=own_cadre, data={"applied_on": D(2024, 3, 1)})

    with pytest.raises(ValidationError) as error:
        services.application_create(actor=unit_hr, cadre=own_cadre, data={"applied_on": D(2024, 4, 1)})

    assert error.value.message_dict == {"cadre": ["该干部已有待审核或轮候中的申请。"]}
    assert HousingApplication.objects.count() == 1


def test_allocation_moves_the_cadre_in_and_closes_the_application(unit_hr, flat, own_cadre):
    application = HousingApplicationFactory(cadre=own_cadre, status="waiting")

    tenancy = services.tenancy_allocate(
        actor=unit_hr, flat=flat, cadre=own_cadre, start_date=D(2024, 6, 1), application=application
    )

    assert tenancy_state(flat) == (FlatStatus.OCCUPIED, [(own_cadre.pk, D(2024, 6, 1), None)])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ALLOCATED
    assert tenancy.history.latest().history_change_reason == "分配入住"


def test_second_current_tenant_is_refused_with_a_clear_message(unit_hr, flat, own_cadre, other_cadre):
    services.tenancy_allocate(actor=unit_hr, flat=flat, cadre=own_cadre, start_date=D(2024, 6, 1))
    before = tenancy_state(flat)

    with pytest.raises(ValidationError) as error:
        services.tenancy_allocate(actor=unit_hr, flat=flat, cadre=other_cadre, start_date=D(2024, 7, 1))

    assert error.value.message_dict == {"flat": ["该住房已有在住人员，不能重复分配。"]}
    assert tenancy_state(flat) == before


def test_overlapping_tenancy_is_refused_and_nothing_changes(unit_hr, flat, own_cadre, other_cadre):
    TenancyFactory(flat=flat, cadre=other_cadre, start_date=D(2023, 1, 1), end_date=D(2024, 1, 1))
    before = tenancy_state(flat)

    with pytest.raises(ValidationError) as error:
        services.tenancy_allocate(actor=unit_hr, flat=flat, cadre=own_cadre, start_date=D(2023, 6, 1))

    assert error.value.message_dict == {"start_date": ["入住日期与该住房以往的入住记录重叠，请检查入住日期。"]}
    assert tenancy_state(flat) == before


def test_moving_in_on_the_previous_tenants_move_out_day_is_allowed(unit_hr, flat, own_cadre, other_cadre):
    TenancyFactory(flat=flat, cadre=other_cadre, start_date=D(2023, 1, 1), end_date=D(2024, 1, 1))

    services.tenancy_allocate(actor=unit_hr, flat=flat, cadre=own_cadre, start_date=D(2024, 1, 1))

    assert Tenancy.objects.filter(flat=flat).count() == 2


def test_cadre_with_a_current_flat_cannot_get_another(unit_hr, building, own_cadre):
    first, second = FlatFactory(building=building), FlatFactory(building=building)
    services.tenancy_allocate(actor=unit_hr, flat=first, cadre=own_cadre, start_date=D(2024, 1, 1))

    with pytest.raises(ValidationError) as error:
        services.tenancy_allocate(actor=unit_hr, flat=second, cadre=own_cadre, start_date=D(2024, 2, 1))

    assert error.value.message_dict == {"cadre": ["该干部已入住其他周转房，请先办理退房。"]}
    assert Flat.objects.get(pk=second.pk).status == FlatStatus.AVAILABLE


@pytest.mark.parametrize("status", [FlatStatus.MAINTENANCE, FlatStatus.RETIRED])
def test_flat_out_of_service_cannot_be_allocated(unit_hr, building, own_cadre, status):
    flat = FlatFactory(building=building, status=status)

    with pytest.raises(ValidationError):
        services.tenancy_allocate(actor=unit_hr, flat=flat, cadre=own_cadre, start_date=D(2024, 1, 1))

    assert not Tenancy.objects.exists()


def test_move_out_frees_the_flat(unit_hr, flat, own_cadre):
    tenancy = services.tenancy_allocate(actor=unit_hr, flat=flat, cadre=own_cadre, start_date=D(2024, 1, 1))

    services.tenancy_end(actor=unit_hr, tenancy=tenancy, end_date=D(2024, 9, 1))

    assert tenancy_state(flat) == (FlatStatus.AVAILABLE, [(own_cadre.pk, D(2024, 1, 1), D(2024, 9, 1))])


def test_move_out_before_move_in_is_refused(unit_hr, flat, own_cadre):
    tenancy = services.tenancy_allocate(actor=unit_hr, flat=flat, cadre=own_cadre, start_date=D(2024, 1, 1))
    before = tenancy_state(flat)

    with pytest.raises(ValidationError) as error:
        services.tenancy_end(actor=unit_hr, tenancy=tenancy, end_date=D(2024, 1, 1))

    assert error.value.message_dict == {"end_date": ["退房日期必须晚于入住日期（2024-01-01）。"]}
    assert tenancy_state(flat) == before


def test_occupied_flat_cannot_be_sent_to_maintenance(unit_hr, flat, own_cadre):
    services.tenancy_allocate(actor=unit_hr, flat=flat, cadre=own_cadre, start_date=D(2024, 1, 1))

    with pytest.raises(ValidationError) as error:
        services.flat_update(actor=unit_hr, flat=flat, data={"status": FlatStatus.MAINTENANCE})

    assert error.value.message_dict == {"status": ["该住房有人在住，请先办理退房。"]}


def test_unit_hr_cannot_allocate_outside_scope(unit_hr, organ_building, own_cadre, outside_cadre, flat):
    organ_flat = FlatFactory(building=organ_building)

    with pytest.raises(ValidationError):
        services.tenancy_allocate(actor=unit_hr, flat=organ_flat, cadre=own_cadre, start_date=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.tenancy_allocate(actor=unit_hr, flat=flat, cadre=outside_cadre, start_date=D(2024, 1, 1))

    assert not Tenancy.objects.exists()


def test_cadre_cannot_allocate(cadre_user, flat, own_cadre):
    with pytest.raises(PermissionDenied):
        services.tenancy_allocate(actor=cadre_user, flat=flat, cadre=own_cadre, start_date=D(2024, 1, 1))

    assert not Tenancy.objects.exists()


def test_database_refuses_two_current_tenants_without_the_service(flat, own_cadre, other_cadre):
    Tenancy.objects.create(flat=flat, cadre=own_cadre, start_date=D(2024, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Tenancy.objects.create(flat=flat, cadre=other_cadre, start_date=D(2025, 1, 1))

    assert Tenancy.objects.count() == 1


def test_database_refuses_two_current_flats_for_one_cadre(building, own_cadre):
    Tenancy.objects.create(flat=FlatFactory(building=building), cadre=own_cadre, start_date=D(2024, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Tenancy.objects.create(flat=FlatFactory(building=building), cadre=own_cadre, start_date=D(2024, 2, 1))


@pytest.mark.postgres
def test_postgres_refuses_overlapping_past_tenancies(postgres_only, flat, own_cadre, other_cadre):
    Tenancy.objects.create(flat=flat, cadre=own_cadre, start_date=D(2020, 1, 1), end_date=D(2021, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Tenancy.objects.create(flat=flat, cadre=other_cadre, start_date=D(2020, 6, 1), end_date=D(2020, 9, 1))

    assert Tenancy.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_allocation_on_postgres_lets_exactly_one_through(postgres_only, county, unit_hr):
    from tests.care.factories import BuildingFactory

    flat = FlatFactory(building=BuildingFactory(unit=county["township"]))
    cadres = [CadreFactory(unit=county["township"]) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def allocate(cadre):
        try:
            barrier.wait()
            services.tenancy_allocate(actor=unit_hr, flat=flat, cadre=cadre, start_date=D(2024, 6, 1))
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.message_dict["flat"][0])
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(cadre,)) for cadre in cadres]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "该住房已有在住人员，不能重复分配。"]
    assert Tenancy.objects.filter(flat=flat, end_date__isnull=True).count() == 1
    assert Flat.objects.get(pk=flat.pk).status == FlatStatus.OCCUPIED


def test_occupancy_report_counts_by_building(org_staff, building, organ_building, own_cadre, outside_cadre):
    flats = [FlatFactory(building=building) for _ in range(3)]
    FlatFactory(building=building, status=FlatStatus.RETIRED)
    FlatFactory(building=organ_building)
    TenancyFactory(flat=flats[0], cadre=own_cadre, start_date=D(2024, 1, 1))
    TenancyFactory(flat=flats[1], cadre=outside_cadre, start_date=D(2023, 1, 1), end_date=D(2023, 6, 1))

    rows = {row.building.name: row for row in selectors.occupancy_report(user=org_staff)}

    township = rows["如龙镇周转房1号楼"]
    assert (township.flats, township.occupied, township.retired, township.in_use, township.rate) == (4, 1, 1, 3, 33.3)
    assert (rows["县城周转房"].flats, rows["县城周转房"].occupied) == (1, 0)
