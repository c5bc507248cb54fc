"""The compliance report's SQL (training.selectors.compliance_status_sql) and the pure §6 rule
(training.rules.assess_compliance) agree, cadre by cadre, on generated histories (architecture rule 2).

Each example is one unit of a few cadres with random levels and ranks (both rules), promotions and other
changes of post and rank (the grace and the make-up), and credits with hours, days and online hours around
the periods asked (the annual year, the rolling window, the days after a promotion year); the date asked
is random, often near a year's end, a leap day or a month's end (the 12 months of the grace), and the grace
is sometimes another number of months. The pure rule reads the same history as plain values.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection, transaction
from django.db.models import DateField, Value
from django.db.models.sql import Query
from hypothesis import HealthCheck, example, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from cadres.models import Cadre
from careers.choices import AppointmentKind, RankChangeKind
from core.periods import add_months
from tests.careers.factories import AppointmentFactory, RankChangeFactory
from tests.factories import CadreFactory, UnitFactory
from tests.training.credits import credit
from training import rules, selectors

DAY = datetime.date
START = DAY(2019, 1, 1)


def days_after_start(maximum):
    return st.integers(min_value=0, max_value=maximum).map(lambda n: START + datetime.timedelta(days=n))


def on_dates():
    """Dates to ask on: any, the last days of a year or month, leap days."""
    ends = st.builds(DAY, st.integers(2021, 2025), st.sampled_from([12]), st.sampled_from([30, 31]))
    month_ends = st.builds(
        lambda y, m: add_months(DAY(y, m, 1), 1) - datetime.timedelta(days=1),
        st.integers(2022, 2026),
        st.integers(1, 12),
    )
    leap = st.sampled_from([DAY(2024, 2, 29), DAY(2024, 2, 28), DAY(2025, 2, 28), DAY(2025, 3, 1)])
    return st.one_of(days_after_start(8 * 365), ends, month_ends, leap)


changes = st.lists(
    st.tuples(
        st.sampled_from(["appointment", "rank"]),
        st.sampled_from(["promotion", "promotion", "other"]),
        st.one_of(days_after_start(8 * 365), st.sampled_from([DAY(2024, 2, 29), DAY(2024, 1, 31), DAY(2023, 12, 31)])),
    ),
    max_size=3,
)
ledger = st.lists(
    st.tuples(
        days_after_start(8 * 365),
        st.sampled_from([D("0.5"), D("6"), D("12.5"), D("40"), D("90"), D("120"), D("200")]),
        st.sampled_from([D("0"), D("0"), D("2"), D("12"), D("30")]),
        st.booleans(),
    ).map(lambda row: (row[0], row[1], D(0) if row[3] else row[2], row[3])),  # online study has no days (§6)
    max_size=8,
)
people = st.lists(
    st.fixed_dictionaries(
        {
            "level": st.sampled_from([None, None, 1, 2, 3, 4]),
            "rank": st.sampled_from([None, 1, 3, 5, 6, 7, 8]),
            "changes": changes,
            "credits": ledger,
        }
    ),
    min_size=1,
    max_size=5,
)


def distinct_changes(person) -> list[tuple]:
    """The generated career changes that are recorded: the first of a kind of record on a day (a cadre has one
    appointment and one rank change a day), as the test writes them and as the pure rule must read them."""
    recorded, seen = [], set()
    for record, kind, day in person["changes"]:
        if (record, day) not in seen:
            seen.add((record, day))
            recorded.append((record, kind, day))
    return recorded


def pure_result(person, cadre_id, on, thresholds) -> rules.ComplianceResult:
    """§6 by the pure rule over the generated values (the totals summed here, not by a query)."""
    promotions = [day for _record, kind, day in distinct_changes(person) if kind == "promotion" and day <= on]
    promoted = max(promotions, default=None)
    periods = rules.assessment_periods(on, thresholds=thresholds)
    earliest = min(periods.window_start, DAY(periods.annual_year, 1, 1))
    earned = [(day, hours, days, online) for day, hours, days, online in person["credits"] if earliest <= day <= on]
    late = [(day, hours, days) for day, hours, days, _online in person["credits"] if day <= on]
    window = rules.grace_makeup_window(promotion_date=promoted, on_date=on, thresholds=thresholds)
    in_window = [(h, d) for day, h, d in late if window and window[0] <= day <= window[1]]
    counts = window is not None and promoted.year == periods.annual_year

    def total(values):
        return sum(values, D(0))

    totals = rules.CreditTotals(
        annual_hours=total(h for day, h, _d, _o in earned if day.year == periods.annual_year),
        annual_days=total(d for day, _h, d, _o in earned if day.year == periods.annual_year),
        annual_online_hours=total(h for day, h, _d, o in earned if o and day.year == periods.annual_year),
        window_hours=total(h for day, h, _d, _o in earned if day >= periods.window_start),
        window_days=total(d for day, _h, d, _o in earned if day >= periods.window_start),
        current_year_hours=total(h for day, h, _d, _o in earned if day.year == on.year),
        current_year_days=total(d for day, _h, d, _o in earned if day.year == on.year),
        grace_hours=total(h for h, _d in in_window) if counts else D(0),
        grace_days=total(d for _h, d in in_window) if counts else D(0),
    )
    return rules.assess_compliance(
        cadre_id=cadre_id,
        leadership_level=person["level"],
        rank=person["rank"],
        promotion_date=promoted,
        totals=totals,
        on_date=on,
        thresholds=thresholds,
    )


def status_rows(cadres, on, online="") -> dict[int, tuple]:
    sql, params = selectors.compliance_status_sql(cadres=cadres, on_date=on, online=online)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, required, earned, required_days, earned_days, compliant, in_grace, shortfall, online_met"
            f" FROM ({sql}) AS status",
            params,
        )
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def as_decimal(value) -> D:
    return D(str(round(value, 4))) if isinstance(value, float) else D(value)


# Found by Hypothesis: a rank conversion and a rank promotion on the same day; only the first is recorded, and
# the pure rule had counted the promotion it never saw (a fault of the test's own bookkeeping, not of §6).
SAME_DAY_CHANGES = [
    {"level": None, "rank": None, "changes": [], "credits": []},
    {
        "level": None,
        "rank": None,
        "changes": [("rank", "other", datetime.date(2024, 2, 29)), ("rank", "promotion", datetime.date(2024, 2, 29))],
        "credits": [],
    },
]


@pytest.mark.django_db
@examples(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit=people, on=on_dates(), grace_months=st.sampled_from([12, 12, 12, 1, 6, 13]))
@example(unit=SAME_DAY_CHANGES, on=datetime.date(2024, 2, 29), grace_months=12)
def test_the_report_sql_and_the_pure_rule_agree(settings, unit, on, grace_months):
    settings.TRAINING_PROMOTION_GRACE_MONTHS = grace_months
    thresholds = rules.thresholds_from_settings()
    with transaction.atomic():
        home = UnitFactory()
        made = []
        for person in unit:
            cadre = CadreFactory(unit=home, leadership_level=person["level"], rank=person["rank"])
            for record, kind, day in distinct_changes(person):
                if record == "appointment":
                    kind = AppointmentKind.PROMOTION if kind == "promotion" else AppointmentKind.LATERAL_TRANSFER
                    AppointmentFactory(cadre=cadre, kind=kind, effective_date=day)
                else:
                    kind = RankChangeKind.PROMOTION if kind == "promotion" else RankChangeKind.CONVERSION
                    RankChangeFactory(cadre=cadre, kind=kind, effective_date=day)
            for day, hours, days, online in person["credits"]:
                credit(cadre, day, hours, days, online)
            made.append(cadre)
        cadres = Cadre.objects.filter(unit=home)

        found = status_rows(cadres, on)

        expected = {}
        for person, cadre in zip(unit, made, strict=True):
            result = pure_result(person, cadre.pk, on, thresholds)
            assert selectors.compliance_for_cadre(cadre=cadre, on_date=on) == result
            expected[cadre.pk] = (
                result.required,
                result.earned,
                result.required_days,
                result.earned_days,
                int(result.compliant),
                int(result.in_grace),
                D(0) if result.compliant else result.shortfall,
                int(result.online_met),
            )
        assert {pk: tuple(as_decimal(v) for v in row) for pk, row in found.items()} == expected
        met = {pk for pk, row in expected.items() if row[7]}
        assert set(status_rows(cadres, on, online=selectors.ONLINE_MET)) == met
        assert set(status_rows(cadres, on, online=selectors.ONLINE_NOT_MET)) == set(expected) - met
        transaction.set_rollback(True)


@pytest.mark.django_db
@examples(max_examples=40)
@given(day=st.dates(DAY(2019, 1, 1), DAY(2027, 12, 31)), months=st.sampled_from([1, 2, 6, 11, 12, 13, 24]))
def test_add_months_in_sql_is_core_periods_add_months(day, months):
    """Both databases: the month's last day when the day does not exist (31 Jan + 1, 29 Feb + 12)."""
    query = Query(Cadre)
    later = selectors.AddMonths(Value(day, output_field=DateField()), months).resolve_expression(query)
    sql, params = query.get_compiler(connection=connection).compile(later)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        (value,) = cursor.fetchone()
    if isinstance(value, str):
        value = DAY.fromisoformat(value)
    assert value == add_months(day, months)
