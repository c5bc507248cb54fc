"""Requests the site refuses before any view runs get its own Chinese pages with the way back: a form posted
without its CSRF token (a page left open past a new login, a dropped cookie; nothing is written), and a
button's target opened by its address (405, a blank page before)."""

from django.test import Client

from assessments.models import Period


def test_a_post_without_the_csrf_token_is_refused_in_chinese_with_the_way_back_and_writes_nothing(org_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org_staff)

    response = client.post("/assessments/periods/new/", {"kind": "annual", "year": "2030"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "提交未被接受（403）" in page
    assert "页面已过期或安全校验未通过，本次提交的内容没有保存。" in page
    assert 'href="/"' in page
    assert "返回首页" in page
    assert "CSRF verification failed" not in page
    assert "Forbidden" not in page
    assert not Period.objects.exists()


def test_a_button_target_opened_by_its_address_is_a_chinese_page_with_the_way_back(as_user, org_staff):
    response = as_user(org_staff).get("/rewards/grants/approve/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert "请从页面上的按钮操作（405）" in page
    assert "这个地址是页面上某个按钮的提交目标，不能直接打开；没有进行任何操作。" in page
    assert "返回首页" in page


def test_the_api_keeps_its_own_405_answer(as_user, org_staff):
    response = as_user(org_staff).get("/api/rewards/recompute/")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
