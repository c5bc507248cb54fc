"""The rewards pages: who may open what (the permission matrix), bulk approval of candidates with one 文号, the
form pages writing through the services, the cadre's own page with "为什么不是我", the engine started from a
page, and query counts that do not grow with the rows."""

import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cadres.choices import Rank
from rewards import services
from rewards.choices import AwardKind, CandidateStatus, GrantBasisKind, GrantStatus
from rewards.models import Award, AwardCandidate, Grant
from tests.assessments.factories import AnnualResultFactory
from tests.factories import CadreFactory
from tests.rewards.factories import AwardFactory, CandidateFactory
from tests.sheets import exported_table

D = datetime.date

STAFF_LISTS = [
    "/rewards/candidates/",
    "/rewards/awards/",
    "/rewards/eligibility/",
    "/rewards/funds/",
    "/rewards/grants/",
]
ORG_ONLY_FORMS = ["/rewards/funds/new/", "/rewards/budgets/new/"]


@pytest.fixture
def people(admin_user, org_staff, unit_hr, cadre_user):
    return {"anonymous": None, "cadre": cadre_user, "unit_hr": unit_hr, "org_staff": org_staff, "admin": admin_user}


@pytest.mark.parametrize("path", [*STAFF_LISTS, *ORG_ONLY_FORMS, "/rewards/me/", "/rewards/"])
def test_anonymous_is_sent_to_the_login(as_user, db, path):
    response = as_user(None).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", STAFF_LISTS)
@pytest.mark.parametrize(("role", "status"), [("cadre", 403), ("unit_hr", 200), ("org_staff", 200), ("admin", 200)])
def test_staff_lists(people, as_user, budget, path, role, status):
    assert as_user(people[role]).get(path).status_code == status


@pytest.mark.parametrize("path", ORG_ONLY_FORMS)
@pytest.mark.parametrize(("role", "status"), [("cadre", 403), ("unit_hr", 403), ("org_staff", 200)])
def test_fund_forms_are_for_org_staff(people, as_user, db, path, role, status):
    assert as_user(people[role]).get(path).status_code == status


def test_a_cadre_sees_his_or_her_own_page_and_no_one_elses(people, as_user, own_cadre, other_cadre):
    client = as_user(people["cadre"])
    own = client.get("/rewards/me/")
    assert own.status_code == 200
    assert own.context["cadre"] == own_cadre
    assert client.get(f"/rewards/cadres/{own_cadre.pk}/").status_code == 200
    assert client.get(f"/rewards/cadres/{other_cadre.pk}/").status_code == 404
    assert client.get("/rewards/").url == "/rewards/me/"


def test_unit_hr_reaches_their_units_cadres_only(people, as_user, other_cadre, outside_cadre):
    client = as_user(people["unit_hr"])
    assert client.get(f"/rewards/cadres/{other_cadre.pk}/").status_code == 200
    assert client.get(f"/rewards/cadres/{outside_cadre.pk}/").status_code == 404
    assert client.get(f"/rewards/cadres/{other_cadre.pk}/awards/new/").status_code == 403
    assert client.get(f"/rewards/cadres/{outside_cadre.pk}/grants/new/").status_code == 404


def test_unit_hr_lists_hold_only_their_units(people, as_user, own_cadre, other_cadre, outside_cadre):
    for cadre in (own_cadre, other_cadre, outside_cadre):
        CandidateFactory(cadre=cadre, year=2025)
    rows = as_user(people["unit_hr"]).get("/rewards/candidates/").context["table"].data
    assert sorted(row.cadre.name for row in rows) == ["卓玛", "扎西"]


def test_the_cadre_page_answers_why_not_me_with_the_month_it_becomes_possible(
    people, as_user, own_cadre, settings, monkeypatch
):
    # the example: rank taken 2024-07-15, two 称职 years, asked on 2026-03-01 → possible from July 2026
    settings.TRAINING_ANNUAL_REQUIRED_HOURS = 0
    monkeypatch.setattr("rewards.views.timezone.localdate", lambda: D(2026, 3, 1))
    own_cadre.rank_date = D(2024, 7, 15)
    own_cadre.save()
    for year in (2024, 2025):
        AnnualResultFactory(cadre=own_cadre, year=year, grade="competent")
    response = as_user(people["cadre"]).get("/rewards/me/")
    promotion = response.context["answer"]["promotion"]
    assert (promotion["months_counted"], promotion["months_required"], promotion["eligible"]) == (20, 24, False)
    body = response.content.decode()
    assert "任现职级 20 个月，需 24 个月" in body
    assert "2026 年 7 月起可晋升" in body


@pytest.fixture
def full_rank_posts(own_cadre, county, settings, monkeypatch):
    """茹龙镇 has 4 posts: 一、二级主任科员 ≤ 1, held by 次仁; 扎西 (三级主任科员 since 2024-07-15, two 称职 years)
    would become 二级主任科员 from July 2026 by tenure, asked on 2026-03-01."""
    settings.TRAINING_ANNUAL_REQUIRED_HOURS = 0
    monkeypatch.setattr("rewards.views.timezone.localdate", lambda: D(2026, 3, 1))
    county["township"].headcount = 4
    county["township"].save()
    CadreFactory(name="次仁", unit=county["township"], rank=Rank.PRINCIPAL_STAFF_2, rank_date=D(2025, 1, 1))
    own_cadre.rank, own_cadre.rank_date = Rank.PRINCIPAL_STAFF_3, D(2024, 7, 15)
    own_cadre.save()
    for year in (2024, 2025):
        AnnualResultFactory(cadre=own_cadre, year=year, grade="competent")
    return own_cadre


FULL = "本单位一级主任科员、二级主任科员职数 1 名，已占 1 名，按排序已无空余职数"


def test_my_rewards_says_no_post_is_left_instead_of_the_date_when_the_units_rank_posts_are_full(
    people, as_user, full_rank_posts
):
    response = as_user(people["cadre"]).get("/rewards/me/")
    answer = response.context["answer"]
    assert (answer["promotion"]["eligible"], answer["promotion"]["eligible_from"]) == (False, D(2026, 7, 1))
    assert answer["promotion"]["reasons"][-2:] == ["2026 年 7 月起可晋升", FULL]
    assert answer["promotion_conclusion"] == FULL
    body = response.content.decode()
    assert f'· <strong class="text-primary">{FULL}</strong>' in body
    assert '<strong class="text-primary">2026 年 7 月起可晋升</strong>' not in body


def test_my_rewards_of_an_eligible_cadre_with_the_posts_full_says_so_beside_the_eligibility(
    people, as_user, full_rank_posts
):
    full_rank_posts.rank_date = D(2023, 7, 15)
    full_rank_posts.save()
    AnnualResultFactory(cadre=full_rank_posts, year=2023, grade="competent")
    body = as_user(people["cadre"]).get("/rewards/me/").content.decode()
    badges = (
        '<span class="badge text-bg-success">符合晋升条件</span>'
        ' <span class="badge text-bg-light border">职数已满</span>'
    )
    assert badges in body
    assert f'· <strong class="text-primary">{FULL}</strong>' in body


def test_the_eligibility_list_and_the_cadres_page_give_the_same_conclusion(
    people, as_user, full_rank_posts, org_staff, county
):
    from core.history import history_context, system_actor
    from rewards import engine

    with history_context(system_actor(), "test"):
        engine.recompute_units(unit_ids=[county["township"].pk], on_date=D(2026, 3, 1))
    mine = as_user(people["cadre"]).get("/rewards/me/").context["answer"]["promotion_conclusion"]
    listed = as_user(org_staff).get("/rewards/eligibility/?q=扎西").content.decode()
    assert mine == FULL
    assert f"<div>{FULL}</div>" in listed


def test_the_cadre_page_lists_awards_and_grants_and_its_section_is_on_the_record(
    people, as_user, own_cadre, org_staff, budget
):
    award = AwardFactory(cadre=own_cadre, year=2024, kind=AwardKind.COMMENDATION)
    services.grant_propose(
        actor=org_staff, budget=budget, cadre=own_cadre, amount="1500", basis_kind=GrantBasisKind.AWARD, award=award
    )
    page = as_user(people["cadre"]).get("/rewards/me/").content.decode()
    assert "2024年度考核优秀" in page
    assert "人才发展专项基金" in page
    record = as_user(people["org_staff"]).get(f"/cadres/{own_cadre.pk}/").content.decode()
    assert 'id="section-rewards"' in record


# ---------------------------------------------------------------- bulk approval


def decide(client, **data):
    return client.post("/rewards/candidates/decide/", data)


DECISION = {"approving_body": "中共新龙县委", "document_number": "新委〔2026〕5号", "awarded_on": "2026-03-01"}


def test_ticked_candidates_are_approved_under_one_document(people, as_user, own_cadre, other_cadre):
    first = CandidateFactory(cadre=own_cadre, year=2025)
    second = CandidateFactory(cadre=other_cadre, year=2025, kind=AwardKind.MERIT_THIRD)
    untouched = CandidateFactory(cadre=CadreFactory(), year=2025)
    response = decide(
        as_user(people["org_staff"]),
        candidates=[first.pk, second.pk],
        action="approve",
        next="/rewards/candidates/?year=2025",
        **DECISION,
    )
    assert response.status_code == 302
    assert response["Location"] == "/rewards/candidates/?year=2025"
    assert sorted(Award.objects.values_list("cadre__name", "kind", "document_number")) == [
        ("卓玛", "merit_third", "新委〔2026〕5号"),
        ("扎西", "commendation", "新委〔2026〕5号"),
    ]
    untouched.refresh_from_db()
    assert untouched.status == CandidateStatus.PENDING


def test_every_unblocked_candidate_the_filters_find_is_approved_at_once(people, as_user, own_cadre, other_cadre):
    CandidateFactory(cadre=own_cadre, year=2025)
    CandidateFactory(cadre=other_cadre, year=2025)
    CandidateFactory(cadre=CadreFactory(), year=2025, blocked=True)
    CandidateFactory(cadre=CadreFactory(), year=2024)
    decide(as_user(people["org_staff"]), scope="filtered", query="year=2025", **DECISION)
    assert sorted(Award.objects.values_list("cadre__name", "year")) == [("卓玛", 2025), ("扎西", 2025)]
    assert AwardCandidate.objects.filter(status=CandidateStatus.PENDING).count() == 2


def test_a_refused_approval_shows_why_and_writes_nothing(people, as_user, own_cadre):
    candidate = CandidateFactory(cadre=own_cadre, year=2025)
    client = as_user(people["org_staff"])
    response = decide(client, candidates=[candidate.pk], action="approve", **{**DECISION, "document_number": ""})
    assert not Award.objects.exists()
    page = client.get(response["Location"])
    assert "文号" in page.content.decode()


def test_unit_hr_cannot_approve_through_the_page(people, as_user, other_cadre):
    candidate = CandidateFactory(cadre=other_cadre, year=2025)
    response = decide(as_user(people["unit_hr"]), candidates=[candidate.pk], action="approve", **DECISION)
    assert response.status_code == 403
    assert not Award.objects.exists()


def test_declining_needs_a_reason(people, as_user, own_cadre):
    candidate = CandidateFactory(cadre=own_cadre, year=2025)
    client = as_user(people["org_staff"])
    decide(client, candidates=[candidate.pk], action="decline", reason="")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING
    decide(client, candidates=[candidate.pk], action="decline", reason="已由上级表彰")
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decline_reason) == (CandidateStatus.DECLINED, "已由上级表彰")


# ---------------------------------------------------------------- form pages


def test_an_award_is_recorded_and_revoked_through_the_pages(people, as_user, own_cadre):
    client = as_user(people["org_staff"])
    response = client.post(
        f"/rewards/cadres/{own_cadre.pk}/awards/new/",
        {
            "kind": "merit_second",
            "year": 2025,
            "basis_text": "抗洪抢险中表现突出",
            "approving_body": "新龙县人民政府",
            "document_number": "新府〔2025〕8号",
            "awarded_on": "2025-08-20",
            "medal": "",
        },
    )
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.bonus, award.medal) == (Decimal("6000.00"), True)
    client.post(f"/rewards/awards/{award.pk}/revoke/", {"revoked_on": "2026-01-05", "reason": "事迹失实"})
    award.refresh_from_db()
    assert (award.status, award.revocation_reason) == ("revoked", "事迹失实")


def test_a_bad_award_form_shows_field_errors_and_writes_nothing(people, as_user, own_cadre):
    response = as_user(people["org_staff"]).post(
        f"/rewards/cadres/{own_cadre.pk}/awards/new/",
        {
            "kind": "merit_second",
            "year": 2025,
            "basis_text": "x",
            "approving_body": "y",
            "document_number": "z",
            "awarded_on": "2099-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"awarded_on": ["奖励日期不能晚于今天。"]}
    assert not Award.objects.exists()


def test_a_grant_goes_from_the_award_to_payment_through_the_pages(people, as_user, own_cadre, budget):
    award = AwardFactory(cadre=own_cadre, year=2024)
    client = as_user(people["org_staff"])
    form = client.get(f"/rewards/awards/{award.pk}/grant/").context["form"]
    assert (form["basis_kind"].initial, form["amount"].initial) == ("award", Decimal("1500.00"))
    client.post(
        f"/rewards/awards/{award.pk}/grant/",
        {"budget": budget.pk, "amount": "1500", "basis_kind": "award", "award": award.pk},
    )
    grant = Grant.objects.get()
    client.post("/rewards/grants/approve/", {"grants": [grant.pk]})
    client.post(
        f"/rewards/grants/{grant.pk}/pay/", {"paid_on": str(datetime.date.today()), "payment_reference": "凭证1"}
    )
    grant.refresh_from_db()
    assert (grant.status, grant.payment_reference) == (GrantStatus.PAID, "凭证1")
    ledger = client.get(f"/rewards/budgets/{budget.pk}/")
    assert ledger.context["total"] == 3
    assert ledger.context["budget"].balance == Decimal("28500.00")


def test_an_overdraft_through_the_page_is_refused_with_the_balance(people, as_user, own_cadre, org_staff, fund):
    small = services.budget_create(actor=org_staff, fund=fund, year=2024, amount="100")
    grant = services.grant_propose(
        actor=org_staff, budget=small, cadre=own_cadre, amount="500", basis_kind=GrantBasisKind.REASON, reason="x"
    )
    client = as_user(people["org_staff"])
    response = client.post("/rewards/grants/approve/", {"grants": [grant.pk]}, follow=True)
    assert "可用余额100 元，不足500 元，不能透支。" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PROPOSED


def test_the_engine_is_started_from_a_page_with_a_progress_bar(people, as_user, django_capture_on_commit_callbacks):
    client = as_user(people["org_staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/rewards/recompute/")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'id="job-progress"' in page.content.decode()
    assert as_user(people["unit_hr"]).post("/rewards/recompute/").status_code == 403


# ---------------------------------------------------------------- query counts


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_cadre_rewards_page_query_count_does_not_grow(people, as_user, own_cadre, org_staff, budget):
    client = as_user(people["org_staff"])
    url = f"/rewards/cadres/{own_cadre.pk}/"

    def add(years):
        for year in years:
            AnnualResultFactory(cadre=own_cadre, year=year, grade="excellent")
            award = AwardFactory(cadre=own_cadre, year=year)
            CandidateFactory(cadre=own_cadre, year=year, kind=AwardKind.MERIT_THIRD)
            services.grant_propose(
                actor=org_staff,
                budget=budget,
                cadre=own_cadre,
                amount="10",
                basis_kind=GrantBasisKind.AWARD,
                award=award,
            )

    add([2016])
    few = count_queries(client, url)
    add(range(2017, 2025))
    assert count_queries(client, url) == few


@pytest.mark.parametrize("path", STAFF_LISTS)
def test_list_pages_query_count_does_not_grow(people, as_user, org_staff, budget, path):
    client = as_user(people["org_staff"])

    def add(count):
        for _ in range(count):
            cadre = CadreFactory()
            award = AwardFactory(cadre=cadre)
            CandidateFactory(cadre=cadre)
            services.grant_propose(
                actor=org_staff, budget=budget, cadre=cadre, amount="10", basis_kind=GrantBasisKind.AWARD, award=award
            )

    add(1)
    few = count_queries(client, path)
    add(8)
    assert count_queries(client, path) == few


# ---------------------------------------------------------------- what a clerk reads


def test_unit_hr_gets_no_tick_boxes_for_decisions_only_org_staff_take(people, as_user, other_cadre, budget):
    CandidateFactory(cadre=other_cadre, year=2025)
    for path in ("/rewards/candidates/", "/rewards/grants/"):
        hr = as_user(people["unit_hr"]).get(path).content.decode()
        staff = as_user(people["org_staff"]).get(path).content.decode()
        assert 'type="checkbox"' not in hr.split("<tbody>")[1].split("</tbody>")[0]
        assert "data-rewards-check-all" in staff


def test_empty_choices_read_in_chinese(people, as_user, own_cadre, budget):
    form = as_user(people["org_staff"]).get(f"/rewards/cadres/{own_cadre.pk}/grants/new/").content.decode()
    assert '<option value="" selected>请选择</option>' in form
    listing = as_user(people["org_staff"]).get("/rewards/awards/").content.decode()
    assert '<option value="" selected>全部</option>' in listing
    for page in (form, listing):
        assert "Select an option" not in page
        assert "---------" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/rewards/candidates/?cadre=99999999999999999999",
        "/rewards/awards/?cadre=99999999999999999999",
        "/rewards/eligibility/?cadre=99999999999999999999",
        "/rewards/grants/?cadre=99999999999999999999",
        "/rewards/grants/?budget=99999999999999999999",
        "/rewards/grants/?budget=99999999999999999999&export=xlsx",
        "/rewards/awards/?year=99999999999999999999",
    ],
)
def test_an_id_or_year_beyond_64_bits_in_a_list_url_finds_nothing_instead_of_a_server_error(
    org_staff, as_user, budget, own_cadre, path
):
    AwardFactory(cadre=own_cadre)

    response = as_user(org_staff).get(path)

    assert response.status_code == 200
    if "export" in path:
        assert exported_table(response.content)[1] == []
    else:
        assert list(response.context["table"].page.object_list) == []


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/api/rewards/awards/?cadre=99999999999999999999", "cadre", "确保该值小于或等于9223372036854775807。"),
        ("/api/rewards/candidates/?cadre=99999999999999999999", "cadre", "确保该值小于或等于9223372036854775807。"),
        (
            "/api/rewards/promotion-eligibility/?cadre=99999999999999999999",
            "cadre",
            "确保该值小于或等于9223372036854775807。",
        ),
        ("/api/rewards/grants/?budget=99999999999999999999", "budget", "确保该值小于或等于9223372036854775807。"),
        ("/api/rewards/grants/?cadre=0", "cadre", "确保该值大于或等于1。"),
        ("/api/rewards/budgets/?year=99999", "year", "确保该值小于或等于2100。"),
    ],
)
def test_an_out_of_range_id_or_year_in_an_api_filter_is_a_400_on_the_field(
    org_staff, as_user, db, path, field, message
):
    response = as_user(org_staff).get(path)

    assert response.status_code == 400
    assert response.json()["fields"][field] == [{"code": field_code(message), "message": message}]


def field_code(message: str) -> str:
    return "max_value" if "小于" in message else "min_value"


def exported_columns_of(client, path: str, columns: list[str]) -> tuple[list, list[list]]:
    return exported_table(client.get(path, {"export": "xlsx", "cols": columns}).content)


def test_yes_no_columns_export_the_words_of_the_page_and_dates_export_as_dates(org_staff, as_user, own_cadre):
    # given a blocked and an unblocked candidate, and awards with and without a medal
    CandidateFactory(cadre=own_cadre, year=2024, blocked=True)
    CandidateFactory(cadre=own_cadre, year=2023)
    AwardFactory(cadre=own_cadre, year=2024, medal=True, awarded_on=D(2025, 3, 1))
    AwardFactory(cadre=own_cadre, year=2023, medal=False, awarded_on=D(2024, 3, 1))
    client = as_user(org_staff)

    # when the lists are exported with those columns
    candidates = exported_columns_of(client, "/rewards/candidates/", ["cadre", "year", "blocked"])
    awards = exported_columns_of(client, "/rewards/awards/", ["cadre", "year", "awarded_on", "medal"])

    # then the words (not "True"/"False") and date cells (not ISO text)
    assert candidates == (["序号", "姓名", "考核年度", "受限"], [[1, "扎西", 2024, "受限"], [2, "扎西", 2023, None]])
    assert awards == (
        ["序号", "姓名", "奖励年度", "奖励日期", "颁发奖章"],
        [
            [1, "扎西", 2024, datetime.datetime(2025, 3, 1), "是"],
            [2, "扎西", 2023, datetime.datetime(2024, 3, 1), "否"],
        ],
    )


def test_the_ledger_export_gives_the_time_of_each_movement_in_beijing_time_in_a_column_wide_enough(
    org_staff, as_user, fund
):
    # given the allocation recorded at 05:44 UTC (at that moment: the ledger is append-only, on PostgreSQL a
    # trigger refuses to change an entry's time afterwards)
    at = datetime.datetime(2026, 12, 1, 5, 44, 11, 952231, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=at):
        budget = services.budget_create(actor=org_staff, fund=fund, year=2025, amount=Decimal("30000"))

    content = as_user(org_staff).get(f"/rewards/budgets/{budget.pk}/", {"export": "xlsx"}).content

    header, rows = exported_table(content)
    assert header[2] == "记账时间"
    assert rows[0][2] == datetime.datetime(2026, 12, 1, 13, 44, 11, 952000)  # Beijing time (openpyxl keeps ms)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.column_dimensions["C"].width == 18  # "2026-12-01 13:44" is 16 characters: no "########"
    assert sheet["C4"].number_format == "yyyy-mm-dd hh:mm"


@pytest.mark.parametrize("value", ["٣", "²", "99999999999999999999999"])
@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/rewards/candidates/decide/", {"document_number": "新委发〔2026〕1号"}, "请先勾选奖励候选。"),
        ("/rewards/grants/approve/", {}, "请先勾选拟拨付的记录。"),
    ],
)
def test_a_ticked_id_that_is_no_number_is_told_to_tick_one_and_changes_nothing(
    org_staff, as_user, own_cadre, value, path, data, message
):
    candidate = CandidateFactory(cadre=own_cadre)
    field = "candidates" if "candidates" in path else "grants"

    response = as_user(org_staff).post(path, {**data, field: [value]}, follow=True)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [message]
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING
    assert not Award.objects.exists()


@pytest.mark.parametrize("value", ["²", "abc"])
def test_the_eligibility_api_answers_a_cadre_that_is_no_number_with_a_400(org_staff, as_user, db, value):
    response = as_user(org_staff).get("/api/rewards/eligibility/", {"cadre": value})

    assert response.status_code == 400
    assert [error["message"] for error in response.json()["fields"]["cadre"]] == ["请指定干部。"]
