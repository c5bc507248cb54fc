"""The demo county: 新龙县 (Xinlong County, Garzê, Sichuan; region code 513329), built by ``manage.py seed_demo``.

About 230 units (the county, its party, government, judicial and congress organs, public institutions,
19 townships with their villages and communities) and, by default, 4,000 cadres with plausible Tibetan,
Han and Yi names, valid ID numbers, a rank pyramid, leaders in every organ and township, and a change
history. Everything follows from ``random.Random(seed)`` and the fixed reference date ``REFERENCE_DATE``,
so the same seed gives the same county on any day.

Writes are bulk: PostgreSQL gets the cadres and their history rows through psycopg's COPY (100,000 cadres
in well under a minute), other databases through ``bulk_create`` in batches. Units are saved one by one so
that ``Unit.save`` keeps their tree paths.

Extension point for later areas (careers, training, postings, care...): list dotted paths of functions in
the setting ``DEMO_SEED_EXTENSIONS``. After the units, cadres and demo logins exist, ``seed_demo`` calls each
one, in the listed order, inside the same transaction, as::

    def seed(*, rng: random.Random, cadres_count: int, stdout) -> None: ...

``rng`` is a generator of its own, derived from the seed and the dotted path, so one extension's draws
never shift another's data; ``cadres_count`` is the number of cadres just created; ``stdout`` is the
command's output stream for a one-line summary. An extension reads the county through the ORM
(``Cadre.objects``, ``Unit.objects``) and writes in bulk.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from accounts.models import Role, User
from cadres import rules
from cadres.choices import (
    CadreStatus,
    Category,
    Education,
    Ethnicity,
    Gender,
    LeadershipLevel,
    PoliticalStatus,
    Rank,
    UnitKind,
)
from cadres.models import Cadre, Unit
from core.pinyin import pinyin_keys

REFERENCE_DATE = date(2026, 11, 1)
COUNTY_TIME_ZONE = ZoneInfo("Asia/Shanghai")
GO_LIVE = datetime(2024, 1, 2, 9, 0, tzinfo=COUNTY_TIME_ZONE)
DEFAULT_SEED = 513329
DEFAULT_CADRES = 4000
DEMO_PASSWORD = "demo12345"
SEAT_TOWNSHIP = "茹龙镇"
COUNTY_CODE = "513329"
CREATION_REASON = "演示数据初始化"
BATCH_SIZE = 2000

# ------------------------------------------------------------------ the units

# (name, kind, chief post, deputy post, base cadre count range, category)
COUNTY_ORGANS: list[tuple[str, str, str, str, tuple[int, int], str]] = [
    ("县委办公室", UnitKind.PARTY_ORGAN, "主任", "副主任", (20, 30), Category.CIVIL_SERVANT),
    ("县委组织部", UnitKind.PARTY_ORGAN, "常务副部长", "副部长", (18, 28), Category.CIVIL_SERVANT),
    ("县纪委监委", UnitKind.PARTY_ORGAN, "副书记", "常委", (35, 50), Category.CIVIL_SERVANT),
    ("县委宣传部", UnitKind.PARTY_ORGAN, "常务副部长", "副部长", (15, 22), Category.CIVIL_SERVANT),
    ("县委统战部", UnitKind.PARTY_ORGAN, "常务副部长", "副部长", (15, 22), Category.CIVIL_SERVANT),
    ("县委政法委", UnitKind.PARTY_ORGAN, "常务副书记", "副书记", (15, 20), Category.CIVIL_SERVANT),
    ("县委机构编制委员会办公室", UnitKind.PARTY_ORGAN, "主任", "副主任", (15, 18), Category.CIVIL_SERVANT),
    ("县委巡察工作领导小组办公室", UnitKind.PARTY_ORGAN, "主任", "副主任", (15, 20), Category.CIVIL_SERVANT),
    ("县政府办公室", UnitKind.GOVERNMENT_ORGAN, "主任", "副主任", (25, 35), Category.CIVIL_SERVANT),
    ("县发展和改革局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (20, 30), Category.CIVIL_SERVANT),
    ("县财政局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (30, 45), Category.CIVIL_SERVANT),
    ("县教育局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (25, 35), Category.CIVIL_SERVANT),
    ("县卫生健康局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (20, 30), Category.CIVIL_SERVANT),
    ("县农业农村局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (35, 55), Category.CIVIL_SERVANT),
    ("县自然资源局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (25, 40), Category.CIVIL_SERVANT),
    ("县交通运输局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (20, 35), Category.CIVIL_SERVANT),
    ("县住房和城乡建设局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (20, 35), Category.CIVIL_SERVANT),
    ("县人力资源和社会保障局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (25, 35), Category.CIVIL_SERVANT),
    ("县民政局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (15, 25), Category.CIVIL_SERVANT),
    ("县司法局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (20, 30), Category.CIVIL_SERVANT),
    ("县审计局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (15, 22), Category.CIVIL_SERVANT),
    ("县文化广播电视和旅游局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (20, 30), Category.CIVIL_SERVANT),
    ("县应急管理局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (15, 25), Category.CIVIL_SERVANT),
    ("县市场监督管理局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (30, 45), Category.CIVIL_SERVANT),
    ("县乡村振兴局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (15, 25), Category.CIVIL_SERVANT),
    ("县林业和草原局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (35, 55), Category.CIVIL_SERVANT),
    ("县水利局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (15, 25), Category.CIVIL_SERVANT),
    ("县统计局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (15, 18), Category.CIVIL_SERVANT),
    ("县医疗保障局", UnitKind.GOVERNMENT_ORGAN, "局长", "副局长", (15, 20), Category.CIVIL_SERVANT),
    ("县公安局", UnitKind.JUDICIAL, "局长", "副局长", (50, 60), Category.CIVIL_SERVANT),
    ("县人民法院", UnitKind.JUDICIAL, "院长", "副院长", (35, 45), Category.CIVIL_SERVANT),
    ("县人民检察院", UnitKind.JUDICIAL, "检察长", "副检察长", (25, 35), Category.CIVIL_SERVANT),
    ("县人大常委会办公室", UnitKind.PEOPLES_CONGRESS_CPPCC, "主任", "副主任", (15, 20), Category.CIVIL_SERVANT),
    ("县政协办公室", UnitKind.PEOPLES_CONGRESS_CPPCC, "主任", "副主任", (15, 20), Category.CIVIL_SERVANT),
    ("团县委", UnitKind.PEOPLES_CONGRESS_CPPCC, "书记", "副书记", (15, 16), Category.MANAGED_AS_CIVIL_SERVANT),
    ("县妇联", UnitKind.PEOPLES_CONGRESS_CPPCC, "主席", "副主席", (15, 16), Category.MANAGED_AS_CIVIL_SERVANT),
    ("县总工会", UnitKind.PEOPLES_CONGRESS_CPPCC, "主席", "副主席", (15, 18), Category.MANAGED_AS_CIVIL_SERVANT),
    ("县委党校", UnitKind.PUBLIC_INSTITUTION, "常务副校长", "副校长", (15, 25), Category.PUBLIC_INSTITUTION),
    ("县融媒体中心", UnitKind.PUBLIC_INSTITUTION, "主任", "副主任", (20, 30), Category.PUBLIC_INSTITUTION),
    ("县疾病预防控制中心", UnitKind.PUBLIC_INSTITUTION, "主任", "副主任", (20, 30), Category.PUBLIC_INSTITUTION),
    ("县人民医院", UnitKind.PUBLIC_INSTITUTION, "院长", "副院长", (50, 60), Category.PUBLIC_INSTITUTION),
    ("县中学", UnitKind.PUBLIC_INSTITUTION, "校长", "副校长", (45, 60), Category.PUBLIC_INSTITUTION),
]

# The 19 townships; the first is the county seat.
TOWNSHIPS = [
    "茹龙镇",
    "尤拉西乡",
    "甲拉西乡",
    "麻日乡",
    "沙堆乡",
    "大盖乡",
    "绒坝乡",
    "乐安乡",
    "博美乡",
    "拉日马乡",
    "洛古乡",
    "雄龙西乡",
    "皮察乡",
    "色威乡",
    "银多乡",
    "通宵乡",
    "友谊乡",
    "林葱乡",
    "子拖西乡",
]
SEAT_COMMUNITIES = ["茹龙社区", "雅砻江社区"]
VILLAGE_FIRST_SYLLABLES = "格达雄色德甲拉卡日然恩麻尼扎通沙易绒洛热朗呷波觉俄切孔打吉银"
VILLAGE_SECOND_SYLLABLES = "日拉坝龙玛西通巴古冲达科绒多堆卡依宗穷麦"

COUNTY_LEADER_POSTS: list[tuple[str, int]] = [
    ("县委书记", LeadershipLevel.COUNTY_CHIEF),
    ("县委副书记、县长", LeadershipLevel.COUNTY_CHIEF),
    ("县人大常委会主任", LeadershipLevel.COUNTY_CHIEF),
    ("县政协主席", LeadershipLevel.COUNTY_CHIEF),
    ("县委副书记", LeadershipLevel.COUNTY_DEPUTY),
    ("县委常委、常务副县长", LeadershipLevel.COUNTY_DEPUTY),
    ("县委常委、纪委书记、监委主任", LeadershipLevel.COUNTY_DEPUTY),
    ("县委常委、组织部部长", LeadershipLevel.COUNTY_DEPUTY),
    ("县委常委、宣传部部长", LeadershipLevel.COUNTY_DEPUTY),
    ("县委常委、政法委书记", LeadershipLevel.COUNTY_DEPUTY),
    ("县委常委、统战部部长", LeadershipLevel.COUNTY_DEPUTY),
    ("副县长", LeadershipLevel.COUNTY_DEPUTY),
    ("副县长", LeadershipLevel.COUNTY_DEPUTY),
    ("副县长", LeadershipLevel.COUNTY_DEPUTY),
    ("副县长", LeadershipLevel.COUNTY_DEPUTY),
    ("县人大常委会副主任", LeadershipLevel.COUNTY_DEPUTY),
    ("县人大常委会副主任", LeadershipLevel.COUNTY_DEPUTY),
    ("县政协副主席", LeadershipLevel.COUNTY_DEPUTY),
    ("县政协副主席", LeadershipLevel.COUNTY_DEPUTY),
]
TOWNSHIP_CHIEF_POSTS = ["党委书记", "{head}", "人大主席"]
TOWNSHIP_DEPUTY_POSTS = ["党委副书记", "副{head}", "纪委书记", "副{head}", "武装部部长", "组织委员", "宣传委员"]
VILLAGE_POSTS = ["村党支部书记、村委会主任", "村党支部副书记", "村监委会主任", "村文书", "村妇联主席", "村综治专干"]
STAFF_POSTS = [("科员", 70), ("股长", 12), ("办公室主任", 6), ("综合股负责人", 6), ("业务股负责人", 6)]
TOWNSHIP_STAFF_POSTS = [
    ("科员", 60),
    ("党政办主任", 8),
    ("财政所所长", 6),
    ("社会事务办主任", 8),
    ("便民服务中心主任", 8),
]
INSTITUTION_STAFF_POSTS = [("专业技术人员", 50), ("管理人员", 25), ("工勤人员", 10), ("办公室主任", 15)]
SCHOOL_STAFF_POSTS = [("教师", 85), ("教务主任", 8), ("政教主任", 7)]
CLINIC_STAFF_POSTS = [("医师", 45), ("护士", 35), ("药剂师", 10), ("公共卫生人员", 10)]

# ------------------------------------------------------------------ the people

# Tibetan names are often two parts: a first part shared by men and women, then a second part.
TIBETAN_FIRST = "扎西 次仁 格桑 泽仁 降央 洛绒 四郎 益西 尼玛 白玛 仁青 呷绒 达瓦 格绒 曲批 根呷"
TIBETAN_MALE = (
    "扎西 次仁 格桑 泽仁 降央 洛绒 四郎 益西 曲批 呷绒 尼玛 多吉 贡布 仁青 泽翁 "
    "降措 阿旺 土登 彭措 达瓦 格绒 巴登 根呷 登珠 邓珠 昂旺 降初 松吉 向秋 翁加"
)
TIBETAN_FEMALE = "卓玛 拉姆 央宗 白玛 措姆 志玛 拉措 曲珍 德吉 卓嘎 永措 翁姆 泽西 益西 央金 格西 泽珍 布赤 仁措 呷拉"
HAN_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林谢邓唐蒋曾彭袁蔡杜冉雷汪田任余"
HAN_MALE = "伟 强 军 勇 杰 涛 明 磊 超 鹏 华 平 刚 斌 波 建国 志强 海波 小龙 建华 文杰 俊 浩 宇 德才 永福 国庆 晓东"
HAN_FEMALE = "丽 芳 静 敏 燕 艳 娟 霞 婷 雪 琳 晓红 春梅 玉兰 秀英 海燕 丽华 小琴 倩 莉 佳 欣怡 雨萱 桂芳"
YI_SURNAMES = "吉克 阿约 沙马 海来 曲比 马海 阿苦 吉伍 俄木 阿西 吉列 勒格"
YI_MALE = "日布 木呷 拉且 尔古 阿牛 伍各 石且 伍呷 阿体 拉哈 子哈 尔史"
YI_FEMALE = "阿依 阿芝 么么 日作 子莫 阿果 阿嫫 沙呷 阿衣 伍芝"
OTHER_ETHNICITIES = [Ethnicity.QIANG, Ethnicity.HUI, Ethnicity.NAXI, Ethnicity.MONGOL]

# (region code, native place), per origin
REGIONS_TIBETAN = [
    ("513329", "四川新龙"),
    ("513329", "四川新龙"),
    ("513329", "四川新龙"),
    ("513300", "四川甘孜"),
    ("513328", "四川甘孜县"),
    ("513334", "四川理塘"),
    ("513330", "四川德格"),
]
REGIONS_HAN = [
    ("510100", "四川成都"),
    ("511800", "四川雅安"),
    ("511100", "四川乐山"),
    ("511500", "四川宜宾"),
    ("510500", "四川泸州"),
    ("513300", "四川康定"),
    ("513329", "四川新龙"),
]
REGIONS_YI = [("513400", "四川凉山"), ("513431", "四川昭觉"), ("513432", "四川喜德")]

EDUCATION_STAFF = [
    (Education.BACHELOR, 55),
    (Education.COLLEGE, 28),
    (Education.MASTER, 4),
    (Education.SECONDARY_VOCATIONAL, 8),
    (Education.HIGH_SCHOOL, 5),
]
EDUCATION_INSTITUTION = [
    (Education.BACHELOR, 50),
    (Education.COLLEGE, 35),
    (Education.MASTER, 5),
    (Education.SECONDARY_VOCATIONAL, 10),
]
EDUCATION_VILLAGE = [
    (Education.JUNIOR_OR_BELOW, 35),
    (Education.HIGH_SCHOOL, 30),
    (Education.SECONDARY_VOCATIONAL, 15),
    (Education.COLLEGE, 15),
    (Education.BACHELOR, 5),
]
EDUCATION_NEXT_LEVEL = {
    Education.HIGH_SCHOOL: Education.COLLEGE,
    Education.SECONDARY_VOCATIONAL: Education.COLLEGE,
    Education.COLLEGE: Education.BACHELOR,
    Education.BACHELOR: Education.MASTER,
}
GRADUATION_AGE = {
    Education.MASTER: (25, 27),
    Education.BACHELOR: (22, 24),
    Education.COLLEGE: (20, 22),
    Education.SECONDARY_VOCATIONAL: (18, 20),
    Education.HIGH_SCHOOL: (18, 21),
    Education.JUNIOR_OR_BELOW: (18, 28),
}
AGE_BANDS = [((22, 29), 22), ((30, 39), 30), ((40, 49), 30), ((50, 59), 18)]
STATUSES = [
    (CadreStatus.ACTIVE, 950),
    (CadreStatus.TRANSFERRED_OUT, 25),
    (CadreStatus.RETIRED, 20),
    (CadreStatus.RESIGNED, 5),
]
HISTORY_CHANGE_SHARE = 0.10
# Chance, per two years served, of moving up from a rank: posts thin out towards the top of the ladder.
PROMOTION_CHANCE = {
    Rank.CLERK_2: 0.9,
    Rank.CLERK_1: 0.4,
    Rank.PRINCIPAL_STAFF_4: 0.25,
    Rank.PRINCIPAL_STAFF_3: 0.18,
    Rank.PRINCIPAL_STAFF_2: 0.12,
    Rank.PRINCIPAL_STAFF_1: 0.04,
}


@dataclass
class UnitPlan:
    """One unit to create, with how many cadres it gets and how they are shaped (its profile)."""

    code: str
    name: str
    kind: str
    parent_code: str | None
    profile: str  # county, organ, institution, township, village, school, clinic
    base_cadres: int
    category: str = Category.CIVIL_SERVANT
    chief_post: str = ""
    deputy_post: str = ""
    is_township: bool = False
    sort_order: int = 0
    cadres: int = 0
    unit_id: int | None = field(default=None, repr=False)


def _weighted(rng: random.Random, pairs: Sequence[tuple]) -> object:
    values = [value for value, _weight in pairs]
    weights = [weight for _value, weight in pairs]
    return rng.choices(values, weights=weights)[0]


def county_plan(rng: random.Random) -> list[UnitPlan]:
    """The unit tree of the demo county, parents before children."""
    plans = [
        UnitPlan(
            code=COUNTY_CODE,
            name="新龙县",
            kind=UnitKind.COUNTY,
            parent_code=None,
            profile="county",
            base_cadres=len(COUNTY_LEADER_POSTS),
        )
    ]
    for number, (name, kind, chief, deputy, (low, high), category) in enumerate(COUNTY_ORGANS, start=1):
        plans.append(
            UnitPlan(
                code=f"{COUNTY_CODE}{number:03d}",
                name=name,
                kind=kind,
                parent_code=COUNTY_CODE,
                profile="institution" if kind == UnitKind.PUBLIC_INSTITUTION else "organ",
                base_cadres=rng.randint(low, high),
                category=category,
                chief_post=chief,
                deputy_post=deputy,
                sort_order=number,
            )
        )
    education_bureau = next(plan.code for plan in plans if plan.name == "县教育局")
    health_bureau = next(plan.code for plan in plans if plan.name == "县卫生健康局")
    used_village_names: set[str] = set()
    institutions = []
    for number, township in enumerate(TOWNSHIPS, start=1):
        code = f"{COUNTY_CODE}{100 + number:03d}"
        head = "镇长" if township.endswith("镇") else "乡长"
        plans.append(
            UnitPlan(
                code=code,
                name=township,
                kind=UnitKind.TOWNSHIP,
                parent_code=COUNTY_CODE,
                profile="township",
                base_cadres=rng.randint(40, 60),
                chief_post=head,
                is_township=True,
                sort_order=100 + number,
            )
        )
        village_count = rng.randint(6, 9)
        communities = SEAT_COMMUNITIES if township == SEAT_TOWNSHIP else []
        for village_number in range(1, village_count + 1):
            if village_number <= len(communities):
                name, kind = communities[village_number - 1], UnitKind.COMMUNITY
            else:
                name, kind = _village_name(rng, used_village_names), UnitKind.VILLAGE
            plans.append(
                UnitPlan(
                    code=f"{code}{village_number:03d}",
                    name=name,
                    kind=kind,
                    parent_code=code,
                    profile="village",
                    base_cadres=rng.randint(4, 8),
                    category=Category.VILLAGE,
                    sort_order=village_number,
                )
            )
        short = township[:-1]
        institutions.append(
            UnitPlan(
                code=f"{education_bureau}{number:03d}",
                name=f"{short}{'镇' if township.endswith('镇') else '乡'}中心小学",
                kind=UnitKind.PUBLIC_INSTITUTION,
                parent_code=education_bureau,
                profile="school",
                base_cadres=rng.randint(15, 35),
                category=Category.PUBLIC_INSTITUTION,
                chief_post="校长",
                deputy_post="副校长",
                sort_order=number,
            )
        )
        institutions.append(
            UnitPlan(
                code=f"{health_bureau}{number:03d}",
                name=f"{township}卫生院",
                kind=UnitKind.PUBLIC_INSTITUTION,
                parent_code=health_bureau,
                profile="clinic",
                base_cadres=rng.randint(8, 20),
                category=Category.PUBLIC_INSTITUTION,
                chief_post="院长",
                deputy_post="副院长",
                sort_order=number,
            )
        )
    return plans + institutions


def _village_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(VILLAGE_FIRST_SYLLABLES) + rng.choice(VILLAGE_SECOND_SYLLABLES) + "村"
        if name not in used:
            used.add(name)
            return name


def distribute_cadres(plans: list[UnitPlan], total: int) -> None:
    """Share ``total`` cadres over the units in proportion to their base sizes (largest remainder).

    The county leadership never grows past its posts, and every township government gets at least one cadre.
    """
    root, others = plans[0], plans[1:]
    base_total = sum(plan.base_cadres for plan in plans)
    root.cadres = min(root.base_cadres, max(1, round(root.base_cadres * total / base_total))) if total else 0
    remaining = max(0, total - root.cadres)
    others_base = sum(plan.base_cadres for plan in others)
    floors = [plan for plan in others if plan.profile == "township"] if remaining >= len(TOWNSHIPS) else []
    for plan in floors:
        plan.cadres = 1
    remaining -= len(floors)
    shares = [(plan, plan.base_cadres * remaining / others_base) for plan in others]
    given = 0
    for plan, share in shares:
        plan.cadres += int(share)
        given += int(share)
    by_remainder = sorted(shares, key=lambda item: (-(item[1] - int(item[1])), item[0].code))
    for plan, _share in by_remainder[: remaining - given]:
        plan.cadres += 1


def units_create(plans: list[UnitPlan]) -> dict[str, Unit]:
    """Create (or update, by code) the units, parents first; Unit.save keeps the tree paths."""
    units: dict[str, Unit] = {}
    for plan in plans:
        unit, _created = Unit.objects.update_or_create(
            code=plan.code,
            defaults={
                "name": plan.name,
                "kind": plan.kind,
                "parent": units.get(plan.parent_code) if plan.parent_code else None,
                "is_township": plan.is_township,
                "headcount": plan.base_cadres + (3 if plan.profile != "village" else 0),
                "sort_order": plan.sort_order,
                "is_active": True,
            },
        )
        units[plan.code] = unit
        plan.unit_id = unit.pk
    return units


@functools.cache
def _pinyin(name: str) -> tuple[str, str]:
    return pinyin_keys(name)


class CadreFactory:
    """Draws cadres one by one from the seeded generator, keeping ID numbers unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used_id_keys: set[tuple[str, date, int]] = set()
        self.tibetan_first = TIBETAN_FIRST.split()
        self.tibetan_male = TIBETAN_MALE.split()
        self.tibetan_female = TIBETAN_FEMALE.split()
        self.han_male = HAN_MALE.split()
        self.han_female = HAN_FEMALE.split()
        self.yi_surnames = YI_SURNAMES.split()
        self.yi_male = YI_MALE.split()
        self.yi_female = YI_FEMALE.split()

    # -- identity

    def person(self, *, min_age: int, max_age: int, village: bool = False) -> dict:
        rng = self.rng
        gender = Gender.MALE if rng.random() < (0.62 if not village else 0.7) else Gender.FEMALE
        roll = rng.random()
        if roll < 0.78:
            ethnicity, name, (region, native) = (
                Ethnicity.TIBETAN,
                self._tibetan_name(gender),
                rng.choice(REGIONS_TIBETAN),
            )
        elif roll < 0.96:
            ethnicity, name, (region, native) = Ethnicity.HAN, self._han_name(gender), rng.choice(REGIONS_HAN)
        elif roll < 0.99:
            ethnicity, name, (region, native) = Ethnicity.YI, self._yi_name(gender), rng.choice(REGIONS_YI)
        else:
            ethnicity, name, (region, native) = (
                rng.choice(OTHER_ETHNICITIES),
                self._han_name(gender),
                ("513300", "四川甘孜"),
            )
        age = self._age(min_age, max_age)
        earliest, latest = rules.birth_date_bounds_for_age(min_age=age, max_age=age, on=REFERENCE_DATE)
        birth_date = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
        return {
            "name": name,
            "gender": gender,
            "ethnicity": ethnicity,
            "birth_date": birth_date,
            "id_number": self._id_number(region, birth_date, gender),
            "native_place": native,
            "age": age,
        }

    def _tibetan_name(self, gender: str) -> str:
        rng = self.rng
        own = self.tibetan_male if gender == Gender.MALE else self.tibetan_female
        if rng.random() < 0.2:
            return rng.choice(own)
        first = rng.choice(self.tibetan_first)
        second = rng.choice(own)
        while second == first:
            second = rng.choice(own)
        return first + second

    def _han_name(self, gender: str) -> str:
        given = self.han_male if gender == Gender.MALE else self.han_female
        return self.rng.choice(HAN_SURNAMES) + self.rng.choice(given)

    def _yi_name(self, gender: str) -> str:
        given = self.yi_male if gender == Gender.MALE else self.yi_female
        return f"{self.rng.choice(self.yi_surnames)}·{self.rng.choice(given)}"

    def _age(self, min_age: int, max_age: int) -> int:
        bands = [
            ((max(low, min_age), min(high, max_age)), weight)
            for (low, high), weight in AGE_BANDS
            if max(low, min_age) <= min(high, max_age)
        ]
        low, high = _weighted(self.rng, bands)
        return self.rng.randint(low, high)

    def _id_number(self, region: str, birth_date: date, gender: str) -> str:
        while True:
            sequence = self.rng.randint(0, 499)
            key = (region, birth_date, sequence)
            if key not in self.used_id_keys:
                self.used_id_keys.add(key)
                return rules.id_number_compose(region=region, birth_date=birth_date, sequence=sequence, gender=gender)

    # -- career

    def cadre(self, plan: UnitPlan, *, post: str, leadership: int | None) -> dict:
        rng = self.rng
        status = CadreStatus.ACTIVE if leadership else _weighted(rng, STATUSES)
        village = plan.profile == "village"
        min_age, max_age = 22, 59
        if leadership in (LeadershipLevel.COUNTY_CHIEF, LeadershipLevel.TOWNSHIP_CHIEF):
            min_age, max_age = 36, 57
        elif leadership:
            min_age, max_age = 30, 55
        elif village:
            min_age = 25
        if status == CadreStatus.RETIRED:
            min_age = 55
        person = self.person(min_age=min_age, max_age=max_age, village=village)
        age = person.pop("age")
        category = plan.category
        if plan.profile == "township" and not leadership and rng.random() < 0.2:
            category = Category.PUBLIC_INSTITUTION
        education_table = {"village": EDUCATION_VILLAGE}.get(plan.profile, EDUCATION_STAFF)
        if category == Category.PUBLIC_INSTITUTION:
            education_table = EDUCATION_INSTITUTION
        full_time = _weighted(rng, education_table)
        in_service = ""
        if full_time in EDUCATION_NEXT_LEVEL and rng.random() < (0.45 if full_time != Education.BACHELOR else 0.08):
            in_service = EDUCATION_NEXT_LEVEL[full_time]
        low, high = GRADUATION_AGE[full_time]
        start_age = min(rng.randint(low, high), age - 1)
        start_year = person["birth_date"].year + start_age
        work_start = date(start_year, rng.randint(7, 9), rng.randint(1, 28))
        work_start = min(work_start, REFERENCE_DATE - timedelta(days=rng.randint(60, 300)))
        years_worked = (REFERENCE_DATE - work_start).days // 365
        political_status, party_join = self._politics(person["birth_date"], age, village=village)
        rank, rank_date = self._rank(category, leadership, work_start, years_worked)
        post_date = None
        if leadership:
            post_date = max(work_start, REFERENCE_DATE - timedelta(days=rng.randint(120, 6 * 365)))
        elif village:
            post_date = max(work_start, REFERENCE_DATE - timedelta(days=rng.randint(120, 8 * 365)))
        return {
            **person,
            "education_full_time": full_time,
            "education_in_service": in_service,
            "political_status": political_status,
            "party_join_date": party_join,
            "work_start_date": work_start,
            "category": category,
            "unit_id": plan.unit_id,
            "post_title": post,
            "post_date": post_date,
            "leadership_level": leadership,
            "rank": rank,
            "rank_date": rank_date,
            "status": status,
            "phone": "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9)),
            "sort_order": None,  # by post (cadres.selectors.in_official_order)
        }

    def _politics(self, birth_date: date, age: int, *, village: bool) -> tuple[str, date | None]:
        rng = self.rng
        roll = rng.random()
        if roll < (0.9 if village else 0.82):
            status = PoliticalStatus.PARTY_MEMBER
        elif roll < (0.92 if village else 0.84):
            status = PoliticalStatus.PROBATIONARY_MEMBER
        elif age < 28 and roll < 0.92:
            status = PoliticalStatus.LEAGUE_MEMBER
        elif roll < 0.855:
            status = PoliticalStatus.DEMOCRATIC_PARTY
        elif roll < 0.87:
            status = PoliticalStatus.NON_PARTISAN
        else:
            status = PoliticalStatus.MASSES
        if status == PoliticalStatus.PROBATIONARY_MEMBER:
            return status, REFERENCE_DATE - timedelta(days=rng.randint(30, 330))
        if status != PoliticalStatus.PARTY_MEMBER:
            return status, None
        join_age = rng.randint(19, max(19, min(age - 2, 40)))
        joined = birth_date + timedelta(days=join_age * 365 + rng.randint(0, 300))
        return status, min(joined, REFERENCE_DATE - timedelta(days=400))

    def _rank(
        self, category: str, leadership: int | None, work_start: date, years_worked: int
    ) -> tuple[int | None, date | None]:
        rng = self.rng
        if category not in (Category.CIVIL_SERVANT, Category.MANAGED_AS_CIVIL_SERVANT):
            return None, None
        if leadership == LeadershipLevel.COUNTY_CHIEF:
            rank = Rank.RESEARCHER_1
        elif leadership == LeadershipLevel.COUNTY_DEPUTY:
            rank = rng.choice([Rank.RESEARCHER_3, Rank.RESEARCHER_2, Rank.RESEARCHER_2])
        elif leadership == LeadershipLevel.TOWNSHIP_CHIEF:
            rank = rng.choice([Rank.PRINCIPAL_STAFF_1, Rank.PRINCIPAL_STAFF_1, Rank.RESEARCHER_4])
        elif leadership == LeadershipLevel.TOWNSHIP_DEPUTY:
            rank = rng.choice([Rank.PRINCIPAL_STAFF_3, Rank.PRINCIPAL_STAFF_2, Rank.PRINCIPAL_STAFF_2])
        else:
            # Promotion every two years is possible, not certain: a pyramid with many at the bottom.
            rank = Rank.CLERK_2
            for _period in range(years_worked // 2):
                if rank < Rank.RESEARCHER_4 and rng.random() < PROMOTION_CHANCE[rank]:
                    rank += 1
        days_worked = max(1, (REFERENCE_DATE - work_start).days)
        rank_date = REFERENCE_DATE - timedelta(days=rng.randint(min(60, days_worked), min(4 * 365, days_worked)))
        return int(rank), max(work_start, rank_date)


def cadre_rows(rng: random.Random, plans: list[UnitPlan]) -> list[dict]:
    """Every cadre of the county, as field dicts, unit by unit in plan order."""
    factory = CadreFactory(rng)
    rows = []
    for plan in plans:
        for post, leadership in _posts(rng, plan):
            rows.append(factory.cadre(plan, post=post, leadership=leadership))
    return rows


def _posts(rng: random.Random, plan: UnitPlan) -> Iterable[tuple[str, int | None]]:
    """The posts of a unit's cadres, leaders first: (post title, leadership level or None)."""
    leaders: list[tuple[str, int | None]] = []
    staff_posts: Sequence[tuple[str, int]] = STAFF_POSTS
    if plan.profile == "county":
        leaders = [(post, level) for post, level in COUNTY_LEADER_POSTS]
    elif plan.profile == "organ":
        leaders = [(plan.chief_post, LeadershipLevel.TOWNSHIP_CHIEF)]
        leaders += [(plan.deputy_post, LeadershipLevel.TOWNSHIP_DEPUTY)] * rng.randint(2, 4)
    elif plan.profile == "township":
        chiefs = [post.format(head=plan.chief_post) for post in TOWNSHIP_CHIEF_POSTS]
        deputies = [post.format(head=plan.chief_post) for post in TOWNSHIP_DEPUTY_POSTS[: rng.randint(4, 7)]]
        leaders = [(post, LeadershipLevel.TOWNSHIP_CHIEF) for post in chiefs]
        leaders += [(post, LeadershipLevel.TOWNSHIP_DEPUTY) for post in deputies]
        staff_posts = TOWNSHIP_STAFF_POSTS
    elif plan.profile in ("institution", "school", "clinic"):
        leaders = [(plan.chief_post, None)] + [(plan.deputy_post, None)] * rng.randint(1, 3)
        staff_posts = {"school": SCHOOL_STAFF_POSTS, "clinic": CLINIC_STAFF_POSTS}.get(
            plan.profile, INSTITUTION_STAFF_POSTS
        )
    elif plan.profile == "village":
        leaders = [(post, None) for post in VILLAGE_POSTS]
        staff_posts = [("村民小组长", 1)]
    for index in range(plan.cadres):
        if index < len(leaders):
            yield leaders[index]
        else:
            yield _weighted(rng, staff_posts), None


# ------------------------------------------------------------------ history


def history_rows(rng: random.Random, cadres: list[dict]) -> list[dict]:
    """The creation row of every cadre, and for about a tenth a later change with its reason."""
    history_model = Cadre.history.model
    tracked = [
        f.attname
        for f in history_model._meta.concrete_fields
        if not f.attname.startswith("history_") and f.attname != "history_id"
    ]
    go_live_day = GO_LIVE.date()
    span = (REFERENCE_DATE - go_live_day).days - 40
    rows = []
    for cadre in cadres:
        current = {name: cadre[name] for name in tracked}
        if rng.random() >= HISTORY_CHANGE_SHARE or cadre["status"] != CadreStatus.ACTIVE:
            rows.append(_history_row(current, GO_LIVE, "+", CREATION_REASON))
            continue
        changed_on = max(
            go_live_day + timedelta(days=30 + rng.randint(0, span)), cadre["work_start_date"] + timedelta(days=30)
        )
        if changed_on > REFERENCE_DATE - timedelta(days=10):
            rows.append(_history_row(current, GO_LIVE, "+", CREATION_REASON))
            continue
        changed_at = datetime.combine(changed_on, time(10, 0), tzinfo=COUNTY_TIME_ZONE)
        before = dict(current)
        if cadre["rank"] and cadre["rank"] > Rank.CLERK_2 and not cadre["leadership_level"]:
            before["rank"] = cadre["rank"] - 1
            before["rank_date"] = max(cadre["work_start_date"], changed_on - timedelta(days=rng.randint(730, 1460)))
            cadre["rank_date"] = changed_on
            reason = f"职级晋升：{Rank(before['rank']).label}→{Rank(cadre['rank']).label}"
        else:
            before["post_title"], before["leadership_level"] = _previous_post(rng, cadre)
            before["post_date"] = cadre["post_date"] and max(
                cadre["work_start_date"], changed_on - timedelta(days=rng.randint(365, 2000))
            )
            cadre["post_date"] = changed_on
            reason = f"职务调整：{before['post_title']}→{cadre['post_title']}"
        cadre["updated_at"] = changed_at
        current = {name: cadre[name] for name in tracked}
        rows.append(_history_row(before, GO_LIVE, "+", CREATION_REASON))
        rows.append(_history_row(current, changed_at, "~", reason))
    return rows


def _previous_post(rng: random.Random, cadre: dict) -> tuple[str, int | None]:
    """The post a cadre held before the sampled change: one step down the ladder."""
    post, level = cadre["post_title"], cadre["leadership_level"]
    if cadre["category"] == Category.VILLAGE:
        return ("村民小组长" if post != "村民小组长" else "村文书"), None
    if level in (LeadershipLevel.TOWNSHIP_CHIEF, LeadershipLevel.COUNTY_CHIEF):
        if "书记" in post and "副书记" not in post:
            return post.replace("书记", "副书记", 1), level - 1
        if len(post) <= 3 and not post.startswith("副"):
            return "副" + post, level - 1
    if level:
        return "科员", None
    if cadre["category"] == Category.PUBLIC_INSTITUTION:
        return "见习期人员", None
    return ("科员" if post != "科员" else rng.choice(["办事员", "试用期人员"])), None


def _history_row(values: dict, when: datetime, kind: str, reason: str) -> dict:
    return {
        **values,
        "history_date": when,
        "history_change_reason": reason,
        "history_type": kind,
        "history_user_id": None,
    }


# ------------------------------------------------------------------ writing


def bulk_insert(model, columns: list[str], rows: Iterable[Sequence]) -> None:
    """Insert rows: COPY on PostgreSQL, batched bulk_create elsewhere."""
    if connection.vendor == "postgresql":
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) == BATCH_SIZE:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def _reset_sequences(*models) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def cadres_insert(rows: list[dict], histories: list[dict]) -> None:
    """Write the cadres (with explicit ids) and their history rows in bulk."""
    history_model = Cadre.history.model
    cadre_columns = [f.attname for f in Cadre._meta.concrete_fields]
    history_columns = [f.attname for f in history_model._meta.concrete_fields if f.attname != "history_id"]
    bulk_insert(Cadre, cadre_columns, ([row[name] for name in cadre_columns] for row in rows))
    bulk_insert(history_model, history_columns, ([row[name] for name in history_columns] for row in histories))
    _reset_sequences(Cadre, history_model)


# ------------------------------------------------------------------ logins

DEMO_LOGINS = ("admin", "orgstaff", "unithr", "cadre")


def demo_logins_ensure(*, township: Unit) -> dict[str, User]:
    """Create or reset the four demo logins (password ``demo12345``); return them by username."""
    from axes.utils import reset as axes_reset

    serving = Cadre.objects.filter(unit=township, status=CadreStatus.ACTIVE, leadership_level__isnull=True)
    cadre = (
        # a civil servant with a rank, so that 我的奖励与晋升 answers "为什么不是我" with its reasons
        serving.filter(category__in=settings.REWARDS_RANK_CATEGORIES, rank__isnull=False, rank_date__isnull=False)
        .order_by("-updated_at", "id")
        .first()
        or serving.order_by("-updated_at", "id").first()
        or Cadre.objects.filter(unit__path__startswith=township.path).order_by("id").first()
    )
    specs = {
        "admin": {"role": Role.ADMIN, "is_staff": True, "is_superuser": True, "full_name": "系统管理员"},
        "orgstaff": {"role": Role.ORG_STAFF, "is_staff": False, "is_superuser": False, "full_name": "组织部干部科"},
        "unithr": {
            "role": Role.UNIT_HR,
            "is_staff": False,
            "is_superuser": False,
            "full_name": f"{township.name}人事专干",
        },
        "cadre": {
            "role": Role.CADRE,
            "is_staff": False,
            "is_superuser": False,
            "full_name": cadre.name if cadre else "",
        },
    }
    users = {}
    for username, fields in specs.items():
        user, _created = User.objects.get_or_create(username=username, defaults=fields)
        for name, value in fields.items():
            setattr(user, name, value)
        user.is_active = True
        user.cadre = cadre if username == "cadre" else None
        if username == "cadre" and cadre is not None:
            User.objects.filter(cadre=cadre).exclude(pk=user.pk).update(cadre=None)
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.managed_units.set([township] if username == "unithr" else [])
        axes_reset(username=username)
        users[username] = user
    return users


def correction_requests_demo(*, logins: dict[str, User]) -> list:
    """更正申请 to show (issue 15.10), filed by the demo cadre through the services: one answered with
    采纳, one with 不予采纳 (by the org staff login), and one waiting in the staff's 工作台."""
    from cadres import services
    from cadres.choices import CorrectionItem

    cadre_login, staff = logins["cadre"], logins["orgstaff"]
    if not cadre_login.cadre_id:
        return []
    asks = [
        (
            CorrectionItem.NATIVE_PLACE,
            "四川甘孜",
            "籍贯应为祖籍甘孜，见干部履历表。",
            True,
            "已核对干部履历表，予以更正。",
        ),
        (CorrectionItem.PHONE, "13900000000", "手机号已更换。", False, "联系电话请在本单位登记，由人事专干修改。"),
        (CorrectionItem.PARTY_JOIN_DATE, "2008-07-01", "入党志愿书记载2008年7月1日入党，档案录入有误。", None, ""),
    ]
    made = []
    for item, value, reason, accept, reply in asks:
        request = services.correction_request_create(actor=cadre_login, item=item, requested_value=value, reason=reason)
        if accept is not None:
            request = services.correction_request_handle(actor=staff, correction=request, accept=accept, reply=reply)
        made.append(request)
    return made


# ------------------------------------------------------------------ the whole county


def run_extensions(*, seed: int, cadres_count: int, stdout) -> None:
    """Call every function named in settings.DEMO_SEED_EXTENSIONS, in order (see the module docstring)."""
    for dotted_path in getattr(settings, "DEMO_SEED_EXTENSIONS", []):
        extension: Callable = import_string(dotted_path)
        extension(rng=random.Random(f"{seed}:{dotted_path}"), cadres_count=cadres_count, stdout=stdout)


def demo_data_delete() -> None:
    """Remove every cadre and unit with everything attached to them (``seed_demo --replace``; demo databases).

    Goes through the ORM, so rows of other areas that cascade from a cadre or unit go with it; rows that
    protect a cadre or unit (appointments, rank changes...) are the demo data of those areas and are deleted
    first, whole model by whole model. An area whose demo data needs more than that (the rewards ledger is
    append-only) names a function in ``DEMO_DELETE_EXTENSIONS``, called first.
    """
    # A demo reset is not an event in anyone's record: no history row per deleted row (23,000 single inserts
    # for a 300-cadre county, three quarters of a reseed's time).
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        _demo_rows_delete()


def _demo_rows_delete() -> None:
    for dotted_path in getattr(settings, "DEMO_DELETE_EXTENSIONS", []):
        import_string(dotted_path)()
    User.objects.filter(cadre__isnull=False).update(cadre=None)
    User.managed_units.through.objects.all().delete()
    _delete_all(Cadre.objects.all())
    Cadre.history.model.objects.all().delete()
    for depth in Unit.objects.order_by("-depth").values_list("depth", flat=True).distinct():
        _delete_all(Unit.objects.filter(depth=depth))
    Unit.history.model.objects.all().delete()


def _delete_all(queryset, *, attempts: int = 20) -> None:
    """Delete a queryset; when protected rows stand in the way, delete every row of their models first."""
    from django.db.models import ProtectedError, RestrictedError

    for _attempt in range(attempts):
        try:
            queryset.delete()
            return
        except (ProtectedError, RestrictedError) as error:
            blockers = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
            for model in {type(blocker) for blocker in blockers}:
                _delete_all(model._default_manager.all(), attempts=attempts - 1)
    queryset.delete()


@transaction.atomic
def county_seed(*, seed: int = DEFAULT_SEED, cadres: int = DEFAULT_CADRES, stdout=None) -> dict:
    """Build the demo county; return a summary (units, cadres, history rows, townships)."""
    rng = random.Random(seed)
    plans = county_plan(rng)
    distribute_cadres(plans, cadres)
    units = units_create(plans)
    rows = cadre_rows(rng, plans)
    first_id = (Cadre.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    for offset, row in enumerate(rows):
        row["id"] = first_id + offset
        row["name_pinyin"], row["name_initials"] = _pinyin(row["name"])
        row["created_at"] = row["updated_at"] = GO_LIVE
    histories = history_rows(rng, rows)
    cadres_insert(rows, histories)
    township = next(unit for unit in units.values() if unit.name == SEAT_TOWNSHIP)
    logins = demo_logins_ensure(township=township)
    correction_requests_demo(logins=logins)
    run_extensions(seed=seed, cadres_count=len(rows), stdout=stdout)
    return {
        "units": len(units),
        "cadres": len(rows),
        "history_rows": len(histories),
        "townships": sum(1 for plan in plans if plan.is_township),
    }
