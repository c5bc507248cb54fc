"""Concurrent writes to one cadre's history queue up on the cadre row: exactly one of two promotions on the
same day is written, the other is refused with a clear message (PostgreSQL)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import Role
from cadres.choices import LeadershipLevel
from careers import services
from careers.models import Appointment
from tests.factories import CadreFactory, TownshipFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_concurrent_promotions_on_one_day_write_exactly_one(transactional_db):
    staff = UserFactory(role=Role.ORG_STAFF)
    township = TownshipFactory()
    cadre = CadreFactory(unit=township, leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, post_title="副镇长")
    barrier = threading.Barrier(4)
    outcomes = []

    def promote(number):
        try:
            barrier.wait()
            services.appointment_create(
                actor=staff,
                cadre=cadre,
                data={
                    "kind": "promotion",
                    "post_title": f"镇长{number}",
                    "unit": township,
                    "leadership_level": LeadershipLevel.TOWNSHIP_CHIEF,
                    "effective_date": datetime.date(2024, 5, 6),
                    "approving_body": "中共新龙县委",
                    "document_number": f"新委〔2024〕{number}号",
                },
            )
            outcomes.append("ok")
        except ValidationError as error:
            # Any other refusal (a field the race should never reach) shows up in the assertion, not as a
            # thread's KeyError.
            outcomes.append(error.message_dict.get("effective_date", error.messages)[0])
        finally:
            connection.close()

    # One level for all four: a 县处级 promotion would be refused for its grassroots warning when it happened
    # to take the lock first, which is a different refusal from the one this test is about.
    threads = [threading.Thread(target=promote, args=(number,)) for number in (1, 2, 3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert [outcome for outcome in outcomes if outcome != "ok"] == [
        "该干部在2024-05-06已有一条“提拔任职”记录，不能重复录入。"
    ] * 3
    assert Appointment.objects.filter(cadre=cadre).count() == 1
    cadre.refresh_from_db()
    assert cadre.post_title == Appointment.objects.get(cadre=cadre).post_title
