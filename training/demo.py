"""Demo training data for ``manage.py seed_demo`` (registered in DEMO_SEED_EXTENSIONS).

Sized on the seed article (domain-rules §10): about 56 courses and lectures a year, some 3,500 attendances,
study tours to 广东, 成都 and 宜宾, activists' courses, over the three years before the reference date and
the current one. Past courses are finished with their sessions, attendance-derived leave and credits; a few
of the current year are open for sign-up around the reference date. Written in bulk; the rows are demo
data, so no history rows are written for them.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Max

from cadres.choices import CadreStatus
from cadres.demo import REFERENCE_DATE
from cadres.models import Cadre
from training import rules
from training.choices import (
    CourseKind,
    CourseStatus,
    CreditSource,
    EnrolmentStatus,
    ExternalHoursStatus,
    ExternalProvider,
)
from training.models import Course, CourseSession, Enrolment, ExternalHours, TrainingCredit

DEMO_MARK = "演示数据"
COURSES_PER_YEAR = 56
YEARS_BACK = 3
KINDS = [
    (CourseKind.LECTURE, 22, "专题讲座：{}"),
    (CourseKind.PARTY_SCHOOL, 10, "县委党校{}主体班"),
    (CourseKind.FARMERS_NIGHT_SCHOOL, 8, "农民夜校：{}"),
    (CourseKind.ONLINE, 6, "网络培训：{}"),
    (CourseKind.STUDY_TOUR, 4, "赴{}考察学习"),
    (CourseKind.ACTIVIST, 3, "入党积极分子培训班（{}）"),
    (CourseKind.OTHER, 3, "业务培训：{}"),
]
TOPICS = ["乡村振兴", "基层治理", "党纪学习", "民族团结", "生态保护", "安全生产", "项目建设", "依法行政", "群众工作"]
TOUR_PLACES = ["广东", "成都", "宜宾"]
EXTERNAL_SHARE = 0.02
# (provider, title, hours, days): online study counts hours only (§6)
EXTERNAL_COURSES = [
    (ExternalProvider.PROVINCIAL_PARTY_SCHOOL, "省委党校县处级干部进修班", Decimal("56"), Decimal("7")),
    (ExternalProvider.ONLINE_PLATFORM, "干部网络学院年度专题学习", Decimal("20"), Decimal("0")),
    (ExternalProvider.PREFECTURE_PARTY_SCHOOL, "州委党校乡镇领导干部培训班", Decimal("40"), Decimal("5")),
    (ExternalProvider.OTHER, "省乡村振兴局业务骨干培训", Decimal("24"), Decimal("3")),
]
DEMO_EVIDENCE = b"%PDF-1.4\n% demo evidence\n%%EOF\n"


def seed(*, rng: random.Random, cadres_count: int, stdout) -> None:
    """Add ~56 courses a year with sessions, enrolments and credits for the demo county."""
    Course.objects.filter(description=DEMO_MARK, enrolments__isnull=True).delete()
    cadre_ids = list(Cadre.objects.filter(status=CadreStatus.ACTIVE).order_by("pk").values_list("pk", flat=True))
    if not cadre_ids:
        return
    thresholds = rules.thresholds_from_settings()
    kinds = [kind for kind, weight, _title in KINDS for _ in range(weight)]
    titles = {kind: title for kind, _weight, title in KINDS}
    courses = []
    for year in range(REFERENCE_DATE.year - YEARS_BACK, REFERENCE_DATE.year + 1):
        for index in range(COURSES_PER_YEAR):
            kind = kinds[index % len(kinds)]
            start = date(year, 1, 8) + timedelta(days=int(index * 350 / COURSES_PER_YEAR) + rng.randint(0, 4))
            day_based = kind in (CourseKind.PARTY_SCHOOL, CourseKind.STUDY_TOUR)
            days = rng.choice([3, 5, 7, 10, 12]) if day_based else 1
            hours = (
                rules.hours_from_days(Decimal(days), thresholds=thresholds)
                if day_based
                else Decimal(rng.choice([3, 4, 6, 8, 12, 20]))
            )
            end = start + timedelta(days=days - 1)
            status = _status(start, end)
            topic = TOUR_PLACES[index % 3] if kind == CourseKind.STUDY_TOUR else rng.choice(TOPICS)
            course = Course(
                title=titles[kind].format(f"{year}年{topic}" if kind == CourseKind.PARTY_SCHOOL else topic),
                kind=kind,
                organizer="县委组织部" if kind != CourseKind.FARMERS_NIGHT_SCHOOL else "县农业农村局",
                location="县委党校" if kind != CourseKind.STUDY_TOUR else topic,
                start_date=start,
                end_date=end,
                hours=hours,
                days=Decimal(days) if day_based else None,
                is_day_based=day_based,
                capacity=min(cadres_count, rng.randint(40, 90)),
                enrol_opens=start - timedelta(days=30)
                if status != CourseStatus.OPEN
                else REFERENCE_DATE - timedelta(days=10),
                enrol_closes=start - timedelta(days=3)
                if status != CourseStatus.OPEN
                else max(start - timedelta(days=1), REFERENCE_DATE + timedelta(days=60)),
                status=status,
                description=DEMO_MARK,
            )
            if course.enrol_closes < course.enrol_opens:
                course.enrol_closes = course.enrol_opens
            if status == CourseStatus.OPEN and course.start_date <= course.enrol_closes:
                course.start_date = course.enrol_closes + timedelta(days=1)
                course.end_date = course.start_date + timedelta(days=days - 1)
            courses.append(course)
    Course.objects.bulk_create(courses, batch_size=500)
    sessions, enrolments, credits = [], [], []
    for course in courses:
        days = int(course.days or 1)
        per_session = (course.hours / days).quantize(Decimal("0.1"))
        for offset in range(days):
            sessions.append(
                CourseSession(
                    course=course,
                    date=course.start_date + timedelta(days=offset),
                    title=f"第{offset + 1}天",
                    hours=per_session,
                )
            )
        if course.status in (CourseStatus.DRAFT,):
            continue
        filled = course.capacity if course.status != CourseStatus.OPEN else rng.randint(0, course.capacity // 2)
        chosen = rng.sample(cadre_ids, min(filled, len(cadre_ids)))
        for seat, cadre_id in enumerate(chosen, start=1):
            enrolment = Enrolment(course=course, cadre_id=cadre_id, status=EnrolmentStatus.ENROLLED, seat=seat)
            if course.status in (CourseStatus.FINISHED, CourseStatus.ARCHIVED):
                missed = Decimal(rng.choice([0] * 12 + [1, 2, int(course.hours)]))
                credit = rules.course_credit(
                    course_hours=course.hours, credited_days=course.credited_days, missed=missed, thresholds=thresholds
                )
                enrolment.leave_hours = missed
                if credit.withdrawn:
                    enrolment.status, enrolment.seat = EnrolmentStatus.DISMISSED, None
                    enrolment.status_reason = "请假超过课程学时的1/7，退学，不计学时。"
                else:
                    enrolment.status = EnrolmentStatus.COMPLETED
                    enrolment.hours_credited, enrolment.days_credited = credit.hours, credit.days
                    enrolment.certificate_number = f"PX{course.end_date:%Y}{course.pk:05d}{seat:04d}"
                    enrolment.score = Decimal(rng.randint(70, 99))
                    credits.append(
                        TrainingCredit(
                            cadre_id=cadre_id,
                            earned_on=course.end_date,
                            year=course.end_date.year,
                            hours=credit.hours,
                            days=credit.days,
                            online_hours=credit.hours if course.kind == CourseKind.ONLINE else 0,
                            source=CreditSource.COURSE,
                            enrolment=enrolment,
                        )
                    )
            enrolments.append(enrolment)
    CourseSession.objects.bulk_create(sessions, batch_size=2000)
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    for credit in credits:
        credit.enrolment_id = credit.enrolment.pk
    TrainingCredit.objects.bulk_create(credits, batch_size=2000)
    external = external_hours_seed(rng=rng, cadre_ids=cadre_ids)
    last = Course.objects.aggregate(last=Max("end_date"))["last"]
    if stdout is not None:
        stdout.write(
            f"教育培训：{len(courses)} 个培训班（至{last}），{len(enrolments)} 人次报名，{len(credits)} 条学时记录，"
            f"{external} 条外部学时。"
        )


def external_hours_seed(*, rng: random.Random, cadre_ids: list[int]) -> int:
    """外部学时 for about 2% of the cadres (at least six), in the year before the reference date and the current
    one: most approved with their TrainingCredit (as ``external_hours_review`` writes it), a few waiting for
    review near the reference date, one rejected with its note. All share one small evidence file."""
    count = max(6, round(len(cadre_ids) * EXTERNAL_SHARE))
    evidence = _demo_evidence()
    records, credits = [], []
    for index, cadre_id in enumerate(rng.sample(cadre_ids, min(count, len(cadre_ids)))):
        provider, title, hours, days = EXTERNAL_COURSES[index % len(EXTERNAL_COURSES)]
        pending = index % 3 == 1
        end = REFERENCE_DATE - timedelta(days=rng.randint(3, 40) if pending else rng.randint(45, 400))
        start = end - timedelta(days=max(0, int(days) - 1))
        status = ExternalHoursStatus.PENDING if pending else ExternalHoursStatus.APPROVED
        note = ""
        if index == 5:
            status, note = ExternalHoursStatus.REJECTED, "证明材料未加盖培训机构印章，请补充后重新填报。"
        online = provider == ExternalProvider.ONLINE_PLATFORM
        record = ExternalHours(
            cadre_id=cadre_id,
            title=title,
            provider=provider,
            start_date=start,
            end_date=end,
            hours=hours,
            days=days,
            is_online=online,
            evidence=evidence,
            status=status,
            review_note=note,
        )
        records.append(record)
        if status == ExternalHoursStatus.APPROVED:
            credits.append(
                TrainingCredit(
                    cadre_id=cadre_id,
                    earned_on=end,
                    year=end.year,
                    hours=hours,
                    days=days,
                    online_hours=hours if online else 0,
                    source=CreditSource.EXTERNAL,
                    external=record,
                )
            )
    ExternalHours.objects.bulk_create(records, batch_size=2000)
    for credit in credits:
        credit.external_id = credit.external.pk
    TrainingCredit.objects.bulk_create(credits, batch_size=2000)
    return len(records)


def _demo_evidence() -> str:
    """The name of the demo's one evidence file in the default storage, written once."""
    name = "training/evidence/demo/演示证明材料.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(DEMO_EVIDENCE))
    return name


def _status(start: date, end: date) -> str:
    if end < REFERENCE_DATE - timedelta(days=365):
        return CourseStatus.ARCHIVED
    if end < REFERENCE_DATE:
        return CourseStatus.FINISHED
    if start <= REFERENCE_DATE:
        return CourseStatus.RUNNING
    return CourseStatus.OPEN
