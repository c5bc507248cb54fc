"""Permission matrix and exact query counts for every posting page (domain-rules §7, issue 5 acceptance 4)."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from accounts.models import Role
from cadres.rules import mask_id_number
from postings.choices import PostingKind, PostingStatus, ReminderKind
from postings.models import Posting, PostingMonthlyPresence, PostingReminder
from tests.factories import CadreFactory, UserFactory, VillageFactory
from tests.postings.factories import ExternalHostFactory, PostingFactory, PresenceFactory, VillageProfileFactory
from tests.sheets import exported_table

D = datetime.date


@pytest.fixture
def world(county, own_cadre, other_cadre, outside_cadre, today):
    """Postings in and out of the unit HR's township, a village profile and a reminder."""
    VillageProfileFactory(unit=county["village"], is_poverty=True)
    inside = PostingFactory(
        cadre=own_cadre,
        kind=PostingKind.FIRST_SECRETARY,
        front_line="",
        host_unit=county["village"],
        planned_start=D(2025, 3, 1),
        planned_end=D(2026, 12, 15),
    )
    outside = PostingFactory(
        cadre=outside_cadre,
        kind=PostingKind.TEMPORARY_POST,
        front_line="",
        host_unit=None,
        external_host=ExternalHostFactory(),
        planned_start=D(2026, 1, 1),
        planned_end=D(2026, 12, 10),
    )
    PresenceFactory(posting=inside, month=D(2026, 10, 1), days=10)
    PostingReminder.objects.create(
        posting=inside, kind=ReminderKind.ENDING_SOON, period=D(2026, 12, 15), raised_on=today
    )
    PostingReminder.objects.create(
        posting=outside, kind=ReminderKind.ENDING_SOON, period=D(2026, 12, 10), raised_on=today
    )
    return {"inside": inside, "outside": outside, **county}


STAFF_PAGES = [
    ("postings:posting_list", {}),
    ("postings:posting_export", {}),
    ("postings:first_secretary_list", {}),
    ("postings:first_secretary_export", {}),
    ("postings:ending_soon", {}),
    ("postings:low_presence", {}),
    ("postings:village_list", {}),
    ("postings:reminder_list", {}),
    ("postings:statistics", {}),
    ("postings:timeline_index", {}),
    ("postings:posting_create", {}),
    ("postings:posting_import", {}),
    ("postings:import_template", {}),
]


def _url(world, name, kwargs):
    return reverse(
        name, kwargs={key: (world[value].pk if isinstance(value, str) else value) for key, value in kwargs.items()}
    )


@pytest.mark.parametrize(("name", "kwargs"), STAFF_PAGES)
def test_staff_pages_permission_matrix(world, as_user, cadre_user, unit_hr, org_staff, admin_user, name, kwargs):
    url = _url(world, name, kwargs)
    anonymous = as_user(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert as_user(cadre_user).get(url).status_code == 403
    for user in (unit_hr, org_staff, admin_user):
        assert as_user(user).get(url).status_code == 200


def test_unit_hr_sees_only_postings_of_the_managed_units(world, as_user, unit_hr, org_staff):
    hr_rows = as_user(unit_hr).get(reverse("postings:posting_list")).context["table"].paginator.count
    staff_rows = as_user(org_staff).get(reverse("postings:posting_list")).context["table"].paginator.count
    assert (hr_rows, staff_rows) == (1, 2)


def test_unit_timeline_is_scoped_to_the_units_of_the_user(world, as_user, cadre_user, unit_hr, org_staff, admin_user):
    inside = reverse("postings:unit_timeline", kwargs={"unit_pk": world["township"].pk})
    outside = reverse("postings:unit_timeline", kwargs={"unit_pk": world["organ"].pk})
    assert as_user(None).get(inside).status_code == 302
    assert as_user(cadre_user).get(inside).status_code == 403
    assert as_user(unit_hr).get(inside).status_code == 200
    assert as_user(unit_hr).get(outside).status_code == 404
    response = as_user(org_staff).get(outside)
    assert [row["cadre"] for row in response.context["rows"]] == ["王建国"]
    assert as_user(admin_user).get(inside).status_code == 200


def test_timeline_shows_the_window_only(world, as_user, org_staff):
    url = reverse("postings:unit_timeline", kwargs={"unit_pk": world["township"].pk})
    assert len(as_user(org_staff).get(url).context["rows"]) == 1
    assert as_user(org_staff).get(url, {"start": "2020-01-01", "end": "2024-12-31"}).context["rows"] == []


def test_the_timeline_can_include_the_subunits_and_marks_today(world, as_user, org_staff):
    url = reverse("postings:unit_timeline", kwargs={"unit_pk": world["root"].pk})
    client = as_user(org_staff)

    own = client.get(url)
    with_subunits = client.get(url, {"sub": "1"})

    assert own.context["rows"] == []
    assert [(row["cadre"], row["direction"]) for row in with_subunits.context["rows"]] == [
        ("扎西", "out"),
        ("王建国", "out"),
    ]
    assert with_subunits.context["window"]["today"] == timezone.localdate().isoformat()
    assert "（含下级单位）" in with_subunits.content.decode()


def test_posting_detail_permission_matrix(world, as_user, cadre_user, unit_hr, org_staff, admin_user, other_cadre):
    inside = reverse("postings:posting_detail", kwargs={"pk": world["inside"].pk})
    outside = reverse("postings:posting_detail", kwargs={"pk": world["outside"].pk})
    assert as_user(None).get(inside).status_code == 302
    assert as_user(cadre_user).get(inside).status_code == 200
    assert as_user(cadre_user).get(inside).context["can_direct"] is False
    assert as_user(cadre_user).get(inside).context["can_host"] is False
    assert as_user(cadre_user).get(outside).status_code == 404
    assert as_user(unit_hr).get(inside).status_code == 200
    assert as_user(unit_hr).get(outside).status_code == 404
    assert as_user(org_staff).get(outside).status_code == 200
    assert as_user(admin_user).get(outside).status_code == 200


ACTIONS = [
    ("postings:posting_extend", {"new_end": "2027-03-31", "reason": "巩固成果"}, "planned_end", D(2027, 3, 31)),
    ("postings:posting_end", {"actual_end": "2026-11-20", "reason": "工作调动"}, "status", PostingStatus.COMPLETED),
    ("postings:posting_recall", {"on": "2026-11-20", "reason": "工作需要"}, "status", PostingStatus.RECALLED),
    (
        "postings:posting_evaluate",
        {"grade": "excellent", "comment": "表现突出", "on": "2026-11-20"},
        "evaluation_grade",
        "excellent",
    ),
]


@pytest.mark.parametrize(("name", "data", "field", "value"), ACTIONS)
def test_posting_actions_permission_matrix(world, as_user, cadre_user, unit_hr, org_staff, name, data, field, value):
    inside, outside = world["inside"], world["outside"]
    before = (getattr(inside, field), getattr(outside, field))

    def current():
        return tuple(Posting.objects.filter(pk=p.pk).values_list(field, flat=True).get() for p in (inside, outside))

    assert as_user(None).post(reverse(name, kwargs={"pk": inside.pk}), data).status_code == 302
    assert as_user(cadre_user).post(reverse(name, kwargs={"pk": inside.pk}), data).status_code == 404
    assert as_user(unit_hr).post(reverse(name, kwargs={"pk": outside.pk}), data).status_code == 404
    assert current() == before
    assert as_user(unit_hr).get(reverse(name, kwargs={"pk": inside.pk})).status_code == 200
    response = as_user(unit_hr).post(reverse(name, kwargs={"pk": inside.pk}), data)
    assert response.status_code == 302
    assert current()[0] == value
    assert as_user(org_staff).post(reverse(name, kwargs={"pk": outside.pk}), data).status_code == 302
    assert current()[1] == value


def test_presence_page_records_days_and_refuses_a_bad_month(world, as_user, unit_hr, cadre_user):
    url = reverse("postings:presence_record", kwargs={"pk": world["inside"].pk})
    assert as_user(cadre_user).post(url, {"month": "2026-11", "days": "10"}).status_code == 404
    response = as_user(unit_hr).post(url, {"month": "2024-01", "days": "10"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"month": ["该月份不在实践锻炼期间（2025-03-01 至 2026-12-15）。"]}
    assert as_user(unit_hr).post(url, {"month": "2026-11", "days": "12"}).status_code == 302
    assert list(
        PostingMonthlyPresence.objects.filter(posting=world["inside"]).order_by("month").values_list("month", "days")
    ) == [(D(2026, 10, 1), 10), (D(2026, 11, 1), 12)]


def test_create_page_shows_the_clear_message_for_a_second_serving_posting(world, as_user, org_staff, own_cadre):
    response = as_user(org_staff).post(
        reverse("postings:posting_create"),
        {
            "cadre": own_cadre.pk,
            "kind": PostingKind.FRONT_LINE,
            "front_line": "key_work",
            "host_unit": world["organ"].pk,
            "planned_start": "2026-11-20",
            "planned_end": "2027-06-30",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "planned_start": ["与该干部已有的实践锻炼（2025-03-01 至 2026-12-15）时间重叠。"],
        "cadre": ["该干部已有一项在岗的实践锻炼，同一时间只能在岗一项。"],
    }
    assert Posting.objects.filter(cadre=own_cadre).count() == 1


def test_create_page_records_a_temporary_post_outside_the_county(world, as_user, org_staff, other_cadre):
    response = as_user(org_staff).post(
        reverse("postings:posting_create"),
        {
            "cadre": other_cadre.pk,
            "kind": PostingKind.TEMPORARY_POST,
            "external_host_name": "成都市武侯区商务局",
            "external_host_region": "四川省成都市",
            "planned_start": "2027-01-01",
            "planned_end": "2027-12-31",
        },
    )
    posting = Posting.objects.get(cadre=other_cadre)
    assert response.status_code == 302
    assert (posting.host_name, posting.home_unit, posting.status) == (
        "四川省成都市 成都市武侯区商务局",
        world["village"],
        PostingStatus.PLANNED,
    )


def test_reminder_dismiss_is_scoped(world, as_user, unit_hr, cadre_user):
    outside = PostingReminder.objects.get(posting=world["outside"])
    inside = PostingReminder.objects.get(posting=world["inside"])
    assert as_user(cadre_user).post(reverse("postings:reminder_dismiss", kwargs={"pk": inside.pk})).status_code == 403
    assert as_user(unit_hr).post(reverse("postings:reminder_dismiss", kwargs={"pk": outside.pk})).status_code == 404
    assert as_user(unit_hr).post(reverse("postings:reminder_dismiss", kwargs={"pk": inside.pk})).status_code == 302
    assert list(PostingReminder.objects.filter(dismissed_at__isnull=False).values_list("pk", flat=True)) == [inside.pk]


def test_village_edit_sets_categories_in_scope_only(world, as_user, unit_hr, org_staff):
    village2 = VillageFactory(parent=world["organ"])
    assert as_user(unit_hr).get(reverse("postings:village_edit", kwargs={"unit_pk": village2.pk})).status_code == 404
    url = reverse("postings:village_edit", kwargs={"unit_pk": world["village"].pk})
    assert as_user(unit_hr).post(url, {"is_weak_lax": "on", "note": "整顿中"}).status_code == 302
    world["village"].village_profile.refresh_from_db()
    assert world["village"].village_profile.category_labels == ["软弱涣散村"]


def test_my_postings_and_the_cadre_page_section(world, as_user, cadre_user, org_staff, own_cadre):
    response = as_user(cadre_user).get(reverse("postings:my_postings"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["postings"]] == [world["inside"].pk]
    # 2025-03-01 .. today (2026-11-24) as first secretary: 1 year 8 months 24 days
    assert response.context["grassroots"].text == "1年8个月24天"
    assert "基层工作经历（由实践锻炼计算）：1年8个月24天。" in response.content.decode()
    assert as_user(org_staff).get(reverse("postings:my_postings")).status_code == 404
    assert as_user(None).get(reverse("postings:my_postings")).status_code == 302


def test_low_presence_page_lists_first_secretaries_below_the_ratio(world, as_user, org_staff):
    response = as_user(org_staff).get(reverse("postings:low_presence"), {"month": "2026-10"})
    rows = response.context["table"].data.data
    assert [(item.posting.pk, item.row.days, item.row.required) for item in rows] == [(world["inside"].pk, 10, 15)]


def test_export_passes_the_filters(world, as_user, org_staff):
    response = as_user(org_staff).get(reverse("postings:posting_export"), {"kind": "first_secretary"})
    header, rows = exported_table(response.content)
    assert [header[1], *(row[1] for row in rows)] == ["姓名", "扎西"]


def test_statistics_counts(world, as_user, org_staff):
    stats = as_user(org_staff).get(reverse("postings:statistics")).context["stats"]
    assert stats["by_kind"] == [("挂职锻炼", 1), ("第一书记", 1), ("一线锻炼", 0), ("双向交流", 0)]
    assert stats["first_secretaries_by_category"] == [
        ("贫困村/脱贫村", 1),
        ("软弱涣散村", 0),
        ("集体经济薄弱村", 0),
        ("易地搬迁安置村", 0),
    ]
    assert stats["years"] == [2025, 2026]


# ---------------------------------------------------------------- import


def _xlsx(rows):
    from postings.imports import COLUMNS

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "postings.xlsx"
    return buffer


def test_import_reports_every_bad_row_and_writes_nothing(world, as_user, org_staff, outside_cadre, other_cadre):
    file = _xlsx(
        [
            [
                other_cadre.id_number,
                "一线锻炼",
                "重点工作",
                "",
                "",
                world["organ"].code,
                "",
                "",
                "",
                "2027-01-01",
                "2027-06-30",
            ],
            [
                other_cadre.id_number,
                "挂职锻炼",
                "",
                "",
                "",
                "",
                "宜宾市协作办",
                "四川省宜宾市",
                "",
                "2027-03-01",
                "2027-09-30",
            ],
            [
                outside_cadre.id_number,
                "挂职锻炼",
                "",
                "",
                "",
                world["township"].code,
                "",
                "",
                "",
                "2026-12-01",
                "2027-03-31",
            ],
            [
                "513329190001010000",
                "第一书记",
                "",
                "",
                "",
                world["village"].code,
                "",
                "",
                "",
                "2027-01-01",
                "2028-12-31",
            ],
            [other_cadre.id_number, "援藏", "", "", "", world["organ"].code, "", "", "", "2028-01-01", "2028-06-30"],
        ]
    )
    response = as_user(org_staff).post(reverse("postings:posting_import"), {"file": file})
    report = response.context["report"]
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "身份证号", "与第 2 行同一干部的实践锻炼时间重叠（同一时间只能在岗一项）。"),
        (4, "开始日期", "与该干部已有的实践锻炼（2026-01-01 至 2026-12-10）时间重叠。"),
        (5, "身份证号", "系统中没有这个身份证号的干部。"),
        (6, "锻炼类型", "应为：挂职锻炼、第一书记、一线锻炼或双向交流。"),
    ]
    assert Posting.objects.count() == 2


def test_import_applies_all_rows_when_all_are_good(world, as_user, org_staff, other_cadre):
    file = _xlsx(
        [
            [
                other_cadre.id_number,
                "一线锻炼",
                "重点工作",
                "",
                "",
                world["organ"].code,
                "",
                "",
                "",
                "2027-01-01",
                "2027-06-30",
            ],
            [
                other_cadre.id_number,
                "挂职锻炼",
                "",
                "",
                "",
                "",
                "宜宾市协作办",
                "四川省宜宾市",
                "",
                "2027-07-01",
                "2027-12-31",
            ],
        ]
    )
    client = as_user(org_staff)
    preview = client.post(reverse("postings:posting_import"), {"file": file})
    assert (preview.context["report"].created, Posting.objects.count()) == (2, 2)
    assert [change.subject for change in preview.context["report"].creations] == [
        f"{other_cadre.name}（{mask_id_number(other_cadre.id_number)}）"
    ] * 2
    response = client.post(reverse("postings:posting_import"), {"token": preview.context["pending"]["token"]})
    assert response.status_code == 302
    assert sorted(Posting.objects.filter(cadre=other_cadre).values_list("kind", "status")) == [
        ("front_line", "planned"),
        ("temporary_post", "planned"),
    ]


# ---------------------------------------------------------------- query counts


def _grow(world, count: int) -> None:
    """Add ``count`` more postings of every sort to every page: first secretaries, reminders, presences."""
    for _ in range(count):
        cadre = CadreFactory(unit=world["township"])
        village = VillageFactory(parent=world["township"])
        VillageProfileFactory(unit=village, is_weak_lax=True)
        posting = PostingFactory(
            cadre=cadre,
            kind=PostingKind.FIRST_SECRETARY,
            front_line="",
            host_unit=village,
            planned_start=D(2025, 1, 1),
            planned_end=D(2026, 12, 20),
        )
        PresenceFactory(posting=posting, month=D(2026, 10, 1), days=3)
        PostingReminder.objects.create(
            posting=posting, kind=ReminderKind.ENDING_SOON, period=D(2026, 12, 20), raised_on=D(2026, 11, 24)
        )


QUERY_PAGES = [
    ("postings:posting_list", {}, {}),
    ("postings:first_secretary_list", {}, {}),
    ("postings:ending_soon", {}, {}),
    ("postings:low_presence", {}, {"month": "2026-10"}),
    ("postings:village_list", {}, {}),
    ("postings:reminder_list", {}, {}),
    ("postings:statistics", {}, {}),
    ("postings:unit_timeline", {"unit_pk": "township"}, {}),
    ("postings:posting_detail", {"pk": "inside"}, {}),
    ("postings:my_postings", {}, {}),
    ("api:posting-list", {}, {}),
    ("api:posting-village-list", {}, {}),
    ("api:posting-reminder-list", {}, {}),
    ("api:posting-statistics", {}, {}),
]
# (org staff, unit HR): session and user, then the page's own queries; the same with 2 or 10 more rows. Unit HR
# have one more on a list: which of the page's cadre names they may open (core.tables.CadreColumn); every
# page of the area counts the open reminders for the sub-navigation's badge.
EXPECTED_QUERIES = {
    "postings:posting_list": {Role.ORG_STAFF: 6, Role.UNIT_HR: 7},
    "postings:first_secretary_list": {Role.ORG_STAFF: 6, Role.UNIT_HR: 7},
    "postings:ending_soon": {Role.ORG_STAFF: 5, Role.UNIT_HR: 6},
    "postings:low_presence": {Role.ORG_STAFF: 6, Role.UNIT_HR: 7},
    "postings:village_list": {Role.ORG_STAFF: 6, Role.UNIT_HR: 6},
    "postings:reminder_list": {Role.ORG_STAFF: 5, Role.UNIT_HR: 6},
    "postings:statistics": {Role.ORG_STAFF: 7, Role.UNIT_HR: 7},
    "postings:unit_timeline": {Role.ORG_STAFF: 5, Role.UNIT_HR: 5},
    "postings:posting_detail": {Role.ORG_STAFF: 6, Role.UNIT_HR: 7},
    "postings:my_postings": {Role.ORG_STAFF: 4, Role.UNIT_HR: 4},
    "api:posting-list": {Role.ORG_STAFF: 4, Role.UNIT_HR: 4},  # the unit filter reads its units only when used
    "api:posting-village-list": {Role.ORG_STAFF: 5, Role.UNIT_HR: 5},
    "api:posting-reminder-list": {Role.ORG_STAFF: 4, Role.UNIT_HR: 4},
    "api:posting-statistics": {Role.ORG_STAFF: 6, Role.UNIT_HR: 6},
}


def _count(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "kwargs", "params"), QUERY_PAGES)
@pytest.mark.parametrize("role", [Role.ORG_STAFF, Role.UNIT_HR])
def test_query_count_does_not_grow_with_rows(world, as_user, own_cadre, name, kwargs, params, role):
    user = UserFactory(role=role, units=[world["township"]] if role == Role.UNIT_HR else None)
    if name == "postings:my_postings":
        user = UserFactory(role=Role.CADRE, cadre=own_cadre)
    client = as_user(user)
    url = _url(world, name, kwargs)
    _grow(world, 2)
    few = _count(client, url, params)
    _grow(world, 8)
    many = _count(client, url, params)
    expected = EXPECTED_QUERIES[name][role]
    assert (few, many) == (expected, expected)


def test_unit_filters_take_the_subtree_and_refuse_units_out_of_scope(world, as_user, org_staff, unit_hr):
    url = reverse("postings:posting_list")
    by_home = as_user(org_staff).get(url, {"home_unit": world["root"].pk}).context["table"].paginator.count
    by_host = as_user(org_staff).get(url, {"host_unit": world["township"].pk}).context["table"].paginator.count
    out_of_scope = as_user(unit_hr).get(url, {"home_unit": world["organ"].pk})
    assert (by_home, by_host) == (2, 1)
    assert out_of_scope.context["table"].paginator.count == 0
    assert "home_unit" in out_of_scope.context["filter"].form.errors


def test_the_reminder_lists_dismiss_button_carries_its_csrf_token_and_works_in_a_browser(world, unit_hr):
    """A browser sends the button's form as drawn: the test client checks CSRF here, as a browser's request is
    (the button's form had no token, and every dismiss was refused with 403)."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(unit_hr)
    inside = PostingReminder.objects.get(posting=world["inside"])
    page = browser.get(reverse("postings:reminder_list")).content.decode()
    action = reverse("postings:reminder_dismiss", kwargs={"pk": inside.pk})
    form = page[page.index(f'action="{action}"') :]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    response = browser.post(action, {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert PostingReminder.objects.get(pk=inside.pk).dismissed_at is not None


@pytest.mark.parametrize("value", ["²", "٣", "abc"])
def test_the_timeline_index_with_a_unit_that_is_no_number_shows_the_unit_choice(as_user, org_staff, world, value):
    response = as_user(org_staff).get(reverse("postings:timeline_index"), {"unit": value})

    assert response.status_code == 200
    assert response.templates[0].name == "postings/timeline_index.html"
