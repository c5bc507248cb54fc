"""Anonymity is a security property (issue 12, acceptance 4): nobody but an admin obtains an individual peer or
subordinate score together with its rater, through any endpoint, export, admin list, history view or the
API schema's fields.

Every rater gives a distinct "sentinel" score (with cents no aggregate shown here happens to produce); every
GET endpoint of the assessment API is then read as the ratee, a rater, unit HR and org staff, and no sentinel
may appear (a rater may see his or her own scores in his or her own tasks only). An admin, in the Django
admin, sees them: the positive control that the sentinels are there to be found.
"""

import html
import json
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client

from accounts.models import Role
from assessments import rules, services
from assessments.choices import ANONYMOUS_RATER_GROUPS, ItemKind
from assessments.models import IndicatorItem, Proposal, QuotaPool, RaterAssignment
from assessments.recompute import recompute_pools
from tests.assessments.conftest import rater_login
from tests.factories import UserFactory

API = "/api/assessments"


@pytest.fixture
def rated(annual_period, org_staff, staff_office):
    """Scoring done, with a distinct sentinel score per assignment; proposals computed."""
    services.period_transition(actor=org_staff, period=annual_period, action="open-scoring")
    users, sentinels = {}, {}
    for index, assignment in enumerate(RaterAssignment.objects.filter(assessee__period=annual_period).order_by("pk")):
        score = Decimal("10.13") + Decimal(index) * Decimal("0.97")
        user = users.get(assignment.rater_id) or users.setdefault(assignment.rater_id, rater_login(assignment.rater))
        item = IndicatorItem.objects.get(template=assignment.assessee.template, kind=ItemKind.RATED)
        services.rating_save(actor=user, assignment=assignment, scores={item.pk: score}, submit=True)
        if assignment.group in ANONYMOUS_RATER_GROUPS:
            sentinels[assignment.pk] = f"{score:.2f}"
    recompute_pools(
        period_id=annual_period.pk,
        pool_ids=list(QuotaPool.objects.filter(period=annual_period).values_list("pk", flat=True)),
    )
    return {"period": annual_period, "users": users, "sentinels": sentinels}


def api_get_paths(client: Client) -> list[str]:
    schema = client.get("/api/schema/", {"format": "json"}).json()
    return sorted(path for path, operations in schema["paths"].items() if "get" in operations and path.startswith(API))


def fill(path: str, ids: dict) -> str | None:
    """A concrete URL for a schema path, or None when the path needs an id this visitor has none of."""
    for prefix, key in [
        (f"{API}/periods/", "period"),
        (f"{API}/my-tasks/", "task"),
        (f"{API}/templates/", "template"),
        (f"{API}/annual-results/", "result"),
    ]:
        if path.startswith(prefix) and "{id}" in path:
            if ids.get(key) is None:
                return None
            return path.replace("{id}", str(ids[key]))
    return None if "{" in path else path


def everything_seen_by(client: Client, ids: dict) -> str:
    bodies = []
    for path in api_get_paths(client):
        url = fill(path, ids)
        if url is None:
            continue
        response = client.get(url, {"period": ids["period"], "page_size": 200, "cadre": ids["cadre"], "year": 2025})
        assert response.status_code < 500, url
        bodies.append(response.content.decode())
    return "\n".join(bodies)


def allowed_aggregates(text: str) -> set[str]:
    """Every number with two decimals in ``text`` (not the seconds of a timestamp)."""
    return set(re.findall(r"(?<![\d:.])\d+\.\d{2}(?!\d)", text))


@pytest.mark.parametrize("who", ["ratee", "rater", "unit_hr", "org_staff"])
def test_no_endpoint_gives_anyone_but_an_admin_an_individual_score(rated, who, staff_office, county, org_staff):
    ratee = staff_office["staff"][0]
    rater = staff_office["staff"][3]
    visitor = {
        "ratee": lambda: rated["users"].get(ratee.pk) or rater_login(ratee),
        "rater": lambda: rated["users"][rater.pk],
        "unit_hr": lambda: UserFactory(role=Role.UNIT_HR, units=[county["organ"]]),
        "org_staff": lambda: org_staff,
    }[who]()
    client = Client()
    client.force_login(visitor)
    own_task = RaterAssignment.objects.filter(rater=rater).order_by("pk").first()
    ids = {
        "period": rated["period"].pk,
        "task": own_task.pk if who == "rater" else None,
        "template": rated["period"].assessees.first().template_id,
        "result": None,
        "cadre": ratee.pk,
    }

    seen = everything_seen_by(client, ids)

    own_scores = {
        rated["sentinels"][pk]
        for pk in RaterAssignment.objects.filter(rater=rater).values_list("pk", flat=True)
        if pk in rated["sentinels"]
    }
    hidden = set(rated["sentinels"].values()) - (own_scores if who == "rater" else set())
    # an aggregate that happens to equal a sentinel value is not a leak; there are few, and many sentinels stay
    composites = {str(v) for v in rated["period"].assessees.values_list("proposal__composite", flat=True)}
    hidden -= composites
    assert len(hidden) > 30
    leaked = hidden & allowed_aggregates(seen)
    contexts = [
        seen[max(0, m.start() - 600) : m.end() + 100] for value in leaked for m in [re.search(re.escape(value), seen)]
    ]
    assert leaked == set(), contexts[:2]
    if who == "rater":
        assert own_scores & allowed_aggregates(seen)  # a rater does see his or her own scores


def test_an_admin_sees_individual_scores_in_the_admin(rated, admin_user):
    client = Client()
    client.force_login(admin_user)

    page = client.get("/admin/assessments/ratingscore/", {"all": ""}).content.decode()

    assert set(rated["sentinels"].values()) & allowed_aggregates(page)


def test_an_admin_sees_a_proposals_group_parts_with_their_names(rated, admin_user):
    proposal = Proposal.objects.filter(assessee__period=rated["period"]).exclude(composite=None).first()
    stored = proposal.breakdown["items"][0]["groups"][0]
    client = Client()
    client.force_login(admin_user)

    page = client.get(f"/admin/assessments/proposal/{proposal.pk}/change/").content.decode()

    labelled = rules.group_part(stored)._asdict()
    assert html.escape(json.dumps(labelled, ensure_ascii=False), quote=True) in page


@pytest.mark.parametrize("who", ["org_staff", "unit_hr"])
def test_staff_cannot_open_the_rating_scores_in_the_admin(rated, who, request, county):
    user = request.getfixturevalue(who)
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)

    response = client.get("/admin/assessments/ratingscore/")

    assert response.status_code in (302, 403)


def test_no_schema_component_pairs_a_rater_with_a_score(db):
    schema = Client().get("/api/schema/", {"format": "json"}).json()

    pairing = []
    for name, component in schema["components"]["schemas"].items():
        properties = set(component.get("properties", {}))
        if properties & {"rater", "rater_name", "rater_id"} and properties & {"score", "scores", "own_score", "mean"}:
            pairing.append(name)

    assert pairing == []


def test_individual_scores_keep_no_history_and_the_tasks_history_has_no_score(db):
    history_models = {model._meta.label for model in apps.get_app_config("assessments").get_models()}

    assert "assessments.HistoricalRatingScore" not in history_models
    task_history = apps.get_model("assessments", "HistoricalRaterAssignment")
    assert not {field.name for field in task_history._meta.get_fields()} & {"score", "scores"}


def test_the_breakdown_stored_for_admins_is_never_serialized_raw(rated, org_staff):
    client = Client()
    client.force_login(org_staff)

    body = client.get(f"{API}/periods/{rated['period'].pk}/proposals/", {"page_size": 200}).json()

    text = json.dumps(body)
    for forbidden in ('"sum"', '"counted"', '"dropped"', '"low"', '"high"'):
        assert forbidden not in text
    # the stored group parts are arrays without those keys: every group shown is a display bucket instead
    shown = [group for row in body["results"] for item in row["breakdown"]["items"] for group in item["groups"]]
    assert shown
    assert {frozenset(group) for group in shown} == {frozenset({"groups", "raters", "mean", "merged"})}


def page_paths(period_id: int, assessee_id: int, cadre_id: int, unit_id: int) -> list[str]:
    """Every GET page of the assessment area, with its Excel exports."""
    base = "/assessments"
    return [
        f"{base}/",
        f"{base}/periods/{period_id}/",
        f"{base}/periods/{period_id}/proposals/?per_page=200",
        f"{base}/periods/{period_id}/proposals/?export=xlsx",
        f"{base}/periods/{period_id}/scores/import/",
        f"{base}/periods/{period_id}/pools/{unit_id}/quota/",
        f"{base}/assessees/{assessee_id}/committee/",
        f"{base}/results/?per_page=200",
        f"{base}/results/?export=xlsx",
        f"{base}/suggestions/",
        f"{base}/cadres/{cadre_id}/results/new/",
        f"{base}/tasks/?per_page=200",
        f"{base}/tasks/?export=xlsx",
        f"{base}/me/",
        f"{base}/periods/{period_id}/self-summary/",
    ]


def page_text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        from tests.sheets import sheet_values

        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None) for row in sheet_values(response.content)
        )
    return response.content.decode()


@pytest.mark.parametrize("who", ["ratee", "rater", "unit_hr", "org_staff"])
def test_no_page_or_export_gives_anyone_an_individual_score(rated, who, staff_office, county, org_staff):
    ratee, rater = staff_office["staff"][0], staff_office["staff"][3]
    visitor = {
        "ratee": lambda: rated["users"].get(ratee.pk) or rater_login(ratee),
        "rater": lambda: rated["users"][rater.pk],
        "unit_hr": lambda: UserFactory(role=Role.UNIT_HR, units=[county["organ"]]),
        "org_staff": lambda: org_staff,
    }[who]()
    client = Client()
    client.force_login(visitor)
    period = rated["period"]
    assessee = period.assessees.get(cadre=ratee)
    own_tasks = list(RaterAssignment.objects.filter(rater=rater).order_by("pk").values_list("pk", flat=True))
    # the cadre sees his or her own aggregates once the period is in publicity
    type(period).objects.filter(pk=period.pk).update(state="publicity")

    bodies = []
    paths = page_paths(period.pk, assessee.pk, ratee.pk, county["organ"].pk)
    paths += [f"/assessments/tasks/{pk}/" for pk in own_tasks]
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code == 200:
            bodies.append(page_text(response))
    seen = "\n".join(bodies)

    own_scores = {rated["sentinels"][pk] for pk in own_tasks if pk in rated["sentinels"]}
    hidden = set(rated["sentinels"].values()) - (own_scores if who == "rater" else set())
    hidden -= {str(v) for v in period.assessees.values_list("proposal__composite", flat=True)}
    assert len(hidden) > 30
    assert hidden & allowed_aggregates(seen) == set()
    if who == "rater":
        assert own_scores & allowed_aggregates(seen)  # a rater does see his or her own scores, on his or her tasks
    if who == "ratee":
        assert "综合得分" in seen
        assert str(assessee.proposal.composite) in seen
