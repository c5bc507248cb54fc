"""Exact query counts of the units and cadres API: the same for 10 rows as for 50."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import CadreFactory, UnitFactory


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def session_client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


# token: token+user (1); list: count (1) + page (1)
# session: session (1) + user (1); list: count (1) + page (1)
@pytest.mark.parametrize("rows", [10, 50])
@pytest.mark.parametrize(("make_client", "queries"), [(token_client, 3), (session_client, 4)], ids=["token", "session"])
def test_cadre_list_query_count_does_not_grow(org_staff, county, rows, make_client, queries, django_assert_num_queries):
    for n in range(rows):
        CadreFactory(unit=county["organ"] if n % 2 else county["village"])
    client = make_client(org_staff)

    with django_assert_num_queries(queries):
        response = client.get("/api/cadres/", {"page_size": 100})

    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_cadre_list_query_count_for_unit_hr_with_filters(unit_hr, county, rows, django_assert_num_queries):
    for _ in range(rows):
        CadreFactory(unit=county["village"])
    CadreFactory(unit=county["organ"])
    client = token_client(unit_hr)

    # token+user, the unit of the filter (checked against the scope), count, page
    with django_assert_num_queries(4):
        response = client.get("/api/cadres/", {"page_size": 100, "unit": county["township"].pk, "q": "zx"})

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 50])
def test_unit_list_query_count_does_not_grow(org_staff, county, rows, django_assert_num_queries):
    for _ in range(rows - 4):
        UnitFactory(parent=county["township"])
    client = token_client(org_staff)

    # token+user, count, page
    with django_assert_num_queries(3):
        response = client.get("/api/units/", {"page_size": 100})

    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_unit_list_query_count_for_unit_hr(unit_hr, county, rows, django_assert_num_queries):
    for _ in range(rows):
        UnitFactory(parent=county["township"])
    client = token_client(unit_hr)

    with django_assert_num_queries(3):
        response = client.get("/api/units/", {"page_size": 100})

    assert len(response.json()["results"]) == rows + 2


def test_cadre_detail_query_count(org_staff, outside_cadre, django_assert_num_queries):
    client = token_client(org_staff)

    # token+user, the cadre with its unit
    with django_assert_num_queries(2):
        response = client.get(f"/api/cadres/{outside_cadre.pk}/")

    assert response.json()["unit_name"] == "县财政局"


def test_cadre_detail_query_count_for_own_record(cadre_user, own_cadre, django_assert_num_queries):
    client = token_client(cadre_user)

    with django_assert_num_queries(2):
        response = client.get(f"/api/cadres/{own_cadre.pk}/")

    assert response.status_code == 200


def test_unit_detail_query_count(org_staff, county, django_assert_num_queries):
    client = token_client(org_staff)

    with django_assert_num_queries(2):
        response = client.get(f"/api/units/{county['village'].pk}/")

    assert response.json()["name"] == "如龙村"
