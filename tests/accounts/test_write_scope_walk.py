"""Hardening 14.6: no write reaches a unit or cadre outside the writer's scope, whichever endpoint it takes.

As a unit HR user of the demo county (``unithr``, one township), the walk finds every write of the REST API
(every POST, PUT, PATCH and DELETE operation drf-spectacular lists) and every page form (the forms the pages
render, posted to where their HTML posts them), and in each:

- every field that names a record within a scope (a related field or model choice field over ``Unit``,
  ``Cadre`` or a record of one, pickers included, and id fields named after such a model: ``cadre``,
  ``enrolment``, ``candidates``) gets a record outside the user's scope, the rest of the payload being the
  record as it stands (a change) or nothing (a creation): the API answers 400 with an error on that field,
  a page its form again with an error on that field (or, for an action form, the page with an error
  message), and not one row is written;
- every id in the URL that names a record gets a record outside the user's scope: the answer is 404 (403
  where the endpoint is closed to unit HR, 405 for a page that takes no POST), and not one row is written.
  Which model an id names is read from the query the view runs with it.

Nothing is listed by hand but the exceptions below, with their reasons: a new endpoint, form or field is walked
the day it is added. "Not one row" is read from the database itself (SQLite's ``total_changes``,
PostgreSQL's ``pg_stat_xact_user_tables``).
"""

import functools
import re
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.contrib.messages import ERROR
from django.db import connection
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework import relations, serializers
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from accounts import policy
from accounts.models import User
from cadres.models import Unit
from tests.api import error_messages
from tests.seeding import module_demo_county
from tests.urlconf import routed_views

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
SENTINEL = 987_654_300  # URL ids that name nothing; each argument gets its own (SENTINEL + position)
# Fields that may name a unit outside the writer's scope, and why.
ANYWHERE = {
    # Domain rules §7: a posting sends a cadre from the home unit to any unit or village of the county (a
    # county↔township exchange, a first secretary in another township's village); the home side writes it.
    "host_unit": "the receiving unit of a posting",
}
# Pages outside the walk: the framework's own (the admin has its own tests), logging in and out, the language.
SKIPPED_PREFIXES = ("/api/", "/admin/", "/i18n/", "/accounts/", "/health/")


# ---------------------------------------------------------------- the county and its unit HR user


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    with module_demo_county(django_db_blocker, cadres=120, seed=7):
        yield


@pytest.fixture
def unit_hr(demo_county, db):
    return User.objects.get(username="unithr")


def rows_written() -> int:
    """Rows inserted, updated or deleted so far by this connection (the test's transaction included)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables")
            return int(cursor.fetchone()[0])
    return connection.connection.total_changes


def outside(model, user):
    """A record of ``model`` the user may not see (None when the model is not scoped, or all are seen)."""
    try:
        seen = policy.restrict(model._default_manager.all(), user)
    except LookupError:
        return None
    rows = model._default_manager.exclude(pk__in=seen.values("pk"))
    if model is Unit:
        rows = rows.exclude(parent=None)  # a unit of another township, not the county itself
    return rows.order_by("pk").first()


def inside(model, user):
    """A record of ``model`` the user may change (any record when the model is not scoped)."""
    try:
        rows = policy.restrict(model._default_manager.all(), user, policy.Action.CHANGE)
    except LookupError:
        rows = model._default_manager.all()
    return rows.order_by("pk").first()


# ---------------------------------------------------------------- which record an URL id names


@contextmanager
def queries():
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((sql, list(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def named_by(seen, value) -> tuple[type, str] | None:
    """(model, attribute) the first query compared with ``value``, read from the SQL around its placeholder."""
    tables = {model._meta.db_table: model for model in apps.get_models()}
    for sql, params in seen:
        if value not in params:
            continue
        before = sql.split("%s")[params.index(value)]
        match = re.search(r'"(\w+)"\."(\w+)"\s*(?:=|IN\s*\()\s*$', before)
        if match and match.group(1) in tables:
            model = tables[match.group(1)]
            columns = {field.column: field.attname for field in model._meta.concrete_fields}
            return model, columns[match.group(2)]
    return None


class UrlIds:
    """The int arguments of one route: which model each names, and values inside or outside the scope."""

    def __init__(self, names: list[str]):
        self.names = names
        self.targets: dict[str, tuple[type, str] | None] = {}

    def sentinels(self) -> dict[str, int]:
        return {name: SENTINEL + position for position, name in enumerate(self.names)}

    def learn(self, seen) -> None:
        for name, value in self.sentinels().items():
            self.targets[name] = named_by(seen, value)

    def value(self, name, record) -> int | None:
        target = self.targets.get(name)
        return None if target is None or record is None else getattr(record, target[1])

    def inside(self, user) -> dict[str, int] | None:
        values = {}
        for name in self.names:
            target = self.targets.get(name)
            values[name] = self.value(name, inside(target[0], user)) if target else None
            if values[name] is None:
                return None
        return values

    def outside(self, user, name) -> int | None:
        target = self.targets.get(name)
        return self.value(name, outside(target[0], user)) if target else None


# ---------------------------------------------------------------- the API's writes


@functools.cache
def api_operations() -> tuple[tuple[str, str, object], ...]:
    """(path template, method, request serializer) of every write operation in the OpenAPI schema."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    found = []
    for path, _regex, method, view in generator._get_paths_and_endpoints():
        if method in WRITE_METHODS:
            view.schema.path, view.schema.method = path, method
            found.append((path, method, view.schema.get_request_serializer()))
    return tuple(found)


def named_fields(serializer_class, user) -> dict[str, tuple[type, bool]]:
    """Field name → (model, many) for every field that names a record within a scope: a unit, a cadre, or a
    record of one (a relation, or an id field named after the model)."""
    if isinstance(serializer_class, serializers.ListSerializer):
        serializer_class = type(serializer_class.child)
    elif isinstance(serializer_class, serializers.BaseSerializer):
        serializer_class = type(serializer_class)
    if not isinstance(serializer_class, type) or not issubclass(serializer_class, serializers.BaseSerializer):
        return {}
    request = Request(APIRequestFactory().post("/"))
    request.user = user
    serializer = serializer_class(context={"request": request})
    found = {}
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        many = isinstance(field, (relations.ManyRelatedField, serializers.ListField))
        item = field.child_relation if isinstance(field, relations.ManyRelatedField) else field
        item = field.child if isinstance(field, serializers.ListField) else item
        if isinstance(item, serializers.RelatedField):
            queryset = item.get_queryset()
            model = queryset.model if queryset is not None else None
        elif isinstance(item, serializers.IntegerField):
            model = model_named(name)  # an id field: "cadre", "enrolment", "candidates"
        else:
            model = None
        if model is not None and is_scoped(model) and name not in ANYWHERE:
            found[name] = (model, many)
    return found


def is_scoped(model) -> bool:
    """Whether the policy limits this model to a scope (it reaches a cadre or a unit)."""
    try:
        policy.path_of(model)
    except LookupError:
        return False
    return True


def model_named(name: str):
    """The scoped model an id field names: ``cadre`` → Cadre, ``candidates`` → AwardCandidate (one match)."""
    stem = re.sub(r"(_ids?|s)$", "", name).replace("_", "")
    matches = [model for model in apps.get_models() if model._meta.model_name.endswith(stem) and is_scoped(model)]
    exact = [model for model in matches if model._meta.model_name == stem]
    return (exact or matches)[0] if len(exact or matches) == 1 else None


def fill(template: str, values: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: str(values[match.group(1)]), template)


def api_write_cases():
    return [pytest.param(path, method, id=f"{method} {path}") for path, method, _serializer in api_operations()]


@pytest.mark.parametrize(("template", "method"), api_write_cases())
def test_api_write_refuses_units_and_cadres_outside_the_writers_scope(unit_hr, template, method):
    serializer_class = next(found for path, verb, found in api_operations() if (path, verb) == (template, method))
    client = APIClient()
    client.force_authenticate(unit_hr)
    send = getattr(client, method.lower())
    ids = UrlIds(re.findall(r"\{(\w+)\}", template))

    if ids.names:
        with queries() as seen:
            first = send(fill(template, ids.sentinels()), {}, format="json")
        ids.learn(seen)
        if first.status_code == 403:
            return _assert_closed(send, template, ids, unit_hr)
        for name in ids.names:
            value = ids.outside(unit_hr, name)
            values = ids.inside(unit_hr)
            if value is None or values is None:
                continue
            before = rows_written()
            response = send(fill(template, {**values, name: value}), {}, format="json")
            assert (name, response.status_code) == (name, 404), response.content[:300]
            assert rows_written() == before

    values = ids.inside(unit_hr) if ids.names else {}
    if method == "DELETE" or values is None:
        return
    url = fill(template, values)
    fields = named_fields(serializer_class, unit_hr)
    current = client.get(url) if method in ("PUT", "PATCH") else None
    base = current.json() if current is not None and current.status_code == 200 else {}
    for name, (model, many) in fields.items():
        record = outside(model, unit_hr)
        if record is None:
            continue  # every record of the kind is in scope: nothing to probe with
        payload = {**base, name: [record.pk] if many else record.pk}
        before = rows_written()
        response = send(url, payload, format="json")
        if response.status_code == 403:
            assert rows_written() == before
            continue
        assert (name, response.status_code) == (name, 400), response.content[:300]
        assert name in error_messages(response)
        assert rows_written() == before


def _assert_closed(send, template, ids, user):
    """An endpoint closed to the user: 403 or 404 whatever the ids, and nothing written."""
    for name in ids.names:
        value = ids.outside(user, name)
        values = ids.inside(user) or ids.sentinels()
        if value is None:
            continue
        before = rows_written()
        response = send(fill(template, {**values, name: value}), {}, format="json")
        assert response.status_code in (403, 404)
        assert rows_written() == before


# ---------------------------------------------------------------- the pages' forms


def page_routes() -> list[tuple[str, list[str], list[str]]]:
    """(route template, int argument names, str argument names) of every page outside the API and admin."""

    found = []
    for route in ("/" + route for route, _callback in routed_views()):
        if route.startswith(SKIPPED_PREFIXES) or "(?P" in route:
            continue
        found.append((route, re.findall(r"<int:(\w+)>", route), re.findall(r"<str:(\w+)>", route)))
    return found


class Forms(HTMLParser):
    """The POST forms of a page: their action and the names of their controls."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._current = (attrs.get("action") or "", set())
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea") and self._current is not None and attrs.get("name"):
            self._current[1].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def rendered_forms(response) -> list[forms.BaseForm]:
    found = []
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else context.values():
            if isinstance(value, forms.BaseForm) and value not in found:
                found.append(value)
            elif isinstance(value, forms.BaseFormSet):
                found.extend(form for form in value.forms if form not in found)
    return found


def page_form_fields(response) -> list[tuple[forms.BaseForm, str, type]]:
    """(form, field name, model) of every field of the page's forms that names a record within a scope."""
    found = []
    for form in rendered_forms(response):
        for name, field in form.fields.items():
            if name in ANYWHERE or field.disabled:  # a disabled field ignores what is posted
                continue
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                model = field.queryset.model
            elif isinstance(field, forms.IntegerField):
                model = model_named(name)
            else:
                model = None
            if model is not None and is_scoped(model):
                found.append((form, name, model))
    return found


def posted_values(form: forms.BaseForm) -> dict:
    """What the browser would send for the form as rendered (its initial values)."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or isinstance(bound.field, forms.FileField):
            continue
        if isinstance(value, (list, tuple)):
            data[bound.html_name] = [getattr(item, "pk", item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = getattr(value, "pk", value)
    return data


def page_write_cases():
    return [pytest.param(route, ints, strs, id=route) for route, ints, strs in page_routes()]


STR_ARGUMENTS = {"action": "approve", "key": "cadres"}


def route_url(route: str, values: dict) -> str:
    values = {**STR_ARGUMENTS, **values}
    return re.sub(r"<(?:int|str):(\w+)>", lambda match: str(values[match.group(1)]), route)


@pytest.mark.parametrize(("route", "ints", "strs"), page_write_cases())
def test_page_form_refuses_units_and_cadres_outside_the_writers_scope(unit_hr, route, ints, strs):
    client = Client()
    client.force_login(unit_hr)
    ids = UrlIds(ints)

    if ids.names:
        with queries() as seen:
            first = client.get(route_url(route, ids.sentinels()))
            if first.status_code == 405:
                client.post(route_url(route, ids.sentinels()), {})
        ids.learn(seen)
        for name in ids.names:
            value = ids.outside(unit_hr, name)
            values = ids.inside(unit_hr) or ids.sentinels()
            if value is None:
                continue
            before = rows_written()
            response = client.post(route_url(route, {**values, name: value}), {})
            # 404; 403 for a page closed to unit HR; 405 for a page that takes no POST (a list).
            assert (name, response.status_code) in ((name, 404), (name, 403), (name, 405)), response.content[:300]
            assert rows_written() == before

    values = ids.inside(unit_hr) if ids.names else {}
    if values is None:
        return
    url = route_url(route, values)
    page = client.get(url)
    if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
        return
    parser = Forms()
    parser.feed(page.content.decode())
    for form, name, model in page_form_fields(page):
        html_name = form[name].html_name
        action = next((action for action, names in parser.forms if html_name in names), None)
        if action is None:
            continue  # a form the page shows but does not post (a filter)
        record = outside(model, unit_hr)
        if record is None:
            continue  # every record of the kind is in scope: nothing to probe with
        many = isinstance(form.fields[name], forms.ModelMultipleChoiceField)
        data = {**posted_values(form), html_name: [record.pk] if many else record.pk}
        before = rows_written()
        response = client.post(action or url, data, follow=True)
        assert (html_name, response.status_code) == (html_name, 200)
        if response.redirect_chain:  # an action form on a page: back to the page, with the refusal
            refusals = [str(message) for message in response.context["messages"] if message.level == ERROR]
            assert (html_name, len(refusals) >= 1) == (html_name, True), response.redirect_chain
        else:
            same_forms = [posted for posted in rendered_forms(response) if posted.__class__ is form.__class__]
            assert name in {field for posted in same_forms for field in posted.errors}
        assert rows_written() == before
