"""schemathesis against the OpenAPI schema as org staff, unit HR and a cadre (issue 14.9): every operation,
derandomized (the same cases on every run), a bounded number of examples each (SCHEMATHESIS_MAX_EXAMPLES), and
not one server error. Requests go to the WSGI application in-process, on the test database with a small county.

Part of `make test` (and so of .ci/run, on PostgreSQL); marked ``schemathesis`` so that it also runs alone
(``pytest -m schemathesis``). The cases run per role are printed at the end of the run (tests/conftest.py).
"""

import functools
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "3"))
WSGI_APPLICATION = get_wsgi_application()
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def application(environ, start_response):
    """The WSGI application, minus the connection closing that a real request does at its start and end.

    Django's handler closes the database connection on ``request_started`` and ``request_finished``; in a test,
    which runs inside one transaction, that ends the test's own connection (on PostgreSQL every later call
    answered "the connection is closed"). Django's test client detaches ``close_old_connections`` around its
    requests; so does this wrapper, for the call and for the closing of the response (which sends
    ``request_finished``).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGI_APPLICATION(environ, start_response)
        try:
            yield from response
        finally:
            if hasattr(response, "close"):
                response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@functools.cache
def operations() -> tuple:
    """Every operation of the schema drf-spectacular serves (built once per process, for the three roles)."""
    raw = SchemaGenerator().get_schema(request=None, public=True)
    return tuple(result.ok() for result in schemathesis.openapi.from_dict(raw).get_all_operations())


@pytest.mark.parametrize("role", ["org_staff", "unit_hr", "cadre_user"])
def test_no_operation_answers_a_server_error(role, request, county, own_cadre, other_cadre, outside_cadre):
    user = request.getfixturevalue(role)  # conftest.py's users of the permission matrix
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}
    cases, server_errors = [0], []

    for operation in operations():

        @FUZZ_SETTINGS
        @given(case=operation.as_strategy())
        def fuzz(case):
            response = case.call(headers=headers, app=application)
            cases[0] += 1
            if response.status_code >= 500:
                server_errors.append(f"{case.method} {case.formatted_path} -> {response.status_code}")

        fuzz()

    # Read by tests/conftest.py's summary, in the main process too when the run is spread over workers.
    request.node.user_properties += [("schemathesis_role", role), ("schemathesis_cases", cases[0])]
    request.node.user_properties.append(("schemathesis_server_errors", len(server_errors)))
    assert server_errors == []
