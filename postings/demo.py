"""Demo postings for ``manage.py seed_demo`` (registered in DEMO_SEED_EXTENSIONS, see cadres/demo.py).

Sized on the seed article (domain-rules §10) for 4,000 cadres and scaled with the cadre count: 90 village
first secretaries (no more than there are villages), 300+ cadres on the five front lines, 30+ temporary
posts in 广东, 成都 and 宜宾, 140+ county cadres sent down to townships and 50+ township cadres up to county
organs. Each chosen cadre gets one posting, so no two postings of a cadre overlap; statuses follow the dates.
Village categories, monthly days on site of the first secretaries, extensions and evaluations come with them.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cadres.choices import CadreStatus, Category, UnitKind
from cadres.models import Cadre, Unit
from core.periods import add_months, month_first_day, period_last_day
from postings import rules
from postings.choices import EvaluationGrade, ExchangeDirection, FrontLine, PostingKind, PostingStatus
from postings.models import ExternalHost, Posting, PostingMonthlyPresence, VillageProfile
from postings.services import postings_daily_run, status_on

ENDING_SOON_MONTHS = (6, 9, 12)  # the durations of the postings that end this month
PER_4000 = {"first_secretary": 90, "front_line": 320, "temporary_post": 34, "down": 145, "up": 55}
EXTERNAL_HOSTS = [
    ("佛山市南海区发展和改革局", "广东省佛山市"),
    ("佛山市顺德区农业农村局", "广东省佛山市"),
    ("成都市武侯区商务局", "四川省成都市"),
    ("成都市金牛区人民政府办公室", "四川省成都市"),
    ("宜宾市翠屏区乡村振兴局", "四川省宜宾市"),
    ("宜宾市叙州区发展和改革局", "四川省宜宾市"),
]
PURPOSES = {
    PostingKind.FIRST_SECRETARY: ["抓党建促乡村振兴", "巩固拓展脱贫攻坚成果", "整顿软弱涣散党组织", "发展村集体经济"],
    PostingKind.FRONT_LINE: ["驻村帮扶", "重点项目攻坚", "信访维稳", "森林草原防火", "招商引资"],
    PostingKind.TEMPORARY_POST: ["东西部协作挂职", "学习先进地区发展经验", "对口帮扶挂职"],
    PostingKind.EXCHANGE: ["双向交流任职", "跟班学习", "基层锻炼"],
}
BATCH_SIZE = 2000


def _scaled(key: str, cadres_count: int) -> int:
    return max(1, round(PER_4000[key] * cadres_count / 4000))


def seed(*, rng: random.Random, cadres_count: int, stdout=None) -> None:
    """The ``DEMO_SEED_EXTENSIONS`` entry point."""
    today = timezone.localdate()
    units = list(Unit.objects.order_by("path").values_list("pk", "kind", "is_township", "path"))
    villages = [pk for pk, kind, _t, _p in units if kind == UnitKind.VILLAGE]
    townships = [(pk, path) for pk, kind, is_township, path in units if is_township]
    township_paths = tuple(path for _pk, path in townships)
    organs = [
        pk
        for pk, kind, is_township, path in units
        if kind not in (UnitKind.VILLAGE, UnitKind.COMMUNITY) and not path.startswith(township_paths)
    ]
    active = list(
        Cadre.objects.filter(status=CadreStatus.ACTIVE)
        .exclude(category=Category.VILLAGE)
        .order_by("pk")
        .values_list("pk", "unit_id", "unit__path")
    )
    county_cadres = [(pk, unit) for pk, unit, path in active if not path.startswith(township_paths)]
    township_cadres = [(pk, unit) for pk, unit, path in active if path.startswith(township_paths)]
    rng.shuffle(county_cadres)
    rng.shuffle(township_cadres)

    profiles = _village_profiles(rng, villages)
    hosts = [
        ExternalHost.objects.get_or_create(name=name, defaults={"region": region})[0] for name, region in EXTERNAL_HOSTS
    ]
    postings: list[Posting] = []

    def add(cadre, kind, *, host_unit=None, external_host=None, start, months, detail=""):
        if cadre is None:
            return
        end = period_last_day(start, months)
        status = status_on(start=start, end=end, today=today)
        posting = Posting(
            cadre_id=cadre[0],
            home_unit_id=cadre[1],
            kind=kind,
            front_line=detail if kind == PostingKind.FRONT_LINE else "",
            exchange_direction=detail if kind == PostingKind.EXCHANGE else "",
            host_unit_id=host_unit,
            external_host=external_host,
            purpose=rng.choice(PURPOSES[kind]),
            planned_start=start,
            planned_end=end,
            status=status,
            actual_end=end if status == PostingStatus.COMPLETED else None,
        )
        if status == PostingStatus.COMPLETED:
            posting.evaluation_grade = rng.choices(
                [EvaluationGrade.EXCELLENT, EvaluationGrade.COMPETENT, EvaluationGrade.BASICALLY_COMPETENT],
                weights=[30, 65, 5],
            )[0]
            posting.evaluation_comment = "能够认真履行职责，圆满完成锻炼任务。"
            posting.evaluated_on = end
        postings.append(posting)

    first_secretaries = min(_scaled("first_secretary", cadres_count), len(villages))
    chosen_villages = rng.sample(sorted(profiles), first_secretaries)
    for village in chosen_villages:
        start = datetime.date(today.year - rng.choice([1, 2]), rng.choice([3, 6, 9]), 1)
        add(_take(county_cadres), PostingKind.FIRST_SECRETARY, host_unit=village, start=start, months=24)
    for _ in range(_scaled("front_line", cadres_count)):
        cadre = _take(county_cadres) if rng.random() < 0.6 else _take(township_cadres)
        host = rng.choice(villages) if rng.random() < 0.5 else rng.choice(townships)[0]
        start = datetime.date(rng.randint(today.year - 5, today.year), rng.randint(1, 12), 1)
        add(
            cadre,
            PostingKind.FRONT_LINE,
            host_unit=host,
            start=start,
            months=rng.choice([6, 9, 12]),
            detail=rng.choice(FrontLine.values),
        )
    for _ in range(_scaled("temporary_post", cadres_count)):
        start = datetime.date(rng.randint(today.year - 5, today.year), rng.choice([3, 9]), 1)
        add(
            _take(county_cadres),
            PostingKind.TEMPORARY_POST,
            external_host=rng.choice(hosts),
            start=start,
            months=rng.choice([6, 12]),
        )
    for _ in range(_scaled("down", cadres_count)):
        start = datetime.date(rng.randint(today.year - 5, today.year), rng.randint(1, 12), 1)
        add(
            _take(county_cadres),
            PostingKind.EXCHANGE,
            host_unit=rng.choice(townships)[0],
            start=start,
            months=12,
            detail=ExchangeDirection.COUNTY_TO_TOWNSHIP,
        )
    for index in range(_scaled("up", cadres_count)):
        start = datetime.date(rng.randint(today.year - 5, today.year), rng.randint(1, 12), 1)
        direction = ExchangeDirection.SHADOWING if index % 4 == 0 else ExchangeDirection.TOWNSHIP_TO_COUNTY
        add(
            _take(township_cadres),
            PostingKind.EXCHANGE,
            host_unit=rng.choice(organs),
            start=start,
            months=6 if direction == ExchangeDirection.SHADOWING else 12,
            detail=direction,
        )
    # a few front-line postings that end on the last day of this month (within POSTINGS_ENDING_SOON_DAYS of
    # any day), whatever the county's size, so the ending-soon list and its reminders have rows
    for months in ENDING_SOON_MONTHS:
        add(
            _take(county_cadres) or _take(township_cadres),
            PostingKind.FRONT_LINE,
            host_unit=rng.choice(villages),
            start=add_months(month_first_day(today), 1 - months),
            months=months,
            detail=rng.choice(FrontLine.values),
        )
    postings = bulk_create_with_history(postings, Posting, batch_size=BATCH_SIZE)
    presences = _presences(rng, postings, today)
    reminders = postings_daily_run(today=today).reminders  # as the nightly job would have raised them
    if stdout is not None:
        stdout.write(
            f"postings: {len(postings)} postings ({first_secretaries} first secretaries), "
            f"{len(profiles)} village profiles, {presences} monthly presence records, {reminders} reminders\n"
        )


def _take(pool: list):
    """The next cadre of a shuffled pool, or None once a small county has run out."""
    return pool.pop() if pool else None


def _village_profiles(rng: random.Random, villages: list[int]) -> dict[int, VillageProfile]:
    existing = set(VillageProfile.objects.values_list("unit_id", flat=True))
    profiles = []
    for village in villages:
        if village in existing:
            continue
        profile = VillageProfile(
            unit_id=village,
            is_poverty=rng.random() < 0.6,
            is_weak_lax=rng.random() < 0.15,
            is_weak_collective_economy=rng.random() < 0.45,
            is_relocation_site=rng.random() < 0.1,
        )
        if not any((profile.is_poverty, profile.is_weak_lax, profile.is_weak_collective_economy)):
            profile.is_weak_collective_economy = True
        profiles.append(profile)
    bulk_create_with_history(profiles, VillageProfile, batch_size=BATCH_SIZE)
    return {profile.unit_id: profile for profile in profiles}


def _presences(rng: random.Random, postings: list[Posting], today: datetime.date) -> int:
    """Days on site for the last three months of the serving first secretaries; about one in ten falls short."""
    rows = []
    month = month_first_day(today)
    months = []
    for _ in range(3):
        month = add_months(month, -1)
        months.append(month)
    for posting in postings:
        if posting.kind != PostingKind.FIRST_SECRETARY or posting.status != PostingStatus.SERVING:
            continue
        for month in months:
            if month < month_first_day(posting.planned_start):
                continue
            working = rules.posting_working_days_in_month(
                month=month, start=posting.planned_start, end=posting.planned_end
            )
            share = rng.uniform(0.4, 0.66) if rng.random() < 0.1 else rng.uniform(0.7, 1.0)
            rows.append(PostingMonthlyPresence(posting=posting, month=month, days=min(31, round(working * share))))
    bulk_create_with_history(rows, PostingMonthlyPresence, batch_size=BATCH_SIZE)
    return len(rows)
