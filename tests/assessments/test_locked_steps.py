"""A period past a step opens no form for it: 优秀比例 after the grades went to the committee, and 调整等次 outside
考核委员会审议, go back with the service's own reason before any typing, on a GET as on a POST, writing nothing;
the period page offers 优秀比例 only while it can still be changed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.choices import PeriodState
from assessments.models import Assessee, Period, QuotaPool
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def in_state(period, state) -> Period:
    Period.objects.filter(pk=period.pk).update(state=state)
    return Period.objects.get(pk=period.pk)


def quota_url(period, county) -> str:
    return reverse("assessments:pool_quota", args=[period.pk, county["organ"].pk])


def test_the_quota_page_of_a_period_before_the_committee_opens_its_form(org_staff, annual_period, county):
    response = client_for(org_staff).get(quota_url(annual_period, county))
    assert (response.status_code, response.context["page_title"]) == (200, "优秀比例：县财政局")
    detail = client_for(org_staff).get(reverse("assessments:period_detail", args=[annual_period.pk]))
    assert quota_url(annual_period, county) in detail.content.decode()


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (PeriodState.COMMITTEE_REVIEW, "考核委员会审议"),
        (PeriodState.PUBLICITY, "公示中"),
        (PeriodState.CONFIRMED, "已确定"),
    ],
)
def test_the_quota_page_of_a_period_past_the_proposals_goes_back_with_the_reason(
    org_staff, annual_period, county, state, label
):
    period = in_state(annual_period, state)
    response = client_for(org_staff).get(quota_url(period, county))
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("assessments:period_detail", args=[period.pk]),
    )
    assert messages_of(response) == [f"考核周期处于“{label}”状态，不能再调整优秀比例。"]
    detail = client_for(org_staff).get(reverse("assessments:period_detail", args=[period.pk]))
    assert quota_url(period, county) not in detail.content.decode()


def test_posting_the_quota_of_a_period_in_committee_review_raises_nothing(org_staff, annual_period, county):
    period = in_state(annual_period, PeriodState.COMMITTEE_REVIEW)
    response = client_for(org_staff).post(quota_url(period, county), {"quota_raised": "on", "basis": "新组〔2025〕1号"})
    assert messages_of(response) == ["考核周期处于“考核委员会审议”状态，不能再调整优秀比例。"]
    assert not QuotaPool.objects.filter(period=period, quota_raised=True).exists()


def test_the_committee_page_outside_committee_review_goes_back_to_the_proposals(org_staff, annual_period, staff_office):
    assessee = Assessee.objects.get(period=annual_period, cadre=staff_office["staff"][0])
    url = reverse("assessments:committee_grade", args=[assessee.pk])
    response = client_for(org_staff).get(url)
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("assessments:proposal_list", args=[annual_period.pk]),
    )
    assert messages_of(response) == ["只有在考核委员会审议阶段可以调整等次。"]
    posted = client_for(org_staff).post(url, {"grade": "competent", "reason": "年内受通报批评。"})
    assert messages_of(posted) == ["只有在考核委员会审议阶段可以调整等次。"]
    assert Assessee.objects.get(pk=assessee.pk).committee_grade == ""
