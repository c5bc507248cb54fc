"""The county and unit dashboards: each figure of domain-rules §10 equals a count made directly in the test,
for org staff (the county) and for unit HR (their township); the unit filter, the cache's invalidation, the
list behind each figure, the 年度统计表 export, and who may come in."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.policy import EVERYTHING
from assessments.choices import Grade
from cadres.choices import Category, LeadershipLevel, PoliticalStatus
from care.choices import FlatStatus, InspectionStatus
from careers.choices import AppointmentKind, RecordKind
from careers.models import AccountabilityRecord
from dashboard.figures import FIGURES
from dashboard.summary import yearly_summary
from postings.choices import ExchangeDirection, PostingKind, PostingStatus
from rewards.choices import AwardKind
from tests.assessments.factories import AnnualResultFactory
from tests.care.factories import BuildingFactory, FlatFactory, InspectionItemFactory, PayRecordFactory
from tests.careers.factories import AccountabilityRecordFactory, AppointmentFactory
from tests.factories import CadreFactory
from tests.postings.factories import ExternalHostFactory, PostingFactory, VillageProfileFactory
from tests.rewards.factories import AwardFactory
from tests.sheets import exported_table
from tests.training.factories import CourseFactory, CourseSessionFactory
from training.choices import CourseKind, CourseStatus, CreditSource, EnrolmentStatus
from training.models import Enrolment, TrainingCredit

D = datetime.date


@pytest.fixture
def year_2025(county, own_cadre, other_cadre, outside_cadre):
    """The records of 2025 (and a few of other years that must not count). own_cadre and other_cadre are in
    unit HR's township; outside_cadre is in the county finance bureau."""
    records_of_2025(county, own_cadre, other_cadre, outside_cadre, village=county["village"])
    return county


def records_of_2025(county, own_cadre, other_cadre, outside_cadre, *, village):
    """Every kind of record a figure counts, for three cadres (two in the township, one in the organ): once
    more for three other cadres, every figure doubles (the query-count tests use that)."""
    own_cadre.party_join_date = D(2025, 7, 1)
    own_cadre.save()
    outside_cadre.party_join_date = D(2025, 3, 1)
    outside_cadre.save()
    # training: course A (two 2025 sessions, own and other completed), course B (one, outside), older and draft
    a = CourseFactory(status=CourseStatus.FINISHED, start_date=D(2025, 5, 1), end_date=D(2025, 5, 10))
    b = CourseFactory(status=CourseStatus.FINISHED, start_date=D(2025, 9, 1), end_date=D(2025, 9, 3))
    CourseSessionFactory(course=a, date=D(2025, 5, 1))
    CourseSessionFactory(course=a, date=D(2025, 5, 2))
    CourseSessionFactory(course=b, date=D(2025, 9, 1))
    older = CourseFactory(status=CourseStatus.FINISHED, start_date=D(2024, 5, 1), end_date=D(2024, 5, 2))
    CourseSessionFactory(course=older)
    CourseSessionFactory(course=CourseFactory(status=CourseStatus.DRAFT, start_date=D(2025, 6, 1)))
    for course, cadre in ((a, own_cadre), (a, other_cadre), (b, outside_cadre)):
        enrolment = Enrolment.objects.create(course=course, cadre=cadre, status=EnrolmentStatus.COMPLETED)
        TrainingCredit.objects.create(
            cadre=cadre,
            earned_on=course.end_date,
            year=2025,
            hours=Decimal("10"),
            source=CreditSource.COURSE,
            enrolment=enrolment,
        )
    activists = CourseFactory(
        kind=CourseKind.ACTIVIST, status=CourseStatus.FINISHED, start_date=D(2025, 4, 1), end_date=D(2025, 4, 3)
    )
    tour = CourseFactory(
        kind=CourseKind.STUDY_TOUR,
        location="广东深圳",
        status=CourseStatus.FINISHED,
        start_date=D(2025, 10, 8),
        end_date=D(2025, 10, 15),
    )
    Enrolment.objects.create(course=activists, cadre=own_cadre, status=EnrolmentStatus.COMPLETED)
    Enrolment.objects.create(course=tour, cadre=outside_cadre, status=EnrolmentStatus.COMPLETED)
    Enrolment.objects.create(course=tour, cadre=other_cadre, status=EnrolmentStatus.ENROLLED)
    older_enrolment = Enrolment.objects.create(course=older, cadre=own_cadre, status=EnrolmentStatus.COMPLETED)
    TrainingCredit.objects.create(
        cadre=own_cadre,
        earned_on=D(2024, 5, 2),
        year=2024,
        hours=Decimal("5"),
        source=CreditSource.COURSE,
        enrolment=older_enrolment,
    )
    # postings
    PostingFactory(
        cadre=own_cadre,
        kind=PostingKind.FRONT_LINE,
        planned_start=D(2025, 3, 1),
        planned_end=D(2025, 9, 1),
        actual_end=D(2025, 9, 1),
        status=PostingStatus.COMPLETED,
    )
    PostingFactory(
        cadre=own_cadre,
        kind=PostingKind.EXCHANGE,
        exchange_direction=ExchangeDirection.COUNTY_TO_TOWNSHIP,
        planned_start=D(2025, 10, 1),
    )
    PostingFactory(
        cadre=outside_cadre,
        kind=PostingKind.TEMPORARY_POST,
        host_unit=None,
        external_host=ExternalHostFactory(),
        planned_start=D(2025, 2, 1),
    )
    PostingFactory(cadre=other_cadre, kind=PostingKind.FIRST_SECRETARY, host_unit=village, planned_start=D(2024, 6, 1))
    VillageProfileFactory(unit=village, is_poverty=True, is_weak_lax=True)
    # selection and adjustment
    AppointmentFactory(
        cadre=own_cadre, kind=AppointmentKind.PROMOTION, effective_date=D(2025, 11, 1), unit=county["township"]
    )
    AppointmentFactory(
        cadre=outside_cadre,
        kind=AppointmentKind.LATERAL_TRANSFER,
        effective_date=D(2025, 4, 1),
        unit=county["organ"],
        leadership_level=LeadershipLevel.TOWNSHIP_CHIEF,
    )
    AccountabilityRecordFactory(cadre=own_cadre, kind=RecordKind.REMINDER_TALK, decided_on=D(2025, 5, 1))
    AccountabilityRecordFactory(cadre=outside_cadre, kind=RecordKind.REMINDER_TALK, decided_on=D(2025, 6, 1))
    AccountabilityRecordFactory(cadre=outside_cadre, kind=RecordKind.PARTY_WARNING, decided_on=D(2025, 7, 1))
    AccountabilityRecordFactory(cadre=outside_cadre, kind=RecordKind.REMINDER_TALK, decided_on=D(2024, 6, 1))
    # 除名: one in the organ in 2025, one in the township the year before (not a discipline: 党纪政务处分 stays 1)
    AccountabilityRecordFactory(cadre=outside_cadre, kind=RecordKind.PARTY_ROLL_REMOVAL, decided_on=D(2025, 9, 1))
    AccountabilityRecordFactory(cadre=own_cadre, kind=RecordKind.PARTY_ROLL_REMOVAL, decided_on=D(2024, 12, 31))
    village_head = CadreFactory(name="村主任", category=Category.VILLAGE, unit=village)
    AccountabilityRecordFactory(cadre=village_head, kind=RecordKind.ADMONISHMENT, decided_on=D(2025, 8, 1))
    # assessment and rewards
    AnnualResultFactory(cadre=own_cadre, year=2025, grade=Grade.EXCELLENT)
    AnnualResultFactory(cadre=other_cadre, year=2025, grade=Grade.COMPETENT)
    AnnualResultFactory(cadre=outside_cadre, year=2025, grade=Grade.EXCELLENT)
    AnnualResultFactory(cadre=outside_cadre, year=2024, grade=Grade.EXCELLENT)
    AwardFactory(cadre=own_cadre, kind=AwardKind.COMMENDATION, year=2025)
    AwardFactory(cadre=outside_cadre, kind=AwardKind.MERIT_THIRD, year=2025)
    # care
    township_building = BuildingFactory(unit=county["township"])
    FlatFactory(building=township_building, status=FlatStatus.OCCUPIED)
    FlatFactory(building=township_building)
    FlatFactory(building=township_building, status=FlatStatus.RETIRED)
    FlatFactory(building=BuildingFactory(unit=county["organ"]))
    InspectionItemFactory(year=2025)
    InspectionItemFactory(year=2025)
    # township pay in December (the latest month): the organ's peer earns 5,000, so the floor is 6,000
    PayRecordFactory(cadre=outside_cadre, month=D(2025, 12, 1), base_pay=Decimal("5000"))
    PayRecordFactory(cadre=own_cadre, month=D(2025, 12, 1), base_pay=Decimal("5000"), township_allowance=Decimal("600"))
    PayRecordFactory(cadre=own_cadre, month=D(2025, 6, 1), base_pay=Decimal("5000"), township_allowance=Decimal("600"))
    PayRecordFactory(
        cadre=other_cadre, month=D(2025, 12, 1), base_pay=Decimal("5000"), township_allowance=Decimal("1000")
    )
    InspectionItemFactory(year=2025, status=InspectionStatus.RETIRED, status_reason="上级已取消")
    return county


COUNTY_2025 = {
    "training_sessions": 3,
    "training_attendances": 5,
    "activists_trained": 1,
    "study_tours": 1,
    "training_hours": Decimal("30"),
    "new_party_members": 2,
    "temporary_posts_outside": 1,
    "front_line_postings": 1,
    "first_secretaries": 1,
    "exchanges_down": 1,
    "exchanges_up": 0,
    "postings_started": 3,
    "front_line_promotions": 1,
    "key_post_appointments": 1,
    "unfit_adjustments": 0,
    "village_cadres_handled": 1,
    "reminder_talks": 2,
    "party_expulsions": 0,
    "party_roll_removals": 1,
    "discipline": 1,
    "annual_results": 3,
    "excellent_results": 2,
    "excellent_quota": 0,
    "awards": 2,
    "merits": 1,
    "priority_promotions": 0,
    "fund_grants": 0,
    "fund_amount": 0,
    "flats": 3,
    "occupied_flats": 1,
    "township_pay_gaps": 1,
    "inspection_items": 2,
}
TOWNSHIP_2025 = {
    **COUNTY_2025,
    "training_sessions": 2,
    "training_attendances": 3,
    "study_tours": 0,
    "training_hours": Decimal("20"),
    "new_party_members": 1,
    "temporary_posts_outside": 0,
    "postings_started": 2,
    "key_post_appointments": 0,
    "reminder_talks": 1,
    "party_roll_removals": 0,
    "discipline": 0,
    "annual_results": 2,
    "excellent_results": 1,
    "awards": 1,
    "merits": 0,
    "flats": 2,
}


def test_every_figure_of_the_county_equals_the_count_made_here(org_staff, year_2025):
    assert yearly_summary(user=org_staff, year=2025).values() == COUNTY_2025


def test_unit_hr_gets_the_same_figures_for_their_township_only(unit_hr, year_2025):
    assert yearly_summary(user=unit_hr, year=2025).values() == TOWNSHIP_2025


def test_the_unit_filter_gives_the_units_figures(org_staff, year_2025):
    assert yearly_summary(user=org_staff, year=2025, unit=year_2025["township"]).values() == TOWNSHIP_2025


def test_another_year_counts_that_years_records(org_staff, year_2025):
    values = yearly_summary(user=org_staff, year=2024).values()

    assert (
        values["training_sessions"],
        values["reminder_talks"],
        values["party_roll_removals"],
        values["annual_results"],
        values["first_secretaries"],
    ) == (1, 1, 1, 1, 1)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_roll_removal_figure_equals_the_removals_counted_in_the_database(org_staff, year_2025, year):
    """domain-rules §10: "1 removed from the rolls (除名)", a record kind of its own, counted by its decision date."""
    counted = AccountabilityRecord.objects.filter(kind="party_roll_removal", decided_on__year=year).count()

    assert yearly_summary(user=org_staff, year=year).value("party_roll_removals") == counted == {2026: 0}.get(year, 1)


def test_a_roll_removal_recorded_through_the_page_shows_at_once(as_user, org_staff, year_2025, other_cadre):
    # Not outside_cadre: year_2025 already removed him from the rolls, and a removed member cannot be removed again.
    before = yearly_summary(user=org_staff, year=2025).value("party_roll_removals")
    other_cadre.political_status = PoliticalStatus.PARTY_MEMBER
    other_cadre.save()
    response = as_user(org_staff).post(
        f"/careers/cadres/{other_cadre.pk}/records/new/",
        {
            "kind": "party_roll_removal",
            "decided_on": "2025-11-20",
            "issuing_body": "县财政局机关党支部党员大会",
            "reason": "连续六个月不参加党的组织生活，视为自行脱党",
        },
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert (before, yearly_summary(user=org_staff, year=2025).value("party_roll_removals")) == (1, 2)


def test_a_change_to_the_records_shows_at_once_despite_the_cache(org_staff, year_2025, outside_cadre):
    before = yearly_summary(user=org_staff, year=2025).value("reminder_talks")
    AccountabilityRecordFactory(cadre=outside_cadre, kind=RecordKind.REMINDER_TALK, decided_on=D(2025, 12, 1))

    assert (before, yearly_summary(user=org_staff, year=2025).value("reminder_talks")) == (2, 3)


def test_the_eligibility_engine_changing_a_row_in_place_shows_at_once_despite_the_cache(org_staff, own_cadre):
    """The engine upserts its eligibility rows (same id, same count): the version must still change."""
    from rewards.models import RankPromotionEligibility

    row = RankPromotionEligibility.objects.create(cadre=own_cadre, computed_on=D(2025, 12, 1), priority=False)
    before = yearly_summary(user=org_staff, year=2025).value("priority_promotions")
    RankPromotionEligibility.objects.bulk_create(
        [RankPromotionEligibility(cadre=own_cadre, computed_on=D(2025, 12, 2), priority=True)],
        update_conflicts=True,
        unique_fields=["cadre"],
        update_fields=["computed_on", "updated_at", "priority"],
    )

    assert RankPromotionEligibility.objects.get().pk == row.pk
    assert (before, yearly_summary(user=org_staff, year=2025).value("priority_promotions")) == (0, 1)


def test_the_breakdowns_split_their_figure(org_staff, year_2025):
    summary = yearly_summary(user=org_staff, year=2025)
    items = {item.figure.key: item for _key, _title, group in summary.sections for item in group}

    assert items["annual_results"].breakdown == [("excellent", "优秀", 2), ("competent", "称职", 1)]
    assert items["awards"].breakdown == [("commendation", "嘉奖", 1), ("merit_third", "记三等功", 1)]
    assert items["study_tours"].breakdown == [("广东深圳", "广东深圳", 1)]
    assert items["first_secretaries"].breakdown == [
        ("is_poverty", "贫困村/脱贫村", 1),
        ("is_weak_lax", "软弱涣散村", 1),
        ("is_weak_collective_economy", "集体经济薄弱村", 0),
        ("is_relocation_site", "易地搬迁安置村", 0),
    ]


def test_the_list_behind_a_village_category_holds_its_first_secretaries(as_user, org_staff, year_2025):
    client = as_user(org_staff)
    poor = client.get("/dashboard/figures/first_secretaries/", {"year": 2025, "group": "is_poverty"})
    weak = client.get("/dashboard/figures/first_secretaries/", {"year": 2025, "group": "is_weak_collective_economy"})

    assert (poor.context["total"], weak.context["total"]) == (1, 0)


def test_the_pay_gap_figure_agrees_with_the_care_report_row_for_row(org_staff, year_2025):
    from care.selectors import township_pay_report

    report = township_pay_report(user=org_staff, month=D(2025, 12, 1))

    assert [row.record.cadre.name for row in report] == ["扎西"]
    assert yearly_summary(user=org_staff, year=2025).value("township_pay_gaps") == len(report)


@pytest.mark.parametrize("figure", [f for f in FIGURES if not f.sum_field], ids=lambda f: f.key)
def test_the_list_behind_each_figure_holds_exactly_its_records(as_user, org_staff, year_2025, figure):
    response = as_user(org_staff).get(f"/dashboard/figures/{figure.key}/", {"year": 2025})

    assert response.status_code == 200
    assert response.context["total"] == COUNTY_2025[figure.key]


def test_the_list_behind_a_figure_is_scoped_for_unit_hr(as_user, unit_hr, year_2025):
    response = as_user(unit_hr).get("/dashboard/figures/reminder_talks/", {"year": 2025})

    assert [row.record.cadre.name for row in response.context["table"].page.object_list] == ["扎西"]


def test_the_dashboard_page_links_every_figure_and_draws_the_charts(as_user, org_staff, year_2025):
    response = as_user(org_staff).get("/dashboard/", {"year": 2025})
    html = response.content.decode()

    assert response.status_code == 200
    for figure in FIGURES:
        assert f'href="/dashboard/figures/{figure.key}/?year=2025"' in html, figure.key
    assert 'id="chart-annual_results-data"' in html
    assert "vendor/echarts/echarts.min.js" in html


def test_stored_text_in_a_chart_is_data_never_markup(as_user, org_staff, year_2025, outside_cadre):
    AwardFactory(cadre=outside_cadre, kind=AwardKind.HONORARY_TITLE, year=2025)
    from rewards.models import Fund

    Fund.objects.create(name="<img src=x onerror=alert(1)>")
    html = as_user(org_staff).get("/dashboard/", {"year": 2025}).content.decode()

    assert "<img src=x" not in html


def test_the_yearly_summary_exports_every_figure(as_user, org_staff, year_2025):
    response = as_user(org_staff).get("/dashboard/export/", {"year": 2025})
    header, rows = exported_table(response.content)

    assert header == ["序号", "类别", "项目", "分项", "数值", "单位"]
    by_label = {row[2]: row[4] for row in rows if row[2]}
    assert by_label["提醒谈话"] == 2
    assert by_label["培训和讲座（期次）"] == 3
    assert by_label["记三等功"] == 1


def test_the_dashboard_takes_the_same_queries_for_more_records(as_user, org_staff, year_2025, county):
    client = as_user(org_staff)
    with CaptureQueriesContext(connection) as few:
        client.get("/dashboard/", {"year": 2025})
    for day in range(1, 10):
        AccountabilityRecordFactory(
            cadre=CadreFactory(unit=county["organ"]), kind=RecordKind.REMINDER_TALK, decided_on=D(2025, 2, day)
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get("/dashboard/", {"year": 2025})

    assert response.context["summary"].value("reminder_talks") == 11
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/figures/awards/", "/dashboard/export/"])
def test_a_cadre_may_not_open_the_dashboards(as_user, cadre_user, path):
    assert as_user(cadre_user).get(path).status_code == 403


def test_a_unit_out_of_scope_is_not_taken(as_user, unit_hr, year_2025):
    response = as_user(unit_hr).get("/dashboard/", {"year": 2025, "unit": year_2025["organ"].pk})

    assert response.context["summary"].unit is None
    assert response.context["summary"].values() == TOWNSHIP_2025


def test_the_figures_scope_comes_from_the_policy(org_staff, year_2025):
    assert yearly_summary(user=org_staff, year=2025).values() == {
        figure.key: figure.total(figure.records(EVERYTHING, 2025, None)) for figure in FIGURES
    }


# ---------------------------------------------------------------- my record


def test_a_cadre_sees_grades_awards_and_why_he_is_not_yet_eligible_on_my_record(
    as_user, cadre_user, own_cadre, outside_cadre
):
    from rewards.models import RankPromotionEligibility

    AnnualResultFactory(cadre=own_cadre, year=2024, grade=Grade.EXCELLENT)
    AnnualResultFactory(cadre=own_cadre, year=2025, grade=Grade.COMPETENT)
    AnnualResultFactory(cadre=outside_cadre, year=2025, grade=Grade.INCOMPETENT)
    AwardFactory(cadre=own_cadre, kind=AwardKind.COMMENDATION, year=2024)
    RankPromotionEligibility.objects.create(
        cadre=own_cadre,
        computed_on=D(2026, 11, 30),
        current_rank=3,
        target_rank=4,
        eligible=False,
        reasons=["任现职级 18 个月，需 24 个月（2024 年优秀缩短 6 个月）"],
    )

    html = as_user(cadre_user).get("/cadres/me/").content.decode()

    assert "2024年度：优秀" in html
    assert "2025年度：称职" in html
    assert "不称职" not in html
    assert "嘉奖" in html
    assert "暂不符合晋升条件" in html
    assert "任现职级 18 个月，需 24 个月（2024 年优秀缩短 6 个月）" in html
