"""The careers demo extension writes plausible, consistent records in bulk, with their history."""

import random

from cadres.choices import LeadershipLevel, PoliticalStatus
from careers import demo
from careers.models import AccountabilityRecord, Appointment, RankChange
from tests.factories import CadreFactory


def test_demo_seed_writes_consistent_records_with_history(county):
    leaders = [
        CadreFactory(unit=county["township"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, post_date="2020-05-01")
        for _ in range(3)
    ]
    for _ in range(40):
        CadreFactory(unit=county["village"], political_status=PoliticalStatus.PARTY_MEMBER)
    demo.seed(rng=random.Random(1), cadres_count=43, stdout=None)
    assert Appointment.objects.count() == 3
    for leader in leaders:
        appointment = Appointment.objects.get(cadre=leader)
        assert (appointment.post_title, appointment.leadership_level) == (leader.post_title, leader.leadership_level)
    for change in RankChange.objects.select_related("cadre"):
        assert (change.to_rank, change.effective_date) == (change.cadre.rank, change.cadre.rank_date)
    assert AccountabilityRecord.history.count() == AccountabilityRecord.objects.count()
    assert Appointment.history.count() == 3
    demo.records_seed(rng=random.Random(2), share=1.0)
    assert AccountabilityRecord.objects.count() >= 43
    assert (
        AccountabilityRecord.objects.filter(family="party_discipline")
        .exclude(cadre__political_status__in=demo.PARTY_STATUSES)
        .count()
        == 0
    )
