"""Login, logout, password change and the login lockout (django-axes) on the browser pages, and the
language switch (Chinese by default, English available)."""

from axes.models import AccessAttempt
from django.test import Client

from accounts.models import User

LOGIN_URL = "/accounts/login/"


def attempt_login(client: Client, password: str, username: str = "orgstaff"):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_login_page_is_chinese_by_default(db):
    response = Client().get(LOGIN_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-hans">' in content
    assert "用户名" in content
    assert ">登录</button>" in content


def test_anonymous_is_redirected_to_login(db):
    response = Client().get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_login_with_valid_credentials(org_staff):
    client = Client()

    response = attempt_login(client, "demo12345")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(org_staff.pk)


def test_login_with_wrong_password_shows_chinese_error(org_staff):
    response = attempt_login(Client(), "wrong")

    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码。注意，两者都区分大小写。" in response.content.decode()


def test_five_failed_logins_lock_out_with_chinese_page(org_staff):
    client = Client()

    statuses = [attempt_login(client, f"wrong{n}").status_code for n in range(5)]
    locked = attempt_login(client, "demo12345")

    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in locked.templates]
    assert "登录失败次数过多，账号已暂时锁定" in locked.content.decode()
    assert "该账号在本机已连续 5 次登录失败。" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_lockout_also_locks_the_token_endpoint(org_staff):
    from rest_framework.test import APIClient

    for n in range(5):
        attempt_login(Client(), f"wrong{n}")

    response = APIClient().post("/api/auth/token/", {"username": "orgstaff", "password": "demo12345"})

    assert response.status_code == 429


def test_lockout_is_per_username(org_staff, unit_hr):
    for n in range(5):
        attempt_login(Client(), f"wrong{n}")

    assert attempt_login(Client(), "demo12345", username="unithr").status_code == 302


def test_successful_login_resets_the_failure_count(org_staff):
    for n in range(4):
        attempt_login(Client(), f"wrong{n}")

    assert attempt_login(Client(), "demo12345").status_code == 302
    assert not AccessAttempt.objects.filter(username="orgstaff").exists()
    assert [attempt_login(Client(), f"again{n}").status_code for n in range(4)] == [200] * 4
    assert attempt_login(Client(), "demo12345").status_code == 302


def test_logout_is_post_only(org_staff, as_user):
    client = as_user(org_staff)

    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_password_change_page_needs_login(db):
    response = Client().get("/accounts/password/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/"


def test_password_change(cadre_user, as_user):
    client = as_user(cadre_user)
    assert client.get("/accounts/password/").status_code == 200

    response = client.post(
        "/accounts/password/",
        {"old_password": "demo12345", "new_password1": "Xz8!qLr2mVw", "new_password2": "Xz8!qLr2mVw"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    assert User.objects.get(pk=cadre_user.pk).check_password("Xz8!qLr2mVw")
    assert client.get("/accounts/password/done/").status_code == 200


def test_password_change_with_wrong_old_password_changes_nothing(cadre_user, as_user):
    response = as_user(cadre_user).post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": "Xz8!qLr2mVw", "new_password2": "Xz8!qLr2mVw"},
    )

    assert response.status_code == 200
    assert "你的旧密码不正确" in response.content.decode()
    assert User.objects.get(pk=cadre_user.pk).check_password("demo12345")


def test_password_change_rejects_weak_password(cadre_user, as_user):
    response = as_user(cadre_user).post(
        "/accounts/password/", {"old_password": "demo12345", "new_password1": "123", "new_password2": "123"}
    )

    assert response.status_code == 200
    assert "此密码太短，至少要包含 8 个字符。" in response.content.decode()
    assert User.objects.get(pk=cadre_user.pk).check_password("demo12345")


def test_login_page_stays_chinese_for_a_browser_that_asks_for_english(db):
    # Shared office computers often run an English browser; only the menu's choice switches the pages.
    content = Client(headers={"accept-language": "en"}).get(LOGIN_URL).content.decode()

    assert '<html lang="zh-hans">' in content
    assert ">登录</button>" in content


def test_login_page_in_english_once_chosen(db, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    content = client.get(LOGIN_URL).content.decode()

    assert '<html lang="en">' in content
    assert ">Log in</button>" in content
    assert "Username" in content
    assert "Cadre Incentive Management System" in content
    assert "登录" not in content


def test_locked_out_page_in_english(org_staff, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for n in range(5):
        attempt_login(client, f"wrong{n}")

    content = attempt_login(client, "demo12345").content.decode()

    assert "Too many failed logins" in content
    assert "5 failed logins in a row for this account from this computer." in content


def test_set_language_switches_to_english(org_staff, as_user):
    client = as_user(org_staff)

    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/password/"})
    content = client.get("/accounts/password/").content.decode()

    assert "Change password" in content


def test_logged_in_user_visiting_login_goes_home(org_staff, as_user):
    response = as_user(org_staff).get(LOGIN_URL)

    assert response.status_code == 302
    assert response["Location"] == "/"
