"""The page kit's one-step button (``core.pages.ButtonAction``): one small action of this module's own,
closing a unit to new cadres through a stand-in service, walked through every path.

The action is mounted beside the project's URLs (``pytest.mark.urls``), so that the pages it returns to resolve.
"""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.urls import include, path, reverse

from cadres import selectors
from cadres.models import Unit
from core.pages import ButtonAction


def rename_unit(*, unit: Unit, name: str) -> Unit:
    """The stand-in service: refuses a unit already named so, else writes the new name."""
    if unit.name == name:
        raise ValidationError(f"{unit.name}已是此名称。")
    unit.name = name
    unit.save()
    return unit


class UnitRenameToTown(ButtonAction):
    selector = selectors.unit_get
    success_url = "cadres:unit_tree"

    def get_success_message(self):
        return lambda unit: f"{unit.name}已改名。"

    def act(self):
        return rename_unit(unit=self.object, name="如龙乡")


urlpatterns = [
    path("kit/units/<int:pk>/rename-to-town/", UnitRenameToTown.as_view(), name="kit_unit_rename_to_town"),
    path("", include("config.urls")),
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def township(county):
    return county["township"]


def action_url(unit: Unit) -> str:
    return reverse("kit_unit_rename_to_town", args=[unit.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_action_calls_the_service_and_returns_with_its_message(as_user, org_staff, township):
    response = as_user(org_staff).post(action_url(township), follow=True)

    assert response.redirect_chain == [(reverse("cadres:unit_tree"), 302)]
    assert messages_of(response) == ["如龙乡已改名。"]
    assert Unit.objects.get(pk=township.pk).name == "如龙乡"


def test_a_refusal_returns_as_an_error_message_and_writes_nothing(as_user, org_staff, township):
    rename_unit(unit=township, name="如龙乡")
    history = township.history.count()

    response = as_user(org_staff).post(action_url(township), follow=True)

    assert response.redirect_chain == [(reverse("cadres:unit_tree"), 302)]
    assert messages_of(response) == ["如龙乡已是此名称。"]
    assert township.history.count() == history


@pytest.mark.parametrize(
    ("next_url", "goes_to"),
    [("/cadres/units/?q=1", "/cadres/units/?q=1"), ("https://evil.example/", None), ("//evil.example/", None)],
)
def test_the_action_returns_to_a_local_next_and_ignores_any_other(as_user, org_staff, township, next_url, goes_to):
    response = as_user(org_staff).post(action_url(township), {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == (goes_to or reverse("cadres:unit_tree"))


def test_a_get_is_refused_with_405_and_changes_nothing(as_user, org_staff, township):
    assert as_user(org_staff).get(action_url(township)).status_code == 405
    assert Unit.objects.get(pk=township.pk).name == "如龙镇"


def test_a_cadre_is_refused_with_403_and_a_stranger_is_sent_to_log_in(client, as_user, cadre_user, township):
    assert as_user(cadre_user).post(action_url(township)).status_code == 403

    anonymous = client.post(action_url(township))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert Unit.objects.get(pk=township.pk).name == "如龙镇"


def test_a_record_out_of_the_users_scope_answers_404(as_user, unit_hr, county):
    assert as_user(unit_hr).post(action_url(county["organ"])).status_code == 404
    assert Unit.objects.get(pk=county["organ"].pk).name == "县财政局"
