"""Fixtures of the postings tests: a fixed today, villages with profiles, and a PostgreSQL-only marker."""

import datetime

import pytest
from django.db import connection

from postings.choices import PostingKind
from tests.factories import VillageFactory
from tests.postings.factories import VillageProfileFactory

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def today(monkeypatch):
    """Pin ``timezone.localdate()`` to 2026-11-24 (a Tuesday)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def village2(county):
    village = VillageFactory(name="雄龙西村", parent=county["township"])
    VillageProfileFactory(unit=village, is_poverty=True, is_weak_lax=True)
    return village


@pytest.fixture
def first_secretary_data(county, outside_cadre):
    """Service data for a serving first secretary from the county organ in 如龙村."""
    return {
        "cadre": outside_cadre,
        "kind": PostingKind.FIRST_SECRETARY,
        "host_unit": county["village"],
        "purpose": "抓党建促乡村振兴",
        "planned_start": datetime.date(2026, 3, 1),
        "planned_end": datetime.date(2028, 2, 29),
    }


@pytest.fixture
def skip_unless_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
