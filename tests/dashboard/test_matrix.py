"""Every page of the dashboard app, for every kind of visitor (who may come in, and a cadre out of scope is a
404), and the query count of every page, which must not grow when the records behind it double."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard.choices import AuditRule
from dashboard.figures import FIGURES
from dashboard.models import AuditFinding
from dashboard.summary import yearly_summary
from tests.dashboard.test_dashboard import records_of_2025
from tests.factories import CadreFactory, VillageFactory

ROLES = ("anonymous", "cadre", "unit_hr", "org_staff", "admin")


@pytest.fixture
def people(admin_user, org_staff, unit_hr, cadre_user):
    return {"anonymous": None, "cadre": cadre_user, "unit_hr": unit_hr, "org_staff": org_staff, "admin": admin_user}


# The GET pages, with the status each visitor gets: anonymous is sent to the login page, a cadre is refused,
# unit HR and org staff come in; "outside" is the organ's cadre, outside unit HR's units.
STAFF_PAGE = {"anonymous": 302, "cadre": 403, "unit_hr": 200, "org_staff": 200, "admin": 200}
PAGES = {
    "dashboard": ("/dashboard/?year=2025", STAFF_PAGE),
    "figure list": ("/dashboard/figures/reminder_talks/?year=2025", STAFF_PAGE),
    "figure list of a breakdown group": (
        "/dashboard/figures/first_secretaries/?year=2025&group=is_poverty",
        STAFF_PAGE,
    ),
    "unknown figure": (
        "/dashboard/figures/nothing/?year=2025",
        {**STAFF_PAGE, "unit_hr": 404, "org_staff": 404, "admin": 404},
    ),
    "yearly summary export": ("/dashboard/export/?year=2025", STAFF_PAGE),
    "retirement warnings": ("/dashboard/retirement/", STAFF_PAGE),
    "retirement overdue": ("/dashboard/retirement/?window=reached", STAFF_PAGE),
    "record audit": ("/dashboard/audit/", STAFF_PAGE),
    "appointment form": ("/dashboard/appointment-form/{own}/", STAFF_PAGE),
    "appointment form as Word": ("/dashboard/appointment-form/{own}/?format=docx", STAFF_PAGE),
    "appointment form out of scope": (
        "/dashboard/appointment-form/{outside}/",
        {**STAFF_PAGE, "unit_hr": 404},
    ),
    "appointment form batch": ("/dashboard/appointment-forms/", STAFF_PAGE),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_lets_in_exactly_its_visitors(as_user, people, own_cadre, outside_cadre, name, role):
    path, expected = PAGES[name]
    response = as_user(people[role]).get(path.format(own=own_cadre.pk, outside=outside_cadre.pk))

    assert response.status_code == expected[role]
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("cadre", 403), ("unit_hr", 403), ("org_staff", 302)]
)
def test_only_org_staff_start_the_record_audit(as_user, people, county, role, expected):
    response = as_user(people[role]).post("/dashboard/audit/run/")

    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def test_the_record_audit_cannot_be_started_by_a_get(as_user, org_staff):
    assert as_user(org_staff).get("/dashboard/audit/run/").status_code == 405


# ---------------------------------------------------------------- query counts


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(context.captured_queries)


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.key)
def test_each_figure_doubles_and_its_list_takes_the_same_queries(
    as_user, org_staff, county, own_cadre, other_cadre, outside_cadre, figure
):
    client = as_user(org_staff)
    records_of_2025(county, own_cadre, other_cadre, outside_cadre, village=county["village"])
    path = f"/dashboard/figures/{figure.key}/?year=2025"
    once = yearly_summary(user=org_staff, year=2025).value(figure.key)
    few = count_queries(client, path)
    records_of_2025(
        county,
        CadreFactory(unit=county["township"]),
        CadreFactory(unit=county["village"]),
        CadreFactory(unit=county["organ"]),
        village=VillageFactory(parent=county["township"]),
    )
    twice = yearly_summary(user=org_staff, year=2025).value(figure.key)

    assert (twice, count_queries(client, path)) == (2 * once, few)


def _findings_and_retirements(county, cadres):
    for cadre in cadres:
        AuditFinding.objects.create(
            cadre=cadre, rule=AuditRule.PARTY_JOIN_UNDER_18, message="入党时未满18周岁", found_on=date(2026, 11, 30)
        )
        CadreFactory(unit=cadre.unit, gender="M", birth_date=date(1966, 4, 10))  # past the age, still serving


@pytest.mark.parametrize("role", ["org_staff", "unit_hr"])
@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/?year=2025",
        "/dashboard/export/?year=2025",
        "/dashboard/retirement/?window=reached",
        "/dashboard/audit/",
        "/dashboard/appointment-forms/",
    ],
)
def test_every_page_takes_the_same_queries_for_twice_the_records(
    as_user, people, county, own_cadre, other_cadre, outside_cadre, role, path
):
    client = as_user(people[role])
    records_of_2025(county, own_cadre, other_cadre, outside_cadre, village=county["village"])
    _findings_and_retirements(county, [own_cadre, other_cadre, outside_cadre])
    few = count_queries(client, path)
    more = [CadreFactory(unit=county["township"]), CadreFactory(unit=county["village"])]
    more.append(CadreFactory(unit=county["organ"]))
    records_of_2025(county, *more, village=VillageFactory(parent=county["township"]))
    _findings_and_retirements(county, more)

    assert count_queries(client, path) == few
