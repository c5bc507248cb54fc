"""The 403, 404 and 500 pages are Chinese, keep the reason of a 403, and offer a way back (DEBUG off)."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("debug_off")]


@pytest.fixture
def debug_off(settings):
    settings.DEBUG = False


def test_a_cadre_opening_another_cadres_career_page_gets_the_chinese_404(as_user, cadre_user, other_cadre):
    response = as_user(cadre_user).get(reverse("careers:cadre_career", args=[other_cadre.pk]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在（404）" in html
    assert "不在您的管理范围内" in html
    assert f'href="{reverse("cadres:my_record")}"' in html
    assert "Not Found" not in html


def test_a_cadre_opening_a_staff_page_gets_the_chinese_403_with_its_reason(as_user, cadre_user):
    response = as_user(cadre_user).get(reverse("cadres:cadre_list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问（403）" in html
    assert "此功能仅供干部管理工作人员使用。" in html
    assert 'href="/"' in html


@override_settings(ROOT_URLCONF="config.urls")
def test_the_500_page_is_chinese_and_needs_no_request_context(db):
    response = server_error(RequestFactory().get("/cadres/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错（500）" in html
    assert "所填内容没有保存" in html
    assert 'href="/"' in html


def test_the_admin_names_third_party_apps_and_their_models_in_chinese(as_user, admin_user):
    html = as_user(admin_user).get(reverse("admin:index")).content.decode()
    assert "登录防护" in html
    assert "登录尝试" in html
    assert "Access attempts" not in html
    assert "Axes" not in html


def test_a_select_with_no_choice_made_reads_in_chinese(as_user, org_staff, county):
    html = as_user(org_staff).get(reverse("care:leave_create")).content.decode()
    assert "请选择" in html
    assert "Select an option" not in html
