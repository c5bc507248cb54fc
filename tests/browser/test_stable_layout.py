"""A control never moves under the clerk's pointer: the 报名 button beside the cadre picker of a course page stays
where it is while a cadre is chosen and the picker's drop-down closes, however long the chosen cadre's label."""

import pytest

from tests.browser.test_journeys import log_in, screenshot
from tests.factories import CadreFactory
from tests.training.factories import CourseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 1100])
def test_the_enrol_button_stays_put_while_a_long_named_cadre_is_chosen_and_the_picker_closes(
    page, live_server, org_staff, county, width
):
    CadreFactory(name="白玛拉姆", unit=county["township"], post_title="县委巡察工作领导小组办公室副主任兼党支部书记")
    course = CourseFactory(title="基层治理专题培训班")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "orgstaff")
    page.goto(f"{live_server.url}/training/courses/{course.pk}/")
    button = page.locator("form[action$='/enrol/'] button")
    before = button.bounding_box()

    page.click("#id_cadre-ts-control")
    page.keyboard.type("bmlm")
    page.wait_for_selector(".ts-dropdown .option")
    while_open = button.bounding_box()
    page.locator(".ts-dropdown .option", has_text="白玛拉姆").first.click()
    chosen = button.bounding_box()
    page.click("h1")  # the drop-down closes
    page.wait_for_selector(".ts-dropdown", state="hidden")
    closed = button.bounding_box()
    screenshot(page, f"picker-enrol-button-{width}")

    assert page.eval_on_selector("#id_cadre", "select => select.value") != ""
    assert [(box["x"], box["y"]) for box in (while_open, chosen, closed)] == [(before["x"], before["y"])] * 3
