"""Creating and changing a cadre's record through the pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cadres import rules
from cadres.models import Cadre

CREATE_URL = reverse("cadres:cadre_create")
BIRTH_DATE = datetime.date(1990, 5, 6)


def new_cadre_data(unit, **changes) -> dict:
    data = {
        "name": "格桑",
        "gender": "M",
        "ethnicity": "04",
        "birth_date": BIRTH_DATE.isoformat(),
        "id_number": rules.id_number_compose(region="513329", birth_date=BIRTH_DATE, sequence=41, gender="M"),
        "political_status": "party_member",
        "party_join_date": "2012-07-01",
        "work_start_date": "2012-08-01",
        "category": "civil_servant",
        "unit": unit.pk,
        "post_title": "科员",
        "rank": "2",
        "status": "active",
        "reason": "新录用",
    }
    data.update(changes)
    return data


def test_unit_hr_creates_a_cadre_in_own_unit_and_the_history_records_who_and_why(as_user, unit_hr, county):
    response = as_user(unit_hr).post(CREATE_URL, new_cadre_data(county["village"]))

    cadre = Cadre.objects.get(name="格桑")
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:cadre_detail", args=[cadre.pk])
    assert (cadre.unit, cadre.ethnicity, cadre.rank, cadre.name_initials) == (county["village"], "04", 2, "gs")
    record = cadre.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", unit_hr, "新录用")


def test_bad_id_checksum_shows_the_chinese_error_and_writes_nothing(as_user, org_staff, county):
    good = new_cadre_data(county["organ"])["id_number"]
    bad = good[:17] + ("0" if good[17] != "0" else "1")

    response = as_user(org_staff).post(CREATE_URL, new_cadre_data(county["organ"], id_number=bad))

    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == ["身份证号校验码错误。"]
    assert "身份证号校验码错误。" in response.content.decode()
    assert not Cadre.objects.exists()


def test_id_number_disagreeing_with_birth_date_is_refused(as_user, org_staff, county):
    response = as_user(org_staff).post(CREATE_URL, new_cadre_data(county["organ"], birth_date="1990-05-07"))

    assert response.context["form"].errors["id_number"] == [
        "身份证号中的出生日期（1990-05-06）与填写的出生日期（1990-05-07）不一致。"
    ]
    assert not Cadre.objects.exists()


def test_unit_hr_cannot_pick_a_unit_outside_own_units(as_user, unit_hr, county):
    response = as_user(unit_hr).post(CREATE_URL, new_cadre_data(county["organ"]))

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Cadre.objects.exists()
    unit_choices = [int(str(value)) for value, _label in response.context["form"].fields["unit"].choices if value]
    assert unit_choices == [county["township"].pk, county["village"].pk]


def test_missing_required_fields_are_reported_in_chinese(as_user, org_staff):
    response = as_user(org_staff).post(CREATE_URL, {})

    errors = response.context["form"].errors
    assert errors["name"] == ["该字段是必填项。"]
    assert set(errors) >= {"name", "gender", "birth_date", "id_number", "category", "unit"}
    assert not Cadre.objects.exists()


def test_create_form_uses_date_inputs_and_chinese_labels(as_user, org_staff, county):
    content = as_user(org_staff).get(CREATE_URL, {"unit": county["organ"].pk}).content.decode()

    assert 'type="date" name="birth_date"' in content
    assert "变更原因" in content
    assert "身份证号" in content
    assert f'<option value="{county["organ"].pk}" selected>' in content


def test_edit_changes_the_record_and_keeps_the_old_values_in_history(as_user, unit_hr, own_cadre):
    data = new_cadre_data(
        own_cadre.unit,
        name=own_cadre.name,
        birth_date=own_cadre.birth_date.isoformat(),
        id_number=own_cadre.id_number,
        ethnicity=own_cadre.ethnicity,
        native_place="四川康定",
        reason="更正籍贯",
    )

    response = as_user(unit_hr).post(reverse("cadres:cadre_edit", args=[own_cadre.pk]), data)

    assert response.status_code == 302
    own_cadre.refresh_from_db()
    assert own_cadre.native_place == "四川康定"
    latest, first = own_cadre.history.order_by("-history_id")
    assert (latest.history_user, latest.history_change_reason, latest.native_place) == (unit_hr, "更正籍贯", "四川康定")
    assert first.native_place != "四川康定"


def test_edit_with_an_id_number_of_another_cadre_is_refused(as_user, org_staff, own_cadre, other_cadre):
    data = new_cadre_data(
        own_cadre.unit,
        name=own_cadre.name,
        birth_date=other_cadre.birth_date.isoformat(),
        id_number=other_cadre.id_number,
        gender=other_cadre.gender,
    )

    response = as_user(org_staff).post(reverse("cadres:cadre_edit", args=[own_cadre.pk]), data)

    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert Cadre.objects.get(pk=own_cadre.pk).id_number == own_cadre.id_number
    assert own_cadre.history.count() == 1


@pytest.mark.parametrize(
    ("error", "field"),
    [
        pytest.param(ValidationError({"id_number": "该身份证号已存在。"}), "id_number", id="field-error"),
        pytest.param(ValidationError({"name_pinyin": "内部字段错误"}), "__all__", id="field-not-on-form"),
        pytest.param(ValidationError("整体错误"), "__all__", id="non-field-error"),
    ],
)
def test_a_service_error_is_shown_on_the_form(as_user, org_staff, county, monkeypatch, error, field):
    def refuse(**kwargs):
        raise error

    monkeypatch.setattr("cadres.services.cadre_create", refuse)

    response = as_user(org_staff).post(CREATE_URL, new_cadre_data(county["organ"]))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == error.messages
    assert not Cadre.objects.exists()


def test_edit_form_shows_the_current_values(as_user, org_staff, own_cadre):
    response = as_user(org_staff).get(reverse("cadres:cadre_edit", args=[own_cadre.pk]))

    content = response.content.decode()
    assert f'value="{own_cadre.id_number}"' in content
    assert f'value="{own_cadre.birth_date.isoformat()}"' in content
