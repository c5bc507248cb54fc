"""The official order of a unit's page (书记 first, then the chief, 副书记, deputies, others) and its
in-service default (在职 unless the user asks for everyone)."""

import datetime

import pytest
from django.urls import reverse

from cadres.choices import CadreStatus, LeadershipLevel, Rank
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def names_on_unit_page(client, unit, **query) -> list[str]:
    response = client.get(reverse("cadres:unit_detail", args=[unit.pk]), query)
    return [row.record.name for row in response.context["table"].page.object_list]


def test_a_townships_page_lists_its_party_secretary_first(as_user, org_staff, county):
    township = county["township"]
    # Created in pinyin order, the opposite of the official one.
    CadreFactory(name="阿苦", unit=township, post_title="科员", rank=Rank.PRINCIPAL_STAFF_1)
    CadreFactory(name="白玛", unit=township, post_title="副镇长", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY)
    CadreFactory(name="次仁", unit=township, post_title="党委副书记", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY)
    CadreFactory(name="达瓦", unit=township, post_title="镇长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    CadreFactory(name="扎西", unit=township, post_title="党委书记", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    CadreFactory(
        name="格桑",
        unit=township,
        post_title="副镇长",
        leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY,
        rank=Rank.PRINCIPAL_STAFF_4,
        rank_date=datetime.date(2015, 1, 1),
    )

    assert names_on_unit_page(as_user(org_staff), township) == ["扎西", "达瓦", "次仁", "格桑", "白玛", "阿苦"]


def test_a_units_page_counts_cadres_in_service_unless_asked_for_all(as_user, org_staff, county):
    township = county["township"]
    CadreFactory(name="扎西", unit=township)
    CadreFactory(name="卓玛", unit=township, status=CadreStatus.RETIRED)
    client = as_user(org_staff)

    assert names_on_unit_page(client, township) == ["扎西"]
    assert sorted(names_on_unit_page(client, township, all="1")) == ["卓玛", "扎西"]
