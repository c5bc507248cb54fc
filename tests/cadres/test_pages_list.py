"""The cadre list page (干部名册): filters, the 在职 default, sorting, pagination, masking."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cadres.choices import CadreStatus, Category, Gender, Rank
from tests.factories import CadreFactory, UnitFactory

LIST_URL = reverse("cadres:cadre_list")


def born_aged(years: int) -> datetime.date:
    """A birth date (1 January) on which a person is exactly ``years`` old all of this year."""
    return datetime.date(timezone.localdate().year - years, 1, 1)


def listed_names(response) -> list[str]:
    return [row.record.name for row in response.context["table"].page.object_list]


@pytest.fixture
def staff_client(org_staff, as_user):
    return as_user(org_staff)


def test_list_shows_only_active_cadres_by_default_and_preselects_zai_zhi(staff_client, county):
    CadreFactory(name="在职甲", unit=county["organ"])
    CadreFactory(name="退休乙", unit=county["organ"], status=CadreStatus.RETIRED)

    response = staff_client.get(LIST_URL)

    assert response.status_code == 200
    assert listed_names(response) == ["在职甲"]
    assert response.context["filter"].form["status"].value() == [CadreStatus.ACTIVE]
    assert response.context["total"] == 1
    assert '<option value="active" selected>' in response.content.decode()


def test_list_with_status_cleared_shows_every_status(staff_client, county):
    CadreFactory(name="在职甲", unit=county["organ"])
    CadreFactory(name="退休乙", unit=county["organ"], status=CadreStatus.RETIRED)

    response = staff_client.get(LIST_URL, {"status": ""})

    assert sorted(listed_names(response)) == sorted(["退休乙", "在职甲"])


def test_list_filters_by_retired_status(staff_client, county):
    CadreFactory(name="在职甲", unit=county["organ"])
    CadreFactory(name="退休乙", unit=county["organ"], status=CadreStatus.RETIRED)

    assert listed_names(staff_client.get(LIST_URL, {"status": "retired"})) == ["退休乙"]


def test_unit_filter_includes_the_whole_subtree(staff_client, county, own_cadre, other_cadre, outside_cadre):
    response = staff_client.get(LIST_URL, {"unit": county["township"].pk})

    assert sorted(listed_names(response)) == sorted(["扎西", "卓玛"])


def test_category_filter(staff_client, county):
    CadreFactory(name="公务员甲", unit=county["organ"], category=Category.CIVIL_SERVANT)
    CadreFactory(name="事业乙", unit=county["organ"], category=Category.PUBLIC_INSTITUTION)

    assert listed_names(staff_client.get(LIST_URL, {"category": "public_institution"})) == ["事业乙"]


def test_rank_filter_takes_several_ranks(staff_client, county):
    CadreFactory(name="四级甲", unit=county["organ"], rank=Rank.PRINCIPAL_STAFF_4)
    CadreFactory(name="一级乙", unit=county["organ"], rank=Rank.PRINCIPAL_STAFF_1)
    CadreFactory(name="科员丙", unit=county["organ"], rank=Rank.CLERK_1)

    response = staff_client.get(LIST_URL, {"rank": [Rank.PRINCIPAL_STAFF_1, Rank.CLERK_1]})

    assert sorted(listed_names(response)) == sorted(["一级乙", "科员丙"])


def test_age_range_filter_is_inclusive(staff_client, county):
    CadreFactory(name="二十九", unit=county["organ"], birth_date=born_aged(29))
    CadreFactory(name="三十", unit=county["organ"], birth_date=born_aged(30))
    CadreFactory(name="四十", unit=county["organ"], birth_date=born_aged(40))
    CadreFactory(name="四十一", unit=county["organ"], birth_date=born_aged(41))

    response = staff_client.get(LIST_URL, {"age_min": 30, "age_max": 40})

    assert sorted(listed_names(response)) == sorted(["三十", "四十"])


@pytest.mark.parametrize("field", ["age_min", "age_max"])
@pytest.mark.parametrize("value", ["151", "99999999999999999999", "1e400"])
def test_an_impossible_age_is_a_chinese_form_error_not_a_server_error(staff_client, county, field, value):
    CadreFactory(name="三十", unit=county["organ"], birth_date=born_aged(30))

    response = staff_client.get(LIST_URL, {field: value})

    assert response.status_code == 200
    assert response.context["filter"].form.errors[field][0] == "确保该值小于或等于150。"
    assert "确保该值小于或等于150。" in response.content.decode()
    assert listed_names(response) == []


def test_an_impossible_age_in_the_export_gives_an_empty_roster_not_a_server_error(staff_client, county):
    CadreFactory(name="三十", unit=county["organ"], birth_date=born_aged(30))

    response = staff_client.get(reverse("cadres:roster_export"), {"age_min": "99999999999999999999"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_gender_filter(staff_client, county):
    CadreFactory(name="男甲", unit=county["organ"], gender=Gender.MALE)
    CadreFactory(name="女乙", unit=county["organ"], gender=Gender.FEMALE)

    assert listed_names(staff_client.get(LIST_URL, {"gender": "F"})) == ["女乙"]


def test_pinyin_initials_zx_find_zhaxi(staff_client, own_cadre, other_cadre, outside_cadre):
    assert listed_names(staff_client.get(LIST_URL, {"q": "zx"})) == ["扎西"]


def test_id_number_search_finds_the_exact_person(staff_client, own_cadre, other_cadre, outside_cadre):
    assert listed_names(staff_client.get(LIST_URL, {"q": other_cadre.id_number})) == ["卓玛"]
    assert listed_names(staff_client.get(LIST_URL, {"q": other_cadre.id_number[-8:]})) == ["卓玛"]


def test_name_search(staff_client, own_cadre, other_cadre, outside_cadre):
    assert listed_names(staff_client.get(LIST_URL, {"q": "建国"})) == ["王建国"]


def test_unit_hr_list_is_limited_to_own_units(as_user, unit_hr, own_cadre, other_cadre, outside_cadre):
    response = as_user(unit_hr).get(LIST_URL)

    assert sorted(listed_names(response)) == sorted(["扎西", "卓玛"])
    unit_choices = [choice for choice, _label in response.context["filter"].form.fields["unit"].choices if choice]
    assert [int(str(choice)) for choice in unit_choices] == [own_cadre.unit_id, other_cadre.unit_id]


def test_unit_hr_filtering_by_a_unit_outside_scope_is_a_form_error_and_lists_nobody(
    as_user, unit_hr, county, outside_cadre
):
    response = as_user(unit_hr).get(LIST_URL, {"unit": county["organ"].pk})

    assert response.status_code == 200
    assert "unit" in response.context["filter"].form.errors
    assert listed_names(response) == []


def test_id_numbers_are_masked_in_the_list(staff_client, own_cadre):
    content = staff_client.get(LIST_URL).content.decode()

    assert own_cadre.masked_id_number in content
    assert own_cadre.id_number not in content


def test_sorting_by_name_follows_pinyin_and_can_be_reversed(staff_client, county):
    for name in ["王建国", "阿苦日布", "扎西"]:
        CadreFactory(name=name, unit=county["organ"])

    assert listed_names(staff_client.get(LIST_URL, {"sort": "name"})) == ["阿苦日布", "王建国", "扎西"]
    assert listed_names(staff_client.get(LIST_URL, {"sort": "-name"})) == ["扎西", "王建国", "阿苦日布"]


def test_sorting_by_unit_follows_the_unit_tree(staff_client, county):
    CadreFactory(name="阿苦日布", unit=county["organ"])
    CadreFactory(name="王建国", unit=county["village"])
    CadreFactory(name="扎西", unit=county["township"])

    # tree order: the organ (政府部门, 排序号 300), then the township (700) and its village
    assert listed_names(staff_client.get(LIST_URL, {"sort": "unit"})) == ["阿苦日布", "扎西", "王建国"]


def test_pagination_keeps_filters_and_page_size(staff_client, county):
    other_unit = UnitFactory(name="别的单位", parent=county["root"])
    for index in range(30):
        CadreFactory(name=f"甲{index}", unit=county["organ"])
    CadreFactory(name="别处的人", unit=other_unit)

    response = staff_client.get(LIST_URL, {"unit": county["organ"].pk, "per_page": 25, "page": 2})

    assert response.context["total"] == 30
    assert len(listed_names(response)) == 5
    content = response.content.decode()
    assert f"unit={county['organ'].pk}" in content
    assert "per_page=25" in content
    assert "page=1" in content


def test_per_page_is_selectable_and_limited_to_offered_sizes(staff_client, county):
    for index in range(60):
        CadreFactory(name=f"甲{index}", unit=county["organ"])

    assert len(listed_names(staff_client.get(LIST_URL, {"per_page": 50}))) == 50
    assert len(listed_names(staff_client.get(LIST_URL, {"per_page": 100000}))) == 25
    assert len(listed_names(staff_client.get(LIST_URL, {"per_page": "abc", "page": "zz"}))) == 25


def test_page_past_the_end_shows_the_last_page(staff_client, county):
    for index in range(30):
        CadreFactory(name=f"甲{index}", unit=county["organ"])

    assert len(listed_names(staff_client.get(LIST_URL, {"page": 99}))) == 5


def test_write_button_shown_to_staff_and_export_link_carries_the_filters(staff_client, county):
    content = staff_client.get(LIST_URL, {"category": "civil_servant"}).content.decode()

    assert reverse("cadres:cadre_create") in content
    export_form = content[content.index('class="dropdown-menu dropdown-menu-end p-2 kit-columns"') :]
    export_form = export_form[: export_form.index("</form>")]
    assert '<input type="hidden" name="category" value="civil_servant">' in export_form
    assert 'name="export" value="xlsx"' in export_form
