"""The rewards API: the contract of issue 13 (field names, the budget's balance, the ledger, grant and candidate
actions), the permission matrix, scoping (a cadre sees only his or her own), 400s with field errors for bad
input, the same answer for an id out of scope and one that does not exist, and exact query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.models import JobRun
from rewards import services
from rewards.choices import GrantBasisKind
from rewards.models import Award, FundBudget, Grant
from tests.api import error_messages
from tests.factories import CadreFactory
from tests.rewards.factories import AwardFactory, CandidateFactory, FundFactory

D = datetime.date


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def people(admin_user, org_staff, unit_hr, cadre_user):
    return {"anonymous": None, "cadre": cadre_user, "unit_hr": unit_hr, "org_staff": org_staff, "admin": admin_user}


@pytest.fixture
def rewarded(org_staff, own_cadre, other_cadre, outside_cadre, budget):
    """An award, a candidate and a grant for each of the three cadres."""
    made = {}
    for cadre in (own_cadre, other_cadre, outside_cadre):
        award = AwardFactory(cadre=cadre, year=2024)
        CandidateFactory(cadre=cadre, year=2025)
        grant = services.grant_propose(
            actor=org_staff, budget=budget, cadre=cadre, amount="1000", basis_kind=GrantBasisKind.AWARD, award=award
        )
        made[cadre.name] = {"award": award, "grant": grant}
    return made


LIST_URLS = [
    "/api/rewards/awards/",
    "/api/rewards/candidates/",
    "/api/rewards/promotion-eligibility/",
    "/api/rewards/funds/",
    "/api/rewards/budgets/",
    "/api/rewards/grants/",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_anonymous_gets_401_everywhere(db, url):
    assert api(None).get(url).status_code == 401


@pytest.mark.parametrize("url", ["/api/rewards/awards/", "/api/rewards/candidates/", "/api/rewards/grants/"])
@pytest.mark.parametrize(("role", "expected"), [("cadre", 1), ("unit_hr", 2), ("org_staff", 3), ("admin", 3)])
def test_person_lists_are_scoped(people, rewarded, url, role, expected):
    assert api(people[role]).get(url).json()["count"] == expected


@pytest.mark.parametrize(("role", "expected"), [("cadre", 0), ("unit_hr", 1), ("org_staff", 1)])
def test_funds_and_budgets_are_for_staff(people, budget, role, expected):
    assert api(people[role]).get("/api/rewards/funds/").json()["count"] == expected
    assert api(people[role]).get("/api/rewards/budgets/").json()["count"] == expected


def test_a_cadre_cannot_reach_another_cadres_award_grant_or_a_budget(people, rewarded, budget):
    client = api(people["cadre"])
    assert client.get(f"/api/rewards/awards/{rewarded['卓玛']['award'].pk}/").status_code == 404
    assert client.get(f"/api/rewards/grants/{rewarded['卓玛']['grant'].pk}/").status_code == 404
    assert client.get(f"/api/rewards/budgets/{budget.pk}/").status_code == 404
    assert client.get(f"/api/rewards/budgets/{budget.pk}/ledger/").status_code == 404
    assert client.get(f"/api/rewards/awards/{rewarded['扎西']['award'].pk}/").status_code == 200


@pytest.mark.parametrize(("role", "status"), [("cadre", 403), ("unit_hr", 403), ("org_staff", 201), ("admin", 201)])
def test_only_org_staff_create_awards(people, own_cadre, role, status):
    body = {
        "cadre": own_cadre.pk,
        "kind": "merit_second",
        "year": 2025,
        "basis_kind": "written",
        "basis_text": "抗洪抢险中表现突出",
        "approving_body": "新龙县人民政府",
        "document_number": "新府〔2025〕8号",
        "awarded_on": "2025-08-20",
    }
    response = api(people[role]).post("/api/rewards/awards/", body, format="json")
    assert response.status_code == status, response.json()
    assert Award.objects.count() == (1 if status == 201 else 0)
    if status == 201:
        assert {key: response.json()[key] for key in ("kind", "year", "bonus", "medal", "basis", "status")} == {
            "kind": "merit_second",
            "year": 2025,
            "bonus": "6000.00",
            "medal": True,
            "basis": "written:抗洪抢险中表现突出",
            "status": "active",
        }


def test_bad_award_input_is_a_400_with_field_errors(people, own_cadre):
    response = api(people["org_staff"]).post(
        "/api/rewards/awards/",
        {"cadre": own_cadre.pk, "kind": "medal", "year": "abc", "awarded_on": "2025-13-01"},
        format="json",
    )
    assert response.status_code == 400
    assert set(error_messages(response)) >= {"kind", "year", "awarded_on", "approving_body", "document_number"}
    assert not Award.objects.exists()


def test_an_out_of_scope_cadre_and_a_missing_one_get_the_same_answer(people, outside_cadre, budget):
    client = api(people["unit_hr"])
    base = {"budget": budget.pk, "amount": "100", "basis_kind": "reason", "reason": "x"}
    hidden = client.post("/api/rewards/grants/", {**base, "cadre": outside_cadre.pk}, format="json")
    missing = client.post("/api/rewards/grants/", {**base, "cadre": 987654}, format="json")
    assert hidden.status_code == missing.status_code == 400
    assert error_messages(hidden)["cadre"][0].replace(str(outside_cadre.pk), "N") == error_messages(missing)["cadre"][
        0
    ].replace("987654", "N")
    assert not Grant.objects.exists()


def test_the_grant_life_cycle_through_the_api(people, own_cadre, budget):
    client = api(people["org_staff"])
    created = client.post(
        "/api/rewards/grants/",
        {"budget": budget.pk, "cadre": own_cadre.pk, "amount": "2500", "basis_kind": "result", "result_year": 2024},
        format="json",
    )
    assert created.status_code == 201, created.json()
    grant = created.json()
    assert (grant["status"], grant["fund"], grant["year"], grant["basis"]) == (
        "proposed",
        budget.fund_id,
        2025,
        "result:2024",
    )
    approved = client.post(f"/api/rewards/grants/{grant['id']}/approve/")
    assert approved.json()["status"] == "approved"
    paid = client.post(
        f"/api/rewards/grants/{grant['id']}/pay/", {"paid_on": str(datetime.date.today())}, format="json"
    )
    assert paid.json()["status"] == "paid"
    detail = client.get(f"/api/rewards/budgets/{budget.pk}/").json()
    assert (detail["amount"], detail["balance"], detail["committed"], detail["paid"]) == (
        "30000.00",
        "27500.00",
        "0.00",
        "2500.00",
    )
    ledger = client.get(f"/api/rewards/budgets/{budget.pk}/ledger/").json()
    assert [
        (row["sequence"], row["kind"], row["balance_change"], row["balance_after"]) for row in ledger["results"]
    ] == [
        (1, "allocation", "30000.00", "30000.00"),
        (2, "commitment", "-2500.00", "27500.00"),
        (3, "payment", "0.00", "27500.00"),
    ]


def test_a_refused_approval_is_a_400_and_changes_nothing(people, own_cadre, org_staff, fund):
    small = services.budget_create(actor=org_staff, fund=fund, year=2024, amount="100")
    grant = services.grant_propose(
        actor=org_staff, budget=small, cadre=own_cadre, amount="500", basis_kind=GrantBasisKind.REASON, reason="x"
    )
    response = api(people["org_staff"]).post(f"/api/rewards/grants/{grant.pk}/approve/")
    assert response.status_code == 400
    assert error_messages(response) == {
        "amount": ["人才发展专项基金2024年度预算可用余额100 元，不足500 元，不能透支。"]
    }
    grant.refresh_from_db()
    assert grant.status == "proposed"


def test_budgets_and_funds_are_created_by_org_staff(people):
    client = api(people["org_staff"])
    fund = client.post("/api/rewards/funds/", {"name": "特殊贡献专项奖励基金"}, format="json")
    assert fund.status_code == 201
    budget = client.post(
        "/api/rewards/budgets/", {"fund": fund.json()["id"], "year": 2026, "amount": "80000"}, format="json"
    )
    assert budget.status_code == 201, budget.json()
    assert budget.json()["balance"] == "80000.00"
    duplicate = client.post("/api/rewards/funds/", {"name": "特殊贡献专项奖励基金"}, format="json")
    assert duplicate.status_code == 400
    assert error_messages(duplicate) == {"name": ["已有同名的专项基金。"]}
    assert api(people["unit_hr"]).post("/api/rewards/funds/", {"name": "新基金"}, format="json").status_code == 403
    assert FundBudget.objects.count() == 1


def test_candidates_are_approved_in_bulk_with_a_document_number(people, rewarded, own_cadre):
    client = api(people["org_staff"])
    ids = list(own_cadre.award_candidates.values_list("pk", flat=True))
    response = client.post(
        "/api/rewards/candidates/approve/",
        {
            "candidates": ids,
            "approving_body": "中共新龙县委",
            "document_number": "新委〔2026〕2号",
            "awarded_on": "2026-03-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert [(row["kind"], row["year"], row["document_number"]) for row in response.json()] == [
        ("commendation", 2025, "新委〔2026〕2号")
    ]
    assert client.get("/api/rewards/candidates/?status=approved").json()["count"] == 1


def test_unit_hr_cannot_approve_candidates_even_in_scope(people, rewarded, other_cadre):
    ids = list(other_cadre.award_candidates.values_list("pk", flat=True))
    response = api(people["unit_hr"]).post(
        "/api/rewards/candidates/approve/",
        {"candidates": ids, "approving_body": "x", "document_number": "y", "awarded_on": "2026-03-01"},
        format="json",
    )
    assert response.status_code == 403
    assert other_cadre.awards.count() == 1


def test_deciding_candidates_answers_403_before_looking_at_ids(people, rewarded, other_cadre, outside_cadre):
    in_scope = list(other_cadre.award_candidates.values_list("pk", flat=True))
    out_of_scope = list(outside_cadre.award_candidates.values_list("pk", flat=True))
    client = api(people["unit_hr"])
    for ids in (in_scope, out_of_scope, [987654]):
        response = client.post("/api/rewards/candidates/decline/", {"candidates": ids, "reason": "x"}, format="json")
        assert response.status_code == 403


def test_an_unknown_candidate_is_a_400(people, rewarded):
    response = api(people["org_staff"]).post(
        "/api/rewards/candidates/decline/", {"candidates": [987654], "reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert error_messages(response) == {"candidates": ["奖励候选不存在：[987654]"]}


def test_revoking_through_the_api_keeps_the_reason(people, rewarded):
    award = rewarded["扎西"]["award"]
    response = api(people["org_staff"]).post(
        f"/api/rewards/awards/{award.pk}/revoke/", {"revoked_on": "2026-01-05", "reason": "事迹失实"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["revocation_reason"]) == ("revoked", "事迹失实")


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/rewards/awards/", 2),
        ("/api/rewards/candidates/", 2),
        ("/api/rewards/grants/", 2),
        ("/api/rewards/budgets/", 2),
        ("/api/rewards/funds/", 2),
    ],
)
def test_api_lists_use_a_fixed_number_of_queries(people, org_staff, budget, url, expected):
    client = api(people["org_staff"])

    def add(count):
        for _ in range(count):
            cadre = CadreFactory()
            award = AwardFactory(cadre=cadre)
            CandidateFactory(cadre=cadre)
            services.grant_propose(
                actor=org_staff, budget=budget, cadre=cadre, amount="10", basis_kind=GrantBasisKind.AWARD, award=award
            )
            fund = FundFactory(name=f"基金{cadre.pk}")
            services.budget_create(actor=org_staff, fund=fund, year=2025, amount=Decimal("10"))

    add(1)
    few = count_queries(client, url)
    add(6)
    assert count_queries(client, url) == few == expected


# ---------------------------------------------------------------- the engine's answers


def test_eligibility_answers_why_with_every_number(people, own_cadre, settings):
    # the example: 18 months at the rank, 18 needed after the 2022 优秀
    settings.TRAINING_ANNUAL_REQUIRED_HOURS = 0
    from tests.assessments.factories import AnnualResultFactory

    own_cadre.rank_date = D(2022, 1, 10)
    own_cadre.save()
    AnnualResultFactory(cadre=own_cadre, year=2022, grade="excellent")
    body = api(people["cadre"]).get("/api/rewards/eligibility/?on=2023-07-01").json()
    assert body["cadre"] == own_cadre.pk
    assert body["award_candidates"] == [
        {
            "kind": "commendation",
            "year": 2022,
            "basis_years": [2022],
            "blocked": False,
            "reasons": ["2022 年度考核优秀，给予嘉奖（公务员考核规定第19条）"],
        }
    ]
    promotion = body["promotion"]
    assert (promotion["current_rank"], promotion["target_rank"], promotion["eligible"]) == (3, 4, True)
    assert (promotion["months_counted"], promotion["months_required"]) == (18, 18)
    assert promotion["reasons"][1] == "任现职级 18 个月，需 18 个月（2022 年优秀缩短 6 个月）"


def test_eligibility_of_someone_out_of_scope_is_404_and_a_bad_date_400(people, own_cadre, other_cadre):
    client = api(people["cadre"])
    assert client.get(f"/api/rewards/eligibility/?cadre={other_cadre.pk}").status_code == 404
    response = client.get(f"/api/rewards/eligibility/?cadre={own_cadre.pk}&on=2026-02-30")
    assert response.status_code == 400
    assert error_messages(response) == {"on": ["日期格式应为YYYY-MM-DD。"]}
    assert error_messages(api(people["org_staff"]).get("/api/rewards/eligibility/")) == {"cadre": ["请指定干部。"]}


def test_recompute_answers_with_the_job(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(people["org_staff"]).post("/api/rewards/recompute/")
    assert response.status_code == 202
    job = JobRun.objects.get(pk=response.json()["job"])
    assert (job.kind, job.status, job.requested_by) == ("rewards_recompute", "succeeded", people["org_staff"])
    assert api(people["unit_hr"]).post("/api/rewards/recompute/").status_code == 403
    assert api(people["cadre"]).post("/api/rewards/recompute/").status_code == 403


def test_eligibility_answer_query_count_does_not_grow(people, own_cadre, settings):
    from tests.assessments.factories import AnnualResultFactory

    client = api(people["org_staff"])
    url = f"/api/rewards/eligibility/?cadre={own_cadre.pk}&on=2026-03-01"
    AnnualResultFactory(cadre=own_cadre, year=2016, grade="excellent")
    few = count_queries(client, url)
    for year in range(2017, 2026):
        AnnualResultFactory(cadre=own_cadre, year=year, grade="excellent")
        CadreFactory(unit=own_cadre.unit)
    assert count_queries(client, url) == few
