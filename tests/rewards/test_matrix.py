"""Every rewards page and every rewards API route, for every kind of visitor (acceptance 5 of issue 13).

The tables below name each route of rewards/urls.py and rewards/api/urls.py once; a test fails when a route is
added without a row here, so a new page cannot miss its permission check. The rows are the policy:

- a cadre reaches his or her own page, awards and grants and nothing of anyone else (404, as if missing);
- unit HR read their units' candidates, awards, eligibility and grants, and propose grants for their cadres;
  out of their units is 404; deciding (approving, paying, cancelling, revoking, recording awards, funds and
  budgets) is org staff's (403);
- org staff and admins reach everything.

The query-count tests open each page and route with few and with many rows and expect the same count.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver
from rest_framework.test import APIClient

from core.jobs import job_run_create
from rewards import services
from rewards.api import urls as api_urls
from rewards.choices import GrantBasisKind
from rewards.models import Award, FundBudget, Grant
from rewards.urls import urlpatterns as page_patterns
from tests.assessments.factories import AnnualResultFactory
from tests.factories import CadreFactory
from tests.rewards.factories import AwardFactory, CandidateFactory, FundFactory

ROLES = ("cadre", "unit_hr", "org_staff", "admin")
LOGIN = "login"  # an anonymous visitor is sent to the login page


@pytest.fixture
def world(admin_user, org_staff, unit_hr, cadre_user, own_cadre, other_cadre, outside_cadre, budget):
    """An award, a pending candidate, a proposed and an approved grant for each of the three cadres, and an engine
    job started by org staff."""
    made = {
        "people": {"cadre": cadre_user, "unit_hr": unit_hr, "org_staff": org_staff, "admin": admin_user},
        "budget": budget,
        "job": job_run_create(kind=services.RECOMPUTE_JOB_KIND, requested_by=org_staff, parameters={}),
    }
    for key, cadre in (("own", own_cadre), ("other", other_cadre), ("outside", outside_cadre)):
        award = AwardFactory(cadre=cadre, year=2024)
        candidate = CandidateFactory(cadre=cadre, year=2025)
        grant = services.grant_propose(
            actor=org_staff, budget=budget, cadre=cadre, amount="1000", basis_kind=GrantBasisKind.AWARD, award=award
        )
        # paid out of an approved grant only (the pay page of a proposed one goes back with the reason)
        approved = services.grant_propose(
            actor=org_staff,
            budget=budget,
            cadre=cadre,
            amount="500",
            basis_kind=GrantBasisKind.AWARD,
            award=AwardFactory(cadre=cadre, year=2023),
        )
        services.grant_approve(actor=org_staff, grant=approved)
        made[key] = {"cadre": cadre, "award": award, "candidate": candidate, "grant": grant, "approved": approved}
    return made


# ---------------------------------------------------------------- pages

# (route name, path template, {role: status of a GET}); ``{own.award}`` and the like come from ``world``.
PAGES = [
    ("rewards_home", "/rewards/", {"cadre": 302, "unit_hr": 302, "org_staff": 302, "admin": 302}),
    ("candidate_list", "/rewards/candidates/", {"cadre": 403, "unit_hr": 200, "org_staff": 200, "admin": 200}),
    ("candidates_decide", "/rewards/candidates/decide/", {"cadre": 405, "unit_hr": 405, "org_staff": 405}),
    ("recompute", "/rewards/recompute/", {"cadre": 405, "unit_hr": 405, "org_staff": 405}),
    ("recompute_status", "/rewards/recompute/{job}/", {"cadre": 404, "unit_hr": 404, "org_staff": 200}),
    ("award_list", "/rewards/awards/", {"cadre": 403, "unit_hr": 200, "org_staff": 200, "admin": 200}),
    ("award_revoke", "/rewards/awards/{own.award}/revoke/", {"cadre": 403, "unit_hr": 403, "org_staff": 200}),
    ("award_revoke", "/rewards/awards/{outside.award}/revoke/", {"cadre": 404, "unit_hr": 404, "org_staff": 200}),
    ("award_grant", "/rewards/awards/{other.award}/grant/", {"cadre": 404, "unit_hr": 200, "org_staff": 200}),
    ("award_grant", "/rewards/awards/{outside.award}/grant/", {"cadre": 404, "unit_hr": 404, "org_staff": 200}),
    ("eligibility_list", "/rewards/eligibility/", {"cadre": 403, "unit_hr": 200, "org_staff": 200, "admin": 200}),
    ("budget_list", "/rewards/funds/", {"cadre": 403, "unit_hr": 200, "org_staff": 200, "admin": 200}),
    ("fund_create", "/rewards/funds/new/", {"cadre": 403, "unit_hr": 403, "org_staff": 200, "admin": 200}),
    ("budget_create", "/rewards/budgets/new/", {"cadre": 403, "unit_hr": 403, "org_staff": 200, "admin": 200}),
    ("budget_ledger", "/rewards/budgets/{budget}/", {"cadre": 403, "unit_hr": 200, "org_staff": 200, "admin": 200}),
    ("budget_adjust", "/rewards/budgets/{budget}/adjust/", {"cadre": 404, "unit_hr": 403, "org_staff": 200}),
    ("grant_list", "/rewards/grants/", {"cadre": 403, "unit_hr": 200, "org_staff": 200, "admin": 200}),
    ("grants_approve", "/rewards/grants/approve/", {"cadre": 405, "unit_hr": 405, "org_staff": 405}),
    ("grant_pay", "/rewards/grants/{other.approved}/pay/", {"cadre": 404, "unit_hr": 403, "org_staff": 200}),
    ("grant_pay", "/rewards/grants/{outside.approved}/pay/", {"cadre": 404, "unit_hr": 404, "org_staff": 200}),
    ("grant_cancel", "/rewards/grants/{own.grant}/cancel/", {"cadre": 403, "unit_hr": 403, "org_staff": 200}),
    ("grant_cancel", "/rewards/grants/{outside.grant}/cancel/", {"cadre": 404, "unit_hr": 404, "org_staff": 200}),
    ("cadre_rewards", "/rewards/cadres/{own.cadre}/", {"cadre": 200, "unit_hr": 200, "org_staff": 200, "admin": 200}),
    ("cadre_rewards", "/rewards/cadres/{outside.cadre}/", {"cadre": 404, "unit_hr": 404, "org_staff": 200}),
    ("award_create", "/rewards/cadres/{other.cadre}/awards/new/", {"cadre": 404, "unit_hr": 403, "org_staff": 200}),
    ("award_create", "/rewards/cadres/{own.cadre}/awards/new/", {"cadre": 403, "unit_hr": 403, "org_staff": 200}),
    ("grant_create", "/rewards/cadres/{other.cadre}/grants/new/", {"cadre": 404, "unit_hr": 200, "org_staff": 200}),
    ("grant_create", "/rewards/cadres/{outside.cadre}/grants/new/", {"cadre": 404, "unit_hr": 404, "org_staff": 200}),
    ("my_rewards", "/rewards/me/", {"cadre": 200, "unit_hr": 200, "org_staff": 200, "admin": 200}),
]

# The POST-only pages: (path template, {role: status}, form data); org staff's answer is the redirect back.
PAGE_POSTS = [
    (
        "/rewards/candidates/decide/",
        {"cadre": 403, "unit_hr": 403, "org_staff": 302},
        {"candidates": "{other.candidate}", "action": "decline", "reason": "已由上级表彰"},
    ),
    ("/rewards/grants/approve/", {"cadre": 403, "unit_hr": 403, "org_staff": 302}, {"grants": "{other.grant}"}),
    ("/rewards/recompute/", {"cadre": 403, "unit_hr": 403}, {}),
]


def fill(template: str, world: dict) -> str:
    values = {"job": world["job"].pk, "budget": world["budget"].pk}
    for key in ("own", "other", "outside"):
        for name, obj in world[key].items():
            values[f"{key}.{name}"] = obj.pk
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def route_names(patterns, prefix="") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= route_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            names.add(prefix + (pattern.name or str(pattern.pattern)))
    return names


def test_every_page_route_is_in_the_matrix():
    assert route_names(page_patterns) == {name for name, _path, _expected in PAGES}


@pytest.mark.parametrize(("name", "path", "expected"), PAGES, ids=[f"{row[0]}:{row[1]}" for row in PAGES])
def test_each_page_answers_each_role(world, as_user, name, path, expected):
    url = fill(path, world)
    anonymous = as_user(None).get(url)
    if expected.get("org_staff") != 405:
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith("/accounts/login/")
    answers = {role: as_user(world["people"][role]).get(url).status_code for role in expected}
    assert answers == expected


@pytest.mark.parametrize(("path", "expected", "data"), PAGE_POSTS, ids=[row[0] for row in PAGE_POSTS])
def test_each_action_page_answers_each_role_and_a_refusal_changes_nothing(world, as_user, path, expected, data):
    url = fill(path, world)
    body = {key: fill(value, world) for key, value in data.items()}
    before = (Award.objects.count(), sorted(Grant.objects.values_list("pk", "status")))
    anonymous = as_user(None).post(url, body)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    for role in ("cadre", "unit_hr"):
        assert as_user(world["people"][role]).post(url, body).status_code == expected[role]
    assert (Award.objects.count(), sorted(Grant.objects.values_list("pk", "status"))) == before
    if "org_staff" in expected:
        assert as_user(world["people"]["org_staff"]).post(url, body).status_code == expected["org_staff"]


# ---------------------------------------------------------------- API


def roles(statuses: str) -> dict:
    """ "403 403 400" → the answers to a cadre, unit HR and org staff (fewer words: fewer roles asked)."""
    return dict(zip(("cadre", "unit_hr", "org_staff"), map(int, statuses.split()), strict=False))


ONE_CANDIDATE = {"candidates": ["{other.candidate}"]}

# (route name, method, path template, body, {role: status}); anonymous is 401 everywhere.
API = [
    ("reward-recompute", "post", "/api/rewards/recompute/", {}, roles("403 403")),
    ("reward-eligibility", "get", "/api/rewards/eligibility/?cadre={own.cadre}", None, roles("200 200")),
    ("reward-eligibility", "get", "/api/rewards/eligibility/?cadre={outside.cadre}", None, roles("404 404 200")),
    ("reward-award-list", "get", "/api/rewards/awards/", None, roles("200 200 200")),
    ("reward-award-list", "post", "/api/rewards/awards/", {}, roles("403 403 400")),
    ("reward-award-detail", "get", "/api/rewards/awards/{own.award}/", None, roles("200 200 200")),
    ("reward-award-detail", "get", "/api/rewards/awards/{outside.award}/", None, roles("404 404 200")),
    ("reward-award-revoke", "post", "/api/rewards/awards/{own.award}/revoke/", {}, roles("403 403 400")),
    ("reward-candidate-list", "get", "/api/rewards/candidates/", None, roles("200 200 200")),
    ("reward-candidate-detail", "get", "/api/rewards/candidates/{outside.candidate}/", None, roles("404 404 200")),
    ("reward-candidate-approve", "post", "/api/rewards/candidates/approve/", ONE_CANDIDATE, roles("403 403 400")),
    ("reward-candidate-decline", "post", "/api/rewards/candidates/decline/", ONE_CANDIDATE, roles("403 403 400")),
    ("reward-promotion-eligibility-list", "get", "/api/rewards/promotion-eligibility/", None, roles("200 200 200")),
    ("reward-fund-list", "get", "/api/rewards/funds/", None, roles("200 200 200")),
    ("reward-fund-list", "post", "/api/rewards/funds/", {}, roles("403 403 400")),
    ("reward-fund-detail", "get", "/api/rewards/funds/{fund}/", None, roles("404 200 200")),
    ("reward-fund-detail", "patch", "/api/rewards/funds/{fund}/", {"name": ""}, roles("403 403 400")),
    ("reward-budget-list", "get", "/api/rewards/budgets/", None, roles("200 200 200")),
    ("reward-budget-list", "post", "/api/rewards/budgets/", {}, roles("403 403 400")),
    ("reward-budget-detail", "get", "/api/rewards/budgets/{budget}/", None, roles("404 200 200")),
    ("reward-budget-adjust", "post", "/api/rewards/budgets/{budget}/adjust/", {}, roles("403 403 400")),
    ("reward-budget-ledger", "get", "/api/rewards/budgets/{budget}/ledger/", None, roles("404 200 200")),
    ("reward-grant-list", "get", "/api/rewards/grants/", None, roles("200 200 200")),
    ("reward-grant-list", "post", "/api/rewards/grants/", {}, roles("403 400 400")),
    ("reward-grant-detail", "get", "/api/rewards/grants/{own.grant}/", None, roles("200 200 200")),
    ("reward-grant-detail", "get", "/api/rewards/grants/{outside.grant}/", None, roles("404 404 200")),
    ("reward-grant-approve", "post", "/api/rewards/grants/{other.grant}/approve/", {}, roles("403 403")),
    ("reward-grant-pay", "post", "/api/rewards/grants/{other.grant}/pay/", {}, roles("403 403 400")),
    ("reward-grant-cancel", "post", "/api/rewards/grants/{other.grant}/cancel/", {}, roles("403 403 400")),
]


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def fill_api(template: str, world: dict) -> str:
    return fill(template.replace("{fund}", str(world["budget"].fund_id)), world)


def fill_body(body, world):
    if isinstance(body, dict):
        return {key: fill_body(value, world) for key, value in body.items()}
    if isinstance(body, list):
        return [fill_body(value, world) for value in body]
    if isinstance(body, str) and body.startswith("{"):
        return int(fill_api(body, world))
    return body


def test_every_api_route_is_in_the_matrix():
    names = route_names(api_urls.urlpatterns)
    names = {name for name in names if not name.endswith("-root")}
    assert names == {row[0] for row in API}


@pytest.mark.parametrize(("name", "method", "path", "body", "expected"), API, ids=[f"{row[1]} {row[2]}" for row in API])
def test_each_api_route_answers_each_role_and_a_refusal_changes_nothing(world, name, method, path, body, expected):
    url = fill_api(path, world)
    data = fill_body(body, world)

    def call(user):
        client = api(user)
        if method == "get":
            return client.get(url)
        return getattr(client, method)(url, data, format="json")

    def state():
        return (
            Award.objects.count(),
            sorted(Award.objects.values_list("pk", "status")),
            sorted(Grant.objects.values_list("pk", "status")),
            sorted(FundBudget.objects.values_list("pk", "amount")),
        )

    before = state()
    assert call(None).status_code == 401
    answers = {role: call(world["people"][role]).status_code for role in expected}
    assert answers == expected
    if method != "get":
        assert state() == before


# ---------------------------------------------------------------- query counts


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def grow(*, org_staff, budget, cadre=None, count: int) -> None:
    """``count`` more awards, candidates, results, budgets and grants (on ``cadre`` when given)."""
    for index in range(count):
        person = cadre or CadreFactory()
        year = 2000 + Award.objects.count()
        award = AwardFactory(cadre=person, year=year)
        CandidateFactory(cadre=person, year=year)
        AnnualResultFactory(cadre=person, year=year, grade="excellent")
        services.grant_propose(
            actor=org_staff, budget=budget, cadre=person, amount="10", basis_kind=GrantBasisKind.AWARD, award=award
        )
        fund = FundFactory(name=f"基金{person.pk}-{index}-{year}")
        services.budget_create(actor=org_staff, fund=fund, year=2025, amount=Decimal("10"))


PAGES_COUNTED = [
    "/rewards/me/",
    "/rewards/budgets/{budget}/",
    "/rewards/budgets/{budget}/adjust/",
    "/rewards/recompute/{job}/",
    "/rewards/awards/{own.award}/revoke/",
    "/rewards/awards/{own.award}/grant/",
    "/rewards/grants/{own.approved}/pay/",
    "/rewards/grants/{own.grant}/cancel/",
    "/rewards/cadres/{own.cadre}/awards/new/",
    "/rewards/cadres/{own.cadre}/grants/new/",
    "/rewards/funds/new/",
    "/rewards/budgets/new/",
    "/rewards/eligibility/?priority=true",
]


@pytest.mark.parametrize("path", PAGES_COUNTED)
def test_page_query_count_does_not_grow_with_the_rows(world, as_user, path):
    """The lists and the cadre page have their own tests in test_pages.py; these are the rest."""
    staff = world["people"]["org_staff"]
    client = as_user(world["people"]["cadre" if path == "/rewards/me/" else "org_staff"])
    url = fill(path, world)
    few = queries(client, url)
    grow(org_staff=staff, budget=world["budget"], cadre=world["own"]["cadre"], count=4)
    grow(org_staff=staff, budget=world["budget"], count=4)
    assert queries(client, url) == few


API_COUNTED = [
    "/api/rewards/promotion-eligibility/",
    "/api/rewards/awards/{own.award}/",
    "/api/rewards/candidates/{own.candidate}/",
    "/api/rewards/grants/{own.grant}/",
    "/api/rewards/budgets/{budget}/",
    "/api/rewards/budgets/{budget}/ledger/",
    "/api/rewards/funds/{fund}/",
]


@pytest.mark.parametrize("path", API_COUNTED)
def test_api_query_count_does_not_grow_with_the_rows(world, path):
    """The other lists and the eligibility answer have their own tests in test_api.py."""
    from rewards.models import RankPromotionEligibility

    staff = world["people"]["org_staff"]
    client = api(staff)
    url = fill_api(path, world)

    def eligibility(count):
        for _ in range(count):
            RankPromotionEligibility.objects.create(
                cadre=CadreFactory(), current_rank=3, target_rank=4, computed_on=datetime.date(2026, 3, 1)
            )

    eligibility(1)
    few = queries(client, url)
    eligibility(5)
    grow(org_staff=staff, budget=world["budget"], count=5)
    assert queries(client, url) == few
