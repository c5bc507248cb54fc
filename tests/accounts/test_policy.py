"""The one policy (accounts/policy.py): scopes per role, record checks, and the internal-notes rule."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import policy
from accounts.models import Role
from accounts.policy import EVERYTHING, Action
from cadres.models import Cadre, Unit
from careers.models import AccountabilityRecord
from tests.careers.factories import AccountabilityRecordFactory
from tests.factories import CadreFactory, UserFactory


@pytest.fixture
def hr_who_is_a_cadre(county):
    """A unit-HR login of 如龙镇 that is also the cadre 次仁 of that township."""
    himself = CadreFactory(name="次仁", unit=county["township"])
    return UserFactory(username="hr_cadre", role=Role.UNIT_HR, units=[county["township"]], cadre=himself)


@pytest.fixture
def org_staff_who_is_a_cadre(county):
    himself = CadreFactory(name="洛桑", unit=county["organ"])
    return UserFactory(username="org_cadre", role=Role.ORG_STAFF, cadre=himself)


def test_scope_of_each_role(county, own_cadre, other_cadre, outside_cadre, org_staff, unit_hr, cadre_user):
    assert set(policy.restrict(Cadre.objects.all(), org_staff)) == {own_cadre, other_cadre, outside_cadre}
    assert set(policy.restrict(Cadre.objects.all(), unit_hr)) == {own_cadre, other_cadre}
    assert set(policy.restrict(Cadre.objects.all(), cadre_user)) == {own_cadre}
    assert set(policy.restrict(Unit.objects.all(), unit_hr)) == {county["township"], county["village"]}
    assert set(policy.restrict(Unit.objects.all(), cadre_user)) == {county["township"]}
    assert list(policy.restrict(Cadre.objects.all(), cadre_user, Action.CHANGE)) == []


def test_an_inactive_or_anonymous_user_reaches_nothing(county, own_cadre, org_staff):
    from django.contrib.auth.models import AnonymousUser

    org_staff.is_active = False

    assert list(policy.restrict(Cadre.objects.all(), org_staff)) == []
    assert list(policy.restrict(Cadre.objects.all(), AnonymousUser())) == []
    assert policy.is_staff(AnonymousUser()) is False


def test_staff_see_their_own_record_but_never_change_it(hr_who_is_a_cadre, other_cadre, outside_cadre):
    himself = hr_who_is_a_cadre.cadre

    assert set(policy.restrict(Cadre.objects.all(), hr_who_is_a_cadre)) == {himself, other_cadre}
    assert set(policy.restrict(Cadre.objects.all(), hr_who_is_a_cadre, Action.CHANGE)) == {other_cadre}
    assert policy.may(hr_who_is_a_cadre, Action.VIEW, himself) is True
    assert policy.may(hr_who_is_a_cadre, Action.CHANGE, himself) is False
    assert policy.may(hr_who_is_a_cadre, Action.CHANGE, other_cadre) is True
    assert policy.may(hr_who_is_a_cadre, Action.CHANGE, outside_cadre) is False


def test_internal_notes_are_for_staff_about_other_people(
    hr_who_is_a_cadre, org_staff_who_is_a_cadre, other_cadre, cadre_user, own_cadre
):
    own_record = AccountabilityRecordFactory(cadre=hr_who_is_a_cadre.cadre)
    others_record = AccountabilityRecordFactory(cadre=other_cadre, decided_on=datetime.date(2024, 3, 16))
    org_own_record = AccountabilityRecordFactory(cadre=org_staff_who_is_a_cadre.cadre)

    assert policy.may(hr_who_is_a_cadre, Action.VIEW_INTERNAL, own_record) is False
    assert policy.may(hr_who_is_a_cadre, Action.VIEW_INTERNAL, others_record) is True
    assert policy.may(org_staff_who_is_a_cadre, Action.VIEW_INTERNAL, org_own_record) is False
    assert policy.may(org_staff_who_is_a_cadre, Action.VIEW_INTERNAL, others_record) is True
    assert policy.may(cadre_user, Action.VIEW_INTERNAL, AccountabilityRecordFactory(cadre=own_cadre)) is False


def test_require_names_the_field_for_an_out_of_scope_value(unit_hr, county, outside_cadre):
    with pytest.raises(ValidationError) as refused:
        policy.require(unit_hr, Action.CHANGE, county["organ"], field="home_unit")
    assert refused.value.message_dict == {"home_unit": ["该单位不在您的管理范围内。"]}
    with pytest.raises(PermissionDenied):
        policy.require(unit_hr, Action.CHANGE, outside_cadre)


def test_role_predicates(admin_user, org_staff, unit_hr, cadre_user):
    assert [policy.is_staff(u) for u in (admin_user, org_staff, unit_hr, cadre_user)] == [True, True, True, False]
    assert [policy.is_org_wide(u) for u in (admin_user, org_staff, unit_hr, cadre_user)] == [True, True, False, False]
    assert [policy.is_admin(u) for u in (admin_user, org_staff, unit_hr, cadre_user)] == [True, False, False, False]
    with pytest.raises(PermissionDenied):
        policy.require_staff(cadre_user)
    with pytest.raises(PermissionDenied):
        policy.require_org_wide(unit_hr)


def test_a_record_is_checked_through_its_cadre(unit_hr, other_cadre, outside_cadre):
    inside = AccountabilityRecordFactory(cadre=other_cadre)
    outside = AccountabilityRecordFactory(cadre=outside_cadre)

    assert policy.may(unit_hr, Action.CHANGE, inside) is True
    assert policy.may(unit_hr, Action.CHANGE, outside) is False
    assert set(policy.restrict(AccountabilityRecord.objects.all(), unit_hr)) == {inside}


def test_the_system_scope_reaches_everything(own_cadre, outside_cadre):
    assert set(EVERYTHING.filter(Cadre.objects.all())) == {own_cadre, outside_cadre}


def test_checking_many_records_reads_the_managed_units_once(unit_hr, other_cadre, django_assert_num_queries):
    records = [AccountabilityRecordFactory(cadre=other_cadre, decided_on=datetime.date(2024, 1, n)) for n in (1, 2, 3)]
    records = list(AccountabilityRecord.objects.select_related("cadre__unit").filter(pk__in=[r.pk for r in records]))

    with django_assert_num_queries(1):
        assert [policy.may(unit_hr, Action.VIEW_INTERNAL, record) for record in records] == [True, True, True]
