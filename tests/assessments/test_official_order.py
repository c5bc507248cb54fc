"""Assessment lists of people in the roster's official order (issue 15.4), not by name pinyin or primary key:
the 考核结果汇总表 and its API, the suggestions (page and API), and the API's scores, regular grades and
self-summaries. An explicit ``?sort=`` or ``?ordering=`` still wins."""

import pytest

from assessments.choices import ItemKind, PeriodKind, RegularGrade, SuggestionKind, SuggestionStatus
from assessments.models import Assessee, IndicatorItem, QuantitativeScore, RegularAssessment, SelfSummary, Suggestion
from tests.assessments.factories import AnnualResultFactory, PeriodFactory
from tests.conftest import ROSTER_ORDER

pytestmark = pytest.mark.django_db

API = "/api/assessments"
PINYIN_ORDER = ["阿苦", "白玛", "次仁", "扎西"]  # also the order the fixture creates them in (primary keys)


def page_names(client, url, **query) -> list[str]:
    return [row.record.cadre.name for row in client.get(url, query).context["table"].page.object_list]


def api_names(client, url, **query) -> list[str]:
    return [row["cadre_name"] for row in client.get(url, query).json()["results"]]


@pytest.fixture
def results(roster_people):
    """Each person's result of 2024, and 阿苦's of 2023."""
    made = {name: AnnualResultFactory(cadre=cadre, year=2024) for name, cadre in roster_people.items()}
    AnnualResultFactory(cadre=roster_people["阿苦"], year=2023)
    return made


def test_the_results_table_gives_each_year_in_the_official_order(as_user, org_staff, results):
    client = as_user(org_staff)

    assert page_names(client, "/assessments/results/") == [*ROSTER_ORDER, "阿苦"]
    assert page_names(client, "/assessments/results/", sort="name") == ["阿苦", "阿苦", "白玛", "次仁", "扎西"]
    assert api_names(client, f"{API}/annual-results/") == [*ROSTER_ORDER, "阿苦"]
    # Asked by year: 2023 first, then the results of 2024 by the last tie-breaker, the primary key.
    assert api_names(client, f"{API}/annual-results/", ordering="year") == ["阿苦", *PINYIN_ORDER]


def test_the_suggestions_are_listed_in_the_official_order(as_user, org_staff, roster_people, results):
    for name in PINYIN_ORDER:
        Suggestion.objects.create(
            annual_result=results[name], cadre=roster_people[name], kind=SuggestionKind.COMMENDATION
        )
    Suggestion.objects.filter(cadre=roster_people["白玛"]).update(status=SuggestionStatus.DONE)
    client = as_user(org_staff)

    assert page_names(client, "/assessments/suggestions/") == ROSTER_ORDER
    # The API groups by status first (done, dismissed, open: as before), then the official order.
    assert api_names(client, f"{API}/suggestions/") == ["白玛", "次仁", "扎西", "阿苦"]


def test_the_api_lists_scores_grades_and_summaries_in_the_official_order(as_user, org_staff, roster_people, template):
    annual = PeriodFactory(kind=PeriodKind.ANNUAL, year=2025)
    regular = PeriodFactory(kind=PeriodKind.REGULAR, year=2025, quarter=2, name="2025年第二季度平时考核")
    item = IndicatorItem.objects.get(template=template, kind=ItemKind.QUANTITATIVE)
    for name in PINYIN_ORDER:
        cadre = roster_people[name]
        assessee = Assessee.objects.create(period=annual, cadre=cadre, home_unit=cadre.unit, template=template)
        QuantitativeScore.objects.create(assessee=assessee, item=item, score=90)
        RegularAssessment.objects.create(period=regular, cadre=cadre, grade=RegularGrade.GOOD)
        SelfSummary.objects.create(period=annual, cadre=cadre, text="述职")
    client = as_user(org_staff)

    assert api_names(client, f"{API}/scores/") == ROSTER_ORDER
    assert api_names(client, f"{API}/regular-assessments/") == ROSTER_ORDER
    assert api_names(client, f"{API}/self-summaries/") == ROSTER_ORDER
