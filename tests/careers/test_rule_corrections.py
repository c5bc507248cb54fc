"""Issue 11 through the careers services, pages and API, with the issue's own dates:

- item 3 (domain-rules §1, L): 免职 / 责令辞职 bar leadership posts for 12 months and posts above the old
  level for 24; the old level is recorded on the measure; nothing else is barred;
- item 4 (§2, 公务员考核规定 art. 28): a closed investigation's outcome reaches the grade cap;
- item 5 (§1, S): the county rank ceiling ``RANK_CEILING_COUNTY``;
- item 6 (§7, S): grassroots experience checked at a 提拔 to 县处级, a warning to acknowledge.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from cadres.choices import LeadershipLevel, PoliticalStatus, Rank
from cadres.models import Cadre
from careers import selectors, services
from careers.choices import AppointmentKind, GradeCapKind, RankChangeKind, RecordKind
from careers.models import AccountabilityRecord, Appointment, RankChange
from postings.choices import PostingKind, PostingStatus
from tests.api import error_messages
from tests.factories import CadreFactory
from tests.postings.factories import PostingFactory

D = datetime.date


@pytest.fixture
def town_head(county):
    """A 乡科级正职 (镇长) at rank 6 (一级主任科员), removed from post on 2024-01-10 (issue 11 item 3)."""
    return CadreFactory(
        name="扎西",
        unit=county["township"],
        post_title="镇长",
        post_date=D(2018, 6, 1),
        leadership_level=LeadershipLevel.TOWNSHIP_CHIEF,
        rank=Rank.PRINCIPAL_STAFF_1,
        rank_date=D(2020, 1, 1),
        political_status=PoliticalStatus.PARTY_MEMBER,
        work_start_date=D(2005, 7, 1),
    )


REMOVED = D(2024, 1, 10)
INVESTIGATION_OPENED = D(2024, 11, 1)


def remove(actor, cadre, day=REMOVED):
    """The 免职 appointment and the 免职 measure of the same day."""
    services.appointment_create(
        actor=actor,
        cadre=cadre,
        data={
            "kind": AppointmentKind.REMOVAL,
            "effective_date": day,
            "approving_body": "中共新龙县委",
            "document_number": "新委〔2024〕1号",
        },
    )
    return services.accountability_record_create(
        actor=actor,
        cadre=cadre,
        data={"kind": RecordKind.REMOVAL, "decided_on": day, "issuing_body": "中共新龙县委", "reason": "履职不力"},
    )


def post(kind, level, day, **extra):
    return {
        "kind": kind,
        "post_title": "党委副书记",
        "leadership_level": level,
        "effective_date": day,
        "approving_body": "中共新龙县委",
        "document_number": f"新委〔{day.year}〕{day.month}{day.day}号",
        **extra,
    }


def rank(kind, from_rank, to_rank, day):
    return {
        "kind": kind,
        "from_rank": from_rank,
        "to_rank": to_rank,
        "effective_date": day,
        "reason": "任职年限已满",
        "document_number": f"新组〔{day.year}〕{day.month}{day.day}号",
    }


def errors(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


# ---------------------------------------------------------------- item 3: 免职 bars (§1)


def test_removal_measure_records_the_level_given_up(org_staff, town_head):
    measure = remove(org_staff, town_head)
    assert measure.old_leadership_level == LeadershipLevel.TOWNSHIP_CHIEF


def test_removal_of_2024_01_10_bars_only_what_it_names(org_staff, town_head, county):
    # §1 (L): 免职 2024-01-10 of a 乡科级正职
    remove(org_staff, town_head)
    township = county["township"]

    # inside the first 12 months: no leadership post, even at a lower level
    refused = errors(
        lambda: services.appointment_create(
            actor=org_staff,
            cadre=town_head,
            data=post(AppointmentKind.LATERAL_TRANSFER, LeadershipLevel.TOWNSHIP_DEPUTY, D(2024, 6, 1), unit=township),
        )
    )
    assert refused["leadership_level"] == [
        "2024-06-01该干部不得担任乡科级副职领导职务："
        "推进领导干部能上能下规定：免职，12个月内不得担任领导职务（至2025-01-09）"
    ]

    # a rank promotion 6 → 7 is not barred by 免职
    change = services.rank_change_create(
        actor=org_staff,
        cadre=town_head,
        data=rank(RankChangeKind.PROMOTION, Rank.PRINCIPAL_STAFF_1, Rank.RESEARCHER_4, D(2024, 6, 1)),
    )
    assert change.to_rank == Rank.RESEARCHER_4

    # after 12 months, within 24: nothing above the old level ...
    refused = errors(
        lambda: services.appointment_create(
            actor=org_staff,
            cadre=town_head,
            data=post(AppointmentKind.PROMOTION, LeadershipLevel.COUNTY_DEPUTY, D(2025, 2, 1), unit=township),
        )
    )
    assert refused["effective_date"] == [
        "2025-02-01该干部不得提拔任职：推进领导干部能上能下规定：免职，"
        "24个月内不得担任高于原任职务层次（乡科级正职）的领导职务（至2026-01-09）"
    ]

    # ... but a 平级转任 to 乡科级正职 (his old level) on 2025-02-01 is allowed
    appointment = services.appointment_create(
        actor=org_staff,
        cadre=town_head,
        data=post(AppointmentKind.LATERAL_TRANSFER, LeadershipLevel.TOWNSHIP_CHIEF, D(2025, 2, 1), unit=township),
    )
    town_head.refresh_from_db()
    assert (appointment.kind, town_head.leadership_level, town_head.rank) == (
        AppointmentKind.LATERAL_TRANSFER,
        LeadershipLevel.TOWNSHIP_CHIEF,
        Rank.RESEARCHER_4,
    )


def test_removal_measure_without_a_level_to_find_asks_for_it(org_staff, county):
    cadre = CadreFactory(unit=county["township"], post_title="", leadership_level=None)
    before = AccountabilityRecord.objects.count()
    refused = errors(
        lambda: services.accountability_record_create(
            actor=org_staff,
            cadre=cadre,
            data={"kind": RecordKind.REMOVAL, "decided_on": D(2024, 1, 10), "issuing_body": "县委", "reason": "x"},
        )
    )
    assert refused == {"old_leadership_level": ["请填写原领导职务层次：免职后24个月内不得担任高于该层次的领导职务。"]}
    assert AccountabilityRecord.objects.count() == before


def test_old_level_on_another_kind_of_record_is_refused(org_staff, town_head):
    refused = errors(
        lambda: services.accountability_record_create(
            actor=org_staff,
            cadre=town_head,
            data={
                "kind": RecordKind.DEMERIT,
                "decided_on": D(2024, 1, 10),
                "issuing_body": "县纪委监委",
                "reason": "x",
                "old_leadership_level": 2,
            },
        )
    )
    assert refused == {"old_leadership_level": ["只有免职、责令辞职需要填写原领导职务层次。"]}


def test_record_form_takes_the_old_level(org_staff, as_user, town_head):
    response = as_user(org_staff).post(
        reverse("careers:record_create", args=[town_head.pk]),
        {
            "kind": "ordered_resignation",
            "decided_on": "2024-01-10",
            "issuing_body": "中共新龙县委",
            "reason": "失职",
            "old_leadership_level": "2",
        },
    )
    assert response.status_code == 302
    assert AccountabilityRecord.objects.get().old_leadership_level == LeadershipLevel.TOWNSHIP_CHIEF
    page = as_user(org_staff).get(reverse("careers:cadre_career", args=[town_head.pk])).content.decode()
    assert "原任乡科级正职" in page


def test_api_takes_the_old_level_and_refuses_it_on_other_kinds(as_user, org_staff, town_head):
    client = as_user(org_staff)
    payload = {
        "cadre": town_head.pk,
        "kind": "removal",
        "decided_on": "2024-01-10",
        "issuing_body": "中共新龙县委",
        "reason": "失职",
        "old_leadership_level": 2,
    }
    response = client.post("/api/careers/records/", payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["old_leadership_level"] == 2
    response = client.post("/api/careers/records/", {**payload, "kind": "demerit"}, content_type="application/json")
    assert response.status_code == 400
    assert error_messages(response) == {"old_leadership_level": ["只有免职、责令辞职需要填写原领导职务层次。"]}
    assert AccountabilityRecord.objects.count() == 1


# ---------------------------------------------------------------- item 4: closed investigations (§2 art. 28)


def open_investigation(actor, cadre, day=INVESTIGATION_OPENED):
    return services.accountability_record_create(
        actor=actor,
        cadre=cadre,
        data={"kind": RecordKind.INVESTIGATION, "decided_on": day, "issuing_body": "县纪委监委", "reason": "线索"},
    )


@pytest.mark.parametrize(
    ("outcome", "sanction", "cap"),
    [
        pytest.param("no_sanction", "", GradeCapKind.NONE, id="§2 第28条 未予处分 正常定等次"),
        pytest.param("warning_only", "", GradeCapKind.NOT_EXCELLENT, id="§2 第28条 仅予警告 不得评为优秀"),
        pytest.param("sanctioned", "major_demerit", GradeCapKind.UNGRADED, id="§2 第28-29条 记大过 不定等次"),
        pytest.param("sanctioned", "party_post_revoked", GradeCapKind.INCOMPETENT, id="§2 撤销党内职务 不称职"),
    ],
)
def test_investigation_of_2024_11_01_closed_2025_02_01_sets_the_2024_grade(
    org_staff, town_head, outcome, sanction, cap
):
    record = open_investigation(org_staff, town_head)
    pending = selectors.cadre_grade_cap(cadre=town_head, year=2024)
    assert (pending.kind, pending.pending) == (GradeCapKind.UNGRADED, True)

    services.investigation_close(
        actor=org_staff, record=record, closed_on=D(2025, 2, 1), outcome=outcome, sanction_kind=sanction
    )

    result = selectors.cadre_grade_cap(cadre=town_head, year=2024)
    assert (result.kind, result.pending) == (cap, False)
    assert selectors.grade_caps_for_cadres(cadre_ids=[town_head.pk], year=2024)[town_head.pk] == result


def test_closing_with_a_sanction_needs_its_kind(org_staff, town_head):
    record = open_investigation(org_staff, town_head)
    refused = errors(
        lambda: services.investigation_close(
            actor=org_staff, record=record, closed_on=D(2025, 2, 1), outcome="sanctioned"
        )
    )
    assert refused == {"sanction_kind": ["审查调查结果为“给予处分”时，请选择所给予的处分。"]}
    refused = errors(
        lambda: services.investigation_close(
            actor=org_staff, record=record, closed_on=D(2025, 2, 1), outcome="no_sanction", sanction_kind="demerit"
        )
    )
    assert refused == {"sanction_kind": ["只有审查调查结果为“给予处分”时需要选择处分种类。"]}
    record.refresh_from_db()
    assert (record.closed_on, record.outcome, record.sanction_kind) == (None, "", "")


def test_close_form_and_api_take_the_sanction(org_staff, as_user, town_head):
    first = open_investigation(org_staff, town_head)
    response = as_user(org_staff).post(
        reverse("careers:investigation_close", args=[first.pk]),
        {"closed_on": "2025-02-01", "outcome": "sanctioned", "sanction_kind": "demerit"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.outcome, first.sanction_kind) == ("sanctioned", "demerit")

    second = open_investigation(org_staff, town_head, day=D(2025, 3, 1))
    response = as_user(org_staff).post(
        f"/api/careers/records/{second.pk}/close/",
        {"closed_on": "2025-04-01", "outcome": "sanctioned"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert error_messages(response) == {"sanction_kind": ["审查调查结果为“给予处分”时，请选择所给予的处分。"]}
    response = as_user(org_staff).post(
        f"/api/careers/records/{second.pk}/close/",
        {"closed_on": "2025-04-01", "outcome": "sanctioned", "sanction_kind": "party_serious_warning"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["sanction_kind"] == "party_serious_warning"


# ---------------------------------------------------------------- item 5: the county rank ceiling (§1, S)


@pytest.fixture
def researcher(county):
    return CadreFactory(unit=county["organ"], leadership_level=None, rank=Rank.RESEARCHER_2, rank_date=D(2019, 6, 1))


def test_promotion_above_the_county_ceiling_is_refused_naming_the_setting(org_staff, researcher):
    # §1 (S): 二级调研员 → 一级调研员 in a county organ
    before = (RankChange.objects.count(), Cadre.objects.get(pk=researcher.pk).rank)
    refused = errors(
        lambda: services.rank_change_create(
            actor=org_staff,
            cadre=researcher,
            data=rank(RankChangeKind.PROMOTION, Rank.RESEARCHER_2, Rank.RESEARCHER_1, D(2024, 7, 1)),
        )
    )
    assert refused == {
        "to_rank": [
            "职务与职级并行规定：县乡机关职级最高设置至二级调研员（系统设置 RANK_CEILING_COUNTY），"
            "不能设置为一级调研员。"
        ]
    }
    assert (RankChange.objects.count(), Cadre.objects.get(pk=researcher.pk).rank) == before


def test_conversion_above_the_county_ceiling_is_refused_too(org_staff, county):
    cadre = CadreFactory(unit=county["organ"], leadership_level=None, rank=None, rank_date=None)
    refused = errors(
        lambda: services.rank_change_create(
            actor=org_staff, cadre=cadre, data=rank(RankChangeKind.CONVERSION, None, Rank.INSPECTOR_2, D(2019, 6, 1))
        )
    )
    assert "RANK_CEILING_COUNTY" in refused["to_rank"][0]


@override_settings(RANK_CEILING_COUNTY=Rank.RESEARCHER_1)
def test_the_county_ceiling_is_a_setting(org_staff, researcher):
    change = services.rank_change_create(
        actor=org_staff,
        cadre=researcher,
        data=rank(RankChangeKind.PROMOTION, Rank.RESEARCHER_2, Rank.RESEARCHER_1, D(2024, 7, 1)),
    )
    assert change.to_rank == Rank.RESEARCHER_1


def test_rank_ceiling_is_refused_by_the_api_with_the_setting_named(as_user, org_staff, researcher):
    payload = {**rank("promotion", 9, 10, D(2024, 7, 1)), "cadre": researcher.pk, "effective_date": "2024-07-01"}
    response = as_user(org_staff).post("/api/careers/rank-changes/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "RANK_CEILING_COUNTY" in error_messages(response)["to_rank"][0]
    assert Appointment.objects.count() == 0


# ---------------------------------------------------------------- item 6: grassroots experience at 提拔 to 县处级 (§7)


@pytest.fixture
def deputy_head(county):
    """A 乡科级正职 whose only grassroots posting ran 2023-01-02..2024-12-31: one day short of 2 years."""
    cadre = CadreFactory(
        unit=county["township"],
        post_title="镇长",
        post_date=D(2018, 6, 1),
        leadership_level=LeadershipLevel.TOWNSHIP_CHIEF,
        work_start_date=D(2005, 7, 1),
    )
    PostingFactory(
        cadre=cadre,
        kind=PostingKind.FIRST_SECRETARY,
        host_unit=county["village"],
        planned_start=D(2023, 1, 2),
        planned_end=D(2024, 12, 31),
        actual_end=D(2024, 12, 31),
        status=PostingStatus.COMPLETED,
    )
    return cadre


SHORT_WARNING = (
    "党政领导干部选拔任用工作条例第8条：提任县处级领导职务应当具有2年以上基层工作经历，"
    "该干部登记的基层工作经历累计1年11个月30天（按实践锻炼记录计算），不足2年。"
)


def test_promotion_to_county_level_without_two_years_grassroots_needs_acknowledging(org_staff, deputy_head, county):
    # §7 (S): 2023-01-02..2024-12-31 is not 2 years
    data = post(AppointmentKind.PROMOTION, LeadershipLevel.COUNTY_DEPUTY, D(2025, 3, 1), unit=county["organ"])
    refused = errors(lambda: services.appointment_create(actor=org_staff, cadre=deputy_head, data=data))
    assert refused == {"acknowledge_warnings": [SHORT_WARNING + "如确需提拔，请勾选“已知悉上述提示”后再提交。"]}
    assert Appointment.objects.count() == 0

    appointment = services.appointment_create(
        actor=org_staff, cadre=deputy_head, data={**data, "acknowledge_warnings": True}
    )
    assert appointment.acknowledged_warning == SHORT_WARNING
    deputy_head.refresh_from_db()
    assert deputy_head.leadership_level == LeadershipLevel.COUNTY_DEPUTY


def test_two_full_years_of_grassroots_need_no_acknowledging(org_staff, deputy_head, county):
    deputy_head.postings.update(planned_start=D(2023, 1, 1))
    appointment = services.appointment_create(
        actor=org_staff,
        cadre=deputy_head,
        data=post(AppointmentKind.PROMOTION, LeadershipLevel.COUNTY_DEPUTY, D(2025, 3, 1), unit=county["organ"]),
    )
    assert appointment.acknowledged_warning == ""


def test_promotion_below_county_level_is_not_checked(org_staff, county):
    cadre = CadreFactory(unit=county["township"], post_title="副镇长", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY)
    appointment = services.appointment_create(
        actor=org_staff,
        cadre=cadre,
        data=post(AppointmentKind.PROMOTION, LeadershipLevel.TOWNSHIP_CHIEF, D(2025, 3, 1), unit=county["township"]),
    )
    assert appointment.acknowledged_warning == ""


def test_appointment_form_shows_the_warning_and_takes_the_acknowledgement(org_staff, as_user, deputy_head, county):
    url = reverse("careers:appointment_create", args=[deputy_head.pk])
    payload = {
        "kind": "promotion",
        "post_title": "县财政局局长",
        "unit": county["organ"].pk,
        "leadership_level": "3",
        "effective_date": "2025-03-01",
        "approving_body": "中共新龙县委",
        "document_number": "新委〔2025〕9号",
    }
    response = as_user(org_staff).post(url, payload)
    assert response.status_code == 200
    assert "1年11个月30天" in response.content.decode()
    assert Appointment.objects.count() == 0
    response = as_user(org_staff).post(url, {**payload, "acknowledge_warnings": "on"})
    assert response.status_code == 302
    assert Appointment.objects.get().acknowledged_warning == SHORT_WARNING


def test_api_refuses_without_acknowledging_and_accepts_with_it(as_user, org_staff, deputy_head, county):
    client = as_user(org_staff)
    payload = {
        "cadre": deputy_head.pk,
        "kind": "promotion",
        "post_title": "县财政局局长",
        "unit": county["organ"].pk,
        "leadership_level": 3,
        "effective_date": "2025-03-01",
        "approving_body": "中共新龙县委",
        "document_number": "新委〔2025〕9号",
    }
    response = client.post("/api/careers/appointments/", payload, content_type="application/json")
    assert response.status_code == 400
    assert list(error_messages(response)) == ["acknowledge_warnings"]
    response = client.post(
        "/api/careers/appointments/", {**payload, "acknowledge_warnings": True}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["acknowledged_warning"] == SHORT_WARNING
