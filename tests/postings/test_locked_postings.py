"""A posting past a step (an ended posting extended, ended or recalled again; a planned one evaluated) opens no
form for it: the step's page, opened by its address, goes back to the posting with the service's own reason
before any typing, on a GET as on a POST, and writes nothing. A posting the step is open for opens its form."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from postings import rules
from postings.choices import PostingStatus
from postings.models import Posting
from tests.conftest import client_for
from tests.postings.factories import PostingFactory

pytestmark = pytest.mark.django_db
D = datetime.date

COMPLETED = {"status": PostingStatus.COMPLETED, "actual_end": D(2026, 6, 30)}
CASES = [
    # step, the posting's state, the reason
    ("posting_extend", COMPLETED, "只有拟派出或在岗且未确定结束日期的实践锻炼可以延期。"),
    ("posting_end", COMPLETED, "只有在岗的实践锻炼可以结束。"),
    ("posting_recall", COMPLETED, "只有拟派出或在岗的实践锻炼可以召回。"),
    ("posting_evaluate", {"status": PostingStatus.PLANNED}, "尚未开始的实践锻炼不能鉴定。"),
]
POSTED = {"new_end": "2028-03-31", "actual_end": "2026-11-20", "on": "2026-11-20", "reason": "再次", "grade": "good"}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(("step", "state", "reason"), CASES)
def test_opening_a_step_a_posting_is_past_goes_back_to_the_posting_with_the_reason(
    org_staff, own_cadre, step, state, reason
):
    posting = PostingFactory(cadre=own_cadre, **state)
    response = client_for(org_staff).get(reverse(f"postings:{step}", args=[posting.pk]))
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("postings:posting_detail", args=[posting.pk]),
    )
    assert messages_of(response) == [reason]


@pytest.mark.parametrize(("step", "state", "reason"), CASES)
def test_posting_a_step_a_posting_is_past_writes_nothing(org_staff, own_cadre, step, state, reason):
    posting = PostingFactory(cadre=own_cadre, **state)
    before = Posting.objects.filter(pk=posting.pk).values().get()
    response = client_for(org_staff).post(reverse(f"postings:{step}", args=[posting.pk]), POSTED)
    assert response.status_code == 302
    assert messages_of(response) == [reason]
    assert Posting.objects.filter(pk=posting.pk).values().get() == before


def test_a_serving_posting_still_opens_its_end_form(org_staff, own_cadre):
    posting = PostingFactory(cadre=own_cadre)
    response = client_for(org_staff).get(reverse("postings:posting_end", args=[posting.pk]))
    assert (response.status_code, response.context["page_title"]) == (200, "结束实践锻炼")


def test_presence_has_no_lock_of_its_own():
    assert rules.step_refusal("presence", Posting(status=PostingStatus.COMPLETED)) == ""


def test_a_posting_recalled_before_it_started_cannot_be_evaluated_but_one_recalled_while_serving_can():
    assert rules.evaluate_refusal(Posting(status=PostingStatus.RECALLED)) == "尚未开始的实践锻炼不能鉴定。"
    assert rules.evaluate_refusal(Posting(status=PostingStatus.RECALLED, actual_end=D(2026, 5, 1))) == ""
