"""Every import template: required columns marked *, coded columns as drop-down lists (issue 9: "the import
templates carry drop-down lists for coded columns"), built next to each import's column map."""

import datetime
import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from assessments.imports import historic_results_template_response, scores_template_response
from cadres.imports import cadre_template_response, unit_template_response
from postings.imports import postings_template_response
from training.imports import attendance_template_response

COURSE = SimpleNamespace(start_date=datetime.date(2026, 3, 2))


def header_and_lists(response) -> tuple[list[str], dict[str, list[str]]]:
    """The template's header row, and {validated column's header: its drop-down values}."""
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    lists = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        list_column = validation.formula1.split("!$")[1].split("$")[0]
        values = [cell.value for cell in workbook["代码表"][list_column]]
        lists[sheet[f"{column}1"].value] = [value for value in values[1:] if value is not None]
    return header, lists


@pytest.mark.parametrize(
    ("template", "header", "lists"),
    [
        pytest.param(
            postings_template_response,
            [
                "身份证号*",
                "锻炼类型*",
                "一线类别",
                "交流方向",
                "派出单位编码",
                "接收单位编码",
                "县外接收单位",
                "县外所在地区",
                "锻炼任务",
                "开始日期*",
                "计划结束日期*",
            ],
            {
                "锻炼类型*": ["挂职锻炼", "第一书记", "一线锻炼", "双向交流"],
                "一线类别": ["乡村基层", "重点工作", "改革发展", "项目建设", "服务群众"],
                "交流方向": ["县直机关→乡镇", "乡镇→县直机关", "跟班学习"],
            },
            id="postings",
        ),
        pytest.param(
            lambda: attendance_template_response(COURSE),
            ["身份证号*", "日期*", "考勤*", "请假学时", "备注"],
            {"考勤*": ["出勤", "请假", "缺勤"]},
            id="attendance",
        ),
        pytest.param(
            historic_results_template_response,
            ["身份证号*", "姓名", "考核年度*", "等次*", "不定等次原因", "确定日期*", "评语"],
            {
                "等次*": ["优秀", "称职", "基本称职", "不称职", "不定等次"],
                "不定等次原因": ["录用试用期", "病假、事假累计超过半年", "立案审查调查", "受处分（等次限制）", "其他"],
            },
            id="historic-results",
        ),
        pytest.param(scores_template_response, ["身份证号*", "姓名", "指标名称*", "得分*", "备注"], {}, id="scores"),
    ],
)
def test_an_import_template_marks_required_columns_and_offers_coded_ones_as_drop_downs(template, header, lists):
    assert header_and_lists(template()) == (header, lists)


@pytest.mark.django_db
def test_the_roster_templates_keep_their_drop_downs():
    unit_header, unit_lists = header_and_lists(unit_template_response())
    _cadre_header, cadre_lists = header_and_lists(cadre_template_response())

    assert unit_header[:4] == ["单位编码*", "单位名称*", "上级单位编码", "单位类别*"]
    assert unit_lists["是否乡镇"] == ["是", "否"]
    assert (cadre_lists["民族*"][:2], cadre_lists["民族*"][-2:]) == (["汉族", "蒙古族"], ["其他", "外国血统中国籍人士"])


def test_id_number_and_code_columns_are_text_so_excel_keeps_every_digit():
    sheet = load_workbook(io.BytesIO(postings_template_response().content)).worksheets[0]

    text_columns = [cell.value for cell in sheet[1] if sheet.column_dimensions[cell.column_letter].number_format == "@"]

    assert text_columns == ["身份证号*", "派出单位编码", "接收单位编码"]
