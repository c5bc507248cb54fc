"""Browser pages of the cadre records: the list (花名册), its export, a cadre's page, "我的档案", the unit tree.

Thin: each view checks who may come in, reads through a selector, writes through a service.
Who gets what when refused: pages only staff use (the list, the export, the forms to create, the unit
pages) answer 403 to a cadre; a record out of the user's scope answers 404, so nothing leaks.
"""

import copy
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.policy import Action
from cadres import selectors, services
from cadres.choices import CadreStatus
from cadres.filters import CadreFilter
from cadres.forms import CadreForm, UnitForm, cadre_list_filter_data
from cadres.models import Cadre, Unit
from cadres.rules import age_on
from cadres.sections import cadre_actions, render_cadre_sections
from cadres.tables import CadreTable
from core.access import require_staff
from core.pages import ListPage, form_page

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


# ---------------------------------------------------------------- list and export


class CadreList(ListPage):
    """干部名册: the scoped cadres, 在职 by default; its export is the roster (花名册)."""

    title = gettext_lazy("干部名册")
    table_class = CadreTable
    filterset_class = CadreFilter
    create_url = "cadres:cadre_create"
    create_label = gettext_lazy("新增干部")
    send_when_empty = ("status",)

    def get_queryset(self):
        return selectors.cadre_list(user=self.request.user)

    def may_create(self) -> bool:
        return policy.is_staff(self.request.user)

    def filter_data(self):
        return cadre_list_filter_data(super().filter_data())


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
        if "birth_date" in names:  # the statutory retirement day (domain-rules §11) beside the birth date
            retirement = cadre.retirement
            rows.append(
                (
                    _("法定退休日期"),
                    _("%(day)s（%(age)s）") % {"day": retirement.on.isoformat(), "age": retirement.age_text},
                )
            )
        groups.append((title, rows))
    return groups


def _render_cadre_page(request, cadre: Cadre, *, own: bool):
    can_edit = not own and policy.may(request.user, Action.CHANGE, cadre)
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
            "can_edit": can_edit,
            "is_active": cadre.status == CadreStatus.ACTIVE,
            # Forms of other apps opened with this cadre filled in; only for a cadre in service.
            "actions": cadre_actions(request, cadre) if can_edit and cadre.status == CadreStatus.ACTIVE else [],
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
    return form_page(
        request,
        form=form,
        title=_("新增干部"),
        save=lambda data: services.cadre_create(actor=request.user, data=form.service_data(), reason=data["reason"]),
        success_url=lambda cadre: reverse("cadres:cadre_detail", args=[cadre.pk]),
        success_message=lambda cadre: _("已新增干部 %(name)s。") % {"name": cadre.name},
        context={"wide": True, "breadcrumbs": [(_("干部名册"), reverse("cadres:cadre_list"))]},
    )


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
    return form_page(
        request,
        form=form,
        title=_("修改干部档案：%(name)s") % {"name": cadre.name},
        save=lambda data: services.cadre_update(
            actor=request.user,
            cadre=cadre,
            data=form.service_data(),
            reason=data["reason"],
            expected_version=form.expected_version(),
        ),
        success_url=reverse("cadres:cadre_detail", args=[cadre.pk]),
        success_message=_("已保存 %(name)s 的档案。") % {"name": cadre.name},
        context={
            "wide": True,
            "breadcrumbs": [
                (_("干部名册"), reverse("cadres:cadre_list")),
                (cadre.name, reverse("cadres:cadre_detail", args=[cadre.pk])),
            ],
        },
    )


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


class UnitCadreList(ListPage):
    """A unit's page: its details and children above the list of its cadres (or of its whole subtree)."""

    table_class = CadreTable
    template_name = "cadres/unit_detail.html"
    keep_parameters = ("sub", "all")

    def get_queryset(self):
        """The unit's cadres in service (在职) unless ``all=1``, in the official order (书记 first)."""
        self.unit = selectors.unit_get(user=self.request.user, pk=self.kwargs["pk"])
        cadres = selectors.cadre_list(user=self.request.user)
        if self.request.GET.get("all") != "1":
            cadres = cadres.filter(status=CadreStatus.ACTIVE)
        if self.request.GET.get("sub") == "1":
            cadres = cadres.filter(unit__path__startswith=self.unit.path)
        else:
            cadres = cadres.filter(unit=self.unit)
        return selectors.in_official_order(cadres)

    def get_title(self) -> str:
        return self.unit.name

    def get_context_data(self) -> dict:
        unit = self.unit
        ancestor_ids = [int(segment) for segment in unit.path.split(".")[:-2]]
        # Only the ancestors the user may see are linked: a unit HR user's tree starts at his or her units.
        visible = selectors.unit_list(user=self.request.user)
        return {
            "unit": unit,
            "ancestors": list(visible.filter(pk__in=ancestor_ids)) if ancestor_ids else [],
            "children": list(_units_with_counts(unit.children.order_by("sort_order", "path"))),
            "include_subunits": self.request.GET.get("sub") == "1",
            "include_all_statuses": self.request.GET.get("all") == "1",
            "can_write": policy.may(self.request.user, Action.CHANGE, unit),
        }


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
    return form_page(
        request,
        form=form,
        title=_("新增单位"),
        save=lambda data: services.unit_create(actor=request.user, data=form.service_data(), reason=data["reason"]),
        success_url=lambda unit: reverse("cadres:unit_detail", args=[unit.pk]),
        success_message=lambda unit: _("已新增单位 %(name)s。") % {"name": unit.name},
        context={"breadcrumbs": [(_("单位"), reverse("cadres:unit_tree"))]},
    )


@login_required
def unit_edit(request, pk: int):
    require_staff(request)
    unit = selectors.unit_get(user=request.user, pk=pk)
    parents = selectors.unit_list(user=request.user)
    form = UnitForm(
        request.POST if request.method == "POST" else None, instance=copy.copy(unit), parents=parents, user=request.user
    )
    return form_page(
        request,
        form=form,
        title=_("修改单位：%(name)s") % {"name": unit.name},
        save=lambda data: services.unit_update(
            actor=request.user,
            unit=unit,
            data=form.service_data(),
            reason=data["reason"],
            expected_version=form.expected_version(),
        ),
        success_url=reverse("cadres:unit_detail", args=[unit.pk]),
        success_message=_("已保存单位 %(name)s。") % {"name": unit.name},
        context={
            "breadcrumbs": [
                (_("单位"), reverse("cadres:unit_tree")),
                (unit.name, reverse("cadres:unit_detail", args=[unit.pk])),
            ]
        },
    )
