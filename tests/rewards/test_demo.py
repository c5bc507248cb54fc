"""The rewards demo extension: the lists of the rewards area have rows on a small seeded county."""

import io

from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from assessments.models import AnnualResult
from rewards import demo
from rewards.models import RankPromotionEligibility


def test_seed_demo_has_priority_candidates_for_rank_promotion(db, client):
    """Issue 15.10: the 优先晋升职级人选 list is not empty on a small county, whatever the other areas drew."""
    out = io.StringIO()
    call_command("seed_demo", cadres=150, seed=5, stdout=out)

    priority = RankPromotionEligibility.objects.filter(priority=True)
    assert priority.count() == demo.PRIORITY_CANDIDATES
    assert not priority.filter(eligible=False).exists()
    for cadre_id in priority.values_list("cadre_id", flat=True):
        grades = AnnualResult.objects.filter(cadre_id=cadre_id, year__in=[2023, 2024, 2025]).values_list("grade")
        assert sorted(grade for (grade,) in grades) == ["excellent"] * 3
    client.force_login(User.objects.get(username="orgstaff"))
    page = client.get(reverse("rewards:eligibility_list"), {"priority": "true"})
    assert page.context["total"] == demo.PRIORITY_CANDIDATES
    assert "(2 priority)" in out.getvalue()
