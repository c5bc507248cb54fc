"""年度考核结果: one per cadre and year in the database, the batch selector the rewards engine reads, the
historic-result service (idempotent on cadre and year) and its API with the permission matrix."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from assessments import selectors, services
from assessments.choices import Grade, PeriodKind, ResultSource, UngradedReason
from assessments.models import AnnualResult
from assessments.rules import AnnualResultFacts
from tests.api import error_messages
from tests.assessments.factories import AnnualResultFactory, PeriodFactory

D = datetime.date
URL = "/api/assessments/annual-results/"


# ---------------------------------------------------------------- the database's guards


def test_a_second_result_for_the_same_cadre_and_year_is_refused_by_the_database(own_cadre):
    AnnualResultFactory(cadre=own_cadre, year=2023)

    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualResultFactory(cadre=own_cadre, year=2023, grade=Grade.EXCELLENT)

    assert AnnualResult.objects.filter(cadre=own_cadre).count() == 1


@pytest.mark.parametrize(
    ("grade", "reason"),
    [(Grade.UNGRADED, ""), (Grade.COMPETENT, UngradedReason.PROBATION)],
    ids=["ungraded-without-reason", "reason-without-ungraded"],
)
def test_the_ungraded_reason_goes_with_the_ungraded_grade_only(own_cadre, grade, reason):
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualResultFactory(cadre=own_cadre, grade=grade, ungraded_reason=reason)


def test_an_assessed_result_needs_its_period_and_an_imported_one_has_none(own_cadre):
    period = PeriodFactory(year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualResultFactory(cadre=own_cadre, year=2025, source=ResultSource.ASSESSED, period=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualResultFactory(cadre=own_cadre, year=2025, source=ResultSource.IMPORTED, period=period)


# ---------------------------------------------------------------- the batch selector (rewards reads it)


def test_annual_results_for_gives_results_in_force_on_the_date_by_cadre_and_year(own_cadre, other_cadre):
    period = PeriodFactory(year=2025)
    AnnualResultFactory(cadre=own_cadre, year=2023, grade=Grade.EXCELLENT, confirmed_on=D(2024, 1, 20))
    AnnualResultFactory(
        cadre=own_cadre,
        year=2024,
        grade=Grade.UNGRADED,
        ungraded_reason=UngradedReason.PROBATION,
        confirmed_on=D(2025, 1, 15),
    )
    AnnualResultFactory(
        cadre=own_cadre,
        year=2025,
        grade=Grade.EXCELLENT,
        source=ResultSource.ASSESSED,
        period=period,
        confirmed_on=D(2026, 1, 10),
    )
    AnnualResultFactory(cadre=other_cadre, year=2023, grade=Grade.BASICALLY_COMPETENT)

    with CaptureQueriesContext(connection) as queries:
        answer = selectors.annual_results_for(cadre_ids=[own_cadre.pk, other_cadre.pk], on=D(2026, 1, 9))

    assert len(queries) == 1
    assert answer == {
        own_cadre.pk: {
            2023: AnnualResultFacts(own_cadre.pk, 2023, "excellent", "", D(2024, 1, 20), "imported"),
            2024: AnnualResultFacts(own_cadre.pk, 2024, "ungraded", "probation", D(2025, 1, 15), "imported"),
        },
        other_cadre.pk: {
            2023: AnnualResultFacts(other_cadre.pk, 2023, "basically_competent", "", D(2024, 1, 20), "imported")
        },
    }
    # counted from its confirmation day: on 2026-01-10 the assessed 2025 result is in force
    later = selectors.annual_results_for(cadre_ids=[own_cadre.pk], on=D(2026, 1, 10))
    assert later[own_cadre.pk][2025] == AnnualResultFacts(
        own_cadre.pk, 2025, "excellent", "", D(2026, 1, 10), "assessed"
    )


def test_annual_results_for_leaves_out_cadres_without_results(own_cadre, other_cadre):
    AnnualResultFactory(cadre=own_cadre, year=2023)

    assert set(selectors.annual_results_for(cadre_ids=[own_cadre.pk, other_cadre.pk], on=D(2030, 1, 1))) == {
        own_cadre.pk
    }


# ---------------------------------------------------------------- the historic-result service


def record(actor, cadre, **overrides):
    data = {"year": 2022, "grade": Grade.EXCELLENT, "confirmed_on": D(2023, 1, 18)} | overrides
    return services.annual_result_record(actor=actor, cadre=cadre, **data)


def test_a_historic_result_is_recorded_as_imported_with_its_history(org_staff, own_cadre):
    result, created = record(org_staff, own_cadre, comment="2022年度考核登记表")

    assert created is True
    assert (result.source, result.period, result.grade, result.confirmed_on) == (
        "imported",
        None,
        "excellent",
        D(2023, 1, 18),
    )
    history = result.history.get()
    assert (history.history_type, history.history_change_reason) == ("+", "录入历史考核结果")


def test_entering_the_same_cadre_and_year_again_updates_the_one_result(org_staff, own_cadre):
    first, _ = record(org_staff, own_cadre, grade=Grade.EXCELLENT)

    second, created = record(org_staff, own_cadre, grade=Grade.COMPETENT, confirmed_on=D(2023, 2, 1))

    assert created is False
    assert second.pk == first.pk
    assert list(AnnualResult.objects.filter(cadre=own_cadre).values_list("grade", "confirmed_on")) == [
        ("competent", D(2023, 2, 1))
    ]
    assert first.history.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"grade": Grade.UNGRADED}, "ungraded_reason", "不定等次须注明原因。"),
        ({"ungraded_reason": UngradedReason.LONG_LEAVE}, "ungraded_reason", "只有不定等次才填写不定等次原因。"),
        ({"grade": "great"}, "grade", "请选择等次。"),
        ({"confirmed_on": D(2099, 1, 1)}, "confirmed_on", "确定日期不能晚于今天。"),
        ({"confirmed_on": None}, "confirmed_on", "请填写确定日期。"),
        ({"confirmed_on": D(2021, 12, 1)}, "confirmed_on", "确定日期不能早于考核年度（2022年）。"),
        ({"year": 1989}, "year", None),
        ({"year": 2001}, "year", "考核年度早于该干部参加工作时间（2003-07-01）。"),
    ],
)
def test_a_bad_historic_result_is_refused_with_a_field_message_and_nothing_written(
    org_staff, own_cadre, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        record(org_staff, own_cadre, **overrides)

    assert field in refused.value.message_dict
    if message:
        assert refused.value.message_dict[field] == [message]
    assert not AnnualResult.objects.exists()


def test_a_year_the_system_assesses_itself_is_refused(org_staff, own_cadre):
    PeriodFactory(kind=PeriodKind.ANNUAL, year=2022)

    with pytest.raises(ValidationError) as refused:
        record(org_staff, own_cadre)

    assert refused.value.message_dict["year"] == [
        "2022年度已在系统中开展年度考核，结果由考核周期确定，不能录入历史结果。"
    ]


def test_an_assessed_result_is_never_overwritten_by_a_historic_one(org_staff, own_cadre):
    # (an assessed result always has its annual period, which refuses first; this is the second guard)
    period = PeriodFactory(kind=PeriodKind.SPECIAL, year=2022, name="专项")
    AnnualResultFactory(cadre=own_cadre, year=2022, source=ResultSource.ASSESSED, period=period)

    with pytest.raises(ValidationError) as refused:
        record(org_staff, own_cadre, grade=Grade.INCOMPETENT)

    assert refused.value.message_dict["year"] == ["该干部2022年度的结果已由考核周期确定，不能覆盖。"]
    assert AnnualResult.objects.get(cadre=own_cadre).grade == "competent"


@pytest.mark.parametrize("who", ["cadre_user", "unit_hr_outside"])
def test_a_historic_result_outside_the_writers_scope_is_refused(request, who, outside_cadre, own_cadre):
    actor = request.getfixturevalue("cadre_user" if who == "cadre_user" else "unit_hr")
    cadre = own_cadre if who == "cadre_user" else outside_cadre

    with pytest.raises(PermissionDenied):
        record(actor, cadre)

    assert not AnnualResult.objects.exists()


# ---------------------------------------------------------------- the API


@pytest.fixture
def results(own_cadre, other_cadre, outside_cadre):
    return {cadre.pk: AnnualResultFactory(cadre=cadre, year=2023) for cadre in (own_cadre, other_cadre, outside_cadre)}


def cadre_ids(payload) -> set[int]:
    return {row["cadre"] for row in payload["results"]}


def test_anonymous_is_refused(results, as_user):
    assert as_user(None).get(URL).status_code == 401


def test_the_list_follows_each_roles_scope(
    results, as_user, cadre_user, unit_hr, org_staff, admin_user, own_cadre, other_cadre
):
    assert cadre_ids(as_user(cadre_user).get(URL).json()) == {own_cadre.pk}
    assert cadre_ids(as_user(unit_hr).get(URL).json()) == {own_cadre.pk, other_cadre.pk}
    assert cadre_ids(as_user(org_staff).get(URL).json()) == set(results)
    assert cadre_ids(as_user(admin_user).get(URL).json()) == set(results)


def test_the_list_filters_by_cadre(results, as_user, org_staff, other_cadre):
    payload = as_user(org_staff).get(URL, {"cadre": other_cadre.pk}).json()

    assert payload["count"] == 1
    row = payload["results"][0]
    assert {key: row[key] for key in ("cadre", "year", "grade", "grade_display", "source", "confirmed_on")} == {
        "cadre": other_cadre.pk,
        "year": 2023,
        "grade": "competent",
        "grade_display": "称职",
        "source": "imported",
        "confirmed_on": "2024-01-20",
    }


def test_the_detail_is_404_outside_the_scope(results, as_user, cadre_user, unit_hr, own_cadre, outside_cadre):
    assert as_user(cadre_user).get(f"{URL}{results[own_cadre.pk].pk}/").status_code == 200
    assert as_user(cadre_user).get(f"{URL}{results[outside_cadre.pk].pk}/").status_code == 404
    assert as_user(unit_hr).get(f"{URL}{results[outside_cadre.pk].pk}/").status_code == 404


def test_posting_a_historic_result_creates_it_then_updates_it(as_user, org_staff, own_cadre):
    client = as_user(org_staff)
    body = {"cadre": own_cadre.pk, "year": 2021, "grade": "excellent", "confirmed_on": "2022-01-25"}

    created = client.post(URL, body, content_type="application/json")
    updated = client.post(
        URL,
        body | {"grade": "ungraded", "ungraded_reason": "probation", "source": "imported"},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert created.json()["source"] == "imported"
    assert updated.status_code == 200
    assert updated.json()["id"] == created.json()["id"]
    assert list(AnnualResult.objects.values_list("grade", "ungraded_reason")) == [("ungraded", "probation")]
    assert AnnualResult.objects.get().history.first().history_user == org_staff


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source": "assessed"}, "source"),
        ({"grade": "ungraded"}, "ungraded_reason"),
        ({"confirmed_on": "2099-01-01"}, "confirmed_on"),
        ({"year": "abc"}, "year"),
    ],
)
def test_bad_input_is_a_400_with_field_errors_and_nothing_written(as_user, org_staff, own_cadre, change, field):
    body = {"cadre": own_cadre.pk, "year": 2021, "grade": "excellent", "confirmed_on": "2022-01-25"} | change

    response = as_user(org_staff).post(URL, body, content_type="application/json")

    assert response.status_code == 400
    assert field in error_messages(response)
    assert not AnnualResult.objects.exists()


def test_an_out_of_scope_cadre_and_a_missing_cadre_get_the_same_answer(as_user, unit_hr, outside_cadre):
    client = as_user(unit_hr)
    body = {"year": 2021, "grade": "excellent", "confirmed_on": "2022-01-25"}

    outside = client.post(URL, body | {"cadre": outside_cadre.pk}, content_type="application/json")
    missing = client.post(URL, body | {"cadre": 999999}, content_type="application/json")

    assert outside.status_code == missing.status_code == 400
    assert error_messages(outside).keys() == error_messages(missing).keys() == {"cadre"}
    assert not AnnualResult.objects.exists()


def test_a_cadre_may_not_post_results(as_user, cadre_user, own_cadre):
    body = {"cadre": own_cadre.pk, "year": 2021, "grade": "excellent", "confirmed_on": "2022-01-25"}

    assert as_user(cadre_user).post(URL, body, content_type="application/json").status_code == 403
    assert not AnnualResult.objects.exists()


def test_the_api_list_query_count_does_not_grow_with_rows(as_user, org_staff, county):
    from tests.factories import CadreFactory

    client = as_user(org_staff)
    AnnualResultFactory(cadre=CadreFactory(unit=county["organ"]))
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for _ in range(20):
        AnnualResultFactory(cadre=CadreFactory(unit=county["organ"]))
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200

    assert len(few.captured_queries) == len(many.captured_queries)
