"""The yearly summary (年度统计表) behind the county and unit dashboards: every figure of ``dashboard.figures``
for a reader's scope, a year and a unit, computed set-based (one aggregate per figure, one grouped query per
breakdown) and cached.

The cache is invalidated when the data behind it changes: its key carries the data version, the newest
history row of every model the figures read (every change to those records writes one, in the same
transaction) and the newest row of the few that keep no history. Reading the version is one query of index
look-ups; a change anywhere makes a new key, and the old entries simply expire.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model

from accounts import policy
from accounts.policy import Scope
from cadres.models import Unit
from dashboard.figures import FIGURES, SECTIONS, Figure, breakdown

# The models the figures read. With history: the newest history row's id; without: the newest row's id.
VERSION_MODELS = (
    "cadres.Cadre",
    "cadres.Unit",
    "training.Course",
    "training.CourseSession",
    "training.Enrolment",
    "training.TrainingCredit",
    "postings.Posting",
    "careers.Appointment",
    "careers.AccountabilityRecord",
    "careers.UnfitAdjustmentCase",
    "assessments.AnnualResult",
    "assessments.QuotaPool",
    "rewards.Award",
    "rewards.Grant",
    "rewards.RankPromotionEligibility",
    "care.Flat",
    "care.PayRecord",
    "postings.VillageProfile",
    "care.InspectionItem",
)


def _version_column(model: type[Model]) -> tuple[str, str]:
    history = getattr(model, "history", None)
    if history is not None and hasattr(history, "model"):
        return history.model._meta.db_table, "history_id"
    return model._meta.db_table, model._meta.pk.column


def data_version() -> str:
    """A digest of the newest row id of every source table and its history (one query of index look-ups).

    For tables without history the row count is added too, and the newest ``updated_at`` where there is one
    (indexed): a deletion and a change in place (the eligibility engine upserts its rows: same id, same
    count) change the version as well.
    """
    parts = []
    quote = connection.ops.quote_name
    for label in VERSION_MODELS:
        model = apps.get_model(label)
        table, column = _version_column(model)
        parts.append(f"(SELECT MAX({quote(column)}) FROM {quote(table)})")
        if column != "history_id":
            parts.append(f"(SELECT COUNT(*) FROM {quote(table)})")
            if any(field.name == "updated_at" for field in model._meta.fields):
                parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {quote(table)})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


@dataclass
class FigureValue:
    figure: Figure
    value: int | Decimal
    breakdown: list[tuple[str, str, int | Decimal]]


@dataclass
class Summary:
    year: int
    unit: Unit | None
    sections: list[tuple[str, str, list[FigureValue]]]  # (key, title, figures)

    def value(self, key: str) -> int | Decimal:
        return next(item.value for _k, _t, items in self.sections for item in items if item.figure.key == key)

    def values(self) -> dict[str, int | Decimal]:
        return {item.figure.key: item.value for _k, _t, items in self.sections for item in items}


def _scope_key(scope: Scope) -> str:
    if scope.everything:
        return "all"
    return f"m{scope.manager_id or 0}c{scope.cadre_id or 0}"


def yearly_summary(*, user, year: int, unit: Unit | None = None) -> Summary:
    """Every figure for ``user``'s scope (org staff: the county; unit HR: their units), the year and the unit.

    Cached under the data version (``data_version``): the same request after any change to the records is
    computed afresh. ``unit`` must be one the user may see (the caller checks it).
    """
    scope = policy.scope(user)
    key = f"dashboard:summary:{data_version()}:{_scope_key(scope)}:{year}:{unit.pk if unit else 0}"
    cached = cache.get(key)
    if cached is None:
        cached = _compute(scope, year, unit)
        cache.set(key, cached, settings.DASHBOARD_CACHE_SECONDS)
    return Summary(
        year=year,
        unit=unit,
        sections=[
            (section, str(SECTIONS[section]), [FigureValue(FIGURE_BY_KEY[k], v, b) for k, v, b in rows])
            for section, rows in cached
        ],
    )


FIGURE_BY_KEY = {figure.key: figure for figure in FIGURES}


def _compute(scope: Scope, year: int, unit: Unit | None) -> list[tuple[str, list[tuple]]]:
    """Plain values (picklable): [(section, [(figure key, total, breakdown)])], in the registry's order."""
    by_section: dict[str, list[tuple]] = {section: [] for section in SECTIONS}
    for figure in FIGURES:
        records = figure.records(scope, year, unit)
        by_section[figure.section].append((figure.key, figure.total(records), breakdown(figure, records)))
    return [(section, rows) for section, rows in by_section.items() if rows]
