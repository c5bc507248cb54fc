"""The official order of a unit's page (书记 first, then the chief, 副书记, deputies, others) and its
in-service default (在职 unless the user asks for everyone)."""

import datetime

import pytest
from django.urls import reverse

from cadres.choices import CadreStatus, LeadershipLevel, Rank
from cadres.models import Cadre
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def names_on_unit_page(client, unit, **query) -> list[str]:
    response = client.get(reverse("cadres:unit_detail", args=[unit.pk]), query)
    return [row.record.name for row in response.context["table"].page.object_list]


def test_a_townships_page_lists_its_party_secretary_first(as_user, org_staff, county):
    township = county["township"]
    # Created in pinyin order, the opposite of the official one.
    CadreFactory(name="阿苦", unit=township, post_title="科员", rank=Rank.PRINCIPAL_STAFF_1)
    CadreFactory(name="白玛", unit=township, post_title="副镇长", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY)
    CadreFactory(name="次仁", unit=township, post_title="党委副书记", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY)
    CadreFactory(name="达瓦", unit=township, post_title="镇长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    CadreFactory(name="扎西", unit=township, post_title="党委书记", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    CadreFactory(
        name="格桑",
        unit=township,
        post_title="副镇长",
        leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY,
        rank=Rank.PRINCIPAL_STAFF_4,
        rank_date=datetime.date(2015, 1, 1),
    )

    assert names_on_unit_page(as_user(org_staff), township) == ["扎西", "达瓦", "次仁", "格桑", "白玛", "阿苦"]


def test_a_units_page_counts_cadres_in_service_unless_asked_for_all(as_user, org_staff, county):
    township = county["township"]
    CadreFactory(name="扎西", unit=township)
    CadreFactory(name="卓玛", unit=township, status=CadreStatus.RETIRED)
    client = as_user(org_staff)

    assert names_on_unit_page(client, township) == ["扎西"]
    assert sorted(names_on_unit_page(client, township, all="1")) == ["卓玛", "扎西"]


def test_the_roster_opens_in_the_official_order_and_a_set_sort_order_moves_a_cadre(as_user, org_staff, county):
    township = county["township"]
    CadreFactory(name="阿苦", unit=county["organ"], post_title="科员")
    CadreFactory(name="白玛", unit=township, post_title="镇长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    CadreFactory(name="次仁", unit=township, post_title="科员", sort_order=150)
    CadreFactory(name="扎西", unit=township, post_title="党委书记", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    client = as_user(org_staff)

    roster = client.get(reverse("cadres:cadre_list"))
    by_pinyin = client.get(reverse("cadres:cadre_list"), {"sort": "name"})
    api = client.get("/api/cadres/")

    assert [row.record.name for row in roster.context["table"].page.object_list] == ["阿苦", "扎西", "次仁", "白玛"]
    assert [row.record.name for row in by_pinyin.context["table"].page.object_list] == ["阿苦", "白玛", "次仁", "扎西"]
    assert [(row["name"], row["sort_order"]) for row in api.json()["results"]] == [
        ("阿苦", None),  # the county's organs before its townships (Unit.sort_order by kind)
        ("扎西", None),
        ("次仁", 150),
        ("白玛", None),
    ]


def test_staff_set_the_sort_order_on_the_form_the_api_and_by_import(as_user, org_staff, county):
    from cadres.imports import cadres_import
    from tests.cadres.test_imports import cadre_file, cadre_row

    cadre = CadreFactory(name="次仁", unit=county["township"])
    client = as_user(org_staff)

    form = client.get(reverse("cadres:cadre_edit", args=[cadre.pk]))
    patched = client.patch(
        f"/api/cadres/{cadre.pk}/",
        {"sort_order": 120},
        content_type="application/json",
        headers={"If-Match": client.get(f"/api/cadres/{cadre.pk}/")["ETag"]},
    )
    row = cadre_row(1, unit_code=county["township"].code, 排序号=90)
    imported = cadres_import(actor=org_staff, file_obj=cadre_file([row]), dry_run=False)
    refused = cadres_import(actor=org_staff, file_obj=cadre_file([{**row, "排序号": "第一"}]), dry_run=True)

    assert "排序号" in form.content.decode()
    assert 'name="sort_order"' in form.content.decode()
    assert (patched.status_code, patched.json()["sort_order"]) == (200, 120)
    assert imported.created == 1
    assert list(Cadre.objects.filter(pk__gt=cadre.pk).values_list("sort_order", flat=True)) == [90]
    assert [(e.row, e.column, e.message) for e in refused.errors] == [(2, "排序号", "“排序号”应为不小于0的整数。")]
