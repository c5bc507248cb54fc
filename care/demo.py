"""Demo data of the care measures, added by ``seed_demo`` through ``DEMO_SEED_EXTENSIONS`` (see cadres/demo.py).

Sized on the seed article (domain-rules §10): 300 turnover flats for 4,000 cadres (scaled with the cadre
count), most of them lived in by township cadres; health checks for last year and this; annual, sick and
personal leave within what the rules allow; three months of pay with a few township cadres below the floor;
and the inspection register cut from 32 items (2018) to 12 (2020), then about 12 a year up to the reference
date's year. Written in bulk, with history rows.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from simple_history.utils import bulk_create_with_history

from cadres.choices import CadreStatus, UnitKind
from cadres.demo import REFERENCE_DATE
from cadres.models import Cadre, Unit
from care import rules
from care.choices import ApplicationStatus, FlatStatus, InspectionFrequency, InspectionStatus, LeaveKind
from care.models import (
    Building,
    Flat,
    HealthCheck,
    HousingApplication,
    InspectionItem,
    LeaveRecord,
    PayRecord,
    Tenancy,
)
from core.periods import whole_years_between

FLATS_PER_4000_CADRES = 300
PROVIDERS = ["新龙县人民医院", "甘孜州人民医院", "新龙县中藏医院", "康定市第一人民医院"]
ISSUERS = ["县委督查室", "县政府督查室", "县委组织部", "县纪委监委", "县应急管理局", "县生态环境局", "县农业农村局"]
TOPICS = [
    "脱贫攻坚成效",
    "安全生产",
    "森林草原防火",
    "河长制落实",
    "党建工作",
    "意识形态工作",
    "信访维稳",
    "环境保护",
    "乡村振兴",
    "疫情防控",
    "耕地保护",
    "项目建设",
    "财务管理",
    "综治平安建设",
    "民族团结进步",
    "宗教事务管理",
]


def seed(*, rng: random.Random, cadres_count: int, stdout=None) -> None:
    """The ``DEMO_SEED_EXTENSIONS`` entry point."""
    township_cadres = list(
        Cadre.objects.filter(status=CadreStatus.ACTIVE)
        .filter(Exists(Unit.objects.filter(is_township=True).filter(StartsWith(OuterRef("unit__path"), F("path")))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    active = list(
        Cadre.objects.filter(status=CadreStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", "unit_id", "rank", "category", "work_start_date")
    )
    flats = housing_seed(rng=rng, cadres_count=cadres_count, township_cadres=township_cadres)
    checks = health_checks_seed(rng=rng, cadre_ids=[row[0] for row in active])
    leave = leave_seed(rng=rng, cadres=active)
    pay = pay_seed(rng=rng, cadres=active, township_ids=set(township_cadres))
    items = inspection_items_seed(rng=rng)
    if stdout is not None:
        stdout.write(
            f"care: {flats} flats, {checks} health checks, {leave} leave records, {pay} pay records, "
            f"{items} inspection items\n"
        )


def delete() -> None:
    """``seed_demo --replace``: the inspection register is tied to no cadre or unit, so deleting the county
    leaves it; without this a reseed doubles it. Merged items first (they protect their target)."""
    InspectionItem.objects.filter(merged_into__isnull=False).delete()
    InspectionItem.objects.all().delete()


def housing_seed(*, rng: random.Random, cadres_count: int, township_cadres: list[int]) -> int:
    townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("path"))
    county = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    sites = townships or ([county] if county else [])
    if not sites:
        return 0
    buildings = bulk_create_with_history(
        [Building(name=f"{unit.name}周转房", unit=unit, address=f"新龙县{unit.name}") for unit in sites], Building
    )
    total = max(20, round(FLATS_PER_4000_CADRES * cadres_count / 4000))
    flats = []
    for index in range(total):
        building = buildings[index % len(buildings)]
        floor, door = divmod(index // len(buildings), 4)
        flats.append(
            Flat(
                building=building,
                number=f"{floor + 1}{door + 1:02d}",
                area=Decimal(rng.choice(["38.50", "45.00", "52.80", "60.20"])),
                rooms=rng.choice([1, 1, 2, 2, 3]),
                status=FlatStatus.MAINTENANCE if rng.random() < 0.04 else FlatStatus.AVAILABLE,
            )
        )
    flats = bulk_create_with_history(flats, Flat)
    tenants = rng.sample(township_cadres, min(len(township_cadres), round(total * 0.75)))
    tenancies, occupied = [], []
    usable = [flat for flat in flats if flat.status == FlatStatus.AVAILABLE]
    for flat, cadre_id in zip(usable, tenants, strict=False):
        start = REFERENCE_DATE - timedelta(days=rng.randint(30, 1500))
        if rng.random() < 0.25:  # an earlier tenant who has moved out
            earlier = start - timedelta(days=rng.randint(400, 900))
            tenancies.append(Tenancy(flat=flat, cadre_id=cadre_id, start_date=earlier, end_date=start))
            continue
        tenancies.append(Tenancy(flat=flat, cadre_id=cadre_id, start_date=start))
        flat.status = FlatStatus.OCCUPIED
        occupied.append(flat)
    bulk_create_with_history(tenancies, Tenancy)
    Flat.objects.bulk_update(occupied, ["status"], batch_size=500)
    housed = {t.cadre_id for t in tenancies if t.end_date is None}
    applicants = [pk for pk in township_cadres if pk not in housed][: max(10, total // 6)]
    weights = settings.CARE_HOUSING_PRIORITY_WEIGHTS
    applications = []
    for cadre_id in applicants:
        factors = rules.HousingFactors(
            township_post=True,
            first_secretary=rng.random() < 0.2,
            distance_km=rng.randint(5, 400),
            spouse_elsewhere=rng.random() < 0.3,
            dependent_children=rng.random() < 0.4,
            family_hardship=rng.random() < 0.15,
        )
        priority = rules.housing_priority(factors, weights)
        applications.append(
            HousingApplication(
                cadre_id=cadre_id,
                applied_on=REFERENCE_DATE - timedelta(days=rng.randint(5, 300)),
                status=ApplicationStatus.WAITING if rng.random() < 0.7 else ApplicationStatus.PENDING,
                priority_score=priority.score,
                priority_parts=[[name, points] for name, points in priority.parts],
                **{name: getattr(factors, name) for name in rules.HOUSING_FLAG_FACTORS},
                distance_km=factors.distance_km,
            )
        )
    bulk_create_with_history(applications, HousingApplication)
    return len(flats)


def health_checks_seed(*, rng: random.Random, cadre_ids: list[int]) -> int:
    rows = []
    for year, share in ((REFERENCE_DATE.year - 1, 0.93), (REFERENCE_DATE.year, 0.7)):
        last_day = min(date(year, 12, 31), REFERENCE_DATE - timedelta(days=1))
        for cadre_id in cadre_ids:
            if rng.random() > share:
                continue
            day = date(year, 3, 1) + timedelta(days=rng.randint(0, (last_day - date(year, 3, 1)).days))
            rows.append(
                HealthCheck(
                    cadre_id=cadre_id,
                    year=year,
                    check_date=day,
                    provider=rng.choice(PROVIDERS),
                    done=True,
                    follow_up_needed=rng.random() < 0.08,
                )
            )
    bulk_create_with_history(rows, HealthCheck, batch_size=2000)
    return len(rows)


def leave_seed(*, rng: random.Random, cadres: list[tuple]) -> int:
    """At most one annual-leave period a year of at most 5 days (every band grants 5 or more, 条例 art. 3),
    in spring; sick and personal leave in autumn, so that no two periods of a cadre overlap."""
    rows = []
    for year in (REFERENCE_DATE.year - 1, REFERENCE_DATE.year):
        for cadre_id, _unit, _rank, _category, work_start in cadres:
            if work_start is None or whole_years_between(work_start, date(year, 1, 1)) < 1:
                continue
            if rng.random() < 0.65:
                start = date(year, rng.randint(3, 6), rng.randint(1, 20))
                days = rng.randint(1, 5)
                rows.append(
                    LeaveRecord(
                        cadre_id=cadre_id,
                        kind=LeaveKind.ANNUAL,
                        start_date=start,
                        end_date=start + timedelta(days=days + 1),
                        days=days,
                    )
                )
            if rng.random() < 0.08:
                kind = rng.choice([LeaveKind.SICK, LeaveKind.PERSONAL])
                start = date(year, rng.randint(8, 9), rng.randint(1, 20))
                days = rng.randint(1, 10)
                rows.append(
                    LeaveRecord(
                        cadre_id=cadre_id,
                        kind=kind,
                        start_date=start,
                        end_date=start + timedelta(days=days - 1),
                        days=days,
                        pay_deducted=kind == LeaveKind.PERSONAL and rng.random() < 0.5,
                    )
                )
    bulk_create_with_history(rows, LeaveRecord, batch_size=2000)
    return len(rows)


def pay_seed(*, rng: random.Random, cadres: list[tuple], township_ids: set[int]) -> int:
    """Three months of pay for civil servants with a rank; most township cadres clear the floor, some do not."""
    months = []
    month = REFERENCE_DATE.replace(day=1)
    for _ in range(3):
        month = (month - timedelta(days=1)).replace(day=1)
        months.insert(0, month)
    categories = set(settings.CARE_TOWNSHIP_PAY_CATEGORIES)
    rows = []
    for month in months:
        for cadre_id, unit_id, rank, category, _work in cadres:
            if rank is None or category not in categories:
                continue
            base = Decimal(3600 + 420 * rank + rng.randint(-150, 150))
            allowance = Decimal(0)
            if cadre_id in township_ids:
                share = Decimal(rng.choice(["0.28", "0.30", "0.32", "0.35", "0.12"]))
                allowance = (base * share).quantize(Decimal("1"))
            rows.append(
                PayRecord(
                    cadre_id=cadre_id,
                    month=month,
                    unit_id=unit_id,
                    rank=rank,
                    base_pay=base,
                    township_allowance=allowance,
                )
            )
    bulk_create_with_history(rows, PayRecord, batch_size=2000)
    return len(rows)


def inspection_items_seed(*, rng: random.Random) -> int:
    """2018: 32 items all kept; 2019: 32 registered, 22 kept; 2020: 30 registered, 12 kept; from 2021 to the
    reference date's year, 13 registered and 12 kept (the current year's 12 all kept so far)."""
    plan = {2018: (32, 32), 2019: (32, 22), 2020: (30, 12)}
    plan |= dict.fromkeys(range(2021, REFERENCE_DATE.year), (13, 12)) | {REFERENCE_DATE.year: (12, 12)}
    created = 0
    for year, (registered, kept) in plan.items():
        items = bulk_create_with_history(
            [
                InspectionItem(
                    title=f"{TOPICS[i % len(TOPICS)]}{'专项督查' if i < len(TOPICS) else '考核评估'}",
                    issuing_body=rng.choice(ISSUERS),
                    frequency=rng.choice(list(InspectionFrequency)),
                    year=year,
                )
                for i in range(registered)
            ],
            InspectionItem,
        )
        keep, cut = items[:kept], items[kept:]
        for item in cut:
            if rng.random() < 0.6:
                item.status = InspectionStatus.MERGED
                item.merged_into = rng.choice(keep)
                item.status_reason = "内容相近，合并为一项综合考核"
            else:
                item.status = InspectionStatus.RETIRED
                item.status_reason = "减轻基层负担，取消该事项"
        InspectionItem.objects.bulk_update(cut, ["status", "merged_into", "status_reason"], batch_size=500)
        created += registered
    return created
