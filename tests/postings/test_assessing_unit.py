"""Who assesses a cadre's year (domain-rules §2, 公务员考核规定 art. 26; issue 11 item 10): the batch selector,
the one-cadre selector and the pure rule agree, with the postings that took place counted in days exactly."""

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postings import rules, selectors
from postings.choices import PostingKind, PostingStatus
from tests.factories import CadreFactory, UnitFactory
from tests.postings.factories import ExternalHostFactory, PostingFactory

D = datetime.date


def test_two_stays_at_one_host_adding_up_to_190_days_make_the_host_assess(county, django_assert_num_queries):
    # issue 11 item 10: 2025-01-01..03-20 plus 04-01..07-20, 190 days > 6 months
    cadre = CadreFactory(unit=county["organ"])
    host = UnitFactory(name="如龙镇人民政府", parent=county["root"])
    first = PostingFactory(
        cadre=cadre,
        kind=PostingKind.TEMPORARY_POST,
        host_unit=host,
        planned_start=D(2025, 1, 1),
        planned_end=D(2025, 3, 20),
        actual_end=D(2025, 3, 20),
        status=PostingStatus.COMPLETED,
    )
    second = PostingFactory(
        cadre=cadre,
        kind=PostingKind.TEMPORARY_POST,
        host_unit=host,
        planned_start=D(2025, 4, 1),
        planned_end=D(2025, 7, 20),
        actual_end=D(2025, 7, 20),
        status=PostingStatus.COMPLETED,
    )
    with django_assert_num_queries(2):
        result = selectors.assessing_units_for_cadres(year=2025, cadre_ids=[cadre.pk])[cadre.pk]
    assert (result.by_host, result.unit_id, result.home_unit_id, result.days_at_host) == (
        True,
        host.pk,
        county["organ"].pk,
        190,
    )
    assert result.posting_ids == (first.pk, second.pk)
    assert "如龙镇人民政府实践锻炼190天" in result.reason
    assert selectors.cadre_assessing_unit(cadre=cadre, year=2025) == result
    # 2024 and 2026: no posting, the home unit
    assert selectors.cadre_assessing_unit(cadre=cadre, year=2026).unit_id == county["organ"].pk


def test_postings_that_never_happened_or_are_of_other_kinds_do_not_count(county, settings):
    cadre = CadreFactory(unit=county["organ"])
    PostingFactory(
        cadre=cadre,
        planned_start=D(2025, 1, 1),
        planned_end=D(2025, 12, 31),
        status=PostingStatus.RECALLED,
        actual_end=None,
    )
    assert selectors.cadre_assessing_unit(cadre=cadre, year=2025).by_host is False
    serving = PostingFactory(cadre=CadreFactory(unit=county["organ"]), planned_start=D(2025, 1, 1))
    assert selectors.cadre_assessing_unit(cadre=serving.cadre, year=2025).by_host is True
    settings.POSTINGS_HOST_ASSESSMENT_KINDS = ("first_secretary",)
    assert selectors.cadre_assessing_unit(cadre=serving.cadre, year=2025).by_host is False


STATUSES = [PostingStatus.PLANNED, PostingStatus.SERVING, PostingStatus.COMPLETED, PostingStatus.RECALLED]
posting_strategy = st.fixed_dictionaries(
    {
        "cadre": st.integers(min_value=0, max_value=2),
        "host": st.integers(min_value=0, max_value=2),
        "kind": st.sampled_from(PostingKind.values),
        "start": st.integers(min_value=0, max_value=3 * 365),
        "length": st.integers(min_value=0, max_value=400),
        "status": st.sampled_from(STATUSES),
        "ended_early": st.booleans(),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(posting_strategy, max_size=8), year=st.integers(min_value=2024, max_value=2026))
def test_batch_selector_agrees_with_the_pure_rule(county, specs, year):
    with transaction.atomic():
        cadres = [CadreFactory(unit=county["organ"]) for _ in range(3)]
        hosts = [county["township"], county["village"], ExternalHostFactory()]
        expected_stays: dict[int, list[rules.HostStay]] = {cadre.pk: [] for cadre in cadres}
        kept: list[tuple[int, D, D]] = []
        serving_cadres, serving_villages = set(), set()
        for spec in specs:
            start = D(2024, 1, 1) + datetime.timedelta(days=spec["start"])
            end = start + datetime.timedelta(days=spec["length"])
            kind, status, host_index = spec["kind"], spec["status"], spec["host"]
            if kind == PostingKind.FIRST_SECRETARY and host_index == 2:
                host_index = 1
            host = hosts[host_index]
            external = host if host_index == 2 else None
            actual_end = None
            if status == PostingStatus.COMPLETED or (status != PostingStatus.PLANNED and spec["ended_early"]):
                actual_end = start + datetime.timedelta(days=spec["length"] // 2)
            cadre = cadres[spec["cadre"]]
            if status == PostingStatus.SERVING and (
                cadre.pk in serving_cadres or (kind == PostingKind.FIRST_SECRETARY and host.pk in serving_villages)
            ):
                status = PostingStatus.COMPLETED
                actual_end = actual_end or end
            last_day = actual_end or end
            live = not (status == PostingStatus.RECALLED and actual_end is None)
            # one cadre's postings never overlap (an exclusion constraint on PostgreSQL)
            if live and any(pk == cadre.pk and a <= last_day and start <= b for pk, a, b in kept):
                continue
            if live:
                kept.append((cadre.pk, start, last_day))
            if status == PostingStatus.SERVING:
                serving_cadres.add(cadre.pk)
                if kind == PostingKind.FIRST_SECRETARY:
                    serving_villages.add(host.pk)
            posting = PostingFactory(
                cadre=cadre,
                kind=kind,
                host_unit=None if external else host,
                external_host=external,
                planned_start=start,
                planned_end=end,
                actual_end=actual_end,
                status=status,
            )
            took_place = posting.status != PostingStatus.PLANNED and not (
                posting.status == PostingStatus.RECALLED and actual_end is None
            )
            if took_place:
                expected_stays[posting.cadre_id].append(
                    rules.HostStay(
                        posting_id=posting.pk,
                        host_key=f"external:{external.pk}" if external else f"unit:{host.pk}",
                        host_name=external.name if external else host.name,
                        host_unit_id=None if external else host.pk,
                        external_host_id=external.pk if external else None,
                        start=start,
                        last_day=actual_end or end,
                    )
                )
        batch = selectors.assessing_units_for_cadres(year=year, unit=county["root"])
        for cadre in cadres:
            expected = rules.assessing_unit(
                home_unit_id=county["organ"].pk, stays=expected_stays[cadre.pk], year=year, min_months=6
            )
            assert batch[cadre.pk] == expected
            assert selectors.cadre_assessing_unit(cadre=cadre, year=year) == expected
        transaction.set_rollback(True)
