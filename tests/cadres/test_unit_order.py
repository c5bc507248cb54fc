"""Units in their official order (issue 15.4): a settable 排序号 with a default by kind, the unit tree and
every list of units ordered by it, and lists of other apps in the roster's official order."""

import pytest
from django.urls import reverse

from cadres.choices import LeadershipLevel, Rank, UnitKind
from cadres.models import Unit
from cadres.selectors import unit_list
from tests.factories import CadreFactory, UnitFactory


@pytest.fixture
def township_units(county):
    """A township's units created out of order: villages first, then the 党委 and 政府 offices."""
    township = county["township"]
    made = [
        UnitFactory(name="二村", code="T-V2", kind=UnitKind.VILLAGE, parent=township),
        UnitFactory(name="一村", code="T-V1", kind=UnitKind.VILLAGE, parent=township),
        UnitFactory(name="镇社区", code="T-C1", kind=UnitKind.COMMUNITY, parent=township),
        UnitFactory(name="镇政府办", code="T-G1", kind=UnitKind.GOVERNMENT_ORGAN, parent=township),
        UnitFactory(name="镇党政办", code="T-P1", kind=UnitKind.PARTY_ORGAN, parent=township),
    ]
    return township, made


def test_a_new_unit_takes_the_next_sort_order_of_its_kind(township_units):
    township, _made = township_units

    orders = dict(Unit.objects.filter(parent=township).values_list("name", "sort_order"))

    assert orders == {"如龙村": 800, "二村": 801, "一村": 802, "镇社区": 803, "镇政府办": 300, "镇党政办": 200}


def test_a_townships_units_are_listed_in_order_and_a_set_sort_order_moves_one(as_user, org_staff, township_units):
    township, made = township_units
    below = Unit.objects.filter(path__startswith=township.path).exclude(pk=township.pk)

    before = [unit.name for unit in below]
    made[1].sort_order = 799  # 一村 first of the villages
    made[1].save()

    assert before == ["镇党政办", "镇政府办", "如龙村", "二村", "一村", "镇社区"]
    assert [unit.name for unit in below.all()] == ["镇党政办", "镇政府办", "一村", "如龙村", "二村", "镇社区"]
    assert [unit.name for unit in unit_list(user=org_staff).filter(parent=township)] == [
        "镇党政办",
        "镇政府办",
        "一村",
        "如龙村",
        "二村",
        "镇社区",
    ]
    tree = as_user(org_staff).get(reverse("cadres:unit_tree")).content.decode()
    positions = [tree.index(name) for name in ("如龙镇", "镇党政办", "镇政府办", "一村", "如龙村", "二村", "镇社区")]
    assert positions == sorted(positions)


def test_the_county_organs_come_before_the_townships(county):
    assert [unit.name for unit in Unit.objects.filter(depth=1)] == ["县财政局", "如龙镇"]


def test_the_health_check_list_defaults_to_the_official_order(as_user, org_staff, county):
    township, village, organ = county["township"], county["village"], county["organ"]
    CadreFactory(name="村主任", unit=village, post_title="村主任", leadership_level=None, rank=None)
    CadreFactory(name="科员甲", unit=township, post_title="科员", leadership_level=None, rank=Rank.CLERK_1)
    CadreFactory(name="镇长", unit=township, post_title="镇长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    CadreFactory(name="书记", unit=township, post_title="党委书记", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    CadreFactory(name="局长", unit=organ, post_title="局长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)

    response = as_user(org_staff).get("/care/health-checks/due/")

    names = [row.record.name for row in response.context["table"].page.object_list]
    assert names == ["局长", "书记", "镇长", "科员甲", "村主任"]
