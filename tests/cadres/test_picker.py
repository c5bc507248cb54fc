"""The cadre picker: its endpoint finds by name, pinyin initials or ID digits within the user's scope, and
every form that takes a cadre renders only the chosen one (never the whole scope as options)."""

import pytest
from django.urls import reverse

from cadres.choices import CadreStatus
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def pick(client, text: str, **extra) -> list[str]:
    response = client.get(reverse("cadres:cadre_pick"), {"q": text, **extra})
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_the_picker_finds_by_pinyin_initials_full_pinyin_name_and_id_digits(as_user, org_staff, own_cadre):
    client = as_user(org_staff)
    expected = ["扎西（如龙镇 · 科员）"]
    assert pick(client, "zx") == expected
    assert pick(client, "zhaxi") == expected
    assert pick(client, "扎西") == expected
    assert pick(client, own_cadre.id_number[-6:]) == expected
    assert pick(client, own_cadre.id_number) == expected


def test_the_picker_answers_with_the_id_tail_and_status_for_telling_namesakes_apart(as_user, org_staff, own_cadre):
    row = as_user(org_staff).get(reverse("cadres:cadre_pick"), {"q": "zx"}).json()["results"][0]
    assert row == {
        "value": own_cadre.pk,
        "text": "扎西（如龙镇 · 科员）",
        "id_tail": own_cadre.id_number[-4:],
        "status": "在职",
    }


def test_unit_hr_picks_only_within_the_units_managed(as_user, unit_hr, own_cadre, other_cadre, outside_cadre):
    client = as_user(unit_hr)
    assert pick(client, "wjg") == []
    assert pick(client, outside_cadre.id_number) == []
    assert pick(client, "zm") == ["卓玛（如龙村 · 科员）"]


def test_the_picker_offers_cadres_in_service_unless_asked_for_all(as_user, org_staff, county):
    CadreFactory(name="扎西", unit=county["organ"], status=CadreStatus.RETIRED, post_title="")
    client = as_user(org_staff)
    assert pick(client, "zx") == []
    assert pick(client, "zx", all="1") == ["扎西（县财政局）"]


def test_an_empty_query_finds_nobody_and_a_long_one_is_cut(as_user, org_staff, own_cadre):
    client = as_user(org_staff)
    assert pick(client, "") == []
    assert pick(client, "   ") == []
    assert pick(client, "z" * 5000) == []


def test_a_cadre_may_not_use_the_picker(as_user, cadre_user):
    assert as_user(cadre_user).get(reverse("cadres:cadre_pick"), {"q": "zx"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(as_user, db):
    response = as_user(None).get(reverse("cadres:cadre_pick"), {"q": "zx"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url_name",
    ["postings:posting_create", "care:leave_create", "care:application_create", "care:health_check_create"],
)
def test_forms_that_take_a_cadre_render_only_the_chosen_cadre(as_user, org_staff, own_cadre, other_cadre, url_name):
    html = as_user(org_staff).get(reverse(url_name), {"cadre": own_cadre.pk}).content.decode()
    assert "data-cadre-picker" in html
    assert f'<option value="{own_cadre.pk}" selected>扎西（如龙镇 · 科员）</option>' in html
    assert "卓玛" not in html
    assert "干部编号" not in html


def test_a_posting_for_a_cadre_outside_the_scope_is_a_field_error(as_user, unit_hr, outside_cadre, county):
    response = as_user(unit_hr).post(reverse("postings:posting_create"), {"cadre": outside_cadre.pk})
    assert response.status_code == 200
    assert "cadre" in response.context["form"].errors


@pytest.mark.parametrize("value", ["99999999999999999999999999", "abc", "-1"])
def test_a_nonsense_cadre_value_is_a_field_error_not_a_server_error(as_user, org_staff, county, value):
    response = as_user(org_staff).post(reverse("care:leave_create"), {"cadre": value})
    assert response.status_code == 200
    assert response.context["form"].errors["cadre"] == ["选择一个有效的选项： 该选择不在可用的选项中。"]
