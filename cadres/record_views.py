"""Pages for the records kept about a cadre beside the main record: family members and important social
relations, and education (学历学位). Both appear as sections of the cadre page and on the 干部任免审批表.

One small table (``KINDS``) describes each kind: its form, its selector and its services, so the create,
edit and delete pages are written once. Writes need ``Action.CHANGE`` on the cadre (policy); a record out
of the user's scope is a 404.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.policy import Action
from cadres import selectors, services
from cadres.forms import DeleteForm, EducationRecordForm, FamilyMemberForm
from cadres.models import EducationRecord, FamilyMember
from core.pages import form_page


@dataclass(frozen=True)
class RecordKind:
    title: str
    form: type
    get: Callable
    create: Callable
    update: Callable
    delete: Callable
    anchor: str


KINDS = {
    "family": RecordKind(
        title=gettext_lazy("家庭成员及重要社会关系"),
        form=FamilyMemberForm,
        get=selectors.family_member_get,
        create=lambda actor, cadre, data, reason: services.family_member_create(
            actor=actor, cadre=cadre, data=data, reason=reason
        ),
        update=lambda actor, obj, data, reason: services.family_member_update(
            actor=actor, member=obj, data=data, reason=reason
        ),
        delete=lambda actor, obj, reason: services.family_member_delete(actor=actor, member=obj, reason=reason),
        anchor="cadre-family",
    ),
    "education": RecordKind(
        title=gettext_lazy("学历学位"),
        form=EducationRecordForm,
        get=selectors.education_record_get,
        create=lambda actor, cadre, data, reason: services.education_record_create(
            actor=actor, cadre=cadre, data=data, reason=reason
        ),
        update=lambda actor, obj, data, reason: services.education_record_update(
            actor=actor, record=obj, data=data, reason=reason
        ),
        delete=lambda actor, obj, reason: services.education_record_delete(actor=actor, record=obj, reason=reason),
        anchor="cadre-education",
    ),
}


def _kind(kind: str) -> RecordKind:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _cadre_url(cadre, kind: RecordKind) -> str:
    return f"{reverse('cadres:cadre_detail', args=[cadre.pk])}#{kind.anchor}"


def _may_change(request: HttpRequest, cadre) -> None:
    # Reading the cadre is allowed (it was found in scope); changing needs CHANGE: a cadre reading his own
    # record, or staff on their own record, get the policy's 403 with its message.
    policy.require(request.user, Action.CHANGE, cadre)


def _context(cadre, kind: RecordKind) -> dict:
    return {
        "breadcrumbs": [
            (_("干部名册"), reverse("cadres:cadre_list")),
            (cadre.name, reverse("cadres:cadre_detail", args=[cadre.pk])),
        ]
    }


@login_required
def record_create(request, cadre_id: int, kind: str):
    record_kind = _kind(kind)
    cadre = selectors.cadre_get(user=request.user, pk=cadre_id)
    _may_change(request, cadre)
    form = record_kind.form(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        form=form,
        title=_("新增%(what)s：%(name)s") % {"what": record_kind.title, "name": cadre.name},
        save=lambda data: record_kind.create(request.user, cadre, data, data.get("reason", "")),
        success_url=_cadre_url(cadre, record_kind),
        context=_context(cadre, record_kind),
    )


@login_required
def record_edit(request, pk: int, kind: str):
    record_kind = _kind(kind)
    record = record_kind.get(user=request.user, pk=pk)
    _may_change(request, record.cadre)
    form = record_kind.form(request.POST if request.method == "POST" else None, instance=_copy(record))
    return form_page(
        request,
        form=form,
        title=_("修改%(what)s：%(name)s") % {"what": record_kind.title, "name": record.cadre.name},
        save=lambda data: record_kind.update(request.user, record, data, data.get("reason", "")),
        success_url=_cadre_url(record.cadre, record_kind),
        context=_context(record.cadre, record_kind),
    )


@login_required
def record_delete(request, pk: int, kind: str):
    record_kind = _kind(kind)
    record = record_kind.get(user=request.user, pk=pk)
    _may_change(request, record.cadre)
    form = DeleteForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        form=form,
        title=_("删除%(what)s：%(record)s") % {"what": record_kind.title, "record": record},
        save=lambda data: record_kind.delete(request.user, record, data["reason"]),
        success_url=_cadre_url(record.cadre, record_kind),
        success_message=_("已删除。"),
        context={**_context(record.cadre, record_kind), "submit_label": _("删除")},
    )


def _copy(record):
    """The form validates into a copy: the service compares and writes the record as it is stored."""
    return copy.copy(record)


# ---------------------------------------------------------------- the cadre page's sections


def family_section_context(request: HttpRequest, cadre) -> dict:
    """The family section of the cadre page (one query)."""
    return {
        "members": list(FamilyMember.objects.filter(cadre=cadre).order_by("sort_order", "pk")),
        "can_write": policy.may(request.user, Action.CHANGE, cadre),
    }


def education_section_context(request: HttpRequest, cadre) -> dict:
    """The education section of the cadre page (one query)."""
    return {
        "records": list(EducationRecord.objects.filter(cadre=cadre).order_by("start_date", "pk")),
        "can_write": policy.may(request.user, Action.CHANGE, cadre),
    }
