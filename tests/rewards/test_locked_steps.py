"""An award or a grant past a step opens no form for it: revoking a revoked award, paying a grant that is not
approved, cancelling a paid one go back with the service's own reason before any typing, writing nothing."""

import datetime

import pytest
from django.contrib.messages import get_messages

from rewards.choices import AwardStatus, GrantStatus
from rewards.models import Award, Grant
from tests.conftest import client_for
from tests.rewards.factories import AwardFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def grant(org_staff, own_cadre, budget):
    """A proposed grant of 1,500 元 on 扎西's 2024 嘉奖."""
    award = AwardFactory(cadre=own_cadre, year=2024)
    client_for(org_staff).post(
        f"/rewards/awards/{award.pk}/grant/",
        {"budget": budget.pk, "amount": "1500", "basis_kind": "award", "award": award.pk},
    )
    return Grant.objects.get()


def test_revoking_a_revoked_award_goes_back_to_the_cadres_rewards_with_the_reason(org_staff, own_cadre):
    award = AwardFactory(
        cadre=own_cadre, status=AwardStatus.REVOKED, revoked_on=datetime.date(2025, 5, 1), revocation_reason="事迹失实"
    )
    client = client_for(org_staff)
    response = client.get(f"/rewards/awards/{award.pk}/revoke/")
    assert (response.status_code, response["Location"]) == (302, f"/rewards/cadres/{own_cadre.pk}/")
    assert messages_of(response) == ["该奖励已撤销。"]
    posted = client_for(org_staff).post(
        f"/rewards/awards/{award.pk}/revoke/", {"revoked_on": "2026-01-05", "reason": "重复"}
    )
    assert messages_of(posted) == ["该奖励已撤销。"]
    assert Award.objects.get(pk=award.pk).revoked_on == datetime.date(2025, 5, 1)


def test_paying_a_grant_not_yet_approved_goes_back_to_the_grants_with_the_reason(org_staff, grant):
    response = client_for(org_staff).get(f"/rewards/grants/{grant.pk}/pay/")
    assert (response.status_code, response["Location"]) == (302, "/rewards/grants/")
    assert messages_of(response) == ["只有已批准的拨付可以支付（当前为“拟拨付”）。"]


def test_cancelling_a_paid_grant_goes_back_with_the_reason_and_keeps_it_paid(org_staff, grant):
    client = client_for(org_staff)
    client.post("/rewards/grants/approve/", {"grants": [grant.pk]})
    client.post(f"/rewards/grants/{grant.pk}/pay/", {"paid_on": str(datetime.date.today()), "payment_reference": "1"})
    response = client_for(org_staff).get(f"/rewards/grants/{grant.pk}/cancel/")
    assert (response.status_code, response["Location"]) == (302, "/rewards/grants/")
    assert messages_of(response) == ["“已支付”的拨付不能撤销。"]
    posted = client_for(org_staff).post(f"/rewards/grants/{grant.pk}/cancel/", {"reason": "重复拨付"})
    assert messages_of(posted) == ["“已支付”的拨付不能撤销。"]
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.PAID


def test_an_approved_grant_still_opens_its_payment_form(org_staff, grant):
    client = client_for(org_staff)
    client.post("/rewards/grants/approve/", {"grants": [grant.pk]})
    response = client.get(f"/rewards/grants/{grant.pk}/pay/")
    assert (response.status_code, "paid_on" in response.context["form"].fields) == (200, True)
