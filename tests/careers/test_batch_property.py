"""Acceptance 2: the batch selector and the per-cadre pure rule agree for generated histories."""

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers import rules, selectors
from careers.choices import (
    INVESTIGATION_SANCTION_KINDS,
    OLD_LEVEL_MEASURE_KINDS,
    RECORD_KIND_FAMILY,
    CaseStatus,
    InvestigationOutcome,
    RecordKind,
    RecordStatus,
)
from careers.models import AccountabilityRecord, FaultToleranceCase
from tests.factories import CadreFactory

START = datetime.date(2018, 1, 1)
days = st.integers(min_value=0, max_value=8 * 365)

record_strategy = st.fixed_dictionaries(
    {
        "cadre": st.integers(min_value=0, max_value=3),
        "kind": st.sampled_from(RecordKind.values),
        "decided": days,
        "probation_years": st.sampled_from([1, 2]),
        "ends_after": st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
        "closed_after": st.one_of(st.none(), st.integers(min_value=0, max_value=900)),
        "revoked_after": st.one_of(st.none(), st.integers(min_value=0, max_value=900)),
        "exempted": st.booleans(),
        # issue 11: the investigation's outcome (and sanction) and the old level of a 免职 reach the rules
        "outcome": st.sampled_from(InvestigationOutcome.values),
        "sanction_kind": st.sampled_from(["", *INVESTIGATION_SANCTION_KINDS]),
        "old_level": st.sampled_from([None, 1, 2, 3, 4]),
    }
)


def build(cadre, spec) -> AccountabilityRecord:
    kind = spec["kind"]
    decided = START + datetime.timedelta(days=spec["decided"])
    after = lambda n: None if n is None else decided + datetime.timedelta(days=n)  # noqa: E731
    revoked_on = after(spec["revoked_after"])
    closed = kind == RecordKind.INVESTIGATION and spec["closed_after"] is not None
    outcome = spec["outcome"] if closed else ""
    return AccountabilityRecord(
        cadre=cadre,
        family=RECORD_KIND_FAMILY[kind],
        kind=kind,
        decided_on=decided,
        issuing_body="县纪委监委",
        reason="生成",
        probation_years=spec["probation_years"] if kind == RecordKind.PARTY_PROBATION else None,
        ends_on=after(spec["ends_after"]) if kind == RecordKind.SUSPENSION else None,
        closed_on=after(spec["closed_after"]) if kind == RecordKind.INVESTIGATION else None,
        outcome=outcome,
        sanction_kind=spec["sanction_kind"] if outcome == InvestigationOutcome.SANCTIONED else "",
        old_leadership_level=spec["old_level"] if kind in OLD_LEVEL_MEASURE_KINDS else None,
        status=RecordStatus.REVOKED if revoked_on else RecordStatus.ACTIVE,
        revoked_on=revoked_on,
    )


def allowed(record, kept) -> bool:
    """Skip a generated record that the database constraints would refuse (duplicates, two open cases)."""
    for other in kept:
        if other.cadre_id != record.cadre_id or record.status != RecordStatus.ACTIVE:
            continue
        if other.status == RecordStatus.ACTIVE and (other.kind, other.decided_on) == (record.kind, record.decided_on):
            return False
        open_case = other.is_investigation_open and record.is_investigation_open
        if open_case:
            return False
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(record_strategy, max_size=14), on_offset=days, year=st.integers(min_value=2018, max_value=2026))
def test_batch_selector_agrees_with_the_per_cadre_rule(county, specs, on_offset, year):
    cadres = [CadreFactory(unit=county["township"]), CadreFactory(unit=county["village"])]
    cadres += [CadreFactory(unit=county["organ"]), CadreFactory(unit=county["township"])]
    on_date = START + datetime.timedelta(days=on_offset)
    with transaction.atomic():
        kept, exempted = [], []
        for spec in specs:
            record = build(cadres[spec["cadre"]], spec)
            if allowed(record, kept):
                record.save()
                kept.append(record)
                if spec["exempted"] and record.kind != RecordKind.INVESTIGATION:
                    FaultToleranceCase.objects.create(
                        record=record,
                        distinction="exploratory_trial",
                        opened_on=record.decided_on,
                        facts="生成",
                        status=CaseStatus.DECIDED,
                        outcome="exempt",
                        decided_on=record.decided_on,
                    )
                    exempted.append(record.pk)
        expected_facts = {
            cadre.pk: [
                rules.RecordFacts(
                    id=r.pk,
                    kind=r.kind,
                    decided_on=r.decided_on,
                    revoked_on=r.revoked_on,
                    probation_years=r.probation_years,
                    ends_on=r.ends_on,
                    closed_on=r.closed_on,
                    exempted=r.pk in exempted,
                    outcome=r.outcome,
                    sanction_kind=r.sanction_kind,
                    old_leadership_level=r.old_leadership_level,
                )
                for r in kept
                if r.cadre_id == cadre.pk
            ]
            for cadre in cadres
        }
        ids = [cadre.pk for cadre in cadres]
        by_ids = selectors.bars_for_cadres(cadre_ids=ids, on_date=on_date)
        by_unit = selectors.bars_for_cadres(unit=county["root"], on_date=on_date)
        caps = selectors.grade_caps_for_cadres(cadre_ids=ids, year=year)
        both = selectors.bars_and_grade_caps_for_cadres(cadre_ids=ids, on_date=on_date, year=year)
        for cadre in cadres:
            expected_bars = rules.bars_on(expected_facts[cadre.pk], on_date)
            expected_cap = rules.grade_cap(expected_facts[cadre.pk], year)
            assert by_ids[cadre.pk] == expected_bars
            assert by_unit[cadre.pk] == expected_bars
            assert selectors.cadre_bars(cadre=cadre, on_date=on_date) == expected_bars
            assert caps[cadre.pk] == expected_cap
            assert both[cadre.pk] == (expected_bars, expected_cap)
        transaction.set_rollback(True)
