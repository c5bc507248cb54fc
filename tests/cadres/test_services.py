import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cadres import services
from cadres.models import Cadre, unit_path_segment


def test_cadre_update_outside_a_request_records_the_actor_and_reason(org_staff, own_cadre):
    # when: a change made by a job or the shell, with no request and so no history middleware
    services.career_fields_write(actor=org_staff, cadre=own_cadre, data={"post_title": "副乡长"}, reason="任职文件")

    # then
    latest = own_cadre.history.latest()
    assert (latest.post_title, latest.history_user, latest.history_change_reason) == ("副乡长", org_staff, "任职文件")


def test_cadre_update_by_unit_hr_into_an_unmanaged_unit_is_refused_and_changes_nothing(unit_hr, own_cadre, county):
    with pytest.raises(ValidationError) as refused:
        services.cadre_update(actor=unit_hr, cadre=own_cadre, data={"unit": county["organ"]})

    assert refused.value.message_dict == {"unit": ["该单位不在您的管理范围内。"]}
    assert Cadre.objects.get(pk=own_cadre.pk).unit == county["township"]


def test_cadre_role_cannot_write_even_its_own_record(cadre_user, own_cadre):
    with pytest.raises(PermissionDenied):
        services.cadre_update(actor=cadre_user, cadre=own_cadre, data={"phone": "13800000000"})

    assert Cadre.objects.get(pk=own_cadre.pk).phone == ""


def test_a_unit_cannot_be_moved_below_its_own_descendant(org_staff, county):
    with pytest.raises(ValidationError) as refused:
        services.unit_update(actor=org_staff, unit=county["township"], data={"parent": county["village"]})

    assert refused.value.message_dict == {"parent": ["上级单位不能是本单位或其下级单位。"]}


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree(org_staff, county):
    services.unit_update(actor=org_staff, unit=county["township"], data={"parent": county["organ"]})

    county["village"].refresh_from_db()
    segments = [county[key] for key in ("root", "organ", "township", "village")]
    assert county["village"].path == "".join(unit_path_segment(unit.sort_order, unit.pk) for unit in segments)
    assert county["village"].depth == 3
