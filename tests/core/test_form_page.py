"""The page kit's class-based form page (``core.pages.FormPage``): one small page of this module's own, renaming
a unit through a stand-in service, walked through every path of ``form_page`` it is built on.

The page is mounted beside the project's URLs (``pytest.mark.urls``), so that the base template's links resolve.
"""

import pytest
from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.urls import include, path, reverse

from cadres import selectors
from cadres.models import Unit
from core.pages import FormPage

STALE_MESSAGE = "该单位在您打开编辑页面之后已被修改，为免覆盖他人的修改，本次未保存。请重新打开后再编辑。"


class UnitNameForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name"]


def rename_unit(*, unit: Unit, name: str) -> Unit:
    """The stand-in service: refuses the name "拒绝" on the field, else writes the new name."""
    if name == "拒绝":
        raise ValidationError({"name": "该名称不可用。"})
    unit.name = name
    unit.save()
    return unit


class UnitRename(FormPage):
    form_class = UnitNameForm
    selector = selectors.unit_get
    title = "单位改名"
    success_url = "cadres:unit_tree"
    success_message = "已改名。"

    def save(self, data):
        return rename_unit(unit=self.object, name=data["name"])


def dissolved_refusal(unit: Unit) -> str:
    """The stand-in rule: a unit whose name says 撤销 is locked."""
    return "该单位已撤销，不能再改名。" if "撤销" in unit.name else ""


class LockedUnitRename(UnitRename):
    lock = dissolved_refusal


urlpatterns = [
    path("kit/units/<int:pk>/rename/", UnitRename.as_view(), name="kit_unit_rename"),
    path("kit/units/<int:pk>/rename-unless-dissolved/", LockedUnitRename.as_view(), name="kit_locked_rename"),
    path("", include("config.urls")),
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def township(county):
    return county["township"]


def rename_url(unit: Unit) -> str:
    return reverse("kit_unit_rename", args=[unit.pk])


def opened_version(client, unit: Unit) -> str:
    """The version the edit form carries back, as the browser would send it."""
    return client.get(rename_url(unit)).context["form"]["version"].value()


def test_get_renders_the_kit_form_with_a_copy_of_the_record_and_its_version(as_user, org_staff, township):
    response = as_user(org_staff).get(rename_url(township))

    assert response.status_code == 200
    assert response.templates[0].name == "core/form.html"
    assert response.context["page_title"] == "单位改名"
    assert response.context["back_url"] == reverse("cadres:unit_tree")
    form = response.context["form"]
    assert form.instance == township
    assert form.instance is not township
    assert form["name"].value() == "如龙镇"
    assert form["version"].value() == township.updated_at.isoformat()


def test_invalid_post_shows_the_field_errors_and_writes_nothing(as_user, org_staff, township):
    client = as_user(org_staff)

    response = client.post(rename_url(township), {"name": "", "version": opened_version(client, township)})

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["该字段是必填项。"]}
    assert Unit.objects.get(pk=township.pk).name == "如龙镇"


def test_the_services_refusal_becomes_a_field_message_and_nothing_is_written(as_user, org_staff, township):
    client = as_user(org_staff)

    response = client.post(rename_url(township), {"name": "拒绝", "version": opened_version(client, township)})

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["该名称不可用。"]}
    assert Unit.objects.get(pk=township.pk).name == "如龙镇"


def test_a_save_goes_to_the_success_url_with_the_success_message(as_user, org_staff, township):
    client = as_user(org_staff)

    response = client.post(
        rename_url(township), {"name": "如龙乡", "version": opened_version(client, township)}, follow=True
    )

    assert response.redirect_chain == [(reverse("cadres:unit_tree"), 302)]
    assert [str(message) for message in response.context["messages"]] == ["已改名。"]
    assert Unit.objects.get(pk=township.pk).name == "如龙乡"


@pytest.mark.parametrize(
    ("next_url", "goes_to"),
    [
        ("/cadres/?q=1", "/cadres/?q=1"),
        ("https://evil.example/", None),
        ("//evil.example/", None),
    ],
)
def test_a_save_follows_a_local_next_and_ignores_any_other(as_user, org_staff, township, next_url, goes_to):
    client = as_user(org_staff)

    response = client.post(
        rename_url(township), {"name": "如龙乡", "version": opened_version(client, township), "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == (goes_to or reverse("cadres:unit_tree"))


def test_a_cadre_is_refused_with_403_and_a_stranger_is_sent_to_log_in(client, as_user, cadre_user, township):
    assert as_user(cadre_user).get(rename_url(township)).status_code == 403
    assert as_user(cadre_user).post(rename_url(township), {"name": "如龙乡"}).status_code == 403

    anonymous = client.get(rename_url(township))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert Unit.objects.get(pk=township.pk).name == "如龙镇"


def test_a_record_out_of_the_users_scope_answers_404(as_user, unit_hr, county):
    organ = county["organ"]

    assert as_user(unit_hr).get(rename_url(organ)).status_code == 404
    assert as_user(unit_hr).post(rename_url(organ), {"name": "县财政所"}).status_code == 404
    assert Unit.objects.get(pk=organ.pk).name == "县财政局"


def test_an_edit_opened_before_someone_elses_change_is_refused(as_user, org_staff, township):
    client = as_user(org_staff)
    version = opened_version(client, township)
    rename_unit(unit=Unit.objects.get(pk=township.pk), name="如龙乡")

    response = client.post(rename_url(township), {"name": "如龙镇人民政府", "version": version})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [STALE_MESSAGE]
    assert Unit.objects.get(pk=township.pk).name == "如龙乡"


def test_a_locked_record_opens_no_form_and_goes_back_with_the_reason(as_user, org_staff, township):
    township.name = "如龙镇（已撤销）"
    township.save()
    response = as_user(org_staff).get(reverse("kit_locked_rename", args=[township.pk]))

    assert (response.status_code, response["Location"]) == (302, reverse("cadres:unit_tree"))
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["该单位已撤销，不能再改名。"]


def test_a_post_to_a_locked_record_writes_nothing_and_goes_back_to_a_safe_next(as_user, org_staff, township):
    township.name = "如龙镇（已撤销）"
    township.save()
    url = reverse("kit_locked_rename", args=[township.pk])
    response = as_user(org_staff).post(url, {"name": "新名", "next": "/cadres/?q=1"})

    township.refresh_from_db()
    assert (response.status_code, response["Location"], township.name) == (302, "/cadres/?q=1", "如龙镇（已撤销）")
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["该单位已撤销，不能再改名。"]


def test_a_record_its_lock_lets_through_opens_the_form_as_before(as_user, org_staff, township):
    response = as_user(org_staff).get(reverse("kit_locked_rename", args=[township.pk]))
    assert (response.status_code, response.context["form"]["name"].value()) == (200, "如龙镇")
