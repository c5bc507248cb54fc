"""Acceptance 10.6: one error contract for the API.

Every error answer has one shape with codes (``core.api.exceptions``); related fields are scoped to the
user, so an id out of the caller's scope gets the same answer as an id that names nothing; and the
schema declares the error answers of every operation.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from cadres.models import Cadre
from tests.api import error_codes, error_messages

MISSING = 999999


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def same_answer(first, second, *, first_id: int, second_id: int) -> bool:
    """The two answers are equal once the id each caller sent is set aside (DRF names the id sent)."""
    return first.status_code == second.status_code and first.content.decode().replace(
        str(first_id), "ID"
    ) == second.content.decode().replace(str(second_id), "ID")


def posting_payload(cadre_id: int, county) -> dict:
    return {
        "cadre": cadre_id,
        "kind": "first_secretary",
        "host_unit": county["village"].pk,
        "purpose": "抓党建促乡村振兴",
        "planned_start": "2026-03-01",
        "planned_end": "2028-02-29",
    }


def appointment_payload(cadre_id: int, unit_id: int) -> dict:
    return {
        "cadre": cadre_id,
        "kind": "lateral_transfer",
        "post_title": "科员",
        "unit": unit_id,
        "effective_date": "2025-01-02",
        "approving_body": "县委",
        "document_number": "新委〔2025〕1号",
    }


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/postings/", lambda county, cadre_id: posting_payload(cadre_id, county)),
        ("/api/careers/appointments/", lambda county, cadre_id: appointment_payload(cadre_id, county["village"].pk)),
    ],
)
def test_an_out_of_scope_cadre_id_and_a_missing_one_get_the_same_answer(unit_hr, county, outside_cadre, path, payload):
    client = api_for(unit_hr)

    out_of_scope = client.post(path, payload(county, outside_cadre.pk), format="json")
    missing = client.post(path, payload(county, MISSING), format="json")

    assert out_of_scope.status_code == 400
    assert error_codes(out_of_scope)["cadre"] == ["does_not_exist"]
    assert same_answer(out_of_scope, missing, first_id=outside_cadre.pk, second_id=MISSING)


def test_an_out_of_scope_unit_id_and_a_missing_one_get_the_same_answer_on_a_cadre(unit_hr, county, other_cadre):
    client = api_for(unit_hr)
    url = f"/api/cadres/{other_cadre.pk}/"

    out_of_scope = client.patch(url, {"unit": county["organ"].pk}, format="json")
    missing = client.patch(url, {"unit": MISSING}, format="json")

    assert error_messages(out_of_scope) == {"unit": [f"无效主键 “{county['organ'].pk}” － 对象不存在。"]}
    assert same_answer(out_of_scope, missing, first_id=county["organ"].pk, second_id=MISSING)
    assert Cadre.objects.get(pk=other_cadre.pk).unit == county["village"]


def test_a_field_error_carries_drfs_code_and_the_answer_its_own(org_staff, county):
    response = api_for(org_staff).post("/api/cadres/", {"unit": county["organ"].pk, "category": "nobody"})

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["detail"]) == ("invalid", body["fields"][next(iter(body["fields"]))][0]["message"])
    codes = error_codes(response)
    assert codes["name"] == ["required"]
    assert codes["category"] == ["invalid_choice"]


def test_a_service_refusal_keeps_its_code(unit_hr, other_cadre):
    response = api_for(unit_hr).patch(f"/api/cadres/{other_cadre.pk}/", {"rank": 9}, format="json")

    assert response.status_code == 400
    assert error_codes(response) == {"": "invalid", "rank": ["career_field"]}


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [(None, 401, "not_authenticated"), ("cadre_user", 403, "permission_denied"), ("unit_hr", 404, "not_found")],
)
def test_each_refusal_has_the_one_shape_with_its_code(request, outside_cadre, who, status, code):
    client = api_for(request.getfixturevalue(who)) if who else APIClient()

    response = client.patch(f"/api/cadres/{outside_cadre.pk}/", {"phone": "1"}, format="json")

    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["fields"] == {}
    assert response.json()["detail"]


def test_a_bad_token_is_401_with_its_code(db):
    response = APIClient().get("/api/cadres/", HTTP_AUTHORIZATION="Token 0123456789abcdef")

    assert (response.status_code, response.json()["code"]) == (401, "authentication_failed")


def test_a_stale_if_match_is_412_with_code_stale(unit_hr, other_cadre):
    response = api_for(unit_hr).patch(
        f"/api/cadres/{other_cadre.pk}/",
        {"phone": "13800000000"},
        format="json",
        HTTP_IF_MATCH='"2000-01-01T00:00:00+00:00"',
    )

    assert (response.status_code, response.json()["code"], response.json()["fields"]) == (412, "stale", {})


def test_the_schema_declares_the_error_answers_of_every_operation(db):
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            wanted = {"400", "401", "403"} | ({"404"} if "{" in path else set())
            if not wanted <= set(operation["responses"]):
                missing.append(f"{method.upper()} {path}: {sorted(wanted - set(operation['responses']))}")

    assert missing == []
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"code", "detail", "fields"}
    patch = schema["paths"]["/api/cadres/{id}/"]["patch"]
    assert "412" in patch["responses"]
    assert any(parameter["name"] == "If-Match" for parameter in patch["parameters"])
