"""Consistent navigation (issue 15.7): one sub-navigation on every page of an area, with the current page marked
and only what the user's role may open; the current top menu entry marked; a cadre's name links to the cadre."""

import re

import pytest
from django.urls import reverse

from core.navigation import _AREAS
from tests.care.factories import LeaveRecordFactory

pytestmark = pytest.mark.django_db

AREAS = ("cadres", "careers", "training", "postings", "care", "assessments", "rewards", "dashboard")
AREA_PAGES = [
    (area, item.url_name, item.query) for area in AREAS for item in _AREAS[area].items
]  # every page each area lists


def subnav(response) -> str:
    html = response.content.decode()
    start = html.index('class="kit-subnav')
    return html[start : html.index("</nav>", start)]


def links(response) -> list[tuple[str, bool]]:
    """(href, active) of every sub-navigation item."""
    return [
        (href.replace("&amp;", "&"), " active" in classes)
        for classes, href in re.findall(r'<a class="nav-link([^"]*)" href="([^"]+)"', subnav(response))
    ]


def test_every_area_registers_its_list_pages():
    assert set(AREAS) <= set(_AREAS)
    assert all(len(_AREAS[area].items) >= 4 for area in AREAS)


@pytest.mark.parametrize(("area", "url_name", "query"), AREA_PAGES)
def test_every_area_page_shows_its_areas_subnav_with_only_itself_active_for_org_staff(
    as_user, org_staff, county, area, url_name, query
):
    url = reverse(url_name) + (f"?{query}" if query else "")

    response = as_user(org_staff).get(url)

    assert response.status_code == 200
    items = links(response)
    assert [href for href, _active in items] == [
        reverse(item.url_name) + (f"?{item.query}" if item.query else "") for item in _AREAS[area].items
    ]
    assert [href for href, active in items if active] == [url]


def test_a_detail_page_marks_its_lists_item(as_user, org_staff, county, own_cadre):
    response = as_user(org_staff).get(reverse("cadres:cadre_detail", args=[own_cadre.pk]))

    assert [href for href, active in links(response) if active] == [reverse("cadres:cadre_list")]


@pytest.mark.parametrize("area", AREAS)
def test_unit_hr_sees_only_subnav_items_it_may_open(as_user, unit_hr, area):
    client = as_user(unit_hr)
    first = _AREAS[area].items[0]

    items = links(client.get(reverse(first.url_name) + (f"?{first.query}" if first.query else "")))

    assert items
    assert {href: client.get(href).status_code for href, _active in items} == {href: 200 for href, _active in items}


def test_unit_hr_is_not_offered_the_county_work_calendar_that_org_staff_keep(as_user, unit_hr, org_staff):
    url = reverse("assessments:work_calendar")

    hr_links = [href for href, _active in links(as_user(unit_hr).get(reverse("assessments:period_list")))]
    staff_links = [href for href, _active in links(as_user(org_staff).get(reverse("assessments:period_list")))]

    assert url not in hr_links
    assert url in staff_links
    assert as_user(unit_hr).get(url).status_code == 403


def test_a_cadre_on_his_own_pages_gets_no_staff_subnav(as_user, cadre_user):
    response = as_user(cadre_user).get(reverse("cadres:my_record"))

    assert 'class="kit-subnav' not in response.content.decode()


def test_the_top_menu_marks_the_current_area_and_only_it(as_user, org_staff, county):
    html = as_user(org_staff).get(reverse("careers:measure_list")).content.decode()

    toggles = re.findall(r'<a class="nav-link dropdown-toggle([^"]*)"[^>]*>\s*<i class="bi ([\w-]+)"', html)
    assert [icon for classes, icon in toggles if "active" in classes] == ["bi-arrow-down-up"]  # 能上能下


def test_the_top_menu_marks_the_unit_tree_on_a_unit_page(as_user, org_staff, county):
    html = as_user(org_staff).get(reverse("cadres:unit_detail", args=[county["township"].pk])).content.decode()

    assert f'<a class="nav-link active" href="{reverse("cadres:unit_tree")}">' in html
    assert f'<a class="nav-link" href="{reverse("cadres:cadre_list")}">' in html


def test_a_tables_cadre_name_links_to_the_cadres_page(as_user, org_staff, own_cadre):
    LeaveRecordFactory(cadre=own_cadre)

    html = as_user(org_staff).get(reverse("care:leave_record_list")).content.decode()

    assert f'<a href="/cadres/{own_cadre.pk}/">扎西</a>' in html


def test_a_cadre_name_is_plain_text_where_the_viewer_may_not_open_the_cadre(as_user, unit_hr, outside_cadre):
    """A posting hosted by the HR's township shows its guest cadre, whose record the HR may not open."""
    from tests.postings.factories import PostingFactory

    PostingFactory(cadre=outside_cadre, host_unit=unit_hr.managed_units.get())

    html = as_user(unit_hr).get(reverse("postings:posting_list")).content.decode()

    assert "王建国" in html
    assert f'href="/cadres/{outside_cadre.pk}/"' not in html
    assert as_user(unit_hr).get(f"/cadres/{outside_cadre.pk}/").status_code == 404


def top_menu(response) -> str:
    html = response.content.decode()
    start = html.index('<ul class="navbar-nav me-auto">')
    return html[start : html.index('</ul>\n      <ul class="navbar-nav">', start)]


def test_the_cached_top_menu_follows_the_current_page_from_one_area_to_another(as_user, org_staff, county):
    client = as_user(org_staff)
    client.get(reverse("careers:measure_list"))  # the menu is cached with 能上能下 current

    menu = top_menu(client.get(reverse("cadres:unit_tree")))

    assert f'<a class="nav-link active" href="{reverse("cadres:unit_tree")}">' in menu
    assert "dropdown-toggle active" not in menu


def test_the_cached_top_menu_is_each_roles_own(as_user, org_staff, unit_hr):
    calendar = reverse("assessments:work_calendar")
    as_user(org_staff).get(reverse("assessments:period_list"))  # cached with the org staff's 节假日与调休

    assert calendar not in top_menu(as_user(unit_hr).get(reverse("assessments:period_list")))
    assert calendar in top_menu(as_user(org_staff).get(reverse("assessments:period_list")))


def test_the_cached_top_menu_is_in_the_language_the_user_chose(as_user, org_staff, county):
    client = as_user(org_staff)
    assert "能上能下" in top_menu(client.get(reverse("cadres:cadre_list")))

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = top_menu(client.get(reverse("cadres:cadre_list")))

    assert "能上能下" not in english
    assert "Cadre roster" in english
