"""Pure rules of assessment (domain-rules §1–§3): plain data in, decisions out. No ORM, no I/O.

Every number that domain-rules marks S or L is read from ``django.conf.settings`` at call time
(config/settings/rules.py, "§2 assessment"), so the organization department can change it and tests can
override it.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class AnnualResultFacts:
    """A confirmed annual result as the rules of other apps read it (rewards §4–§5).

    ``ungraded_reason`` is "" unless ``grade`` is ``ungraded``; ``source`` is ``assessed`` or ``imported``.
    """

    cadre_id: int
    year: int
    grade: str
    ungraded_reason: str
    confirmed_on: date
    source: str
