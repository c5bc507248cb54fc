"""The units and cadres REST API: scoping (the permission matrix), writes, validation errors, filters."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from cadres import rules
from cadres.choices import Category, Ethnicity, Gender, LeadershipLevel, PoliticalStatus, Rank
from cadres.models import Cadre, Unit
from tests.api import error_messages
from tests.factories import CadreFactory, UnitFactory


def api_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def new_cadre_payload(unit: Unit, **overrides) -> dict:
    birth_date = datetime.date(1988, 3, 15)
    payload = {
        "name": "格桑",
        "gender": Gender.MALE,
        "ethnicity": Ethnicity.TIBETAN,
        "birth_date": birth_date.isoformat(),
        "id_number": rules.id_number_compose(region="513329", birth_date=birth_date, sequence=77, gender="M"),
        "category": Category.CIVIL_SERVANT,
        "unit": unit.pk,
        "post_title": "科员",
    }
    payload.update(overrides)
    return payload


def snapshot(cadre: Cadre) -> tuple:
    cadre = Cadre.objects.get(pk=cadre.pk)
    return (cadre.name, cadre.unit_id, cadre.post_title, cadre.id_number, cadre.history.count())


def cadre_url(cadre: Cadre) -> str:
    return f"/api/cadres/{cadre.pk}/"


# --- anonymous -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/cadres/", "/api/units/", "/api/me/"])
def test_anonymous_gets_401_with_token_challenge(db, url):
    response = APIClient().get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_cannot_read_or_change_a_cadre(own_cadre):
    before = snapshot(own_cadre)

    assert APIClient().get(cadre_url(own_cadre)).status_code == 401
    assert APIClient().patch(cadre_url(own_cadre), {"name": "改名"}, format="json").status_code == 401
    assert APIClient().post("/api/cadres/", new_cadre_payload(own_cadre.unit), format="json").status_code == 401
    assert snapshot(own_cadre) == before
    assert Cadre.objects.count() == 1


def test_invalid_token_is_401(db):
    response = APIClient().get("/api/cadres/", HTTP_AUTHORIZATION="Token 0123456789abcdef")

    assert response.status_code == 401
    assert error_messages(response) == {"detail": "认证令牌无效。"}


# --- cadre role ------------------------------------------------------------------------------------------


def test_cadre_reads_own_record_with_full_id_number(cadre_user, own_cadre):
    response = api_for(cadre_user).get(cadre_url(own_cadre))

    assert response.status_code == 200
    assert response.json()["id_number"] == own_cadre.id_number
    assert response.json()["unit_name"] == "如龙镇"


@pytest.mark.parametrize("other", ["other_cadre", "outside_cadre"])
def test_cadre_gets_404_for_another_cadre(request, cadre_user, other):
    other_cadre = request.getfixturevalue(other)

    response = api_for(cadre_user).get(cadre_url(other_cadre))

    assert response.status_code == 404


def test_cadre_list_shows_only_own_record(cadre_user, own_cadre, other_cadre, outside_cadre):
    response = api_for(cadre_user).get("/api/cadres/")

    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert [row["id"] for row in response.json()["results"]] == [own_cadre.pk]


@pytest.mark.parametrize("target", ["own_cadre", "other_cadre"])
def test_cadre_cannot_patch_any_record(request, cadre_user, target):
    cadre = request.getfixturevalue(target)
    before = snapshot(cadre)

    response = api_for(cadre_user).patch(cadre_url(cadre), {"post_title": "局长"}, format="json")

    assert response.status_code == 403
    assert error_messages(response) == {"detail": "您没有修改干部档案的权限。"}
    assert snapshot(cadre) == before


def test_cadre_cannot_create_a_cadre(cadre_user, county):
    response = api_for(cadre_user).post("/api/cadres/", new_cadre_payload(county["township"]), format="json")

    assert response.status_code == 403
    assert Cadre.objects.count() == 1


def test_cadre_cannot_create_a_unit(cadre_user, county):
    payload = {"code": "X1", "name": "新单位", "kind": "village", "parent": county["township"].pk}

    response = api_for(cadre_user).post("/api/units/", payload, format="json")

    assert response.status_code == 403
    assert not Unit.objects.filter(code="X1").exists()


def test_cadre_sees_only_own_unit(cadre_user, county):
    response = api_for(cadre_user).get("/api/units/")

    assert [row["name"] for row in response.json()["results"]] == ["如龙镇"]
    assert api_for(cadre_user).get(f"/api/units/{county['organ'].pk}/").status_code == 404


def test_user_without_role_scope_sees_nothing(db, county, outside_cadre):
    from tests.factories import UserFactory

    orphan = UserFactory(role="cadre", cadre=None)

    assert api_for(orphan).get("/api/cadres/").json()["count"] == 0
    assert api_for(orphan).get("/api/units/").json()["count"] == 0
    assert api_for(orphan).get(cadre_url(outside_cadre)).status_code == 404


# --- unit HR ---------------------------------------------------------------------------------------------


def test_unit_hr_list_covers_managed_unit_and_sub_units(unit_hr, own_cadre, other_cadre, outside_cadre):
    response = api_for(unit_hr).get("/api/cadres/")

    assert {row["id"] for row in response.json()["results"]} == {own_cadre.pk, other_cadre.pk}


def test_unit_hr_reads_in_scope_record_in_full(unit_hr, other_cadre):
    response = api_for(unit_hr).get(cadre_url(other_cadre))

    assert response.status_code == 200
    assert response.json()["id_number"] == other_cadre.id_number


def test_unit_hr_gets_404_out_of_scope(unit_hr, outside_cadre):
    before = snapshot(outside_cadre)

    assert api_for(unit_hr).get(cadre_url(outside_cadre)).status_code == 404
    assert api_for(unit_hr).patch(cadre_url(outside_cadre), {"post_title": "局长"}, format="json").status_code == 404
    assert snapshot(outside_cadre) == before


def test_unit_hr_patches_in_scope_record_and_history_names_the_user(unit_hr, other_cadre):
    response = api_for(unit_hr).patch(cadre_url(other_cadre), {"phone": "13912345678"}, format="json")

    assert response.status_code == 200
    assert response.json()["phone"] == "13912345678"
    other_cadre.refresh_from_db()
    assert other_cadre.phone == "13912345678"
    latest = other_cadre.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", unit_hr)


@pytest.mark.parametrize(
    ("field", "value"),
    [("post_title", "村支书"), ("rank", Rank.RESEARCHER_1), ("post_date", "2020-01-02")],
)
def test_a_patch_of_a_career_field_is_refused_and_names_the_careers_route(unit_hr, other_cadre, field, value):
    before = snapshot(other_cadre)

    response = api_for(unit_hr).patch(cadre_url(other_cadre), {field: value}, format="json")

    assert response.status_code == 400
    assert set(error_messages(response)) == {field}
    assert "请办理" in error_messages(response)[field][0]
    assert snapshot(other_cadre) == before


def test_a_move_of_a_cadre_within_scope_is_an_appointment_not_a_patch(unit_hr, county, other_cadre):
    response = api_for(unit_hr).patch(cadre_url(other_cadre), {"unit": county["township"].pk}, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"unit": ["调整工作单位请办理任免（调任/转任）。"]}
    assert Cadre.objects.get(pk=other_cadre.pk).unit == county["village"]


def test_unit_hr_cannot_move_cadre_out_of_scope(unit_hr, county, other_cadre):
    before = snapshot(other_cadre)

    response = api_for(unit_hr).patch(cadre_url(other_cadre), {"unit": county["organ"].pk}, format="json")

    # the same answer as for a unit that does not exist: the API tells nobody which ids exist
    assert response.status_code == 400
    assert error_messages(response) == {"unit": [f"无效主键 “{county['organ'].pk}” － 对象不存在。"]}
    assert snapshot(other_cadre) == before


def test_unit_hr_creates_cadre_in_scope(unit_hr, county):
    response = api_for(unit_hr).post("/api/cadres/", new_cadre_payload(county["village"]), format="json")

    assert response.status_code == 201
    cadre = Cadre.objects.get(name="格桑")
    assert response.json()["id"] == cadre.pk
    assert response.json()["id_number"] == cadre.id_number
    assert cadre.unit == county["village"]
    assert cadre.name_initials == "gs"
    assert cadre.history.get().history_user == unit_hr


def test_unit_hr_cannot_create_cadre_out_of_scope(unit_hr, county):
    response = api_for(unit_hr).post("/api/cadres/", new_cadre_payload(county["organ"]), format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"unit": [f"无效主键 “{county['organ'].pk}” － 对象不存在。"]}
    assert not Cadre.objects.exists()


def test_unit_hr_units_are_managed_subtree(unit_hr, county):
    response = api_for(unit_hr).get("/api/units/")

    assert [row["name"] for row in response.json()["results"]] == ["如龙镇", "如龙村"]
    assert api_for(unit_hr).get(f"/api/units/{county['village'].pk}/").status_code == 200
    assert api_for(unit_hr).get(f"/api/units/{county['organ'].pk}/").status_code == 404


def test_unit_hr_creates_unit_below_managed_unit(unit_hr, county):
    payload = {"code": "V2", "name": "甲拉村", "kind": "village", "parent": county["township"].pk}

    response = api_for(unit_hr).post("/api/units/", payload, format="json")

    assert response.status_code == 201
    unit = Unit.objects.get(code="V2")
    assert (response.json()["depth"], unit.parent) == (2, county["township"])


def test_unit_hr_cannot_create_unit_out_of_scope(unit_hr, county):
    payload = {"code": "V3", "name": "外村", "kind": "village", "parent": county["organ"].pk}

    response = api_for(unit_hr).post("/api/units/", payload, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"parent": [f"无效主键 “{county['organ'].pk}” － 对象不存在。"]}
    assert not Unit.objects.filter(code="V3").exists()


def test_unit_hr_cannot_create_top_level_unit(unit_hr, county):
    response = api_for(unit_hr).post("/api/units/", {"code": "T", "name": "新县", "kind": "county"}, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"parent": ["请选择上级单位。"]}


# --- org staff and admin ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["org_staff", "admin_user"])
def test_org_wide_roles_see_and_change_everything(request, who, county, own_cadre, other_cadre, outside_cadre):
    user = request.getfixturevalue(who)
    client = api_for(user)

    assert client.get("/api/cadres/").json()["count"] == 3
    assert client.get("/api/units/").json()["count"] == 4
    assert client.get(cadre_url(outside_cadre)).status_code == 200
    response = client.patch(cadre_url(outside_cadre), {"native_place": "四川康定"}, format="json")
    assert response.status_code == 200
    assert Cadre.objects.get(pk=outside_cadre.pk).native_place == "四川康定"
    assert client.post("/api/cadres/", new_cadre_payload(county["organ"]), format="json").status_code == 201


def test_org_staff_creates_top_level_unit(org_staff):
    response = api_for(org_staff).post("/api/units/", {"code": "R", "name": "新县", "kind": "county"}, format="json")

    assert response.status_code == 201
    assert Unit.objects.get(code="R").depth == 0


# --- list rows, detail, session and token auth -----------------------------------------------------------


def test_list_rows_mask_the_id_number(org_staff, outside_cadre):
    row = api_for(org_staff).get("/api/cadres/").json()["results"][0]

    assert row["id_number"] == rules.mask_id_number(outside_cadre.id_number)
    assert row["id_number"].count("*") == 8
    assert row["unit"] == {"id": outside_cadre.unit_id, "code": outside_cadre.unit.code, "name": "县财政局"}
    assert row["category_display"] == "公务员"
    assert row["rank_display"] == "四级主任科员"


def test_session_authentication_works(org_staff, as_user, outside_cadre):
    response = as_user(org_staff).get("/api/cadres/")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_session_write_needs_csrf_token(org_staff, outside_cadre):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(org_staff)

    response = client.patch(cadre_url(outside_cadre), {"post_title": "局长"}, content_type="application/json")

    assert response.status_code == 403
    assert Cadre.objects.get(pk=outside_cadre.pk).post_title == "科员"


def test_token_authentication_scopes_like_the_session(unit_hr, own_cadre, outside_cadre):
    token = APIClient().post("/api/auth/token/", {"username": "unithr", "password": "demo12345"}).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert client.get("/api/cadres/").json()["count"] == 1
    assert client.get(cadre_url(outside_cadre)).status_code == 404
    response = client.patch(cadre_url(own_cadre), {"phone": "13912345678"}, format="json")
    assert response.status_code == 200
    assert own_cadre.history.latest().history_user == unit_hr


# --- bad input -------------------------------------------------------------------------------------------


def test_create_with_bad_id_checksum_is_400_in_chinese(org_staff, county):
    payload = new_cadre_payload(county["organ"])
    last = payload["id_number"][-1]
    payload["id_number"] = payload["id_number"][:-1] + ("1" if last != "1" else "2")

    response = api_for(org_staff).post("/api/cadres/", payload, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"id_number": ["身份证号校验码错误。"]}
    assert not Cadre.objects.exists()


def test_create_with_birth_date_not_matching_id_is_400(org_staff, county):
    payload = new_cadre_payload(county["organ"], birth_date="1988-03-16")

    response = api_for(org_staff).post("/api/cadres/", payload, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {
        "id_number": ["身份证号中的出生日期（1988-03-15）与填写的出生日期（1988-03-16）不一致。"]
    }
    assert not Cadre.objects.exists()


def test_create_with_duplicate_id_number_is_400_in_chinese(org_staff, county, outside_cadre):
    payload = new_cadre_payload(
        county["organ"], id_number=outside_cadre.id_number, birth_date=outside_cadre.birth_date.isoformat()
    )

    response = api_for(org_staff).post("/api/cadres/", payload, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"id_number": ["具有 身份证号 的 干部 已存在。"]}
    assert Cadre.objects.count() == 1


def test_patch_to_duplicate_id_number_is_400_and_changes_nothing(org_staff, own_cadre, outside_cadre):
    before = snapshot(own_cadre)
    payload = {"id_number": outside_cadre.id_number, "birth_date": outside_cadre.birth_date.isoformat()}

    response = api_for(org_staff).patch(cadre_url(own_cadre), payload, format="json")

    assert response.status_code == 400
    assert list(error_messages(response)) == ["id_number"]
    assert snapshot(own_cadre) == before


def test_create_with_missing_name_and_unknown_unit_is_400(org_staff, county):
    payload = new_cadre_payload(county["organ"])
    payload["unit"] = 999999
    del payload["name"]

    response = api_for(org_staff).post("/api/cadres/", payload, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"name": ["该字段是必填项。"], "unit": ["无效主键 “999999” － 对象不存在。"]}
    assert not Cadre.objects.exists()


def test_create_with_bad_choice_is_400_in_chinese(org_staff, county):
    payload = new_cadre_payload(county["organ"], category="nobody")

    response = api_for(org_staff).post("/api/cadres/", payload, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"category": ["“nobody” 不是合法选项。"]}


def test_lowercase_x_in_id_number_is_normalized(org_staff, county):
    birth_date = datetime.date(1990, 1, 1)
    for sequence in range(500):
        id_number = rules.id_number_compose(region="513329", birth_date=birth_date, sequence=sequence, gender="F")
        if id_number.endswith("X"):
            break
    payload = new_cadre_payload(
        county["organ"], id_number=id_number.lower(), birth_date=birth_date.isoformat(), gender=Gender.FEMALE
    )

    response = api_for(org_staff).post("/api/cadres/", payload, format="json")

    assert response.status_code == 201
    assert Cadre.objects.get().id_number == id_number


def test_duplicate_unit_code_is_400_in_chinese(org_staff, county):
    payload = {"code": county["organ"].code, "name": "重复", "kind": "village", "parent": county["root"].pk}

    response = api_for(org_staff).post("/api/units/", payload, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"code": ["具有 单位编码 的 单位 已存在。"]}
    assert Unit.objects.count() == 4


def test_service_permission_denied_becomes_403(org_staff, outside_cadre, monkeypatch):
    from cadres import services

    def refuse(**kwargs):
        raise PermissionDenied("不允许。")

    monkeypatch.setattr(services, "cadre_update", refuse)

    response = api_for(org_staff).patch(cadre_url(outside_cadre), {"post_title": "局长"}, format="json")

    assert response.status_code == 403
    assert error_messages(response) == {"detail": "不允许。"}


def test_service_validation_error_without_field_becomes_non_field_errors(org_staff, outside_cadre, monkeypatch):
    from django.core.exceptions import ValidationError

    from cadres import services

    def refuse(**kwargs):
        raise ValidationError("档案已锁定。")

    monkeypatch.setattr(services, "cadre_update", refuse)

    response = api_for(org_staff).patch(cadre_url(outside_cadre), {"post_title": "局长"}, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"non_field_errors": ["档案已锁定。"]}


def test_put_is_not_allowed(org_staff, outside_cadre):
    response = api_for(org_staff).put(cadre_url(outside_cadre), {"name": "x"}, format="json")

    assert response.status_code == 405


# --- filters, ordering, pagination -----------------------------------------------------------------------


@pytest.fixture
def roster(county):
    """Five cadres with distinct attributes, spread over the county."""
    return {
        "young_woman": CadreFactory(
            name="次仁拉姆",
            gender=Gender.FEMALE,
            birth_date=datetime.date(1998, 6, 1),
            ethnicity=Ethnicity.TIBETAN,
            unit=county["village"],
            category=Category.VILLAGE,
            political_status=PoliticalStatus.LEAGUE_MEMBER,
            rank=None,
        ),
        "leader": CadreFactory(
            name="王建国",
            birth_date=datetime.date(1970, 2, 1),
            unit=county["organ"],
            leadership_level=LeadershipLevel.TOWNSHIP_CHIEF,
            rank=Rank.PRINCIPAL_STAFF_1,
            political_status=PoliticalStatus.PARTY_MEMBER,
        ),
        "township": CadreFactory(
            name="扎西", birth_date=datetime.date(1985, 5, 5), unit=county["township"], ethnicity=Ethnicity.TIBETAN
        ),
        "retired": CadreFactory(
            name="李明", birth_date=datetime.date(1960, 1, 1), unit=county["organ"], status="retired"
        ),
        "deputy": CadreFactory(
            name="阿苦日布",
            birth_date=datetime.date(1980, 8, 8),
            unit=county["root"],
            ethnicity=Ethnicity.YI,
            leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY,
            category=Category.MANAGED_AS_CIVIL_SERVANT,
        ),
    }


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "zx"}, ["扎西"]),
        ({"q": "wangjian"}, ["王建国"]),
        ({"q": "拉姆"}, ["次仁拉姆"]),
        ({"gender": "F"}, ["次仁拉姆"]),
        ({"category": ["village", "managed_as_civil_servant"]}, ["次仁拉姆", "阿苦日布"]),
        ({"rank": "6"}, ["王建国"]),
        ({"leadership_level": ["1", "2"]}, ["王建国", "阿苦日布"]),
        ({"ethnicity": "04"}, ["扎西", "次仁拉姆"]),
        ({"political_status": "party_member"}, ["王建国"]),
        ({"status": "retired"}, ["李明"]),
        ({"age_max": "30"}, ["次仁拉姆"]),
    ],
)
def test_cadre_filters_match_the_list_page(org_staff, roster, query, expected, settings):
    response = api_for(org_staff).get("/api/cadres/", query)

    assert names(response) == expected


def test_age_min_filter(org_staff, roster, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 1, 1))

    assert names(api_for(org_staff).get("/api/cadres/", {"age_min": "55"})) == ["李明", "王建国"]
    assert names(api_for(org_staff).get("/api/cadres/", {"age_min": "41", "age_max": "45"})) == ["阿苦日布"]


def test_unit_filter_includes_sub_units(org_staff, roster, county):
    response = api_for(org_staff).get("/api/cadres/", {"unit": county["township"].pk})

    assert names(response) == ["扎西", "次仁拉姆"]


def test_unit_filter_with_unit_out_of_scope_is_400(unit_hr, roster, county):
    response = api_for(unit_hr).get("/api/cadres/", {"unit": county["organ"].pk})

    assert response.status_code == 400
    assert error_messages(response) == {"unit": ["选择一个有效的选项： 该选择不在可用的选项中。"]}


def test_bad_filter_value_is_400_not_500(org_staff, roster):
    response = api_for(org_staff).get("/api/cadres/", {"age_min": "abc", "gender": "X"})

    assert response.status_code == 400
    assert set(error_messages(response)) == {"age_min", "gender"}


def test_filters_stay_within_scope(unit_hr, roster):
    assert names(api_for(unit_hr).get("/api/cadres/", {"category": "civil_servant"})) == ["扎西"]


def test_ordering(org_staff, roster):
    response = api_for(org_staff).get("/api/cadres/", {"ordering": "-birth_date"})

    assert [row["name"] for row in response.json()["results"]] == ["次仁拉姆", "扎西", "阿苦日布", "王建国", "李明"]


def test_default_order_is_the_official_one(org_staff, roster):
    response = api_for(org_staff).get("/api/cadres/")

    # by unit in tree order (the county, the organ before 如龙镇 by their 排序号, 如龙村), then by post: the
    # organ's chief first
    assert [row["name"] for row in response.json()["results"]] == ["阿苦日布", "王建国", "李明", "扎西", "次仁拉姆"]


def test_pagination_with_page_size(org_staff, roster):
    first = api_for(org_staff).get("/api/cadres/", {"page_size": 2}).json()
    third = api_for(org_staff).get("/api/cadres/", {"page_size": 2, "page": 3}).json()

    assert first["count"] == 5
    assert [row["name"] for row in first["results"]] == ["阿苦日布", "王建国"]
    assert first["next"] == "http://testserver/api/cadres/?page=2&page_size=2"
    assert [row["name"] for row in third["results"]] == ["次仁拉姆"]
    assert third["next"] is None


def test_page_out_of_range_is_404(org_staff, roster):
    response = api_for(org_staff).get("/api/cadres/", {"page": 9})

    assert response.status_code == 404


def test_unit_list_filters_and_orders(org_staff, county):
    UnitFactory(name="另一个村", kind="village", parent=county["township"])
    client = api_for(org_staff)

    assert [row["name"] for row in client.get("/api/units/", {"kind": "village"}).json()["results"]] == [
        "如龙村",
        "另一个村",
    ]
    assert [row["name"] for row in client.get("/api/units/", {"parent": county["root"].pk}).json()["results"]] == [
        "县财政局",  # 政府部门 (排序号 300) before 乡镇 (700)
        "如龙镇",
    ]
    assert [row["name"] for row in client.get("/api/units/", {"is_township": "true"}).json()["results"]] == ["如龙镇"]
    response = client.get("/api/units/", {"ordering": "code"})
    assert [row["code"] for row in response.json()["results"]] == sorted(Unit.objects.values_list("code", flat=True))


def test_errors_follow_accept_language(org_staff, county):
    payload = new_cadre_payload(county["organ"])
    payload["id_number"] = payload["id_number"][:-1] + ("1" if payload["id_number"][-1] != "1" else "2")
    client = api_for(org_staff)

    response = client.post("/api/cadres/", payload, format="json", headers={"accept-language": "en"})

    assert response.status_code == 400
    assert error_messages(response) == {"id_number": ["The ID number's check character is wrong."]}


@pytest.mark.parametrize("who", ["org_staff", "unit_hr", "cadre_user"])
@pytest.mark.parametrize("url", ["/api/", "/api/cadres/", "/api/units/", "/api/me/"])
def test_browsable_api_renders_for_every_role(request, as_user, own_cadre, who, url):
    response = as_user(request.getfixturevalue(who)).get(url, headers={"accept": "text/html"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_browsable_api_detail_renders_for_own_record(cadre_user, as_user, own_cadre):
    response = as_user(cadre_user).get(cadre_url(own_cadre), headers={"accept": "text/html"})

    assert response.status_code == 200
    assert own_cadre.id_number in response.content.decode()


def test_age_filter_beyond_the_calendar_is_400(org_staff):
    response = api_for(org_staff).get("/api/cadres/", {"age_max": "7.057485887349008e+16"})

    assert response.status_code == 400
    assert error_messages(response) == {"age_max": ["确保该值小于或等于150。"]}
