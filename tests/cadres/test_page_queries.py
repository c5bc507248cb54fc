"""Exact query counts of the cadre pages, the same for 10 rows as for 50.

Two of every count are the session and the user of the login. The cadre page's own count is measured with
no section registered: each app's section has its own constant-count test.
"""

import pytest
from django.urls import reverse

from cadres import services
from tests.factories import CadreFactory, UnitFactory


@pytest.fixture
def no_sections(monkeypatch):
    monkeypatch.setattr("cadres.sections._SECTIONS", {})
    monkeypatch.setattr("cadres.sections._ACTIONS", {})


def add_cadres(unit, count):
    for index in range(count):
        CadreFactory(name=f"干部{index}", unit=unit)


# session, user, COUNT of the filtered list, unit choices of the filter form, the page of rows
LIST_QUERIES = 5


@pytest.mark.parametrize("visitor", ["org_staff", "unit_hr"])
def test_list_page_query_count_is_the_same_for_10_and_50_rows(
    request, as_user, county, django_assert_num_queries, visitor
):
    client = as_user(request.getfixturevalue(visitor))
    url = reverse("cadres:cadre_list")
    query = {"per_page": 100, "category": "civil_servant", "q": "gb"}

    add_cadres(county["village"], 10)
    with django_assert_num_queries(LIST_QUERIES):
        few = client.get(url, query)
    add_cadres(county["village"], 40)
    with django_assert_num_queries(LIST_QUERIES):
        many = client.get(url, query)

    assert (few.context["total"], many.context["total"]) == (10, 50)
    assert len(many.context["table"].page.object_list) == 50


# session, user, the cadre with its unit, the history with its users, the names of units in the changes
DETAIL_QUERIES = 5


def test_detail_page_query_count_is_the_same_for_10_and_50_history_records(
    as_user, org_staff, county, no_sections, django_assert_num_queries
):
    client = as_user(org_staff)
    cadre = CadreFactory(unit=county["township"])
    units = [county["village"], county["organ"]]

    def edit(times, start):
        for number in range(start, start + times):
            # a transfer is written by the careers services (the one writer of the career fields)
            services.career_fields_write(actor=org_staff, cadre=cadre, data={"unit": units[number % 2]}, reason="调任")

    edit(9, 0)  # with the creation: 10 records
    with django_assert_num_queries(DETAIL_QUERIES):
        few = client.get(reverse("cadres:cadre_detail", args=[cadre.pk]))
    edit(40, 9)
    with django_assert_num_queries(DETAIL_QUERIES):
        many = client.get(reverse("cadres:cadre_detail", args=[cadre.pk]))

    assert (len(few.context["history"]), len(many.context["history"])) == (10, 50)
    assert many.context["history"][0].changes[0].label == "工作单位"


# session, user, own record with its unit, the history, the unit names
MY_RECORD_QUERIES = 5


def test_my_record_query_count_is_the_same_for_10_and_50_history_records(
    as_user, cadre_user, own_cadre, org_staff, county, no_sections, django_assert_num_queries
):
    client = as_user(cadre_user)
    units = [county["village"], county["township"]]
    for number in range(9):
        services.career_fields_write(actor=org_staff, cadre=own_cadre, data={"unit": units[number % 2]}, reason="")
    with django_assert_num_queries(MY_RECORD_QUERIES):
        client.get(reverse("cadres:my_record"))
    for number in range(1, 41):
        services.career_fields_write(actor=org_staff, cadre=own_cadre, data={"unit": units[number % 2]}, reason="")
    with django_assert_num_queries(MY_RECORD_QUERIES):
        response = client.get(reverse("cadres:my_record"))

    assert len(response.context["history"]) == 50


# session, user, the unit, its visible ancestors, its children with their active counts, COUNT, the page of rows
UNIT_QUERIES = 7


@pytest.mark.parametrize("include_subunits", [False, True])
def test_unit_page_query_count_is_the_same_for_10_and_50_rows(
    as_user, org_staff, county, django_assert_num_queries, include_subunits
):
    client = as_user(org_staff)
    township = county["township"]
    url = reverse("cadres:unit_detail", args=[township.pk])
    query = {"per_page": 100, "sub": "1" if include_subunits else ""}

    add_cadres(township, 10)
    with django_assert_num_queries(UNIT_QUERIES):
        few = client.get(url, query)
    add_cadres(township, 40)
    for index in range(5):
        add_cadres(UnitFactory(name=f"村{index}", parent=township), 2)
    with django_assert_num_queries(UNIT_QUERIES):
        many = client.get(url, query)

    assert few.context["table"].paginator.count == 10
    assert many.context["table"].paginator.count == (60 if include_subunits else 50)
    assert len(many.context["children"]) == 6


# session, user, the visible units with their active counts
TREE_QUERIES = 3


@pytest.mark.parametrize("visitor", ["org_staff", "unit_hr"])
def test_unit_tree_query_count_is_the_same_for_10_and_50_units(
    request, as_user, county, django_assert_num_queries, visitor
):
    client = as_user(request.getfixturevalue(visitor))

    for index in range(6):
        add_cadres(UnitFactory(name=f"村{index}", parent=county["township"]), 1)
    with django_assert_num_queries(TREE_QUERIES):
        few = client.get(reverse("cadres:unit_tree"))
    for index in range(40):
        add_cadres(UnitFactory(name=f"新村{index}", parent=county["village"]), 1)
    with django_assert_num_queries(TREE_QUERIES):
        many = client.get(reverse("cadres:unit_tree"))

    expected = {"org_staff": (10, 50), "unit_hr": (8, 48)}[visitor]
    assert (few.context["unit_count"], many.context["unit_count"]) == expected
