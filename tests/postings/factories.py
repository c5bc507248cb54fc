"""Factories of the postings tests."""

import datetime

import factory
from factory.django import DjangoModelFactory

from postings.choices import PostingKind, PostingStatus
from postings.models import ExternalHost, Posting, PostingMonthlyPresence, VillageProfile
from tests.factories import CadreFactory, UnitFactory, VillageFactory


class VillageProfileFactory(DjangoModelFactory):
    class Meta:
        model = VillageProfile

    unit = factory.SubFactory(VillageFactory)


class ExternalHostFactory(DjangoModelFactory):
    class Meta:
        model = ExternalHost

    name = factory.Sequence(lambda n: f"佛山市协作单位{n}")
    region = "广东省佛山市"


class PostingFactory(DjangoModelFactory):
    """A serving front-line posting by default; pass kind/host/status to change it."""

    class Meta:
        model = Posting

    cadre = factory.SubFactory(CadreFactory)
    kind = PostingKind.FRONT_LINE
    front_line = factory.LazyAttribute(lambda o: "rural_grassroots" if o.kind == PostingKind.FRONT_LINE else "")
    exchange_direction = factory.LazyAttribute(lambda o: "county_to_township" if o.kind == PostingKind.EXCHANGE else "")
    home_unit = factory.LazyAttribute(lambda o: o.cadre.unit)
    host_unit = factory.SubFactory(UnitFactory)
    purpose = "驻村帮扶"
    planned_start = datetime.date(2026, 1, 1)
    planned_end = datetime.date(2027, 12, 31)
    status = PostingStatus.SERVING


class PresenceFactory(DjangoModelFactory):
    class Meta:
        model = PostingMonthlyPresence

    posting = factory.SubFactory(PostingFactory)
    month = datetime.date(2026, 10, 1)
    days = 20
