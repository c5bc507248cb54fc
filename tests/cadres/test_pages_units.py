"""The unit tree, a unit's page, and the unit forms."""

import pytest
from django.urls import reverse

from cadres.choices import CadreStatus, UnitKind
from cadres.models import Unit
from tests.factories import CadreFactory, UnitFactory

TREE_URL = reverse("cadres:unit_tree")


def flatten(nodes, level=0):
    for node in nodes:
        yield level, node
        yield from flatten(node.children, level + 1)


def tree_rows(response):
    return [
        (level, node.unit.name, node.active_count, node.subtree_active_count)
        for level, node in flatten(response.context["roots"])
    ]


@pytest.fixture
def staffed_county(county):
    CadreFactory(name="扎西", unit=county["township"])
    CadreFactory(name="卓玛", unit=county["village"])
    CadreFactory(name="次仁", unit=county["village"])
    CadreFactory(name="退休者", unit=county["village"], status=CadreStatus.RETIRED)
    CadreFactory(name="王建国", unit=county["organ"])
    return county


def test_tree_shows_every_unit_nested_with_active_counts_of_the_unit_and_its_subtree(
    as_user, org_staff, staffed_county
):
    response = as_user(org_staff).get(TREE_URL)

    assert tree_rows(response) == [
        (0, "新龙县", 0, 4),
        (1, "县财政局", 1, 1),  # organs before townships (Unit.sort_order by kind)
        (1, "如龙镇", 1, 3),
        (2, "如龙村", 2, 2),
    ]
    content = response.content.decode()
    assert "乡镇" in content  # the kind badge
    assert 'data-bs-toggle="collapse"' in content


def test_unit_hr_tree_starts_at_the_managed_unit(as_user, unit_hr, staffed_county):
    assert tree_rows(as_user(unit_hr).get(TREE_URL)) == [(0, "如龙镇", 1, 3), (1, "如龙村", 2, 2)]


def test_tree_search_keeps_matching_units_and_their_ancestors(as_user, org_staff, staffed_county):
    response = as_user(org_staff).get(TREE_URL, {"q": "村"})

    assert [(level, name) for level, name, *_counts in tree_rows(response)] == [
        (0, "新龙县"),
        (1, "如龙镇"),
        (2, "如龙村"),
    ]
    assert [node.matches for _level, node in flatten(response.context["roots"])] == [False, False, True]


def test_tree_search_without_a_match_says_so(as_user, org_staff, staffed_county):
    response = as_user(org_staff).get(TREE_URL, {"q": "不存在的单位"})

    assert response.context["roots"] == []
    assert "没有名称包含该文字的单位。" in response.content.decode()


def test_unit_page_shows_breadcrumbs_children_and_its_own_cadres(as_user, org_staff, staffed_county):
    township = staffed_county["township"]

    response = as_user(org_staff).get(reverse("cadres:unit_detail", args=[township.pk]))

    assert [unit.name for unit in response.context["ancestors"]] == ["新龙县"]
    assert [(unit.name, unit.active_count) for unit in response.context["children"]] == [("如龙村", 2)]
    assert [row.record.name for row in response.context["table"].page.object_list] == ["扎西"]
    assert f"{reverse('cadres:cadre_list')}?unit={township.pk}" in response.content.decode()


def test_unit_page_with_sub_units_lists_the_whole_subtree_in_service_unless_asked_for_all(
    as_user, org_staff, staffed_county
):
    url = reverse("cadres:unit_detail", args=[staffed_county["township"].pk])
    client = as_user(org_staff)

    in_service = client.get(url, {"sub": "1"}).context["table"].page.object_list
    everyone = client.get(url, {"sub": "1", "all": "1"}).context["table"].page.object_list

    assert sorted(row.record.name for row in in_service) == sorted(["扎西", "卓玛", "次仁"])
    assert sorted(row.record.name for row in everyone) == sorted(["扎西", "卓玛", "次仁", "退休者"])


def test_unit_hr_breadcrumbs_show_only_units_in_scope(as_user, unit_hr, staffed_county):
    response = as_user(unit_hr).get(reverse("cadres:unit_detail", args=[staffed_county["village"].pk]))

    assert [unit.name for unit in response.context["ancestors"]] == ["如龙镇"]


def test_unit_page_paginates_its_cadres(as_user, org_staff, county):
    for index in range(30):
        CadreFactory(name=f"甲{index}", unit=county["organ"])

    response = as_user(org_staff).get(reverse("cadres:unit_detail", args=[county["organ"].pk]), {"page": 2})

    assert response.context["table"].paginator.count == 30
    assert len(response.context["table"].page.object_list) == 5


def test_org_staff_create_a_unit(as_user, org_staff, county):
    response = as_user(org_staff).post(
        reverse("cadres:unit_create"),
        {
            "code": "513329-99",
            "name": "县档案馆",
            "parent": county["root"].pk,
            "kind": "public_institution",
            "headcount": 8,
            "sort_order": 3,
            "is_active": "on",
            "reason": "新设",
        },
    )

    unit = Unit.objects.get(code="513329-99")
    assert response["Location"] == reverse("cadres:unit_detail", args=[unit.pk])
    assert (unit.parent, unit.depth, unit.headcount, unit.kind) == (county["root"], 1, 8, UnitKind.PUBLIC_INSTITUTION)
    assert unit.history.get().history_change_reason == "新设"


def test_unit_hr_creates_a_village_under_the_managed_township(as_user, unit_hr, county):
    response = as_user(unit_hr).post(
        reverse("cadres:unit_create"),
        {
            "code": "V-NEW",
            "name": "新村",
            "parent": county["township"].pk,
            "kind": "village",
            "headcount": 5,
            "sort_order": 0,
        },
    )

    assert response.status_code == 302
    assert Unit.objects.get(code="V-NEW").path.startswith(county["township"].path)


def test_unit_edit_renames_and_refuses_a_parent_inside_its_own_subtree(as_user, org_staff, county):
    client = as_user(org_staff)
    township = county["township"]
    url = reverse("cadres:unit_edit", args=[township.pk])
    data = {
        "code": township.code,
        "name": "如龙镇（新）",
        "parent": county["root"].pk,
        "kind": "township",
        "is_township": "on",
        "headcount": 30,
        "sort_order": 0,
        "is_active": "on",
    }

    assert client.post(url, data).status_code == 302
    moved = client.post(url, {**data, "parent": county["village"].pk})

    township.refresh_from_db()
    assert township.name == "如龙镇（新）"
    assert township.parent == county["root"]
    assert "parent" in moved.context["form"].errors
    parent_choices = [int(str(value)) for value, _label in moved.context["form"].fields["parent"].choices if value]
    assert county["village"].pk not in parent_choices
    assert township.pk not in parent_choices


def test_duplicate_unit_code_is_a_form_error(as_user, org_staff, county):
    UnitFactory(code="DUP", parent=county["root"])

    response = as_user(org_staff).post(
        reverse("cadres:unit_create"),
        {
            "code": "DUP",
            "name": "重复",
            "parent": county["root"].pk,
            "kind": "village",
            "headcount": 1,
            "sort_order": 0,
        },
    )

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert Unit.objects.filter(code="DUP").count() == 1
