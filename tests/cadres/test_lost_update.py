"""Acceptance 10.2: an edit opened before someone else's change is refused, never written over it.

The example of the issue: an edit form opened before a 职级晋升 and saved after it would write the old rank
back, and the history would show the revert as a deliberate edit. The careers services are the only
writer of a cadre's career fields after creation; every other save writes only what it changed, under a
row lock, with the version the editor opened as its precondition (a hidden field on the page, ``If-Match``
on the API).
"""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cadres import services
from cadres.choices import LeadershipLevel, Rank
from cadres.models import Cadre, Unit
from careers import services as careers_services
from careers.choices import RankChangeKind
from tests.api import error_messages
from tests.factories import CadreFactory

STALE_MESSAGE = "该干部在您打开编辑页面之后已被修改，为免覆盖他人的修改，本次未保存。请重新打开后再编辑。"


@pytest.fixture
def leader(county):
    return CadreFactory(
        name="格桑",
        unit=county["township"],
        post_title="副镇长",
        post_date=datetime.date(2018, 6, 1),
        leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY,
        rank=Rank.PRINCIPAL_STAFF_4,
        rank_date=datetime.date(2019, 6, 1),
    )


def promote(actor, cadre) -> None:
    """A 职级晋升 to 三级主任科员, through the careers service."""
    careers_services.rank_change_create(
        actor=actor,
        cadre=cadre,
        data={
            "kind": RankChangeKind.PROMOTION,
            "to_rank": Rank.PRINCIPAL_STAFF_3,
            "effective_date": datetime.date(2024, 7, 1),
            "reason": "任职年限已满",
            "document_number": "新组〔2024〕3号",
        },
    )


def form_post_data(response) -> dict:
    """What the browser sends back: the edit form's fields as rendered."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def test_an_edit_page_opened_before_a_rank_promotion_is_refused_with_a_message_and_keeps_the_new_rank(
    as_user, org_staff, unit_hr, leader
):
    client = as_user(unit_hr)
    opened = client.get(reverse("cadres:cadre_edit", args=[leader.pk]))
    data = {**form_post_data(opened), "rank": str(Rank.PRINCIPAL_STAFF_4), "phone": "13912345678"}
    assert data["version"]
    promote(org_staff, leader)
    history_before = leader.history.count()

    response = client.post(reverse("cadres:cadre_edit", args=[leader.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [STALE_MESSAGE]
    assert STALE_MESSAGE in response.content.decode()
    leader.refresh_from_db()
    assert (leader.rank, leader.rank_date, leader.phone) == (Rank.PRINCIPAL_STAFF_3, datetime.date(2024, 7, 1), "")
    assert leader.history.count() == history_before


def test_an_edit_page_opened_after_the_promotion_saves_and_writes_only_the_changed_field(as_user, org_staff, leader):
    promote(org_staff, leader)
    client = as_user(org_staff)
    opened = client.get(reverse("cadres:cadre_edit", args=[leader.pk]))
    data = {**form_post_data(opened), "phone": "13912345678", "reason": "更正电话"}

    response = client.post(reverse("cadres:cadre_edit", args=[leader.pk]), data)

    assert response.status_code == 302
    leader.refresh_from_db()
    assert (leader.rank, leader.phone) == (Rank.PRINCIPAL_STAFF_3, "13912345678")
    assert leader.history.latest().history_change_reason == "更正电话"


def test_the_edit_page_shows_the_career_fields_fixed_and_a_posted_rank_is_ignored(as_user, org_staff, leader):
    client = as_user(org_staff)
    opened = client.get(reverse("cadres:cadre_edit", args=[leader.pk]))
    form = opened.context["form"]
    assert [name for name in services.CAREER_FIELDS if form.fields[name].disabled] == list(services.CAREER_FIELDS)

    data = {**form_post_data(opened), "rank": str(Rank.INSPECTOR_1), "post_title": "镇长"}
    response = client.post(reverse("cadres:cadre_edit", args=[leader.pk]), data)

    assert response.status_code == 302
    leader.refresh_from_db()
    assert (leader.rank, leader.post_title) == (Rank.PRINCIPAL_STAFF_4, "副镇长")


def test_a_service_edit_of_a_career_field_is_refused_with_the_way_to_do_it(org_staff, leader):
    with pytest.raises(services.ValidationError) as refused:
        services.cadre_update(actor=org_staff, cadre=leader, data={"rank": Rank.PRINCIPAL_STAFF_3, "phone": "1"})

    assert refused.value.message_dict == {"rank": ["职级的变动请办理职级变动（晋升、降低、套转或恢复）。"]}
    assert Cadre.objects.get(pk=leader.pk).phone == ""


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_api_patch_with_the_if_match_of_before_the_promotion_answers_412_and_writes_nothing(
    org_staff, unit_hr, leader
):
    client = api_for(unit_hr)
    read = client.get(f"/api/cadres/{leader.pk}/")
    etag = read["ETag"]
    promote(org_staff, leader)

    response = client.patch(f"/api/cadres/{leader.pk}/", {"phone": "13912345678"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert error_messages(response) == {"detail": STALE_MESSAGE}
    assert Cadre.objects.get(pk=leader.pk).phone == ""


def test_an_api_patch_with_the_current_if_match_writes_and_answers_the_new_etag(unit_hr, leader):
    client = api_for(unit_hr)
    etag = client.get(f"/api/cadres/{leader.pk}/")["ETag"]

    response = client.patch(f"/api/cadres/{leader.pk}/", {"phone": "13912345678"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    leader.refresh_from_db()
    assert leader.phone == "13912345678"
    assert response["ETag"] == f'"{leader.updated_at.isoformat()}"' != etag


def test_a_unit_edit_page_opened_before_another_edit_is_refused(as_user, org_staff, county):
    client = as_user(org_staff)
    township = county["township"]
    opened = client.get(reverse("cadres:unit_edit", args=[township.pk]))
    data = {**form_post_data(opened), "headcount": "40"}
    services.unit_update(actor=org_staff, unit=Unit.objects.get(pk=township.pk), data={"headcount": 35})

    response = client.post(reverse("cadres:unit_edit", args=[township.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "该单位在您打开编辑页面之后已被修改，为免覆盖他人的修改，本次未保存。请重新打开后再编辑。"
    ]
    assert Unit.objects.get(pk=township.pk).headcount == 35


def test_every_kit_edit_page_refuses_a_stale_form_a_family_member_for_one(as_user, org_staff, unit_hr, leader):
    """The page kit's form_page gives every edit form the version it opened (issue 10.2, the kind)."""
    member = services.family_member_create(
        actor=org_staff,
        cadre=leader,
        data={
            "relation": "wife",
            "name": "李梅",
            "birth_date": datetime.date(1982, 5, 14),
            "political_status": "masses",
        },
    )
    client = as_user(unit_hr)
    opened = client.get(f"/cadres/family/{member.pk}/edit/")
    data = {**form_post_data(opened), "name": "李丽", "reason": "更正姓名"}
    assert data["version"]
    services.family_member_update(actor=org_staff, member=member, data={"work_unit_and_post": "县医院护士"})

    response = client.post(f"/cadres/family/{member.pk}/edit/", data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "该家庭成员及重要社会关系在您打开编辑页面之后已被修改，为免覆盖他人的修改，本次未保存。请重新打开后再编辑。"
    ]
    member.refresh_from_db()
    assert (member.name, member.work_unit_and_post) == ("李梅", "县医院护士")
