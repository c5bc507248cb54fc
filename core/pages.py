"""The page kit: every list, export and form page of every app is built from these few pieces.

Modelled on NetBox's generic object views (one list view, one edit view that each model plugs into with
its own filterset, table and form), kept to what this project needs. See README, "Adding a list page" and
"Adding a form page".

A list page (``ListPage``) is a small class an app writes::

    class MeasureList(ListPage):
        title = _("有效的组织处理与处分")
        table_class = MeasureTable                  # django-tables2, from core.tables.KitTable
        filterset_class = AccountabilityRecordFilter

        def get_queryset(self):                     # the user-scoped rows, from a selector
            return selectors.active_measure_list(user=self.request.user, on_date=timezone.localdate())

    path("measures/", MeasureList.as_view(), name="measure_list")

and gets: the filter card (filters kept in the URL), sorting with an arrow and the primary key as the last
tie-breaker (stable paging), 序号, "暂无记录", pagination that survives bad page numbers, the total,
the "new" button where the user may write, a column choice kept in the URL (``cols``), and ``?export=xlsx``:
the same rows and the same columns as an office-ready Excel file, at once when small, as a background job
with a progress bar above ``settings.LIST_EXPORT_INLINE_MAX_ROWS``.

A form page (``FormPage``, a small class like ``ListPage``, or the function ``form_page`` it is built on)
validates, calls a service, turns the service's refusal into field messages, refuses an edit of a record
changed since the form was opened, and redirects to a safe local ``next`` URL or the page's own success URL.
A button's one-step action (approve, withdraw, change a state) is a ``ButtonAction``: POST only, its refusal
shown as messages on the page it returns to. Every page that calls a service does it through ``call_service``:
one way to run it in a savepoint and to show its success or its refusal.
"""

import copy
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_tables2 import RequestConfig
from django_tables2.data import TableQuerysetData
from django_tables2.rows import BoundRow

from core.access import require_staff
from core.digits import whole_number
from core.filters import describe_filters, style_filter_form
from core.integrity import add_refusal_to_form
from core.ordering import with_tie_breaker
from core.tables import cell_function
from core.versions import VERSION_FIELD, check_version, version_of

EXPORT_PARAMETER = "export"
COLUMNS_PARAMETER = "cols"
# Query parameters that steer the page, not the rows: the filter card and the job keep them out of filters.
PAGE_PARAMETERS = ("page", "per_page", "sort", COLUMNS_PARAMETER, EXPORT_PARAMETER)


class ListPage(LoginRequiredMixin, View):
    """One list page with its filters, table, pagination and Excel export. Subclass and set the attributes.

    Attributes an app sets: ``title``, ``table_class``, ``get_queryset()``; optionally ``filterset_class`` (a
    django-filter FilterSet applied to the rows, or a plain Form whose values ``get_queryset`` reads from
    ``self.filters``), ``create_url``/``create_label`` with ``may_create()``, ``staff_only``,
    ``template_name`` (an app template extending core/list.html and filling its blocks),
    and ``get_context_data()``. The area's sub-navigation above the page is core/navigation.py's.
    """

    title: str = ""
    table_class: type[tables.Table]
    filterset_class: type[django_filters.FilterSet] | type[forms.Form] | None = None
    template_name = "core/list.html"
    staff_only = True
    create_url = ""
    create_label = gettext_lazy("新增")
    more_actions: tuple[tuple[str, str], ...] = ()  # (URL name, label): more buttons beside "new", shown with it
    per_page_choices = (25, 50, 100, 200)
    # Multi-select filters whose default applies only when the key is absent: the card always sends them,
    # so that clearing every choice means "all" (the cadre list's 在职 default).
    send_when_empty: tuple[str, ...] = ()
    keep_parameters: tuple[str, ...] = ()  # query parameters of the page's own (a tab) that filtering keeps
    export_only = False  # as_view(export_only=True): an export URL of its own (bookmarks, old links)
    http_method_names = ["get", "head", "options"]

    # ------------------------------------------------------------ what an app overrides

    def check_access(self) -> None:
        """Refuse a user who may not open the page (PermissionDenied/Http404); rows are scoped by the selector."""
        if self.staff_only:
            require_staff(self.request)

    def get_queryset(self) -> QuerySet | list:
        """The rows the user may see (a selector's scoped queryset, or a list of report rows)."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define get_queryset() (ListPage's hook).")

    def get_title(self) -> str:
        return str(self.title)

    def may_create(self) -> bool:
        """Whether to show the "new" button: by default wherever the page names a create URL."""
        return bool(self.create_url)

    def filter_data(self) -> QueryDict:
        """The filter values: the query string without the page's own parameters (a hook for defaults)."""
        data = self.request.GET.copy()
        for key in (*PAGE_PARAMETERS, *self.keep_parameters):
            data.pop(key, None)
        return data

    def get_table_kwargs(self) -> dict:
        """Extra keyword arguments of the table (a label the table shows on every row)."""
        return {}

    def get_context_data(self) -> dict:
        """Extra context for the app's template blocks (charts, tabs, intros)."""
        return {}

    # ------------------------------------------------------------ the request

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.check_access()
        table = self.build_table()
        if self.export_only or request.GET.get(EXPORT_PARAMETER) == "xlsx":
            from core.exports import list_export_response

            return list_export_response(self, table)
        self.paginate(table)
        return render(request, self.template_name, self.page_context(table))

    def rows(self) -> QuerySet | list:
        """The scoped rows with the filters applied; none while the filters are invalid (the card says why)."""
        data = self.filter_data()
        filterset_class = self.filterset_class
        if filterset_class is not None and not issubclass(filterset_class, django_filters.FilterSet):
            self.filters = filterset_class(data)
            self.filters.is_valid()
        rows = self.get_queryset()
        if filterset_class is None:
            self.filters = None
        elif issubclass(filterset_class, django_filters.FilterSet):
            self.filters = filterset_class(data=data, queryset=rows, request=self.request)
            rows = self.filters.qs if self.filters.is_valid() else rows.none()
        elif self.filters.errors:
            rows = rows.none() if isinstance(rows, QuerySet) else []
        return rows

    @property
    def filter_form(self) -> forms.Form | None:
        filters = getattr(self, "filters", None)
        return getattr(filters, "form", filters)

    def build_table(self) -> tables.Table:
        """The table over the filtered rows, sorted as asked (primary key last), with the chosen columns shown."""
        # No request= here: django-tables2 would paginate the raw query string (a per_page of -5 or 100000)
        # before paginate() below checks it. RequestConfig gives the table its request and sort.
        table = self.table_class(self.rows(), **self.get_table_kwargs())
        chosen = set(self.request.GET.getlist(COLUMNS_PARAMETER)) & set(choosable_columns(table))
        if chosen:
            for name in choosable_columns(table):
                (table.columns.show if name in chosen else table.columns.hide)(name)
        RequestConfig(self.request, paginate=False).configure(table)
        if isinstance(table.data, TableQuerysetData):
            table.data.data = with_tie_breaker(table.data.data)
        return table

    def paginate(self, table: tables.Table) -> None:
        """One page of the table; a page number that is not one, or past the end, shows a real page."""
        try:
            per_page = int(self.request.GET.get("per_page", self.per_page_choices[0]))
        except ValueError:
            per_page = self.per_page_choices[0]
        if per_page not in self.per_page_choices:
            per_page = self.per_page_choices[0]
        page = self.request.GET.get("page", "1")
        try:
            table.paginate(page=page, per_page=per_page)
        except PageNotAnInteger:
            table.paginate(page=1, per_page=per_page)
        except EmptyPage:
            past_end = (whole_number(page) or 0) > 1
            table.paginate(page=table.paginator.num_pages if past_end else 1, per_page=per_page)

    def page_context(self, table: tables.Table) -> dict:
        filter_form = self.filter_form
        if filter_form is not None:
            style_filter_form(filter_form)
        return {
            "page_title": self.get_title(),
            "table": table,
            "filter_form": filter_form,
            "total": table.paginator.count,
            "row_offset": table.page.start_index() - 1 if table.page.object_list else 0,
            "per_page_choices": self.per_page_choices,
            "per_page": table.paginator.per_page,
            "column_choices": column_choices(table),
            "create_url": self.create_url if self.may_create() else "",
            "create_label": self.create_label,
            "more_actions": self.more_actions if self.may_create() else (),
            "send_when_empty": self.send_when_empty,
            "filter": self.filters,
            "kept_parameters": [
                (key, value)
                for key in ("sort", "per_page", COLUMNS_PARAMETER, *self.keep_parameters)
                for value in self.request.GET.getlist(key)
            ],
            **self.get_context_data(),
        }

    # ------------------------------------------------------------ export

    def export_title(self) -> str:
        return self.get_title()

    def filters_text(self) -> str:
        """The filters used, in words, for the export's title row."""
        form = self.filter_form
        return describe_filters(form) if form is not None else ""


def choosable_columns(table: tables.Table) -> list[str]:
    """Names of the data columns a user may show, hide and export (not the action columns)."""
    return [column.name for column in table.columns.iterall() if not column.column.exclude_from_export]


def column_choices(table: tables.Table) -> list[tuple[str, str, bool]]:
    """(name, header, shown) of every choosable column, for the column choice menu."""
    return [
        (column.name, str(column.header), column.visible)
        for column in table.columns.iterall()
        if not column.column.exclude_from_export
    ]


def exported_columns(table: tables.Table) -> list[tables.columns.BoundColumn]:
    """The columns the user sees, less the action columns: the columns of the export."""
    return [column for column in table.columns.itervisible() if not column.column.exclude_from_export]


def table_records(table: tables.Table) -> Iterable[Any]:
    """Every row of the table in its order, read in batches from a server-side cursor for querysets."""
    if isinstance(table.data, TableQuerysetData):
        return table.data.data.iterator(chunk_size=2000)
    return table.data.data


def table_values(table: tables.Table, records: Iterable[Any]) -> Iterator[list[Any]]:
    """The exported cell values of each record: the column's ``value`` (no HTML), typed for Excel."""
    columns = exported_columns(table)
    for column in columns:
        if hasattr(table, f"value_{column.name}"):
            continue  # the table says what the file holds
        stock = _stock_file_value(column.column)
        if stock is not None:
            column.value = stock
        elif hasattr(table, f"render_{column.name}"):
            # A table's render_FOO draws the page (badges, links, an age beside the date); the file wants the
            # value itself.
            column.value = column.column.value
    values = [cell_function(column, for_file=True) for column in columns]
    for record in records:
        row = BoundRow(record, table=table)
        yield [_plain(value(row)) for value in values]


def _stock_file_value(column: tables.Column) -> Callable | None:
    """The file's value of a django-tables2 column type whose own export value is text a clerk cannot use:
    a date or time column exports its date (a date cell, the time in the local zone, where django-tables2 gives
    ISO text in UTC, "2026-12-01 05:44:11.952231+00:00"), a yes/no column the words it shows on the page
    (django-tables2 gives "True"/"False")."""
    if isinstance(column, tables.DateColumn | tables.DateTimeColumn):
        return lambda value: value
    if isinstance(column, tables.BooleanColumn):
        yes, no = (str(word) for word in column.yesno)
        return lambda value: yes if value else no
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return str(value)
    if value == "—":
        return ""
    return value


# ---------------------------------------------------------------- form pages


def safe_next_url(request: HttpRequest, *, fallback: str) -> str:
    """The posted (or asked) ``next`` page when it is a path on this site, else ``fallback``."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


def _versioned_instance(form: forms.Form) -> Model | None:
    """The saved record an edit form was opened on, given the hidden version field it carries back.

    Every edit page of the kit is protected from the lost update (issue 10.2): the form remembers the
    version of the record it showed (``core.versions``), and a save after someone else's change is refused.
    """
    instance = getattr(form, "instance", None)
    if instance is None or not instance.pk or not version_of(instance):
        return None
    if VERSION_FIELD not in form.fields:
        form.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        form.fields[VERSION_FIELD].initial = version_of(instance)
    return instance


def _refuse_if_changed_since_opened(instance: Model, expected: str | None) -> None:
    """Lock the record (its own row only) and refuse with ``StaleRecord`` if it changed since the form
    was opened; the save that follows runs under the same lock."""
    locked = type(instance)._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)
    check_version(locked, expected)


def refusal_messages(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """A refused action's reasons as error messages on the page it returns to, one message a reason."""
    for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
        messages.error(request, message)


def call_service(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    success_message: str | Callable[[Any], str | None] | None = None,
    form: forms.Form | None = None,
    field: str | None = None,
    also_refused: tuple[type[Exception], ...] = (),
) -> tuple[bool, Any]:
    """Run one service call of a page (an action button, a form) and tell the user how it went.

    ``call()`` runs in a savepoint. On success ``success_message`` (a text, or a function of the result
    giving one or None) becomes a success message. A refusal changes nothing and is shown: a ValidationError
    from the service, a write the database refused (IntegrityError: architecture rule 5), or an exception of
    ``also_refused`` (PermissionDenied, where a page reports it on itself instead of answering 403). With a
    ``form`` the reasons go on it (all on ``field`` when given, else each on its own field or on top);
    without one they become error messages. Returns (True, the service's result) or (False, None); the
    caller redirects or renders as its page needs.
    """
    try:
        with transaction.atomic():
            result = call()
    except IntegrityError:
        error: Exception = ValidationError(_("数据与已有记录冲突，未保存。"))
    except (ValidationError, *also_refused) as refusal:
        error = refusal
    else:
        message = success_message(result) if callable(success_message) else success_message
        if message:
            messages.success(request, message)
        return True, result
    if form is None:
        refusal_messages(request, error)
    elif field is not None:
        form.add_error(field, error)
    else:
        add_refusal_to_form(form, error)
    return False, None


def valid_data(form: forms.Form, refusal: str = "") -> dict:
    """The form's cleaned data, or a ValidationError to refuse the action with: ``refusal`` (where
    ``%(errors)s`` stands for the form's own messages, joined), or those messages one by one. A field's
    message names its field ("日期：该字段是必填项。"): the refusal comes back as a message above the page,
    away from the field."""
    if form.is_valid():
        return form.cleaned_data
    reasons = [
        f"{form.fields[name].label}：{message}" if name in form.fields else message
        for name, errors in form.errors.items()
        for message in errors
    ]
    raise ValidationError(refusal % {"errors": "；".join(reasons)} if refusal else reasons)


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    save: Callable[[dict], Any],
    success_url: str | Callable[[Any], str],
    title: str,
    success_message: str | Callable[[Any], str] | None = None,
    template_name: str = "core/form.html",
    context: dict | None = None,
    locked: str = "",
) -> HttpResponse:
    """A create, edit or one-step action page (revoke, end, decide…).

    On a valid POST, ``save(cleaned_data)`` calls the service (``call_service``): its result goes to
    ``success_url`` (a URL, or a function of the result) unless a safe local ``next`` was given, with
    ``success_message``. A ValidationError from the service, or a write the database refused, becomes
    messages on the form's fields, and the form is shown again with nothing written. An edit form (a
    ModelForm of a saved record) carries the record's version: a save after someone else's change is
    refused with a message. ``locked``, the reason the record can no longer take this step, opens no form: the
    page goes back (a safe local ``next``, else ``success_url``) with it as an error message (``FormPage.lock``).
    """
    if locked:
        messages.error(request, locked)
        return redirect(safe_next_url(request, fallback=success_url if isinstance(success_url, str) else "/"))
    instance = _versioned_instance(form)
    if request.method == "POST" and form.is_valid():

        def save_unchanged_since_opened() -> Any:
            if instance is not None:
                _refuse_if_changed_since_opened(instance, form.cleaned_data.get(VERSION_FIELD))
            return save(form.cleaned_data)

        def message(result: Any) -> str:
            text = success_message(result) if callable(success_message) else success_message
            return text or _("已保存。")

        done, result = call_service(request, save_unchanged_since_opened, success_message=message, form=form)
        if done:
            target = success_url(result) if callable(success_url) else success_url
            return redirect(safe_next_url(request, fallback=target))
    back_url = safe_next_url(request, fallback=success_url if isinstance(success_url, str) else "")
    next_url = request.GET.get("next", "")
    return render(
        request,
        template_name,
        {"form": form, "page_title": title, "back_url": back_url, "next": next_url, **(context or {})},
    )


class RecordPage(LoginRequiredMixin, View):
    """What the kit's pages about one record share: who may come in, and the scoped record.

    ``staff_only`` (refuse a cadre), ``selector`` (the scoped get of the record, ``self.object``: 404 out of
    the user's scope) and ``pk_url_kwarg``; the hooks ``check_access()`` and ``get_object()``.
    """

    staff_only = True
    selector: Callable[..., Model] | None = None  # the scoped get of the page's record: selectors.x_get
    pk_url_kwarg = "pk"

    def check_access(self) -> None:
        """Refuse a user who may not open the page (PermissionDenied/Http404), before any record is read."""
        if self.staff_only:
            require_staff(self.request)

    def get_object(self) -> Model | None:
        """The scoped record the page is about, or None: by default ``selector(user=, pk=)`` with the URL's
        ``pk_url_kwarg`` (404 out of the user's scope), where the page names a selector and its URL a record
        (one class serves a create URL without ``pk`` and an edit URL with it)."""
        selector = type(self).selector  # a plain function: read from the class, it is not bound to the page
        if selector is None or self.pk_url_kwarg not in self.kwargs:
            return None
        return selector(user=self.request.user, pk=self.kwargs[self.pk_url_kwarg])


class FormPage(RecordPage):
    """A create, edit or one-step action page built on ``form_page``: the counterpart of ``ListPage``.

    Attributes an app sets: ``form_class``, ``title``, ``success_url`` (a URL name without arguments) and
    ``save(data)``, which calls the service with ``self.request.user`` as the actor and returns its result;
    optionally ``selector`` (the scoped get of the record the page is about, ``self.object``), ``lock`` (why
    the record can no longer be changed: the page then sends the user back with that message instead of
    opening a form that could only be refused), ``success_message``, ``intro``, ``wide``, ``staff_only``,
    ``template_name``. Hooks where a page needs more:
    ``check_access()`` (who may come in, before anything is read), ``get_object()`` (the record; it may refuse
    too), ``get_form_kwargs()``, ``get_title()``, ``get_success_url()`` and ``get_success_message()`` (a text,
    or a function of the service's result), ``get_intro()``, ``get_breadcrumbs()`` and ``get_context_data()``.

    An edit page's ``get_object()`` returns the record its ModelForm edits: the form gets a copy of it as its
    instance (validation writes the new values into the instance; the service compares them with the record
    as it is), and ``form_page`` refuses a save after someone else's change.
    """

    form_class: type[forms.Form]
    # Why the record can no longer be changed on this page: a function of it giving the refusal ("" while it
    # can), the same one its service refuses with (an app's rules.x_refusal). See ``get_locked_reason``.
    lock: Callable[[Model], str] | None = None
    title: str = ""
    success_url = ""
    success_message: str | None = None
    intro = ""
    wide = False  # a form of many fields, four to a row
    template_name = "core/form.html"
    http_method_names = ["get", "post", "head", "options"]

    # ------------------------------------------------------------ what an app overrides

    def get_form_kwargs(self) -> dict:
        """Keyword arguments of the form beyond its data: the scoped choices, ``initial`` values."""
        return {}

    def save(self, data: dict) -> Any:
        """Call the service with the form's cleaned data; a ValidationError becomes field messages."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define save() (FormPage's hook).")

    def get_title(self) -> str:
        return str(self.title)

    def get_success_url(self) -> str | Callable[[Any], str]:
        """Where a save goes (unless a safe ``next`` was given): a URL, or a function of the service's result."""
        return reverse(self.success_url)

    def get_success_message(self) -> str | Callable[[Any], str] | None:
        return self.success_message

    def get_intro(self) -> str:
        """A line above the fields."""
        return str(self.intro)

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        """(label, URL) of the pages above this one."""
        return []

    def get_context_data(self) -> dict:
        """Extra context for the template (``submit_label``, what an app template shows beside the form)."""
        return {}

    def get_locked_reason(self) -> str:
        """Why the record can no longer be changed here ("" while it can): by default ``lock(self.object)``.

        A locked record's page opens no form (a form that could only be refused, after the typing): a GET or a
        POST goes back to ``get_locked_url()`` with the reason as an error message, as a refused button does.
        The service keeps its own refusal for a record locked while the form was open."""
        lock = type(self).lock  # a plain function: read from the class, it is not bound to the page
        return lock(self.object) if lock is not None and self.object is not None else ""

    def get_locked_url(self) -> str:
        """Where a locked record's page sends the user: a safe local ``next``, else the success URL (for a
        success URL that is a function of the saved record, of this record: the record's own page)."""
        target = self.get_success_url()
        return safe_next_url(self.request, fallback=target(self.object) if callable(target) else target)

    # ------------------------------------------------------------ the request

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.check_access()
        self.object = self.get_object()
        locked = self.get_locked_reason()
        if locked:
            messages.error(request, locked)
            return redirect(self.get_locked_url())
        self.form = self.get_form()
        return form_page(
            request,
            form=self.form,
            save=self.save,
            success_url=self.get_success_url(),
            title=self.get_title(),
            success_message=self.get_success_message(),
            template_name=self.template_name,
            context={
                "intro": self.get_intro(),
                "wide": self.wide,
                "breadcrumbs": self.get_breadcrumbs(),
                **self.get_context_data(),
            },
        )

    post = get

    def get_form(self) -> forms.Form:
        """The form, bound on a POST; a ModelForm of ``self.object``'s model edits a copy of it."""
        posted = self.request.method == "POST"
        kwargs = self.get_form_kwargs()
        model = getattr(getattr(self.form_class, "_meta", None), "model", None)
        if model is not None and isinstance(self.object, model):
            kwargs.setdefault("instance", copy.copy(self.object))
        return self.form_class(self.request.POST if posted else None, self.request.FILES if posted else None, **kwargs)


class ButtonAction(RecordPage):
    """A button's one-step action on another page (POST only): approve, withdraw, change a state, dismiss.

    Attributes an app sets: ``act()``, which calls the service with ``self.request.user`` as the actor (and
    ``self.object``, found by ``selector``) and returns its result; ``success_url`` (a URL name without
    arguments) or ``get_success_url()``. Optionally ``success_message`` or ``get_success_message()`` (a text,
    or a function of the service's result), ``also_refused`` (PermissionDenied, where the page reports it as a
    message instead of answering 403) and ``form_class``: the posted fields, bound in ``self.form`` for
    ``act()``, which reads them through ``valid_data`` (invalid ones become the refusal, their fields named).
    ``act()`` is the one hook a subclass must write (the base refuses with ImproperlyConfigured, as ``FormPage.save``
    and ``ListPage.get_queryset`` do). The action runs in ``call_service``:
    a refusal changes nothing and comes back as error messages. It returns to a safe local ``next`` when one
    was posted, else to the success URL.
    """

    success_url = ""
    success_message: str | None = None
    also_refused: tuple[type[Exception], ...] = ()
    form_class: type[forms.Form] | None = None
    http_method_names = ["post"]

    def act(self) -> Any:
        """Call the service; raise ValidationError (or an ``also_refused`` exception) to refuse."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define act() (ButtonAction's hook).")

    def get_success_url(self) -> str:
        return reverse(self.success_url)

    def get_success_message(self) -> str | Callable[[Any], str | None] | None:
        return self.success_message

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.check_access()
        self.object = self.get_object()
        self.form = self.form_class(request.POST) if self.form_class is not None else None
        call_service(request, self.act, success_message=self.get_success_message(), also_refused=self.also_refused)
        return redirect(safe_next_url(request, fallback=self.get_success_url()))
