"""The demo county (manage.py seed_demo): seeding, reseeding and refusing, each on an empty database. The tests that
read one seeded county are in test_seed_demo_county.py."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from cadres.choices import UnitKind
from cadres.models import Cadre, Unit

SMALL_COUNTY = 300
extension_calls: list[dict] = []


def record_extension(*, rng, cadres_count, stdout):
    """A demo-seed extension used by the registry test."""
    extension_calls.append({"draw": rng.random(), "cadres_count": cadres_count, "cadres_in_db": Cadre.objects.count()})
    stdout.write("extension ran")


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", cadres=SMALL_COUNTY, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(autouse=True)
def no_extensions(settings):
    """The county alone; the other areas' demo data is covered by the test that keeps their extensions."""
    settings.DEMO_SEED_EXTENSIONS = []


def test_the_same_seed_gives_the_same_cadres_on_a_second_run(db):
    seed(seed=5)
    first = list(Cadre.objects.order_by("id_number").values_list("id_number", "name", "unit__code", "rank"))

    seed(seed=5, replace=True)
    second = list(Cadre.objects.order_by("id_number").values_list("id_number", "name", "unit__code", "rank"))

    assert len(first) == SMALL_COUNTY
    assert first == second


def test_another_seed_gives_other_cadres(db):
    seed(seed=5)
    first = set(Cadre.objects.values_list("id_number", flat=True))

    seed(seed=6, replace=True)
    second = set(Cadre.objects.values_list("id_number", flat=True))

    assert first != second


def test_demo_logins_command_without_a_county_says_how_to_make_one(db):
    out = io.StringIO()

    call_command("demo_logins", stdout=out)

    assert "seed_demo" in out.getvalue()


def test_registered_extensions_run_after_the_cadres_exist(db):
    extension_calls.clear()
    with override_settings(DEMO_SEED_EXTENSIONS=["tests.cadres.test_seed_demo.record_extension"]):
        seed(seed=3)
        first_draw = extension_calls[0]["draw"]
        seed(seed=3, replace=True)

    assert [call["cadres_count"] for call in extension_calls] == [SMALL_COUNTY, SMALL_COUNTY]
    assert [call["cadres_in_db"] for call in extension_calls] == [SMALL_COUNTY, SMALL_COUNTY]
    assert extension_calls[1]["draw"] == first_draw


def test_the_registered_extensions_of_every_area_seed_and_replace_cleanly(db, settings):
    from config.settings import base

    settings.DEMO_SEED_EXTENSIONS = base.DEMO_SEED_EXTENSIONS
    seed(seed=2)
    first = sorted(Cadre.objects.values_list("id_number", flat=True))

    seed(seed=2, replace=True)

    assert sorted(Cadre.objects.values_list("id_number", flat=True)) == first
    assert Unit.objects.filter(kind=UnitKind.TOWNSHIP).count() == 19


def test_seed_demo_refuses_a_county_without_cadres(db):
    with pytest.raises(CommandError, match="至少为1"):
        call_command("seed_demo", cadres=0, stdout=io.StringIO())

    assert Unit.objects.count() == 0
