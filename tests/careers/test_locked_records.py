"""A career record past the step a page takes (a revoked record, a closed investigation, a concluded probation, a
decided case) opens no form for it: the page, opened by its address, goes back with the service's own reason
before any typing, on a GET as on a POST, and writes nothing. A record the step is still open for opens its form."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from careers import rules
from careers.choices import AppointmentKind, CaseStatus, ProbationOutcome, RecordKind, RecordStatus
from careers.models import UnfitAdjustmentCase
from tests.careers.factories import AccountabilityRecordFactory, AppointmentFactory, FaultToleranceCaseFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = datetime.date


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def career_url(cadre) -> str:
    return reverse("careers:cadre_career", args=[cadre.pk])


@pytest.fixture
def locked(own_cadre):
    """One record of each kind, each past its step."""
    record = AccountabilityRecordFactory(cadre=own_cadre, status=RecordStatus.REVOKED)
    return {
        "revoked": record,
        "closed": AccountabilityRecordFactory(
            cadre=own_cadre, kind=RecordKind.INVESTIGATION, closed_on=D(2024, 6, 1), outcome="no_violation"
        ),
        "concluded": AppointmentFactory(
            cadre=own_cadre, kind=AppointmentKind.PROMOTION, probation_outcome=ProbationOutcome.CONFIRMED
        ),
        "unfit": UnfitAdjustmentCase.objects.create(
            cadre=own_cadre,
            opened_on=D(2024, 1, 1),
            situations={"health": "病休"},
            status=CaseStatus.DECIDED,
            decision="reassignment",
            decided_on=D(2024, 3, 1),
        ),
        "fault": FaultToleranceCaseFactory(
            record=AccountabilityRecordFactory(cadre=own_cadre),
            status=CaseStatus.DECIDED,
            outcome="lenient",
            decided_on=D(2024, 5, 1),
        ),
    }


CASES = [
    # page, locked record, where it goes back to (None: the cadre's career), the reason
    ("careers:record_revoke", "revoked", None, "该记录状态为“已撤销”，不能重复撤销或更正。"),
    ("careers:investigation_close", "closed", None, "该记录不是未结案的立案审查调查。"),
    ("careers:probation_conclude", "concluded", None, "该任免记录不在试用期内，或试用结果已确定。"),
    ("careers:unfit_case_decide", "unfit", "unfit", "该案件已作出决定，不能重复决定。"),
    ("careers:fault_tolerance_decide", "fault", "list", "该申请已认定，不能重复认定。"),
]


def back_url(locked, own_cadre, back) -> str:
    if back == "unfit":
        return reverse("careers:unfit_case_detail", args=[locked["unfit"].pk])
    if back == "list":
        return reverse("careers:fault_tolerance_list")
    return career_url(own_cadre)


@pytest.mark.parametrize(("page", "key", "back", "reason"), CASES)
def test_opening_the_step_of_a_record_past_it_goes_back_with_the_reason(
    org_staff, own_cadre, locked, page, key, back, reason
):
    response = client_for(org_staff).get(reverse(page, args=[locked[key].pk]))
    assert (response.status_code, response["Location"]) == (302, back_url(locked, own_cadre, back))
    assert messages_of(response) == [reason]


@pytest.mark.parametrize(("page", "key", "back", "reason"), CASES)
def test_posting_the_step_of_a_record_past_it_writes_nothing(org_staff, own_cadre, locked, page, key, back, reason):
    record = locked[key]
    before = type(record).objects.filter(pk=record.pk).values().get()
    response = client_for(org_staff).post(
        reverse(page, args=[record.pk]),
        {"revoked_on": "2025-01-01", "reason": "重复", "closed_on": "2025-01-01", "outcome": "confirmed"},
    )
    assert response.status_code == 302
    assert messages_of(response) == [reason]
    assert type(record).objects.filter(pk=record.pk).values().get() == before


def test_a_record_in_force_still_opens_its_revoke_form(org_staff, own_cadre):
    record = AccountabilityRecordFactory(cadre=own_cadre)
    response = client_for(org_staff).get(reverse("careers:record_revoke", args=[record.pk]))
    assert response.status_code == 200
    assert "revoked_on" in response.context["form"].fields


def test_a_cadre_out_of_scope_is_still_404_before_the_lock_is_looked_at(unit_hr, outside_cadre):
    record = AccountabilityRecordFactory(cadre=outside_cadre, status=RecordStatus.REVOKED)
    assert client_for(unit_hr).get(reverse("careers:record_revoke", args=[record.pk])).status_code == 404


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (RecordStatus.ACTIVE, ""),
        (RecordStatus.REVOKED, "该记录状态为“已撤销”，不能重复撤销或更正。"),
        (RecordStatus.CORRECTED, "该记录状态为“已更正”，不能重复撤销或更正。"),
    ],
)
def test_the_revoke_rule_names_the_status_that_locks_a_record(status, expected):
    assert rules.revoke_refusal(AccountabilityRecordFactory.build(status=status)) == expected
