"""Family members and important social relations, and education records, on the cadre's record: the cadre
page's sections, the forms, the API, scope and history."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres import services
from cadres.choices import Education, EducationKind, FamilyRelation, PoliticalStatus
from cadres.models import EducationRecord, FamilyMember
from tests.api import error_codes

WIFE = {
    "relation": FamilyRelation.WIFE,
    "name": "李华",
    "birth_date": date(1982, 5, 14),
    "political_status": PoliticalStatus.MASSES,
    "work_unit_and_post": "新龙县人民医院护士",
    "sort_order": 0,
}
UNIVERSITY = {
    "kind": EducationKind.FULL_TIME,
    "level": Education.BACHELOR,
    "degree": "bachelor",
    "school_and_major": "四川大学法学院法学专业",
    "start_date": date(1998, 9, 1),
    "end_date": date(2002, 7, 1),
}


@pytest.fixture(autouse=True)
def born_before_university(request):
    """The factory draws a birth date at random, sometimes after UNIVERSITY's 1998 start, which the service
    rightly refuses ("入学时间应晚于出生日期"); every cadre of these tests was born in 1976."""
    for name in ("own_cadre", "outside_cadre"):
        if name in request.fixturenames:
            cadre = request.getfixturevalue(name)
            cadre.birth_date = date(1976, 4, 1)
            cadre.save(update_fields=["birth_date"])


def test_staff_add_a_family_member_after_a_field_error_and_it_shows_on_the_cadre_page(as_user, org_staff, own_cadre):
    client = as_user(org_staff)
    url = f"/cadres/{own_cadre.pk}/family/new/"
    future = {**WIFE, "birth_date": "2999-01-01", "reason": "补录"}

    refused = client.post(url, future)
    saved = client.post(url, {**WIFE, "birth_date": "1982-05-14", "reason": "补录"})
    page = client.get(f"/cadres/{own_cadre.pk}/").content.decode()

    assert refused.status_code == 200
    assert refused.context["form"].errors == {"birth_date": ["出生日期不能晚于今天。"]}
    assert saved.status_code == 302
    assert saved["Location"] == f"/cadres/{own_cadre.pk}/#cadre-family"
    member = FamilyMember.objects.get()
    assert (member.cadre, member.name, member.get_relation_display()) == (own_cadre, "李华", "妻子")
    assert "新龙县人民医院护士" in page
    assert (member.history.get().history_user, member.history.get().history_change_reason) == (org_staff, "补录")


def test_an_education_ending_before_it_starts_is_refused_with_a_message(as_user, org_staff, own_cadre):
    response = as_user(org_staff).post(
        f"/cadres/{own_cadre.pk}/education/new/", {**UNIVERSITY, "end_date": "1997-07-01"}
    )

    assert response.status_code == 200
    assert "毕业时间应晚于入学时间。" in str(response.context["form"].errors)
    assert EducationRecord.objects.count() == 0


def test_editing_and_deleting_keep_who_and_why(as_user, org_staff, own_cadre):
    member = services.family_member_create(actor=org_staff, cadre=own_cadre, data=WIFE)
    client = as_user(org_staff)

    client.post(f"/cadres/family/{member.pk}/edit/", {**WIFE, "name": "李丽", "reason": "更正姓名"})
    deleted = client.post(f"/cadres/family/{member.pk}/delete/", {"reason": "录入重复"})

    assert deleted.status_code == 302
    assert not FamilyMember.objects.exists()
    reasons = list(
        FamilyMember.history.order_by("history_id").values_list("name", "history_type", "history_change_reason")
    )
    assert reasons == [("李华", "+", None), ("李丽", "~", "更正姓名"), ("李丽", "-", "录入重复")]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("cadre_user", 403), ("unit_hr_outside", 404), ("anonymous", 302)],
)
def test_who_may_not_add_a_family_member(request, as_user, own_cadre, outside_cadre, who, expected):
    if who == "cadre_user":
        user, cadre = request.getfixturevalue("cadre_user"), own_cadre
    elif who == "unit_hr_outside":
        user, cadre = request.getfixturevalue("unit_hr"), outside_cadre
    else:
        user, cadre = None, own_cadre

    response = as_user(user).post(f"/cadres/{cadre.pk}/family/new/", {**WIFE, "birth_date": "1982-05-14"})

    assert response.status_code == expected
    assert not FamilyMember.objects.exists()


def test_a_cadre_reads_his_own_family_on_my_record_without_edit_links(as_user, org_staff, cadre_user, own_cadre):
    services.family_member_create(actor=org_staff, cadre=own_cadre, data=WIFE)

    page = as_user(cadre_user).get("/cadres/me/").content.decode()

    assert "李华" in page
    assert "/family/" not in page


def test_the_cadre_page_takes_the_same_queries_for_many_family_and_education_records(as_user, org_staff, own_cadre):
    client = as_user(org_staff)
    services.family_member_create(actor=org_staff, cadre=own_cadre, data=WIFE)
    services.education_record_create(actor=org_staff, cadre=own_cadre, data=UNIVERSITY)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/cadres/{own_cadre.pk}/")
    for number in range(6):
        services.family_member_create(actor=org_staff, cadre=own_cadre, data={**WIFE, "name": f"成员{number}"})
        services.education_record_create(actor=org_staff, cadre=own_cadre, data=UNIVERSITY)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/cadres/{own_cadre.pk}/")

    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------- API


def test_api_adds_lists_and_scopes_family_members(as_user, org_staff, unit_hr, own_cadre, outside_cadre):
    created = as_user(org_staff).post(
        "/api/family-members/",
        {**WIFE, "birth_date": "1982-05-14", "cadre": own_cadre.pk},
        content_type="application/json",
    )
    services.family_member_create(actor=org_staff, cadre=outside_cadre, data={**WIFE, "name": "张三"})

    mine = as_user(unit_hr).get("/api/family-members/").json()
    by_cadre = as_user(org_staff).get("/api/family-members/", {"cadre": outside_cadre.pk}).json()

    assert created.status_code == 201
    assert created.json()["relation_display"] == "妻子"
    assert [row["name"] for row in mine["results"]] == ["李华"]
    assert [row["name"] for row in by_cadre["results"]] == ["张三"]


def test_api_refuses_a_cadre_out_of_scope_and_writes_nothing(as_user, unit_hr, outside_cadre):
    response = as_user(unit_hr).post(
        "/api/education-records/",
        {**UNIVERSITY, "start_date": "1998-09-01", "end_date": "2002-07-01", "cadre": outside_cadre.pk},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert error_codes(response) == {"": "invalid", "cadre": ["does_not_exist"]}
    assert not EducationRecord.objects.exists()


def test_api_answers_400_with_field_errors_for_bad_dates(as_user, org_staff, own_cadre):
    response = as_user(org_staff).post(
        "/api/education-records/",
        {**UNIVERSITY, "start_date": "1998-09-01", "end_date": "1990-07-01", "cadre": own_cadre.pk},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert not EducationRecord.objects.exists()


def test_a_cadre_reads_but_may_not_write_through_the_api(as_user, org_staff, cadre_user, own_cadre):
    services.family_member_create(actor=org_staff, cadre=own_cadre, data=WIFE)
    client = as_user(cadre_user)

    read = client.get("/api/family-members/").json()
    write = client.post(
        "/api/family-members/",
        {**WIFE, "birth_date": "1982-05-14", "cadre": own_cadre.pk},
        content_type="application/json",
    )

    assert [row["name"] for row in read["results"]] == ["李华"]
    assert write.status_code == 403
    assert FamilyMember.objects.count() == 1
