"""Every kit page in the URL conf writes the hook its base leaves to it (ListPage.get_queryset, FormPage.save,
ButtonAction.act); the base's own refuses with a message that names the page class."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.pages import ButtonAction, FormPage, ListPage
from tests.urlconf import routed_views

HOOKS = ((ListPage, "get_queryset"), (FormPage, "save"), (ButtonAction, "act"))


def kit_pages() -> list[tuple[str, type, str]]:
    """(route, view class, hook name) of every class-based kit page the URL conf serves."""
    return [
        (route, view_class, hook)
        for route, callback in routed_views()
        if (view_class := getattr(callback, "view_class", None))
        for base, hook in HOOKS
        if issubclass(view_class, base)
    ]


PAGES = kit_pages()


def test_the_url_conf_serves_kit_pages_of_each_kind():
    assert {hook for _route, _view, hook in PAGES} == {"get_queryset", "save", "act"}


@pytest.mark.parametrize(("route", "view_class", "hook"), PAGES, ids=[route for route, _v, _h in PAGES])
def test_every_kit_page_writes_its_hook(route, view_class, hook):
    base = next(base for base, name in HOOKS if name == hook)

    assert getattr(view_class, hook) is not getattr(base, hook), f"{view_class.__name__} ({route}) has no {hook}()"


def test_a_page_without_its_hook_names_itself_and_the_hook():
    class Forgotten(ButtonAction):
        pass

    with pytest.raises(ImproperlyConfigured, match=r"^Forgotten must define act\(\) \(ButtonAction's hook\)\.$"):
        Forgotten().act()
