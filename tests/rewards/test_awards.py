"""Awards (domain-rules §1, §4; 公务员法 art. 52–56): the bonus and medal from the settings, uniqueness by
cadre, kind, year and basis in the service and the database, the award bar, revocation with its reason kept
in the history, and bulk approval of candidates, where only approval creates an award."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from careers.choices import RecordKind
from rewards import services
from rewards.choices import AwardBasisKind, AwardKind, AwardStatus, CandidateStatus, GrantBasisKind, GrantStatus
from rewards.models import Award, AwardCandidate, Grant
from tests.careers.factories import AccountabilityRecordFactory
from tests.rewards.factories import AwardFactory, CandidateFactory

D = datetime.date


def written(**extra) -> dict:
    return {
        "kind": AwardKind.MERIT_SECOND,
        "year": 2025,
        "basis_kind": AwardBasisKind.WRITTEN,
        "basis_text": "抗洪抢险中表现突出",
        "approving_body": "新龙县人民政府",
        "document_number": "新府〔2025〕8号",
        "awarded_on": D(2025, 8, 20),
        **extra,
    }


def refused(call, field: str, message: str) -> None:
    """The call raises ``message`` on ``field`` and writes no award, candidate decision or grant change."""
    before = (
        list(Award.objects.values_list("pk", "status")),
        list(AwardCandidate.objects.values_list("pk", "status")),
        list(Grant.objects.values_list("pk", "status")),
    )
    with pytest.raises(ValidationError) as error:
        call()
    assert message in error.value.message_dict[field], error.value.message_dict
    assert before == (
        list(Award.objects.values_list("pk", "status")),
        list(AwardCandidate.objects.values_list("pk", "status")),
        list(Grant.objects.values_list("pk", "status")),
    )


def test_a_written_award_takes_its_bonus_and_medal_from_the_settings(org_staff, own_cadre):
    award = services.award_create(actor=org_staff, cadre=own_cadre, data=written())
    assert (award.kind, award.year, award.bonus, award.medal) == (
        AwardKind.MERIT_SECOND,
        2025,
        Decimal("6000.00"),
        True,
    )
    assert award.basis == "written:抗洪抢险中表现突出"
    assert award.basis_display == "抗洪抢险中表现突出"
    assert award.history.get().history_user == org_staff


@override_settings(REWARDS_AWARD_BONUS={"merit_second": 7000, "commendation": 1500}, REWARDS_MEDAL_KINDS=[])
def test_bonus_and_medal_follow_changed_settings(org_staff, own_cadre):
    award = services.award_create(actor=org_staff, cadre=own_cadre, data=written())
    assert (award.bonus, award.medal) == (Decimal("7000.00"), False)


def test_a_commendation_on_a_confirmed_grade_names_its_year(org_staff, own_cadre):
    data = written(kind=AwardKind.COMMENDATION, year=2024, basis_kind=AwardBasisKind.ASSESSMENT, basis_years=[2024])
    award = services.award_create(actor=org_staff, cadre=own_cadre, data={**data, "awarded_on": D(2025, 3, 1)})
    assert (award.basis, award.basis_display, award.bonus, award.medal) == (
        "assessment:2024",
        "2024年度考核优秀",
        Decimal("1500.00"),
        False,
    )


def test_a_merit_on_grades_needs_three_consecutive_years_ending_in_its_year(org_staff, own_cadre):
    data = written(
        kind=AwardKind.MERIT_THIRD, year=2024, basis_kind=AwardBasisKind.ASSESSMENT, basis_years=[2021, 2022, 2024]
    )
    refused(
        lambda: services.award_create(actor=org_staff, cadre=own_cadre, data=data),
        "basis_years",
        "记三等功的依据应为截至该年度的连续三年考核优秀。",
    )
    award = services.award_create(actor=org_staff, cadre=own_cadre, data={**data, "basis_years": [2022, 2023, 2024]})
    assert award.basis_display == "2022、2023、2024年连续3年考核优秀"


def test_the_same_award_twice_is_refused_with_a_message(org_staff, own_cadre):
    services.award_create(actor=org_staff, cadre=own_cadre, data=written())
    refused(
        lambda: services.award_create(
            actor=org_staff,
            cadre=own_cadre,
            data=written(basis_text="  抗洪抢险中表现突出 ", document_number="新府〔2025〕9号"),
        ),
        "basis",
        "扎西已有2025年度“记二等功”奖励（依据相同），不能重复奖励。",
    )
    # another basis is another award
    services.award_create(actor=org_staff, cadre=own_cadre, data=written(basis_text="森林防火表现突出"))
    assert Award.objects.filter(cadre=own_cadre).count() == 2


def test_the_database_refuses_a_duplicate_award_that_slips_past_the_service(own_cadre):
    AwardFactory(cadre=own_cadre, year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(cadre=own_cadre, year=2024, document_number="另一个文号")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "medal"}, "kind", "请选择奖励种类。"),
        ({"year": 1800}, "year", "年度应在1990至2100年之间。"),
        ({"approving_body": " "}, "approving_body", "请填写批准机关。"),
        ({"document_number": ""}, "document_number", "请填写文号。"),
        ({"awarded_on": D(2099, 1, 1)}, "awarded_on", "奖励日期不能晚于今天。"),
        ({"awarded_on": D(2024, 12, 31)}, "awarded_on", "奖励日期不能早于奖励年度。"),
        ({"basis_text": "   "}, "basis_text", "请填写奖励事由。"),
        (
            {"basis_kind": AwardBasisKind.ASSESSMENT, "basis_years": [2025]},
            "basis_kind",
            "记二等功及以上奖励须写明书面事由。",
        ),
    ],
)
def test_bad_award_input_is_refused_with_a_field_message(org_staff, own_cadre, data, field, message):
    refused(lambda: services.award_create(actor=org_staff, cadre=own_cadre, data=written(**data)), field, message)


def test_no_award_while_a_sanction_period_covers_the_award_date(org_staff, own_cadre):
    # 记过 of 2025-03-15 bars 12 months: 2025-08-20 is inside, 2026-03-15 free (政务处分法 art. 8, 公务员法 art. 56)
    AccountabilityRecordFactory(cadre=own_cadre, kind=RecordKind.DEMERIT, decided_on=D(2025, 3, 15))
    with pytest.raises(ValidationError) as error:
        services.award_create(actor=org_staff, cadre=own_cadre, data=written())
    assert error.value.message_dict["awarded_on"][0].startswith(
        "2025-08-20该干部不得奖励：政务处分法第8条：记过，影响期12个月"
    )
    award = services.award_create(actor=org_staff, cadre=own_cadre, data=written(awarded_on=D(2026, 3, 15)))
    assert award.pk


@pytest.mark.parametrize("who", ["unit_hr", "cadre_user"])
def test_only_org_staff_decide_awards(request, own_cadre, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.award_create(actor=user, cadre=own_cadre, data=written())
    assert not Award.objects.exists()


# ---------------------------------------------------------------- revocation (公务员法 art. 56)


def test_revocation_keeps_the_award_with_its_date_and_reason_in_the_history(org_staff, own_cadre):
    award = services.award_create(actor=org_staff, cadre=own_cadre, data=written())
    services.award_revoke(actor=org_staff, award=award, revoked_on=D(2026, 1, 5), reason="申报事迹失实")
    award.refresh_from_db()
    assert (award.status, award.revoked_on, award.revocation_reason) == (
        AwardStatus.REVOKED,
        D(2026, 1, 5),
        "申报事迹失实",
    )
    latest = award.history.first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        AwardStatus.REVOKED,
        org_staff,
        "撤销奖励：申报事迹失实",
    )
    assert award.history.count() == 2


def test_revocation_needs_a_reason_and_a_date_after_the_award(org_staff, own_cadre):
    award = services.award_create(actor=org_staff, cadre=own_cadre, data=written())
    refused(
        lambda: services.award_revoke(actor=org_staff, award=award, revoked_on=D(2026, 1, 5), reason=" "),
        "reason",
        "请填写撤销理由。",
    )
    refused(
        lambda: services.award_revoke(actor=org_staff, award=award, revoked_on=D(2025, 8, 19), reason="失实"),
        "revoked_on",
        "撤销日期不能早于奖励日期（2025-08-20）。",
    )
    services.award_revoke(actor=org_staff, award=award, revoked_on=D(2026, 1, 5), reason="失实")
    refused(
        lambda: services.award_revoke(actor=org_staff, award=award, revoked_on=D(2026, 1, 6), reason="再次"),
        "revoked_on",
        "该奖励已撤销。",
    )


def test_revoking_an_award_cancels_its_unpaid_grants_and_returns_their_money(org_staff, own_cadre, budget):
    award = services.award_create(actor=org_staff, cadre=own_cadre, data=written())
    grant = services.grant_propose(
        actor=org_staff, budget=budget, cadre=own_cadre, amount="5000", basis_kind=GrantBasisKind.AWARD, award=award
    )
    services.grant_approve(actor=org_staff, grant=grant)
    services.award_revoke(actor=org_staff, award=award, revoked_on=D(2026, 1, 5), reason="申报事迹失实")
    grant.refresh_from_db()
    assert (grant.status, grant.cancel_reason) == (GrantStatus.CANCELLED, "奖励已撤销：申报事迹失实")
    assert [(entry.kind, entry.balance_change) for entry in budget.ledger_entries.order_by("sequence")] == [
        ("allocation", Decimal("30000.00")),
        ("commitment", Decimal("-5000.00")),
        ("release", Decimal("5000.00")),
    ]


# ---------------------------------------------------------------- candidates: only approval creates awards


def test_bulk_approval_turns_each_candidate_into_an_award_under_one_document(org_staff, own_cadre, other_cadre):
    first = CandidateFactory(cadre=own_cadre, year=2024)
    merit = CandidateFactory(cadre=other_cadre, year=2024, kind=AwardKind.MERIT_THIRD)
    awards = services.candidates_approve(
        actor=org_staff,
        candidate_ids=[merit.pk, first.pk],
        approving_body="中共新龙县委",
        document_number="新委〔2025〕3号",
        awarded_on=D(2025, 3, 1),
    )
    assert sorted((award.cadre.name, award.kind, award.bonus, award.medal, award.basis) for award in awards) == [
        ("卓玛", "merit_third", Decimal("3000.00"), True, "assessment:2022,2023,2024"),
        ("扎西", "commendation", Decimal("1500.00"), False, "assessment:2024"),
    ]
    assert {award.document_number for award in awards} == {"新委〔2025〕3号"}
    first.refresh_from_db()
    assert (first.status, first.decided_by, first.award.document_number) == (
        CandidateStatus.APPROVED,
        org_staff,
        "新委〔2025〕3号",
    )


def test_approving_a_batch_with_one_bad_candidate_approves_none(org_staff, own_cadre, other_cadre):
    good = CandidateFactory(cadre=own_cadre, year=2024)
    decided = CandidateFactory(cadre=other_cadre, year=2024, status=CandidateStatus.DECLINED, decline_reason="事迹不足")
    refused(
        lambda: services.candidates_approve(
            actor=org_staff,
            candidate_ids=[good.pk, decided.pk],
            approving_body="中共新龙县委",
            document_number="新委〔2025〕3号",
            awarded_on=D(2025, 3, 1),
        ),
        "candidates",
        "以下候选不能批准：卓玛 2024 嘉奖：当前为“不予奖励”",
    )
    assert not Award.objects.exists()


def test_a_candidate_barred_on_the_award_date_is_not_approved(org_staff, own_cadre):
    candidate = CandidateFactory(cadre=own_cadre, year=2024)
    AccountabilityRecordFactory(cadre=own_cadre, kind=RecordKind.PARTY_WARNING, decided_on=D(2025, 1, 10))
    with pytest.raises(ValidationError) as error:
        services.candidates_approve(
            actor=org_staff,
            candidate_ids=[candidate.pk],
            approving_body="中共新龙县委",
            document_number="新委〔2025〕3号",
            awarded_on=D(2025, 3, 1),
        )
    assert (
        "扎西 2024 嘉奖：中国共产党纪律处分条例：党内警告，12个月内不得提拔"
        in error.value.message_dict["candidates"][0]
    )
    assert not Award.objects.exists()


def test_approving_an_already_approved_candidate_twice_creates_one_award(org_staff, own_cadre):
    candidate = CandidateFactory(cadre=own_cadre, year=2024)
    decision = {"approving_body": "中共新龙县委", "document_number": "新委〔2025〕3号", "awarded_on": D(2025, 3, 1)}
    services.candidates_approve(actor=org_staff, candidate_ids=[candidate.pk], **decision)
    refused(
        lambda: services.candidates_approve(actor=org_staff, candidate_ids=[candidate.pk], **decision),
        "candidates",
        "以下候选不能批准：扎西 2024 嘉奖：当前为“已批准”",
    )
    assert Award.objects.count() == 1


def test_a_candidate_whose_award_already_exists_is_refused_by_the_uniqueness(org_staff, own_cadre):
    AwardFactory(cadre=own_cadre, year=2024)
    candidate = CandidateFactory(cadre=own_cadre, year=2024)
    refused(
        lambda: services.candidates_approve(
            actor=org_staff,
            candidate_ids=[candidate.pk],
            approving_body="中共新龙县委",
            document_number="新委〔2025〕4号",
            awarded_on=D(2025, 3, 1),
        ),
        "basis",
        "扎西已有2024年度“嘉奖”奖励（依据相同），不能重复奖励。",
    )


def test_declining_keeps_the_reason_and_needs_one(org_staff, own_cadre):
    candidate = CandidateFactory(cadre=own_cadre, year=2024)
    refused(
        lambda: services.candidates_decline(actor=org_staff, candidate_ids=[candidate.pk], reason=""),
        "reason",
        "请填写不予奖励的理由。",
    )
    services.candidates_decline(actor=org_staff, candidate_ids=[candidate.pk], reason="已在上级表彰中奖励")
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decline_reason) == (CandidateStatus.DECLINED, "已在上级表彰中奖励")
