"""A period from draft to confirmed through the services: generation, scoring, the recompute job, the
committee, publicity (on the official calendar) and confirmation with its to-do suggestions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from assessments import services
from assessments.choices import (
    AssignmentStatus,
    Grade,
    ItemKind,
    PeriodKind,
    PeriodState,
    PoolKind,
    RaterGroup,
    RegularGrade,
    UngradedReason,
)
from assessments.models import (
    AnnualResult,
    Assessee,
    CommitteeOverride,
    IndicatorItem,
    PeriodTransition,
    Proposal,
    QuotaPool,
    RaterAssignment,
    Suggestion,
)
from careers.choices import RecordKind
from core.models import JobRun
from tests.assessments.conftest import rater_login, submit_all
from tests.careers.factories import AccountabilityRecordFactory
from tests.postings.factories import PostingFactory

D = datetime.date


def move(period, actor, *actions, **kwargs):
    for action in actions:
        period = services.period_transition(actor=actor, period=period, action=action, **kwargs)
    return period


def score_by_ratee(scores: dict):
    return lambda assignment: scores[assignment.assessee.cadre_id]


@pytest.fixture
def scored_period(annual_period, org_staff, staff_office):
    """The office scored: staff 科员0 … 科员7 get 90, 89, … 83 from every rater; leaders 80."""
    period = move(annual_period, org_staff, "open-scoring")
    scores = {cadre.pk: 90 - index for index, cadre in enumerate(staff_office["staff"])}
    scores[staff_office["chief"].pk] = scores[staff_office["deputy"].pk] = 80
    submit_all(period, score_by_ratee(scores), quantitative=scores, actor=org_staff)
    period.refresh_from_db()
    return period


# ---------------------------------------------------------------- generation


def test_generation_creates_assessees_pools_and_raters_from_the_unit_structure(annual_period, staff_office, county):
    assessees = Assessee.objects.filter(period=annual_period)

    assert assessees.count() == 10
    pools = {(pool.unit_id, pool.kind): pool for pool in QuotaPool.objects.filter(period=annual_period)}
    # staff in the office's pool; leaders in the county-wide leaders' pool (ASSESSMENTS_LEADER_POOLING="county")
    assert set(pools) == {(county["organ"].pk, PoolKind.UNIT), (county["root"].pk, PoolKind.LEADERS)}
    chief = assessees.get(cadre=staff_office["chief"])
    assert (chief.is_leader, chief.pool.kind) == (True, PoolKind.LEADERS)
    groups = {group: RaterAssignment.objects.filter(assessee=chief, group=group).count() for group in RaterGroup}
    # the chief: no superior in the office and none above (the county root has no leaders); subordinates 6
    assert groups == {"superior": 0, "peer": 0, "subordinate": 6, "self": 1}
    clerk = assessees.get(cadre=staff_office["staff"][0])
    assert [(group, RaterAssignment.objects.filter(assessee=clerk, group=group).count()) for group in RaterGroup] == [
        ("superior", 2),
        ("peer", 6),
        ("subordinate", 0),
        ("self", 1),
    ]


def test_a_cadre_posted_more_than_six_months_is_assessed_by_the_host_and_pooled_at_home(
    org_staff, template, staff_office, county
):
    clerk = staff_office["staff"][0]
    PostingFactory(
        cadre=clerk,
        host_unit=county["township"],
        planned_start=D(2025, 1, 1),
        planned_end=D(2025, 7, 31),
        status="completed",
        actual_end=D(2025, 7, 31),
    )
    period = services.period_create(actor=org_staff, kind=PeriodKind.ANNUAL, year=2025)

    services.period_generate_assessees(actor=org_staff, period=period)

    assessee = Assessee.objects.get(period=period, cadre=clerk)
    assert (assessee.assessed_by_host, assessee.assessing_unit, assessee.pool.unit) == (
        True,
        county["township"],
        county["organ"],
    )
    assert assessee.assessing_reason.startswith("公务员考核规定第26条：2025年在如龙镇实践锻炼212天")
    assert assessee.assessing_name == "如龙镇"


def test_generation_is_refused_without_a_template_for_a_unit_kind(org_staff, staff_office):
    period = services.period_create(actor=org_staff, kind=PeriodKind.ANNUAL, year=2025)

    with pytest.raises(ValidationError) as refused:
        services.period_generate_assessees(actor=org_staff, period=period)

    assert refused.value.message_dict["period"] == ["以下单位类别没有已发布的考核指标模板：政府部门。"]
    assert not Assessee.objects.exists()


def test_a_template_whose_weights_do_not_add_up_is_not_published(org_staff):
    template = services.template_create(actor=org_staff, name="乡镇考核指标", unit_kind="township")
    services.template_item_save(actor=org_staff, template=template, name="实绩", kind=ItemKind.RATED, weight=70)
    services.template_rater_group_set(actor=org_staff, template=template, group="peer", weight=90)

    with pytest.raises(ValidationError) as refused:
        services.template_publish(actor=org_staff, template=template)

    assert refused.value.message_dict["template"] == [
        "指标权重合计应为100，现为70。",
        "评价人类别权重合计应为100，现为90。",
    ]


def test_a_published_template_is_frozen_and_changes_go_into_a_new_version(org_staff, template):
    with pytest.raises(ValidationError):
        services.template_item_save(actor=org_staff, template=template, name="新增", kind=ItemKind.RATED, weight=1)

    copy = services.template_new_version(actor=org_staff, template=template)

    assert (copy.version, copy.status, copy.items.count(), copy.rater_groups.count()) == (2, "draft", 2, 4)


# ---------------------------------------------------------------- scoring


def test_a_rater_saves_a_draft_then_submits_and_cannot_edit_after(annual_period, org_staff, staff_office):
    period = move(annual_period, org_staff, "open-scoring")
    assignment = RaterAssignment.objects.filter(assessee__period=period, group="peer").first()
    item = IndicatorItem.objects.get(template=assignment.assessee.template, kind=ItemKind.RATED)
    rater = rater_login(assignment.rater)

    services.rating_save(actor=rater, assignment=assignment, scores={item.pk: "88.5"}, submit=False)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DRAFT
    services.rating_save(actor=rater, assignment=assignment, scores={item.pk: "91"}, submit=True)

    with pytest.raises(ValidationError) as refused:
        services.rating_save(actor=rater, assignment=assignment, scores={item.pk: "60"}, submit=True)
    assert refused.value.message_dict["scores"] == ["评分已提交，不能修改。"]
    assert list(assignment.scores.values_list("score", flat=True)) == [Decimal("91.00")]


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("101", "得分应在0到100之间。"),
        ("abc", "得分应为数字。"),
        ("88.555", "得分最多保留两位小数。"),
        ("", "请为“德能勤绩廉”评分。"),
    ],
)
def test_a_bad_score_is_refused_with_a_field_message(annual_period, org_staff, score, message):
    period = move(annual_period, org_staff, "open-scoring")
    assignment = RaterAssignment.objects.filter(assessee__period=period).first()
    item = IndicatorItem.objects.get(template=assignment.assessee.template, kind=ItemKind.RATED)

    with pytest.raises(ValidationError) as refused:
        services.rating_save(
            actor=rater_login(assignment.rater), assignment=assignment, scores={item.pk: score}, submit=True
        )

    assert refused.value.message_dict[f"item_{item.pk}"] == [message]
    assert not assignment.scores.exists()


def test_only_the_rater_may_score_a_task_and_only_while_scoring_is_open(annual_period, org_staff, staff_office):
    assignment = RaterAssignment.objects.filter(assessee__period=annual_period, group="peer").first()
    someone_else = rater_login(
        staff_office["chief"] if assignment.rater != staff_office["chief"] else staff_office["deputy"]
    )

    with pytest.raises(PermissionDenied):
        services.rating_save(actor=someone_else, assignment=assignment, scores={}, submit=False)
    with pytest.raises(ValidationError):  # still in draft: scoring not open
        services.rating_save(actor=rater_login(assignment.rater), assignment=assignment, scores={}, submit=False)


def test_raters_are_edited_before_scoring_opens_only(annual_period, org_staff, staff_office):
    clerk = Assessee.objects.get(period=annual_period, cadre=staff_office["staff"][0])
    deputy = staff_office["deputy"]
    RaterAssignment.objects.filter(assessee=clerk, rater=deputy).delete()

    added = services.rater_assignment_add(actor=org_staff, assessee=clerk, rater=deputy, group=RaterGroup.SUPERIOR)
    with pytest.raises(ValidationError) as twice:
        services.rater_assignment_add(actor=org_staff, assessee=clerk, rater=deputy, group=RaterGroup.SUPERIOR)
    with pytest.raises(ValidationError) as self_as_peer:
        services.rater_assignment_add(actor=org_staff, assessee=clerk, rater=clerk.cadre, group=RaterGroup.PEER)
    move(annual_period, org_staff, "open-scoring")
    with pytest.raises(ValidationError) as after_opening:
        services.rater_assignment_remove(actor=org_staff, assignment=added)

    assert twice.value.message_dict["rater"] == ["该评价人已在此考核对象的评价人名单中。"]
    assert self_as_peer.value.message_dict["rater"] == ["“本人”类别的评价人只能是考核对象本人，其他类别不能是本人。"]
    assert after_opening.value.message_dict["period"] == ["评分开始后不能再调整评价人。"]
    assert RaterAssignment.objects.filter(pk=added.pk).exists()


def test_unit_hr_edits_raters_of_their_units_only(annual_period, unit_hr, staff_office):
    clerk = Assessee.objects.get(period=annual_period, cadre=staff_office["staff"][0])

    with pytest.raises(PermissionDenied):
        services.rater_assignment_add(actor=unit_hr, assessee=clerk, rater=staff_office["deputy"], group="superior")


# ---------------------------------------------------------------- the recompute job (eager here)


def test_a_submission_queues_a_recompute_of_its_pool_on_commit(
    annual_period, org_staff, django_capture_on_commit_callbacks
):
    period = move(annual_period, org_staff, "open-scoring")
    assignment = RaterAssignment.objects.filter(assessee__period=period, group="peer").first()
    item = IndicatorItem.objects.get(template=assignment.assessee.template, kind=ItemKind.RATED)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.rating_save(
            actor=rater_login(assignment.rater), assignment=assignment, scores={item.pk: "80"}, submit=True
        )

    assert len(callbacks) == 2  # the change queues the recompute, which queues its job
    job = JobRun.objects.get(kind="assessments.recompute")
    # only the stale pools: every pool is stale before its first computation
    assert (job.requested_by, job.status, job.parameters["period"]) == (None, "succeeded", period.pk)
    assert not any(pool.stale for pool in QuotaPool.objects.filter(period=period))
    proposal = Proposal.objects.get(assessee=assignment.assessee)
    assert proposal.composite == Decimal("80.00")


def test_the_recompute_proposes_grades_per_pool_with_why(scored_period, org_staff, staff_office, county):
    job = services.period_recompute_start(actor=org_staff, period=scored_period)
    from assessments import tasks

    tasks.recompute_period(job.pk)

    job.refresh_from_db()
    assert (job.status, job.total, job.done) == (JobRun.Status.SUCCEEDED, 2, 2)
    office = QuotaPool.objects.get(period=scored_period, unit=county["organ"], kind=PoolKind.UNIT)
    assert (office.members, office.graded_members, office.max_excellent, office.proposed_excellent) == (8, 8, 1, 1)
    assert not office.stale
    best = Proposal.objects.get(assessee__cadre=staff_office["staff"][0])
    # every rater gave 90; the quantitative item 90 as well
    assert (best.composite, best.rank, best.proposed_grade) == (Decimal("90.00"), 1, Grade.EXCELLENT)
    assert best.reasons == [
        "综合得分90.00，本考核单元排名第1（共8人排名）",
        "公务员考核规定（优秀等次比例）：优秀名额1名（定等次人数8×20%，向下取整），使用第1个名额",
    ]
    second = Proposal.objects.get(assessee__cadre=staff_office["staff"][1])
    assert (second.composite, second.rank, second.proposed_grade) == (Decimal("89.00"), 2, Grade.COMPETENT)


@pytest.mark.parametrize(
    ("batches", "per_task", "sizes"),
    [(13, 3, [3, 3, 3, 2, 2]), (3, 3, [3]), (4, 3, [2, 2]), (2, 1, [1, 1]), (0, 3, [])],
)
def test_consecutive_batches_are_grouped_into_tasks_of_nearly_equal_size(batches, per_task, sizes):
    from assessments import recompute

    planned = [[index] for index in range(batches)]
    with override_settings(ASSESSMENTS_RECOMPUTE_TASK_BATCHES=per_task):
        tasks = recompute.plan_tasks(planned)

    assert [len(task) for task in tasks] == sizes
    assert [batch for task in tasks for batch in task] == planned


def test_recomputing_twice_gives_the_same_rows_and_no_duplicates(scored_period, org_staff):
    from assessments import recompute

    pools = list(QuotaPool.objects.filter(period=scored_period).values_list("pk", flat=True))
    recompute.recompute_pools(period_id=scored_period.pk, pool_ids=pools)
    first = list(Proposal.objects.order_by("pk").values_list("pk", "composite", "rank", "proposed_grade", "reasons"))
    recompute.recompute_pools(period_id=scored_period.pk, pool_ids=pools)

    assert (
        list(Proposal.objects.order_by("pk").values_list("pk", "composite", "rank", "proposed_grade", "reasons"))
        == first
    )
    assert Proposal.objects.count() == 10


def test_a_discipline_cap_and_an_open_investigation_are_applied_with_their_source(scored_period, staff_office):
    from assessments import recompute

    AccountabilityRecordFactory(
        cadre=staff_office["staff"][0], kind=RecordKind.SANCTION_WARNING, decided_on=D(2025, 3, 1)
    )
    investigation = AccountabilityRecordFactory(
        cadre=staff_office["staff"][1], kind=RecordKind.INVESTIGATION, decided_on=D(2025, 10, 1)
    )
    recompute.recompute_pools(
        period_id=scored_period.pk,
        pool_ids=list(QuotaPool.objects.filter(period=scored_period).values_list("pk", flat=True)),
    )

    capped = Proposal.objects.get(assessee__cadre=staff_office["staff"][0])
    assert (capped.proposed_grade, capped.cap) == (Grade.COMPETENT, "not_excellent")
    assert "公务员考核规定第29条：2025年受政务警告，当年不得评为优秀" in capped.reasons
    investigated = Proposal.objects.get(assessee__cadre=staff_office["staff"][1])
    assert (investigated.proposed_grade, investigated.ungraded_reason, investigated.cap_source_id) == (
        Grade.UNGRADED,
        UngradedReason.INVESTIGATION,
        investigation.pk,
    )
    # the capped cadre's place goes to the next in rank (科员2, 88), the investigated one is out of the base
    assert Proposal.objects.get(assessee__cadre=staff_office["staff"][2]).proposed_grade == Grade.EXCELLENT


def test_regular_grades_of_the_year_feed_the_annual_composite_once_confirmed(scored_period, org_staff, staff_office):
    from assessments import recompute

    clerk = staff_office["staff"][7]  # 83 from everyone
    quarter = services.period_create(actor=org_staff, kind=PeriodKind.REGULAR, year=2025, quarter=4)
    services.regular_assessment_set(actor=org_staff, period=quarter, cadre=clerk, grade=RegularGrade.GOOD)
    move(quarter, org_staff, "open-scoring", "close-scoring", "confirm")
    recompute.recompute_pools(
        period_id=scored_period.pk,
        pool_ids=list(QuotaPool.objects.filter(period=scored_period).values_list("pk", flat=True)),
    )

    # 0.8 × 83 + 0.2 × 95 = 85.4
    assert Proposal.objects.get(assessee__cadre=clerk).composite == Decimal("85.40")


# ---------------------------------------------------------------- committee, publicity, confirmation


@pytest.fixture
def proposed_period(scored_period, org_staff):
    from assessments import tasks

    tasks.recompute_period(services.period_recompute_start(actor=org_staff, period=scored_period).pk)
    return move(scored_period, org_staff, "close-scoring", "propose", "submit-to-committee")


def test_propose_is_refused_while_a_pool_is_stale(scored_period, org_staff):
    period = move(scored_period, org_staff, "close-scoring")

    with pytest.raises(ValidationError) as refused:
        move(period, org_staff, "propose")

    assert refused.value.message_dict["action"] == ["有2个优秀名额单元的数据已变化，请先重新计算后再拟定等次。"]


def test_the_committee_overrides_with_a_reason_within_the_quota(proposed_period, org_staff, staff_office):
    second = Assessee.objects.get(period=proposed_period, cadre=staff_office["staff"][1])
    first = Assessee.objects.get(period=proposed_period, cadre=staff_office["staff"][0])

    with pytest.raises(ValidationError) as no_reason:
        services.committee_grade_set(actor=org_staff, assessee=second, grade=Grade.EXCELLENT, reason=" ")
    with pytest.raises(ValidationError) as over_quota:
        services.committee_grade_set(actor=org_staff, assessee=second, grade=Grade.EXCELLENT, reason="实绩突出")
    services.committee_grade_set(actor=org_staff, assessee=first, grade=Grade.COMPETENT, reason="群众反映较多")
    services.committee_grade_set(actor=org_staff, assessee=second, grade=Grade.EXCELLENT, reason="实绩突出")

    assert no_reason.value.message_dict["reason"] == ["调整等次须填写理由。"]
    assert over_quota.value.message_dict["grade"] == ["超出优秀名额：本单元优秀名额1名，已有1名。"]
    assert list(CommitteeOverride.objects.order_by("pk").values_list("from_grade", "to_grade", "reason")) == [
        ("excellent", "competent", "群众反映较多"),
        ("competent", "excellent", "实绩突出"),
    ]


def test_publicity_before_the_2026_national_day_ends_on_the_right_working_day(proposed_period, org_staff):
    # Tuesday 2026-09-29: 9-29, 9-30, (国庆 10-01…10-07), 10-08, 10-09 and Saturday 10-10, a make-up working day
    period = move(proposed_period, org_staff, "start-publicity", publicity_starts_on=D(2026, 9, 29))

    assert (period.publicity_starts_on, period.publicity_ends_on) == (D(2026, 9, 29), D(2026, 10, 10))


def test_publicity_from_monday_before_the_2026_national_day_ends_on_friday_the_9th(proposed_period, org_staff):
    period = move(proposed_period, org_staff, "start-publicity", publicity_starts_on=D(2026, 9, 28))

    assert period.publicity_ends_on == D(2026, 10, 9)


def test_a_2027_window_is_refused_until_that_years_holidays_are_entered(proposed_period, org_staff):
    with pytest.raises(ValidationError) as refused:
        move(proposed_period, org_staff, "start-publicity", publicity_starts_on=D(2027, 1, 4))
    assert refused.value.message_dict["publicity_starts_on"] == [
        "系统尚无2027年的法定节假日和调休安排：请在“工作日历”中录入国务院办公厅公布的2027年"
        "放假日期和调休上班日期，并标记该年已录入完整后再试。"
    ]
    proposed_period.refresh_from_db()
    assert proposed_period.state == PeriodState.COMMITTEE_REVIEW

    # the State Council's 2027 notice: 元旦 on Friday 1 January; say Thursday 7 January is also a holiday
    services.work_calendar_day_set(actor=org_staff, day=D(2027, 1, 1), is_working_day=False, note="元旦")
    services.work_calendar_day_set(actor=org_staff, day=D(2027, 1, 7), is_working_day=False, note="示例假日")
    services.work_calendar_day_set(actor=org_staff, day=D(2027, 1, 9), is_working_day=True, note="调休上班")
    services.work_calendar_year_complete(actor=org_staff, year=2027, basis="国办发明电〔2026〕7号")

    period = move(proposed_period, org_staff, "start-publicity", publicity_starts_on=D(2027, 1, 4))
    # Mon 4, Tue 5, Wed 6, (Thu 7 holiday), Fri 8, Sat 9 (make-up) → 9 January
    assert period.publicity_ends_on == D(2027, 1, 9)


def test_a_staff_entered_day_wins_over_the_calendar_package(proposed_period, org_staff):
    services.work_calendar_day_set(actor=org_staff, day=D(2026, 9, 30), is_working_day=False, note="更正")

    period = move(proposed_period, org_staff, "start-publicity", publicity_starts_on=D(2026, 9, 28))

    assert period.publicity_ends_on == D(2026, 10, 10)


def test_confirmation_waits_for_the_end_of_publicity_and_for_objections(proposed_period, org_staff, staff_office):
    period = move(proposed_period, org_staff, "start-publicity", publicity_starts_on=D(2026, 9, 28))
    with pytest.raises(ValidationError) as too_early:
        move(period, org_staff, "confirm", today=D(2026, 10, 9))
    assert too_early.value.message_dict["action"] == ["公示期至2026-10-09，期满（不少于5个工作日）后方可确定等次。"]

    objection = services.objection_record(
        actor=org_staff,
        period=period,
        raised_on=D(2026, 9, 30),
        content="反映其考勤不实",
        cadre=staff_office["staff"][0],
    )
    with pytest.raises(ValidationError) as open_objection:
        move(period, org_staff, "confirm", today=D(2026, 10, 12))
    assert open_objection.value.message_dict["action"] == ["还有1条公示异议尚未处理。"]

    services.objection_handle(actor=org_staff, objection=objection, status="dismissed", handling="经核实，考勤记录属实")
    period = move(period, org_staff, "confirm", today=D(2026, 10, 12))

    assert (period.state, period.confirmed_on) == (PeriodState.CONFIRMED, D(2026, 10, 12))
    results = dict(AnnualResult.objects.filter(year=2025).values_list("cadre_id", "grade"))
    assert len(results) == 10
    assert results[staff_office["staff"][0].pk] == Grade.EXCELLENT
    assert set(AnnualResult.objects.values_list("source", "period_id", "confirmed_on")) == {
        ("assessed", period.pk, D(2026, 10, 12))
    }
    assert list(PeriodTransition.objects.filter(period=period).values_list("action", flat=True)) == [
        "open-scoring",
        "close-scoring",
        "propose",
        "submit-to-committee",
        "start-publicity",
        "confirm",
    ]
    assert list(Suggestion.objects.values_list("cadre_id", "kind")) == [(staff_office["staff"][0].pk, "commendation")]


def test_a_confirmed_period_is_reopened_with_a_reason_and_reconfirmed(proposed_period, org_staff, staff_office):
    period = move(proposed_period, org_staff, "start-publicity", publicity_starts_on=D(2026, 9, 28))
    period = move(period, org_staff, "confirm", today=D(2026, 10, 12))

    with pytest.raises(ValidationError) as no_reason:
        move(period, org_staff, "reopen")
    period = move(period, org_staff, "reopen", reason="信访核查发现考勤问题")
    first = Assessee.objects.get(period=period, cadre=staff_office["staff"][0])
    services.committee_grade_set(
        actor=org_staff, assessee=first, grade=Grade.BASICALLY_COMPETENT, reason="考勤问题属实"
    )
    period = move(period, org_staff, "start-publicity", publicity_starts_on=D(2026, 10, 12))
    period = move(period, org_staff, "confirm", today=D(2026, 10, 19))

    assert no_reason.value.message_dict["reason"] == ["“重新审议”须填写原因。"]
    result = AnnualResult.objects.get(cadre=staff_office["staff"][0], year=2025)
    assert (result.grade, result.confirmed_on, result.history.count()) == ("basically_competent", D(2026, 10, 19), 2)
    assert PeriodTransition.objects.get(action="reopen").reason == "信访核查发现考勤问题"
    assert dict(Suggestion.objects.filter(cadre=staff_office["staff"][0]).values_list("kind", "status")) == {
        "commendation": "dismissed",
        "admonishment": "open",
        "no_promotion_next_year": "open",
    }
    assert AnnualResult.objects.filter(year=2025).count() == 10


def test_only_org_staff_move_periods(annual_period, unit_hr):
    with pytest.raises(PermissionDenied):
        services.period_transition(actor=unit_hr, period=annual_period, action="open-scoring")


@override_settings(ASSESSMENTS_LEADER_POOLING="unit")
def test_leaders_share_their_units_pool_when_the_setting_says_so(org_staff, template, staff_office, county):
    period = services.period_create(actor=org_staff, kind=PeriodKind.ANNUAL, year=2025)

    services.period_generate_assessees(actor=org_staff, period=period)

    assert list(QuotaPool.objects.filter(period=period).values_list("unit_id", "kind")) == [
        (county["organ"].pk, "unit")
    ]
