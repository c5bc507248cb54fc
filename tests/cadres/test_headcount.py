"""The headcount flag (issue 15.9): a unit with more cadres in service than its approved 编制数 is marked
超编 in the unit tree, on its own page and in its parent's list of sub-units."""

import pytest
from django.urls import reverse

from cadres.choices import CadreStatus
from cadres.rules import headcount_excess
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("headcount", "in_service", "excess"),
    [(56, 57, 1), (56, 56, 0), (56, 3, 0), (0, 12, 0)],  # 0: 编制 never entered, not flagged
)
def test_headcount_excess(headcount, in_service, excess):
    assert headcount_excess(headcount, in_service) == excess


@pytest.fixture
def over_by_one(county):
    """如龙镇 with 编制 2 and three cadres in service (and one retired, who does not count)."""
    township = county["township"]
    township.headcount = 2
    township.save()
    for name in ("扎西", "卓玛", "格桑"):
        CadreFactory(name=name, unit=township)
    CadreFactory(name="次仁", unit=township, status=CadreStatus.RETIRED)
    return township


def test_the_tree_and_the_unit_page_flag_a_unit_over_its_headcount(as_user, org_staff, county, over_by_one):
    client = as_user(org_staff)

    tree = client.get(reverse("cadres:unit_tree")).content.decode()
    page = client.get(reverse("cadres:unit_detail", args=[over_by_one.pk]))
    parent = client.get(reverse("cadres:unit_detail", args=[county["root"].pk])).content.decode()

    assert tree.count("超编1人") == 1
    assert (page.context["in_service"], page.context["headcount_excess"]) == (3, 1)
    assert "超编1人" in page.content.decode()
    assert parent.count("超编1人") == 1  # 如龙镇 in the county's sub-units


def test_a_unit_within_its_headcount_is_not_flagged(as_user, org_staff, county, over_by_one):
    over_by_one.headcount = 3
    over_by_one.save()

    page = as_user(org_staff).get(reverse("cadres:unit_detail", args=[over_by_one.pk]))

    assert page.context["headcount_excess"] == 0
    assert "超编" not in page.content.decode()
