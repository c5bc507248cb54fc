from accounts.scoping import visible_units
from cadres import selectors


def test_unit_hr_sees_managed_township_and_its_villages_only(unit_hr, county, own_cadre, other_cadre, outside_cadre):
    assert set(visible_units(unit_hr)) == {county["township"], county["village"]}
    assert set(selectors.cadre_list(user=unit_hr)) == {own_cadre, other_cadre}


def test_org_staff_sees_every_cadre(org_staff, own_cadre, other_cadre, outside_cadre):
    assert set(selectors.cadre_list(user=org_staff)) == {own_cadre, other_cadre, outside_cadre}


def test_cadre_sees_only_own_record(cadre_user, own_cadre, other_cadre, outside_cadre):
    assert list(selectors.cadre_list(user=cadre_user)) == [own_cadre]
