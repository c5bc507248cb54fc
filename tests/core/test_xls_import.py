"""Legacy Excel 97-2003 (.xls) imports (issue 15.6): read once into the rows the .xlsx path reads
(core.excel.xls_as_xlsx), through the same upload → preview → confirm flow, with an .xlsx error report.

The fixtures under tests/fixtures/ are real .xls files (tests/fixtures/make_xls.py says how they were made).
"""

import datetime
import io
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from cadres.choices import Rank
from cadres.models import Cadre
from core.excel import ERROR_FILL, read_xlsx_rows, xls_as_xlsx
from core.import_flow import NOT_XLSX_MESSAGE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOOD_XLS = FIXTURES / "cadres_1904.xls"  # the 1904 date system
BAD_XLS = FIXTURES / "cadres_bad.xls"  # the 1900 date system
COLUMNS = {"姓名": "name", "出生日期": "birth_date", "身份证号": "id_number", "单位编码": "unit_code"}
COLUMNS |= {"联系电话": "phone", "排序号": "sort_order", "任现职级时间": "rank_date"}
NOT_EXCEL = (
    "请上传 Excel 文件（.xlsx 或 .xls）；WPS 表格（.et）和 .csv 文件请先在 WPS 或 Excel 中“另存为”Excel 工作簿（.xlsx）"
    "再上传。"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def xls_upload(path: Path, name: str = "干部.xls") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, path.read_bytes(), content_type="application/vnd.ms-excel")


def pending_files(media_root: Path) -> list[str]:
    directory = media_root / "imports"
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


def test_xls_cells_read_as_the_xlsx_path_reads_them():
    with GOOD_XLS.open("rb") as file_obj:
        rows = read_xlsx_rows(file_obj, columns=COLUMNS)

    assert rows == [
        (
            2,
            {
                "name": "旧表甲",
                "birth_date": datetime.date(1975, 6, 15),  # 1904 date system: day 26098
                "id_number": "513329197506150254",
                "unit_code": 513329,  # a whole number stored as 513329.0
                "phone": 13800000001,
                "sort_order": 5,
                "rank_date": datetime.date(2020, 1, 1),
            },
        ),
        (
            3,
            {
                "name": "旧表乙",
                "birth_date": datetime.date(1988, 2, 29),
                "id_number": "51332919880229058X",
                "unit_code": 513329,  # merged over rows 2-3: every row it covers has it
                "phone": "0836-8122001",
                "sort_order": 12,
                "rank_date": datetime.date(2019, 12, 31),
            },
        ),
    ]


def test_the_1900_date_system_reads_the_same_dates():
    with BAD_XLS.open("rb") as file_obj:
        rows = read_xlsx_rows(file_obj, columns=COLUMNS)

    assert [(row, record["name"], record["birth_date"]) for row, record in rows] == [
        (2, "旧表丙", datetime.date(1990, 10, 1)),
        (3, None, datetime.date(1975, 6, 15)),
        (4, "旧表丁", datetime.date(1985, 5, 5)),
    ]


def test_a_file_that_is_not_an_xls_is_refused_clearly():
    with pytest.raises(ValidationError) as caught:
        xls_as_xlsx(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 but not a workbook"))

    assert caught.value.messages == [
        "无法读取 .xls 文件：文件已损坏或已加密，请在 Excel 或 WPS 中另存为 .xlsx 后再上传。"
    ]


def test_an_xls_is_previewed_then_confirmed_with_exact_values(as_user, org_staff, county, media_root):
    client = as_user(org_staff)

    preview = client.post("/cadres/import/", {"kind": "cadres", "file": xls_upload(GOOD_XLS)})

    content = preview.content.decode()
    assert preview.status_code == 200
    assert [(change.row, change.action, change.subject) for change in preview.context["report"].changes] == [
        (2, "create", "旧表甲（513329********0254）"),
        (3, "create", "旧表乙（513329********058X）"),
    ]
    assert "旧表甲" in content
    assert "旧表乙" in content
    assert "上传的是旧版 Excel（.xls）文件，已转换为 .xlsx 读取" in content
    token = preview.context["token"]
    assert pending_files(media_root) == [f"{token}.xlsx"]  # kept as its .xlsx conversion
    assert not Cadre.objects.filter(name__startswith="旧表").exists()

    applied = client.post("/cadres/import/apply/", {"token": token})

    assert applied.status_code == 302
    cadres = Cadre.objects.filter(name__startswith="旧表").order_by("name")
    assert [
        (c.name, c.birth_date, c.id_number, c.unit.code, c.phone, c.sort_order, c.rank, c.rank_date, c.party_join_date)
        for c in cadres.select_related("unit")
    ] == [
        (
            "旧表乙",
            datetime.date(1988, 2, 29),
            "51332919880229058X",
            "513329",
            "0836-8122001",
            12,
            Rank.CLERK_1,
            datetime.date(2019, 12, 31),
            None,
        ),
        (
            "旧表甲",
            datetime.date(1975, 6, 15),
            "513329197506150254",
            "513329",
            "13800000001",
            5,
            Rank.PRINCIPAL_STAFF_4,
            datetime.date(2020, 1, 1),
            datetime.date(2001, 7, 1),
        ),
    ]
    assert pending_files(media_root) == []


def test_bad_rows_of_an_xls_are_named_and_come_back_in_an_xlsx_error_report(as_user, org_staff, county):
    client = as_user(org_staff)

    preview = client.post("/cadres/import/", {"kind": "cadres", "file": xls_upload(BAD_XLS, "旧名册.xls")})

    lost = "身份证号被存成了数字，Excel 只保留15位有效数字，末几位已丢失：请将该列设为文本格式后重新填写。"
    assert [(error.row, error.column, error.message) for error in preview.context["report"].errors] == [
        (3, "姓名", "必填项不能为空。"),
        (4, "身份证号", lost),
    ]
    assert "下载错误报告（.xlsx，原文件标出错误单元格）" in preview.content.decode()
    report = client.get(preview.context["errors_url"])
    assert report["Content-Disposition"] == "attachment; filename*=UTF-8''" + quote(
        "旧名册（错误报告，已转为xlsx）.xlsx"
    )
    sheet = load_workbook(io.BytesIO(report.content)).active
    reasons = sheet.cell(row=1, column=sheet.max_column)
    assert reasons.value == "错误原因"
    assert [sheet.cell(row=row, column=reasons.column).value for row in (2, 3, 4)] == [
        None,
        "姓名：必填项不能为空。",
        f"身份证号：{lost}",
    ]
    assert (sheet["A3"].fill, sheet["E4"].fill) == (ERROR_FILL, ERROR_FILL)
    assert sheet["D2"].value == datetime.datetime(1990, 10, 1)  # the report keeps the cells' values
    assert not Cadre.objects.filter(name__startswith="旧表").exists()


def test_an_app_import_page_accepts_an_xls_too(as_user, org_staff, county):
    response = as_user(org_staff).post("/assessments/results/import/", {"file": xls_upload(GOOD_XLS, "结果.xls")})

    # the cadre roster has none of the results' columns: the file was read, and its columns named
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["缺少必填列：考核年度、等次、确定日期。"]


def test_the_api_reads_an_xls_upload(as_user, org_staff, county):
    response = as_user(org_staff).post("/api/cadres/import/", {"kind": "cadres", "file": xls_upload(GOOD_XLS)})

    assert response.status_code == 200
    assert (response.json()["total"], response.json()["created"], response.json()["applied"]) == (2, 2, False)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("干部.et", b"\xd0\xcf\x11\xe0 WPS", NOT_EXCEL),
        ("干部.csv", "姓名,性别\n扎西,男\n".encode(), NOT_EXCEL),
        (
            "干部.xls",
            b"plain text named .xls",
            "无法读取 .xls 文件：文件已损坏或已加密，请在 Excel 或 WPS 中另存为 .xlsx 后再上传。",
        ),
    ],
)
def test_et_csv_and_unreadable_xls_are_refused_with_what_to_do(as_user, org_staff, media_root, name, content, message):
    response = as_user(org_staff).post("/cadres/import/", {"kind": "cadres", "file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert str(NOT_XLSX_MESSAGE) == NOT_EXCEL
    assert pending_files(media_root) == []
