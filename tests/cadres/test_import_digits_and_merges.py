"""Imports that lose or misread data (issue 14.5): merged cells and digits typed in full width or another
script, read the same way by the preview and the apply, and by the forms and the API."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook
from rest_framework.test import APIClient

from cadres.imports import cadres_import, units_import
from cadres.models import Cadre, Unit
from postings.imports import postings_import
from postings.models import Posting
from tests.api import error_messages
from tests.cadres.test_api import new_cadre_payload
from tests.cadres.test_imports import CADRE_HEADERS, UNIT_HEADERS, cadre_file, cadre_row, workbook_file
from tests.cadres.test_pages_forms import CREATE_URL, new_cadre_data
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "513329196001020038"
FULL_WIDTH_ID_NUMBER = "５１３３２９１９６００１０２００３８"
ARABIC_INDIC_ID_NUMBER = "51332919600102003٨"  # the last digit is ARABIC-INDIC DIGIT EIGHT
SECOND_ID_NUMBER = "51332919600103005X"
FRONT_LINE = "乡村基层"


def full_width_row(**overrides) -> dict:
    values = {"身份证号": FULL_WIDTH_ID_NUMBER, "出生日期": datetime.date(1960, 1, 2), "性别": "男", **overrides}
    return cadre_row(1, **values)


def counts(report) -> tuple[int, int, int, list]:
    return report.created, report.updated, report.unchanged, [(e.row, e.column, e.message) for e in report.errors]


def test_a_full_width_id_number_is_previewed_and_applied_as_ascii(org_staff, county):
    preview = cadres_import(actor=org_staff, file_obj=cadre_file([full_width_row()]), dry_run=True)
    applied = cadres_import(actor=org_staff, file_obj=cadre_file([full_width_row()]), dry_run=False)

    assert counts(preview) == (1, 0, 0, [])
    assert counts(applied) == (1, 0, 0, [])
    assert list(Cadre.objects.values_list("id_number", flat=True)) == [ID_NUMBER]


def test_a_full_width_id_number_finds_the_stored_cadre_instead_of_a_duplicate(org_staff, county):
    cadres_import(
        actor=org_staff,
        file_obj=cadre_file([cadre_row(1, 身份证号=ID_NUMBER, 出生日期=datetime.date(1960, 1, 2), 性别="男")]),
        dry_run=False,
    )

    preview = cadres_import(actor=org_staff, file_obj=cadre_file([full_width_row()]), dry_run=True)
    applied = cadres_import(actor=org_staff, file_obj=cadre_file([full_width_row()]), dry_run=False)

    assert counts(preview) == counts(applied) == (0, 0, 1, [])
    assert Cadre.objects.count() == 1


def test_a_digit_of_another_script_is_refused_by_row_and_column_and_nothing_is_written(org_staff, county):
    with pytest.raises(ValidationError) as refused:
        cadres_import(
            actor=org_staff, file_obj=cadre_file([full_width_row(身份证号=ARABIC_INDIC_ID_NUMBER)]), dry_run=True
        )

    assert refused.value.messages == ["第2行“身份证号”含有无法识别的数字“٨”，请用半角数字 0–9 填写。"]
    assert not Cadre.objects.exists()


def test_full_width_unit_code_and_headcount_are_read_as_ascii(org_staff, county):
    rows = [["Ｖ１２", "甲拉村", "５１３３２９", "村", "否", "１２"]]

    report = units_import(actor=org_staff, file_obj=workbook_file(UNIT_HEADERS, rows), dry_run=False)

    assert counts(report) == (1, 0, 0, [])
    unit = Unit.objects.get(name="甲拉村")
    assert (unit.code, unit.parent, unit.headcount) == ("V12", county["root"], 12)


def test_a_posting_row_with_a_full_width_id_number_finds_its_cadre(org_staff, county):
    cadre = CadreFactory(name="扎西", id_number=ID_NUMBER, birth_date=datetime.date(1960, 1, 2), unit=county["organ"])
    headers = ["身份证号", "锻炼类型", "一线类别", "接收单位编码", "锻炼任务", "开始日期", "计划结束日期"]
    row = [
        FULL_WIDTH_ID_NUMBER,
        "一线锻炼",
        FRONT_LINE,
        county["village"].code,
        "驻村",
        "２０２６-０３-０１",
        "2027-02-28",
    ]

    preview = postings_import(actor=org_staff, file_obj=workbook_file(headers, [row]), dry_run=True)
    applied = postings_import(actor=org_staff, file_obj=workbook_file(headers, [row]), dry_run=False)

    assert (preview.errors, preview.created) == ([], 1)
    assert (applied.errors, applied.created) == ([], 1)
    assert list(Posting.objects.values_list("cadre", "planned_start")) == [(cadre.pk, datetime.date(2026, 3, 1))]


# ---------------------------------------------------------------- merged cells


def merged_file(rows: list[dict], merge: str) -> io.BytesIO:
    """A cadre file whose range ``merge`` is merged (Excel keeps the top-left value, empties the rest)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(CADRE_HEADERS)
    for row in rows:
        sheet.append([row.get(header) for header in CADRE_HEADERS])
    sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def post_column() -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[CADRE_HEADERS.index("现任职务")]


def two_cadres(post: str) -> list[dict]:
    return [
        cadre_row(1, 身份证号=ID_NUMBER, 出生日期=datetime.date(1960, 1, 2), 性别="男", 现任职务=post),
        cadre_row(2, 身份证号=SECOND_ID_NUMBER, 出生日期=datetime.date(1960, 1, 3), 性别="男", 现任职务=post),
    ]


def test_a_post_merged_over_two_cadres_is_given_to_both_in_preview_and_apply(org_staff, county):
    # new cadres: a post of an existing cadre changes only through an appointment (cadres.services.CAREER_FIELDS)
    column = post_column()

    preview = cadres_import(
        actor=org_staff, file_obj=merged_file(two_cadres("副镇长"), f"{column}2:{column}3"), dry_run=True
    )
    applied = cadres_import(
        actor=org_staff, file_obj=merged_file(two_cadres("副镇长"), f"{column}2:{column}3"), dry_run=False
    )

    assert counts(preview) == counts(applied) == (2, 0, 0, [])
    assert dict(Cadre.objects.values_list("id_number", "post_title")) == {
        ID_NUMBER: "副镇长",
        SECOND_ID_NUMBER: "副镇长",
    }


def test_a_range_merged_across_columns_is_refused_by_name_and_nothing_is_written(org_staff, county):
    column = post_column()
    next_column = chr(ord(column) + 1)

    with pytest.raises(ValidationError) as refused:
        cadres_import(
            actor=org_staff, file_obj=merged_file(two_cadres("副镇长"), f"{column}2:{next_column}3"), dry_run=True
        )

    assert refused.value.messages == [
        f"合并单元格 {column}2:{next_column}3 跨越多列，无法确定每一列的值：请取消合并并逐格填写后再导入。"
    ]
    assert not Cadre.objects.exists()


def test_a_merged_title_above_the_header_is_read_as_before(org_staff, county):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["干部名册"])
    sheet.append(CADRE_HEADERS)
    sheet.append([two_cadres("科员")[0].get(header) for header in CADRE_HEADERS])
    sheet.merge_cells("A1:F1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    report = cadres_import(actor=org_staff, file_obj=buffer, dry_run=False)

    assert counts(report) == (1, 0, 0, [])


# ---------------------------------------------------------------- forms and API


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def cadre_payload(unit, id_number: str) -> dict:
    return new_cadre_payload(unit, id_number=id_number, birth_date="1960-01-02")


def test_the_api_stores_a_full_width_id_number_and_unit_code_as_ascii(org_staff, county):
    cadre = api_for(org_staff).post(
        "/api/cadres/", cadre_payload(county["township"], FULL_WIDTH_ID_NUMBER), format="json"
    )
    unit = api_for(org_staff).post(
        "/api/units/",
        {"code": "Ｖ１２", "name": "甲拉村", "kind": "village", "parent": county["township"].pk},
        format="json",
    )

    assert (cadre.status_code, unit.status_code) == (201, 201)
    assert Cadre.objects.get(name="格桑").id_number == ID_NUMBER
    assert Unit.objects.get(name="甲拉村").code == "V12"


def test_the_api_refuses_an_id_number_with_another_scripts_digit_as_a_field_error(org_staff, county):
    response = api_for(org_staff).post(
        "/api/cadres/", cadre_payload(county["township"], ARABIC_INDIC_ID_NUMBER), format="json"
    )

    assert response.status_code == 400
    assert error_messages(response) == {"id_number": ["身份证号含有无法识别的数字“٨”，请用半角数字 0–9 填写。"]}
    assert not Cadre.objects.exists()


def test_the_cadre_form_stores_a_full_width_id_number_as_ascii_and_refuses_another_script(as_user, org_staff, county):
    data = new_cadre_data(county["organ"], birth_date="1960-01-02")

    refused = as_user(org_staff).post(CREATE_URL, {**data, "id_number": ARABIC_INDIC_ID_NUMBER})
    created = as_user(org_staff).post(CREATE_URL, {**data, "id_number": FULL_WIDTH_ID_NUMBER})

    assert refused.status_code == 200
    assert refused.context["form"].errors["id_number"] == ["身份证号含有无法识别的数字“٨”，请用半角数字 0–9 填写。"]
    assert created.status_code == 302
    assert list(Cadre.objects.values_list("id_number", flat=True)) == [ID_NUMBER]


def test_the_roster_search_finds_a_cadre_by_a_full_width_id_number(as_user, org_staff, county):
    CadreFactory(name="扎西", id_number=ID_NUMBER, birth_date=datetime.date(1960, 1, 2), unit=county["township"])

    response = as_user(org_staff).get("/cadres/", {"q": FULL_WIDTH_ID_NUMBER})

    assert [row.record.name for row in response.context["table"].page.object_list] == ["扎西"]


def test_every_api_number_field_reads_full_width_and_refuses_another_scripts_digits(org_staff, county):
    client = api_for(org_staff)
    unit = {"name": "甲拉村", "kind": "village", "parent": county["township"].pk}

    refused = client.post("/api/units/", {**unit, "code": "V12", "headcount": "١٢"}, format="json")
    created = client.post("/api/units/", {**unit, "code": "V13", "headcount": "１２"}, format="json")

    assert refused.status_code == 400
    assert error_messages(refused) == {"headcount": ["含有无法识别的数字“١٢”，请用半角数字 0–9 填写。"]}
    assert created.status_code == 201
    assert list(Unit.objects.filter(name="甲拉村").values_list("code", "headcount")) == [("V13", 12)]


def test_every_form_date_field_reads_full_width_digits(as_user, org_staff, county):
    data = new_cadre_data(county["organ"], birth_date="１９６０-０１-０２", id_number=ID_NUMBER)

    response = as_user(org_staff).post(CREATE_URL, data)

    assert response.status_code == 302
    assert Cadre.objects.get().birth_date == datetime.date(1960, 1, 2)
