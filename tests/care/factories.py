"""Factories of the care app's models."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from care.choices import InspectionFrequency, LeaveKind
from care.models import Building, Flat, HealthCheck, HousingApplication, InspectionItem, LeaveRecord, PayRecord, Tenancy
from tests.factories import CadreFactory, TownshipFactory


class BuildingFactory(DjangoModelFactory):
    class Meta:
        model = Building

    name = factory.Sequence(lambda n: f"周转房{n}号楼")
    unit = factory.SubFactory(TownshipFactory)
    address = "新龙县如龙镇"


class FlatFactory(DjangoModelFactory):
    class Meta:
        model = Flat

    building = factory.SubFactory(BuildingFactory)
    number = factory.Sequence(lambda n: f"{101 + n}")
    area = Decimal("45.50")
    rooms = 1


class HousingApplicationFactory(DjangoModelFactory):
    class Meta:
        model = HousingApplication

    cadre = factory.SubFactory(CadreFactory)
    applied_on = datetime.date(2024, 3, 1)


class TenancyFactory(DjangoModelFactory):
    class Meta:
        model = Tenancy

    flat = factory.SubFactory(FlatFactory)
    cadre = factory.SubFactory(CadreFactory)
    start_date = datetime.date(2024, 1, 1)


class HealthCheckFactory(DjangoModelFactory):
    class Meta:
        model = HealthCheck

    cadre = factory.SubFactory(CadreFactory)
    year = 2024
    check_date = datetime.date(2024, 5, 10)
    provider = "新龙县人民医院"
    done = True


class LeaveRecordFactory(DjangoModelFactory):
    class Meta:
        model = LeaveRecord

    cadre = factory.SubFactory(CadreFactory)
    kind = LeaveKind.ANNUAL
    start_date = datetime.date(2024, 4, 1)
    end_date = datetime.date(2024, 4, 3)
    days = 3


class PayRecordFactory(DjangoModelFactory):
    class Meta:
        model = PayRecord

    cadre = factory.SubFactory(CadreFactory)
    month = datetime.date(2024, 5, 1)
    unit = factory.LazyAttribute(lambda o: o.cadre.unit)
    rank = factory.LazyAttribute(lambda o: o.cadre.rank)
    base_pay = Decimal("5000.00")
    township_allowance = Decimal("0.00")


class InspectionItemFactory(DjangoModelFactory):
    class Meta:
        model = InspectionItem

    title = factory.Sequence(lambda n: f"专项督查事项{n}")
    issuing_body = "县委督查室"
    frequency = InspectionFrequency.QUARTERLY
    year = 2020
