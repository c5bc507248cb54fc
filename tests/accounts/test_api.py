"""The token endpoint and /api/me/. django-axes counts API failures together with the login page's:
TokenObtainSerializer passes ``request`` to authenticate(), which axes needs to see the attempt at all."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api import error_messages
from tests.factories import UserFactory

TOKEN_URL = "/api/auth/token/"


def obtain_token(username: str, password: str):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_token_for_valid_credentials(org_staff):
    response = obtain_token("orgstaff", "demo12345")

    assert response.status_code == 200
    token = Token.objects.get(user=org_staff)
    assert response.json() == {
        "token": token.key,
        "expires": timezone.localtime(token.created + settings.API_TOKEN_LIFETIME).isoformat(),
    }


def test_token_is_stable_across_logins(org_staff):
    assert obtain_token("orgstaff", "demo12345").json() == obtain_token("orgstaff", "demo12345").json()


def test_token_accepts_form_data(org_staff):
    response = APIClient().post(TOKEN_URL, {"username": "orgstaff", "password": "demo12345"})

    assert response.status_code == 200


def test_wrong_password_is_400_in_chinese(org_staff):
    response = obtain_token("orgstaff", "wrong")

    assert response.status_code == 400
    assert error_messages(response) == {"non_field_errors": ["用户名或密码错误。"]}
    assert not Token.objects.exists()


def test_missing_fields_are_400(db):
    response = APIClient().post(TOKEN_URL, {}, format="json")

    assert response.status_code == 400
    assert error_messages(response) == {"username": ["该字段是必填项。"], "password": ["该字段是必填项。"]}


def test_inactive_user_gets_no_token(db):
    UserFactory(username="gone", is_active=False)

    assert obtain_token("gone", "demo12345").status_code == 400


def test_token_works_as_authorization_header(org_staff):
    key = obtain_token("orgstaff", "demo12345").json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = client.get("/api/me/")

    assert response.status_code == 200
    assert response.json()["username"] == "orgstaff"


def test_token_endpoint_locks_out_after_five_failures(org_staff):
    statuses = [obtain_token("orgstaff", f"wrong{n}").status_code for n in range(5)]

    assert statuses == [400, 400, 400, 400, 429]
    locked = obtain_token("orgstaff", "demo12345")
    assert locked.status_code == 429
    assert error_messages(locked) == {"detail": "登录失败次数过多，账号已暂时锁定。请稍后再试，或联系系统管理员解锁。"}
    assert not Token.objects.exists()


def test_token_lockout_is_shared_with_the_login_page(org_staff):
    for n in range(5):
        obtain_token("orgstaff", f"wrong{n}")

    response = APIClient().post("/accounts/login/", {"username": "orgstaff", "password": "demo12345"})

    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session


def test_successful_token_login_resets_the_failure_count(org_staff):
    for n in range(4):
        obtain_token("orgstaff", f"wrong{n}")

    assert obtain_token("orgstaff", "demo12345").status_code == 200
    assert not AccessAttempt.objects.filter(username="orgstaff").exists()
    assert [obtain_token("orgstaff", f"again{n}").status_code for n in range(4)] == [400] * 4
    assert obtain_token("orgstaff", "demo12345").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=2)
def test_lockout_limit_is_a_setting(org_staff):
    assert [obtain_token("orgstaff", "bad").status_code for _ in range(2)] == [400, 429]


def test_me_for_cadre_user_returns_the_linked_cadre(cadre_user, own_cadre):
    client = APIClient()
    client.force_authenticate(cadre_user)

    response = client.get("/api/me/")

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("id", "username", "role", "role_display")} == {
        "id": cadre_user.pk,
        "username": "cadre",
        "role": "cadre",
        "role_display": "干部本人",
    }
    assert (body["sees_everything"], body["can_write_cadres"]) == (False, False)
    assert body["cadre"]["id"] == own_cadre.pk
    assert body["cadre"]["id_number"] == own_cadre.id_number
    assert body["cadre"]["unit_name"] == "如龙镇"


def test_me_for_org_staff_without_cadre_has_null_cadre(org_staff):
    client = APIClient()
    client.force_authenticate(org_staff)

    response = client.get("/api/me/")

    assert response.json() == {
        "id": org_staff.pk,
        "username": "orgstaff",
        "full_name": "",
        "role": "org_staff",
        "role_display": "组织部工作人员",
        "sees_everything": True,
        "can_write_cadres": True,
        "cadre": None,
    }


def test_me_is_two_queries_with_a_token(cadre_user, django_assert_num_queries):
    key = Token.objects.create(user=cadre_user).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    # the token with its user, then the user with cadre and unit in one join
    with django_assert_num_queries(2):
        response = client.get("/api/me/")

    assert response.status_code == 200


def test_me_rejects_writes(org_staff):
    client = APIClient()
    client.force_authenticate(org_staff)

    assert client.post("/api/me/", {}, format="json").status_code == 405


@pytest.mark.parametrize("method", ["get", "put"])
def test_token_endpoint_only_accepts_post(db, method):
    assert getattr(APIClient(), method)(TOKEN_URL).status_code == 405
