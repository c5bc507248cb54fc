"""Two staff members posting the same new cadre at the same moment: one wins, the other gets a Chinese
field error, never a 500 (the service turns the database's unique violation into a ValidationError)."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Role
from cadres.models import Cadre
from tests.cadres.test_api import new_cadre_payload
from tests.factories import UnitFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL for real concurrency"),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_with_the_same_id_number_give_one_cadre_and_one_400():
    unit = UnitFactory(name="县财政局")
    users = [UserFactory(username=f"staff{n}", role=Role.ORG_STAFF) for n in range(2)]
    payload = new_cadre_payload(unit)
    barrier = threading.Barrier(len(users))
    responses = []

    def post(user) -> None:
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait(timeout=10)
            response = client.post("/api/cadres/", payload, format="json")
            responses.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(status for status, _body in responses) == [201, 400]
    rejected = next(body for status, body in responses if status == 400)
    messages = {field: [item["message"] for item in items] for field, items in rejected["fields"].items()}
    assert messages in ({"id_number": ["该身份证号已存在。"]}, {"id_number": ["具有 身份证号 的 干部 已存在。"]})
    assert Cadre.objects.count() == 1
