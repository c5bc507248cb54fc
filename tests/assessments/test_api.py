"""The assessment API contract (issue 12): periods with their transitions as actions, pools, proposals,
scores, rating tasks, the assessing unit, the recompute job, and the permission matrix of every endpoint."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.choices import ItemKind, PeriodState
from assessments.models import Assessee, IndicatorItem, Period, QuantitativeScore, QuotaPool, RaterAssignment
from tests.api import error_messages
from tests.assessments.conftest import rater_login, submit_all
from tests.assessments.factories import AnnualResultFactory
from tests.factories import CadreFactory
from tests.postings.factories import PostingFactory

D = datetime.date
API = "/api/assessments"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def advance(client, period, *actions, **body):
    for name in actions:
        response = post(client, f"{API}/periods/{period.pk}/transitions/{name}/", body)
        assert response.status_code == 200, response.json()
    return response.json()


@pytest.fixture
def recompute(django_capture_on_commit_callbacks):
    """``recompute(client, period)``: start the job through the API and run it (eager) once the request commits."""

    def run(client, period):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, f"{API}/periods/{period.pk}/recompute/")
        assert response.status_code == 202
        return response

    return run


@pytest.fixture
def scored(annual_period, org_staff, staff_office, as_user):
    client = as_user(org_staff)
    advance(client, annual_period, "open-scoring")
    scores = {cadre.pk: 90 - index for index, cadre in enumerate(staff_office["staff"])}
    scores[staff_office["chief"].pk] = scores[staff_office["deputy"].pk] = 80
    submit_all(annual_period, lambda a: scores[a.assessee.cadre_id], quantitative=scores, actor=org_staff)
    return annual_period


# ---------------------------------------------------------------- periods


def test_org_staff_create_a_period_and_see_its_allowed_actions(as_user, org_staff):
    response = post(as_user(org_staff), f"{API}/periods/", {"kind": "annual", "year": 2025})

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["state"], body["state_display"]) == ("2025年度考核", "draft", "草稿")
    assert body["allowed_actions"] == [{"action": "open-scoring", "label": "开始评分", "reason_required": False}]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "annual", "year": 1800}, "year"),
        ({"kind": "regular", "year": 2025}, "quarter"),
        ({"kind": "special", "year": 2025}, "name"),
        ({"kind": "yearly", "year": 2025}, "kind"),
    ],
)
def test_a_bad_period_is_a_400_with_field_errors(as_user, org_staff, body, field):
    response = post(as_user(org_staff), f"{API}/periods/", body)

    assert response.status_code == 400
    assert field in error_messages(response)
    assert not Period.objects.exists()


def test_a_second_annual_period_of_a_year_is_refused(as_user, org_staff):
    client = as_user(org_staff)
    post(client, f"{API}/periods/", {"kind": "annual", "year": 2025})

    response = post(client, f"{API}/periods/", {"kind": "annual", "year": 2025})

    assert response.status_code == 400
    assert error_messages(response)["year"] == ["该年度已有年度考核周期。"]


@pytest.mark.parametrize("who", ["unit_hr", "cadre_user"])
def test_only_org_staff_create_and_move_periods(request, as_user, annual_period, who):
    client = as_user(request.getfixturevalue(who))

    assert post(client, f"{API}/periods/", {"kind": "annual", "year": 2026}).status_code == 403
    assert post(client, f"{API}/periods/{annual_period.pk}/transitions/open-scoring/").status_code == 403
    annual_period.refresh_from_db()
    assert annual_period.state == PeriodState.DRAFT


def test_a_transition_the_table_does_not_allow_is_a_400(as_user, org_staff, annual_period):
    response = post(as_user(org_staff), f"{API}/periods/{annual_period.pk}/transitions/confirm/")

    assert response.status_code == 400
    assert error_messages(response)["action"] == ["考核周期处于“草稿”状态，不能进行此操作。"]


def test_the_period_detail_keeps_each_transition_with_who_and_why(as_user, org_staff, annual_period):
    client = as_user(org_staff)
    advance(client, annual_period, "open-scoring", "close-scoring")

    body = advance(client, annual_period, "reopen-scoring", reason="有评价人漏评")

    assert [(t["action"], t["reason"], t["actor_name"]) for t in body["transitions"]] == [
        ("open-scoring", "", "orgstaff"),
        ("close-scoring", "", "orgstaff"),
        ("reopen-scoring", "有评价人漏评", "orgstaff"),
    ]


# ---------------------------------------------------------------- recompute, pools, proposals


def test_recompute_answers_with_a_job_whose_progress_the_starter_reads(recompute, as_user, org_staff, unit_hr, scored):
    client = as_user(org_staff)

    response = recompute(client, scored)

    job = client.get(f"/api/jobs/{response.json()['job']}/").json()
    assert (job["status"], job["total"], job["done"], job["percent"]) == ("succeeded", 2, 2, 100)
    assert job["summary"]["pools"] == 2
    assert as_user(unit_hr).get(f"/api/jobs/{response.json()['job']}/").status_code == 404


def test_pools_give_members_graded_members_and_the_quota(recompute, as_user, org_staff, scored, county):
    client = as_user(org_staff)
    recompute(client, scored)

    pools = client.get(f"{API}/periods/{scored.pk}/pools/").json()

    office = next(pool for pool in pools if pool["unit"] == county["organ"].pk)
    assert {key: office[key] for key in ("kind", "quota_raised", "members", "graded_members", "max_excellent")} == {
        "kind": "unit",
        "quota_raised": False,
        "members": 8,
        "graded_members": 8,
        "max_excellent": 1,
    }
    assert office["proposed_excellent"] == 1


def test_patching_a_pool_raises_its_quota_and_recomputes_it(
    recompute, as_user, org_staff, scored, county, django_capture_on_commit_callbacks
):
    client = as_user(org_staff)
    recompute(client, scored)

    with django_capture_on_commit_callbacks(execute=True):
        missing_basis = client.patch(
            f"{API}/periods/{scored.pk}/pools/{county['organ'].pk}/",
            {"quota_raised": True},
            content_type="application/json",
        )
        response = client.patch(
            f"{API}/periods/{scored.pk}/pools/{county['organ'].pk}/",
            {"quota_raised": True, "quota_raised_basis": "新组通〔2026〕12号"},
            content_type="application/json",
        )

    assert missing_basis.status_code == 400
    assert error_messages(missing_basis)["quota_raised_basis"] == ["提高优秀比例须填写批准依据。"]
    assert response.status_code == 200
    pool = QuotaPool.objects.get(period=scored, unit=county["organ"])
    # 8 × 25% = 2
    assert (pool.quota_raised, pool.max_excellent, pool.proposed_excellent, pool.stale) == (True, 2, 2, False)


def test_proposals_give_composite_rank_grade_cap_assessing_unit_and_why(
    recompute, as_user, org_staff, scored, staff_office, county
):
    client = as_user(org_staff)
    recompute(client, scored)

    body = client.get(f"{API}/periods/{scored.pk}/proposals/", {"unit": county["organ"].pk}).json()

    assert body["count"] == 8  # the office's pool; the leaders sit in the county pool
    first = body["results"][0]
    assert {key: first[key] for key in ("cadre", "composite", "rank", "proposed_grade", "grade", "cap")} == {
        "cadre": staff_office["staff"][0].pk,
        "composite": "90.00",
        "rank": 1,
        "proposed_grade": "excellent",
        "grade": "excellent",
        "cap": "",
    }
    assert (first["home_unit"], first["assessing_unit"], first["assessed_by_host"]) == ("县财政局", "县财政局", False)
    assert first["why"][0] == "综合得分90.00，本考核单元排名第1（共8人排名）"
    assert [bucket["groups"] for bucket in first["breakdown"]["items"][0]["groups"]] == [
        ["上级", "同级"],
        ["本人"],
    ]


def test_the_proposals_list_query_count_does_not_grow_with_rows(recompute, as_user, org_staff, scored):
    client = as_user(org_staff)
    recompute(client, scored)
    url = f"{API}/periods/{scored.pk}/proposals/"

    with CaptureQueriesContext(connection) as few:
        client.get(url, {"page_size": 2})
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"page_size": 10})

    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_committee_grade_endpoint_checks_the_quota(recompute, as_user, org_staff, scored, staff_office):
    client = as_user(org_staff)
    recompute(client, scored)
    advance(client, scored, "close-scoring", "propose", "submit-to-committee")
    second = Assessee.objects.get(period=scored, cadre=staff_office["staff"][1])

    response = post(
        client, f"{API}/assessees/{second.pk}/committee-grade/", {"grade": "excellent", "reason": "实绩突出"}
    )

    assert response.status_code == 400
    assert error_messages(response)["grade"] == ["超出优秀名额：本单元优秀名额1名，已有1名。"]


# ---------------------------------------------------------------- scores and tasks


def test_staff_post_a_quantitative_score(as_user, org_staff, annual_period, staff_office):
    item = IndicatorItem.objects.get(kind=ItemKind.QUANTITATIVE)
    body = {"period": annual_period.pk, "cadre": staff_office["staff"][0].pk, "item": item.pk, "score": "91.50"}

    response = post(as_user(org_staff), f"{API}/scores/", body)

    assert response.status_code == 201
    assert (response.json()["cadre_name"], response.json()["score"]) == ("科员0", "91.50")
    assert QuantitativeScore.objects.get().score == 91.5


@pytest.mark.parametrize(("score", "status"), [("101", 400), ("-1", 400), ("abc", 400)])
def test_a_bad_quantitative_score_is_a_400(as_user, org_staff, annual_period, staff_office, score, status):
    item = IndicatorItem.objects.get(kind=ItemKind.QUANTITATIVE)
    body = {"period": annual_period.pk, "cadre": staff_office["staff"][0].pk, "item": item.pk, "score": score}

    assert post(as_user(org_staff), f"{API}/scores/", body).status_code == status
    assert not QuantitativeScore.objects.exists()


def test_unit_hr_may_not_score_outside_their_units(as_user, unit_hr, annual_period, staff_office):
    item = IndicatorItem.objects.get(kind=ItemKind.QUANTITATIVE)
    body = {"period": annual_period.pk, "cadre": staff_office["staff"][0].pk, "item": item.pk, "score": "80"}

    response = post(as_user(unit_hr), f"{API}/scores/", body)

    assert response.status_code == 400
    assert set(error_messages(response)) == {"cadre"}
    assert not QuantitativeScore.objects.exists()


def test_a_rater_lists_saves_and_submits_his_own_tasks(as_user, org_staff, annual_period, staff_office):
    advance(as_user(org_staff), annual_period, "open-scoring")
    rater = staff_office["staff"][3]
    client = as_user(rater_login(rater))

    tasks = client.get(f"{API}/my-tasks/").json()["results"]
    task = tasks[0]
    detail = client.get(f"{API}/my-tasks/{task['id']}/").json()
    item = detail["items"][0]
    draft = post(client, f"{API}/my-tasks/{task['id']}/rating/", {"scores": {str(item["id"]): "85"}, "submit": False})
    submitted = post(
        client, f"{API}/my-tasks/{task['id']}/rating/", {"scores": {str(item["id"]): "86"}, "submit": True}
    )
    again = post(client, f"{API}/my-tasks/{task['id']}/rating/", {"scores": {str(item["id"]): "10"}, "submit": True})

    assert len(tasks) == RaterAssignment.objects.filter(rater=rater).count()
    assert (draft.json()["status"], draft.json()["items"][0]["own_score"]) == ("draft", "85.00")
    assert (submitted.json()["status"], submitted.json()["items"][0]["own_score"]) == ("submitted", "86.00")
    assert again.status_code == 400
    assert error_messages(again)["scores"] == ["评分已提交，不能修改。"]


@pytest.mark.parametrize(
    ("scores", "field", "message"),
    [
        ({"abc": "85"}, "scores", "评分包含不属于本任务的指标。"),
        ({"": "85"}, "scores", "评分包含不属于本任务的指标。"),
        ("nan", "item", "得分应为数字。"),
        ("Infinity", "item", "得分应为数字。"),
        ("85.555", "item", "得分最多保留两位小数。"),
    ],
)
def test_a_rating_with_a_key_that_names_no_item_or_a_score_that_is_no_number_is_a_400_and_saves_nothing(
    as_user, org_staff, annual_period, staff_office, scores, field, message
):
    advance(as_user(org_staff), annual_period, "open-scoring")
    rater = staff_office["staff"][3]
    task = RaterAssignment.objects.filter(rater=rater).order_by("pk").first()
    item = IndicatorItem.objects.get(template=task.assessee.template, kind=ItemKind.RATED)
    if isinstance(scores, str):
        scores, field = {str(item.pk): scores}, f"item_{item.pk}"

    response = post(as_user(rater_login(rater)), f"{API}/my-tasks/{task.pk}/rating/", {"scores": scores})

    assert response.status_code == 400
    assert error_messages(response) == {field: [message]}
    task.refresh_from_db()
    assert (task.status, task.scores.count()) == ("pending", 0)


def test_another_raters_task_is_404(as_user, org_staff, annual_period, staff_office):
    task = RaterAssignment.objects.exclude(rater=staff_office["staff"][3]).first()
    client = as_user(rater_login(staff_office["staff"][3]))

    assert client.get(f"{API}/my-tasks/{task.pk}/").status_code == 404
    assert post(client, f"{API}/my-tasks/{task.pk}/rating/", {"scores": {}, "submit": False}).status_code == 404


# ---------------------------------------------------------------- who assesses


def test_the_assessing_unit_of_a_cadre_and_year(as_user, org_staff, county):
    cadre = CadreFactory(unit=county["organ"])
    PostingFactory(
        cadre=cadre,
        host_unit=county["township"],
        planned_start=D(2025, 1, 1),
        planned_end=D(2025, 7, 1),
        actual_end=D(2025, 7, 1),
        status="completed",
    )
    client = as_user(org_staff)

    hosted = client.get(f"{API}/assessing-unit/", {"cadre": cadre.pk, "year": 2025}).json()
    at_home = client.get(f"{API}/assessing-unit/", {"cadre": cadre.pk, "year": 2026}).json()

    assert (hosted["assessed_by_host"], hosted["assessing_unit"], hosted["assessing_unit_name"]) == (
        True,
        county["township"].pk,
        "如龙镇",
    )
    assert hosted["reason"].startswith("公务员考核规定第26条：2025年在如龙镇实践锻炼182天")
    assert hosted["reason"].endswith("超过6个月（181天），由接收单位考核，并征求派出单位意见。")
    assert hosted["days_at_host"] == 182
    assert (at_home["assessed_by_host"], at_home["assessing_unit"]) == (False, county["organ"].pk)


def test_the_assessing_unit_is_404_outside_the_scope_and_400_on_a_bad_year(as_user, unit_hr, outside_cadre):
    client = as_user(unit_hr)

    assert client.get(f"{API}/assessing-unit/", {"cadre": outside_cadre.pk, "year": 2025}).status_code == 404
    assert client.get(f"{API}/assessing-unit/", {"cadre": outside_cadre.pk, "year": "x"}).status_code in (400, 404)


# ---------------------------------------------------------------- the permission matrix


STAFF_LISTS = [
    f"{API}/scores/",
    f"{API}/templates/",
    f"{API}/objections/",
    f"{API}/work-calendar/days/",
    f"{API}/work-calendar/years/",
    f"{API}/suggestions/",
]


@pytest.mark.parametrize("url", [*STAFF_LISTS, f"{API}/periods/", f"{API}/my-tasks/", f"{API}/annual-results/"])
def test_anonymous_is_refused_everywhere(as_user, url):
    assert as_user(None).get(url).status_code == 401


@pytest.mark.parametrize("url", STAFF_LISTS)
def test_a_cadre_is_refused_the_staff_lists(as_user, cadre_user, url):
    assert as_user(cadre_user).get(url).status_code == 403


def test_a_cadre_is_refused_the_staff_views_of_a_period(as_user, cadre_user, annual_period):
    client = as_user(cadre_user)

    for suffix in ("pools/", "proposals/"):
        assert client.get(f"{API}/periods/{annual_period.pk}/{suffix}").status_code == 403
    assert client.get(f"{API}/rater-assignments/", {"period": annual_period.pk}).status_code == 403


def test_unit_hr_see_the_proposals_and_raters_of_their_units_only(
    recompute, as_user, unit_hr, org_staff, scored, own_cadre
):
    recompute(as_user(org_staff), scored)
    client = as_user(unit_hr)

    proposals = client.get(f"{API}/periods/{scored.pk}/proposals/").json()
    raters = client.get(f"{API}/rater-assignments/", {"period": scored.pk}).json()
    pools = client.get(f"{API}/periods/{scored.pk}/pools/").json()

    # the office (县财政局) is outside 如龙镇: nothing of it
    assert (proposals["count"], raters["count"], pools) == (0, 0, [])


@pytest.mark.parametrize("year", [0, 40000])
def test_a_calendar_year_out_of_range_is_a_field_error_not_a_500(as_user, org_staff, year):
    # Found by schemathesis (tests/api_fuzz): year 0 raised ValueError, a huge one OverflowError.
    response = as_user(org_staff).post(
        f"{API}/work-calendar/years/", {"year": year, "basis": "国办发明电〔2026〕1号"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["year"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"cadre": "99999999999999999999"}, "cadre", "确保该值小于或等于9223372036854775807。"),
        ({"year_from": "99999999999999999999"}, "year_from", "确保该值小于或等于2100。"),
        ({"year": "0"}, "year", "确保该值大于或等于1900。"),
    ],
)
def test_an_out_of_range_cadre_or_year_filter_of_the_annual_results_is_a_400_not_a_500(
    as_user, org_staff, db, query, field, message
):
    response = as_user(org_staff).get(f"{API}/annual-results/", query)

    assert response.status_code == 400
    assert [error["message"] for error in response.json()["fields"][field]] == [message]


def test_an_out_of_range_year_on_the_results_page_is_a_chinese_form_error(as_user, org_staff, own_cadre):
    AnnualResultFactory(cadre=own_cadre, year=2024)

    response = as_user(org_staff).get("/assessments/results/", {"year": "99999999999999999999"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["year"] == ["确保该值小于或等于2100。"]
    assert list(response.context["table"].page.object_list) == []


def test_a_rater_for_an_assessee_outside_the_scope_is_refused_on_assessee(
    as_user, unit_hr, annual_period, staff_office, own_cadre
):
    """Issue 14.6: the assessee is scoped at the field, so unit HR naming an assessee of another unit (县财政局)
    gets a 400 on ``assessee`` and no rater is added, though the rater is one of theirs."""
    assessee = Assessee.objects.get(period=annual_period, cadre=staff_office["chief"])
    before = RaterAssignment.objects.count()
    payload = {"assessee": assessee.pk, "rater": own_cadre.pk, "group": "peer"}

    response = as_user(unit_hr).post(f"{API}/rater-assignments/", payload, content_type="application/json")

    assert response.status_code == 400
    assert error_messages(response) == {"assessee": [f"无效主键 “{assessee.pk}” － 对象不存在。"]}
    assert RaterAssignment.objects.count() == before


@pytest.mark.parametrize("value", ["²", "٣", "abc"])
@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/assessing-unit/?year=2025&cadre={}", "cadre", "请指定干部。"),
        ("/assessing-unit/?cadre=1&year={}", "year", "考核年度应为四位数字年份。"),
        ("/rater-assignments/?period={}", "period", "请指定考核周期。"),
        ("/periods/{period}/proposals/?unit={}", "unit", "单位应为数字ID。"),
    ],
)
def test_an_id_or_year_in_the_query_that_is_no_number_is_a_400_on_its_field(
    as_user, org_staff, annual_period, path, field, message, value
):
    url = API + path.replace("{period}", str(annual_period.pk)).format(value)

    response = as_user(org_staff).get(url)

    assert response.status_code == 400
    assert error_messages(response) == {field: [message]}
