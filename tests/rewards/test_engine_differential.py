"""The set-based engine and the pure rules agree (acceptance 2), on generated ten-year histories.

Each example is one unit of a few cadres with random ranks, rank dates, ten years of annual results (every
grade, ungraded for probation or other reasons, some confirmed only after the date asked), a few
accountability records, and a random headcount for the rank posts. The engine reads the facts in SQL (the
streak places by window functions, the years at the rank by a filtered query) and writes its rows; the pure
rules read the same history as plain values (``rules.award_candidates``, ``rules.tenure_facts``). The stored
candidates and eligibility rows must equal what the pure rules give, field by field.
"""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cadres.choices import Category
from careers import rules as career_rules
from careers.choices import BarKind, RecordKind
from rewards import engine, rules
from rewards.models import AwardCandidate, RankPromotionEligibility
from tests.assessments.factories import AnnualResultFactory
from tests.careers.factories import AccountabilityRecordFactory
from tests.factories import CadreFactory, UnitFactory

D = datetime.date
GRADES = ["excellent", "competent", "basically_competent", "incompetent", "ungraded"]
UNGRADED_REASONS = ["probation", "long_leave", "investigation", "other"]
RECORD_KINDS = [RecordKind.DEMERIT, RecordKind.PARTY_WARNING, RecordKind.ADMONISHMENT, RecordKind.INVESTIGATION]


@st.composite
def results(draw):
    """Ten years of results, 2016–2025; each year may be missing, and may be confirmed late."""
    found = []
    for year in range(2016, 2026):
        if draw(st.integers(0, 9)) == 0:
            continue  # a gap in the history
        grade = draw(st.sampled_from(GRADES + ["excellent"] * 3 + ["competent"] * 3))
        reason = draw(st.sampled_from(UNGRADED_REASONS)) if grade == "ungraded" else ""
        confirmed_on = D(year + 1, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 120)))
        found.append((year, grade, reason, confirmed_on))
    return found


@st.composite
def cadres(draw):
    on_date = draw(st.dates(D(2024, 1, 1), D(2026, 12, 31)))
    rank = draw(st.sampled_from([None, 1, 3, 4, 5, 6, 7, 8, 9, 10, 12]))
    rank_date = draw(st.dates(D(2012, 1, 1), on_date))
    record = None
    if draw(st.integers(0, 3)) == 0:
        record = (draw(st.sampled_from(RECORD_KINDS)), on_date - datetime.timedelta(days=draw(st.integers(0, 700))))
    return {"rank": rank, "rank_date": rank_date, "results": draw(results()), "record": record}


def on_dates():
    """Dates to ask on, half of them in the first months of a year, while last year's grades are confirmed."""
    early = st.builds(D, st.integers(2024, 2026), st.integers(1, 4), st.integers(1, 28))
    return st.one_of(early, st.dates(D(2024, 1, 1), D(2026, 12, 31)))


@st.composite
def units(draw):
    on_date = draw(on_dates())
    people = draw(st.lists(cadres(), min_size=1, max_size=5))
    for person in people:
        person["rank_date"] = min(person["rank_date"], on_date)
        if person["record"]:
            person["record"] = (person["record"][0], min(person["record"][1], on_date))
    return {
        "on": on_date,
        "headcount": draw(st.sampled_from([0, 5, 10, 20, 60])),
        "cadres": people,
        "lookback": draw(st.sampled_from([None, 2, 3])),
        "replace": draw(st.booleans()),
        "restart": draw(st.booleans()),
    }


class Result:
    def __init__(self, year, grade, ungraded_reason, confirmed_on):
        self.year, self.grade, self.ungraded_reason, self.confirmed_on = year, grade, ungraded_reason, confirmed_on


def pure(unit, made) -> tuple[list, dict]:
    """What the pure rules say for the generated unit: candidates and eligibility rows."""
    on_date = unit["on"]
    config = rules.settings_snapshot()
    texts = rules.promotion_texts()
    candidates, promotions, held = [], [], {}
    for person, cadre in zip(unit["cadres"], made, strict=True):
        history = [Result(*row) for row in person["results"]]
        records = []
        if person["record"]:
            kind, day = person["record"]
            records.append(career_rules.RecordFacts(id=1, kind=kind, decided_on=day))
        bars = career_rules.bars_on(records, on_date)
        for found in rules.award_candidates(
            results=history,
            on_date=on_date,
            award_bars=[bar for bar in bars if bar.kind == BarKind.AWARD],
            config=config,
        ):
            candidates.append((cadre.pk, found.kind, found.year, found.basis, found.blocked, list(found.reasons)))
        if person["rank"] is None:
            continue
        held[person["rank"]] = held.get(person["rank"], 0) + 1
        facts = rules.tenure_facts(rank_date=person["rank_date"], results=history, on_date=on_date, config=config)
        promotions.append(
            rules.rank_promotion(
                cadre_id=cadre.pk,
                rank=person["rank"],
                rank_date=person["rank_date"],
                facts=facts,
                on_date=on_date,
                promotion_bars=career_rules.rank_promotion_refusing_bars(bars),
                config=config,
                texts=texts,
            )
        )
    limits = rules.rank_post_limits(headcount=unit["headcount"], held_by_rank=held, config=config)
    decisions = rules.allocate_rank_posts(results=promotions, limits=limits, texts=texts)
    eligibility = {}
    for promotion in promotions:
        decision = decisions.get(promotion.cadre_id)
        reasons = list(promotion.reasons)
        if decision is not None and decision.reason:
            # before the conclusion; when no post is left it is the conclusion itself, last
            reasons.insert(len(reasons) - (1 if decision.room else 0), decision.reason)
        eligibility[promotion.cadre_id] = (
            promotion.target_rank,
            promotion.eligible,
            bool(decision and decision.within),
            promotion.priority,
            promotion.months_tenure,
            promotion.months_excluded,
            promotion.months_counted,
            promotion.months_required,
            list(promotion.excellent_years),
            list(promotion.excluded_years),
            promotion.eligible_from,
            reasons,
        )
    return sorted(candidates), eligibility


STORED = (
    "target_rank",
    "eligible",
    "within_rank_posts",
    "priority",
    "months_tenure",
    "months_excluded",
    "months_counted",
    "months_required",
    "excellent_years",
    "excluded_years",
    "eligible_from",
    "reasons",
)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    # no "explain" phase: its tracer recurses too deep through Django's ORM
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(unit=units())
def test_the_engine_and_the_pure_rules_agree_on_generated_histories(unit, django_settings):
    django_settings.REWARDS_CANDIDATE_LOOKBACK_YEARS = unit["lookback"]
    django_settings.REWARDS_MERIT_REPLACES_COMMENDATION = unit["replace"]
    django_settings.REWARDS_STREAK_RESTARTS_AFTER_MERIT = unit["restart"]
    django_settings.TRAINING_ANNUAL_REQUIRED_HOURS = 0
    django_settings.TRAINING_FIVE_YEAR_REQUIRED_HOURS = 0
    with transaction.atomic():
        home = UnitFactory(headcount=unit["headcount"])
        made = []
        for person in unit["cadres"]:
            cadre = CadreFactory(
                unit=home, rank=person["rank"], rank_date=person["rank_date"], category=Category.CIVIL_SERVANT
            )
            for year, grade, reason, confirmed_on in person["results"]:
                AnnualResultFactory(
                    cadre=cadre, year=year, grade=grade, ungraded_reason=reason, confirmed_on=confirmed_on
                )
            if person["record"]:
                kind, day = person["record"]
                AccountabilityRecordFactory(cadre=cadre, kind=kind, decided_on=day)
            made.append(cadre)

        engine.recompute_units(unit_ids=[home.pk], on_date=unit["on"])

        stored_candidates = sorted(
            AwardCandidate.objects.filter(cadre__unit=home).values_list(
                "cadre_id", "kind", "year", "basis", "blocked", "reasons"
            )
        )
        stored_eligibility = {
            row[0]: tuple(row[1:])
            for row in RankPromotionEligibility.objects.filter(cadre__unit=home).values_list("cadre_id", *STORED)
        }
        expected_candidates, expected_eligibility = pure(unit, made)
        assert [tuple(row) for row in stored_candidates] == [tuple(row) for row in expected_candidates]
        assert stored_eligibility == expected_eligibility
        transaction.set_rollback(True)


@pytest.fixture
def django_settings(settings):
    return settings
