"""What a 组织部 clerk sees (issue 15), in a real browser, each ending with a screenshot artifact: the cadre
picker on the forms that take a cadre, and the actions of a cadre's page opening a form with the cadre in."""

import pytest
from django.utils import timezone

from cadres.imports import cadres_import
from cadres.models import Cadre, CorrectionRequest
from cadres.rules import mask_id_number
from care.models import LeaveRecord
from tests.browser.test_journeys import log_in, screenshot
from tests.cadres.test_imports import cadre_file, cadre_row
from tests.factories import CadreFactory
from tests.postings.factories import PostingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pick_cadre(page, text: str, choice: str) -> None:
    """Type into the cadre picker and choose the suggestion that contains ``choice``."""
    page.click("#id_cadre-ts-control")
    page.keyboard.type(text)
    page.locator(".ts-dropdown .option", has_text=choice).first.click()


@pytest.mark.parametrize(
    ("path", "name"),
    [("/postings/new/", "posting"), ("/care/leave/new/", "leave"), ("/care/housing/applications/new/", "housing")],
)
def test_the_picker_finds_a_cadre_by_pinyin_initials(page, live_server, org_staff, own_cadre, other_cadre, path, name):
    CadreFactory(name="张雪", unit=own_cadre.unit, post_title="副镇长")
    log_in(page, live_server, "orgstaff")
    page.goto(f"{live_server.url}{path}")
    page.click("#id_cadre-ts-control")
    page.keyboard.type("zx")
    page.wait_for_selector(".ts-dropdown .option")
    suggestions = page.locator(".ts-dropdown .option").all_inner_texts()
    screenshot(page, f"15-picker-{name}")
    page.locator(".ts-dropdown .option", has_text="扎西").first.click()

    assert [text.split("\n")[0].split(" 身份证尾号")[0] for text in suggestions] == [
        "张雪（如龙镇 · 副镇长）",  # zhangxue before zhaxi: pinyin order
        "扎西（如龙镇 · 科员）",
    ]
    assert page.eval_on_selector("#id_cadre", "select => select.value") == str(own_cadre.pk)
    assert page.locator("select#id_cadre option").count() <= 3  # the chosen ones, never the whole county


def test_a_cadre_page_action_opens_the_leave_form_with_the_cadre_filled_in_and_saves(
    page, live_server, org_staff, own_cadre
):
    log_in(page, live_server, "orgstaff")
    page.goto(f"{live_server.url}/cadres/{own_cadre.pk}/")
    screenshot(page, "15-cadre-page-actions")
    with page.expect_navigation():
        page.click("a[data-action=leave]")
    chosen = page.locator("#id_cadre-ts-control").locator("xpath=..").inner_text()
    page.select_option("#id_kind", index=1)
    page.fill("#id_start_date", "2026-12-01")
    page.fill("#id_end_date", "2026-12-03")
    page.fill("#id_days", "3")
    screenshot(page, "15-leave-form-prefilled")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    screenshot(page, "15-leave-saved")

    assert "扎西（如龙镇 · 科员）" in chosen
    assert list(LeaveRecord.objects.values_list("cadre_id", flat=True)) == [own_cadre.pk]


def test_the_worklist_shows_a_posting_ending_today_with_no_beat_and_counts_it_in_the_menu(
    page, live_server, org_staff, own_cadre
):
    PostingFactory(cadre=own_cadre, planned_end=timezone.localdate())
    log_in(page, live_server, "orgstaff")  # logging in lands on the worklist
    page.wait_for_selector("#worklist-badge")
    screenshot(page, "15-worklist")

    assert page.url == f"{live_server.url}/worklist/"
    card = page.locator(".worklist-item[data-key=posting_ended]")
    assert "扎西 · 一线锻炼 · 到期" in card.inner_text()
    assert page.locator("#worklist-badge").inner_text() == "1"


def test_the_import_preview_shows_an_updated_cadre_old_to_new_before_anything_is_written(
    page, live_server, org_staff, own_cadre, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    row = cadre_row(1, unit_code=own_cadre.unit.code)
    cadres_import(actor=org_staff, file_obj=cadre_file([row]), dry_run=False)
    path = tmp_path / "干部.xlsx"
    path.write_bytes(cadre_file([{**row, "籍贯": "四川甘孜"}, cadre_row(2, unit_code=own_cadre.unit.code)]).getvalue())
    log_in(page, live_server, "orgstaff")
    page.goto(f"{live_server.url}/cadres/import/")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    screenshot(page, "15-import-preview")

    update = page.locator("#import-updates tbody tr").first.inner_text().split("\t")
    assert [text.strip() for text in update] == [
        "第2行",
        f"测试1（{mask_id_number(row['身份证号'])}）",
        "籍贯",
        "四川新龙",
        "四川甘孜",
    ]
    assert "测试2" in page.locator("#import-creations").inner_text()
    assert Cadre.objects.get(id_number=row["身份证号"]).native_place == "四川新龙"
    with page.expect_navigation():
        page.click("#import-apply")
    assert Cadre.objects.get(id_number=row["身份证号"]).native_place == "四川甘孜"


def test_a_cadre_asks_for_a_correction_from_my_record_and_staff_accept_it_from_the_worklist(
    page, live_server, org_staff, cadre_user, own_cadre
):
    log_in(page, live_server, "cadre")
    page.goto(f"{live_server.url}/cadres/me/")
    with page.expect_navigation():
        page.click("#ask-correction")
    page.select_option("#id_item", "native_place")
    page.fill("#id_requested_value", "四川甘孜")
    page.fill("#id_reason", "见干部履历表。")
    screenshot(page, "15-correction-ask")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    screenshot(page, "15-correction-mine")
    page.context.clear_cookies()

    log_in(page, live_server, "orgstaff")  # lands on the worklist
    screenshot(page, "15-correction-worklist")
    with page.expect_navigation():
        page.locator(".worklist-item[data-key=correction_pending] a", has_text="扎西").first.click()
    page.check("input[name=decision][value=accept]")
    # Each choice reads on one line beside its button (the labels once wrapped one character per line).
    for label in page.locator("label.form-check-label").all():
        assert label.bounding_box()["height"] < 30
    page.fill("#id_reply", "已核实。")
    screenshot(page, "15-correction-handle")
    with page.expect_navigation():
        page.click("main button[type=submit]")

    assert page.url == f"{live_server.url}/cadres/{own_cadre.pk}/"
    assert list(CorrectionRequest.objects.values_list("item", "status", "reply")) == [
        ("native_place", "accepted", "已核实。")
    ]


def test_an_area_page_shows_its_subnav_with_the_current_page_marked_and_cadre_names_as_links(
    page, live_server, org_staff, own_cadre
):
    LeaveRecord.objects.create(
        cadre=own_cadre, kind="annual", start_date=timezone.localdate(), end_date=timezone.localdate(), days=1
    )
    PostingFactory(cadre=own_cadre)
    page.set_viewport_size({"width": 900, "height": 800})  # a narrow office window: pills and buttons wrap whole
    log_in(page, live_server, "orgstaff")
    page.goto(f"{live_server.url}/care/leave/")
    screenshot(page, "15-subnav-care")

    assert page.locator(".kit-subnav .nav-link.active").all_inner_texts() == ["请休假"]
    assert [text.strip() for text in page.locator(".app-navbar .nav-link.active").all_inner_texts()] == ["关心关爱"]
    heights = {
        round(box["height"]) for box in (link.bounding_box() for link in page.locator(".kit-subnav .nav-link").all())
    }
    assert len(heights) == 1  # every pill on one line
    page.goto(f"{live_server.url}/postings/")
    screenshot(page, "15-subnav-postings")

    assert page.locator(".kit-subnav .nav-link.active").all_inner_texts() == ["实践锻炼名单"]
    button_heights = [page.locator(".kit-heading .btn").nth(i).bounding_box()["height"] for i in range(2)]
    assert max(button_heights) < 40  # a button's label never wraps
    page.get_by_role("link", name="扎西").first.click()
    page.wait_for_load_state("networkidle")

    assert page.url == f"{live_server.url}/cadres/{own_cadre.pk}/"
