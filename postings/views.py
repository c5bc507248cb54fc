"""Browser pages of postings (实践锻炼). Thin: check who may come in, read through selectors, write through services.

Pages only staff use answer 403 to a cadre; a posting out of the user's scope answers 404, so nothing leaks.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from accounts.policy import Action
from cadres import selectors as cadre_selectors
from core.access import require_staff
from core.digits import whole_number
from core.import_flow import import_page
from core.pages import ButtonAction, ListPage, form_page
from core.periods import add_months, month_first_day
from postings import imports, rules, selectors, services
from postings.choices import PostingStatus
from postings.filters import FirstSecretaryFilter, PostingFilter, VillageFilter
from postings.forms import (
    EndForm,
    EvaluationForm,
    ExtendForm,
    LowPresenceFilterForm,
    PostingForm,
    PresenceForm,
    RecallForm,
    ReminderFilterForm,
    TimelineWindowForm,
    VillageProfileForm,
)
from postings.tables import FirstSecretaryTable, LowPresenceTable, PostingTable, ReminderTable, VillageTable


class PostingsPage(ListPage):
    """A staff list of postings (the area's sub-navigation, with its count of open reminders, is registered
    in postings/apps.py)."""

    create_url = "postings:posting_create"
    create_label = gettext_lazy("登记实践锻炼")


# ---------------------------------------------------------------- lists


class PostingList(PostingsPage):
    title = gettext_lazy("实践锻炼")
    table_class = PostingTable
    filterset_class = PostingFilter

    def get_queryset(self):
        return selectors.posting_list(user=self.request.user)


class FirstSecretaryList(PostingsPage):
    title = gettext_lazy("第一书记")
    table_class = FirstSecretaryTable
    filterset_class = FirstSecretaryFilter

    def get_queryset(self):
        return selectors.first_secretary_list(user=self.request.user)


class EndingSoon(PostingsPage):
    table_class = PostingTable

    def get_title(self) -> str:
        return _("%(days)s 天内期满的实践锻炼") % {"days": settings.POSTINGS_ENDING_SOON_DAYS}

    def get_queryset(self):
        return selectors.ending_soon(
            user=self.request.user, today=timezone.localdate(), days=settings.POSTINGS_ENDING_SOON_DAYS
        )


class LowPresence(PostingsPage):
    """First secretaries below the days-on-site requirement in a month (the previous month by default)."""

    table_class = LowPresenceTable
    filterset_class = LowPresenceFilterForm

    @property
    def month(self) -> datetime.date:
        month = getattr(self.filters, "cleaned_data", {}).get("month")
        return month or add_months(month_first_day(timezone.localdate()), -1)

    def get_title(self) -> str:
        return _("%(month)s 在岗天数不足的第一书记") % {"month": f"{self.month.year}年{self.month.month}月"}

    def get_queryset(self):
        return selectors.low_presence(user=self.request.user, month=self.month)

    def get_context_data(self) -> dict:
        intro = _("要求：不少于当月工作日（周一至周五，按任期内计算）的 %(ratio)s；未登记按 0 天计。") % {
            "ratio": settings.POSTINGS_PRESENCE_MIN_RATIO
        }
        return {**super().get_context_data(), "intro": intro}


class VillageList(PostingsPage):
    title = gettext_lazy("村与驻村第一书记")
    table_class = VillageTable
    filterset_class = VillageFilter
    create_url = ""

    def get_queryset(self):
        return selectors.village_list(user=self.request.user)


@login_required
def village_edit(request, unit_pk: int):
    require_staff(request)
    unit = selectors.village_profile_get(user=request.user, unit_pk=unit_pk)
    form = VillageProfileForm(request.POST or None, instance=getattr(unit, "village_profile", None))
    return form_page(
        request,
        form=form,
        title=_("%(name)s · 村类别") % {"name": unit.name},
        save=lambda data: services.village_profile_save(actor=request.user, unit=unit, data=data),
        success_url=reverse("postings:village_list"),
        success_message=_("已保存 %(name)s 的村情档案。") % {"name": unit.name},
    )


class ReminderList(PostingsPage):
    title = gettext_lazy("实践锻炼提醒")
    table_class = ReminderTable
    filterset_class = ReminderFilterForm
    create_url = ""

    def get_queryset(self):
        include_dismissed = bool(getattr(self.filters, "cleaned_data", {}).get("all"))
        return selectors.reminder_list(user=self.request.user, include_dismissed=include_dismissed)


class ReminderDismiss(ButtonAction):
    success_url = "postings:reminder_list"
    success_message = gettext_lazy("提醒已处理。")

    def get_object(self):
        # a dismissed one too: a second click (another tab) is told it is done, not shown a 404
        reminders = selectors.reminder_list(user=self.request.user, include_dismissed=True)
        return get_object_or_404(reminders, pk=self.kwargs["pk"])

    def act(self):
        return services.reminder_dismiss(actor=self.request.user, reminder=self.object)


@login_required
def statistics(request):
    require_staff(request)
    return render(request, "postings/statistics.html", {"stats": selectors.statistics(user=request.user)})


# ---------------------------------------------------------------- timeline


@login_required
def timeline_index(request):
    require_staff(request)
    if (unit_pk := whole_number(request.GET.get("unit"))) is not None:
        return redirect("postings:unit_timeline", unit_pk=unit_pk)
    units = cadre_selectors.unit_list(user=request.user).exclude(kind__in=["village", "community"])
    return render(request, "postings/timeline_index.html", {"units": units})


@login_required
def unit_timeline(request, unit_pk: int):
    require_staff(request)
    unit = cadre_selectors.unit_get(user=request.user, pk=unit_pk)
    form = TimelineWindowForm(request.GET or None, default=selectors.default_timeline_window(timezone.localdate()))
    window = form.window()
    if window is None:
        messages.warning(request, _("时间范围无效（最长十年），已显示默认范围。"))
    start, end = window or form.default
    include_subunits = request.GET.get("sub") == "1"
    rows = selectors.unit_timeline(
        user=request.user, unit=unit, start=start, end=end, include_subunits=include_subunits
    )
    today = timezone.localdate()
    return render(
        request,
        "postings/unit_timeline.html",
        {
            "unit": unit,
            "form": form,
            "rows": rows,
            "include_subunits": include_subunits,
            # the chart draws a line at today when today is inside the window
            "window": {"start": start.isoformat(), "end": end.isoformat(), "today": today.isoformat()},
        },
    )


# ---------------------------------------------------------------- one posting


@login_required
def posting_detail(request, pk: int):
    posting = selectors.posting_detail_get(user=request.user, pk=pk)
    return render(
        request,
        "postings/posting_detail.html",
        {
            "posting": posting,
            "can_direct": policy.may(request.user, Action.DIRECT, posting),
            "can_host": policy.may(request.user, Action.HOST, posting),
            "extensions": posting.extensions.all(),
            "presences": posting.presences.all(),
            "is_open": posting.status in (PostingStatus.PLANNED, PostingStatus.SERVING),
        },
    )


@login_required
def posting_create(request):
    require_staff(request)
    cadres = cadre_selectors.cadre_list(user=request.user)
    units = cadre_selectors.unit_list(user=request.user)
    form = PostingForm(request.POST or None, cadres=cadres, units=units, initial={"cadre": request.GET.get("cadre")})

    def save(data):
        external_host = None
        if data["external_host_name"]:
            external_host = services.external_host_get_or_create(
                actor=request.user, name=data["external_host_name"], region=data["external_host_region"]
            )
        return services.posting_create(
            actor=request.user, data=form.service_data(external_host=external_host), reason=data["reason"]
        )

    return form_page(
        request,
        form=form,
        title=_("登记实践锻炼"),
        save=save,
        success_url=lambda posting: reverse("postings:posting_detail", args=[posting.pk]),
        success_message=lambda posting: _("已登记 %(name)s 的实践锻炼。") % {"name": posting.cadre.name},
        context={"wide": True},
    )


# The one-step changes of a posting: (form, service, title, who may). The home side directs a posting (extend,
# end, recall); the host side records presence and its evaluation. Each form's fields are its service's arguments.
POSTING_ACTIONS = {
    "extend": (ExtendForm, services.posting_extend, gettext_lazy("延期"), Action.DIRECT),
    "end": (EndForm, services.posting_end, gettext_lazy("结束实践锻炼"), Action.DIRECT),
    "recall": (RecallForm, services.posting_recall, gettext_lazy("召回"), Action.DIRECT),
    "evaluate": (EvaluationForm, services.posting_evaluate, gettext_lazy("接收单位鉴定"), Action.HOST),
    "presence": (PresenceForm, services.presence_record, gettext_lazy("登记月度在岗天数"), Action.HOST),
}


@login_required
def posting_action(request, pk: int, name: str):
    """A change of one posting: non-staff and out of scope get 404, staff who may not do it 403."""
    form_class, perform, title, action = POSTING_ACTIONS[name]
    if not policy.is_staff(request.user):
        raise Http404
    posting = selectors.posting_get(user=request.user, pk=pk)
    if not policy.may(request.user, action, posting):
        raise PermissionDenied(_("您没有管理该实践锻炼的权限。"))
    detail_url = reverse("postings:posting_detail", args=[posting.pk])
    return form_page(
        request,
        form=form_class(request.POST or None),
        title=str(title),
        save=lambda data: perform(actor=request.user, posting=posting, **data),
        success_url=detail_url,
        locked=rules.step_refusal(name, posting),
        context={
            "intro": f"{posting.cadre.name} · {posting.get_kind_display()} · {posting.host_name} · "
            f"{posting.planned_start:%Y-%m-%d} — {posting.end:%Y-%m-%d}（{posting.get_status_display()}）",
            "breadcrumbs": [(posting.cadre.name, detail_url)],
        },
    )


# ---------------------------------------------------------------- import


@login_required
def posting_import(request):
    """Import postings from Excel: preview (new postings, bad rows, error report), then all or none."""
    require_staff(request)
    return import_page(
        request,
        key="postings",
        title=_("导入实践锻炼"),
        run=lambda file_obj, dry_run: imports.postings_import(actor=request.user, file_obj=file_obj, dry_run=dry_run),
        back_url=reverse("postings:posting_list"),
        template=imports.postings_template_response,
        notes=[_("每行新建一条实践锻炼；与已有的或文件中其他行的锻炼冲突的行将被列出。")],
        done_message=lambda report: _("已导入 %(n)s 条实践锻炼。") % {"n": report.created},
    )


@login_required
def import_template(request):
    """The template at its own address too (bookmarks, the import page's older links)."""
    require_staff(request)
    return imports.postings_template_response()


# ---------------------------------------------------------------- my postings


@login_required
def my_postings(request):
    cadre = cadre_selectors.own_cadre_get(user=request.user)
    return render(request, "postings/my_postings.html", {"cadre": cadre, **section_context(request, cadre)})


def section_context(request, cadre) -> dict:
    """The "实践锻炼" section of a cadre's page: the postings and the grassroots experience (one query)."""
    postings = selectors.cadre_postings(cadre=cadre)
    experience = selectors.grassroots_experience_of(postings=postings, on=timezone.localdate())
    return {
        "postings": postings,
        "grassroots": experience,
        "grassroots_met": rules.meets_grassroots_requirement(
            experience=experience, min_years=settings.POSTINGS_GRASSROOTS_MIN_YEARS
        ),
        "grassroots_min_years": settings.POSTINGS_GRASSROOTS_MIN_YEARS,
    }
