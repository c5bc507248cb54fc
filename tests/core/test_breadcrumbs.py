"""Breadcrumbs on the pages about one cadre (issue 15.7): staff go back to the cadre's record and the roster,
the cadre to 我的档案 (a link to the roster, which a cadre may not open, is never shown to him)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def crumbs(response) -> list[str]:
    html = response.content.decode()
    start = html.index('class="breadcrumb small cadre-breadcrumbs"')
    return html[start : html.index("</ol>", start)].split('href="')[1:]


def test_a_cadres_career_page_leads_staff_back_to_the_cadre_and_the_cadre_to_my_record(
    as_user, org_staff, cadre_user, own_cadre
):
    url = reverse("careers:cadre_career", args=[own_cadre.pk])

    staff = crumbs(as_user(org_staff).get(url))
    own = crumbs(as_user(cadre_user).get(url))

    assert [link.split('"')[0] for link in staff] == ["/cadres/", f"/cadres/{own_cadre.pk}/"]
    assert [link.split('"')[0] for link in own] == ["/cadres/me/"]
