"""The demo county (manage.py seed_demo) and its logins (manage.py demo_logins), read from one county seeded
once for the module."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import Role, User
from cadres import demo, rules
from cadres.choices import CadreStatus, Category, UnitKind
from cadres.models import Cadre, Unit
from cadres.selectors import cadre_list
from tests.cadres.test_seed_demo import SMALL_COUNTY, seed
from tests.seeding import module_demo_county


@pytest.fixture(autouse=True)
def no_extensions(settings):
    """The county alone, as in test_seed_demo.py (a test that reseeds seeds the county alone too)."""
    settings.DEMO_SEED_EXTENSIONS = []


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """One county for the tests that only read it or change it inside their own transaction: seeding is the
    slow part of this module (about 5 s a county on PostgreSQL), once instead of once per test."""
    with (
        override_settings(DEMO_SEED_EXTENSIONS=[]),
        module_demo_county(django_db_blocker, cadres=SMALL_COUNTY, seed=11),
    ):
        yield


@pytest.fixture
def seeded(seeded_once, db):
    """The module's county; each test's changes roll back with its own transaction."""


def test_seed_demo_builds_xinlong_county_with_19_townships_and_their_villages(seeded):
    root = Unit.objects.get(parent=None)
    townships = Unit.objects.filter(kind=UnitKind.TOWNSHIP)

    assert (root.name, root.code, root.kind) == ("新龙县", "513329", UnitKind.COUNTY)
    assert townships.count() == 19
    assert set(townships.values_list("is_township", flat=True)) == {True}
    assert townships.filter(name=demo.SEAT_TOWNSHIP).exists()
    for township in townships:
        villages = Unit.objects.filter(parent=township, kind__in=[UnitKind.VILLAGE, UnitKind.COMMUNITY]).count()
        assert 6 <= villages <= 9
    assert 200 <= Unit.objects.count() <= 400
    assert Unit.objects.filter(parent=root, kind=UnitKind.PARTY_ORGAN, name="县委组织部").exists()


def test_seed_demo_creates_the_requested_number_of_cadres_with_valid_id_numbers(seeded):
    cadres = list(Cadre.objects.values("id_number", "birth_date", "gender", "name", "name_pinyin"))

    assert len(cadres) == SMALL_COUNTY
    assert len({cadre["id_number"] for cadre in cadres}) == SMALL_COUNTY
    problems = [
        (c["id_number"], rules.id_number_problems(c["id_number"], birth_date=c["birth_date"], gender=c["gender"]))
        for c in cadres
    ]
    assert [p for p in problems if p[1]] == []
    assert all(cadre["name_pinyin"] for cadre in cadres)


def test_seed_demo_cadres_are_aged_22_to_59_and_village_cadres_have_no_rank(seeded):
    ages = {rules.age_on(birth, demo.REFERENCE_DATE) for birth in Cadre.objects.values_list("birth_date", flat=True)}
    village_ranks = set(Cadre.objects.filter(category=Category.VILLAGE).values_list("rank", flat=True))

    assert min(ages) >= 22
    assert max(ages) <= 59
    assert village_ranks == {None}


def test_seeded_dates_follow_each_other(seeded):
    cadres = list(Cadre.objects.values("birth_date", "work_start_date", "party_join_date", "rank_date", "post_date"))
    changes = Cadre.history.model.objects.filter(history_type="~").values_list("history_date", "work_start_date")

    assert [c for c in cadres if c["work_start_date"] <= c["birth_date"]] == []
    assert [c for c in cadres if c["party_join_date"] and c["party_join_date"] <= c["birth_date"]] == []
    assert [c for c in cadres if c["rank_date"] and c["rank_date"] < c["work_start_date"]] == []
    assert [c for c in cadres if c["post_date"] and c["post_date"] < c["work_start_date"]] == []
    assert [change for change in changes if change[0].date() <= change[1]] == []
    assert {c["work_start_date"] <= demo.REFERENCE_DATE for c in cadres} == {True}


def test_every_seeded_cadre_has_a_creation_history_row_and_some_have_a_later_change(seeded):
    history = Cadre.history.model.objects
    changes = history.filter(history_type="~")

    assert history.filter(history_type="+").count() == SMALL_COUNTY
    assert 10 <= changes.count() <= 60
    assert all(
        reason.startswith(("职级晋升：", "职务调整："))
        for reason in changes.values_list("history_change_reason", flat=True)
    )


def test_if_empty_leaves_an_existing_county_alone(seeded):
    before = list(Cadre.objects.order_by("id").values_list("id", "id_number"))

    output = seed(seed=99, if_empty=True)

    assert "未生成" in output
    assert list(Cadre.objects.order_by("id").values_list("id", "id_number")) == before


def test_seeding_again_without_replace_is_refused_and_changes_nothing(seeded):
    with pytest.raises(CommandError, match="已有 300 名干部"):
        seed(seed=99)

    assert Cadre.objects.count() == SMALL_COUNTY


def test_demo_logins_have_the_right_roles_and_password(seeded):
    users = {user.username: user for user in User.objects.filter(username__in=demo.DEMO_LOGINS)}

    assert {name: user.role for name, user in users.items()} == {
        "admin": Role.ADMIN,
        "orgstaff": Role.ORG_STAFF,
        "unithr": Role.UNIT_HR,
        "cadre": Role.CADRE,
    }
    assert users["admin"].is_superuser
    assert all(user.check_password(demo.DEMO_PASSWORD) for user in users.values())


def test_unit_hr_demo_login_sees_only_its_township_subtree(seeded):
    unithr = User.objects.get(username="unithr")
    township = Unit.objects.get(name=demo.SEAT_TOWNSHIP)
    in_township = Cadre.objects.filter(unit__path__startswith=township.path)

    visible = set(cadre_list(user=unithr).values_list("id", flat=True))

    assert list(unithr.managed_units.all()) == [township]
    assert visible == set(in_township.values_list("id", flat=True))
    assert 0 < len(visible) < SMALL_COUNTY


def test_cadre_demo_login_sees_only_its_own_record_in_the_township(seeded):
    cadre_user = User.objects.get(username="cadre")
    township = Unit.objects.get(name=demo.SEAT_TOWNSHIP)

    visible = list(cadre_list(user=cadre_user))

    assert visible == [cadre_user.cadre]
    assert cadre_user.cadre.unit.path.startswith(township.path)
    assert cadre_user.cadre.status == CadreStatus.ACTIVE


def test_org_staff_demo_login_sees_every_cadre(seeded):
    assert cadre_list(user=User.objects.get(username="orgstaff")).count() == SMALL_COUNTY


def test_reseeding_resets_a_changed_demo_password(seeded):
    user = User.objects.get(username="orgstaff")
    user.set_password("changed-password-1")
    user.save()

    seed(seed=11, replace=True)

    assert User.objects.get(username="orgstaff").check_password(demo.DEMO_PASSWORD)
    assert User.objects.filter(username__in=demo.DEMO_LOGINS).count() == 4


def test_demo_logins_command_prints_every_login_with_its_scope(seeded):
    out = io.StringIO()

    call_command("demo_logins", stdout=out)

    text = out.getvalue()
    assert "http://127.0.0.1:8000" in text
    for username in demo.DEMO_LOGINS:
        assert username in text
    assert text.count(demo.DEMO_PASSWORD) == 4
    assert f"{demo.SEAT_TOWNSHIP}及其下属单位" in text
