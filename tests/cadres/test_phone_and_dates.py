"""Input checks (issue 15.8): a phone of "abc123" is refused with a Chinese message everywhere a cadre's
phone is written (model, API, import), and dates are read as the department types them."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from cadres.imports import cadres_import
from cadres.models import Cadre
from core.digits import validate_phone
from tests.api import error_messages
from tests.cadres.test_imports import cadre_file, cadre_row
from tests.factories import CadreFactory

PHONE_MESSAGE = "“abc123”不是有效的电话号码：请填写11位手机号（如 13800000000）或固定电话（如 0836-1234567）。"


@pytest.mark.parametrize(
    "phone",
    ["13800000000", "138-0000-0000", "+86 13800000000", "0836-1234567", "(0836)1234567", "08361234567",
     "2345678", "0836-1234567-801", "１３８０００００００２", ""],
)  # fmt: skip
def test_mobile_and_landline_numbers_are_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["abc123", "12345", "23800000000", "13800000000/0836-1234567", "0836-12"])
def test_anything_else_is_refused_in_chinese(phone):
    with pytest.raises(ValidationError) as refused:
        validate_phone(phone)

    assert refused.value.messages == [PHONE_MESSAGE.replace("abc123", phone)]


def test_the_api_refuses_a_phone_of_abc123_and_changes_nothing(org_staff, county):
    cadre = CadreFactory(unit=county["township"], phone="13800000000")
    client = APIClient()
    client.force_authenticate(org_staff)
    etag = client.get(f"/api/cadres/{cadre.pk}/")["ETag"]

    response = client.patch(f"/api/cadres/{cadre.pk}/", {"phone": "abc123"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 400
    assert error_messages(response) == {"phone": [PHONE_MESSAGE]}
    assert Cadre.objects.get(pk=cadre.pk).phone == "13800000000"


def test_an_import_names_the_row_with_a_bad_phone(org_staff, county):
    report = cadres_import(actor=org_staff, file_obj=cadre_file([cadre_row(1, 联系电话="abc123")]), dry_run=True)

    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "联系电话", PHONE_MESSAGE)]


@pytest.mark.parametrize("typed", ["2024-03-01", "2024/3/1", "2024.03.01", "2024年3月1日", "20240301"])
def test_a_date_field_reads_the_ways_the_department_types_a_date(typed):
    assert forms.DateField().clean(typed) == datetime.date(2024, 3, 1)
