"""Issue 14.6: a unit's parent changes only within the user's subtree; a top-level unit only by org staff."""

import pytest
from django.urls import reverse

from cadres.models import Unit
from tests.factories import VillageFactory


def unit_form_data(unit: Unit, **changes) -> dict:
    data = {
        "code": unit.code,
        "name": unit.name,
        "parent": unit.parent_id or "",
        "kind": unit.kind,
        "is_township": "on" if unit.is_township else "",
        "headcount": unit.headcount,
        "sort_order": unit.sort_order,
        "is_active": "on" if unit.is_active else "",
        "reason": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != "" or key in ("parent", "reason")}


@pytest.mark.parametrize(("unit_key", "status"), [("village", 200), ("township", 302)])
def test_unit_hr_cannot_cut_a_unit_out_of_the_county_tree(as_user, unit_hr, county, unit_key, status):
    """POST /cadres/units/<id>/edit/ with ``parent=``: the village is refused with a form error; the township's
    parent field is fixed (its real parent lies outside the user's units), so the save keeps that parent."""
    unit = county[unit_key]
    parent_before, path_before = unit.parent_id, unit.path

    response = as_user(unit_hr).post(reverse("cadres:unit_edit", args=[unit.pk]), unit_form_data(unit, parent=""))

    assert response.status_code == status
    unit.refresh_from_db()
    assert (unit.parent_id, unit.path) == (parent_before, path_before)
    assert Unit.objects.filter(parent__isnull=True).count() == 1


def test_the_township_form_shows_its_real_parent_fixed_and_saves_other_changes(as_user, unit_hr, county):
    township = county["township"]
    url = reverse("cadres:unit_edit", args=[township.pk])

    form = as_user(unit_hr).get(url).context["form"]
    response = as_user(unit_hr).post(url, unit_form_data(township, name="茹龙镇", parent=county["organ"].pk))

    assert list(form.fields["parent"].queryset) == [county["root"]]
    assert form.fields["parent"].disabled is True
    assert response.status_code == 302
    township.refresh_from_db()
    assert (township.name, township.parent_id) == ("茹龙镇", county["root"].pk)


def test_unit_hr_moves_a_unit_within_the_managed_subtree(as_user, unit_hr, county):
    second_village = VillageFactory(name="波堆村", parent=county["township"])

    response = as_user(unit_hr).post(
        reverse("cadres:unit_edit", args=[second_village.pk]),
        unit_form_data(second_village, parent=county["village"].pk),
    )

    assert response.status_code == 302
    second_village.refresh_from_db()
    assert second_village.parent == county["village"]


def test_org_staff_may_make_a_top_level_unit(as_user, org_staff, county):
    organ = county["organ"]

    response = as_user(org_staff).post(reverse("cadres:unit_edit", args=[organ.pk]), unit_form_data(organ, parent=""))

    assert response.status_code == 302
    organ.refresh_from_db()
    assert organ.parent is None


def test_the_service_refuses_the_same_moves_whichever_way_they_arrive(unit_hr, county):
    from django.core.exceptions import ValidationError

    from cadres.services import unit_update

    for unit, parent, message in [
        (county["village"], None, "只有组织部工作人员可以设置顶级单位；请选择上级单位。"),
        (county["township"], None, "只有组织部工作人员可以设置顶级单位；请选择上级单位。"),
        (county["township"], county["village"], "上级单位不能是本单位或其下级单位。"),
        (county["village"], county["organ"], "该单位不在您的管理范围内。"),
    ]:
        with pytest.raises(ValidationError) as refused:
            unit_update(actor=unit_hr, unit=unit, data={"parent": parent})
        assert refused.value.message_dict == {"parent": [message]}
    second = VillageFactory(name="波堆村", parent=county["township"])
    county["township"].refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        unit_update(actor=unit_hr, unit=county["township"], data={"parent": second})
    assert refused.value.message_dict == {"parent": ["上级单位不能是本单位或其下级单位。"]}
