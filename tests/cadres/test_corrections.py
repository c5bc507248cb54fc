"""Correction requests (更正申请, issue 15.9): a cadre asks from 我的档案 for a correction of his or her own
record; staff whose scope holds the cadre accept or reject it with a reply; the request keeps its history."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cadres.models import CorrectionRequest

pytestmark = pytest.mark.django_db

ASK = {"item": "party_join_date", "requested_value": "2008-07-01", "reason": "入党志愿书记载2008年7月1日入党。"}


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_cadre_asks_staff_accept_and_the_cadre_reads_the_answer(as_user, cadre_user, org_staff, unit_hr, own_cadre):
    own_cadre.party_join_date = datetime.date(2009, 7, 1)
    own_cadre.save()
    cadre = as_user(cadre_user)

    asked = cadre.post(reverse("cadres:correction_create"), ASK)
    correction = CorrectionRequest.objects.get()
    worklist = as_user(unit_hr).get(reverse("worklist")).content.decode()
    handled = as_user(unit_hr).post(
        reverse("cadres:correction_handle", args=[correction.pk]), {"decision": "accept", "reply": "已核实。"}
    )
    mine = cadre.get(reverse("cadres:correction_list"))

    assert asked.status_code == 302
    assert (correction.cadre, correction.current_value, correction.status) == (own_cadre, "2009-07-01", "pending")
    assert "待处理更正申请" in worklist
    assert handled["Location"] == reverse("cadres:cadre_detail", args=[own_cadre.pk])
    rows = mine.context["table"].page.object_list
    assert [(row.record.status, row.record.reply) for row in rows] == [("accepted", "已核实。")]
    assert list(correction.history.order_by("history_id").values_list("status", "history_user__username")) == [
        ("pending", "cadre"),
        ("accepted", "unithr"),
    ]


def test_a_rejection_needs_a_reply_and_a_request_is_answered_once(as_user, cadre_user, org_staff, own_cadre):
    as_user(cadre_user).post(reverse("cadres:correction_create"), ASK)
    url = reverse("cadres:correction_handle", args=[CorrectionRequest.objects.get().pk])
    staff = as_user(org_staff)

    without_reply = staff.post(url, {"decision": "reject", "reply": ""})
    staff.post(url, {"decision": "reject", "reply": "依据不足。"})
    again = staff.post(url, {"decision": "accept", "reply": ""})

    assert without_reply.context["form"].errors == {"reply": ["不予采纳时请填写处理意见。"]}
    assert "该申请已处理（未采纳），不能再次处理。" in again.content.decode()
    assert CorrectionRequest.objects.get().status == "rejected"


def test_the_same_item_cannot_wait_twice(as_user, cadre_user, own_cadre):
    client = as_user(cadre_user)
    client.post(reverse("cadres:correction_create"), ASK)

    second = client.post(reverse("cadres:correction_create"), ASK)

    assert second.context["form"].errors == {"item": ["该项已有待处理的更正申请，请等待处理结果。"]}
    assert CorrectionRequest.objects.count() == 1


def test_only_the_cadre_asks_and_only_staff_in_scope_answer(
    as_user, cadre_user, org_staff, unit_hr, own_cadre, outside_cadre
):
    from tests.factories import UserFactory

    outsider = UserFactory(username="outsider", role="cadre", cadre=outside_cadre)
    as_user(outsider).post(reverse("cadres:correction_create"), ASK)
    theirs = CorrectionRequest.objects.get()
    url = reverse("cadres:correction_handle", args=[theirs.pk])

    assert as_user(org_staff).get(reverse("cadres:correction_create")).status_code == 404
    assert as_user(cadre_user).get(url).status_code == 403
    assert as_user(unit_hr).get(url).status_code == 404
    assert list(as_user(cadre_user).get(reverse("cadres:correction_list")).context["table"].page.object_list) == []
    assert as_user(org_staff).get(url).status_code == 200


def test_the_api_files_and_answers_a_request_as_the_pages_do(cadre_user, org_staff, unit_hr, outside_cadre):
    filed = api_for(cadre_user).post("/api/correction-requests/", ASK, format="json")
    pk = filed.json()["id"]

    refused = api_for(org_staff).post("/api/correction-requests/", ASK, format="json")
    answered = api_for(unit_hr).post(
        f"/api/correction-requests/{pk}/handle/", {"decision": "accept", "reply": "已核实。"}, format="json"
    )

    assert (filed.status_code, filed.json()["status"], filed.json()["item_display"]) == (201, "pending", "入党时间")
    assert refused.status_code == 403
    assert (answered.status_code, answered.json()["status"]) == (200, "accepted")
    cadre_answers = api_for(cadre_user).post(f"/api/correction-requests/{pk}/handle/", {"decision": "accept"})
    assert cadre_answers.status_code == 403


def test_the_list_reads_the_same_number_of_queries_for_one_request_or_many(as_user, org_staff, county):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cadres import services
    from tests.factories import CadreFactory, UserFactory

    def ask(cadre):
        login = UserFactory(role="cadre", cadre=cadre)
        services.correction_request_create(actor=login, **ASK)

    client = as_user(org_staff)
    ask(CadreFactory(unit=county["township"]))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("cadres:correction_list"))
    for _ in range(5):
        ask(CadreFactory(unit=county["village"]))
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("cadres:correction_list"))

    assert len(six) == len(one)


def test_staff_see_the_handle_button_on_a_pending_request_and_a_cadre_does_not(as_user, cadre_user, unit_hr):
    """The button's template reads ``table.may_handle``: the kit's template columns see their table (they did
    not, and the button never showed)."""
    as_user(cadre_user).post(reverse("cadres:correction_create"), ASK)
    handle_url = reverse("cadres:correction_handle", args=[CorrectionRequest.objects.get().pk])

    staff_page = as_user(unit_hr).get(reverse("cadres:correction_list")).content.decode()
    cadre_page = as_user(cadre_user).get(reverse("cadres:correction_list")).content.decode()

    assert f'href="{handle_url}"' in staff_page
    assert handle_url not in cadre_page
