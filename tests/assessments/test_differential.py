"""Acceptance 2: the set-based recompute job and the pure per-cadre rules give the same composites, ranks and
proposed grades on generated units with ties (hypothesis).

The job reads the database (GROUP BY over the submitted ratings, caps from the careers records, leave from
the care records) pool by pool; the reference path starts from the same generated facts in plain Python:
``rules.aggregate_scores`` over each cadre's raw scores, ``careers.rules.grade_cap`` over the cadre's
records, the leave rule over the leave interval, then ``rules.propose_pool``. Draft (unsubmitted) ratings are
in the database too and must be ignored by the job.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import rules
from assessments.choices import AssignmentStatus, ItemKind, PeriodKind, PeriodState, PoolKind
from assessments.models import (
    Assessee,
    IndicatorItem,
    IndicatorTemplate,
    Period,
    Proposal,
    QuantitativeScore,
    QuotaPool,
    RaterAssignment,
    RatingScore,
    TemplateRaterGroup,
)
from assessments.recompute import graded_on, recompute_pools
from care.models import LeaveRecord
from careers import rules as career_rules
from careers.choices import RECORD_KIND_FAMILY
from careers.models import AccountabilityRecord
from tests.factories import CadreFactory, UnitFactory

D = datetime.date
YEAR = 2025
GROUPS = ["superior", "peer", "subordinate", "self"]
SCORES = [Decimal("60"), Decimal("75.5"), Decimal("80"), Decimal("80"), Decimal("90"), Decimal("95.25")]
CENT = Decimal("0.01")  # scores and weights come back from the database with two places
LEAVE = (D(2025, 1, 1), D(2025, 7, 20))  # 201 days: more than half the year

score = st.sampled_from(SCORES)
rating = st.tuples(st.sampled_from(GROUPS), score, st.sampled_from([True, True, True, False]))
member = st.fixed_dictionaries(
    {
        # often the same single rating, so that composites tie
        "ratings": st.one_of(st.just([("peer", Decimal("80"), True)]), st.lists(rating, max_size=6)),
        "quantitative": st.one_of(st.none(), score),
        "record": st.sampled_from([None, None, None, None, "sanction_warning", "demerit", "investigation"]),
        "long_leave": st.sampled_from([False, False, False, False, False, True]),
    }
)
pool = st.fixed_dictionaries({"members": st.lists(member, min_size=1, max_size=9), "raised": st.booleans()})
case = st.fixed_dictionaries(
    {
        "pools": st.lists(pool, min_size=1, max_size=3),
        "rated_weight": st.sampled_from([Decimal(100), Decimal(60), Decimal("33.33")]),
        "group_weights": st.sampled_from(
            [(40, 30, 20, 10), (50, 50, 0, 0), (25, 25, 25, 25), (0, 70, 30, 0)],
        ),
        "drop_extremes": st.booleans(),
    }
)


def build(generated, raters):
    """The generated case in the database; returns the period and, per pool id, the members' facts."""
    template = IndicatorTemplate.objects.create(
        name="生成模板", status="published", version=IndicatorTemplate.objects.count() + 1
    )
    rated_item = IndicatorItem.objects.create(
        template=template, name="评价", kind=ItemKind.RATED, weight=generated["rated_weight"]
    )
    rated_item.refresh_from_db()  # decimals as the database gives them back (two places), as the job reads them
    items = [rules.ItemSpec(rated_item.pk, rated_item.name, ItemKind.RATED, rated_item.weight)]
    quantitative_item = None
    if generated["rated_weight"] < 100:
        quantitative_item = IndicatorItem.objects.create(
            template=template, name="目标绩效", kind=ItemKind.QUANTITATIVE, weight=100 - generated["rated_weight"]
        )
        quantitative_item.refresh_from_db()
        items.append(
            rules.ItemSpec(
                quantitative_item.pk, quantitative_item.name, ItemKind.QUANTITATIVE, quantitative_item.weight
            )
        )
    groups = []
    for group, weight in zip(GROUPS, generated["group_weights"], strict=True):
        TemplateRaterGroup.objects.create(
            template=template, group=group, weight=weight, drop_extremes=generated["drop_extremes"]
        )
        groups.append(rules.GroupSpec(group, Decimal(weight).quantize(CENT), generated["drop_extremes"]))
    period = Period.objects.create(kind=PeriodKind.ANNUAL, year=YEAR, name="生成", state=PeriodState.SCORING_CLOSED)
    expected_input = {}
    for pool_spec in generated["pools"]:
        unit = UnitFactory()
        quota_pool = QuotaPool.objects.create(
            period=period, unit=unit, kind=PoolKind.UNIT, quota_raised=pool_spec["raised"]
        )
        facts = []
        for spec in pool_spec["members"]:
            cadre = CadreFactory(unit=unit)
            assessee = Assessee.objects.create(
                period=period, cadre=cadre, home_unit=unit, assessing_unit=unit, pool=quota_pool, template=template
            )
            raw = []
            for index, (group, value, submitted) in enumerate(spec["ratings"]):
                assignment = RaterAssignment.objects.create(
                    assessee=assessee,
                    rater=raters[index],
                    group=group,
                    status=AssignmentStatus.SUBMITTED if submitted else AssignmentStatus.DRAFT,
                    submitted_at=timezone.now() if submitted else None,
                )
                RatingScore.objects.create(assignment=assignment, item=rated_item, score=value)
                if submitted:
                    raw.append((rated_item.pk, group, value.quantize(CENT)))
            quantitative = {}
            if quantitative_item is not None and spec["quantitative"] is not None:
                QuantitativeScore.objects.create(assessee=assessee, item=quantitative_item, score=spec["quantitative"])
                quantitative[quantitative_item.pk] = spec["quantitative"].quantize(CENT)
            records = []
            if spec["record"]:
                record = AccountabilityRecord.objects.create(
                    cadre=cadre,
                    kind=spec["record"],
                    family=RECORD_KIND_FAMILY[spec["record"]],
                    decided_on=D(YEAR, 3, 1),
                    issuing_body="县纪委监委",
                    reason="生成",
                )
                records.append(career_rules.RecordFacts(id=record.pk, kind=record.kind, decided_on=record.decided_on))
            if spec["long_leave"]:
                LeaveRecord.objects.create(cadre=cadre, kind="sick", start_date=LEAVE[0], end_date=LEAVE[1], days=140)
            facts.append((assessee.pk, cadre.pk, raw, quantitative, records, spec["long_leave"]))
        expected_input[quota_pool.pk] = (pool_spec["raised"], facts)
    return period, items, groups, expected_input


def reference(items, groups, expected_input, breakdowns: dict | None = None) -> dict[int, tuple]:
    """Composite, rank and proposed grade per assessee, by the pure rules from the generated facts; each
    composite's breakdown into ``breakdowns`` (by assessee), when given."""
    today = timezone.localdate()
    answer = {}
    for raised, facts in expected_input.values():
        members, assessee_of = [], {}
        for assessee_id, cadre_id, raw, quantitative, records, long_leave in facts:
            composite = rules.composite_score(
                items=items, groups=groups, rated=rules.aggregate_scores(raw), quantitative=quantitative
            )
            if breakdowns is not None:
                breakdowns[assessee_id] = json.loads(json.dumps(composite.breakdown))
            cap = career_rules.grade_cap(records, YEAR, graded_on(YEAR, today))
            members.append(
                rules.MemberFacts(
                    cadre_id=cadre_id,
                    composite=composite.score,
                    long_leave=long_leave,
                    cap=cap.kind,
                    cap_reason=cap.reason,
                    cap_source_id=cap.source_id,
                    cap_is_investigation=bool(records) and records[0].kind == "investigation",
                )
            )
            assessee_of[cadre_id] = assessee_id
        outcome = rules.propose_pool(members, quota_raised=raised)
        for member_facts in members:
            proposal = outcome.proposals[member_facts.cadre_id]
            answer[assessee_of[member_facts.cadre_id]] = (
                member_facts.composite,
                proposal.rank,
                proposal.proposed_grade,
                proposal.ungraded_reason,
            )
    return answer


@pytest.fixture
def raters(db):
    unit = UnitFactory(name="评价人单位")
    return [CadreFactory(unit=unit) for _ in range(6)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=case)
def test_the_set_based_job_agrees_with_the_pure_rules(raters, generated):
    with transaction.atomic():
        period, items, groups, expected_input = build(generated, raters)

        recompute_pools(period_id=period.pk, pool_ids=sorted(expected_input))

        job = {
            assessee_id: (composite, rank, grade, reason)
            for assessee_id, composite, rank, grade, reason in Proposal.objects.filter(
                assessee__period=period
            ).values_list("assessee_id", "composite", "rank", "proposed_grade", "ungraded_reason")
        }
        breakdowns = {}
        assert job == reference(items, groups, expected_input, breakdowns)
        if connection.vendor == "postgresql":
            # the "why" too: the set-based statement writes it as JSON text, which must be the pure rules' (on
            # SQLite the pure rules write it themselves, from sums that SQLite gives back as floats)
            assert dict(Proposal.objects.filter(assessee__period=period).values_list("assessee_id", "breakdown")) == (
                breakdowns
            )
        transaction.set_rollback(True)
