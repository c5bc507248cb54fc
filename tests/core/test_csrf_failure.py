"""A form posted without its CSRF token (a page left open past a new login, a dropped cookie) is refused with
the site's own Chinese page and the way back, and nothing is written."""

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
