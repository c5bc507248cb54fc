"""API: the permission matrix for every endpoint, internal notes for staff only, bad input → 400 in Chinese."""

import datetime

import pytest

from cadres.choices import PoliticalStatus
from careers.choices import RecordKind
from careers.models import AccountabilityRecord, Appointment, FaultToleranceCase, RankChange, UnfitAdjustmentCase
from tests.api import error_messages
from tests.careers.factories import (
    AccountabilityRecordFactory,
    AppointmentFactory,
    FaultToleranceCaseFactory,
    RankChangeFactory,
)

D = datetime.date

LIST_ENDPOINTS = [
    "/api/careers/appointments/",
    "/api/careers/rank-changes/",
    "/api/careers/records/",
    "/api/careers/unfit-cases/",
    "/api/careers/fault-tolerance-cases/",
]


@pytest.fixture
def rows(own_cadre, other_cadre, outside_cadre):
    made = {}
    for cadre in (own_cadre, other_cadre, outside_cadre):
        record = AccountabilityRecordFactory(cadre=cadre, kind=RecordKind.DEMERIT)
        made[cadre.pk] = {
            "appointment": AppointmentFactory(cadre=cadre),
            "rank": RankChangeFactory(cadre=cadre),
            "record": record,
            "unfit": UnfitAdjustmentCase.objects.create(
                cadre=cadre, opened_on=D(2024, 1, 1), situations={"health": "x"}
            ),
            "fault": FaultToleranceCaseFactory(record=record),
        }
    return made


def cadre_ids(payload) -> set[int]:
    return {row["cadre"] for row in payload["results"]}


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_anonymous_is_refused(rows, as_user, url):
    assert as_user(None).get(url).status_code in (401, 403)


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_list_scope_per_role(rows, as_user, url, cadre_user, unit_hr, org_staff, admin_user, own_cadre, other_cadre):
    everyone = set(rows)
    assert cadre_ids(as_user(cadre_user).get(url).json()) == {own_cadre.pk}
    assert cadre_ids(as_user(unit_hr).get(url).json()) == {own_cadre.pk, other_cadre.pk}
    assert cadre_ids(as_user(org_staff).get(url).json()) == everyone
    assert cadre_ids(as_user(admin_user).get(url).json()) == everyone


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/api/careers/appointments/{}/", "appointment"),
        ("/api/careers/rank-changes/{}/", "rank"),
        ("/api/careers/records/{}/", "record"),
        ("/api/careers/unfit-cases/{}/", "unfit"),
        ("/api/careers/fault-tolerance-cases/{}/", "fault"),
    ],
)
def test_detail_matrix(rows, as_user, url, key, cadre_user, unit_hr, org_staff, own_cadre, other_cadre, outside_cadre):
    get = lambda user, cadre: as_user(user).get(url.format(rows[cadre.pk][key].pk)).status_code  # noqa: E731
    assert get(None, own_cadre) in (401, 403)
    assert get(cadre_user, own_cadre) == 200
    assert get(cadre_user, other_cadre) == 404
    assert get(unit_hr, other_cadre) == 200
    assert get(unit_hr, outside_cadre) == 404
    assert get(org_staff, outside_cadre) == 200


def test_internal_notes_are_for_staff_only(rows, as_user, cadre_user, unit_hr, own_cadre):
    url = f"/api/careers/records/{rows[own_cadre.pk]['record'].pk}/"
    assert "internal_notes" not in as_user(cadre_user).get(url).json()
    assert "internal_notes" not in as_user(cadre_user).get("/api/careers/records/").json()["results"][0]
    assert as_user(unit_hr).get(url).json()["internal_notes"] == "内部：举报人信息"


def record_payload(cadre, **extra):
    return {
        "cadre": cadre.pk,
        "kind": "admonishment",
        "decided_on": "2024-05-06",
        "issuing_body": "县委组织部",
        "reason": "履职不力",
        **extra,
    }


def test_cadre_cannot_write(rows, as_user, cadre_user, own_cadre):
    before = AccountabilityRecord.objects.count()
    response = as_user(cadre_user).post(
        "/api/careers/records/", record_payload(own_cadre), content_type="application/json"
    )
    assert response.status_code == 403
    assert AccountabilityRecord.objects.count() == before


def test_unit_hr_writing_outside_scope_is_refused_and_changes_nothing(rows, as_user, unit_hr, outside_cadre):
    before = (AccountabilityRecord.objects.count(), Appointment.objects.count(), RankChange.objects.count())
    client = as_user(unit_hr)
    # an out-of-scope cadre answers like a missing one (400 does_not_exist), a record of one is not found
    refused = client.post("/api/careers/records/", record_payload(outside_cadre), content_type="application/json")
    assert (refused.status_code, refused.json()["fields"]["cadre"][0]["code"]) == (400, "does_not_exist")
    revoke = f"/api/careers/records/{rows[outside_cadre.pk]['record'].pk}/revoke/"
    assert (
        client.post(revoke, {"revoked_on": "2024-06-01", "reason": "x"}, content_type="application/json").status_code
        == 404
    )
    rank = {
        "cadre": outside_cadre.pk,
        "kind": "promotion",
        "to_rank": 4,
        "effective_date": "2024-05-06",
        "reason": "x",
        "document_number": "y",
    }
    assert client.post("/api/careers/rank-changes/", rank, content_type="application/json").status_code == 400
    assert (AccountabilityRecord.objects.count(), Appointment.objects.count(), RankChange.objects.count()) == before
    assert AccountabilityRecord.objects.get(pk=rows[outside_cadre.pk]["record"].pk).status == "active"


def test_a_fault_tolerance_case_on_a_record_outside_the_scope_is_refused_on_record(
    rows, as_user, unit_hr, outside_cadre
):
    """Issue 14.6: the record is scoped at the field (not found by the view after the other fields), so a
    complete payload naming an outside record gets a 400 on ``record`` and opens no case."""
    before = FaultToleranceCase.objects.count()
    record = rows[outside_cadre.pk]["record"]
    payload = {"record": record.pk, "distinction": "inexperience_in_reform", "opened_on": "2024-06-01", "facts": "x"}

    response = as_user(unit_hr).post("/api/careers/fault-tolerance-cases/", payload, content_type="application/json")

    assert response.status_code == 400
    assert error_messages(response) == {"record": [f"无效主键 “{record.pk}” － 对象不存在。"]}
    assert FaultToleranceCase.objects.count() == before


def test_staff_creates_a_record_and_revokes_it(as_user, unit_hr, own_cadre):
    client = as_user(unit_hr)
    response = client.post("/api/careers/records/", record_payload(own_cadre), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["family"] == "organizational_measure"
    record_id = response.json()["id"]
    revoked = client.post(
        f"/api/careers/records/{record_id}/revoke/",
        {"revoked_on": "2024-06-01", "reason": "复查"},
        content_type="application/json",
    )
    assert revoked.json()["status"] == "revoked"


def test_contradictory_record_is_400_in_chinese_and_nothing_changes(as_user, org_staff, own_cadre):
    client = as_user(org_staff)
    client.post("/api/careers/records/", record_payload(own_cadre), content_type="application/json")
    response = client.post("/api/careers/records/", record_payload(own_cadre), content_type="application/json")
    assert response.status_code == 400
    assert error_messages(response) == {"decided_on": ["该干部在2024-05-06已有一条有效的“诫勉”记录，不能重复录入。"]}
    assert AccountabilityRecord.objects.count() == 1


def test_revoking_a_record_that_does_not_exist_is_404(as_user, org_staff):
    response = as_user(org_staff).post(
        "/api/careers/records/999999/revoke/",
        {"revoked_on": "2024-06-01", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_rank_jump_through_the_api_is_400(as_user, org_staff, own_cadre):
    payload = {
        "cadre": own_cadre.pk,
        "kind": "promotion",
        "to_rank": 5,
        "effective_date": "2024-05-06",
        "reason": "x",
        "document_number": "y",
    }
    response = as_user(org_staff).post("/api/careers/rank-changes/", payload, content_type="application/json")
    assert response.status_code == 400
    assert error_messages(response) == {"to_rank": ["职级晋升只能逐级晋升，不能跨越2级（套转除外）。"]}
    own_cadre.refresh_from_db()
    assert own_cadre.rank == 3


def test_bars_endpoint_gives_bars_and_grade_cap_with_reasons(as_user, cadre_user, own_cadre):
    own_cadre.political_status = PoliticalStatus.PARTY_MEMBER
    own_cadre.save()
    AccountabilityRecordFactory(cadre=own_cadre, kind=RecordKind.MAJOR_DEMERIT, decided_on=D(2024, 3, 15))
    response = as_user(cadre_user).get(f"/api/careers/bars/{own_cadre.pk}/", {"date": "2025-01-01"})
    body = response.json()
    assert response.status_code == 200
    assert [(bar["kind"], bar["until"]) for bar in body["bars"]] == [
        ("award", "2025-09-14"),
        ("pay_step", "2025-09-14"),
        ("promotion", "2025-09-14"),
    ]
    assert body["grade_cap"]["kind"] == "ungraded"
    assert body["grade_cap"]["reason"] == "公务员考核规定第29条：2024年受记大过，其后第1年（2025年）不定等次"


def test_bars_endpoint_matrix(as_user, cadre_user, unit_hr, org_staff, own_cadre, other_cadre, outside_cadre):
    url = "/api/careers/bars/{}/"
    assert as_user(None).get(url.format(own_cadre.pk)).status_code in (401, 403)
    assert as_user(cadre_user).get(url.format(other_cadre.pk)).status_code == 404
    assert as_user(unit_hr).get(url.format(other_cadre.pk)).status_code == 200
    assert as_user(unit_hr).get(url.format(outside_cadre.pk)).status_code == 404
    assert as_user(org_staff).get(url.format(outside_cadre.pk)).status_code == 200


def test_bars_endpoint_refuses_a_bad_date(as_user, org_staff, own_cadre):
    response = as_user(org_staff).get(f"/api/careers/bars/{own_cadre.pk}/", {"date": "2025-13-01"})
    assert response.status_code == 400
    assert error_messages(response) == {"date": ["日期格式应为YYYY-MM-DD。"]}


@pytest.mark.parametrize(
    ("situations", "message"),
    [
        (None, "请至少勾选一种情形，并写明事实依据。"),
        (["health"], "情形应为“情形: 事实依据”的对应表。"),
        ({"health": 5}, "请填写“因健康原因无法正常履行工作职责一年以上”的事实依据。"),
    ],
)
def test_unfit_case_without_a_situations_map_is_400_and_nothing_written(
    as_user, org_staff, leader, situations, message
):
    payload = {"cadre": leader.pk, "opened_on": "2024-03-01"}
    if situations is not None:
        payload["situations"] = situations

    response = as_user(org_staff).post("/api/careers/unfit-cases/", payload, content_type="application/json")

    assert response.status_code == 400
    assert error_messages(response) == {"situations": [message]}
    assert not UnfitAdjustmentCase.objects.exists()


@pytest.mark.parametrize("year", ["²", "٣", "99999999999999999999999"])
def test_the_bars_api_answers_a_year_that_is_no_number_with_a_400(as_user, org_staff, own_cadre, year):
    response = as_user(org_staff).get(f"/api/careers/bars/{own_cadre.pk}/", {"year": year})

    assert response.status_code == 400
    assert [error["message"] for error in response.json()["fields"]["year"]] == ["考核年度应为四位数字年份。"]
