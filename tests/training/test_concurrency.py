"""Acceptance 1: 30 concurrent sign-ups for 10 seats on PostgreSQL → 10 enrolled, 20 waiting, no duplicates."""

import datetime
import threading

import pytest
from django.db import connection

from accounts.models import Role
from tests.factories import CadreFactory, UserFactory
from tests.training.factories import CourseFactory
from training import services
from training.models import Enrolment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_sign_ups_for_ten_seats(county, today):
    # given: a course with 10 seats open today, and 30 cadres with their own logins
    course = CourseFactory(
        capacity=10,
        enrol_opens=today - datetime.timedelta(days=1),
        enrol_closes=today + datetime.timedelta(days=1),
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=5),
    )
    users = [UserFactory(role=Role.CADRE, cadre=CadreFactory(unit=county["township"])) for _ in range(30)]
    barrier = threading.Barrier(len(users))
    errors = []

    def sign_up(user):
        try:
            barrier.wait()
            services.enrolment_create(actor=user, course=course, cadre=user.cadre)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    # when: all sign up at once, each thread on its own connection
    threads = [threading.Thread(target=sign_up, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert errors == []
    rows = list(Enrolment.objects.filter(course=course).values_list("cadre_id", "status", "seat", "waiting_position"))
    assert len(rows) == 30
    assert len({cadre_id for cadre_id, *_ in rows}) == 30
    assert sorted(seat for _c, status, seat, _p in rows if status == "enrolled") == list(range(1, 11))
    assert sorted(position for _c, status, _s, position in rows if status == "waiting") == list(range(1, 21))
