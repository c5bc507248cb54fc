"""What a person sees in a real browser: Chinese pages, local assets only, search, a background export's
progress bar, and a cadre kept to his or her own record."""

import re

import pytest
from django.test import override_settings

from tests.factories import CadreFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo12345")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_staff_search_by_pinyin_initials_in_chinese_with_nothing_fetched_from_outside(
    page, live_server, org_staff, own_cadre, outside_cadre
):
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    log_in(page, live_server, "orgstaff")  # staff land on the worklist; the roster is one click away
    page.goto(f"{live_server.url}/cadres/")
    page.fill("input[name=q]", "zx")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")

    assert page.title().startswith("干部名册")
    assert re.search(r"[?&]q=zx", page.url)
    names = page.locator("table tbody tr td:nth-child(2)").all_inner_texts()  # after 序号
    assert [name.strip() for name in names] == ["扎西"]
    assert [url for url in requested if not url.startswith(live_server.url)] == []


@override_settings(LIST_EXPORT_INLINE_MAX_ROWS=1)
def test_a_large_roster_export_shows_a_progress_bar_that_ends_with_a_download(
    page, live_server, org_staff, own_cadre, other_cadre, outside_cadre
):
    log_in(page, live_server, "orgstaff")

    page.goto(f"{live_server.url}/cadres/export/?status=")
    page.wait_for_selector("text=下载结果", timeout=15000)

    assert page.locator(".progress-bar").inner_text() == "100%"
    with page.expect_download() as download:
        page.click("text=下载结果")
    assert download.value.suggested_filename.endswith(".xlsx")


def test_a_cadre_sees_own_record_and_a_404_for_anyone_else(page, live_server, cadre_user, own_cadre, county):
    stranger = CadreFactory(name="卓玛", unit=county["organ"])
    log_in(page, live_server, "cadre")

    page.goto(f"{live_server.url}/cadres/me/")
    own_page = page.locator("main").inner_text()
    response = page.goto(f"{live_server.url}/cadres/{stranger.pk}/")

    assert "扎西" in own_page
    assert response.status == 404
    assert "卓玛" not in page.content()
