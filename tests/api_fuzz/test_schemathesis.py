"""schemathesis against the OpenAPI schema as org staff, unit HR and a cadre (issue 14.9): every operation,
derandomized (the same cases on every run), a bounded number of examples each (SCHEMATHESIS_MAX_EXAMPLES), and
not one server error. Requests go to the WSGI application in-process, on the test database with a small county.

Marked ``schemathesis``: `make test` leaves it out (``-m 'not schemathesis'`` in pytest's addopts); .ci/run runs
it as a step of its own and prints the cases run per role.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token

from tests.api_fuzz.conftest import CASES, SERVER_ERRORS

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "3"))
APPLICATION = get_wsgi_application()
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def operations():
    raw = SchemaGenerator().get_schema(request=None, public=True)
    for result in schemathesis.openapi.from_dict(raw).get_all_operations():
        yield result.ok()


@pytest.mark.parametrize("role", ["org_staff", "unit_hr", "cadre_user"])
def test_no_operation_answers_a_server_error(role, request, county, own_cadre, other_cadre, outside_cadre):
    user = request.getfixturevalue(role)  # conftest.py's users of the permission matrix
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}
    server_errors = []

    for operation in operations():

        @FUZZ_SETTINGS
        @given(case=operation.as_strategy())
        def fuzz(case):
            response = case.call(headers=headers, app=APPLICATION)
            CASES[role] += 1
            if response.status_code >= 500:
                SERVER_ERRORS[role] += 1
                server_errors.append(f"{case.method} {case.formatted_path} -> {response.status_code}")

        fuzz()

    assert server_errors == []
