"""Low presence (驻村天数不足) lists the postings by sending unit, then the cadres in the roster's official
order (issue 15.4), not by name pinyin."""

import pytest
from django.urls import reverse

from postings.choices import PostingKind
from tests.conftest import ROSTER_ORDER
from tests.factories import VillageFactory
from tests.postings.factories import PostingFactory

pytestmark = pytest.mark.django_db


def test_low_presence_lists_people_in_the_official_order(as_user, org_staff, county, roster_people):
    for number, cadre in enumerate(roster_people.values()):  # serving, and no day on site recorded in October
        village = VillageFactory(name=f"驻村{number}", parent=county["township"])
        PostingFactory(cadre=cadre, kind=PostingKind.FIRST_SECRETARY, host_unit=village)

    response = as_user(org_staff).get(reverse("postings:low_presence"), {"month": "2026-10"})

    assert [row.record.posting.cadre.name for row in response.context["table"].page.object_list] == ROSTER_ORDER
