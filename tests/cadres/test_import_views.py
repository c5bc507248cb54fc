"""The Excel import pages and API: who may use them, the preview → confirm flow, and the templates."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cadres.import_views import PENDING_SESSION_KEY
from cadres.models import Cadre, Unit
from tests.api import error_messages
from tests.cadres.test_imports import UNIT_HEADERS, cadre_file, cadre_row, workbook_file

HistoricalCadre = Cadre.history.model
START_URL = "/cadres/import/"
API_URL = "/api/cadres/import/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(content: io.BytesIO, name: str = "干部.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.getvalue(), content_type="application/octet-stream")


def pending_files(media_root: Path) -> list[Path]:
    directory = media_root / "imports"
    return sorted(directory.iterdir()) if directory.exists() else []


# ---------------------------------------------------------------- who may import


def test_urls_are_the_ones_the_rest_of_the_site_links_to():
    assert reverse("cadres:import_start") == START_URL
    assert reverse("cadres:import_template_cadres") == "/cadres/import/template/cadres/"
    assert reverse("cadres:import_template_units") == "/cadres/import/template/units/"
    assert reverse("api:cadre-import") == API_URL


@pytest.mark.parametrize(
    "url", [START_URL, "/cadres/import/template/cadres/", "/cadres/import/template/units/", "/cadres/import/result/"]
)
def test_anonymous_visitor_is_sent_to_login(as_user, url):
    response = as_user(None).get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "url", [START_URL, "/cadres/import/template/cadres/", "/cadres/import/template/units/", "/cadres/import/result/"]
)
def test_cadre_role_is_refused_the_pages(as_user, cadre_user, url):
    assert as_user(cadre_user).get(url).status_code == 403


def test_cadre_role_upload_and_apply_are_refused_and_write_nothing(as_user, cadre_user, county, media_root):
    client = as_user(cadre_user)
    cadres_before = Cadre.objects.count()

    uploaded = client.post(START_URL, {"kind": "cadres", "file": upload(cadre_file([cadre_row(1)]))})
    applied = client.post("/cadres/import/apply/", {"token": "0" * 32})

    assert (uploaded.status_code, applied.status_code) == (403, 403)
    assert Cadre.objects.count() == cadres_before
    assert pending_files(media_root) == []


@pytest.mark.parametrize("who", ["unit_hr", "org_staff", "admin_user"])
def test_staff_see_the_upload_page(as_user, request, who):
    response = as_user(request.getfixturevalue(who)).get(START_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "预览（不写入）" in content
    assert reverse("cadres:import_template_cadres") in content


def test_api_refuses_anonymous_and_cadre_role(as_user, cadre_user, county):
    cadres_before = Cadre.objects.count()
    data = {"kind": "cadres", "dry_run": "false"}

    anonymous = as_user(None).post(API_URL, {**data, "file": upload(cadre_file([cadre_row(1)]))})
    cadre = as_user(cadre_user).post(API_URL, {**data, "file": upload(cadre_file([cadre_row(1)]))})

    assert anonymous.status_code in (401, 403)
    assert cadre.status_code == 403
    assert Cadre.objects.count() == cadres_before


# ---------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        (
            "/cadres/import/template/cadres/",
            [
                "姓名*", "性别*", "民族*", "出生日期*", "身份证号*", "籍贯", "全日制学历", "在职学历", "政治面貌",
                "入党时间", "参加工作时间", "人员类别*", "单位编码*", "工作单位", "现任职务", "任现职时间",
                "领导职务层次", "职级", "任现职级时间", "状态", "联系电话", "排序号", "录用时间", "录用批准机关",
                "录用文号",
            ],
        ),
        ("/cadres/import/template/units/", [*UNIT_HEADERS, "排序号"]),
    ],
)  # fmt: skip
def test_templates_download_as_workbooks_with_headers_example_and_notes(as_user, unit_hr, url, headers):
    response = as_user(unit_hr).get(url)

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    data, notes, lists = workbook.worksheets  # the lists behind the drop-downs are hidden
    assert (lists.title, lists.sheet_state) == ("代码表", "hidden")
    assert [cell.value for cell in data[1]] == headers
    assert data.max_row == 2
    assert notes.title == "填写说明"
    note_text = "\n".join(str(row[0]) for row in notes.iter_rows(values_only=True) if row[0])
    assert "单位类别" in note_text if "units" in url else "民族：汉族、蒙古族、回族、藏族" in note_text


def test_the_cadre_template_example_row_imports_once_its_unit_exists(as_user, org_staff, county):
    response = as_user(org_staff).get("/cadres/import/template/cadres/")

    api = as_user(org_staff).post(API_URL, {"kind": "cadres", "file": upload(io.BytesIO(response.content))})

    assert api.status_code == 200
    assert (api.json()["total"], api.json()["created"]) == (1, 1)


# ---------------------------------------------------------------- preview and confirm


def test_upload_shows_a_preview_then_confirm_imports_everything(as_user, unit_hr, county, media_root):
    client = as_user(unit_hr)
    rows = [cadre_row(1, unit_code=county["township"].code), cadre_row(2, unit_code=county["village"].code)]

    preview = client.post(START_URL, {"kind": "cadres", "file": upload(cadre_file(rows))})

    assert preview.status_code == 200
    assert preview.context["report"].as_dict()["created"] == 2
    assert "确认导入" in preview.content.decode()
    assert not Cadre.objects.filter(id_number=rows[0]["身份证号"]).exists()
    token = preview.context["token"]
    assert [path.name for path in pending_files(media_root)] == [f"{token}.xlsx"]

    applied = client.post("/cadres/import/apply/", {"token": token})

    assert applied.status_code == 302
    assert applied["Location"] == "/cadres/import/result/"
    assert Cadre.objects.filter(id_number__in=[row["身份证号"] for row in rows]).count() == 2
    assert HistoricalCadre.objects.filter(history_change_reason="Excel导入", history_user=unit_hr).count() == 2
    assert pending_files(media_root) == []
    result = client.get("/cadres/import/result/")
    assert result.context["result"]["created"] == 2
    assert "导入完成" in result.content.decode()


def test_confirming_twice_imports_once(as_user, org_staff, county):
    client = as_user(org_staff)
    preview = client.post(START_URL, {"kind": "cadres", "file": upload(cadre_file([cadre_row(1)]))})
    token = preview.context["token"]
    client.post("/cadres/import/apply/", {"token": token})
    history_before = HistoricalCadre.objects.count()

    again = client.post("/cadres/import/apply/", {"token": token}, follow=True)

    assert "导入文件已失效或已导入，请重新上传。" in again.content.decode()
    assert HistoricalCadre.objects.count() == history_before


def test_another_users_token_is_useless(as_user, org_staff, admin_user, county, media_root):
    preview = as_user(org_staff).post(START_URL, {"kind": "cadres", "file": upload(cadre_file([cadre_row(1)]))})
    token = preview.context["token"]

    response = as_user(admin_user).post("/cadres/import/apply/", {"token": token}, follow=True)

    assert "导入文件已失效或已导入，请重新上传。" in response.content.decode()
    assert not Cadre.objects.exists()
    assert len(pending_files(media_root)) == 1


def test_preview_lists_every_bad_row_and_offers_no_confirmation(as_user, unit_hr, county, media_root):
    client = as_user(unit_hr)
    rows = [cadre_row(1, unit_code=county["organ"].code), cadre_row(2, 姓名="")]

    response = client.post(START_URL, {"kind": "cadres", "file": upload(cadre_file(rows))})

    content = response.content.decode()
    assert response.status_code == 200
    assert f"单位编码“{county['organ'].code}”不在您的管理范围内。" in content
    assert "<td>第3行</td><td>姓名</td><td>必填项不能为空。</td>" in content
    assert [(error.row, error.column) for error in response.context["report"].errors] == [
        (2, "单位编码"),
        (3, "姓名"),
        (3, "单位编码"),
    ]
    assert "确认导入" not in content
    assert response.context["token"] is None
    # the file stays for its error report only: it cannot be applied
    waiting = client.session[PENDING_SESSION_KEY]
    assert [path.name for path in pending_files(media_root)] == [f"{waiting['token']}.xlsx"]
    assert client.post("/cadres/import/apply/", {"token": waiting["token"]}).status_code == 302
    assert not Cadre.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "干部.csv",
            b"a,b\n",
            "请上传 Excel 文件（.xlsx 或 .xls）；"
            "WPS 表格（.et）和 .csv 文件请先在 WPS 或 Excel 中“另存为”Excel 工作簿（.xlsx）再上传。",
        ),
        ("干部.xlsx", b"not a workbook", "无法读取文件：请上传 Excel 文件（.xlsx 或 .xls）。"),
        ("干部.xlsx", cadre_file([]).getvalue(), "文件中没有数据行。"),
    ],
)
def test_a_file_that_is_not_xlsx_gets_a_clear_message(as_user, org_staff, media_root, name, content, message):
    response = as_user(org_staff).post(START_URL, {"kind": "cadres", "file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert pending_files(media_root) == []


def test_units_import_through_the_page(as_user, org_staff, county):
    client = as_user(org_staff)
    rows = [["V8", "新村", "T8", "村", "", 4], ["T8", "新乡", county["root"].code, "乡镇", "是", 30]]
    preview = client.post(START_URL, {"kind": "units", "file": upload(workbook_file(UNIT_HEADERS, rows), "单位.xlsx")})

    client.post("/cadres/import/apply/", {"token": preview.context["token"]})

    assert Unit.objects.get(code="V8").parent == Unit.objects.get(code="T8")


# ---------------------------------------------------------------- API


def test_api_dry_run_is_the_default_and_writes_nothing(as_user, org_staff, county):
    response = as_user(org_staff).post(API_URL, {"kind": "cadres", "file": upload(cadre_file([cadre_row(1)]))})

    assert response.status_code == 200
    body = response.json()
    changes = body.pop("changes")
    assert body == {
        "total": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "dry_run": True,
        "applied": False,
        "errors": [],
    }
    assert [(change["row"], change["action"]) for change in changes] == [(2, "create")]
    assert {"label": "出生日期", "old": "", "new": "1960-01-02"} in changes[0]["fields"]
    assert not Cadre.objects.exists()


def test_api_applies_a_good_file(as_user, unit_hr, county):
    file_obj = cadre_file([cadre_row(1, unit_code=county["village"].code)])

    response = as_user(unit_hr).post(API_URL, {"kind": "cadres", "dry_run": "false", "file": upload(file_obj)})

    assert response.status_code == 200
    assert (response.json()["created"], response.json()["applied"]) == (1, True)
    assert Cadre.objects.get().unit == county["village"]


def test_api_answers_400_with_every_bad_row(as_user, unit_hr, county):
    file_obj = cadre_file([cadre_row(1, unit_code=county["organ"].code), cadre_row(2, unit_code="NOPE")])

    response = as_user(unit_hr).post(API_URL, {"kind": "cadres", "dry_run": "false", "file": upload(file_obj)})

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["detail"], body["fields"]) == ("invalid_rows", "有 2 处错误，未写入任何数据。", {})
    assert body["rows"] == [
        {
            "row": 2,
            "column": "单位编码",
            "message": f"单位编码“{county['organ'].code}”不在您的管理范围内。",
            "code": "invalid_row",
        },
        {"row": 3, "column": "单位编码", "message": "单位编码“NOPE”不存在。", "code": "invalid_row"},
    ]
    assert (body["report"]["total"], body["report"]["applied"]) == (2, False)
    assert not Cadre.objects.exists()


def test_api_answers_400_for_a_file_that_is_not_xlsx(as_user, org_staff):
    response = as_user(org_staff).post(
        API_URL, {"kind": "units", "dry_run": "false", "file": SimpleUploadedFile("a.xlsx", b"plain text")}
    )

    assert response.status_code == 400
    assert error_messages(response) == {"file": ["无法读取文件：请上传 Excel 文件（.xlsx 或 .xls）。"]}
    assert response.json()["code"] == "invalid_file"


def test_api_imports_units(as_user, org_staff, county):
    rows = [["V6", "新村", "T6", "村", "", 4], ["T6", "新乡", county["root"].code, "乡镇", "是", 30]]

    response = as_user(org_staff).post(
        API_URL, {"kind": "units", "dry_run": "false", "file": upload(workbook_file(UNIT_HEADERS, rows))}
    )

    assert response.status_code == 200
    assert response.json()["created"] == 2
