"""The eligibility engine as a job: what it stores, that it is idempotent (run twice → no duplicates, nothing
written the second time), that staff decisions survive it, that a run killed half-way and run again gives
the clean result, and that it reads a fixed number of statements per batch whatever the batch's size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from cadres.choices import CadreStatus, Rank
from core.jobs import job_runs_recover_stale
from core.models import JobRun
from rewards import engine, services
from rewards.choices import CandidateStatus
from rewards.models import AwardCandidate, RankPromotionEligibility
from tests.assessments.factories import AnnualResultFactory
from tests.factories import CadreFactory, UnitFactory
from tests.rewards.factories import AwardFactory

D = datetime.date
ON = D(2026, 3, 1)


def grades(cadre, **by_year):
    """``grades(cadre, y2023="excellent", ...)``: imported results confirmed on 20 January of the next year."""
    for key, grade in by_year.items():
        reason = "long_leave" if grade == "ungraded" else ""
        AnnualResultFactory(cadre=cadre, year=int(key[1:]), grade=grade, ungraded_reason=reason)


def snapshot() -> tuple:
    candidates = sorted(
        AwardCandidate.objects.values_list("cadre_id", "kind", "year", "basis", "blocked", "reasons", "status")
    )
    eligibility = sorted(
        RankPromotionEligibility.objects.values_list("cadre_id", *engine.ELIGIBILITY_FIELDS), key=lambda row: row[0]
    )
    return candidates, eligibility


@pytest.fixture(autouse=True)
def _training_met(settings):
    """Training hours (domain-rules §6) are the training app's; here nobody needs any, except where a test
    says otherwise (``test_training_hours_not_met_are_a_stored_reason``)."""
    settings.TRAINING_ANNUAL_REQUIRED_HOURS = 0
    settings.TRAINING_FIVE_YEAR_REQUIRED_HOURS = 0


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """``run(on=..., unit_ids=...)``: start the engine as the page does and let it finish (eager tasks)."""

    def start(on=ON, unit_ids=None) -> JobRun:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.eligibility_recompute_enqueue(requested_by=None, on_date=on, unit_ids=unit_ids)
        job.refresh_from_db()
        return job

    return start


@pytest.fixture
def county(db):
    organ = UnitFactory(name="县财政局", headcount=20)
    township = UnitFactory(name="茹龙镇", headcount=30)
    star = CadreFactory(name="扎西", unit=organ, rank=Rank.PRINCIPAL_STAFF_4, rank_date=D(2023, 1, 10))
    grades(star, y2023="excellent", y2024="excellent", y2025="excellent")
    slow = CadreFactory(name="卓玛", unit=township, rank=Rank.PRINCIPAL_STAFF_4, rank_date=D(2024, 7, 15))
    grades(slow, y2024="competent", y2025="competent")
    weak = CadreFactory(name="王建国", unit=township, rank=Rank.PRINCIPAL_STAFF_2, rank_date=D(2021, 1, 1))
    grades(weak, y2022="competent", y2023="basically_competent", y2024="competent", y2025="excellent")
    return {"star": star, "slow": slow, "weak": weak, "organ": organ, "township": township}


def test_the_engine_stores_candidates_and_eligibility_with_their_reasons(county, run):
    job = run()
    assert job.status == JobRun.Status.SUCCEEDED, job.error
    assert (job.total, job.done) == (3, 3)
    star, slow, weak = county["star"], county["slow"], county["weak"]
    assert sorted(AwardCandidate.objects.values_list("cadre__name", "kind", "year")) == [
        ("扎西", "commendation", 2023),
        ("扎西", "commendation", 2024),
        ("扎西", "merit_third", 2025),
        ("王建国", "commendation", 2025),
    ]
    star_row = RankPromotionEligibility.objects.get(cadre=star)
    assert (star_row.eligible, star_row.priority, star_row.months_tenure, star_row.months_required) == (
        True,
        True,
        38,
        6,
    )
    slow_row = RankPromotionEligibility.objects.get(cadre=slow)
    assert (slow_row.eligible, slow_row.eligible_from, slow_row.reasons[-1]) == (
        False,
        D(2026, 7, 1),
        "2026 年 7 月起可晋升",
    )
    weak_row = RankPromotionEligibility.objects.get(cadre=weak)
    assert "2023 年基本称职，该年不计算任职年限" in weak_row.reasons
    assert (weak_row.months_excluded, weak_row.months_counted, weak_row.months_required) == (12, 50, 18)
    assert job.summary["candidates_created"] == 4
    assert job.summary["eligible"] == 2


def test_running_twice_creates_nothing_twice_and_writes_nothing_the_second_time(county, run):
    run()
    first = snapshot()
    second = run()
    assert snapshot() == first
    assert {
        key: second.summary[key] for key in ("candidates_created", "candidates_updated", "eligibility_written")
    } == {
        "candidates_created": 0,
        "candidates_updated": 0,
        "eligibility_written": 0,
    }


def test_staff_decisions_survive_and_an_awarded_candidate_is_not_proposed_again(county, org_staff, run):
    run()
    star = county["star"]
    merit = AwardCandidate.objects.get(cadre=star, kind="merit_third")
    services.candidates_approve(
        actor=org_staff,
        candidate_ids=[merit.pk],
        approving_body="中共新龙县委",
        document_number="新委〔2026〕1号",
        awarded_on=ON,
    )
    declined = AwardCandidate.objects.get(cadre=county["weak"])
    services.candidates_decline(actor=org_staff, candidate_ids=[declined.pk], reason="已由上级表彰")
    AwardFactory(cadre=star, year=2023)  # the 2023 嘉奖 was given on paper
    run()
    assert sorted(AwardCandidate.objects.values_list("cadre__name", "kind", "year", "status")) == [
        ("扎西", "commendation", 2024, CandidateStatus.PENDING),
        ("扎西", "merit_third", 2025, CandidateStatus.APPROVED),
        ("王建国", "commendation", 2025, CandidateStatus.DECLINED),
    ]


def test_a_changed_grade_replaces_the_pending_candidates(county, run):
    run()
    county["star"].annual_results.filter(year=2024).update(grade="competent")
    run()
    assert sorted(AwardCandidate.objects.filter(cadre=county["star"]).values_list("kind", "year")) == [
        ("commendation", 2023),
        ("commendation", 2025),
    ]


def test_a_departed_cadre_loses_pending_candidates_and_eligibility(county, run):
    run()
    county["weak"].status = CadreStatus.RETIRED
    county["weak"].save()
    run()
    assert not AwardCandidate.objects.filter(cadre=county["weak"]).exists()
    assert not RankPromotionEligibility.objects.filter(cadre=county["weak"]).exists()


@override_settings(REWARDS_ENGINE_BATCH_CADRES=1)
def test_a_run_killed_half_way_and_run_again_gives_the_clean_result(
    county, monkeypatch, run, django_capture_on_commit_callbacks
):
    # given: the clean result of a full run
    run()
    clean = snapshot()
    AwardCandidate.objects.all().delete()
    RankPromotionEligibility.objects.all().delete()
    # stale rows in both units, which the re-run must correct
    county["star"].annual_results.filter(year=2024).update(grade="competent")
    county["weak"].annual_results.filter(year=2025).update(grade="competent")
    run()
    stale = snapshot()
    county["star"].annual_results.filter(year=2024).update(grade="excellent")
    county["weak"].annual_results.filter(year=2025).update(grade="excellent")

    # when: the second batch dies (the worker is killed) after the first was written
    real = engine.recompute_units
    calls = []

    def dying(**kwargs):
        calls.append(kwargs["unit_ids"])
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(engine, "recompute_units", dying)
    with pytest.raises(SystemExit):
        run()
    half = snapshot()
    monkeypatch.setattr(engine, "recompute_units", real)
    assert half not in (clean, stale)  # the first unit is new, the second still old
    killed = JobRun.objects.get(kind=services.RECOMPUTE_JOB_KIND, status=JobRun.Status.RUNNING)

    # then: the jobs watchdog finds the run silent, runs it again, and the result is exactly the clean one
    JobRun.objects.filter(pk=killed.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        report = job_runs_recover_stale()
    assert report.rerun == (killed.pk,)
    killed.refresh_from_db()
    assert (killed.status, killed.attempts) == (JobRun.Status.SUCCEEDED, 2)
    assert snapshot() == clean


def test_training_hours_not_met_are_a_stored_reason(county, run, settings):
    settings.TRAINING_ANNUAL_REQUIRED_HOURS = 90
    run()
    row = RankPromotionEligibility.objects.get(cadre=county["star"])
    assert (row.eligible, row.eligible_from) == (False, None)
    assert (
        "培训学时未达标，不得晋升职级：2025年度认定学时0（要求90），脱产培训0天（要求12天），差90学时。未达到培训学时要求。"
        in row.reasons
    )
    assert row.reasons[-1] == "培训学时达标后方可晋升"


def test_a_run_for_some_units_touches_only_them(county, run):
    run(unit_ids=[county["organ"].pk])
    assert set(RankPromotionEligibility.objects.values_list("cadre__name", flat=True)) == {"扎西"}


def test_a_change_queues_a_run_for_the_changed_cadres_units(county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.eligibility_recompute_queue(cadre_ids=[county["slow"].pk])
    job = JobRun.objects.get(kind=services.RECOMPUTE_JOB_KIND)
    assert job.parameters["units"] == [county["township"].pk]
    assert set(RankPromotionEligibility.objects.values_list("cadre__name", flat=True)) == {"卓玛", "王建国"}


def test_computing_a_batch_reads_a_fixed_number_of_statements(db):
    def county_of(size: int) -> list[int]:
        unit = UnitFactory(headcount=50)
        for index in range(size):
            cadre = CadreFactory(unit=unit, rank=Rank.PRINCIPAL_STAFF_4, rank_date=D(2022, 1, 1))
            grades(cadre, y2023="excellent", y2024="competent" if index % 2 else "excellent", y2025="excellent")
        return [unit.pk]

    def statements(unit_ids) -> int:
        with CaptureQueriesContext(connection) as context:
            engine.compute_units(unit_ids=unit_ids, on_date=ON)
        return len(context.captured_queries)

    assert statements(county_of(2)) == statements(county_of(12))
