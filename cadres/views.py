"""Browser pages of the cadre records: the list (花名册), its export, a cadre's page, "我的档案", the unit tree.

Thin: each view checks who may come in, reads through a selector, writes through a service.
Who gets what when refused: pages only staff use (the list, the export, the forms to create, the unit
pages) answer 403 to a cadre; a record out of the user's scope answers 404, so nothing leaks.
"""

import copy
import io
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from accounts import policy
from accounts.policy import Action
from cadres import selectors, services
from cadres.choices import CadreStatus
from cadres.exports import roster_filename, roster_write
from cadres.filters import CadreFilter
from cadres.forms import (
    CadreForm,
    UnitForm,
    add_service_errors,
    cadre_list_filter_data,
    style_filter_form,
)
from cadres.jobs import roster_export_enqueue
from cadres.models import Cadre, Unit
from cadres.rules import age_on
from cadres.sections import render_cadre_sections
from cadres.tables import LIST_PER_PAGE_CHOICES, LIST_PER_PAGE_DEFAULT, CadreTable
from core.access import require_staff
from core.excel import XLSX_CONTENT_TYPE

# Fields shown on a cadre's page, grouped as on the paper 干部任免审批表.
DETAIL_GROUPS = (
    (
        gettext_lazy("基本信息"),
        ("name", "gender", "ethnicity", "birth_date", "id_number", "native_place", "phone"),
    ),
    (
        gettext_lazy("学历与政治面貌"),
        ("education_full_time", "education_in_service", "political_status", "party_join_date", "work_start_date"),
    ),
    (
        gettext_lazy("单位与职务职级"),
        ("category", "unit", "post_title", "post_date", "leadership_level", "rank", "rank_date", "status"),
    ),
)


def _paginate(request, table) -> None:
    """Paginate a table with a per-page size limited to the offered choices (no 10-million-row pages)."""
    try:
        per_page = int(request.GET.get("per_page", LIST_PER_PAGE_DEFAULT))
    except ValueError:
        per_page = LIST_PER_PAGE_DEFAULT
    if per_page not in LIST_PER_PAGE_CHOICES:
        per_page = LIST_PER_PAGE_DEFAULT
    try:
        table.paginate(page=request.GET.get("page", 1), per_page=per_page)
    except PageNotAnInteger:
        table.paginate(page=1, per_page=per_page)
    except EmptyPage:
        table.paginate(page=table.paginator.num_pages, per_page=per_page)


def _filtered_cadres(request) -> tuple[CadreFilter, QuerySet[Cadre]]:
    """The list's FilterSet over the user's scope, and its queryset (empty while the filters are invalid)."""
    data = cadre_list_filter_data(request.GET)
    filterset = CadreFilter(data=data, queryset=selectors.cadre_list(user=request.user), request=request)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, queryset


# ---------------------------------------------------------------- list and export


@login_required
def cadre_list(request):
    require_staff(request)
    filterset, queryset = _filtered_cadres(request)
    style_filter_form(filterset.form)
    table = CadreTable(queryset)
    RequestConfig(request, paginate=False).configure(table)
    _paginate(request, table)
    return render(
        request,
        "cadres/cadre_list.html",
        {
            "filter": filterset,
            "table": table,
            "total": table.paginator.count,
            "per_page_choices": LIST_PER_PAGE_CHOICES,
            "per_page": table.paginator.per_page,
            "querystring": request.GET.urlencode(),
            "querystring_without_per_page": _without(request.GET, "per_page", "page"),
            "can_write": policy.is_staff(request.user),
        },
    )


def _without(query, *keys) -> str:
    query = query.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


@login_required
def roster_export(request):
    """The filtered list as an Excel roster: at once when small, as a background job when large."""
    require_staff(request)
    filterset, queryset = _filtered_cadres(request)
    if queryset.count() > settings.ROSTER_EXPORT_INLINE_MAX_ROWS:
        job = roster_export_enqueue(user=request.user, query_string=filterset.data.urlencode())
        messages.info(request, _("导出的人数较多，已转为后台任务，完成后可在本页下载。"))
        return redirect("core:job_run_detail", pk=job.pk)
    buffer = io.BytesIO()
    roster_write(queryset=queryset, file_obj=buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(roster_filename())}"
    return response


# ---------------------------------------------------------------- one cadre


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: object
    action: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(field_meta, value, unit_names: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if field_meta.is_relation:
        return unit_names.get(value, f"#{value}")
    if field_meta.choices:
        return str(dict(field_meta.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def cadre_history(cadre: Cadre) -> list[HistoryEntry]:
    """Every historical record of a cadre, newest first, each with its field-level changes.

    Two queries however long the history: the records (with their users) and the names of every unit that
    appears in a change. Diffs are taken pairwise from the ordered list, never through ``prev_record``
    (which would query once per record).
    """
    records = list(cadre.history.select_related("history_user").order_by("history_date", "history_id"))
    actions = {"+": _("创建"), "~": _("修改"), "-": _("删除")}
    entries, deltas = [], []
    for previous, record in zip([None, *records], records, strict=False):
        deltas.append(record.diff_against(previous).changes if previous is not None else [])
        entries.append(HistoryEntry(record=record, action=actions.get(record.history_type, record.history_type)))
    unit_ids = {value for changes in deltas for c in changes if c.field == "unit" for value in (c.old, c.new)}
    unit_names = dict(Unit.objects.filter(pk__in=unit_ids - {None}).values_list("pk", "name")) if unit_ids else {}
    meta = Cadre._meta
    for entry, changes in zip(entries, deltas, strict=True):
        for change in sorted(changes, key=lambda c: _field_position(c.field)):
            field_meta = meta.get_field(change.field)
            entry.changes.append(
                FieldChange(
                    label=str(field_meta.verbose_name),
                    old=_display(field_meta, change.old, unit_names),
                    new=_display(field_meta, change.new, unit_names),
                )
            )
    entries.reverse()
    return entries


def _field_position(name: str) -> int:
    order = services.CADRE_WRITABLE_FIELDS
    return order.index(name) if name in order else len(order)


def _detail_groups(cadre: Cadre) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group title, [(label, shown value)]) for the record card; reads only the cadre and its unit."""
    groups = []
    for title, names in DETAIL_GROUPS:
        rows = []
        for name in names:
            field_meta = Cadre._meta.get_field(name)
            if name == "unit":
                value = cadre.unit.name
            elif field_meta.choices:
                value = getattr(cadre, f"get_{name}_display")() if getattr(cadre, name) not in (None, "") else "—"
            else:
                value = _display(field_meta, getattr(cadre, name), {})
            rows.append((str(field_meta.verbose_name), value))
        groups.append((title, rows))
    return groups


def _render_cadre_page(request, cadre: Cadre, *, own: bool):
    return render(
        request,
        "cadres/cadre_detail.html",
        {
            "cadre": cadre,
            "own": own,
            "age": age_on(cadre.birth_date, timezone.localdate()),
            "groups": _detail_groups(cadre),
            "sections": render_cadre_sections(request, cadre),
            "history": cadre_history(cadre),
            "can_edit": not own and policy.may(request.user, Action.CHANGE, cadre),
            "is_active": cadre.status == CadreStatus.ACTIVE,
        },
    )


@login_required
def cadre_detail(request, pk: int):
    cadre = selectors.cadre_get(user=request.user, pk=pk)
    return _render_cadre_page(request, cadre, own=cadre.pk == request.user.cadre_id)


@login_required
def my_record(request):
    """The user's own record, read-only. A login with no linked cadre gets a friendly page, not an error."""
    if not request.user.cadre_id:
        return render(request, "cadres/my_record_missing.html")
    cadre = selectors.own_cadre_get(user=request.user)
    return _render_cadre_page(request, cadre, own=True)


@login_required
def cadre_create(request):
    if not policy.is_staff(request.user):
        raise PermissionDenied(_("您没有新增干部的权限。"))
    units = selectors.unit_list(user=request.user)
    form = CadreForm(
        request.POST if request.method == "POST" else None, units=units, initial={"unit": request.GET.get("unit")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            cadre = services.cadre_create(
                actor=request.user, data=form.service_data(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已新增干部 %(name)s。") % {"name": cadre.name})
            return redirect("cadres:cadre_detail", pk=cadre.pk)
    return render(request, "cadres/cadre_form.html", {"form": form, "cadre": None})


@login_required
def cadre_edit(request, pk: int):
    # A cadre may read but never change a record, own or not: a record page, so 404 like any out of scope.
    if not policy.is_staff(request.user):
        raise Http404
    cadre = selectors.cadre_get(user=request.user, pk=pk)
    if not policy.may(request.user, Action.CHANGE, cadre):
        raise Http404
    units = selectors.unit_list(user=request.user)
    # The form works on a copy: ModelForm validation writes the new values into its instance, and the
    # service must compare them against the record as it is.
    form = CadreForm(request.POST if request.method == "POST" else None, instance=copy.copy(cadre), units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.cadre_update(
                actor=request.user, cadre=cadre, data=form.service_data(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存 %(name)s 的档案。") % {"name": cadre.name})
            return redirect("cadres:cadre_detail", pk=cadre.pk)
    return render(request, "cadres/cadre_form.html", {"form": form, "cadre": cadre})


# ---------------------------------------------------------------- units


@dataclass
class UnitNode:
    unit: Unit
    active_count: int
    subtree_active_count: int = 0
    children: list["UnitNode"] = field(default_factory=list)
    matches: bool = True


def _units_with_counts(queryset):
    return queryset.annotate(active_count=Count("cadres", filter=Q(cadres__status=CadreStatus.ACTIVE)))


def _parent_path(path: str) -> str:
    """The parent's materialized path: "000001.000007." → "000001."; a root's is ""."""
    return path[: path.rstrip(".").rfind(".") + 1]


def unit_forest(units: list[Unit], *, search: str = "") -> list[UnitNode]:
    """The visible units (in path order, each with ``active_count``) as a forest, with subtree totals.

    Roots are units whose parent is not visible. With a search text, only matching units and their
    ancestors are kept. Pure Python over the one list: no query.
    """
    nodes = {unit.path: UnitNode(unit=unit, active_count=unit.active_count) for unit in units}
    roots = []
    for unit in units:
        node = nodes[unit.path]
        node.subtree_active_count += node.active_count
        parent_path = _parent_path(unit.path)
        ancestor_path = parent_path
        while ancestor_path:
            if ancestor_path in nodes:
                nodes[ancestor_path].subtree_active_count += node.active_count
            ancestor_path = _parent_path(ancestor_path)
        if parent_path in nodes:
            nodes[parent_path].children.append(node)
        else:
            roots.append(node)
    if search:
        kept = set()
        for node in nodes.values():
            if search in node.unit.name:
                kept.update(path for path in nodes if node.unit.path.startswith(path))
        for node in nodes.values():
            node.matches = search in node.unit.name
            node.children = [child for child in node.children if child.unit.path in kept]
        roots = [root for root in roots if root.unit.path in kept]
    return roots


@login_required
def unit_tree(request):
    require_staff(request)
    search = request.GET.get("q", "").strip()
    units = list(_units_with_counts(selectors.unit_list(user=request.user)))
    return render(
        request,
        "cadres/unit_tree.html",
        {
            "roots": unit_forest(units, search=search),
            "search": search,
            "unit_count": len(units),
            "can_write": policy.is_staff(request.user),
        },
    )


@login_required
def unit_detail(request, pk: int):
    require_staff(request)
    unit = selectors.unit_get(user=request.user, pk=pk)
    ancestor_ids = [int(segment) for segment in unit.path.split(".")[:-2]]
    # Only the ancestors the user may see are linked: a unit HR user's tree starts at his or her units.
    ancestors = list(selectors.unit_list(user=request.user).filter(pk__in=ancestor_ids)) if ancestor_ids else []
    children = list(_units_with_counts(unit.children.order_by("sort_order", "path")))
    include_subunits = request.GET.get("sub") == "1"
    cadres = selectors.cadre_list(user=request.user)
    cadres = cadres.filter(unit__path__startswith=unit.path) if include_subunits else cadres.filter(unit=unit)
    table = CadreTable(cadres)
    RequestConfig(request, paginate=False).configure(table)
    _paginate(request, table)
    return render(
        request,
        "cadres/unit_detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "children": children,
            "table": table,
            "include_subunits": include_subunits,
            "can_write": policy.may(request.user, Action.CHANGE, unit),
        },
    )


@login_required
def unit_create(request):
    if not policy.is_staff(request.user):
        raise PermissionDenied(_("您没有新增单位的权限。"))
    parents = selectors.unit_list(user=request.user)
    form = UnitForm(
        request.POST if request.method == "POST" else None,
        parents=parents,
        user=request.user,
        initial={"parent": request.GET.get("parent")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                actor=request.user, data=form.service_data(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已新增单位 %(name)s。") % {"name": unit.name})
            return redirect("cadres:unit_detail", pk=unit.pk)
    return render(request, "cadres/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, pk: int):
    require_staff(request)
    unit = selectors.unit_get(user=request.user, pk=pk)
    parents = selectors.unit_list(user=request.user)
    form = UnitForm(
        request.POST if request.method == "POST" else None, instance=copy.copy(unit), parents=parents, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(
                actor=request.user, unit=unit, data=form.service_data(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存单位 %(name)s。") % {"name": unit.name})
            return redirect("cadres:unit_detail", pk=unit.pk)
    return render(request, "cadres/unit_form.html", {"form": form, "unit": unit})
