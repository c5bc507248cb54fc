"""Fixtures of the care tests: a building with flats in the township that ``unit_hr`` manages."""

import pytest
from django.db import connection

from tests.care.factories import BuildingFactory, FlatFactory


@pytest.fixture
def building(county):
    return BuildingFactory(name="如龙镇周转房1号楼", unit=county["township"])


@pytest.fixture
def flat(building):
    return FlatFactory(building=building, number="101")


@pytest.fixture
def organ_building(county):
    return BuildingFactory(name="县城周转房", unit=county["organ"])


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
