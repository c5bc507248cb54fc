"""One approved record of hours from elsewhere with its training credit, the way tests give a cadre hours."""

import datetime
from decimal import Decimal as D

from training.models import ExternalHours, TrainingCredit


def credit(cadre, earned_on: datetime.date, hours, days=0, online: bool = False) -> TrainingCredit:
    """Credit ``cadre`` with ``hours`` (and ``days``; online self-study has none) earned on ``earned_on``."""
    record = ExternalHours.objects.create(
        cadre=cadre,
        title="学习",
        provider="other",
        start_date=earned_on,
        end_date=earned_on,
        hours=D(hours),
        days=D(days),
        is_online=online,
        evidence="a.pdf",
        status="approved",
    )
    return TrainingCredit.objects.create(
        cadre=cadre,
        earned_on=earned_on,
        year=earned_on.year,
        hours=D(hours),
        days=D(days),
        online_hours=D(hours) if online else D(0),
        source="external",
        external=record,
    )
