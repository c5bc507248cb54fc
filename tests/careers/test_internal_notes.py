"""Internal notes (内部备注) are staff's notes about other people: never shown on one's own record."""

import pytest

from accounts.models import Role
from tests.careers.factories import AccountabilityRecordFactory
from tests.factories import CadreFactory, UserFactory

NOTE = "内部：举报人信息"


@pytest.fixture
def hr_who_is_a_cadre(county):
    himself = CadreFactory(name="次仁", unit=county["township"])
    return UserFactory(username="hr_cadre", role=Role.UNIT_HR, units=[county["township"]], cadre=himself)


@pytest.mark.parametrize("url", ["/cadres/{pk}/", "/cadres/me/", "/careers/cadres/{pk}/"])
def test_a_staff_login_that_is_also_the_cadre_does_not_see_the_notes_on_his_own_record(as_user, hr_who_is_a_cadre, url):
    AccountabilityRecordFactory(cadre=hr_who_is_a_cadre.cadre, internal_notes=NOTE)

    page = as_user(hr_who_is_a_cadre).get(url.format(pk=hr_who_is_a_cadre.cadre_id))

    assert page.status_code == 200
    assert "违反工作纪律" in page.content.decode()
    assert NOTE not in page.content.decode()


def test_the_same_staff_login_sees_the_notes_on_another_cadres_record(as_user, hr_who_is_a_cadre, other_cadre):
    AccountabilityRecordFactory(cadre=other_cadre, internal_notes=NOTE)

    page = as_user(hr_who_is_a_cadre).get(f"/cadres/{other_cadre.pk}/")

    assert NOTE in page.content.decode()


def test_the_api_leaves_the_notes_out_of_ones_own_records_only(as_user, hr_who_is_a_cadre, other_cadre):
    own = AccountabilityRecordFactory(cadre=hr_who_is_a_cadre.cadre, internal_notes=NOTE)
    other = AccountabilityRecordFactory(cadre=other_cadre, internal_notes=NOTE)
    client = as_user(hr_who_is_a_cadre)

    rows = {row["id"]: row for row in client.get("/api/careers/records/").json()["results"]}

    assert "internal_notes" not in rows[own.pk]
    assert rows[other.pk]["internal_notes"] == NOTE
    assert "internal_notes" not in client.get(f"/api/careers/records/{own.pk}/").json()
