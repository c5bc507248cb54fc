"""Browser pages of the cadre records: the list (花名册), its export, a cadre's page, "我的档案", the unit tree.

Thin: each view checks who may come in, reads through a selector, writes through a service.
Who gets what when refused: pages only staff use (the list, the export, the forms to create, the unit
pages) answer 403 to a cadre; a record out of the user's scope answers 404, so nothing leaks.
"""

import copy

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.policy import Action
from cadres import rules, selectors, services
from cadres.choices import CadreStatus, CorrectionStatus
from cadres.filters import CadreFilter, CorrectionRequestFilter
from cadres.forms import CadreForm, CorrectionHandleForm, CorrectionRequestForm, UnitForm, cadre_list_filter_data
from cadres.models import Cadre, Unit, unit_path_pks
from cadres.presenters import cadre_history, detail_groups
from cadres.rules import age_on
from cadres.sections import cadre_actions, render_cadre_sections
from cadres.tables import CadreTable, CorrectionRequestTable
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
        # The official order (unit, 排序号 or post, rank) until the user sorts by a column; the export too.
        return selectors.in_official_order(selectors.cadre_list(user=self.request.user))

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
        ancestor_ids = unit_path_pks(unit.path)[:-1]
        # Only the ancestors the user may see are linked: a unit HR user's tree starts at his or her units.
        visible = selectors.unit_list(user=self.request.user)
        # The children and the unit itself with their cadres in service, as the tree counts them: one query.
        counted = list(
            selectors.units_with_counts(Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit))).order_by(
                "sort_order", "path"
            )
        )
        in_service = next(counted_unit.active_count for counted_unit in counted if counted_unit.pk == unit.pk)
        children = [child for child in counted if child.pk != unit.pk]
        for child in children:
            child.headcount_excess = rules.headcount_excess(child.headcount, child.active_count)
        return {
            "unit": unit,
            "ancestors": list(visible.filter(pk__in=ancestor_ids)) if ancestor_ids else [],
            "children": children,
            "in_service": in_service,
            "headcount_excess": rules.headcount_excess(unit.headcount, in_service),
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


# ---------------------------------------------------------------- correction requests (更正申请)


class CorrectionRequestList(ListPage):
    """更正申请: staff see those of the cadres in their scope (pending first by default), a cadre his own."""

    title = gettext_lazy("更正申请")
    table_class = CorrectionRequestTable
    filterset_class = CorrectionRequestFilter
    staff_only = False  # a cadre reads his or her own requests and their answers here

    def get_queryset(self):
        return selectors.correction_request_list(user=self.request.user)

    def get_table_kwargs(self) -> dict:
        return {"may_handle": policy.is_staff(self.request.user)}

    def may_create(self) -> bool:
        return bool(self.request.user.cadre_id)

    create_url = "cadres:correction_create"
    create_label = gettext_lazy("申请更正我的档案")


@login_required
def correction_create(request):
    """A cadre asks for a correction of his or her own record (from 我的档案)."""
    if not request.user.cadre_id:
        raise Http404
    return form_page(
        request,
        form=CorrectionRequestForm(request.POST or None, initial={"item": request.GET.get("item")}),
        title=_("申请更正我的档案"),
        save=lambda data: services.correction_request_create(actor=request.user, **data),
        success_url=reverse("cadres:correction_list"),
        success_message=_("更正申请已提交，组织部门处理后可在此查看结果。"),
        context={
            "intro": _("发现档案内容有误时，在此说明应更正的内容和依据；组织部门核实后更正，并答复处理结果。"),
            "breadcrumbs": [(_("我的档案"), reverse("cadres:my_record"))],
        },
    )


@login_required
def correction_handle(request, pk: int):
    """Staff accept or reject a correction request; an accepted one is then made on the record's forms."""
    require_staff(request)
    correction = selectors.correction_request_get(user=request.user, pk=pk)
    cadre = correction.cadre

    def save(data):
        return services.correction_request_handle(
            actor=request.user, correction=correction, accept=data["decision"] == "accept", reply=data["reply"]
        )

    return form_page(
        request,
        form=CorrectionHandleForm(request.POST or None),
        title=_("处理更正申请：%(name)s · %(item)s") % {"name": cadre.name, "item": correction.get_item_display()},
        save=save,
        success_url=lambda handled: (
            reverse("cadres:cadre_detail", args=[cadre.pk])
            if handled.status == CorrectionStatus.ACCEPTED
            else reverse("cadres:correction_list")
        ),
        success_message=lambda handled: (
            _("已采纳，请在档案中更正“%(item)s”。") % {"item": handled.get_item_display()}
            if handled.status == CorrectionStatus.ACCEPTED
            else _("已答复不予采纳。")
        ),
        context={
            "intro": _("档案原内容：%(old)s；应更正为：%(new)s；理由：%(reason)s")
            % {
                "old": correction.current_value or "—",
                "new": correction.requested_value,
                "reason": correction.reason,
            },
            "breadcrumbs": [
                (_("更正申请"), reverse("cadres:correction_list")),
                (cadre.name, reverse("cadres:cadre_detail", args=[cadre.pk])),
            ],
        },
    )
