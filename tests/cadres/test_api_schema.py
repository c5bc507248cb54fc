"""The OpenAPI schema and Swagger UI: generated without warnings, served offline, and every documented
GET answers something other than a server error."""

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import CadreFactory


def test_schema_generates_without_warnings_or_errors(db):
    # the same check as `manage.py spectacular --fail-on-warn`: raises on any warning or error
    output = io.StringIO()

    call_command("spectacular", "--fail-on-warn", "--validate", stdout=output)

    assert output.getvalue().startswith("openapi: 3.0.3")


def test_schema_endpoint_serves_openapi(db):
    response = Client().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "干部正向激励管理系统 API"
    assert {
        "/api/units/",
        "/api/units/{id}/",
        "/api/cadres/",
        "/api/cadres/{id}/",
        "/api/me/",
        "/api/auth/token/",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/cadres/{id}/"]) == {"get", "patch"}
    assert set(schema["paths"]["/api/cadres/"]) == {"get", "post"}
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_schema_documents_the_cadre_filters(db):
    schema = Client().get("/api/schema/", {"format": "json"}).json()

    parameters = {parameter["name"] for parameter in schema["paths"]["/api/cadres/"]["get"]["parameters"]}

    assert parameters == {
        "q",
        "unit",
        "unit_kind",
        "category",
        "rank",
        "leadership_level",
        "ethnicity",
        "gender",
        "political_status",
        "status",
        "age_min",
        "age_max",
        "ordering",
        "page",
        "page_size",
    }


def test_token_endpoint_schema_answers_only_a_token_and_its_expiry(db):
    schema = Client().get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/auth/token/"]["post"]
    response_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    response_schema = schema["components"]["schemas"][response_ref.rsplit("/", 1)[-1]]

    assert list(response_schema["properties"]) == ["token", "expires"]
    assert operation["security"] == [{}]


def test_swagger_ui_references_only_local_assets(db):
    response = Client().get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"https?://", html) == []
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    # Swagger UI's start-up script is served by the page's own URL (the CSP refuses inline script)
    start_up = [asset for asset in assets if asset.startswith("/api/docs/?script")]
    for asset in set(assets) - set(start_up):
        assert asset.startswith("/static/drf_spectacular_sidecar/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    script = Client().get(start_up[0].replace("&amp;", "&"))
    assert script.status_code == 200
    assert re.findall(r"https?://", script.content.decode()) == []
    assert '"validatorUrl": null' in script.content.decode()


@pytest.fixture
def populated(county, own_cadre, other_cadre, outside_cadre):
    return [CadreFactory(unit=county["organ"]) for _ in range(3)]


def test_every_documented_get_is_not_a_server_error(org_staff, populated):
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    client = APIClient()
    client.force_authenticate(org_staff)
    some_id = str(populated[0].pk)

    checked = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        url = re.sub(r"\{[^}]+\}", some_id, path)
        response = client.get(url)
        checked.append(path)
        assert response.status_code < 500, (path, response.status_code)
        assert response.status_code in (200, 400, 404), (path, response.status_code)

    assert {"/api/units/", "/api/cadres/", "/api/cadres/{id}/", "/api/me/"} <= set(checked)


def test_no_documented_endpoint_is_open_to_anonymous(populated):
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    some_id = str(populated[0].pk)

    open_endpoints = []
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{[^}]+\}", some_id, path)
        for method in ("get", "post", "put", "patch", "delete"):
            if method not in operations or operations[method].get("security") == [{}]:
                continue
            response = getattr(APIClient(), method)(url, {}, format="json")
            if response.status_code not in (401, 403):
                open_endpoints.append((method.upper(), path, response.status_code))

    assert open_endpoints == []
