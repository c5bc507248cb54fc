"""Demo family members and education records, added by ``seed_demo`` through ``DEMO_SEED_EXTENSIONS``.

For every serving cadre: the full-time education that ended before the work start (its length from the
level on the record), an in-service stretch where the record names one, and the family table of the
干部任免审批表 (spouse, children, parents). About one cadre in a hundred has a full-time education that ends
after the work start, as paper records moved onto a system often do, so the record audit has findings to show.
"""

import random
from datetime import date

from cadres.choices import CadreStatus, Degree, Education, EducationKind, FamilyRelation, PoliticalStatus
from cadres.demo import HAN_FEMALE, HAN_MALE, HAN_SURNAMES, REFERENCE_DATE
from cadres.models import Cadre, EducationRecord, FamilyMember
from careers.demo import insert_with_history

# Years of full-time study of each level, and the degree it usually gives.
STUDY_YEARS = {
    Education.DOCTORATE: (3, Degree.DOCTOR),
    Education.MASTER: (3, Degree.MASTER),
    Education.BACHELOR: (4, Degree.BACHELOR),
    Education.COLLEGE: (3, ""),
    Education.SECONDARY_VOCATIONAL: (3, ""),
    Education.HIGH_SCHOOL: (3, ""),
    Education.JUNIOR_OR_BELOW: (3, ""),
}
SCHOOLS = {
    Education.DOCTORATE: ["四川大学法学院法学专业", "西南财经大学经济学院政治经济学专业"],
    Education.MASTER: ["四川大学公共管理学院行政管理专业", "西南民族大学民族学专业", "四川农业大学农业推广专业"],
    Education.BACHELOR: [
        "四川大学法学院法学专业",
        "西南民族大学藏学学院藏语言文学专业",
        "四川师范大学汉语言文学专业",
        "四川农业大学农学专业",
        "西南财经大学会计学专业",
        "成都理工大学土木工程专业",
        "康定学院思想政治教育专业",
    ],
    Education.COLLEGE: ["四川民族学院汉语专业", "四川农业大学畜牧兽医专业", "甘孜职业学院行政管理专业"],
    Education.SECONDARY_VOCATIONAL: ["甘孜州卫生学校护理专业", "四川省民族师范学校小学教育专业"],
    Education.HIGH_SCHOOL: ["新龙县中学", "甘孜州民族中学"],
    Education.JUNIOR_OR_BELOW: ["新龙县中学初中部"],
}
IN_SERVICE_SCHOOLS = [
    "中央党校函授学院经济管理专业",
    "四川省委党校在职研究生班法学专业",
    "四川大学网络教育学院行政管理专业",
]
PARTY_STATUSES = [PoliticalStatus.PARTY_MEMBER, PoliticalStatus.MASSES, PoliticalStatus.MASSES]
WORK_PLACES = [
    "新龙县人民医院护士",
    "新龙县第二完全小学教师",
    "新龙县农业农村局科员",
    "务农",
    "个体经营",
    "甘孜州人民医院医生",
]
LATE_EDUCATION_SHARE = 0.01


def seed(*, rng: random.Random, cadres_count: int, stdout=None) -> None:
    """The ``DEMO_SEED_EXTENSIONS`` entry point (see cadres/demo.py)."""
    cadres = list(
        Cadre.objects.filter(status=CadreStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", "gender", "birth_date", "work_start_date", "education_full_time", "education_in_service")
    )
    education = insert_with_history(EducationRecord, list(_education_rows(rng, cadres)))
    family = insert_with_history(FamilyMember, list(_family_rows(rng, cadres)))
    if stdout is not None:
        stdout.write(f"cadres: {education} education records, {family} family members\n")


def _education_rows(rng: random.Random, cadres):
    for pk, _gender, birth_date, work_start, full_time, in_service in cadres:
        if full_time and work_start:
            years, degree = STUDY_YEARS[full_time]
            end = date(work_start.year if work_start.month >= 7 else work_start.year - 1, 7, 1)
            if rng.random() < LATE_EDUCATION_SHARE:  # a paper record moved over with an inconsistency
                end = date(work_start.year + 1, 7, 1)
            start = date(end.year - years, 9, 1)
            if start > birth_date:
                yield _education(
                    pk, EducationKind.FULL_TIME, full_time, degree, rng.choice(SCHOOLS[full_time]), start, end
                )
        if in_service and work_start:
            start = date(min(work_start.year + rng.randint(2, 8), REFERENCE_DATE.year - 1), 3, 1)
            end = date(start.year + 2 + rng.randint(0, 1), 7, 1)
            degree = STUDY_YEARS[in_service][1]
            yield _education(
                pk,
                EducationKind.IN_SERVICE,
                in_service,
                degree,
                rng.choice(IN_SERVICE_SCHOOLS),
                start,
                end if end < REFERENCE_DATE else None,
            )


def _education(cadre_id, kind, level, degree, school, start, end) -> dict:
    return {
        "cadre_id": cadre_id,
        "kind": kind,
        "level": level,
        "degree": degree,
        "school_and_major": school,
        "start_date": start,
        "end_date": end,
    }


def _family_rows(rng: random.Random, cadres):
    for pk, gender, birth_date, _work_start, _full_time, _in_service in cadres:
        surname = rng.choice(HAN_SURNAMES)
        members = []
        if rng.random() < 0.85:
            spouse_birth = _shifted(birth_date, rng.randint(-4, 4) * 365)
            relation, given = (FamilyRelation.WIFE, HAN_FEMALE) if gender == "M" else (FamilyRelation.HUSBAND, HAN_MALE)
            members.append((relation, rng.choice(HAN_SURNAMES) + rng.choice(given.split()), spouse_birth))
            for _child in range(rng.choice((0, 1, 1, 2))):
                son = rng.random() < 0.5
                child_birth = _shifted(birth_date, rng.randint(24, 36) * 365)
                if child_birth < REFERENCE_DATE:
                    members.append(
                        (
                            FamilyRelation.SON if son else FamilyRelation.DAUGHTER,
                            surname + rng.choice((HAN_MALE if son else HAN_FEMALE).split()),
                            child_birth,
                        )
                    )
        members.append(
            (
                FamilyRelation.FATHER,
                surname + rng.choice(HAN_MALE.split()),
                _shifted(birth_date, -rng.randint(24, 32) * 365),
            )
        )
        members.append(
            (
                FamilyRelation.MOTHER,
                rng.choice(HAN_SURNAMES) + rng.choice(HAN_FEMALE.split()),
                _shifted(birth_date, -rng.randint(22, 30) * 365),
            )
        )
        for order, (relation, name, member_birth) in enumerate(members):
            yield {
                "cadre_id": pk,
                "relation": relation,
                "name": name,
                "birth_date": member_birth,
                "political_status": rng.choice(PARTY_STATUSES),
                "work_unit_and_post": "退休"
                if member_birth.year < REFERENCE_DATE.year - 62
                else rng.choice(WORK_PLACES),
                "sort_order": order,
            }


def _shifted(day: date, days: int) -> date:
    return date.fromordinal(day.toordinal() + days)
