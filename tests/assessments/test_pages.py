"""The assessment pages: who may open what (the permission matrix), rating and the self-summary in the browser,
the period's moves and its recompute from its page, historic results entered and imported from Excel (every bad
row named, nothing written), quantitative scores imported, the 考核结果汇总表 export, and query counts that do not
grow with the rows."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from accounts.models import Role
from assessments import services
from assessments.choices import AssignmentStatus, ItemKind, SelfSummaryStatus, SuggestionKind
from assessments.models import (
    AnnualResult,
    Assessee,
    IndicatorItem,
    PublicityObjection,
    QuantitativeScore,
    RaterAssignment,
    RatingScore,
    SelfSummary,
    Suggestion,
)
from core.excel import FieldChange
from tests.assessments.conftest import rater_login, submit_all
from tests.assessments.factories import AnnualResultFactory
from tests.factories import CadreFactory, UnitFactory, UserFactory
from tests.sheets import exported_table, sheet_values

D = datetime.date
STAFF_PAGES = ["/assessments/", "/assessments/results/", "/assessments/results/import/", "/assessments/suggestions/"]
ORG_ONLY_PAGES = ["/assessments/periods/new/", "/assessments/calendar/"]


@pytest.fixture
def people(admin_user, org_staff, unit_hr, cadre_user):
    return {"anonymous": None, "cadre": cadre_user, "unit_hr": unit_hr, "org_staff": org_staff, "admin": admin_user}


def move(period, actor, *actions, **kwargs):
    for action in actions:
        period = services.period_transition(actor=actor, period=period, action=action, **kwargs)
    return period


def xlsx(headers: list[str], rows: list[list]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "upload.xlsx"
    return data


# ---------------------------------------------------------------- permissions


@pytest.mark.parametrize("path", [*STAFF_PAGES, *ORG_ONLY_PAGES, "/assessments/tasks/", "/assessments/me/"])
def test_anonymous_is_sent_to_the_login(as_user, db, path):
    response = as_user(None).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", STAFF_PAGES)
@pytest.mark.parametrize(("role", "status"), [("cadre", 403), ("unit_hr", 200), ("org_staff", 200), ("admin", 200)])
def test_staff_pages(people, as_user, path, role, status):
    assert as_user(people[role]).get(path).status_code == status


@pytest.mark.parametrize("path", ORG_ONLY_PAGES)
@pytest.mark.parametrize(("role", "status"), [("cadre", 403), ("unit_hr", 403), ("org_staff", 200)])
def test_org_only_pages(people, as_user, path, role, status):
    assert as_user(people[role]).get(path).status_code == status


@pytest.mark.parametrize(("role", "status"), [("cadre", 403), ("unit_hr", 200), ("org_staff", 200)])
def test_the_period_pages_are_for_staff(people, as_user, annual_period, role, status):
    client = as_user(people[role])
    assert client.get(f"/assessments/periods/{annual_period.pk}/").status_code == status
    assert client.get(f"/assessments/periods/{annual_period.pk}/proposals/").status_code == status


def test_unit_hr_may_not_move_generate_or_recompute_a_period(people, as_user, annual_period):
    client = as_user(people["unit_hr"])
    for action in ("transition", "generate", "recompute"):
        response = client.post(f"/assessments/periods/{annual_period.pk}/{action}/", {"action": "open-scoring"})
        assert response.status_code == 403
    annual_period.refresh_from_db()
    assert annual_period.state == "draft"


def test_unit_hr_sees_the_pools_and_proposals_of_their_units_only(as_user, unit_hr, annual_period, county):
    CadreFactory(unit=county["township"], name="乡镇干部")
    period = services.period_create(actor=annual_period.created_by, kind="annual", year=2024)
    services.period_generate_assessees(actor=annual_period.created_by, period=period)

    response = as_user(unit_hr).get(f"/assessments/periods/{period.pk}/proposals/?per_page=200")

    names = {row.cadre.name for row in response.context["table"].data}
    assert names == {"乡镇干部"}
    pools = as_user(unit_hr).get(f"/assessments/periods/{period.pk}/").context["pools"]
    assert {pool.unit_id for pool in pools} == {county["township"].pk}


# ---------------------------------------------------------------- the period page


def test_org_staff_move_the_period_from_its_page_and_the_history_keeps_who_and_why(as_user, org_staff, annual_period):
    client = as_user(org_staff)

    client.post(f"/assessments/periods/{annual_period.pk}/transition/", {"action": "open-scoring"})
    client.post(f"/assessments/periods/{annual_period.pk}/transition/", {"action": "close-scoring"})
    refused = client.post(
        f"/assessments/periods/{annual_period.pk}/transition/", {"action": "reopen-scoring"}, follow=True
    )

    annual_period.refresh_from_db()
    assert annual_period.state == "scoring_closed"
    assert "“重新开放评分”须填写原因。" in [str(m) for m in refused.context["messages"]]
    page = client.get(f"/assessments/periods/{annual_period.pk}/")
    assert [step.action for step in page.context["history"]] == ["close-scoring", "open-scoring"]
    assert [t.action for t in page.context["transitions"]] == ["reopen-scoring", "propose"]


def test_a_2027_publicity_window_is_refused_from_the_page_with_what_to_enter(
    as_user, org_staff, annual_period, staff_office
):
    from assessments import tasks

    period = move(annual_period, org_staff, "open-scoring")
    cadres = list(Assessee.objects.filter(period=period).values_list("cadre_id", flat=True))
    submit_all(period, lambda assignment: 85, quantitative=dict.fromkeys(cadres, 85), actor=org_staff)
    period = move(period, org_staff, "close-scoring")
    tasks.recompute_period(services.period_recompute_start(actor=org_staff, period=period).pk)
    period = move(period, org_staff, "propose", "submit-to-committee")

    response = as_user(org_staff).post(
        f"/assessments/periods/{period.pk}/transition/",
        {"action": "start-publicity", "publicity_starts_on": "2027-01-11"},
        follow=True,
    )

    period.refresh_from_db()
    assert period.state == "committee_review"
    text = " ".join(str(m) for m in response.context["messages"])
    assert "2027" in text
    assert "节假日" in text or "放假" in text


def test_recompute_from_the_page_goes_to_the_job_and_its_progress(
    as_user, org_staff, annual_period, django_capture_on_commit_callbacks
):
    move(annual_period, org_staff, "open-scoring")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(org_staff).post(f"/assessments/periods/{annual_period.pk}/recompute/")

    assert response.status_code == 302
    assert response["Location"].startswith("/jobs/")
    job_page = as_user(org_staff).get(response["Location"])
    assert job_page.status_code == 200
    assert job_page.context["job"].status == "succeeded"


def test_publicity_objections_are_shown_to_org_staff_only_on_the_period_page(
    as_user, org_staff, unit_hr, annual_period, own_cadre
):
    # given an objection naming a cadre of the unit HR's own township
    PublicityObjection.objects.create(
        period=annual_period,
        cadre=own_cadre,
        raised_on=D(2026, 1, 14),
        raised_by="匿名来电",
        content="反映扎西考勤不实",
    )

    # when unit HR and org staff open the period page
    hr_page = as_user(unit_hr).get(f"/assessments/periods/{annual_period.pk}/")
    org_page = as_user(org_staff).get(f"/assessments/periods/{annual_period.pk}/")

    # then only org staff (who record and handle them, as in the API) see it
    assert list(hr_page.context["objections"]) == []
    assert "反映扎西考勤不实" not in hr_page.content.decode()
    assert "公示异议" not in hr_page.content.decode()
    assert [o.content for o in org_page.context["objections"]] == ["反映扎西考勤不实"]
    assert "反映扎西考勤不实" in org_page.content.decode()


def test_the_last_recompute_links_to_its_job_page_only_for_the_user_who_started_it(
    as_user, org_staff, unit_hr, annual_period, django_capture_on_commit_callbacks
):
    move(annual_period, org_staff, "open-scoring")
    with django_capture_on_commit_callbacks(execute=True):
        job_url = as_user(org_staff).post(f"/assessments/periods/{annual_period.pk}/recompute/")["Location"]
    other_org_staff = UserFactory(role=Role.ORG_STAFF)

    starter_page = as_user(org_staff).get(f"/assessments/periods/{annual_period.pk}/").content.decode()
    for other in (other_org_staff, unit_hr):
        page = as_user(other).get(f"/assessments/periods/{annual_period.pk}/").content.decode()
        assert f'href="{job_url}"' not in page
        assert "最近一次计算：已完成" in page
        assert as_user(other).get(job_url).status_code == 404  # the job page is its starter's only
    assert f'href="{job_url}"' in starter_page


def test_the_committee_changed_filter_offers_all_yes_no_and_its_export_names_the_choice(
    as_user, org_staff, annual_period, staff_office
):
    changed = staff_office["staff"][0]
    Assessee.objects.filter(period=annual_period, cadre=changed).update(committee_grade="competent")
    url = f"/assessments/periods/{annual_period.pk}/proposals/"
    client = as_user(org_staff)

    page = client.get(url)
    kept = client.get(url, {"overridden": "false", "per_page": 200})
    header_line = sheet_values(client.get(url, {"overridden": "false", "export": "xlsx"}).content)[1][0]

    assert list(page.context["filter"].form.fields["overridden"].widget.choices) == [
        ("", "全部"),
        ("true", "是"),
        ("false", "否"),
    ]
    assert '<option value="" selected>全部</option>' in page.content.decode()
    assert "未知" not in page.content.decode()
    assert [row.cadre.name for row in client.get(url, {"overridden": "true"}).context["table"].data] == ["科员0"]
    assert len(kept.context["table"].data) == 9
    assert header_line.startswith("筛选条件：考核委员会已调整：否；")


# ---------------------------------------------------------------- 我的评分任务 and 述职报告


def test_a_rater_saves_a_draft_then_submits_in_the_browser_and_cannot_change_it_after(
    as_user, org_staff, annual_period, staff_office
):
    move(annual_period, org_staff, "open-scoring")
    rater = staff_office["staff"][1]
    task = RaterAssignment.objects.filter(rater=rater).exclude(group="self").order_by("pk").first()
    item = IndicatorItem.objects.get(template=task.assessee.template, kind=ItemKind.RATED)
    client = as_user(rater_login(rater))

    assert client.get("/assessments/tasks/").context["table"].data.data.filter(pk=task.pk).exists()
    client.post(f"/assessments/tasks/{task.pk}/", {f"item-{item.pk}": "88.5", "submit": "0"})
    task.refresh_from_db()
    assert task.status == AssignmentStatus.DRAFT
    bad = client.post(f"/assessments/tasks/{task.pk}/", {f"item-{item.pk}": "188", "submit": "1"})
    assert bad.status_code == 200
    assert bad.context["field_errors"] == ["请检查下面标红的评分。"]
    assert [entry["errors"] for entry in bad.context["items"]] == [["得分应在0到100之间。"]]
    assert '<div class="invalid-feedback">得分应在0到100之间。</div>' in bad.content.decode()
    client.post(f"/assessments/tasks/{task.pk}/", {f"item-{item.pk}": "91", "submit": "1"})
    client.post(f"/assessments/tasks/{task.pk}/", {f"item-{item.pk}": "60", "submit": "1"})

    task.refresh_from_db()
    assert task.status == AssignmentStatus.SUBMITTED
    assert RatingScore.objects.get(assignment=task).score == Decimal("91.00")
    assert client.get(f"/assessments/tasks/{task.pk}/").context["editable"] is False


def test_another_raters_task_is_404(as_user, org_staff, annual_period, staff_office):
    task = RaterAssignment.objects.filter(rater=staff_office["staff"][1]).first()
    assert as_user(rater_login(staff_office["staff"][2])).get(f"/assessments/tasks/{task.pk}/").status_code == 404
    assert as_user(org_staff).get(f"/assessments/tasks/{task.pk}/").status_code == 404


def test_a_cadre_writes_the_self_summary_saves_it_then_submits_and_it_is_locked(
    as_user, annual_period, staff_office, cadre_user
):
    cadre = staff_office["staff"][0]
    client = as_user(rater_login(cadre))
    url = f"/assessments/periods/{annual_period.pk}/self-summary/"

    client.post(url, {"text": "一年来认真履职。", "submit": "0"})
    assert SelfSummary.objects.get(cadre=cadre).status == SelfSummaryStatus.DRAFT
    client.post(url, {"text": "一年来认真履职，完成全部任务。", "submit": "1"})
    client.post(url, {"text": "改写", "submit": "1"})

    summary = SelfSummary.objects.get(cadre=cadre)
    assert (summary.status, summary.text) == (SelfSummaryStatus.SUBMITTED, "一年来认真履职，完成全部任务。")
    assert "一年来认真履职，完成全部任务。" in client.get(url).content.decode()
    # not an assessee of the period: refused
    assert as_user(cadre_user).get(url).status_code == 403


def test_my_assessment_shows_own_results_and_no_one_elses(as_user, cadre_user, own_cadre, other_cadre):
    AnnualResultFactory(cadre=own_cadre, year=2023, grade="excellent")
    AnnualResultFactory(cadre=other_cadre, year=2023, grade="incompetent")

    response = as_user(cadre_user).get("/assessments/me/")

    assert [(r.cadre_id, r.year, r.grade) for r in response.context["results"]] == [(own_cadre.pk, 2023, "excellent")]


# ---------------------------------------------------------------- results, historic entry and import


def test_the_results_table_exports_per_unit_with_every_row(as_user, org_staff, own_cadre, outside_cadre, county):
    AnnualResultFactory(cadre=own_cadre, year=2023, grade="excellent")
    AnnualResultFactory(cadre=own_cadre, year=2024, grade="competent")
    AnnualResultFactory(cadre=outside_cadre, year=2024, grade="basically_competent")

    response = as_user(org_staff).get("/assessments/results/", {"export": "xlsx", "unit": county["township"].pk})

    header, rows = exported_table(response.content)
    assert header[:5] == ["序号", "单位", "姓名", "职务", "考核年度"]
    assert [(row[2], row[4], row[5]) for row in rows] == [("扎西", 2024, "称职"), ("扎西", 2023, "优秀")]


def test_a_historic_result_is_entered_on_the_cadres_page_and_again_updates_it(as_user, org_staff, own_cadre):
    url = f"/assessments/cadres/{own_cadre.pk}/results/new/"
    data = {"year": 2019, "grade": "competent", "confirmed_on": "2020-01-15"}

    as_user(org_staff).post(url, data)
    as_user(org_staff).post(url, {**data, "grade": "excellent"})

    result = AnnualResult.objects.get(cadre=own_cadre)
    assert (result.year, result.grade, result.source) == (2019, "excellent", "imported")


def test_a_historic_results_file_with_bad_rows_names_them_all_and_writes_nothing(as_user, org_staff, own_cadre):
    upload = xlsx(
        ["身份证号", "姓名", "考核年度", "等次", "不定等次原因", "确定日期"],
        [
            [own_cadre.id_number, own_cadre.name, 2020, "称职", "", "2021-01-20"],
            [own_cadre.id_number, own_cadre.name, 2021, "很好", "", "2022-01-20"],
            ["513329190001010000", "无此人", 2021, "称职", "", "2022-01-20"],
            [own_cadre.id_number, own_cadre.name, 2022, "不定等次", "", "2023-01-20"],
        ],
    )

    response = as_user(org_staff).post("/assessments/results/import/", {"file": upload})

    report = response.context["report"]
    assert [(e.row, e.column) for e in report.errors] == [(3, "等次"), (4, "身份证号"), (5, "不定等次原因")]
    assert AnnualResult.objects.count() == 0


def test_a_good_historic_results_file_imports_and_again_updates_idempotently(as_user, org_staff, own_cadre):
    rows = [[own_cadre.id_number, own_cadre.name, 2020, "称职", "", "2021-01-20"]]
    headers = ["身份证号", "姓名", "考核年度", "等次", "不定等次原因", "确定日期"]

    client, url = as_user(org_staff), "/assessments/results/import/"
    first = client.post(url, {"file": xlsx(headers, rows)})
    assert AnnualResult.objects.count() == 0
    client.post(url, {"token": first.context["pending"]["token"]})
    rows[0][3] = "优秀"
    again = client.post(url, {"file": xlsx(headers, rows)})
    client.post(url, {"token": again.context["pending"]["token"]})

    assert (first.context["report"].created, again.context["report"].updated) == (1, 1)
    assert [(change.row, change.fields) for change in again.context["report"].updates] == [
        (2, (FieldChange(label="等次", old="称职", new="优秀"),))
    ]
    assert list(AnnualResult.objects.values_list("year", "grade", "source")) == [(2020, "excellent", "imported")]


def test_unit_hr_cannot_import_a_result_for_a_cadre_outside_their_units(as_user, unit_hr, outside_cadre):
    upload = xlsx(["身份证号", "考核年度", "等次", "确定日期"], [[outside_cadre.id_number, 2020, "称职", "2021-01-20"]])

    report = as_user(unit_hr).post("/assessments/results/import/", {"file": upload}).context["report"]

    assert [(e.row, e.column) for e in report.errors] == [(2, "身份证号")]
    assert AnnualResult.objects.count() == 0


def test_quantitative_scores_are_imported_for_the_period(as_user, org_staff, annual_period, staff_office):
    cadre = staff_office["staff"][0]
    headers = ["身份证号", "指标名称", "得分"]
    bad = xlsx(headers, [[cadre.id_number, "目标绩效", "101"], [cadre.id_number, "不存在", "90"]])
    good = xlsx(headers, [[cadre.id_number, "目标绩效", "93.5"]])
    url = f"/assessments/periods/{annual_period.pk}/scores/import/"

    client = as_user(org_staff)
    report = client.post(url, {"file": bad}).context["report"]
    assert [(e.row, e.column) for e in report.errors] == [(2, "得分"), (3, "指标名称")]
    preview = client.post(url, {"file": good})
    client.post(url, {"token": preview.context["pending"]["token"]})

    assert list(QuantitativeScore.objects.values_list("assessee__cadre_id", "score")) == [(cadre.pk, Decimal("93.50"))]


# ---------------------------------------------------------------- query counts


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


def test_the_list_pages_query_count_does_not_grow_with_rows(as_user, org_staff, annual_period, staff_office, county):
    client = as_user(org_staff)
    rater = staff_office["staff"][1]
    rater_client = as_user(rater_login(rater))
    paths = [
        "/assessments/results/?per_page=200",
        f"/assessments/periods/{annual_period.pk}/",
        f"/assessments/periods/{annual_period.pk}/proposals/?per_page=200",
    ]
    for cadre in staff_office["staff"][:3]:
        AnnualResultFactory(cadre=cadre, year=2020)
    before = [_queries(client, path) for path in paths] + [_queries(rater_client, "/assessments/tasks/?per_page=200")]

    unit = UnitFactory(name="县审计局", parent=county["root"])
    for index in range(12):
        cadre = CadreFactory(unit=unit, name=f"新科员{index}")
        AnnualResultFactory(cadre=cadre, year=2020)
        AnnualResultFactory(cadre=cadre, year=2021)
    for cadre in staff_office["staff"][3:]:
        AnnualResultFactory(cadre=cadre, year=2020)
    services.period_generate_assessees(actor=org_staff, period=annual_period)
    for assessee in Assessee.objects.filter(period=annual_period)[:10]:
        RaterAssignment.objects.get_or_create(assessee=assessee, rater=rater, defaults={"group": "peer"})
    after = [_queries(client, path) for path in paths] + [_queries(rater_client, "/assessments/tasks/?per_page=200")]

    assert after == before


def test_the_committee_adjusts_a_grade_from_the_proposals_page_with_a_reason(
    as_user, org_staff, annual_period, staff_office
):
    from assessments import tasks

    period = move(annual_period, org_staff, "open-scoring")
    cadres = list(Assessee.objects.filter(period=period).values_list("cadre_id", flat=True))
    submit_all(period, lambda assignment: 85, quantitative=dict.fromkeys(cadres, 85), actor=org_staff)
    period = move(period, org_staff, "close-scoring")
    tasks.recompute_period(services.period_recompute_start(actor=org_staff, period=period).pk)
    period = move(period, org_staff, "propose", "submit-to-committee")
    assessee = Assessee.objects.get(period=period, cadre=staff_office["staff"][0])

    page = as_user(org_staff).get(f"/assessments/periods/{period.pk}/proposals/").content.decode()
    assert f"/assessments/assessees/{assessee.pk}/committee/" in page
    no_reason = as_user(org_staff).post(f"/assessments/assessees/{assessee.pk}/committee/", {"grade": "competent"})
    assert no_reason.status_code == 200
    as_user(org_staff).post(
        f"/assessments/assessees/{assessee.pk}/committee/", {"grade": "competent", "reason": "年内受通报批评。"}
    )

    assessee.refresh_from_db()
    assert (assessee.committee_grade, assessee.committee_reason) == ("competent", "年内受通报批评。")


# ---------------------------------------------------------------- 考核结果运用待办


def test_unit_hr_handle_a_to_do_of_their_cadre_from_the_list_once(as_user, unit_hr, own_cadre, outside_cadre):
    # given an open to-do of the township's cadre and one of another unit
    suggestions = {
        cadre.name: Suggestion.objects.create(
            annual_result=AnnualResultFactory(cadre=cadre, year=2024, grade="excellent"),
            cadre=cadre,
            kind=SuggestionKind.COMMENDATION,
        )
        for cadre in (own_cadre, outside_cadre)
    }
    mine, other = suggestions["扎西"], suggestions["王建国"]
    client = as_user(unit_hr)
    url = f"/assessments/suggestions/{mine.pk}/handle/"

    # when unit HR open the list, follow its 办理 button and record the outcome
    listed = client.get("/assessments/suggestions/").content.decode()
    form = client.get(url)
    done = client.post(url, {"status": "done", "note": "已给予嘉奖（新委发〔2025〕3号）"}, follow=True)
    again = client.get(url, follow=True)

    # then the to-do is done with the note, by them, and cannot be handled twice
    assert f'href="{url}"' in listed
    assert form.status_code == 200
    assert form.context["page_title"] == "办理：扎西 2024年度 嘉奖候选（优秀）"
    mine.refresh_from_db()
    assert (mine.status, mine.note, mine.handled_by) == ("done", "已给予嘉奖（新委发〔2025〕3号）", unit_hr)
    assert [str(m) for m in done.context["messages"]] == ["已办结。"]
    assert done.redirect_chain[-1][0] == "/assessments/suggestions/?status=open"
    assert [str(m) for m in again.context["messages"]] == ["该待办已办结。"]
    assert f'href="{url}"' not in client.get("/assessments/suggestions/").content.decode()
    # another unit's to-do is out of scope: 404, and nothing changes
    refused = client.post(f"/assessments/suggestions/{other.pk}/handle/", {"status": "done", "note": "x"})
    assert refused.status_code == 404
    other.refresh_from_db()
    assert (other.status, other.note) == ("open", "")


def test_a_to_do_needs_an_outcome_and_a_note(as_user, org_staff, own_cadre):
    suggestion = Suggestion.objects.create(
        annual_result=AnnualResultFactory(cadre=own_cadre, year=2024, grade="basically_competent"),
        cadre=own_cadre,
        kind=SuggestionKind.ADMONISHMENT,
    )

    response = as_user(org_staff).post(f"/assessments/suggestions/{suggestion.pk}/handle/", {"status": "", "note": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {"status": ["该字段是必填项。"], "note": ["该字段是必填项。"]}
    suggestion.refresh_from_db()
    assert suggestion.status == "open"
