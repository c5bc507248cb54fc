import pytest

from cadres.choices import LeadershipLevel, PoliticalStatus, Rank
from tests.factories import CadreFactory


@pytest.fixture
def leader(county):
    """A party member who leads a township office: 乡科级副职, 四级主任科员."""
    return CadreFactory(
        name="格桑",
        unit=county["township"],
        post_title="副镇长",
        post_date="2018-06-01",
        leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY,
        rank=Rank.PRINCIPAL_STAFF_4,
        rank_date="2019-06-01",
        political_status=PoliticalStatus.PARTY_MEMBER,
    )
