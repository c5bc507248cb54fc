"""Every list page built from the page kit, found from the URL conf: it answers, pages safely, and exports.

The pages are not listed by hand: any view of a ``core.pages.ListPage`` subclass with no URL argument is
walked, so that a new app's list is covered the day it is added. The data is a small demo county
(``seed_demo``), seeded once for the module inside a transaction that is rolled back at the end.
"""

import pytest
from django.db import transaction
from django.test.utils import CaptureQueriesContext

from core.pages import ListPage
from tests.seeding import module_demo_county
from tests.sheets import exported_table
from tests.urlconf import routed_views


def kit_list_pages() -> list[str]:
    """The URL paths of every kit list page without URL arguments (export-only aliases left out)."""
    found = []
    for route, callback in routed_views():
        view_class = getattr(callback, "view_class", None)
        initkwargs = getattr(callback, "view_initkwargs", {})
        if view_class and issubclass(view_class, ListPage) and not initkwargs.get("export_only") and "<" not in route:
            found.append("/" + route.lstrip("^").rstrip("$"))
    return sorted(found)


LIST_PAGES = kit_list_pages()


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    """A small demo county with every area's records, shared by this module's tests and rolled back after."""
    with module_demo_county(django_db_blocker, cadres=150, seed=7):
        yield


@pytest.fixture
def staff(demo_county, db, as_user):
    from accounts.models import User

    return as_user(User.objects.get(username="orgstaff"))


def test_the_url_conf_has_the_kit_list_pages_of_every_app():
    apps = {path.strip("/").split("/")[0] for path in LIST_PAGES}

    assert {"cadres"} <= apps
    assert "/cadres/" in LIST_PAGES


@pytest.mark.parametrize("path", LIST_PAGES)
def test_list_page_answers_and_survives_bad_page_numbers(staff, path):
    response = staff.get(path)
    assert response.status_code == 200
    table = response.context["table"]
    last_page = table.paginator.num_pages

    past_end = staff.get(path, {"page": "999999"})
    not_a_number = staff.get(path, {"page": "abc"})

    assert past_end.status_code == 200
    assert past_end.context["table"].page.number == last_page
    assert not_a_number.status_code == 200
    assert not_a_number.context["table"].page.number == 1


@pytest.mark.parametrize("path", LIST_PAGES)
@pytest.mark.parametrize("per_page", ["-5", "0", "100000", "abc"])
def test_a_page_size_the_page_does_not_offer_shows_the_first_page_of_25(staff, path, per_page):
    response = staff.get(path, {"per_page": per_page})

    assert response.status_code == 200
    assert (response.context["table"].paginator.per_page, response.context["table"].page.number) == (25, 1)


@pytest.mark.parametrize("path", LIST_PAGES)
def test_list_export_is_an_xlsx_whose_header_row_is_the_visible_columns(staff, path):
    page = staff.get(path)
    visible = [str(column.header) for column in page.context["table"].columns if not column.column.exclude_from_export]

    response = staff.get(path, {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    header, rows = exported_table(response.content)
    assert header == ["序号", *visible]
    assert len(rows) == page.context["total"]


@pytest.mark.parametrize("path", LIST_PAGES)
def test_list_page_query_count_is_the_same_at_10_and_50_rows(staff, path, monkeypatch):
    """Issue 9, acceptance 3: the same number of queries for a page of 10 rows and one of 50 (the demo
    county's shorter lists show all they have)."""
    monkeypatch.setattr(ListPage, "per_page_choices", (10, 50))
    with CaptureQueriesContext(transaction.get_connection()) as few:
        small = staff.get(path, {"per_page": 10})
    with CaptureQueriesContext(transaction.get_connection()) as many:
        large = staff.get(path, {"per_page": 50})

    total = small.context["total"]
    shown = (len(small.context["table"].page.object_list), len(large.context["table"].page.object_list))
    assert shown == (min(10, total), min(50, total))
    assert len(few.captured_queries) == len(many.captured_queries), shown
