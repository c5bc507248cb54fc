"""Factories of the assessment app (rows written straight to the database, bypassing the services)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from assessments.choices import Grade, PeriodKind, ResultSource
from assessments.models import AnnualResult, Period
from tests.factories import CadreFactory


class PeriodFactory(DjangoModelFactory):
    class Meta:
        model = Period

    kind = PeriodKind.ANNUAL
    year = 2025
    name = factory.LazyAttribute(lambda o: f"{o.year}年度考核")


class AnnualResultFactory(DjangoModelFactory):
    class Meta:
        model = AnnualResult

    cadre = factory.SubFactory(CadreFactory)
    year = 2023
    grade = Grade.COMPETENT
    confirmed_on = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 1, 20))
    source = ResultSource.IMPORTED
