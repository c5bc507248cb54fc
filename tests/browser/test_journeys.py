"""The main journeys in a real browser (Debian's Chromium through Playwright), each ending with a screenshot
saved as a test artifact (``BROWSER_ARTIFACTS``, default test-artifacts/browser/)."""

import datetime
import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from assessments.choices import Grade
from careers.choices import RecordKind
from rewards.choices import AwardKind
from rewards.models import RankPromotionEligibility
from tests.assessments.factories import AnnualResultFactory
from tests.careers.factories import AccountabilityRecordFactory
from tests.factories import CadreFactory, UserFactory
from tests.rewards.factories import AwardFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", "test-artifacts/browser"))


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo12345")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_staff_find_a_cadre_by_pinyin_initials_and_save_an_edit_after_a_validation_error(
    page, live_server, org_staff, own_cadre, outside_cadre
):
    log_in(page, live_server, "orgstaff")  # staff land on the worklist; the roster is one click away
    page.goto(f"{live_server.url}/cadres/")
    page.fill("input[name=q]", "zx")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with page.expect_navigation():
        page.click("table tbody >> text=扎西")
    with page.expect_navigation():
        page.click("text=修改档案")

    page.fill("#id_id_number", "123")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    error = page.locator(".invalid-feedback").first.inner_text()
    page.fill("#id_id_number", own_cadre.id_number)
    page.fill("#id_phone", "13800001111")
    page.fill("#id_reason", "更正联系电话")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    screenshot(page, "1-staff-edit-saved")

    own_cadre.refresh_from_db()
    assert "身份证号" in error
    assert own_cadre.phone == "13800001111"
    assert "已保存" in page.locator(".alert").first.inner_text()


def test_a_cadre_sees_why_he_is_not_yet_eligible_on_my_record_and_a_404_for_another(
    page, live_server, cadre_user, own_cadre, county
):
    AnnualResultFactory(cadre=own_cadre, year=2025, grade=Grade.COMPETENT)
    RankPromotionEligibility.objects.create(
        cadre=own_cadre,
        computed_on=datetime.date(2026, 11, 30),
        current_rank=3,
        target_rank=4,
        eligible=False,
        reasons=["任现职级 18 个月，需 24 个月"],
    )
    stranger = CadreFactory(name="卓玛", unit=county["organ"])
    log_in(page, live_server, "cadre")

    page.goto(f"{live_server.url}/cadres/me/")
    reasons = page.locator("#eligibility-reasons").inner_text()
    results = page.locator("#annual-results").inner_text()
    screenshot(page, "4-my-record")
    response = page.goto(f"{live_server.url}/cadres/{stranger.pk}/")

    assert "任现职级 18 个月，需 24 个月" in reasons
    assert "2025年度：称职" in results
    assert response.status == 404
    assert "卓玛" not in page.content()


def test_the_dashboard_draws_every_chart_with_data_and_the_appointment_form_downloads(
    page, live_server, org_staff, own_cadre, outside_cadre
):
    for cadre, grade in ((own_cadre, Grade.EXCELLENT), (outside_cadre, Grade.COMPETENT)):
        AnnualResultFactory(cadre=cadre, year=2025, grade=grade)
    AwardFactory(cadre=own_cadre, kind=AwardKind.COMMENDATION, year=2025)
    AccountabilityRecordFactory(
        cadre=outside_cadre, kind=RecordKind.PARTY_WARNING, decided_on=datetime.date(2025, 5, 1)
    )
    log_in(page, live_server, "orgstaff")

    page.goto(f"{live_server.url}/dashboard/?year=2025")
    page.wait_for_selector("[data-chart][data-rendered=true]")
    charts = page.locator("[data-chart]")
    rendered = page.locator("[data-chart][data-rendered=true] svg")
    count, drawn = charts.count(), rendered.count()
    screenshot(page, "5-dashboard")

    page.goto(f"{live_server.url}/dashboard/appointment-form/{own_cadre.pk}/?appoint_to=县委办公室主任")
    screenshot(page, "5-appointment-form")
    with page.expect_download() as word:
        page.click("text=下载 Word")
    with page.expect_download() as pdf:
        page.click("text=下载 PDF")
    word_text = "\n".join(
        cell.text for table in Document(word.value.path()).tables for row in table.rows for cell in row.cells
    )
    pdf_text = "".join(
        page_.extract_text() for page_ in PdfReader(io.BytesIO(Path(pdf.value.path()).read_bytes())).pages
    )

    assert count >= 3
    assert drawn == count
    assert re.search(r"\.docx$", word.value.suggested_filename)
    assert pdf.value.suggested_filename.endswith(".pdf")
    assert "扎西" in word_text
    assert "县委办公室主任" in word_text
    assert "扎西" in pdf_text


def test_staff_recompute_then_approve_award_candidates_and_a_fund_grant(
    page, live_server, org_staff, own_cadre, other_cadre
):
    from rewards import selectors as reward_selectors
    from rewards import services as reward_services
    from rewards.models import Award, Grant
    from tests.rewards.factories import FundFactory

    for cadre in (own_cadre, other_cadre):
        AnnualResultFactory(cadre=cadre, year=2025, grade=Grade.EXCELLENT)
    budget = reward_services.budget_create(
        actor=org_staff, fund=FundFactory(name="人才发展专项基金"), year=2026, amount="30000"
    )
    log_in(page, live_server, "orgstaff")

    page.goto(f"{live_server.url}/rewards/candidates/")
    with page.expect_navigation():
        page.click("text=立即重新计算")
    page.wait_for_selector("#job-progress .progress-bar.bg-success")
    progress = page.locator("#job-progress").inner_text()
    with page.expect_navigation():
        page.click("text=查看奖励候选")
    page.check(f"tr:has-text('{own_cadre.name}') input[name=candidates]")
    page.fill("#candidate-decision input[name=document_number]", "新委〔2026〕5号")
    with page.expect_navigation():
        page.click("text=批准勾选的候选")
    approved = page.locator(".alert").first.inner_text()

    award = Award.objects.get(cadre=own_cadre)
    page.goto(f"{live_server.url}/rewards/awards/{award.pk}/grant/")
    page.select_option("main select[name=budget]", str(budget.pk))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/rewards/grants/")
    page.check(f"tr:has-text('{own_cadre.name}') input[name=grants]")
    with page.expect_navigation():
        page.click("text=批准勾选的拟拨付")
    granted = page.locator(".alert").first.inner_text()
    screenshot(page, "3-rewards-approved")

    grant = Grant.objects.get()
    assert "100%" in progress
    assert "已批准 1 项奖励（新委〔2026〕5号）" in approved
    assert (award.kind, award.year, award.document_number) == (AwardKind.COMMENDATION, 2025, "新委〔2026〕5号")
    assert not Award.objects.filter(cadre=other_cadre).exists()
    assert "已批准 1 笔拨付" in granted
    assert (grant.cadre, grant.award, grant.status) == (own_cadre, award, "approved")
    assert reward_selectors.budget_balance(budget=budget) == Decimal("30000") - grant.amount


def test_a_rater_submits_scores_then_staff_recompute_and_confirm_the_grades(
    page, live_server, org_staff, annual_period, staff_office
):
    from assessments import services as assessment_services
    from assessments.choices import ItemKind
    from assessments.models import AnnualResult, Assessee, IndicatorItem, RaterAssignment

    period = assessment_services.period_transition(actor=org_staff, period=annual_period, action="open-scoring")
    # 科员0 … 科员7 get 90, 89, … 83 from every rater, the leaders 80; one task of 科员1's is left to the browser.
    scores = {cadre.pk: 90 - index for index, cadre in enumerate(staff_office["staff"])}
    scores[staff_office["chief"].pk] = scores[staff_office["deputy"].pk] = 80
    rater = staff_office["staff"][1]
    users = {rater.pk: UserFactory(username="rater", cadre=rater)}
    tasks = RaterAssignment.objects.filter(assessee__period=period).select_related("assessee", "rater")
    task = tasks.filter(rater=rater, assessee__cadre=staff_office["staff"][0]).exclude(group="self").get()
    for assignment in tasks.exclude(pk=task.pk):
        user = users.get(assignment.rater_id) or users.setdefault(
            assignment.rater_id, UserFactory(cadre=assignment.rater)
        )
        items = IndicatorItem.objects.filter(template_id=assignment.assessee.template_id, kind=ItemKind.RATED)
        assessment_services.rating_save(
            actor=user,
            assignment=assignment,
            scores={item.pk: scores[assignment.assessee.cadre_id] for item in items},
            submit=True,
        )
    for assessee in Assessee.objects.filter(period=period):
        item = IndicatorItem.objects.get(template_id=assessee.template_id, kind=ItemKind.QUANTITATIVE)
        assessment_services.quantitative_score_set(
            actor=org_staff, assessee=assessee, item=item, score=Decimal(scores[assessee.cadre_id])
        )
    page.on("dialog", lambda dialog: dialog.accept())  # 提交后不能修改，确定提交吗？

    log_in(page, live_server, "rater")
    page.goto(f"{live_server.url}/assessments/tasks/{task.pk}/")
    page.fill("main input[type=number]", "90")
    with page.expect_navigation():
        page.click("main button:has-text('提交')")
    submitted = page.locator(".alert").first.inner_text()
    screenshot(page, "2-rater-submitted")

    page.context.clear_cookies()
    log_in(page, live_server, "orgstaff")
    period_url = f"{live_server.url}/assessments/periods/{period.pk}/"
    page.goto(period_url)
    with page.expect_navigation():
        page.click("button:text-is('结束评分')")
    with page.expect_navigation():
        page.click("button:has-text('重新计算综合得分与拟定等次')")
    page.wait_for_selector("#job-progress .progress-bar.bg-success")
    progress = page.locator("#job-progress").inner_text()
    page.goto(period_url)
    for action in ("拟定等次", "提交考核委员会审议"):
        with page.expect_navigation():
            page.click(f"button:text-is('{action}')")
    page.fill("input[name=publicity_starts_on]", "2026-09-28")
    with page.expect_navigation():
        page.click("button:text-is('开始公示')")
    with page.expect_navigation():
        page.click("button:text-is('确定等次')")
    confirmed = page.locator(".alert").first.inner_text()
    screenshot(page, "2-grades-confirmed")

    results = dict(AnnualResult.objects.filter(year=2025).values_list("cadre__name", "grade"))
    assert "评分已提交" in submitted
    assert "100%" in progress
    assert "已确定" in confirmed
    assert len(results) == 10
    assert results["科员0"] == Grade.EXCELLENT
    assert results["局长甲"] == Grade.COMPETENT
