"""Stored script never runs (issue 14.1): names that are HTML with an event handler are shown as text on every
page and in every chart tooltip, the Content-Security-Policy reports no violation (so no page of ours needs
inline script), and nothing is fetched from another origin."""

import datetime

import pytest

from assessments.choices import Grade
from postings.choices import PostingKind
from rewards import services as reward_services
from rewards.choices import GrantBasisKind
from tests.assessments.factories import AnnualResultFactory
from tests.browser.test_journeys import log_in, screenshot
from tests.care.factories import BuildingFactory, FlatFactory, InspectionItemFactory
from tests.factories import CadreFactory, UnitFactory
from tests.postings.factories import ExternalHostFactory, PostingFactory
from tests.rewards.factories import FundFactory
from tests.training.factories import CourseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = '<img src=x onerror="document.title=1337">'

# Records every CSP violation the page reports (an inline script or handler refused, an outside fetch).
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def scripted_county(county, own_cadre, org_staff):
    """A unit, a cadre, a course, a posting (sent and received), a building, an inspection item and a fund,
    each named with ``SCRIPT``; the fund paid the cadre in 2025, so a dashboard chart shows its name."""
    unit = UnitFactory(name=SCRIPT, parent=county["root"])
    cadre = CadreFactory(name=SCRIPT, post_title=SCRIPT, native_place=SCRIPT, unit=unit)
    AnnualResultFactory(cadre=cadre, year=2025, grade=Grade.EXCELLENT)
    course = CourseFactory(title=SCRIPT, organizer=SCRIPT, location=SCRIPT)
    sent = PostingFactory(
        cadre=cadre,
        kind=PostingKind.TEMPORARY_POST,
        host_unit=None,
        external_host=ExternalHostFactory(name=SCRIPT, region=SCRIPT),
        purpose=SCRIPT,
        planned_start=datetime.date(2026, 1, 1),
    )
    received = PostingFactory(cadre=own_cadre, host_unit=unit, purpose=SCRIPT, planned_start=datetime.date(2026, 2, 1))
    building = BuildingFactory(name=SCRIPT, unit=county["township"], address=SCRIPT)
    FlatFactory(building=building)
    item = InspectionItemFactory(title=SCRIPT, issuing_body=SCRIPT)
    budget = reward_services.budget_create(actor=org_staff, fund=FundFactory(name=SCRIPT), year=2025, amount="9000")
    grant = reward_services.grant_propose(
        actor=org_staff, budget=budget, cadre=cadre, amount="1000", basis_kind=GrantBasisKind.REASON, reason=SCRIPT
    )
    reward_services.grant_approve(actor=org_staff, grant=grant)
    return {"unit": unit, "cadre": cadre, "course": course, "sent": sent, "received": received, "item": item}


def hover_over(page, selector: str) -> str:
    """Move the mouse over a grid of points of the chart; return the text of every tooltip shown."""
    box = page.locator(selector).bounding_box()
    shown = []
    for fy in (0.25, 0.45, 0.65):
        for fx in (0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            shown.append(page.locator(selector).inner_text())
    return "\n".join(shown)


def test_script_in_every_stored_name_never_runs_on_any_page_or_chart_tooltip(
    page, live_server, org_staff, scripted_county
):
    records = scripted_county
    requested, dialogs, refused = [], [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.add_init_script(WATCH_VIOLATIONS)
    log_in(page, live_server, "orgstaff")
    pages = [
        "/cadres/",
        f"/cadres/{records['cadre'].pk}/",
        "/cadres/units/",
        f"/cadres/units/{records['unit'].pk}/",
        "/training/",
        f"/training/courses/{records['course'].pk}/",
        "/training/statistics/",
        "/postings/",
        f"/postings/{records['sent'].pk}/",
        f"/postings/{records['received'].pk}/",
        "/postings/statistics/",
        "/postings/timeline/",
        "/care/housing/",
        "/care/housing/flats/",
        "/care/inspections/",
        f"/care/inspections/{records['item'].pk}/",
        "/dashboard/?year=2025",
        "/dashboard/audit/",
        "/rewards/grants/",
        "/rewards/funds/",
        "/api/docs/",
    ]
    charts = {
        f"/postings/units/{records['unit'].pk}/timeline/": ["#gantt"],
        f"/postings/units/{records['cadre'].unit.pk}/timeline/": ["#gantt"],
        "/postings/statistics/": ["#chart-kind", "#chart-year"],
        "/training/statistics/": ["#training-chart"],
        "/care/housing/": ["#occupancy-chart"],
        "/care/inspections/": ["#inspection-chart"],
        "/dashboard/?year=2025": ["[data-chart]"],
    }
    injected, titles, violations, statuses, tooltips = {}, {}, {}, {}, {}
    for path in dict.fromkeys([*pages, *charts]):
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        statuses[path] = response.status
        for selector in charts.get(path, []):
            for index in range(page.locator(selector).count()):
                one = f"{selector} >> nth={index}" if selector.startswith("[") else selector
                tooltips[f"{path} {one}"] = hover_over(page, one)
        injected[path] = page.locator("img[src=x]").count()
        titles[path] = page.title()
        violations[path] = page.evaluate("window.__cspViolations")
    page.goto(f"{live_server.url}/dashboard/?year=2025")
    axis_labels = page.locator("[data-chart] svg text").all_text_contents()
    screenshot(page, "14-1-stored-script-dashboard")
    page.goto(f"{live_server.url}/postings/units/{records['unit'].pk}/timeline/")
    hover_over(page, "#gantt")
    screenshot(page, "14-1-stored-script-timeline")

    assert statuses == dict.fromkeys(statuses, 200)
    assert injected == dict.fromkeys(injected, 0)
    # the page titles carry the name as text; a handler that ran would have replaced the whole title
    assert [path for path, title in titles.items() if title == "1337"] == []
    assert violations == {path: [] for path in violations}
    assert (dialogs, refused) == ([], [])
    assert [url for url in requested if not url.startswith(live_server.url)] == []
    # the name reached the tooltips as the text typed, not as an element
    assert SCRIPT in tooltips[f"/postings/units/{records['unit'].pk}/timeline/ #gantt"]
    assert SCRIPT in tooltips[f"/postings/units/{records['cadre'].unit.pk}/timeline/ #gantt"]
    assert SCRIPT in tooltips["/care/housing/ #occupancy-chart"]
    assert any(SCRIPT in text for key, text in tooltips.items() if key.startswith("/dashboard/"))
    # axis labels are SVG text: the name as typed, not HTML-escaped twice
    assert SCRIPT in axis_labels


def test_an_unescaped_name_would_still_not_run_under_the_content_security_policy(page, live_server, org_staff):
    """The policy is the second wall: markup forced into a page by script cannot run its handler."""
    log_in(page, live_server, "orgstaff")
    page.goto(f"{live_server.url}/cadres/")

    with page.expect_console_message(lambda message: "Content Security Policy" in message.text) as refused:
        page.evaluate("name => { document.querySelector('main').insertAdjacentHTML('beforeend', name); }", SCRIPT)

    assert "script-src" in refused.value.text
    assert page.title() != "1337"


def test_the_admin_pages_of_a_scripted_cadre_run_under_the_policy(page, live_server, admin_user, scripted_county):
    page.add_init_script(WATCH_VIOLATIONS)
    log_in(page, live_server, "admin")
    found = {}
    for path in (
        "/admin/",
        "/admin/cadres/cadre/",
        f"/admin/cadres/cadre/{scripted_county['cadre'].pk}/change/",
        f"/admin/cadres/cadre/{scripted_county['cadre'].pk}/history/",
        f"/admin/cadres/unit/{scripted_county['unit'].pk}/change/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        found[path] = (response.status, page.locator("img[src=x]").count(), page.evaluate("window.__cspViolations"))

    assert found == dict.fromkeys(found, (200, 0, []))
