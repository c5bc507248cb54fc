import datetime
from decimal import Decimal

import pytest

from rewards import services
from tests.rewards.factories import FundFactory


@pytest.fixture
def fund(db):
    return FundFactory(name="人才发展专项基金")


@pytest.fixture
def budget(fund, org_staff):
    """人才发展专项基金 2025: 30,000 元."""
    return services.budget_create(actor=org_staff, fund=fund, year=2025, amount=Decimal("30000"))


@pytest.fixture
def today():
    return datetime.date.today()
