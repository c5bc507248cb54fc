"""Who may open which cadre page. The convention the pages follow:

- anonymous: 302 to the login page, everywhere;
- staff-only pages (the list, the export, the create forms, the unit pages): 403 to a cadre;
- a record out of the user's scope (another person's page, any edit form for a cadre): 404, nothing changes.
"""

import datetime

import pytest
from django.urls import reverse

from cadres import rules
from cadres.models import Cadre, Unit

VISITORS = ["anonymous", "cadre", "unit_hr", "org_staff", "admin"]

# page -> (url name, which object gives the pk, or None)
PAGES = {
    "list": ("cadres:cadre_list", None),
    "export": ("cadres:roster_export", None),
    "cadre_create": ("cadres:cadre_create", None),
    "detail_own": ("cadres:cadre_detail", "own_cadre"),
    "detail_other_in_hr_scope": ("cadres:cadre_detail", "other_cadre"),
    "detail_outside_hr_scope": ("cadres:cadre_detail", "outside_cadre"),
    "edit_own": ("cadres:cadre_edit", "own_cadre"),
    "edit_other_in_hr_scope": ("cadres:cadre_edit", "other_cadre"),
    "edit_outside_hr_scope": ("cadres:cadre_edit", "outside_cadre"),
    "my_record": ("cadres:my_record", None),
    "unit_tree": ("cadres:unit_tree", None),
    "unit_detail_in_hr_scope": ("cadres:unit_detail", "township"),
    "unit_detail_outside_hr_scope": ("cadres:unit_detail", "organ"),
    "unit_create": ("cadres:unit_create", None),
    "unit_edit_in_hr_scope": ("cadres:unit_edit", "township"),
    "unit_edit_outside_hr_scope": ("cadres:unit_edit", "organ"),
}

STAFF_ONLY_FOR_CADRE = {"list", "export", "cadre_create", "unit_tree", "unit_create"} | {
    name for name in PAGES if name.startswith("unit_")
}
OUT_OF_HR_SCOPE = {name for name in PAGES if name.endswith("outside_hr_scope")}


def expected_status(visitor: str, page: str) -> int:
    if visitor == "anonymous":
        return 302
    if visitor == "cadre":
        if page in STAFF_ONLY_FOR_CADRE:
            return 403
        return 200 if page in {"detail_own", "my_record"} else 404
    if visitor == "unit_hr":
        return 404 if page in OUT_OF_HR_SCOPE else 200
    return 200


MATRIX = [
    pytest.param(visitor, page, expected_status(visitor, page), id=f"{visitor}-{page}-{expected_status(visitor, page)}")
    for visitor in VISITORS
    for page in PAGES
]


@pytest.fixture
def world(county, own_cadre, other_cadre, outside_cadre, cadre_user, unit_hr, org_staff, admin_user):
    return {
        **county,
        "own_cadre": own_cadre,
        "other_cadre": other_cadre,
        "outside_cadre": outside_cadre,
        "anonymous": None,
        "cadre": cadre_user,
        "unit_hr": unit_hr,
        "org_staff": org_staff,
        "admin": admin_user,
    }


def page_url(world, page: str) -> str:
    url_name, target = PAGES[page]
    return reverse(url_name, args=[world[target].pk] if target else [])


@pytest.mark.parametrize(("visitor", "page", "status"), MATRIX)
def test_page_permission_matrix(world, as_user, visitor, page, status):
    response = as_user(world[visitor]).get(page_url(world, page))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def cadre_snapshot():
    return list(Cadre.objects.order_by("pk").values_list("pk", "name", "phone", "unit_id", "post_title"))


def unit_snapshot():
    return list(Unit.objects.order_by("pk").values_list("pk", "name", "code", "parent_id", "headcount"))


def edit_data(cadre: Cadre, **changes) -> dict:
    data = {
        "name": cadre.name,
        "gender": cadre.gender,
        "ethnicity": cadre.ethnicity,
        "birth_date": cadre.birth_date.isoformat(),
        "id_number": cadre.id_number,
        "political_status": cadre.political_status,
        "category": cadre.category,
        "unit": cadre.unit_id,
        "post_title": cadre.post_title,
        "status": cadre.status,
        "phone": "13800000000",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("visitor", "target", "status"),
    [
        pytest.param("anonymous", "own_cadre", 302, id="anonymous-302"),
        pytest.param("cadre", "own_cadre", 404, id="cadre-own-record-404"),
        pytest.param("cadre", "other_cadre", 404, id="cadre-other-record-404"),
        pytest.param("unit_hr", "outside_cadre", 404, id="unit_hr-out-of-scope-404"),
    ],
)
def test_refused_cadre_edit_post_changes_nothing(world, as_user, visitor, target, status):
    # given
    cadre = world[target]
    before = cadre_snapshot()

    # when
    response = as_user(world[visitor]).post(reverse("cadres:cadre_edit", args=[cadre.pk]), edit_data(cadre))

    # then
    assert response.status_code == status
    assert cadre_snapshot() == before
    assert cadre.history.count() == 1


@pytest.mark.parametrize(
    ("visitor", "status"),
    [
        pytest.param("anonymous", 302, id="anonymous-302"),
        pytest.param("cadre", 403, id="cadre-staff-only-page-403"),
    ],
)
def test_refused_cadre_create_post_creates_nothing(world, as_user, visitor, status):
    birth_date = datetime.date(1990, 5, 6)
    data = edit_data(
        world["own_cadre"],
        name="新人",
        birth_date=birth_date.isoformat(),
        id_number=rules.id_number_compose(region="513329", birth_date=birth_date, sequence=7, gender="M"),
    )
    before = cadre_snapshot()

    response = as_user(world[visitor]).post(reverse("cadres:cadre_create"), data)

    assert response.status_code == status
    assert cadre_snapshot() == before


@pytest.mark.parametrize(
    ("visitor", "unit_key", "status"),
    [
        pytest.param("anonymous", "township", 302, id="anonymous-302"),
        pytest.param("cadre", "township", 403, id="cadre-staff-only-page-403"),
        pytest.param("unit_hr", "organ", 404, id="unit_hr-out-of-scope-404"),
    ],
)
def test_refused_unit_edit_post_changes_nothing(world, as_user, visitor, unit_key, status):
    unit = world[unit_key]
    before = unit_snapshot()

    response = as_user(world[visitor]).post(
        reverse("cadres:unit_edit", args=[unit.pk]),
        {
            "code": unit.code,
            "name": "改名",
            "parent": unit.parent_id,
            "kind": unit.kind,
            "headcount": 1,
            "sort_order": 0,
        },
    )

    assert response.status_code == status
    assert unit_snapshot() == before


def test_unit_hr_cannot_create_a_unit_outside_own_units(world, as_user):
    before = unit_snapshot()

    response = as_user(world["unit_hr"]).post(
        reverse("cadres:unit_create"),
        {"code": "X1", "name": "外单位下属", "parent": world["organ"].pk, "kind": "public_institution", "headcount": 3},
    )

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert unit_snapshot() == before


def test_job_page_of_another_user_is_404(world, as_user):
    from core.exports import list_export_enqueue

    job = list_export_enqueue(user=world["org_staff"], view_name="cadres:cadre_list", query_string="")

    assert as_user(world["admin"]).get(reverse("core:job_run_detail", args=[job.pk])).status_code == 404
    assert as_user(world["unit_hr"]).get(reverse("core:job_run_download", args=[job.pk])).status_code == 404
    assert as_user(world["org_staff"]).get(reverse("core:job_run_detail", args=[job.pk])).status_code == 200
