"""Award candidates in the roster's official order (issue 15.4) on the page and in the API: the table's
order_by (year, unit) and the API's cadre id no longer override it; a user's sort still wins."""

import pytest

from tests.conftest import ROSTER_ORDER
from tests.rewards.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_the_candidates_are_listed_each_year_in_the_official_order(as_user, org_staff, roster_people):
    for cadre in roster_people.values():  # in pinyin (and primary key) order
        CandidateFactory(cadre=cadre, year=2024)
    CandidateFactory(cadre=roster_people["阿苦"], year=2023)
    client = as_user(org_staff)

    page = client.get("/rewards/candidates/").context["table"].page.object_list
    by_name = client.get("/rewards/candidates/", {"sort": "cadre"}).context["table"].page.object_list
    api = client.get("/api/rewards/candidates/").json()["results"]

    assert [row.record.cadre.name for row in page] == [*ROSTER_ORDER, "阿苦"]
    assert [row.record.cadre.name for row in by_name] == ["阿苦", "阿苦", "白玛", "次仁", "扎西"]
    assert [row["cadre_name"] for row in api] == [*ROSTER_ORDER, "阿苦"]
