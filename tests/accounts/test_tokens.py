"""Issue 14.6: API tokens that die with a password change and a deactivation, expire after a setting, and
that their user can revoke. The example: after ``POST /accounts/password/`` the other browser sessions end,
and the token must end with them."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api import error_codes

PASSWORD = "demo12345"


def obtain(username: str = "orgstaff") -> dict:
    response = APIClient().post("/api/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()


def me_with(token: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/me/")


def test_a_token_answers_until_its_user_changes_the_password_on_the_page(org_staff):
    token = obtain()["token"]
    assert me_with(token).status_code == 200
    browser = Client()
    browser.force_login(org_staff)

    changed = browser.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Xz8!qLr2mVw", "new_password2": "Xz8!qLr2mVw"},
    )

    assert changed.status_code == 302
    answer = me_with(token)
    assert answer.status_code == 401
    assert error_codes(answer) == {"": "authentication_failed"}
    assert not Token.objects.filter(user=org_staff).exists()


def test_a_deactivated_users_token_dies_and_stays_dead_after_reactivation(org_staff):
    token = obtain()["token"]

    org_staff.is_active = False
    org_staff.save()
    org_staff.is_active = True
    org_staff.save()

    assert me_with(token).status_code == 401


def test_a_token_expires_after_the_lifetime_setting_and_a_new_one_is_issued(org_staff, settings):
    settings.API_TOKEN_LIFETIME = datetime.timedelta(hours=12)
    issued = obtain()
    token = Token.objects.get(key=issued["token"])
    assert datetime.datetime.fromisoformat(issued["expires"]) == token.created + datetime.timedelta(hours=12)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - datetime.timedelta(hours=12, seconds=1))

    answer = me_with(token.key)

    assert answer.status_code == 401
    assert answer.json()["code"] == "token_expired"
    assert answer.json()["detail"] == "认证令牌已过期，请重新获取。"
    fresh = obtain()["token"]
    assert fresh != token.key
    assert me_with(fresh).status_code == 200


def test_a_live_token_is_handed_out_again_until_it_expires(org_staff):
    assert obtain()["token"] == obtain()["token"]


def test_a_user_revokes_his_own_tokens(org_staff, unit_hr):
    mine, theirs = obtain()["token"], obtain("unithr")["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {mine}")

    response = client.delete("/api/auth/token/")

    assert response.status_code == 204
    assert me_with(mine).status_code == 401
    assert me_with(theirs).status_code == 200


@pytest.mark.parametrize("credentials", [None, "Token 0123456789abcdef"])
def test_revoking_needs_a_live_token(db, credentials):
    client = APIClient()
    if credentials:
        client.credentials(HTTP_AUTHORIZATION=credentials)

    assert client.delete("/api/auth/token/").status_code == 401
