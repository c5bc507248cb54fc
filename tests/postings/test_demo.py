"""The demo postings: sized on the seed article, coherent with every constraint, deterministic."""

import random

from django.test import override_settings

from accounts.models import User
from cadres.demo import county_seed
from postings import selectors
from postings.choices import ExchangeDirection, PostingKind, PostingStatus, ReminderKind
from postings.models import Posting, VillageProfile


@override_settings(DEMO_SEED_EXTENSIONS=[])
def test_demo_postings_follow_the_seed_article_scaled_to_the_county(db, today):
    county_seed(seed=7, cadres=4000)
    from postings import demo

    demo.seed(rng=random.Random(1), cadres_count=4000, stdout=None)
    kinds = Posting.objects.values_list("kind", flat=True)
    assert list(kinds).count(PostingKind.FRONT_LINE) == 320 + len(demo.ENDING_SOON_MONTHS)
    assert list(kinds).count(PostingKind.TEMPORARY_POST) == 34
    exchanges = Posting.objects.filter(kind=PostingKind.EXCHANGE)
    assert exchanges.filter(exchange_direction=ExchangeDirection.COUNTY_TO_TOWNSHIP).count() == 145
    assert exchanges.exclude(exchange_direction=ExchangeDirection.COUNTY_TO_TOWNSHIP).count() == 55
    first_secretaries = Posting.objects.filter(kind=PostingKind.FIRST_SECRETARY)
    villages = VillageProfile.objects.count()
    assert first_secretaries.count() == min(90, villages)
    assert Posting.objects.values("cadre").distinct().count() == Posting.objects.count()
    assert not Posting.objects.filter(status=PostingStatus.SERVING, planned_end__lt=today).exists()
    staff = User.objects.get(username="orgstaff")
    ending = selectors.ending_soon(user=staff, today=today, days=30)
    assert ending.count() >= len(demo.ENDING_SOON_MONTHS)
    reminders = selectors.reminder_list(user=staff).filter(kind=ReminderKind.ENDING_SOON)
    assert set(reminders.values_list("posting", flat=True)) == set(ending.values_list("pk", flat=True))
