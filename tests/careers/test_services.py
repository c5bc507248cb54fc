"""The career services: they keep the cadre's post and rank in step, refuse bad or contradictory input
with a clear Chinese message, and change nothing when they refuse."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cadres.choices import LeadershipLevel, Rank
from cadres.models import Cadre
from careers import selectors, services
from careers.choices import (
    AppointmentKind,
    BarKind,
    CaseStatus,
    ProbationOutcome,
    RankChangeKind,
    RecordKind,
    RecordStatus,
)
from careers.models import AccountabilityRecord, Appointment, RankChange, UnfitAdjustmentCase
from tests.careers.factories import AccountabilityRecordFactory, AppointmentFactory

D = datetime.date


def snapshot(cadre):
    cadre = Cadre.objects.get(pk=cadre.pk)
    return (
        cadre.post_title,
        cadre.post_date,
        cadre.leadership_level,
        cadre.unit_id,
        cadre.rank,
        cadre.rank_date,
        cadre.history.count(),
        Appointment.objects.count(),
        RankChange.objects.count(),
        AccountabilityRecord.objects.count(),
    )


def refused(call, field, message, cadre):
    """Assert that ``call`` raises a ValidationError naming ``message`` on ``field`` and changes nothing."""
    before = snapshot(cadre)
    with pytest.raises(ValidationError) as error:
        call()
    assert message in error.value.message_dict[field]
    assert snapshot(cadre) == before


def promotion(**extra):
    return {
        "kind": AppointmentKind.PROMOTION,
        "post_title": "镇长",
        "leadership_level": LeadershipLevel.TOWNSHIP_CHIEF,
        "effective_date": D(2024, 5, 6),
        "approving_body": "中共新龙县委",
        "document_number": "新委〔2024〕12号",
        **extra,
    }


# ---------------------------------------------------------------- appointments


def test_promotion_updates_the_cadre_post_and_starts_a_one_year_probation(org_staff, leader, county):
    appointment = services.appointment_create(actor=org_staff, cadre=leader, data=promotion(unit=county["township"]))
    leader.refresh_from_db()
    assert (leader.post_title, leader.leadership_level, leader.post_date) == (
        "镇长",
        LeadershipLevel.TOWNSHIP_CHIEF,
        D(2024, 5, 6),
    )
    assert appointment.probation_end == D(2025, 5, 5)  # the last day of the year's probation
    assert appointment.probation_outcome == ProbationOutcome.PENDING
    assert (appointment.previous_post_title, appointment.previous_leadership_level) == (
        "副镇长",
        LeadershipLevel.TOWNSHIP_DEPUTY,
    )
    assert leader.history.first().history_change_reason == "任免：提拔任职 镇长（新委〔2024〕12号）"


def test_promotion_inside_a_sanction_period_is_refused_citing_the_bar(org_staff, leader, county):
    AccountabilityRecordFactory(cadre=leader, kind=RecordKind.DEMERIT, decided_on=D(2024, 1, 10))
    refused(
        lambda: services.appointment_create(actor=org_staff, cadre=leader, data=promotion(unit=county["township"])),
        "effective_date",
        "2024-05-06该干部不得提拔任职：政务处分法第8条：记过，影响期12个月（至2025-01-09），期间不得晋升职务、职级、级别",
        leader,
    )


def test_promotion_to_a_level_not_above_the_current_one_is_refused(org_staff, leader, county):
    refused(
        lambda: services.appointment_create(
            actor=org_staff,
            cadre=leader,
            data=promotion(unit=county["township"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY),
        ),
        "leadership_level",
        "提拔任职的领导职务层次应高于现任层次（乡科级副职）。",
        leader,
    )


def test_removal_from_a_post_the_cadre_does_not_hold_is_refused(org_staff, leader):
    data = {
        "kind": AppointmentKind.REMOVAL,
        "post_title": "党委书记",
        "effective_date": D(2024, 5, 6),
        "approving_body": "中共新龙县委",
        "document_number": "新委〔2024〕13号",
    }
    refused(
        lambda: services.appointment_create(actor=org_staff, cadre=leader, data=data),
        "post_title",
        "该干部现任职务为“副镇长”，不能免去其未担任的职务“党委书记”。",
        leader,
    )


def test_removal_from_the_post_held_clears_the_current_post(org_staff, leader):
    data = {
        "kind": AppointmentKind.REMOVAL,
        "post_title": "副镇长",
        "effective_date": D(2024, 5, 6),
        "approving_body": "中共新龙县委",
        "document_number": "新委〔2024〕13号",
    }
    appointment = services.appointment_create(actor=org_staff, cadre=leader, data=data)
    leader.refresh_from_db()
    assert (leader.post_title, leader.leadership_level, leader.post_date) == ("", None, None)
    assert appointment.leadership_level == LeadershipLevel.TOWNSHIP_DEPUTY


def test_two_promotions_on_the_same_date_are_refused(org_staff, leader, county):
    services.appointment_create(actor=org_staff, cadre=leader, data=promotion(unit=county["township"]))
    refused(
        lambda: services.appointment_create(
            actor=org_staff,
            cadre=leader,
            data=promotion(unit=county["township"], leadership_level=LeadershipLevel.COUNTY_DEPUTY),
        ),
        "effective_date",
        "该干部在2024-05-06已有一条“提拔任职”记录，不能重复录入。",
        leader,
    )


def test_two_posts_taken_on_the_same_date_are_refused(org_staff, leader, county):
    services.appointment_create(actor=org_staff, cadre=leader, data=promotion(unit=county["township"]))
    transfer = promotion(kind=AppointmentKind.LATERAL_TRANSFER, unit=county["township"], post_title="党委副书记")
    refused(
        lambda: services.appointment_create(actor=org_staff, cadre=leader, data=transfer),
        "effective_date",
        "该干部在2024-05-06已有一条任职记录，同一天不能任两个职务。",
        leader,
    )


def test_an_appointment_earlier_than_the_latest_one_is_refused(org_staff, leader, county):
    AppointmentFactory(cadre=leader, effective_date=D(2024, 6, 1), kind=AppointmentKind.LATERAL_TRANSFER)
    refused(
        lambda: services.appointment_create(actor=org_staff, cadre=leader, data=promotion(unit=county["township"])),
        "effective_date",
        "任免时间早于该干部最近一条任免记录（2024-06-01 平级转任），请按时间先后录入。",
        leader,
    )


def test_an_appointment_before_the_cadre_started_work_is_refused(org_staff, leader, county):
    refused(
        lambda: services.appointment_create(
            actor=org_staff, cadre=leader, data=promotion(unit=county["township"], effective_date=D(2001, 1, 1))
        ),
        "effective_date",
        "任免时间不能早于参加工作时间（2003-07-01）。",
        leader,
    )


def test_a_future_appointment_is_refused(org_staff, leader, county):
    refused(
        lambda: services.appointment_create(
            actor=org_staff, cadre=leader, data=promotion(unit=county["township"], effective_date=D(2999, 1, 1))
        ),
        "effective_date",
        "任免时间不能晚于今天。",
        leader,
    )


def test_lateral_transfer_with_a_different_level_is_refused(org_staff, leader, county):
    data = promotion(kind=AppointmentKind.LATERAL_TRANSFER, unit=county["organ"], post_title="副局长")
    refused(
        lambda: services.appointment_create(actor=org_staff, cadre=leader, data=data),
        "leadership_level",
        "平级转任的领导职务层次应与现任层次（乡科级副职）相同；升降层次请选择提拔任职或降职。",
        leader,
    )


def test_failed_probation_returns_the_cadre_to_the_previous_post_and_level(org_staff, leader, county):
    appointment = services.appointment_create(actor=org_staff, cadre=leader, data=promotion(unit=county["organ"]))
    services.appointment_probation_conclude(
        actor=org_staff, appointment=appointment, outcome=ProbationOutcome.FAILED, concluded_on=D(2025, 5, 6)
    )
    leader.refresh_from_db()
    assert (leader.post_title, leader.leadership_level, leader.post_date, leader.unit) == (
        "副镇长",
        LeadershipLevel.TOWNSHIP_DEPUTY,
        D(2018, 6, 1),
        county["township"],
    )
    appointment.refresh_from_db()
    assert appointment.probation_outcome == ProbationOutcome.FAILED


def test_probation_cannot_be_concluded_twice(org_staff, leader, county):
    appointment = services.appointment_create(actor=org_staff, cadre=leader, data=promotion(unit=county["township"]))
    services.appointment_probation_conclude(
        actor=org_staff, appointment=appointment, outcome=ProbationOutcome.CONFIRMED, concluded_on=D(2025, 5, 6)
    )
    refused(
        lambda: services.appointment_probation_conclude(
            actor=org_staff, appointment=appointment, outcome=ProbationOutcome.FAILED, concluded_on=D(2025, 5, 7)
        ),
        "outcome",
        "该任免记录不在试用期内，或试用结果已确定。",
        leader,
    )


def test_cadre_cannot_write_own_career(cadre_user, own_cadre):
    before = snapshot(own_cadre)
    with pytest.raises(PermissionDenied):
        services.appointment_create(actor=cadre_user, cadre=own_cadre, data=promotion(unit=own_cadre.unit))
    assert snapshot(own_cadre) == before


def test_unit_hr_cannot_write_a_cadre_outside_the_managed_units(unit_hr, outside_cadre):
    before = snapshot(outside_cadre)
    with pytest.raises(PermissionDenied):
        services.accountability_record_create(
            actor=unit_hr,
            cadre=outside_cadre,
            data={"kind": RecordKind.REMINDER_TALK, "decided_on": D(2024, 1, 5), "issuing_body": "x", "reason": "y"},
        )
    assert snapshot(outside_cadre) == before


def test_unit_hr_cannot_move_a_cadre_to_a_unit_outside_the_managed_units(unit_hr, leader, county):
    data = promotion(kind=AppointmentKind.LATERAL_TRANSFER, unit=county["organ"], leadership_level=None)
    refused(
        lambda: services.appointment_create(actor=unit_hr, cadre=leader, data=data),
        "unit",
        "该单位不在您的管理范围内。",
        leader,
    )


# ---------------------------------------------------------------- rank changes


RANK_DAY = D(2024, 7, 1)
MEASURE_DAY = D(2024, 3, 15)


def rank(kind, to_rank, day=RANK_DAY, **extra):
    return {
        "kind": kind,
        "to_rank": to_rank,
        "effective_date": day,
        "reason": "任职年限已满",
        "document_number": "新组〔2024〕3号",
        **extra,
    }


def test_rank_promotion_by_one_step_updates_the_cadre_rank(org_staff, leader):
    change = services.rank_change_create(
        actor=org_staff, cadre=leader, data=rank(RankChangeKind.PROMOTION, Rank.PRINCIPAL_STAFF_3)
    )
    leader.refresh_from_db()
    assert (leader.rank, leader.rank_date) == (Rank.PRINCIPAL_STAFF_3, D(2024, 7, 1))
    assert change.from_rank == Rank.PRINCIPAL_STAFF_4


def test_rank_jump_of_two_steps_is_refused_unless_conversion(org_staff, leader):
    refused(
        lambda: services.rank_change_create(
            actor=org_staff, cadre=leader, data=rank(RankChangeKind.PROMOTION, Rank.PRINCIPAL_STAFF_2)
        ),
        "to_rank",
        "职级晋升只能逐级晋升，不能跨越2级（套转除外）。",
        leader,
    )
    services.rank_change_create(
        actor=org_staff, cadre=leader, data=rank(RankChangeKind.CONVERSION, Rank.PRINCIPAL_STAFF_2)
    )
    leader.refresh_from_db()
    assert leader.rank == Rank.PRINCIPAL_STAFF_2


def test_rank_change_from_a_rank_not_held_is_refused(org_staff, leader):
    refused(
        lambda: services.rank_change_create(
            actor=org_staff,
            cadre=leader,
            data=rank(RankChangeKind.PROMOTION, Rank.PRINCIPAL_STAFF_2, from_rank=Rank.PRINCIPAL_STAFF_3),
        ),
        "to_rank",
        "原职级（三级主任科员）与该干部现职级（四级主任科员）不一致。",
        leader,
    )


def test_two_rank_changes_on_one_date_are_refused(org_staff, leader):
    services.rank_change_create(
        actor=org_staff, cadre=leader, data=rank(RankChangeKind.PROMOTION, Rank.PRINCIPAL_STAFF_3)
    )
    refused(
        lambda: services.rank_change_create(
            actor=org_staff, cadre=leader, data=rank(RankChangeKind.DEMOTION, Rank.PRINCIPAL_STAFF_4)
        ),
        "effective_date",
        "生效时间应晚于任现职级时间（2024-07-01）。",
        leader,
    )


def test_restoration_without_an_earlier_lowering_is_refused(org_staff, leader):
    refused(
        lambda: services.rank_change_create(
            actor=org_staff, cadre=leader, data=rank(RankChangeKind.RESTORATION, Rank.PRINCIPAL_STAFF_3)
        ),
        "to_rank",
        "该干部没有从该职级被降低的记录，不能恢复到该职级。",
        leader,
    )


def test_restoration_after_a_lowering_is_accepted(org_staff, leader):
    services.rank_change_create(
        actor=org_staff, cadre=leader, data=rank(RankChangeKind.DEMOTION, Rank.CLERK_1, day=D(2023, 1, 1))
    )
    services.rank_change_create(
        actor=org_staff, cadre=leader, data=rank(RankChangeKind.RESTORATION, Rank.PRINCIPAL_STAFF_4)
    )
    leader.refresh_from_db()
    assert leader.rank == Rank.PRINCIPAL_STAFF_4


def test_rank_promotion_under_investigation_is_refused(org_staff, leader):
    AccountabilityRecordFactory(cadre=leader, kind=RecordKind.INVESTIGATION, decided_on=D(2024, 2, 1))
    refused(
        lambda: services.rank_change_create(
            actor=org_staff, cadre=leader, data=rank(RankChangeKind.PROMOTION, Rank.PRINCIPAL_STAFF_3)
        ),
        "effective_date",
        "2024-07-01该干部不得晋升职级：公务员法第62条、职务与职级并行规定第21条：立案审查调查期间不得晋升（长期）",
        leader,
    )


# ---------------------------------------------------------------- accountability records


def measure(kind, day=MEASURE_DAY, **extra):
    return {"kind": kind, "decided_on": day, "issuing_body": "县纪委监委", "reason": "违反工作纪律", **extra}


def test_party_discipline_for_a_cadre_who_is_not_a_party_member_is_refused(org_staff, own_cadre):
    refused(
        lambda: services.accountability_record_create(
            actor=org_staff, cadre=own_cadre, data=measure(RecordKind.PARTY_WARNING)
        ),
        "kind",
        "该干部不是中共党员，不能给予党纪处分。",
        own_cadre,
    )


def test_roll_removal_of_a_cadre_who_is_not_a_party_member_is_refused(org_staff, own_cadre):
    refused(
        lambda: services.accountability_record_create(
            actor=org_staff, cadre=own_cadre, data=measure(RecordKind.PARTY_ROLL_REMOVAL)
        ),
        "kind",
        "该干部不是中共党员，不能除名。",
        own_cadre,
    )


def test_roll_removal_of_a_party_member_is_its_own_family_not_a_discipline(org_staff, leader):
    record = services.accountability_record_create(
        actor=org_staff, cadre=leader, data=measure(RecordKind.PARTY_ROLL_REMOVAL)
    )

    assert (record.family, record.get_family_display(), record.get_kind_display()) == (
        "unqualified_member_disposal",
        "处置不合格党员",
        "除名",
    )


@pytest.mark.parametrize("first", [RecordKind.PARTY_ROLL_REMOVAL, RecordKind.PARTY_EXPULSION], ids=["除名", "开除党籍"])
@pytest.mark.parametrize("then", [RecordKind.PARTY_ROLL_REMOVAL, RecordKind.PARTY_WARNING], ids=["除名", "党内警告"])
def test_a_member_removed_or_expelled_cannot_be_removed_or_disciplined_afterwards(org_staff, leader, first, then):
    """党章 art. 9: out of the party on the first record's day, though the record's political status still says
    中共党员; a record dated before it is history and is taken."""
    services.accountability_record_create(actor=org_staff, cadre=leader, data=measure(first, day=D(2024, 3, 1)))
    earlier = services.accountability_record_create(
        actor=org_staff, cadre=leader, data=measure(then, day=D(2023, 6, 1))
    )
    label = {RecordKind.PARTY_ROLL_REMOVAL: "除名", RecordKind.PARTY_EXPULSION: "开除党籍"}[first]

    refused(
        lambda: services.accountability_record_create(
            actor=org_staff, cadre=leader, data=measure(then, day=D(2024, 9, 1))
        ),
        "kind",
        f"该干部已于2024-03-01被{label}，不再是中共党员。",
        leader,
    )
    assert earlier.decided_on == D(2023, 6, 1)


def test_a_member_who_rejoined_after_a_removal_can_be_removed_again(org_staff, leader):
    services.accountability_record_create(
        actor=org_staff, cadre=leader, data=measure(RecordKind.PARTY_ROLL_REMOVAL, day=D(2021, 3, 1))
    )
    leader.party_join_date = D(2023, 7, 1)
    leader.save()

    again = services.accountability_record_create(
        actor=org_staff, cadre=leader, data=measure(RecordKind.PARTY_ROLL_REMOVAL, day=D(2024, 9, 1))
    )

    assert again.kind == RecordKind.PARTY_ROLL_REMOVAL


def test_fault_tolerance_case_on_a_roll_removal_is_refused(org_staff, leader):
    record = services.accountability_record_create(
        actor=org_staff, cadre=leader, data=measure(RecordKind.PARTY_ROLL_REMOVAL)
    )
    with pytest.raises(ValidationError) as error:
        services.fault_tolerance_case_open(
            actor=org_staff, record=record, distinction="exploratory_trial", opened_on=D(2024, 4, 1), facts="x"
        )
    assert error.value.message_dict["record"] == ["除名是对不合格党员的处置，不是问责，不适用容错纠错。"]


def test_party_probation_needs_its_length(org_staff, leader):
    refused(
        lambda: services.accountability_record_create(
            actor=org_staff, cadre=leader, data=measure(RecordKind.PARTY_PROBATION)
        ),
        "probation_years",
        "留党察看须选择期限：1年或2年。",
        leader,
    )


def test_investigation_closed_before_it_opened_is_refused(org_staff, leader):
    data = measure(RecordKind.INVESTIGATION, closed_on=D(2024, 1, 1), outcome="no_sanction")
    refused(
        lambda: services.accountability_record_create(actor=org_staff, cadre=leader, data=data),
        "closed_on",
        "结案日期不能早于立案日期（2024-03-15）。",
        leader,
    )


def test_a_second_open_investigation_is_refused(org_staff, leader):
    services.accountability_record_create(actor=org_staff, cadre=leader, data=measure(RecordKind.INVESTIGATION))
    refused(
        lambda: services.accountability_record_create(
            actor=org_staff, cadre=leader, data=measure(RecordKind.INVESTIGATION, day=D(2024, 4, 1))
        ),
        "kind",
        "该干部已有未结案的立案审查调查（2024-03-15立案），请先结案。",
        leader,
    )


def test_the_same_record_twice_is_refused(org_staff, leader):
    services.accountability_record_create(actor=org_staff, cadre=leader, data=measure(RecordKind.DEMERIT))
    refused(
        lambda: services.accountability_record_create(actor=org_staff, cadre=leader, data=measure(RecordKind.DEMERIT)),
        "decided_on",
        "该干部在2024-03-15已有一条有效的“记过”记录，不能重复录入。",
        leader,
    )


def test_closing_an_investigation_ends_its_bar(org_staff, leader):
    record = services.accountability_record_create(
        actor=org_staff, cadre=leader, data=measure(RecordKind.INVESTIGATION)
    )
    services.investigation_close(actor=org_staff, record=record, closed_on=D(2024, 6, 1), outcome="no_sanction")
    assert selectors.cadre_bars(cadre=leader, on_date=D(2024, 6, 1)) == []
    assert [bar.kind for bar in selectors.cadre_bars(cadre=leader, on_date=D(2024, 5, 31))] == [BarKind.PROMOTION]


def test_revoking_a_record_keeps_it_and_lifts_its_bars_from_that_date(org_staff, leader):
    record = services.accountability_record_create(actor=org_staff, cadre=leader, data=measure(RecordKind.DEMERIT))
    services.accountability_record_revoke(actor=org_staff, record=record, revoked_on=D(2024, 6, 1), reason="复查撤销")
    record.refresh_from_db()
    assert (record.status, record.revoked_on) == (RecordStatus.REVOKED, D(2024, 6, 1))
    assert record.history.count() == 2
    assert selectors.cadre_bars(cadre=leader, on_date=D(2024, 6, 1)) == []
    assert len(selectors.cadre_bars(cadre=leader, on_date=D(2024, 5, 31))) == 3


def test_revoking_twice_or_before_the_decision_is_refused(org_staff, leader):
    record = services.accountability_record_create(actor=org_staff, cadre=leader, data=measure(RecordKind.DEMERIT))
    refused(
        lambda: services.accountability_record_revoke(
            actor=org_staff, record=record, revoked_on=D(2024, 1, 1), reason="复查"
        ),
        "revoked_on",
        "撤销（更正）日期不能早于决定日期（2024-03-15）。",
        leader,
    )
    services.accountability_record_revoke(actor=org_staff, record=record, revoked_on=D(2024, 6, 1), reason="复查")
    refused(
        lambda: services.accountability_record_revoke(
            actor=org_staff, record=record, revoked_on=D(2024, 7, 1), reason="复查"
        ),
        "revoked_on",
        "该记录状态为“已撤销”，不能重复撤销或更正。",
        leader,
    )


# ---------------------------------------------------------------- cases


def test_unfit_case_for_a_cadre_without_a_leadership_post_is_refused(org_staff, own_cadre):
    before = UnfitAdjustmentCase.objects.count()
    with pytest.raises(ValidationError) as error:
        services.unfit_case_open(
            actor=org_staff, cadre=own_cadre, opened_on=D(2024, 3, 1), situations={"health": "长期病休"}
        )
    assert error.value.message_dict["cadre"] == ["该干部未担任领导职务，不适用不适宜担任现职调整。"]
    assert UnfitAdjustmentCase.objects.count() == before


def test_unfit_case_needs_evidence_for_every_checked_situation(org_staff, leader):
    with pytest.raises(ValidationError) as error:
        services.unfit_case_open(
            actor=org_staff, cadre=leader, opened_on=D(2024, 3, 1), situations={"dereliction": " "}
        )
    assert error.value.message_dict["situations"] == ["请填写“工作失职，造成较大损失或者恶劣影响”的事实依据。"]
    assert UnfitAdjustmentCase.objects.count() == 0


def test_unfit_case_decision_creates_the_career_record_and_the_measure(org_staff, leader, county):
    case = services.unfit_case_open(
        actor=org_staff, cadre=leader, opened_on=D(2024, 3, 1), situations={"dereliction": "安全事故处置不力"}
    )
    case = services.unfit_case_update(
        actor=org_staff, case=case, situations={"dereliction": "安全事故处置不力", "formalism": "台账造假"}
    )
    assert case.status == CaseStatus.INVESTIGATING
    case = services.unfit_case_decide(
        actor=org_staff,
        case=case,
        data={
            "decision": "demotion",
            "decided_on": D(2024, 4, 1),
            "post_title": "四级主任科员",
            "leadership_level": None,
            "approving_body": "中共新龙县委",
            "document_number": "新委〔2024〕20号",
        },
    )
    leader.refresh_from_db()
    assert (case.status, case.decision, case.decided_on) == (CaseStatus.DECIDED, "demotion", D(2024, 4, 1))
    assert (case.appointment.kind, case.measure.kind) == (AppointmentKind.DEMOTION, RecordKind.DEMOTION)
    assert (leader.post_title, leader.leadership_level, leader.post_date) == ("四级主任科员", None, D(2024, 4, 1))
    assert (
        case.measure.reason
        == "不适宜担任现职（工作失职，造成较大损失或者恶劣影响、作风不实，形式主义、官僚主义问题突出）"
    )


def test_unfit_case_decision_to_remove_sets_the_two_part_bar(org_staff, leader):
    case = services.unfit_case_open(
        actor=org_staff, cadre=leader, opened_on=D(2024, 3, 1), situations={"health": "长期病休一年以上"}
    )
    case = services.unfit_case_decide(
        actor=org_staff,
        case=case,
        data={
            "decision": "removal",
            "decided_on": D(2024, 4, 1),
            "approving_body": "中共新龙县委",
            "document_number": "新委〔2024〕21号",
        },
    )
    leader.refresh_from_db()
    assert (leader.post_title, leader.leadership_level) == ("", None)
    assert (case.appointment.kind, case.measure.kind) == (AppointmentKind.REMOVAL, RecordKind.REMOVAL)
    assert {bar.kind for bar in selectors.cadre_bars(cadre=leader, on_date=D(2024, 4, 1))} == {
        BarKind.LEADERSHIP_POST,
        BarKind.ABOVE_OLD_LEVEL,
    }


def test_failed_unfit_decision_writes_nothing(org_staff, leader):
    case = services.unfit_case_open(
        actor=org_staff, cadre=leader, opened_on=D(2024, 3, 1), situations={"health": "长期病休一年以上"}
    )
    before = snapshot(leader)
    with pytest.raises(ValidationError):
        services.unfit_case_decide(
            actor=org_staff,
            case=case,
            data={
                "decision": "demotion",
                "decided_on": D(2024, 4, 1),
                "post_title": "科员",
                "leadership_level": LeadershipLevel.TOWNSHIP_CHIEF,
                "approving_body": "中共新龙县委",
                "document_number": "新委〔2024〕22号",
            },
        )
    assert snapshot(leader) == before
    case.refresh_from_db()
    assert case.status == CaseStatus.OPENED


def test_fault_tolerance_exemption_lifts_the_record_bars(org_staff, leader):
    record = services.accountability_record_create(actor=org_staff, cadre=leader, data=measure(RecordKind.DEMERIT))
    case = services.fault_tolerance_case_open(
        actor=org_staff, record=record, distinction="exploratory_trial", opened_on=D(2024, 4, 1), facts="先行先试"
    )
    assert len(selectors.cadre_bars(cadre=leader, on_date=D(2024, 5, 1))) == 3
    services.fault_tolerance_case_decide(
        actor=org_staff, case=case, outcome="exempt", decided_on=D(2024, 4, 20), decision_reason="符合容错情形"
    )
    assert selectors.cadre_bars(cadre=leader, on_date=D(2024, 5, 1)) == []
    assert selectors.cadre_grade_cap(cadre=leader, year=2024).kind == "none"


def test_fault_tolerance_case_on_an_investigation_is_refused(org_staff, leader):
    record = services.accountability_record_create(
        actor=org_staff, cadre=leader, data=measure(RecordKind.INVESTIGATION)
    )
    with pytest.raises(ValidationError) as error:
        services.fault_tolerance_case_open(
            actor=org_staff, record=record, distinction="exploratory_trial", opened_on=D(2024, 4, 1), facts="x"
        )
    assert error.value.message_dict["record"] == ["立案审查调查不适用容错纠错，请针对其后的处理记录申请。"]
    assert record.fault_tolerance_cases.count() == 0
