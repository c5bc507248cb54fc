"""退房 of a tenancy already ended opens no form: the page, opened by its address, goes back to the tenancies with
the service's reason before any typing, on a GET as on a POST, and writes nothing."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from care.models import Tenancy
from tests.care.factories import BuildingFactory, FlatFactory, TenancyFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def flat(county):
    return FlatFactory(building=BuildingFactory(unit=county["township"]))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_opening_the_move_out_of_an_ended_tenancy_goes_back_with_the_reason(org_staff, own_cadre, flat):
    tenancy = TenancyFactory(flat=flat, cadre=own_cadre, start_date=D(2023, 1, 1), end_date=D(2024, 1, 1))
    response = client_for(org_staff).get(reverse("care:tenancy_end", args=[tenancy.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("care:tenancy_list"))
    assert messages_of(response) == ["该入住记录已办理退房。"]


def test_posting_the_move_out_of_an_ended_tenancy_keeps_its_end_date(org_staff, own_cadre, flat):
    tenancy = TenancyFactory(flat=flat, cadre=own_cadre, start_date=D(2023, 1, 1), end_date=D(2024, 1, 1))
    response = client_for(org_staff).post(reverse("care:tenancy_end", args=[tenancy.pk]), {"end_date": "2025-05-01"})
    assert response.status_code == 302
    assert messages_of(response) == ["该入住记录已办理退房。"]
    assert Tenancy.objects.get(pk=tenancy.pk).end_date == D(2024, 1, 1)


def test_a_current_tenancy_still_opens_its_move_out_form(org_staff, own_cadre, flat):
    tenancy = TenancyFactory(flat=flat, cadre=own_cadre, start_date=D(2024, 1, 1))
    response = client_for(org_staff).get(reverse("care:tenancy_end", args=[tenancy.pk]))
    assert (response.status_code, response.context["page_title"]) == (200, "办理退房：扎西")
