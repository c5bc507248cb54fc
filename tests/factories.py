"""factory_boy factories for every model the tests need. Each app adds its own below its heading."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User
from cadres import rules
from cadres.choices import Category, Gender, LeadershipLevel, Rank, UnitKind
from cadres.models import Cadre, Unit


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.GOVERNMENT_ORGAN
    headcount = 20


class TownshipFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"测试乡{n}")
    kind = UnitKind.TOWNSHIP
    is_township = True


class VillageFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"测试村{n}")
    kind = UnitKind.VILLAGE


class CadreFactory(DjangoModelFactory):
    class Meta:
        model = Cadre

    name = factory.Iterator(["扎西", "卓玛", "王建国", "阿苦日布", "次仁拉姆", "李明"])
    gender = Gender.MALE
    birth_date = factory.Sequence(lambda n: datetime.date(1980, 1, 1) + datetime.timedelta(days=n * 37 % 7000))
    id_number = factory.LazyAttributeSequence(
        lambda o, n: rules.id_number_compose(region="513329", birth_date=o.birth_date, sequence=n, gender=o.gender)
    )
    category = Category.CIVIL_SERVANT
    unit = factory.SubFactory(UnitFactory)
    post_title = "科员"
    rank = Rank.PRINCIPAL_STAFF_4
    rank_date = datetime.date(2020, 1, 1)
    leadership_level = None
    work_start_date = datetime.date(2003, 7, 1)


class LeaderFactory(CadreFactory):
    post_title = "局长"
    leadership_level = LeadershipLevel.TOWNSHIP_CHIEF
    rank = Rank.PRINCIPAL_STAFF_1


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.CADRE
    password = factory.PostGenerationMethodCall("set_password", "demo12345")

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.managed_units.set(extracted)
        if create:
            self.save()
