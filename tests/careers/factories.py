"""Factories of the careers app (records written straight to the database, bypassing the services)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from careers.choices import RECORD_KIND_FAMILY, AppointmentKind, RankChangeKind, RecordKind
from careers.models import AccountabilityRecord, Appointment, FaultToleranceCase, RankChange
from tests.factories import CadreFactory


class AccountabilityRecordFactory(DjangoModelFactory):
    class Meta:
        model = AccountabilityRecord

    cadre = factory.SubFactory(CadreFactory)
    kind = RecordKind.DEMERIT
    family = factory.LazyAttribute(lambda o: RECORD_KIND_FAMILY[o.kind])
    decided_on = datetime.date(2024, 3, 15)
    issuing_body = "县纪委监委"
    document_number = factory.Sequence(lambda n: f"新纪发〔2024〕{n}号")
    reason = "违反工作纪律"
    internal_notes = "内部：举报人信息"


class AppointmentFactory(DjangoModelFactory):
    class Meta:
        model = Appointment

    cadre = factory.SubFactory(CadreFactory)
    kind = AppointmentKind.LATERAL_TRANSFER
    post_title = "副局长"
    unit = factory.LazyAttribute(lambda o: o.cadre.unit)
    effective_date = factory.Sequence(lambda n: datetime.date(2015, 1, 1) + datetime.timedelta(days=n))
    approving_body = "中共新龙县委"
    document_number = factory.Sequence(lambda n: f"新委〔2015〕{n}号")


class RankChangeFactory(DjangoModelFactory):
    class Meta:
        model = RankChange

    cadre = factory.SubFactory(CadreFactory)
    kind = RankChangeKind.CONVERSION
    from_rank = None
    to_rank = 3
    effective_date = factory.Sequence(lambda n: datetime.date(2010, 1, 1) + datetime.timedelta(days=n))
    reason = "职务职级并行套转"
    document_number = factory.Sequence(lambda n: f"新组〔2019〕{n}号")


class FaultToleranceCaseFactory(DjangoModelFactory):
    class Meta:
        model = FaultToleranceCase

    record = factory.SubFactory(AccountabilityRecordFactory)
    distinction = "exploratory_trial"
    opened_on = datetime.date(2024, 4, 1)
    facts = "先行先试"
