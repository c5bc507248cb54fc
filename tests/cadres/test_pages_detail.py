"""A cadre's page and "我的档案": the record card, the other apps' sections, and the change history."""

import pytest
from django.urls import reverse
from django.utils.safestring import mark_safe

from cadres import services
from cadres.choices import CadreStatus
from cadres.views import cadre_history


@pytest.fixture
def no_sections(monkeypatch):
    monkeypatch.setattr("cadres.sections._SECTIONS", {})
    monkeypatch.setattr("cadres.sections._ACTIONS", {})


def detail(client, cadre):
    return client.get(reverse("cadres:cadre_detail", args=[cadre.pk]))


def test_staff_see_the_full_id_number_and_every_group_of_fields(as_user, org_staff, own_cadre):
    content = detail(as_user(org_staff), own_cadre).content.decode()

    assert own_cadre.id_number in content
    for text in ["基本信息", "学历与政治面貌", "单位与职务职级", "如龙镇", "四级主任科员", "公务员", "汉族", "男"]:
        assert text in content
    assert reverse("cadres:cadre_edit", args=[own_cadre.pk]) in content


def test_the_page_renders_the_sections_other_apps_register(as_user, org_staff, own_cadre, monkeypatch):
    calls = []

    def fake_sections(request, cadre):
        calls.append(cadre)
        return [mark_safe('<section id="probe-section">培训情况</section>')]

    monkeypatch.setattr("cadres.views.render_cadre_sections", fake_sections)

    content = detail(as_user(org_staff), own_cadre).content.decode()

    assert calls == [own_cadre]
    assert '<section id="probe-section">培训情况</section>' in content


def edit_through_the_page(client, cadre, reason, **changes):
    data = {
        "name": cadre.name,
        "gender": cadre.gender,
        "ethnicity": cadre.ethnicity,
        "birth_date": cadre.birth_date.isoformat(),
        "id_number": cadre.id_number,
        "political_status": cadre.political_status,
        "category": cadre.category,
        "unit": cadre.unit_id,
        "post_title": cadre.post_title,
        "rank": cadre.rank or "",
        "rank_date": cadre.rank_date.isoformat() if cadre.rank_date else "",
        "work_start_date": cadre.work_start_date.isoformat() if cadre.work_start_date else "",
        "status": cadre.status,
        "phone": cadre.phone,
        "reason": reason,
        **changes,
    }
    response = client.post(reverse("cadres:cadre_edit", args=[cadre.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    cadre.refresh_from_db()


def test_history_lists_each_edit_with_user_reason_and_old_and_new_values(
    as_user, org_staff, unit_hr, own_cadre, county
):
    # given: two edits through the page, by two people
    edit_through_the_page(as_user(unit_hr), own_cadre, "换届", phone="13800000001", native_place="四川康定")
    own_cadre.refresh_from_db()  # the second editor opens the page after the first saved
    edit_through_the_page(
        as_user(org_staff), own_cadre, "到龄退休", status=CadreStatus.RETIRED, native_place="四川康定"
    )

    # when
    response = detail(as_user(org_staff), own_cadre)

    # then
    history = response.context["history"]
    assert [entry.action for entry in history] == ["修改", "修改", "创建"]
    assert [entry.record.history_user for entry in history] == [org_staff, unit_hr, None]
    assert [entry.record.history_change_reason for entry in history] == ["到龄退休", "换届", None]
    assert [(c.label, c.old, c.new) for c in history[0].changes] == [("状态", "在职", "退休")]
    assert [(c.label, c.new) for c in history[1].changes] == [("籍贯", "四川康定"), ("联系电话", "13800000001")]
    assert history[2].changes == []
    content = response.content.decode()
    assert "到龄退休" in content
    assert "<del>在职</del>" in content
    assert "<ins>退休</ins>" in content
    assert str(unit_hr) in content


def test_history_helper_returns_newest_first_even_for_edits_in_the_same_second(org_staff, own_cadre):
    for number in range(3):
        services.cadre_update(actor=org_staff, cadre=own_cadre, data={"phone": f"1380000000{number}"})

    assert [entry.changes[0].new for entry in cadre_history(own_cadre)[:3]] == [
        "13800000002",
        "13800000001",
        "13800000000",
    ]


def test_my_record_shows_own_record_read_only_with_history(as_user, cadre_user, own_cadre, org_staff):
    services.cadre_update(actor=org_staff, cadre=own_cadre, data={"phone": "13900000000"}, reason="更正电话")

    response = as_user(cadre_user).get(reverse("cadres:my_record"))

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["cadre"] == own_cadre
    assert "我的档案" in content
    assert own_cadre.id_number in content
    assert "更正电话" in content
    assert reverse("cadres:cadre_edit", args=[own_cadre.pk]) not in content


def test_cadre_opening_own_detail_page_gets_the_read_only_own_view(as_user, cadre_user, own_cadre):
    content = detail(as_user(cadre_user), own_cadre).content.decode()

    assert "我的档案" in content
    assert reverse("cadres:cadre_edit", args=[own_cadre.pk]) not in content


@pytest.mark.parametrize("visitor", ["org_staff", "unit_hr"])
def test_login_without_a_linked_cadre_gets_a_friendly_my_record_page(as_user, request, visitor):
    response = as_user(request.getfixturevalue(visitor)).get(reverse("cadres:my_record"))

    assert response.status_code == 200
    assert "您的账号尚未关联干部档案" in response.content.decode()


def test_unit_hr_whose_own_record_is_outside_managed_units_still_sees_it(as_user, unit_hr, outside_cadre):
    unit_hr.cadre = outside_cadre
    unit_hr.save()

    response = as_user(unit_hr).get(reverse("cadres:my_record"))

    assert response.status_code == 200
    assert response.context["cadre"] == outside_cadre
    assert detail(as_user(unit_hr), outside_cadre).status_code == 404
