"""The one import flow (core.import_flow, core.excel): the preview says which records change and how
(old → new), and a file with bad rows comes back as an error report: the upload, bad cells marked, reasons."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from cadres.imports import cadres_import, units_import
from cadres.models import Cadre
from core.excel import ERROR_FILL, FieldChange, RowError, error_report_xlsx
from tests.cadres.test_imports import UNIT_HEADERS, cadre_file, cadre_row, workbook_file


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_preview_names_each_changed_cadre_with_its_fields_old_and_new(county, org_staff):
    row = cadre_row(1)
    cadres_import(actor=org_staff, file_obj=cadre_file([row]), dry_run=False)
    changed = {**row, "籍贯": "四川甘孜", "联系电话": "13900000001"}

    report = cadres_import(actor=org_staff, file_obj=cadre_file([changed, cadre_row(2)]), dry_run=True)

    assert [(change.row, change.action, change.subject) for change in report.changes] == [
        (2, "update", "测试1（513330********" + row["身份证号"][-4:] + "）"),
        (3, "create", "测试2（513330********" + cadre_row(2)["身份证号"][-4:] + "）"),
    ]
    assert report.updates[0].fields == (
        FieldChange(label="籍贯", old="四川新龙", new="四川甘孜"),
        FieldChange(label="联系电话", old="13800000000", new="13900000001"),
    )
    assert Cadre.objects.get(id_number=row["身份证号"]).native_place == "四川新龙"


def test_an_unchanged_row_is_not_listed(county, org_staff):
    row = cadre_row(1)
    cadres_import(actor=org_staff, file_obj=cadre_file([row]), dry_run=False)

    report = cadres_import(actor=org_staff, file_obj=cadre_file([row]), dry_run=True)

    assert (report.unchanged, report.changes) == (1, [])


def test_a_moved_unit_shows_its_old_and_new_parent(county, org_staff):
    units_import(
        actor=org_staff,
        file_obj=workbook_file(UNIT_HEADERS, [["T9", "新镇", "513329", "乡镇", "是", 40]]),
        dry_run=False,
    )
    file = workbook_file(UNIT_HEADERS, [["T9", "新镇", county["organ"].code, "乡镇", "是", 45]])

    report = units_import(actor=org_staff, file_obj=file, dry_run=True)

    assert report.updates[0].subject == "新镇（T9）"
    assert report.updates[0].fields == (
        FieldChange(label="上级单位编码", old="513329", new=county["organ"].code),
        FieldChange(label="编制数", old="40", new="45"),
    )


def test_the_error_report_marks_the_bad_cells_and_adds_the_reasons():
    upload = workbook_file(
        ["姓名", "身份证号", "出生日期"], [["扎西", "5133", "1980-01-01"], ["卓玛", "x", "1990-13-01"]]
    )
    errors = [
        RowError(row=2, column="身份证号", message="身份证号应为18位。"),
        RowError(row=3, column="出生日期", message="日期无效：1990-13-01。"),
        RowError(row=3, column="", message="与第2行重复。"),
    ]

    sheet = load_workbook(io.BytesIO(error_report_xlsx(upload, errors))).active

    assert [cell.value for cell in sheet[1]] == ["姓名", "身份证号", "出生日期", "错误原因"]
    assert [cell.value for cell in sheet[2]] == ["扎西", "5133", "1980-01-01", "身份证号：身份证号应为18位。"]
    assert sheet["D3"].value == "出生日期：日期无效：1990-13-01。；与第2行重复。"
    marked = [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.fill == ERROR_FILL]
    assert marked == ["D1", "B2", "C3"]


def test_the_error_report_finds_the_header_below_an_exports_title():
    upload = workbook_file(["干部花名册"], [[], ["姓名", "身份证号"], ["扎西", "5133"]])

    sheet = load_workbook(io.BytesIO(error_report_xlsx(upload, [RowError(4, "身份证号", "太短。")]))).active

    assert (sheet["C3"].value, sheet["C4"].value, sheet["B4"].fill == ERROR_FILL) == (
        "错误原因",
        "身份证号：太短。",
        True,
    )


def test_an_import_page_previews_offers_the_error_report_and_applies_only_a_good_file(
    client, org_staff, county, own_cadre
):
    client.force_login(org_staff)
    url = "/assessments/results/import/"
    headers = ["身份证号", "考核年度", "等次", "确定日期"]
    bad = workbook_file(headers, [[own_cadre.id_number, 2020, "很好", "2021-01-20"]])

    preview = client.post(url, {"file": SimpleUploadedFile("结果.xlsx", bad.getvalue())})
    token = preview.context["pending"]["token"]
    refused = client.post(url, {"token": token}, follow=True)
    report = client.get(url, {"errors": token})

    assert f'href="{url}?errors={token}"' in preview.content.decode()
    assert "导入文件已失效或已导入，请重新上传。" in refused.content.decode()
    assert (
        report["Content-Disposition"]
        == "attachment; filename*=UTF-8''%E7%BB%93%E6%9E%9C%EF%BC%88%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A%EF%BC%89.xlsx"
    )
    sheet = load_workbook(io.BytesIO(report.content)).active
    assert (sheet["E1"].value, sheet["E2"].value) == (
        "错误原因",
        "等次：等次应为优秀、称职、基本称职、不称职或不定等次。",
    )
    assert sheet["C2"].fill == ERROR_FILL


def test_another_users_token_gets_no_error_report(client, org_staff, unit_hr, county, own_cadre):
    client.force_login(org_staff)
    bad = workbook_file(
        ["身份证号", "考核年度", "等次", "确定日期"], [[own_cadre.id_number, 2020, "很好", "2021-01-20"]]
    )
    token = client.post("/assessments/results/import/", {"file": SimpleUploadedFile("a.xlsx", bad.getvalue())}).context[
        "pending"
    ]["token"]
    client.force_login(unit_hr)

    assert client.get("/assessments/results/import/", {"errors": token}).status_code == 404


def test_a_cadre_import_with_bad_rows_offers_its_error_report(client, unit_hr, county):
    client.force_login(unit_hr)
    file = cadre_file([cadre_row(1, unit_code=county["organ"].code)])

    preview = client.post(
        "/cadres/import/", {"kind": "cadres", "file": SimpleUploadedFile("干部.xlsx", file.getvalue())}
    )
    errors_url = preview.context["errors_url"]
    sheet = load_workbook(io.BytesIO(client.get(errors_url).content)).active

    assert errors_url.startswith("/cadres/import/errors/?token=")
    assert (
        sheet.cell(row=2, column=sheet.max_column).value
        == f"单位编码：单位编码“{county['organ'].code}”不在您的管理范围内。"
    )
