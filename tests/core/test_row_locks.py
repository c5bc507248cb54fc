"""Acceptance 10.5: a write locks the cadre it writes for, not the unit its query joins (PostgreSQL).

One transaction holds the lock a careers (or care) service takes on cadre A; a second writes for cadre B
of the same township through the same service. With ``lock_timeout`` set, the second would fail with
"canceling statement due to lock timeout" if the first had also locked the unit row.
"""

import datetime
import threading

import pytest
from django.db import connection, transaction

from accounts.models import Role
from care import services as care_services
from care.models import LeaveRecord
from careers import services as careers_services
from careers.models import AccountabilityRecord
from tests.factories import CadreFactory, TownshipFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def record_for(actor, cadre):
    return careers_services.accountability_record_create(
        actor=actor,
        cadre=cadre,
        data={
            "kind": "admonishment",
            "decided_on": datetime.date(2024, 5, 6),
            "issuing_body": "县纪委监委",
            "reason": "工作失职",
        },
    )


def leave_for(actor, cadre):
    return care_services.leave_create(
        actor=actor,
        cadre=cadre,
        data={
            "kind": "personal",
            "start_date": datetime.date(2025, 3, 3),
            "end_date": datetime.date(2025, 3, 4),
            "days": 2,
        },
    )


@pytest.mark.parametrize(("write", "model"), [(record_for, AccountabilityRecord), (leave_for, LeaveRecord)])
def test_writes_for_two_cadres_of_one_unit_do_not_wait_on_each_other(transactional_db, write, model):
    staff = UserFactory(role=Role.ORG_STAFF)
    township = TownshipFactory()
    first, second = CadreFactory(unit=township), CadreFactory(unit=township)
    holding, release = threading.Event(), threading.Event()
    outcome = {}

    def hold_the_first_cadre():
        try:
            with transaction.atomic():
                write(staff, first)  # takes and keeps the first cadre's lock until commit
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def write_for_the_second_cadre():
        try:
            holding.wait(timeout=30)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                write(staff, second)
                # Let the first transaction end now: the eligibility recompute queued on commit (eager here) reads
                # the whole unit and would otherwise wait for the first cadre's open transaction until the timeout.
                release.set()
            outcome["second"] = "written"
        except Exception as error:
            outcome["second"] = f"{type(error).__name__}: {error}"
        finally:
            release.set()
            connection.close()

    threads = [threading.Thread(target=hold_the_first_cadre), threading.Thread(target=write_for_the_second_cadre)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcome == {"second": "written"}
    assert sorted(model.objects.values_list("cadre_id", flat=True)) == sorted([first.pk, second.pk])
