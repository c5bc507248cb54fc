"""Browser pages of the cadre records: the list (花名册), its export, a cadre's page, "我的档案", the unit tree.

Thin: each view checks who may come in, reads through a selector, writes through a service.
Who gets what when refused: pages only staff use (the list, the export, the forms to create, the unit
pages) answer 403 to a cadre; a record out of the user's scope answers 404, so nothing leaks.
"""

import copy

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
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
from cadres.models import Cadre
from cadres.presenters import cadre_history, detail_groups
from cadres.rules import age_on
from cadres.sections import cadre_actions, render_cadre_sections
from cadres.tables import CadreTable
from core.access import require_staff
from core.pages import ListPage, form_page

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


def _render_cadre_page(request, cadre: Cadre, *, own: bool):
    can_edit = not own and policy.may(request.user, Action.CHANGE, cadre)
    return render(
        request,
        "cadres/cadre_detail.html",
        {
            "cadre": cadre,
            "own": own,
            "age": age_on(cadre.birth_date, timezone.localdate()),
            "groups": detail_groups(cadre),
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


@login_required
def unit_tree(request):
    require_staff(request)
    search = request.GET.get("q", "").strip()
    units = list(selectors.units_with_counts(selectors.unit_list(user=request.user)))
    return render(
        request,
        "cadres/unit_tree.html",
        {
            "roots": selectors.unit_forest(units, search=search),
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
            "children": list(selectors.units_with_counts(unit.children.order_by("sort_order", "path"))),
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
