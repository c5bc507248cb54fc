"""The record audit (干部信息核查, 三龄两历): each rule on named dates, the set-based job, and its page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.choices import Grade
from cadres.choices import Education, EducationKind
from cadres.models import EducationRecord
from careers.choices import AppointmentKind, RankChangeKind
from core.jobs import job_run_create, job_run_execute
from core.models import JobRun
from dashboard import rules, services
from dashboard.choices import AuditRule
from dashboard.models import AuditFinding
from tests.assessments.factories import AnnualResultFactory
from tests.careers.factories import AppointmentFactory, RankChangeFactory
from tests.factories import CadreFactory

BORN = date(1980, 5, 13)
ID_1980_05_13 = "513329198005130012"  # a well-formed number (check character not the audit's concern)


def facts(**overrides) -> rules.CadreFacts:
    values = {"id": 1, "birth_date": BORN, "id_number": ID_1980_05_13}
    values.update(overrides)
    return rules.CadreFacts(**values)


def found(one: rules.CadreFacts) -> list[tuple[str, str]]:
    return [(finding.rule, finding.message) for finding in rules.audit(one)]


# ---------------------------------------------------------------- each rule on named dates

AUDIT_TABLE = [
    # (case, facts, expected [(rule, message)])
    ("birth date agrees with the ID number", facts(), []),
    (
        "birth date 1980-05-14 against an ID number of 1980-05-13",
        facts(birth_date=date(1980, 5, 14)),
        [(AuditRule.BIRTH_DATE_ID_NUMBER, "出生日期为1980-05-14，身份证号中为1980-05-13。")],
    ),
    ("work at 16 exactly (1996-05-13)", facts(work_start_date=date(1996, 5, 13)), []),
    (
        "work the day before turning 16 (1996-05-12)",
        facts(work_start_date=date(1996, 5, 12)),
        [(AuditRule.WORK_START_UNDER_16, "参加工作时间1996-05-12，时年15周岁，未满16周岁。")],
    ),
    ("party at 18 exactly (1998-05-13)", facts(party_join_date=date(1998, 5, 13)), []),
    (
        "party the day before turning 18 (1998-05-12)",
        facts(party_join_date=date(1998, 5, 12)),
        [(AuditRule.PARTY_JOIN_UNDER_18, "入党时间1998-05-12，时年17周岁，未满18周岁。")],
    ),
    (
        "graduation on the work start day is fine",
        facts(
            work_start_date=date(2002, 7, 1),
            full_time_education=[rules.EducationFacts(date(1998, 9, 1), date(2002, 7, 1))],
        ),
        [],
    ),
    (
        "graduation 2003-07-01 after work start 2002-07-15",
        facts(
            work_start_date=date(2002, 7, 15),
            full_time_education=[rules.EducationFacts(date(1999, 9, 1), date(2003, 7, 1))],
        ),
        [(AuditRule.EDUCATION_AFTER_WORK_START, "全日制教育1999-09-01至2003-07-01，毕业晚于参加工作时间2002-07-15。")],
    ),
    (
        "12 months from graduation to work is no gap (2002-07-01 → 2003-07-01)",
        facts(
            work_start_date=date(2003, 7, 1),
            full_time_education=[rules.EducationFacts(date(1998, 9, 1), date(2002, 7, 1))],
        ),
        [],
    ),
    (
        "13 months from graduation to work (2002-07-01 → 2003-08-01)",
        facts(
            work_start_date=date(2003, 8, 1),
            full_time_education=[rules.EducationFacts(date(1998, 9, 1), date(2002, 7, 1))],
        ),
        [(AuditRule.CAREER_GAP, "毕业至参加工作：2002-07-01至2003-08-01间断13个月，超过12个月。")],
    ),
    (
        "two full-time stretches that overlap",
        facts(
            full_time_education=[
                rules.EducationFacts(date(1995, 9, 1), date(1998, 7, 1)),
                rules.EducationFacts(date(1998, 3, 1), date(2002, 7, 1)),
            ]
        ),
        [(AuditRule.CAREER_OVERLAP, "全日制教育1995-09-01至1998-07-01与1998-03-01至2002-07-01时间重叠。")],
    ),
    (
        "a removal 2015-06-01 and the next post 2017-01-01: 19 months",
        facts(
            appointments=[
                rules.AppointmentFacts(10, date(2015, 6, 1), AppointmentKind.REMOVAL, "副局长"),
                rules.AppointmentFacts(11, date(2017, 1, 1), AppointmentKind.LATERAL_TRANSFER, "副局长"),
            ],
            post_title="副局长",
            post_date=date(2017, 1, 1),
        ),
        [(AuditRule.CAREER_GAP, "免职至再次任职：2015-06-01至2017-01-01间断19个月，超过12个月。")],
    ),
    (
        "post on the record differs from the latest appointment",
        facts(
            post_title="局长",
            post_date=date(2020, 3, 1),
            appointments=[rules.AppointmentFacts(12, date(2021, 7, 1), AppointmentKind.PROMOTION, "县委办主任")],
        ),
        [(AuditRule.POST_DISAGREES, "档案现任职务为“局长”（2020-03-01），最近任免记录为“县委办主任”（2021-07-01）。")],
    ),
    (
        "rank on the record differs from the latest rank change",
        facts(
            rank=4,
            rank_date=date(2019, 1, 1),
            rank_changes=[rules.RankChangeFacts(20, date(2022, 1, 1), RankChangeKind.PROMOTION, 4, 5)],
        ),
        [
            (
                AuditRule.RANK_DISAGREES,
                "档案现职级为三级主任科员（2019-01-01），最近职级变动为二级主任科员（2022-01-01）。",
            )
        ],
    ),
]


@pytest.mark.parametrize(("one", "expected"), [case[1:] for case in AUDIT_TABLE], ids=[case[0] for case in AUDIT_TABLE])
def test_each_audit_rule_on_named_dates(one, expected):
    assert found(one) == expected


def _ranks(promoted_on: date, results=()) -> rules.CadreFacts:
    """四级主任科员 from 2020-01-01, promoted to 三级主任科员 on ``promoted_on`` (§1: 2 years below)."""
    return facts(
        rank=4,
        rank_date=promoted_on,
        rank_changes=[
            rules.RankChangeFacts(30, date(2020, 1, 1), RankChangeKind.CONVERSION, None, 3),
            rules.RankChangeFacts(31, promoted_on, RankChangeKind.PROMOTION, 3, 4),
        ],
        results=results,
    )


def test_a_promotion_after_24_months_at_the_rank_below_is_fine():
    assert found(_ranks(date(2022, 1, 1))) == []


def test_a_promotion_after_23_months_is_found_with_its_clause():
    assert found(_ranks(date(2021, 12, 1))) == [
        (
            AuditRule.RANK_TOO_SOON,
            "2021-12-01晋升三级主任科员时任四级主任科员23个月，需24个月（职务与职级并行规定第18条）。",
        )
    ]


def test_an_excellent_year_at_the_rank_shortens_the_time_by_six_months():
    excellent_2020 = rules.ResultFacts(2020, Grade.EXCELLENT, "", date(2021, 1, 20))

    assert found(_ranks(date(2021, 7, 1), results=[excellent_2020])) == []
    assert [rule for rule, _message in found(_ranks(date(2021, 6, 1), results=[excellent_2020]))] == [
        AuditRule.RANK_TOO_SOON
    ]


# ---------------------------------------------------------------- the job


def _run_audit() -> JobRun:
    job = job_run_create(kind=services.RECORD_AUDIT_KIND)
    job_run_execute(job_id=job.pk, work=services.record_audit_write)
    job.refresh_from_db()
    return job


@pytest.fixture
def on_2026_11_30(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


def test_the_job_replaces_findings_and_names_each_rule(county, on_2026_11_30, settings):
    settings.AUDIT_BATCH_SIZE = 2
    young = CadreFactory(
        name="年轻", birth_date=date(1990, 1, 1), work_start_date=date(2005, 6, 1), unit=county["township"]
    )
    fine = CadreFactory(name="无误", birth_date=date(1980, 1, 1), unit=county["township"])
    late = CadreFactory(
        name="晚毕业", birth_date=date(1980, 1, 1), work_start_date=date(2002, 7, 15), unit=county["organ"]
    )
    EducationRecord.objects.create(
        cadre=late,
        kind=EducationKind.FULL_TIME,
        level=Education.BACHELOR,
        school_and_major="四川大学",
        start_date=date(1999, 9, 1),
        end_date=date(2003, 7, 1),
    )
    AuditFinding.objects.create(
        cadre=fine, rule=AuditRule.WORK_START_UNDER_16, message="旧的", found_on=date(2026, 1, 1)
    )

    first = _run_audit()
    again = _run_audit()

    rows = sorted(AuditFinding.objects.values_list("cadre__name", "rule", "found_on"))
    assert rows == [
        ("年轻", AuditRule.WORK_START_UNDER_16, date(2026, 11, 30)),
        ("晚毕业", AuditRule.EDUCATION_AFTER_WORK_START, date(2026, 11, 30)),
    ]
    assert (
        first.summary
        == again.summary
        == {
            "findings": 2,
            "by_rule": {"work_start_under_16": 1, "education_after_work_start": 1},
            "found_on": "2026-11-30",
        }
    )
    assert (again.status, again.done, again.total) == (JobRun.Status.SUCCEEDED, 3, 3)
    assert young.pk


def test_the_job_takes_the_same_queries_per_batch_however_long_the_histories(county, settings):
    settings.AUDIT_BATCH_SIZE = 100
    # Work at 15: a finding in both runs, so both write (one insert per batch).
    cadre = CadreFactory(birth_date=date(1990, 1, 1), work_start_date=date(2005, 6, 1), unit=county["township"])
    with CaptureQueriesContext(connection) as short:
        _run_audit()
    for year in range(2010, 2024):
        AppointmentFactory(cadre=cadre, effective_date=date(year, 3, 1))
        RankChangeFactory(
            cadre=cadre, effective_date=date(year, 6, 1), to_rank=3 + year % 2, kind=RankChangeKind.CONVERSION
        )
        AnnualResultFactory(cadre=cadre, year=year)
    for _ in range(20):
        CadreFactory(unit=county["organ"])
    with CaptureQueriesContext(connection) as long:
        _run_audit()

    assert len(long.captured_queries) == len(short.captured_queries)


# ---------------------------------------------------------------- the page


@pytest.fixture
def findings(county):
    inside = CadreFactory(name="卓玛", unit=county["village"])
    outside = CadreFactory(name="王建国", unit=county["organ"])
    for cadre in (inside, outside):
        AuditFinding.objects.create(
            cadre=cadre, rule=AuditRule.PARTY_JOIN_UNDER_18, message="入党时未满18周岁", found_on=date(2026, 11, 30)
        )
    return inside, outside


def _names(response):
    return [row.record.cadre.name for row in response.context["table"].page.object_list]


def test_unit_hr_sees_the_findings_of_their_units_only(as_user, unit_hr, findings):
    response = as_user(unit_hr).get("/dashboard/audit/")

    assert response.status_code == 200
    assert _names(response) == ["卓玛"]
    assert "立即核查" not in response.content.decode()


def test_org_staff_filter_by_rule_and_start_the_audit(as_user, org_staff, findings):
    client = as_user(org_staff)

    by_rule = client.get("/dashboard/audit/", {"rule": AuditRule.PARTY_JOIN_UNDER_18})
    other_rule = client.get("/dashboard/audit/", {"rule": AuditRule.CAREER_GAP})
    started = client.post("/dashboard/audit/run/")

    # official order: the county's organ (排序号 300) before the township and its village (700)
    assert _names(by_rule) == ["王建国", "卓玛"]
    assert _names(other_rule) == []
    job = JobRun.objects.get(kind=services.RECORD_AUDIT_KIND)
    assert started["Location"] == f"/jobs/{job.pk}/"


@pytest.mark.parametrize(("who", "expected"), [("unit_hr", 403), ("cadre_user", 403)])
def test_only_org_staff_start_the_audit(request, as_user, who, expected):
    response = as_user(request.getfixturevalue(who)).post("/dashboard/audit/run/")

    assert response.status_code == expected
    assert not JobRun.objects.exists()


def test_a_cadre_may_not_open_the_audit(as_user, cadre_user):
    assert as_user(cadre_user).get("/dashboard/audit/").status_code == 403
