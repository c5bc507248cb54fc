"""Browser pages of the cadre records: the list (花名册), its export, a cadre's page, "我的档案", the unit tree.

Thin: each view checks who may come in, reads through a selector, writes through a service.
Who gets what when refused: pages only staff use (the list, the export, the forms to create, the unit
pages) answer 403 to a cadre; a record out of the user's scope answers 404, so nothing leaks.
"""

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
from cadres.choices import CadreStatus, CorrectionStatus
from cadres.filters import CadreFilter, CorrectionRequestFilter
from cadres.forms import CadreForm, CorrectionHandleForm, CorrectionRequestForm, UnitForm, cadre_list_filter_data
from cadres.models import Cadre
from cadres.presenters import cadre_history, detail_groups
from cadres.rules import age_on
from cadres.sections import cadre_actions, render_cadre_sections
from cadres.tables import CadreTable, CorrectionRequestTable
from core.access import require_staff
from core.pages import FormPage, ListPage, form_page

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


class RosterFormPage(FormPage):
    """New (a URL without ``pk``) or changed cadre or unit, with a reason, through the form's service data.

    Staff only; a subclass calls its services in ``create(**arguments)`` and ``update(**arguments)``, and names
    its ``titles`` and ``messages`` (new, changed: "%(name)s" is the record's) and the list page above it.
    """

    create_refusal = ""
    titles: tuple[str, str]
    messages: tuple[str, str]
    list_page: tuple[str, str]  # (label, URL name)

    def check_access(self) -> None:
        if self.pk_url_kwarg not in self.kwargs and not policy.is_staff(self.request.user):
            raise PermissionDenied(self.create_refusal)
        super().check_access()

    def get_success_url(self):
        return lambda record: reverse(self.success_url, args=[record.pk])

    def get_title(self) -> str:
        return self.titles[1] % {"name": self.object.name} if self.object else str(self.titles[0])

    def get_success_message(self):
        return lambda record: self.messages[1 if self.object else 0] % {"name": record.name}

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        label, url_name = self.list_page
        own = [(self.object.name, reverse(self.success_url, args=[self.object.pk]))] if self.object else []
        return [(label, reverse(url_name)), *own]

    def save(self, data):
        actor, fields, reason = self.request.user, self.form.service_data(), data["reason"]
        if self.object is None:
            return self.create(actor=actor, data=fields, reason=reason)
        return self.update(actor=actor, data=fields, reason=reason, expected_version=self.form.expected_version())


class CadreFormPage(RosterFormPage):
    form_class = CadreForm
    selector = selectors.cadre_get
    success_url = "cadres:cadre_detail"
    create_refusal = gettext_lazy("您没有新增干部的权限。")
    titles = (gettext_lazy("新增干部"), gettext_lazy("修改干部档案：%(name)s"))
    messages = (gettext_lazy("已新增干部 %(name)s。"), gettext_lazy("已保存 %(name)s 的档案。"))
    list_page = (gettext_lazy("干部名册"), "cadres:cadre_list")
    wide = True

    def create(self, **arguments):
        return services.cadre_create(**arguments)

    def update(self, **arguments):
        return services.cadre_update(cadre=self.object, **arguments)

    def check_access(self) -> None:
        # A cadre may read but never change a record, own or not: a record page, so 404 like any out of scope.
        if self.pk_url_kwarg in self.kwargs and not policy.is_staff(self.request.user):
            raise Http404
        super().check_access()

    def get_object(self):
        cadre = super().get_object()
        if cadre is not None and not policy.may(self.request.user, Action.CHANGE, cadre):
            raise Http404
        return cadre

    def get_form_kwargs(self) -> dict:
        initial = {} if self.object else {"unit": self.request.GET.get("unit")}
        return {"units": selectors.unit_list(user=self.request.user), "initial": initial}


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
        return {
            "unit": unit,
            **selectors.unit_overview(user=self.request.user, unit=unit),
            "include_subunits": self.request.GET.get("sub") == "1",
            "include_all_statuses": self.request.GET.get("all") == "1",
            "can_write": policy.may(self.request.user, Action.CHANGE, unit),
        }


class UnitFormPage(RosterFormPage):
    form_class = UnitForm
    selector = selectors.unit_get
    success_url = "cadres:unit_detail"
    create_refusal = gettext_lazy("您没有新增单位的权限。")
    titles = (gettext_lazy("新增单位"), gettext_lazy("修改单位：%(name)s"))
    messages = (gettext_lazy("已新增单位 %(name)s。"), gettext_lazy("已保存单位 %(name)s。"))
    list_page = (gettext_lazy("单位"), "cadres:unit_tree")

    def create(self, **arguments):
        return services.unit_create(**arguments)

    def update(self, **arguments):
        return services.unit_update(unit=self.object, **arguments)

    def get_form_kwargs(self) -> dict:
        initial = {} if self.object else {"parent": self.request.GET.get("parent")}
        return {"parents": selectors.unit_list(user=self.request.user), "user": self.request.user, "initial": initial}


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
    cadre, list_url = correction.cadre, reverse("cadres:correction_list")
    record_url = reverse("cadres:cadre_detail", args=[cadre.pk])
    old, new = correction.current_value or "—", correction.requested_value

    def save(data):
        accept = data["decision"] == "accept"
        return services.correction_request_handle(
            actor=request.user, correction=correction, accept=accept, reply=data["reply"]
        )

    def accepted(handled) -> bool:
        return handled.status == CorrectionStatus.ACCEPTED

    return form_page(
        request,
        form=CorrectionHandleForm(request.POST or None),
        title=_("处理更正申请：%(name)s · %(item)s") % {"name": cadre.name, "item": correction.get_item_display()},
        save=save,
        success_url=lambda handled: record_url if accepted(handled) else list_url,
        success_message=lambda handled: (
            _("已采纳，请在档案中更正“%(item)s”。") % {"item": handled.get_item_display()}
            if accepted(handled)
            else _("已答复不予采纳。")
        ),
        context={
            "intro": _("档案原内容：%(old)s；应更正为：%(new)s；理由：%(reason)s")
            % {"old": old, "new": new, "reason": correction.reason},
            "breadcrumbs": [(_("更正申请"), list_url), (cadre.name, record_url)],
        },
    )
