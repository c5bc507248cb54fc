"""Training in the roster's official order (issue 15.4): bulk enrolment gives the seats, then the waiting
places, in the order its preview lists the people, and the compliance report lists people in it (instead
of by unit name, then shortfall)."""

import pytest
from django.db.models import F
from django.urls import reverse

from cadres.models import Cadre
from tests.conftest import ROSTER_ORDER
from training import services
from training.models import Enrolment

pytestmark = pytest.mark.django_db


def test_bulk_enrolment_seats_people_in_the_official_order(open_course, org_staff, roster_people):
    chosen = Cadre.objects.filter(pk__in=[cadre.pk for cadre in roster_people.values()])

    result = services.enrolment_bulk_create(actor=org_staff, course=open_course, cadres=chosen)

    assert (result.enrolled, result.waiting) == (3, 1)  # three seats
    places = Enrolment.objects.order_by(F("seat").asc(nulls_last=True), "waiting_position").values_list(
        "cadre__name", "seat", "waiting_position"
    )
    assert list(places) == [("次仁", 1, None), ("白玛", 2, None), ("扎西", 3, None), ("阿苦", None, 1)]


def test_the_compliance_report_lists_people_in_the_official_order(as_user, org_staff, roster_people):
    page = as_user(org_staff).get(reverse("training:compliance_report"))  # nobody has any hours

    assert [row.record.name for row in page.context["table"].page.object_list] == ROSTER_ORDER
