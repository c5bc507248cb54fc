"""Acceptance 3: the timeline, the cadre page, the lists and the API lists use a fixed number of queries,
the same with few records as with many; the batch selectors use two queries for any number of cadres."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.choices import PoliticalStatus
from careers import selectors
from careers.choices import AppointmentKind, ProbationOutcome, RecordKind
from tests.careers.factories import (
    AccountabilityRecordFactory,
    AppointmentFactory,
    FaultToleranceCaseFactory,
    RankChangeFactory,
)
from tests.factories import CadreFactory

D = datetime.date
DAY_OFFSETS = itertools.count()
KINDS = [RecordKind.DEMERIT, RecordKind.ADMONISHMENT, RecordKind.PARTY_WARNING, RecordKind.REMOVAL]


def add_history(cadre, count: int) -> None:
    """``count`` appointments, rank changes and accountability records (some with fault-tolerance cases)."""
    for index in range(count):
        AppointmentFactory(
            cadre=cadre,
            kind=AppointmentKind.PROMOTION,
            probation_end=D.today() + datetime.timedelta(days=10),
            probation_outcome=ProbationOutcome.PENDING,
        )
        RankChangeFactory(cadre=cadre)
        record = AccountabilityRecordFactory(
            cadre=cadre,
            kind=KINDS[index % len(KINDS)],
            decided_on=D(2024, 1, 1) + datetime.timedelta(days=next(DAY_OFFSETS)),
        )
        if index % 2:
            FaultToleranceCaseFactory(record=record)
    if not cadre.accountability_records.filter(kind=RecordKind.INVESTIGATION).exists():
        AccountabilityRecordFactory(cadre=cadre, kind=RecordKind.INVESTIGATION, decided_on=D(2024, 6, 1))


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def party_cadre(own_cadre):
    own_cadre.political_status = PoliticalStatus.PARTY_MEMBER
    own_cadre.save()
    return own_cadre


@pytest.mark.parametrize(("url_name", "expected"), [("careers:cadre_career", 7), ("cadres:cadre_detail", None)])
def test_career_timeline_query_count_does_not_grow(org_staff, as_user, party_cadre, url_name, expected):
    client = as_user(org_staff)
    url = reverse(url_name, args=[party_cadre.pk])
    add_history(party_cadre, 1)
    few = count_queries(client, url)
    add_history(party_cadre, 15)
    many = count_queries(client, url)
    assert few == many
    if expected is not None:
        assert many == expected


def test_my_record_with_the_career_section_query_count_does_not_grow(cadre_user, as_user, party_cadre):
    client = as_user(cadre_user)
    url = reverse("cadres:my_record")
    add_history(party_cadre, 1)
    few = count_queries(client, url)
    add_history(party_cadre, 15)
    assert count_queries(client, url) == few


def test_career_section_context_takes_four_queries(rf, org_staff, party_cadre, django_assert_num_queries):
    from careers.views import career_section_context

    add_history(party_cadre, 12)
    request = rf.get("/")
    request.user = org_staff
    with django_assert_num_queries(4):
        context = career_section_context(request, party_cadre)
    assert len(context["career"]["items"]) == 12 * 3 + 1


LISTS = [
    ("careers:measure_list", 5),
    ("careers:probation_list", 5),
    ("careers:investigation_list", 5),
    ("careers:unfit_case_list", 5),
    ("careers:fault_tolerance_list", 5),
]


@pytest.mark.parametrize(("url_name", "expected"), LISTS)
def test_list_query_count_does_not_grow(org_staff, as_user, county, url_name, expected):
    from careers.models import UnfitAdjustmentCase

    client = as_user(org_staff)
    url = reverse(url_name)

    def more(n):
        for _ in range(n):
            cadre = CadreFactory(unit=county["township"], political_status=PoliticalStatus.PARTY_MEMBER)
            add_history(cadre, 1)
            UnfitAdjustmentCase.objects.create(cadre=cadre, opened_on=D(2024, 1, 1), situations={"health": "x"})
            FaultToleranceCaseFactory(record=cadre.accountability_records.first())

    more(1)
    few = count_queries(client, url)
    more(12)
    assert count_queries(client, url) == few == expected


API_LISTS = [
    "/api/careers/appointments/",
    "/api/careers/rank-changes/",
    "/api/careers/records/",
    "/api/careers/unfit-cases/",
    "/api/careers/fault-tolerance-cases/",
]


@pytest.mark.parametrize("url", API_LISTS)
def test_api_list_query_count_does_not_grow(org_staff, as_user, county, url):
    from careers.models import UnfitAdjustmentCase

    client = as_user(org_staff)

    def more(n):
        for _ in range(n):
            cadre = CadreFactory(unit=county["township"], political_status=PoliticalStatus.PARTY_MEMBER)
            add_history(cadre, 1)
            UnfitAdjustmentCase.objects.create(cadre=cadre, opened_on=D(2024, 1, 1), situations={"health": "x"})
            FaultToleranceCaseFactory(record=cadre.accountability_records.first())

    more(1)
    few = count_queries(client, url)
    more(12)
    assert count_queries(client, url) == few == 4


def test_batch_selectors_take_two_queries_for_any_number_of_cadres(county, django_assert_num_queries):
    cadres = [CadreFactory(unit=county["township"]) for _ in range(5)]
    for cadre in cadres:
        AccountabilityRecordFactory(cadre=cadre, kind=RecordKind.DEMERIT)
    with django_assert_num_queries(2):
        result = selectors.bars_and_grade_caps_for_cadres(unit=county["root"], on_date=D(2024, 6, 1), year=2024)
    assert len(result) == 5
    with django_assert_num_queries(1):
        selectors.bars_for_cadres(cadre_ids=[cadre.pk for cadre in cadres], on_date=D(2024, 6, 1))
