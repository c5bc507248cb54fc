"""Hardening 14.4: paging never drops or repeats a row, whatever the ordering.

On PostgreSQL, rows that tie on the ordering columns come back in any order from one LIMIT/OFFSET query to
the next, so every ordering of every list must end with the primary key. These tests walk every API list
endpoint with every ordering it offers (``ordering_fields``, both directions) and every kit list page with
every sortable column (both directions), page by page, and check that each id appears exactly once. The
endpoints and pages are found from the URL conf, so a new list is covered the day it is added. The data
is a small demo county (many cadres share a rank, a unit, a birth year), seeded once for the module.
"""

import json
from collections import Counter

import pytest
from django.db import connection
from django.http import HttpResponse

from core.api.pagination import StandardPagination
from core.pages import ListPage
from tests.seeding import module_demo_county
from tests.urlconf import routed_views

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="ties come back in any order on PostgreSQL only"),
]

API_PAGE_SIZE = 50
PAGE_SIZE = 25
# The page size each walk uses, by path (the module's county does not change): found by one request per list.
_PAGE_SIZES: dict[str, int] = {}


def _routes():
    """(path, callback) of every URL pattern without arguments."""

    for route, callback in routed_views():
        if "<" not in route and "(?P" not in route:
            yield "/" + route.replace("^", "").replace("$", ""), callback


def _identity(row: dict):
    """A row's id, or (a list of computed rows with no id of their own) its whole content."""
    return row.get("id") or json.dumps(row, sort_keys=True, ensure_ascii=False)


def api_orderings() -> list[tuple[str, str]]:
    """(path, ordering) of every API list endpoint: its default ordering ("") and each offered field both ways."""
    found = set()
    for path, callback in _routes():
        view_class = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None) or {}
        if view_class is None or actions.get("get") != "list" or not path.startswith("/api/"):
            continue
        fields = getattr(view_class, "ordering_fields", None) or []
        found.add((path, ""))
        found.update((path, f"{sign}{field}") for field in fields for sign in ("", "-"))
    return sorted(found)


def page_sorts() -> list[tuple[str, str]]:
    """(path, sort) of every kit list page: its default order ("") and each sortable column both ways."""
    found = set()
    for path, callback in _routes():
        view_class = getattr(callback, "view_class", None)
        if view_class is None or not issubclass(view_class, ListPage):
            continue
        if getattr(callback, "view_initkwargs", {}).get("export_only"):
            continue
        table_class = view_class.table_class
        found.add((path, ""))
        if not isinstance(table_class, type):  # a table chosen per request: its default order only
            continue
        for name, column in table_class.base_columns.items():
            if column.orderable is not False and getattr(table_class._meta, "orderable", True):
                found.update((path, f"{sign}{name}") for sign in ("", "-"))
    return sorted(found)


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    with module_demo_county(django_db_blocker, cadres=150, seed=7):
        yield


@pytest.fixture
def staff(demo_county, db, as_user):
    from accounts.models import User

    return as_user(User.objects.get(username="orgstaff"))


def test_the_walks_cover_the_lists_of_every_app():
    api_apps = {path.split("/")[2] for path, _ordering in api_orderings()}
    page_apps = {path.split("/")[1] for path, _sort in page_sorts()}

    assert ("/api/cadres/", "rank") in api_orderings()
    assert {"cadres", "careers", "training", "postings", "care"} <= api_apps
    assert {"cadres", "careers", "training", "postings", "care", "rewards"} <= page_apps


def _api_page_size(staff, path) -> int:
    """API_PAGE_SIZE, or for a list long enough to fill 8 of them (the demo's enrolments: 7,000 rows) the
    largest page the API allows, so that a long walk takes a few dozen requests, not 140."""
    if path not in _PAGE_SIZES:
        response = staff.get(path, {"page_size": 1})
        count = response.json().get("count", 0) if response.status_code == 200 else 0
        largest = StandardPagination.max_page_size
        _PAGE_SIZES[path] = largest if count >= 8 * largest else API_PAGE_SIZE
    return _PAGE_SIZES[path]


@pytest.mark.parametrize(("path", "ordering"), api_orderings())
def test_api_paging_gives_every_row_once(staff, path, ordering):
    ids, url, params = (
        [],
        path,
        {"page_size": _api_page_size(staff, path), **({"ordering": ordering} if ordering else {})},
    )
    while url:
        response = staff.get(url, params)
        if response.status_code == 400 and not ids:
            pytest.skip(f"the list needs a filter to answer: {response.content[:200]!r}")
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        if not isinstance(body, dict) or "results" not in body:
            pytest.skip("not a paged list")
        ids += [_identity(row) for row in body["results"]]
        url, params = body["next"], {}

    repeated = {key: n for key, n in Counter(ids).items() if n > 1}
    assert repeated == {}
    assert len(ids) == body["count"]


def _page_size(staff, path, tables_shown) -> int:
    """The largest page size a list page offers that still cuts the list into at least 8 pages (PAGE_SIZE for
    a short list), so that a long list is walked in a few dozen requests and a short one still has boundaries."""
    if path not in _PAGE_SIZES:
        response = staff.get(path, {"per_page": PAGE_SIZE})
        count = tables_shown[-1].paginator.count if response.status_code == 200 else 0
        _PAGE_SIZES[path] = max((size for size in ListPage.per_page_choices if count >= 8 * size), default=PAGE_SIZE)
    return _PAGE_SIZES[path]


@pytest.fixture
def tables_shown(monkeypatch) -> list:
    """The table each list page would render, in order; the page's HTML is not rendered (three quarters of a
    request's time, and irrelevant here: the rows of a page are chosen before the template runs)."""
    shown = []

    def render_table_only(request, template_name, context):
        shown.append(context["table"])
        return HttpResponse()

    monkeypatch.setattr("core.pages.render", render_table_only)
    return shown


@pytest.mark.parametrize(("path", "sort"), page_sorts())
def test_list_page_paging_gives_every_row_once(staff, tables_shown, path, sort):
    ids, page, last_page, per_page = [], 1, 1, _page_size(staff, path, tables_shown)
    while page <= last_page:
        response = staff.get(path, {"per_page": per_page, "page": page, **({"sort": sort} if sort else {})})
        assert response.status_code == 200
        table = tables_shown[-1]
        ids += [getattr(row.record, "pk", id(row.record)) for row in table.page.object_list]
        last_page, page = table.paginator.num_pages, page + 1

    repeated = {key: n for key, n in Counter(ids).items() if n > 1}
    assert repeated == {}
    assert len(ids) == table.paginator.count
