"""Pages: the permission matrix for every page, bad input shown in Chinese with nothing changed, Excel export."""

import datetime

import pytest
from django.urls import reverse

from cadres.choices import LeadershipLevel, PoliticalStatus
from careers.choices import AppointmentKind, ProbationOutcome, RecordKind
from careers.models import AccountabilityRecord, Appointment, FaultToleranceCase, UnfitAdjustmentCase
from tests.careers.factories import AccountabilityRecordFactory, AppointmentFactory, FaultToleranceCaseFactory
from tests.sheets import exported_table

D = datetime.date


@pytest.fixture
def world(own_cadre, other_cadre, outside_cadre):
    """For the cadre in scope of unit HR (own_cadre) and one outside it: a record, a promotion on probation,
    an investigation, an unfit case and a fault-tolerance case."""
    objects = {}
    for key, cadre in (("in", own_cadre), ("out", outside_cadre)):
        cadre.leadership_level = LeadershipLevel.TOWNSHIP_DEPUTY
        cadre.political_status = PoliticalStatus.PARTY_MEMBER
        cadre.save()
        record = AccountabilityRecordFactory(cadre=cadre, kind=RecordKind.DEMERIT)
        objects[key] = {
            "cadre": cadre,
            "record": record,
            "investigation": AccountabilityRecordFactory(cadre=cadre, kind=RecordKind.INVESTIGATION),
            "appointment": AppointmentFactory(
                cadre=cadre,
                kind=AppointmentKind.PROMOTION,
                leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY,
                probation_end=D.today() + datetime.timedelta(days=20),
                probation_outcome=ProbationOutcome.PENDING,
            ),
            "unfit": UnfitAdjustmentCase.objects.create(
                cadre=cadre, opened_on=D(2024, 1, 1), situations={"health": "病休"}
            ),
            "fault": FaultToleranceCaseFactory(record=record),
        }
    return objects


LIST_PAGES = [
    "careers:measure_list",
    "careers:probation_list",
    "careers:investigation_list",
    "careers:unfit_case_list",
    "careers:fault_tolerance_list",
]

# page name, which object's pk it takes
OBJECT_PAGES = [
    ("careers:cadre_career", "cadre"),
    ("careers:appointment_create", "cadre"),
    ("careers:rank_change_create", "cadre"),
    ("careers:record_create", "cadre"),
    ("careers:unfit_case_create", "cadre"),
    ("careers:record_revoke", "record"),
    ("careers:investigation_close", "investigation"),
    ("careers:fault_tolerance_create", "record"),
    ("careers:probation_conclude", "appointment"),
    ("careers:unfit_case_detail", "unfit"),
    ("careers:unfit_case_decide", "unfit"),
    ("careers:fault_tolerance_decide", "fault"),
]


@pytest.fixture
def visitors(admin_user, org_staff, unit_hr, cadre_user):
    return {"anonymous": None, "cadre": cadre_user, "unit_hr": unit_hr, "org_staff": org_staff, "admin": admin_user}


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize(
    ("visitor", "expected"),
    [("anonymous", 302), ("cadre", 403), ("unit_hr", 200), ("org_staff", 200), ("admin", 200)],
)
def test_list_pages_permission_matrix(world, visitors, as_user, name, visitor, expected):
    response = as_user(visitors[visitor]).get(reverse(name))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", LIST_PAGES)
def test_unit_hr_lists_show_only_cadres_in_scope(world, unit_hr, as_user, name):
    content = as_user(unit_hr).get(reverse(name)).content.decode()
    assert world["in"]["cadre"].name in content
    assert world["out"]["cadre"].name not in content


@pytest.mark.parametrize(("name", "key"), OBJECT_PAGES)
@pytest.mark.parametrize(
    ("visitor", "scope", "expected"),
    [
        ("anonymous", "in", 302),
        ("cadre", "in", "own"),
        ("cadre", "out", 404),
        ("unit_hr", "in", 200),
        ("unit_hr", "out", 404),
        ("org_staff", "out", 200),
        ("admin", "in", 200),
    ],
)
def test_object_pages_permission_matrix(world, visitors, as_user, name, key, visitor, scope, expected):
    if expected == "own":
        # a cadre reads his or her own career but may do nothing else
        expected = 200 if name == "careers:cadre_career" else 403
    response = as_user(visitors[visitor]).get(reverse(name, args=[world[scope][key].pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(("name", "key"), [page for page in OBJECT_PAGES if page[0] != "careers:cadre_career"])
@pytest.mark.parametrize(("visitor", "scope", "expected"), [("cadre", "in", 403), ("unit_hr", "out", 404)])
def test_denied_posts_change_nothing(world, visitors, as_user, name, key, visitor, scope, expected):
    counts = lambda: (  # noqa: E731
        Appointment.objects.count(),
        AccountabilityRecord.objects.filter(status="active").count(),
        UnfitAdjustmentCase.objects.filter(status="opened").count(),
        FaultToleranceCase.objects.filter(status="opened").count(),
    )
    before = counts()
    data = {
        "kind": "removal",
        "decided_on": "2024-05-01",
        "effective_date": "2024-05-01",
        "revoked_on": "2024-05-01",
        "reason": "x",
        "issuing_body": "x",
        "approving_body": "x",
        "document_number": "x",
        "closed_on": "2024-05-01",
        "outcome": "exempt",
        "decision": "removal",
        "distinction": "exploratory_trial",
        "opened_on": "2024-05-01",
        "facts": "x",
        "to_rank": "4",
        "check_health": "on",
        "evidence_health": "x",
        "decision_reason": "x",
        "concluded_on": "2024-05-01",
    }
    response = as_user(visitors[visitor]).post(reverse(name, args=[world[scope][key].pk]), data)
    assert response.status_code == expected
    assert counts() == before


def test_cadre_sees_own_career_without_internal_notes(world, cadre_user, org_staff, as_user):
    url = reverse("careers:cadre_career", args=[world["in"]["cadre"].pk])
    own = as_user(cadre_user).get(url).content.decode()
    assert "违反工作纪律" in own
    assert "内部：举报人信息" not in own
    assert "录入任免" not in own
    assert "内部：举报人信息" in as_user(org_staff).get(url).content.decode()


def test_active_bar_is_highlighted_with_its_end_date(org_staff, as_user, own_cadre):
    AccountabilityRecordFactory(cadre=own_cadre, kind=RecordKind.SANCTION_WARNING, decided_on=D.today())
    content = as_user(org_staff).get(reverse("careers:cadre_career", args=[own_cadre.pk])).content.decode()
    assert 'class="timeline-item active-bar"' in content
    assert "不得晋升职务、职级、级别" in content


def test_removal_form_refuses_a_post_not_held_and_changes_nothing(org_staff, as_user, own_cadre):
    url = reverse("careers:appointment_create", args=[own_cadre.pk])
    response = as_user(org_staff).post(
        url,
        {
            "kind": "removal",
            "post_title": "局长",
            "effective_date": "2024-05-06",
            "approving_body": "中共新龙县委",
            "document_number": "新委〔2024〕1号",
        },
    )
    assert response.status_code == 200
    assert "该干部现任职务为“科员”，不能免去其未担任的职务“局长”。" in response.content.decode()
    own_cadre.refresh_from_db()
    assert own_cadre.post_title == "科员"
    assert Appointment.objects.count() == 0


def test_investigation_form_refuses_an_end_before_the_start(org_staff, as_user, own_cadre):
    response = as_user(org_staff).post(
        reverse("careers:record_create", args=[own_cadre.pk]),
        {
            "kind": "investigation",
            "decided_on": "2024-05-06",
            "closed_on": "2024-05-01",
            "outcome": "no_sanction",
            "issuing_body": "县纪委监委",
            "reason": "问题线索",
        },
    )
    assert "结案日期不能早于立案日期（2024-05-06）。" in response.content.decode()
    assert AccountabilityRecord.objects.count() == 0


def test_rank_form_refuses_a_jump_without_conversion(org_staff, as_user, own_cadre):
    response = as_user(org_staff).post(
        reverse("careers:rank_change_create", args=[own_cadre.pk]),
        {"kind": "promotion", "to_rank": "6", "effective_date": "2024-05-06", "reason": "x", "document_number": "y"},
    )
    assert "职级晋升只能逐级晋升，不能跨越3级（套转除外）。" in response.content.decode()
    own_cadre.refresh_from_db()
    assert own_cadre.rank == 3


def test_record_form_saves_and_redirects_to_the_career(org_staff, as_user, own_cadre):
    response = as_user(org_staff).post(
        reverse("careers:record_create", args=[own_cadre.pk]),
        {"kind": "admonishment", "decided_on": "2024-05-06", "issuing_body": "县委组织部", "reason": "履职不力"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("careers:cadre_career", args=[own_cadre.pk])
    assert AccountabilityRecord.objects.get().kind == RecordKind.ADMONISHMENT


def test_unfit_checklist_page_opens_a_case_with_evidence(org_staff, as_user, world):
    world["in"]["unfit"].delete()
    cadre = world["in"]["cadre"]
    response = as_user(org_staff).post(
        reverse("careers:unfit_case_create", args=[cadre.pk]),
        {"opened_on": "2024-05-06", "check_dereliction": "on", "evidence_dereliction": "防汛失职"},
    )
    case = UnfitAdjustmentCase.objects.get(cadre=cadre)
    assert response["Location"] == reverse("careers:unfit_case_detail", args=[case.pk])
    assert case.situations == {"dereliction": "防汛失职"}


def test_measure_list_exports_the_filtered_rows_to_excel(world, org_staff, as_user):
    response = as_user(org_staff).get(reverse("careers:measure_list"), {"kind": "demerit", "export": "xlsx"})
    header, rows = exported_table(response.content)
    assert header[:5] == ["序号", "姓名", "单位", "类别", "种类"]
    assert sorted(row[1] for row in rows) == sorted([world["in"]["cadre"].name, world["out"]["cadre"].name])
    assert {row[4] for row in rows} == {"记过"}


def test_probation_list_shows_only_probations_ending_within_the_window(world, org_staff, as_user):
    late = world["out"]["appointment"]
    late.probation_end = D.today() + datetime.timedelta(days=61)
    late.save()
    content = as_user(org_staff).get(reverse("careers:probation_list")).content.decode()
    assert world["in"]["cadre"].name in content
    assert world["out"]["cadre"].name not in content


def test_my_record_shows_the_career_section_without_internal_notes(world, cadre_user, as_user):
    content = as_user(cadre_user).get(reverse("cadres:my_record")).content.decode()
    assert "任职经历与问责记录" in content
    assert "违反工作纪律" in content
    assert "内部：举报人信息" not in content


def test_case_flows_through_the_pages(world, org_staff, as_user):
    client = as_user(org_staff)
    cadre = world["in"]["cadre"]
    fault = world["in"]["fault"]
    response = client.post(
        reverse("careers:fault_tolerance_decide", args=[fault.pk]),
        {"outcome": "exempt", "decided_on": "2024-05-01", "decision_reason": "符合容错情形"},
    )
    assert response.status_code == 302
    fault.refresh_from_db()
    assert fault.outcome == "exempt"
    unfit = world["in"]["unfit"]
    response = client.post(
        reverse("careers:unfit_case_decide", args=[unfit.pk]),
        {
            "decision": "removal",
            "decided_on": "2024-05-02",
            "approving_body": "中共新龙县委",
            "document_number": "新委〔2024〕30号",
        },
    )
    assert response.status_code == 302
    unfit.refresh_from_db()
    cadre.refresh_from_db()
    assert (unfit.status, unfit.appointment.kind, unfit.measure.kind) == ("decided", "removal", "removal")
    assert (cadre.post_title, cadre.leadership_level) == ("", None)
    response = client.post(
        reverse("careers:probation_conclude", args=[world["out"]["appointment"].pk]),
        {"outcome": "confirmed", "concluded_on": D.today().isoformat()},
    )
    assert response.status_code == 302
    world["out"]["appointment"].refresh_from_db()
    assert world["out"]["appointment"].probation_outcome == "confirmed"


def test_fault_tolerance_decision_before_the_application_is_refused(world, org_staff, as_user):
    fault = world["in"]["fault"]
    response = as_user(org_staff).post(
        reverse("careers:fault_tolerance_decide", args=[fault.pk]),
        {"outcome": "exempt", "decided_on": "2024-03-01", "decision_reason": "x"},
    )
    assert "认定日期不能早于申请日期（2024-04-01）。" in response.content.decode()
    fault.refresh_from_db()
    assert (fault.status, fault.outcome) == ("opened", "")


def test_careers_root_sends_staff_to_measures_and_a_cadre_to_own_career(as_user, org_staff, cadre_user, own_cadre):
    assert as_user(org_staff).get("/careers/")["Location"] == "/careers/measures/"
    assert as_user(cadre_user).get("/careers/")["Location"] == f"/careers/cadres/{own_cadre.pk}/"
    assert as_user(None).get("/careers/")["Location"].startswith("/accounts/login/")
