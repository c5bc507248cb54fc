"""Factories of the rewards app. Awards and candidates are written straight to the database; budgets go through
the service so that their ledger starts with the allocation, as it always does."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from rewards import rules
from rewards.choices import AwardBasisKind, AwardKind
from rewards.models import Award, AwardCandidate, Fund
from tests.factories import CadreFactory


class FundFactory(DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ("name",)

    name = "人才发展专项基金"


class AwardFactory(DjangoModelFactory):
    class Meta:
        model = Award

    cadre = factory.SubFactory(CadreFactory)
    kind = AwardKind.COMMENDATION
    year = 2024
    basis_kind = AwardBasisKind.ASSESSMENT
    basis_years = factory.LazyAttribute(lambda o: [o.year])
    basis_text = ""
    basis = factory.LazyAttribute(
        lambda o: rules.award_basis_key(basis_kind=o.basis_kind, years=o.basis_years, text=o.basis_text)
    )
    approving_body = "中共新龙县委"
    document_number = factory.Sequence(lambda n: f"新委〔2025〕{n}号")
    awarded_on = datetime.date(2025, 3, 1)
    bonus = Decimal("1500.00")


class CandidateFactory(DjangoModelFactory):
    class Meta:
        model = AwardCandidate

    cadre = factory.SubFactory(CadreFactory)
    kind = AwardKind.COMMENDATION
    year = 2024
    basis_kind = AwardBasisKind.ASSESSMENT
    basis_years = factory.LazyAttribute(
        lambda o: [o.year] if o.kind == AwardKind.COMMENDATION else [o.year - 2, o.year - 1, o.year]
    )
    basis = factory.LazyAttribute(lambda o: rules.award_basis_key(basis_kind=o.basis_kind, years=o.basis_years))
    reasons = factory.LazyAttribute(lambda o: [f"{o.year} 年度考核优秀，给予嘉奖（公务员考核规定第19条）"])
    computed_on = datetime.date(2025, 2, 1)
