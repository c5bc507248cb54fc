"""Every read of postings. Each takes ``user=`` and returns a scoped, pre-joined queryset.

Scope: org staff and admins see every posting; unit HR see the postings of the cadres of their units and
the postings hosted by their units; a cadre sees his or her own postings only.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.shortcuts import get_object_or_404

from accounts import policy
from accounts.models import User
from cadres.models import Cadre, Unit
from cadres.selectors import official_order
from postings import rules
from postings.choices import FrontLine, PostingKind, PostingStatus, VillageCategory
from postings.models import Posting, PostingExtension, PostingReminder
from postings.services import VILLAGE_KINDS, LowPresenceRow, live_postings, low_presence_rows


def posting_scope(user: User) -> Q:
    """Whoever sees the cadre, and the HR of the host unit (policy)."""
    return policy.scope(user).q_for(Posting)


def posting_list(*, user: User) -> QuerySet[Posting]:
    """The postings the user may see, with cadre, units and external host joined."""
    return (
        Posting.objects.filter(posting_scope(user))
        .select_related("cadre", "cadre__unit", "home_unit", "host_unit", "external_host")
        .annotate(end=Coalesce("actual_end", "planned_end"))
    )


def posting_get(*, user: User, pk: int) -> Posting:
    """One posting, or 404 when it does not exist or is out of the user's scope."""
    return get_object_or_404(posting_list(user=user), pk=pk)


def posting_detail_get(*, user: User, pk: int) -> Posting:
    """One posting with its extensions, monthly days on site and reminders (one query each)."""
    queryset = posting_list(user=user).prefetch_related(
        Prefetch("extensions", queryset=PostingExtension.objects.order_by("created_at", "id")),
        "presences",
    )
    return get_object_or_404(queryset, pk=pk)


def cadre_postings(*, cadre: Cadre) -> list[Posting]:
    """A cadre's postings for the cadre page (the cadre is already scoped), one query."""
    return list(
        Posting.objects.filter(cadre=cadre)
        .select_related("home_unit", "host_unit", "external_host")
        .annotate(end=Coalesce("actual_end", "planned_end"))
        .order_by("-planned_start", "-id")
    )


def took_place(posting: Posting) -> bool:
    """Whether a posting happened: started, and not recalled before it started."""
    return posting.status != PostingStatus.PLANNED and not (
        posting.status == PostingStatus.RECALLED and not posting.actual_end
    )


def grassroots_experience_of(*, postings: list[Posting], on: datetime.date) -> rules.GrassrootsExperience:
    """基层工作经历 on ``on`` from an already fetched list of one cadre's postings (domain-rules §7)."""
    facts = [
        (p.kind, p.front_line or p.exchange_direction, p.planned_start, p.actual_end or p.planned_end)
        for p in postings
        if took_place(p)
    ]
    return rules.grassroots_experience(
        postings=facts,
        counted_keys=settings.POSTINGS_GRASSROOTS_KEYS,
        on=on,
        days_per_month=settings.POSTINGS_GRASSROOTS_LEFTOVER_DAYS_PER_MONTH,
    )


def cadre_grassroots_experience(*, cadre: Cadre, on: datetime.date) -> rules.GrassrootsExperience:
    """A cadre's 基层工作经历 on ``on`` (one query); the cadre is already scoped by the caller."""
    return grassroots_experience_of(postings=list(Posting.objects.filter(cadre=cadre)), on=on)


# ---------------------------------------------------------------- who assesses (§2, art. 26)


def assessing_units_for_cadres(
    *, year: int, cadre_ids: Iterable[int] | None = None, unit: Unit | None = None
) -> dict[int, rules.AssessingUnit]:
    """The unit that assesses each cadre's ``year``, and why: ``{cadre id: rules.AssessingUnit}``.

    domain-rules §2 (公务员考核规定 art. 26): a cadre posted to one host for more than
    POSTINGS_HOST_ASSESSMENT_MIN_MONTHS months of the year (counted in days) is assessed by the host;
    everyone else by the home unit (the cadre's unit). Postings of the kinds in
    POSTINGS_HOST_ASSESSMENT_KINDS that took place count. Give ``cadre_ids`` or a ``unit`` (with its
    sub-units). Two queries whatever the number of cadres; not scoped to a user (jobs, or views that have
    scoped the set). The assessment jobs call this, and ``cadre_assessing_unit`` for one cadre.
    """
    if (cadre_ids is None) == (unit is None):
        raise TypeError("Give exactly one of cadre_ids or unit.")
    cadres = (
        Cadre.objects.filter(pk__in=list(cadre_ids))
        if unit is None
        else Cadre.objects.filter(unit__path__startswith=unit.path)
    )
    home_units = dict(cadres.order_by("pk").values_list("pk", "unit_id"))
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    postings = (
        Posting.objects.filter(
            cadre_id__in=cadres.values("pk"),
            kind__in=settings.POSTINGS_HOST_ASSESSMENT_KINDS,
            planned_start__lte=last,
        )
        .exclude(status=PostingStatus.PLANNED)
        .exclude(status=PostingStatus.RECALLED, actual_end__isnull=True)
        .annotate(end=Coalesce("actual_end", "planned_end"))
        .filter(end__gte=first)
        .order_by("cadre_id", "planned_start", "pk")
        .values_list(
            "pk",
            "cadre_id",
            "host_unit_id",
            "host_unit__name",
            "external_host_id",
            "external_host__name",
            "planned_start",
            "end",
        )
    )
    stays: dict[int, list[rules.HostStay]] = defaultdict(list)
    for pk, cadre_id, host_unit_id, host_name, external_id, external_name, start, end in postings:
        stays[cadre_id].append(
            rules.HostStay(
                posting_id=pk,
                host_key=f"unit:{host_unit_id}" if host_unit_id else f"external:{external_id}",
                host_name=host_name or external_name or "",
                host_unit_id=host_unit_id,
                external_host_id=external_id,
                start=start,
                last_day=end,
            )
        )
    min_months = settings.POSTINGS_HOST_ASSESSMENT_MIN_MONTHS
    return {
        cadre_id: rules.assessing_unit(
            home_unit_id=home_unit_id, stays=stays.get(cadre_id, ()), year=year, min_months=min_months
        )
        for cadre_id, home_unit_id in home_units.items()
    }


def cadre_assessing_unit(*, cadre: Cadre, year: int) -> rules.AssessingUnit:
    """The unit that assesses ``cadre``'s ``year``, and why (see ``assessing_units_for_cadres``)."""
    return assessing_units_for_cadres(year=year, cadre_ids=[cadre.pk])[cadre.pk]


# ---------------------------------------------------------------- pages


def default_timeline_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    around = settings.POSTINGS_TIMELINE_YEARS_AROUND
    return datetime.date(today.year - around, 1, 1), datetime.date(today.year + around, 12, 31)


def unit_timeline(
    *, user: User, unit: Unit, start: datetime.date, end: datetime.date, include_subunits: bool = False
) -> list[dict]:
    """The postings sent from or hosted by ``unit`` (with ``include_subunits``, by any unit of its subtree)
    that touch [start, end], as rows for a Gantt chart. ``direction`` is "out" for a posting sent from the
    unit (or its subtree), "in" for one received."""
    if include_subunits:
        sent = Q(home_unit__path__startswith=unit.path)
        touches = sent | Q(host_unit__path__startswith=unit.path)
    else:
        sent = Q(home_unit=unit)
        touches = sent | Q(host_unit=unit)
    rows = (
        posting_list(user=user)
        .filter(touches, planned_start__lte=end)
        .filter(end__gte=start)
        .exclude(status=PostingStatus.RECALLED, actual_end__isnull=True)
        .order_by("planned_start", "id")
        .values(
            "pk",
            "cadre__name",
            "kind",
            "status",
            "planned_start",
            "end",
            "host_unit__name",
            "external_host__name",
            "home_unit__name",
        )
        .annotate(sent=ExpressionWrapper(sent, output_field=BooleanField()))
    )
    kinds, statuses = dict(PostingKind.choices), dict(PostingStatus.choices)
    return [
        {
            "id": row["pk"],
            "cadre": row["cadre__name"],
            "kind": row["kind"],
            "kind_label": str(kinds[row["kind"]]),
            "status_label": str(statuses[row["status"]]),
            "start": row["planned_start"].isoformat(),
            "end": row["end"].isoformat(),
            "host": row["host_unit__name"] or row["external_host__name"] or "",
            "home": row["home_unit__name"],
            "direction": "out" if row["sent"] else "in",
        }
        for row in rows
    ]


def village_list(*, user: User) -> QuerySet[Unit]:
    """Visible villages and communities, with their categories and serving first secretaries prefetched."""
    serving = (
        Posting.objects.filter(kind=PostingKind.FIRST_SECRETARY, status=PostingStatus.SERVING)
        .select_related("cadre", "home_unit")
        .annotate(end=Coalesce("actual_end", "planned_end"))
    )
    return (
        policy.visible_units(user)
        .filter(kind__in=VILLAGE_KINDS)
        .select_related("parent", "village_profile")
        .prefetch_related(Prefetch("postings_hosted", queryset=serving, to_attr="serving_first_secretaries"))
        .order_by("path")
    )


def ending_soon(*, user: User, today: datetime.date, days: int) -> QuerySet[Posting]:
    """Serving postings that end within ``days`` days."""
    return (
        posting_list(user=user)
        .filter(status=PostingStatus.SERVING, end__gte=today, end__lte=today + datetime.timedelta(days=days))
        .order_by("end", "id")
    )


def first_secretary_list(*, user: User) -> QuerySet[Posting]:
    """First secretaries with their village's categories joined."""
    return posting_list(user=user).filter(kind=PostingKind.FIRST_SECRETARY).select_related("host_unit__village_profile")


@dataclass(frozen=True)
class LowPresence:
    posting: Posting
    row: LowPresenceRow


def low_presence(*, user: User, month: datetime.date) -> list[LowPresence]:
    """Postings below the days-on-site requirement in ``month`` (three queries), by the sending unit, then the
    cadres in the roster's official order (issue 15.4)."""
    rows = {row.posting_id: row for row in low_presence_rows(month=month, postings=posting_list(user=user))}
    if not rows:
        return []
    postings = official_order(posting_list(user=user).filter(pk__in=rows), "cadre__", before=("home_unit__path",))
    return [LowPresence(posting=posting, row=rows[posting.pk]) for posting in postings]


def reminder_list(*, user: User, include_dismissed: bool = False) -> QuerySet[PostingReminder]:
    reminders = PostingReminder.objects.filter(posting__in=Posting.objects.filter(posting_scope(user))).select_related(
        "posting", "posting__cadre", "posting__home_unit", "posting__host_unit", "posting__external_host"
    )
    return reminders if include_dismissed else reminders.filter(dismissed_at__isnull=True)


def open_reminder_count(*, user: User) -> int:
    return reminder_list(user=user).count()


# ---------------------------------------------------------------- statistics


def statistics(*, user: User) -> dict:
    """Cadres sent by kind, by front line and by year, and first secretaries by village category.

    Four grouped queries, whatever the number of postings.
    """
    postings = live_postings().filter(posting_scope(user))
    by_kind = dict(
        postings.values_list("kind").annotate(n=Count("cadre_id", distinct=True)).order_by().values_list("kind", "n")
    )
    by_front_line = dict(
        postings.filter(kind=PostingKind.FRONT_LINE)
        .values_list("front_line")
        .annotate(n=Count("cadre_id", distinct=True))
        .order_by()
        .values_list("front_line", "n")
    )
    by_year_rows = (
        postings.annotate(year=ExtractYear("planned_start"))
        .values("year", "kind")
        .annotate(n=Count("cadre_id", distinct=True))
        .order_by("year", "kind")
    )
    serving_fs = postings.filter(kind=PostingKind.FIRST_SECRETARY, status=PostingStatus.SERVING)
    by_category = serving_fs.aggregate(
        total=Count("pk"),
        **{
            choice.value: Count("pk", filter=Q(**{f"host_unit__village_profile__{choice.value}": True}))
            for choice in VillageCategory
        },
    )
    years = sorted({row["year"] for row in by_year_rows})
    by_year = {kind: [0] * len(years) for kind in PostingKind.values}
    for row in by_year_rows:
        by_year[row["kind"]][years.index(row["year"])] = row["n"]
    return {
        "by_kind": [(str(label), by_kind.get(value, 0)) for value, label in PostingKind.choices],
        "by_front_line": [(str(label), by_front_line.get(value, 0)) for value, label in FrontLine.choices],
        "years": years,
        "by_year": [(str(label), by_year[value]) for value, label in PostingKind.choices],
        "first_secretaries_serving": by_category.pop("total"),
        "first_secretaries_by_category": [(str(choice.label), by_category[choice.value]) for choice in VillageCategory],
    }


def village_profile_get(*, user: User, unit_pk: int) -> Unit:
    return get_object_or_404(
        policy.visible_units(user).filter(kind__in=VILLAGE_KINDS).select_related("village_profile"), pk=unit_pk
    )
