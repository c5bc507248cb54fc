"""Units in their official order (issue 15.4): a settable 排序号 with a default by kind, the unit tree and
every list of units ordered by it, and lists of other apps in the roster's official order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.choices import LeadershipLevel, Rank, UnitKind
from cadres.imports import units_import
from cadres.models import UNIT_PATH_MAX_DEPTH, UNIT_SORT_ORDER_MAX, Unit
from cadres.selectors import unit_list
from tests.api import error_messages
from tests.cadres.test_api import api_for
from tests.cadres.test_imports import UNIT_HEADERS, workbook_file
from tests.factories import CadreFactory, UnitFactory


@pytest.fixture
def township_units(county):
    """A township's units created out of order: villages first, then the 党委 and 政府 offices."""
    township = county["township"]
    made = [
        UnitFactory(name="二村", code="T-V2", kind=UnitKind.VILLAGE, parent=township),
        UnitFactory(name="一村", code="T-V1", kind=UnitKind.VILLAGE, parent=township),
        UnitFactory(name="镇社区", code="T-C1", kind=UnitKind.COMMUNITY, parent=township),
        UnitFactory(name="镇政府办", code="T-G1", kind=UnitKind.GOVERNMENT_ORGAN, parent=township),
        UnitFactory(name="镇党政办", code="T-P1", kind=UnitKind.PARTY_ORGAN, parent=township),
    ]
    return township, made


def test_a_new_unit_takes_the_next_sort_order_of_its_kind(township_units):
    township, _made = township_units

    orders = dict(Unit.objects.filter(parent=township).values_list("name", "sort_order"))

    assert orders == {"如龙村": 800, "二村": 801, "一村": 802, "镇社区": 803, "镇政府办": 300, "镇党政办": 200}


def test_a_townships_units_are_listed_in_order_and_a_set_sort_order_moves_one(as_user, org_staff, township_units):
    township, made = township_units
    below = Unit.objects.filter(path__startswith=township.path).exclude(pk=township.pk)

    before = [unit.name for unit in below]
    made[1].sort_order = 799  # 一村 first of the villages
    made[1].save()

    assert before == ["镇党政办", "镇政府办", "如龙村", "二村", "一村", "镇社区"]
    assert [unit.name for unit in below.all()] == ["镇党政办", "镇政府办", "一村", "如龙村", "二村", "镇社区"]
    assert [unit.name for unit in unit_list(user=org_staff).filter(parent=township)] == [
        "镇党政办",
        "镇政府办",
        "一村",
        "如龙村",
        "二村",
        "镇社区",
    ]
    tree = as_user(org_staff).get(reverse("cadres:unit_tree")).content.decode()
    positions = [tree.index(name) for name in ("如龙镇", "镇党政办", "镇政府办", "一村", "如龙村", "二村", "镇社区")]
    assert positions == sorted(positions)


def test_the_county_organs_come_before_the_townships(county):
    assert [unit.name for unit in Unit.objects.filter(depth=1)] == ["县财政局", "如龙镇"]


def test_the_health_check_list_defaults_to_the_official_order(as_user, org_staff, county):
    township, village, organ = county["township"], county["village"], county["organ"]
    CadreFactory(name="村主任", unit=village, post_title="村主任", leadership_level=None, rank=None)
    CadreFactory(name="科员甲", unit=township, post_title="科员", leadership_level=None, rank=Rank.CLERK_1)
    CadreFactory(name="镇长", unit=township, post_title="镇长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    CadreFactory(name="书记", unit=township, post_title="党委书记", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    CadreFactory(name="局长", unit=organ, post_title="局长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)

    response = as_user(org_staff).get("/care/health-checks/due/")

    names = [row.record.name for row in response.context["table"].page.object_list]
    assert names == ["局长", "书记", "镇长", "科员甲", "村主任"]


def segment(order: int, unit: Unit) -> str:
    """A path segment written out: the 排序号 in 4 digits, the primary key in 6, a dot."""
    return f"{order:04d}{unit.pk:06d}."


@pytest.fixture
def two_townships(county):
    """如龙镇 (700) with 如龙村 (800) and 二村 (801), then 新乡 (701) with 新乡村 (800)."""
    township = county["township"]
    second_village = UnitFactory(name="二村", code="T-V2", kind=UnitKind.VILLAGE, parent=township)
    other = UnitFactory(name="新乡", code="T-2", kind=UnitKind.TOWNSHIP, parent=county["root"])
    other_village = UnitFactory(name="新乡村", code="T-2-V1", kind=UnitKind.VILLAGE, parent=other)
    return {**county, "second_village": second_village, "other": other, "other_village": other_village}


def tree_paths() -> list[tuple[str, str, int]]:
    return list(Unit.objects.order_by("path").values_list("name", "path", "depth"))


def unit_path_updates(queries) -> list[str]:
    return [query["sql"] for query in queries if query["sql"].startswith('UPDATE "cadres_unit" SET "path"')]


def test_changing_a_townships_sort_order_rewrites_its_subtree_in_one_statement(as_user, org_staff, two_townships):
    units = two_townships
    root, organ, township, village = units["root"], units["organ"], units["township"], units["village"]
    second_village, other, other_village = units["second_village"], units["other"], units["other_village"]
    r, o = segment(100, root), segment(100, root) + segment(300, organ)
    subtree_before = set(township.subtree().values_list("pk", flat=True))
    data = {
        "code": township.code,
        "name": township.name,
        "parent": root.pk,
        "kind": "township",
        "is_township": "on",
        "headcount": township.headcount,
        "sort_order": 702,  # after 新乡 (701)
        "is_active": "on",
    }

    before = tree_paths()
    with CaptureQueriesContext(connection) as queries:
        response = as_user(org_staff).post(reverse("cadres:unit_edit", args=[township.pk]), data)
    after = tree_paths()

    assert response.status_code == 302
    assert before == [
        ("新龙县", r, 0),
        ("县财政局", o, 1),
        ("如龙镇", r + segment(700, township), 1),
        ("如龙村", r + segment(700, township) + segment(800, village), 2),
        ("二村", r + segment(700, township) + segment(801, second_village), 2),
        ("新乡", r + segment(701, other), 1),
        ("新乡村", r + segment(701, other) + segment(800, other_village), 2),
    ]
    assert after == [
        ("新龙县", r, 0),
        ("县财政局", o, 1),
        ("新乡", r + segment(701, other), 1),
        ("新乡村", r + segment(701, other) + segment(800, other_village), 2),
        ("如龙镇", r + segment(702, township), 1),
        ("如龙村", r + segment(702, township) + segment(800, village), 2),
        ("二村", r + segment(702, township) + segment(801, second_village), 2),
    ]
    assert len(unit_path_updates(queries.captured_queries)) == 1
    township.refresh_from_db()
    assert (
        set(township.subtree().values_list("pk", flat=True))
        == subtree_before
        == {
            township.pk,
            village.pk,
            second_village.pk,
        }
    )


def test_an_imported_sort_order_moves_the_township_with_its_villages(org_staff, two_townships):
    units = two_townships
    root, township, village = units["root"], units["township"], units["village"]
    rows = [[township.code, township.name, root.code, "乡镇", "是", township.headcount, 650]]

    report = units_import(actor=org_staff, file_obj=workbook_file([*UNIT_HEADERS, "排序号"], rows), dry_run=False)

    assert report.errors == []
    assert [name for name, _path, _depth in tree_paths()] == [
        "新龙县",
        "县财政局",
        "如龙镇",
        "如龙村",
        "二村",
        "新乡",
        "新乡村",
    ]
    village.refresh_from_db()
    assert village.path == segment(100, root) + segment(650, township) + segment(800, village)
    assert Unit.objects.get(pk=township.pk).subtree().count() == 3


def test_the_path_column_holds_the_deepest_unit(county):
    unit = county["root"]
    for level in range(1, UNIT_PATH_MAX_DEPTH):
        unit = UnitFactory(name=f"第{level}级", code=f"D{level}", parent=unit, sort_order=UNIT_SORT_ORDER_MAX)

    unit.refresh_from_db()

    assert (unit.depth, UNIT_PATH_MAX_DEPTH) == (22, 23)
    assert len(unit.path) == 23 * 11 <= Unit._meta.get_field("path").max_length
    assert unit.path.endswith(segment(9999, unit))


@pytest.fixture
def deepest_chain(county):
    """Units hanging from the county's root down to the deepest level ``Unit.path`` holds (23)."""
    chain = [county["root"]]
    for level in range(1, UNIT_PATH_MAX_DEPTH):
        chain.append(UnitFactory(name=f"第{level}级", code=f"D{level}", parent=chain[-1]))
    return chain


TOO_DEEP = "单位层级过深：单位树最多 23 级，这样设置将达到 24 级。"


def test_a_unit_below_the_deepest_level_is_a_form_error_and_writes_nothing(as_user, org_staff, deepest_chain):
    units_before = Unit.objects.count()

    response = as_user(org_staff).post(
        reverse("cadres:unit_create"),
        {"code": "D23", "name": "第23级", "parent": deepest_chain[-1].pk, "kind": "village", "headcount": 1},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [TOO_DEEP]
    assert Unit.objects.count() == units_before


def test_the_api_refuses_a_unit_below_the_deepest_level_with_a_field_error(org_staff, deepest_chain):
    payload = {"code": "D23", "name": "第23级", "kind": "village", "parent": deepest_chain[-1].pk}

    response = api_for(org_staff).post("/api/units/", payload, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"parent": [TOO_DEEP]}
    assert not Unit.objects.filter(code="D23").exists()


def test_moving_a_unit_with_its_village_below_the_deepest_level_but_one_is_refused(
    as_user, org_staff, county, deepest_chain
):
    township = county["township"]  # with its village: two levels
    paths = dict(Unit.objects.values_list("pk", "path"))
    data = {
        "code": township.code,
        "name": township.name,
        "parent": deepest_chain[-2].pk,
        "kind": "township",
        "is_township": "on",
        "headcount": 30,
        "sort_order": 700,
        "is_active": "on",
    }

    response = as_user(org_staff).post(reverse("cadres:unit_edit", args=[township.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [TOO_DEEP]
    assert dict(Unit.objects.values_list("pk", "path")) == paths


def test_an_import_naming_units_below_the_deepest_level_names_each_row_and_writes_none(org_staff, deepest_chain):
    rows = [
        ["OK-1", "正常村", "D1", "村", "否", 3],
        ["D23", "第23级", "D22", "村", "否", 1],
        ["D24", "第24级", "D23", "村", "否", 1],
    ]
    units_before = Unit.objects.count()

    report = units_import(actor=org_staff, file_obj=workbook_file(UNIT_HEADERS, rows), dry_run=False)

    assert [(error.row, error.column, error.message) for error in report.errors] == [
        (3, "上级单位编码", TOO_DEEP),
        (4, "上级单位编码", "单位层级过深：单位树最多 23 级，这样设置将达到 25 级。"),
    ]
    assert Unit.objects.count() == units_before
