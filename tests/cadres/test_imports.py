"""The Excel import service: every bad row reported and nothing written; good files upserted with history."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import Workbook

from cadres import rules
from cadres.choices import CadreStatus, Ethnicity, PoliticalStatus, Rank
from cadres.imports import IMPORT_CHANGE_REASON, cadres_import, units_import
from cadres.models import Cadre, Unit, unit_path_segment
from cadres.tables import ROSTER_COLUMNS, CadreTable
from core.excel import run_import
from tests.factories import CadreFactory, LeaderFactory

HistoricalCadre = Cadre.history.model
HistoricalUnit = Unit.history.model
CADRE_HEADERS = [header for header, _path, _choices in ROSTER_COLUMNS]
UNIT_HEADERS = ["单位编码*", "单位名称*", "上级单位编码", "单位类别*", "是否乡镇", "编制数"]


def segment(unit: Unit) -> str:
    """The unit's part of a materialized path (its 排序号, then its primary key)."""
    return unit_path_segment(unit.sort_order, unit.pk)


def workbook_file(headers: list[str], rows: list[list]) -> io.BytesIO:
    """An .xlsx file in memory: a header row and data rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def cadre_row(index: int, *, unit_code: str = "513329", region: str = "513330", **overrides) -> dict:
    """A valid cadre row (header → value); every index has its own birth date and so its own ID number."""
    birth_date = datetime.date(1960, 1, 1) + datetime.timedelta(days=index)
    gender = "男" if index % 3 else "女"
    row = {
        "姓名": f"测试{index}",
        "性别": gender,
        "民族": "藏族" if index % 2 else "汉族",
        "出生日期": birth_date,
        "身份证号": rules.id_number_compose(
            region=region, birth_date=birth_date, sequence=index, gender="M" if gender == "男" else "F"
        ),
        "籍贯": "四川新龙",
        "全日制学历": "大学本科",
        "在职学历": "",
        "政治面貌": "中共党员",
        "入党时间": "2001.07.01",
        "参加工作时间": "2000/08/01",
        "人员类别": "公务员",
        "单位编码": unit_code,
        "工作单位": "",
        "现任职务": "科员",
        "任现职时间": "2015-03-01",
        "领导职务层次": "",
        "职级": "四级主任科员",
        "任现职级时间": datetime.date(2020, 1, 1),
        "状态": "在职",
        "联系电话": "13800000000",
    }
    row.update(overrides)
    return row


def cadre_file(rows: list[dict]) -> io.BytesIO:
    return workbook_file(CADRE_HEADERS, [[row.get(header) for header in CADRE_HEADERS] for row in rows])


def errors_of(report) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.message) for error in report.errors]


def counts(report) -> tuple[int, int, int, int]:
    return report.total, report.created, report.updated, report.unchanged


# ---------------------------------------------------------------- bad files


def test_file_with_bad_rows_writes_nothing_and_names_every_bad_row(county, org_staff, own_cadre):
    # given a file whose rows 3-8 are each wrong in one way (rows 7 and 8 share an ID number)
    good = cadre_row(1)
    bad_checksum = cadre_row(2)
    bad_checksum["身份证号"] = bad_checksum["身份证号"][:17] + ("0" if bad_checksum["身份证号"][17] != "0" else "1")
    unknown_unit = cadre_row(3, unit_code="NOPE")
    missing_name = cadre_row(4, 姓名="")
    birth_mismatch = cadre_row(5, 出生日期=datetime.date(1999, 9, 9))
    duplicate_a = cadre_row(6)
    duplicate_b = cadre_row(
        7, 身份证号=duplicate_a["身份证号"], 出生日期=duplicate_a["出生日期"], 性别=duplicate_a["性别"]
    )
    bad_date = cadre_row(8, 任现职时间="2015-13-01")
    bad_label = cadre_row(9, 职级="科长", 民族="火星族")
    rows = [
        good,
        bad_checksum,
        unknown_unit,
        missing_name,
        birth_mismatch,
        duplicate_a,
        duplicate_b,
        bad_date,
        bad_label,
    ]
    cadres_before, history_before = Cadre.objects.count(), HistoricalCadre.objects.count()

    # when
    report = cadres_import(actor=org_staff, file_obj=cadre_file(rows), dry_run=False)

    # then
    assert errors_of(report) == [
        (3, "身份证号", "身份证号校验码错误。"),
        (4, "单位编码", "单位编码“NOPE”不存在。"),
        (5, "姓名", "必填项不能为空。"),
        (6, "身份证号", "身份证号中的出生日期（1960-01-06）与填写的出生日期（1999-09-09）不一致。"),
        (7, "身份证号", "身份证号在文件中重复：第8行。"),
        (8, "身份证号", "身份证号在文件中重复：第7行。"),
        (9, "任现职时间", "日期无效：2015-13-01。"),
        (10, "民族", "“火星族”不是有效的民族，可选：见模板“填写说明”。"),
        (
            10,
            "职级",
            "“科长”不是有效的职级，可选：二级科员、一级科员、四级主任科员、三级主任科员、二级主任科员、"
            "一级主任科员、四级调研员、三级调研员、二级调研员、一级调研员、二级巡视员、一级巡视员。",
        ),
    ]
    assert report.bad_rows == [3, 4, 5, 6, 7, 8, 9, 10]
    assert (report.applied, report.created, report.updated) == (False, 0, 0)
    assert Cadre.objects.count() == cadres_before
    assert HistoricalCadre.objects.count() == history_before


def test_gender_that_contradicts_the_id_number_is_refused(county, org_staff):
    row = cadre_row(4)  # a man
    row["性别"] = "女"

    report = cadres_import(actor=org_staff, file_obj=cadre_file([row]), dry_run=False)

    assert errors_of(report) == [(2, "身份证号", "身份证号中的性别与填写的性别不一致。")]
    assert not Cadre.objects.exists()


def test_masked_id_number_from_a_masked_roster_is_refused_with_its_reason(county, org_staff):
    row = cadre_row(1)
    row["身份证号"] = rules.mask_id_number(row["身份证号"])

    report = cadres_import(actor=org_staff, file_obj=cadre_file([row]), dry_run=False)

    assert errors_of(report) == [(2, "身份证号", "身份证号已脱敏（含*号），请使用未脱敏的花名册导入。")]


def test_party_date_before_birth_is_refused_by_the_model_rule(county, org_staff):
    report = cadres_import(actor=org_staff, file_obj=cadre_file([cadre_row(1, 入党时间="1950-01-01")]), dry_run=False)

    assert errors_of(report) == [(2, "入党时间", "入党时间应晚于出生日期。")]


def test_file_that_is_not_a_workbook_is_refused_with_a_clear_message(org_staff):
    with pytest.raises(ValidationError) as caught:
        cadres_import(actor=org_staff, file_obj=io.BytesIO("姓名,性别\n扎西,男\n".encode()), dry_run=True)

    assert caught.value.messages == ["无法读取文件：请上传 Excel 文件（.xlsx 或 .xls）。"]


def test_file_missing_a_required_column_is_refused(org_staff):
    file_obj = workbook_file(["姓名", "性别"], [["扎西", "男"]])

    with pytest.raises(ValidationError) as caught:
        cadres_import(actor=org_staff, file_obj=file_obj, dry_run=True)

    assert caught.value.messages == ["缺少必填列：民族、出生日期、身份证号、人员类别。"]


def test_cadre_role_may_not_import(cadre_user, county):
    with pytest.raises(PermissionDenied):
        cadres_import(actor=cadre_user, file_obj=cadre_file([cadre_row(1)]), dry_run=True)

    assert Cadre.objects.count() == 1


# ---------------------------------------------------------------- good files


def test_dry_run_reports_the_real_counts_and_writes_nothing(county, org_staff, own_cadre):
    rows = [cadre_row(1), cadre_row(2)]
    history_before = HistoricalCadre.objects.count()

    report = cadres_import(actor=org_staff, file_obj=cadre_file(rows), dry_run=True)

    assert counts(report) == (2, 2, 0, 0)
    assert (report.ok, report.dry_run, report.applied) == (True, True, False)
    assert list(Cadre.objects.all()) == [own_cadre]
    assert HistoricalCadre.objects.count() == history_before


@pytest.fixture
def two_thousand_rows(county):
    return [cadre_row(index, unit_code="513329" if index % 2 else county["township"].code) for index in range(2000)]


def test_two_thousand_cadres_are_created_with_their_history(
    org_staff, two_thousand_rows, django_assert_max_num_queries
):
    # 2,000 rows: 4 look-ups, then 4 batches of bulk insert and of history insert, with savepoints.
    with django_assert_max_num_queries(30):
        report = cadres_import(actor=org_staff, file_obj=cadre_file(two_thousand_rows), dry_run=False)

    assert report.errors == []
    assert counts(report) == (2000, 2000, 0, 0)
    assert report.applied is True
    assert Cadre.objects.count() == 2000
    history = HistoricalCadre.objects.filter(history_type="+", history_change_reason=IMPORT_CHANGE_REASON)
    assert history.count() == 2000
    assert history.filter(history_user=org_staff).count() == 2000
    cadre = Cadre.objects.get(id_number=two_thousand_rows[1]["身份证号"])
    assert (cadre.name, cadre.name_pinyin, cadre.name_initials) == ("测试1", "ceshi", "cs")
    assert (cadre.ethnicity, cadre.political_status, cadre.rank) == (
        Ethnicity.TIBETAN,
        PoliticalStatus.PARTY_MEMBER,
        Rank.PRINCIPAL_STAFF_4,
    )
    assert (cadre.party_join_date, cadre.work_start_date, cadre.post_date) == (
        datetime.date(2001, 7, 1),
        datetime.date(2000, 8, 1),
        datetime.date(2015, 3, 1),
    )


def test_importing_the_same_file_again_changes_nothing(org_staff, two_thousand_rows):
    cadres_import(actor=org_staff, file_obj=cadre_file(two_thousand_rows), dry_run=False)
    history_before = HistoricalCadre.objects.count()
    updated_before = dict(Cadre.objects.values_list("pk", "updated_at"))

    report = cadres_import(actor=org_staff, file_obj=cadre_file(two_thousand_rows), dry_run=False)

    assert counts(report) == (2000, 0, 0, 2000)
    assert report.applied is True
    assert HistoricalCadre.objects.count() == history_before
    assert dict(Cadre.objects.values_list("pk", "updated_at")) == updated_before


def test_changed_row_updates_only_that_cadre(county, org_staff):
    rows = [cadre_row(index) for index in range(5)]
    cadres_import(actor=org_staff, file_obj=cadre_file(rows), dry_run=False)
    untouched = dict(Cadre.objects.exclude(id_number=rows[2]["身份证号"]).values_list("pk", "updated_at"))
    rows[2] = {**rows[2], "联系电话": "13911112222", "籍贯": "四川康定"}

    report = cadres_import(actor=org_staff, file_obj=cadre_file(rows), dry_run=False)

    assert counts(report) == (5, 0, 1, 4)
    changed = Cadre.objects.get(id_number=rows[2]["身份证号"])
    assert (changed.phone, changed.native_place) == ("13911112222", "四川康定")
    assert dict(Cadre.objects.exclude(pk=changed.pk).values_list("pk", "updated_at")) == untouched
    updates = HistoricalCadre.objects.filter(history_type="~")
    assert list(updates.values_list("id", "phone", "history_change_reason", "history_user")) == [
        (changed.pk, "13911112222", IMPORT_CHANGE_REASON, org_staff.pk)
    ]


def test_a_reimport_that_changes_an_existing_cadres_post_or_unit_names_each_cell_and_writes_nothing(county, org_staff):
    rows = [cadre_row(index) for index in range(3)]
    cadres_import(actor=org_staff, file_obj=cadre_file(rows), dry_run=False)
    before = list(Cadre.objects.order_by("pk").values_list("unit", "post_title", "leadership_level"))
    rows[1] = {**rows[1], "现任职务": "副局长", "领导职务层次": "乡科级副职", "单位编码": county["organ"].code}

    report = cadres_import(actor=org_staff, file_obj=cadre_file(rows), dry_run=False)

    assert [(error.row, error.column) for error in report.errors] == [
        (3, "单位编码"),
        (3, "现任职务"),
        (3, "领导职务层次"),
    ]
    assert report.errors[1].message == "导入不能修改已有干部的此项：现任职务的变动请办理任免。"
    assert list(Cadre.objects.order_by("pk").values_list("unit", "post_title", "leadership_level")) == before


def test_columns_missing_from_the_file_and_empty_status_keep_the_stored_values(county, org_staff):
    cadre = LeaderFactory(unit=county["township"], phone="13900000000", status=CadreStatus.RETIRED)
    headers = ["姓名", "性别", "民族", "出生日期", "身份证号", "人员类别", "单位编码", "状态"]
    row = [cadre.name, "男", "汉族", cadre.birth_date, cadre.id_number, "公务员", county["township"].code, ""]

    report = cadres_import(actor=org_staff, file_obj=workbook_file(headers, [row]), dry_run=False)

    assert counts(report) == (1, 0, 0, 1)
    cadre.refresh_from_db()
    assert (cadre.phone, cadre.post_title, cadre.status) == ("13900000000", "局长", CadreStatus.RETIRED)


def test_unit_may_be_given_by_its_unique_name_when_the_code_is_empty(county, org_staff):
    row = cadre_row(1, 单位编码="", 工作单位="县财政局")

    report = cadres_import(actor=org_staff, file_obj=cadre_file([row]), dry_run=False)

    assert counts(report) == (1, 1, 0, 0)
    assert Cadre.objects.get().unit == county["organ"]


def test_ambiguous_or_unknown_unit_name_is_refused(county, org_staff):
    Unit.objects.create(code="X1", name="县财政局", kind="government_organ", parent=county["root"])
    rows = [
        cadre_row(1, 单位编码="", 工作单位="县财政局"),
        cadre_row(2, 单位编码="", 工作单位="火星局"),
        cadre_row(3, 单位编码=""),
    ]

    report = cadres_import(actor=org_staff, file_obj=cadre_file(rows), dry_run=False)

    assert errors_of(report) == [
        (2, "工作单位", "工作单位“县财政局”有重名，请填写单位编码。"),
        (3, "工作单位", "工作单位“火星局”不存在。"),
        (4, "单位编码", "必填项不能为空（填写单位编码，或唯一的工作单位名称）。"),
    ]


def test_excel_numbers_for_id_number_phone_and_yyyymmdd_dates_are_read(county, org_staff):
    row = cadre_row(10, 联系电话=13800001111.0, 任现职时间=20150301, 入党时间="2001年7月1日")
    row["身份证号"] = row["身份证号"]  # ends in a digit or X; keep as text

    report = cadres_import(actor=org_staff, file_obj=cadre_file([row]), dry_run=False)

    assert report.errors == []
    cadre = Cadre.objects.get()
    assert (cadre.phone, cadre.post_date, cadre.party_join_date) == (
        "13800001111",
        datetime.date(2015, 3, 1),
        datetime.date(2001, 7, 1),
    )


@pytest.mark.parametrize("columns", ["every", "shown"], ids=["every-roster-column", "the-list-columns"])
def test_exported_roster_reimports_unchanged(county, org_staff, as_user, columns):
    # given cadres with every kind of field filled, exported as the roster
    CadreFactory(unit=county["township"], ethnicity=Ethnicity.TIBETAN, political_status=PoliticalStatus.PARTY_MEMBER)
    LeaderFactory(
        unit=county["village"],
        party_join_date=datetime.date(2005, 7, 1),
        post_date=datetime.date(2018, 5, 1),
        education_full_time="bachelor",
        native_place="四川甘孜",
        phone="13811112222",
    )
    CadreFactory(unit=county["organ"], rank=None, rank_date=None, status=CadreStatus.RETIRED, gender="F")
    # exported from the list page, with its title lines and 序号 above and beside the roster's columns
    chosen = list(CadreTable.base_columns) if columns == "every" else []
    response = as_user(org_staff).get(reverse("cadres:roster_export"), {"status": "", "cols": chosen})
    roster = io.BytesIO(response.content)
    history_before = HistoricalCadre.objects.count()

    # when the roster is imported as it is
    report = cadres_import(actor=org_staff, file_obj=roster, dry_run=False)

    # then
    assert report.errors == []
    assert counts(report) == (3, 0, 0, 3)
    assert HistoricalCadre.objects.count() == history_before


# ---------------------------------------------------------------- scope


def test_unit_hr_importing_into_a_unit_outside_their_scope_gets_a_row_error(county, unit_hr, outside_cadre):
    rows = [
        cadre_row(1, unit_code=county["village"].code),
        cadre_row(2, unit_code=county["organ"].code),
        {
            **cadre_row(3, unit_code=county["township"].code),
            "身份证号": outside_cadre.id_number,
            "出生日期": outside_cadre.birth_date,
            "性别": outside_cadre.get_gender_display(),
        },
    ]
    cadres_before = Cadre.objects.count()

    report = cadres_import(actor=unit_hr, file_obj=cadre_file(rows), dry_run=False)

    assert errors_of(report) == [
        (3, "单位编码", f"单位编码“{county['organ'].code}”不在您的管理范围内。"),
        (4, "身份证号", "该身份证号对应的干部不在您的管理范围内。"),
    ]
    assert Cadre.objects.count() == cadres_before


def test_unit_hr_imports_into_their_own_units(county, unit_hr):
    report = cadres_import(
        actor=unit_hr, file_obj=cadre_file([cadre_row(1, unit_code=county["village"].code)]), dry_run=False
    )

    assert counts(report) == (1, 1, 0, 0)
    assert Cadre.objects.get().unit == county["village"]


# ---------------------------------------------------------------- units


def test_units_import_resolves_a_parent_defined_later_in_the_file(county, org_staff):
    rows = [
        ["V9", "新村", "T9", "村", "", 5],
        ["T9", "新乡", "513329", "乡镇", "", 40],
    ]

    report = units_import(actor=org_staff, file_obj=workbook_file(UNIT_HEADERS, rows), dry_run=False)

    assert report.errors == []
    assert counts(report) == (2, 2, 0, 0)
    township, village = Unit.objects.get(code="T9"), Unit.objects.get(code="V9")
    assert (village.parent, township.parent) == (township, county["root"])
    assert (township.is_township, village.is_township, village.headcount) == (True, False, 5)
    assert (township.sort_order, village.sort_order) == (701, 800)  # after 如龙镇 (700); the first village
    assert village.path == county["root"].path + segment(township) + segment(village)
    assert village.depth == 2
    assert (
        HistoricalUnit.objects.filter(code__in=["T9", "V9"], history_change_reason=IMPORT_CHANGE_REASON)
        .filter(history_user=org_staff)
        .count()
        == 2
    )


def test_units_import_updates_by_code_and_moves_the_subtree(county, org_staff):
    township, village = county["township"], county["village"]
    rows = [[township.code, "如龙镇（新）", county["organ"].code, "乡镇", "是", 50]]

    report = units_import(actor=org_staff, file_obj=workbook_file(UNIT_HEADERS, rows), dry_run=False)
    again = units_import(actor=org_staff, file_obj=workbook_file(UNIT_HEADERS, rows), dry_run=False)

    assert counts(report) == (1, 0, 1, 0)
    assert counts(again) == (1, 0, 0, 1)
    township.refresh_from_db()
    village.refresh_from_db()
    assert (township.name, township.parent, township.headcount) == ("如龙镇（新）", county["organ"], 50)
    assert village.path == county["organ"].path + segment(township) + segment(village)


def test_units_import_refuses_cycles_duplicates_and_unknown_parents(county, org_staff):
    rows = [
        ["A1", "甲", "B1", "政府部门", "", ""],
        ["B1", "乙", "A1", "政府部门", "", ""],
        ["C1", "丙", "ZZ", "政府部门", "", ""],
        ["C1", "丙", "", "乡", "也许", "-3"],
        [county["root"].code, "新龙县", county["village"].code, "县委县政府", "否", 0],
    ]
    units_before = Unit.objects.count()

    report = units_import(actor=org_staff, file_obj=workbook_file(UNIT_HEADERS, rows), dry_run=False)

    assert errors_of(report) == [
        (2, "上级单位编码", "上级单位不能是本单位或其下级单位（上下级关系形成循环）。"),
        (3, "上级单位编码", "上级单位不能是本单位或其下级单位（上下级关系形成循环）。"),
        (4, "单位编码", "单位编码在文件中重复：第5行。"),
        (4, "上级单位编码", "上级单位编码“ZZ”不存在。"),
        (5, "单位编码", "单位编码在文件中重复：第4行。"),
        (
            5,
            "单位类别",
            "“乡”不是有效的单位类别，可选：县委县政府、党委部门、政府部门、人大政协及群团、政法机关、事业单位、乡镇、村、社区。",
        ),
        (5, "是否乡镇", "“是否乡镇”应填“是”或“否”。"),
        (5, "编制数", "编制数应为不小于0的整数。"),
        (6, "上级单位编码", "上级单位不能是本单位或其下级单位（上下级关系形成循环）。"),
    ]
    assert Unit.objects.count() == units_before


def test_unit_hr_may_add_units_only_below_their_own(county, unit_hr):
    rows = [
        ["V7", "新村", county["township"].code, "村", "", 3],
        ["O7", "新局", county["organ"].code, "政府部门", "", 3],
        ["R7", "新县", "", "县委县政府", "", 3],
        [county["organ"].code, "县财政局", county["root"].code, "政府部门", "", 9],
    ]

    report = units_import(actor=unit_hr, file_obj=workbook_file(UNIT_HEADERS, rows), dry_run=False)

    assert errors_of(report) == [
        (3, "上级单位编码", f"上级单位编码“{county['organ'].code}”不在您的管理范围内。"),
        (4, "上级单位编码", "请填写上级单位编码：只能在您管理的单位下新建或移动单位。"),
        (5, "单位编码", f"单位编码“{county['organ'].code}”不在您的管理范围内。"),
    ]
    assert not Unit.objects.filter(code__in=["V7", "O7", "R7"]).exists()


def test_unit_hr_may_change_their_own_unit_keeping_its_parent(county, unit_hr):
    township = county["township"]
    rows = [[township.code, township.name, county["root"].code, "乡镇", "是", 99]]

    report = units_import(actor=unit_hr, file_obj=workbook_file(UNIT_HEADERS, rows), dry_run=False)

    assert counts(report) == (1, 0, 1, 0)
    township.refresh_from_db()
    assert township.headcount == 99


def test_dry_run_query_count_does_not_grow_with_rows(county, org_staff, django_assert_num_queries):
    small, large = cadre_file([cadre_row(i) for i in range(5)]), cadre_file([cadre_row(i) for i in range(200)])
    # units by code, existing cadres by ID number, and a savepoint that is rolled back and released
    with django_assert_num_queries(5):
        cadres_import(actor=org_staff, file_obj=small, dry_run=True)
    with django_assert_num_queries(5):
        cadres_import(actor=org_staff, file_obj=large, dry_run=True)


def test_units_import_keeps_paths_right_when_a_parent_and_its_child_both_change(county, org_staff):
    township, village = county["township"], county["village"]
    rows = [
        [village.code, "如龙村（新）", "N1", "村", "", 8],
        [township.code, township.name, county["organ"].code, "乡镇", "是", township.headcount],
        ["N1", "新片区", township.code, "政府部门", "", 1],
    ]

    report = units_import(actor=org_staff, file_obj=workbook_file(UNIT_HEADERS, rows), dry_run=False)

    assert report.errors == []
    assert counts(report) == (3, 1, 2, 0)
    township.refresh_from_db()
    village.refresh_from_db()
    area = Unit.objects.get(code="N1")
    assert township.path == county["organ"].path + segment(township)
    assert area.path == township.path + segment(area)
    assert (village.path, village.depth, village.name) == (area.path + segment(village), 4, "如龙村（新）")


def test_a_conflict_found_only_while_writing_rolls_everything_back(county, org_staff):
    # given a writer that saves a row and then meets a unique-constraint race
    def apply_rows(items, report):
        Unit.objects.create(code="RACE", name="竞争", kind="village", parent=county["root"])
        raise IntegrityError("UNIQUE constraint failed: cadres_cadre.id_number")

    # when
    report = run_import(
        rows=[(2, {})], validate_row=lambda row, record: (record, []), apply_rows=apply_rows, dry_run=False
    )

    # then
    assert errors_of(report) == [
        (0, "", "保存失败：数据在导入期间被他人修改（编码或证件号重复），请重新预览后再导入。")
    ]
    assert (report.applied, report.created) == (False, 0)
    assert not Unit.objects.filter(code="RACE").exists()
