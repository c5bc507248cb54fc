"""Browser pages of the dashboard app: thin; each reads through ``dashboard.selectors`` (scoped to the user)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as render_page
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.policy import require_staff
from cadres.selectors import cadre_get, cadre_list
from core.pages import ListPage
from core.periods import period_last_day
from dashboard import appointment_form_documents as documents
from dashboard import selectors, services
from dashboard.appointment_form import appointment_forms_for
from dashboard.filters import AuditFindingFilter, CadreSubsetFilter
from dashboard.forms import BatchForm, ProposalForm
from dashboard.tables import AuditFindingTable, OverdueRetirementTable, RetirementTable

OVERDUE = "reached"


class RetirementList(ListPage):
    """到龄提醒: serving cadres reaching the statutory retirement age in the next 6 or 12 months (domain-rules
    §11), or already past it; a tab (``window``) chooses, the filter card narrows by unit and category."""

    title = gettext_lazy("到龄提醒")
    filterset_class = CadreSubsetFilter
    template_name = "dashboard/retirement_list.html"
    keep_parameters = ("window",)

    @staticmethod
    def months_choices() -> tuple[int, ...]:
        return tuple(settings.RETIREMENT_WARNING_MONTHS)

    @property
    def window(self) -> str:
        window = self.request.GET.get("window", "")
        choices = [str(months) for months in self.months_choices()]
        return window if window in (*choices, OVERDUE) else choices[0]

    @property
    def table_class(self):
        return OverdueRetirementTable if self.window == OVERDUE else RetirementTable

    def get_queryset(self):
        today = timezone.localdate()
        if self.window == OVERDUE:
            return selectors.overdue_retirement_list(user=self.request.user, on=today)
        last = period_last_day(today, int(self.window))
        return selectors.retiring_cadre_list(user=self.request.user, first=today, last=last)

    def get_title(self) -> str:
        if self.window == OVERDUE:
            return _("已到法定退休年龄仍在职")
        return _("%(months)s个月内到龄退休") % {"months": self.window}

    def get_context_data(self) -> dict:
        return {
            "windows": [
                *((str(months), _("%(months)s个月内") % {"months": months}) for months in self.months_choices()),
                (OVERDUE, _("已到龄仍在职")),
            ],
            "window": self.window,
            "today": timezone.localdate(),
        }


# ---------------------------------------------------------------- 干部任免审批表


@login_required
def appointment_form(request, cadre_id: int):
    """One cadre's 干部任免审批表: the A4 preview with the proposal's fields, and ?format=docx|pdf downloads.

    Staff only (403 to a cadre); a cadre out of the user's scope is a 404. The files are generated for the
    request and never stored, so no address serves them to anyone else.
    """
    require_staff(request.user)
    cadre = cadre_get(user=request.user, pk=cadre_id)
    form = ProposalForm(request.GET or None)
    proposal = form.proposal()
    (sheet,) = appointment_forms_for(cadres=[cadre], proposal=proposal)
    file_format = request.GET.get("format", "")
    if file_format in ("docx", "pdf"):
        render = documents.render_docx if file_format == "docx" else documents.render_pdf
        return _download(render([sheet]), documents.form_filename(sheet, file_format), file_format)
    return render_page(
        request,
        "dashboard/appointment_form.html",
        {
            "cadre": cadre,
            "form": form,
            "sheets": documents.render_sheets_html([sheet]),
            "query": request.GET.urlencode(),
            "page_title": _("干部任免审批表：%(name)s") % {"name": cadre.name},
        },
    )


def _download(content: bytes, filename: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"  # people's records: no shared cache keeps them
    return response


@login_required
def appointment_form_batch(request):
    """Batch 干部任免审批表: the cadres named one per line (ID number or name), in one download made by a job."""
    require_staff(request.user)
    initial = {}
    if request.method != "POST" and request.GET.getlist("cadre"):
        chosen = cadre_list(user=request.user).filter(
            pk__in=[pk for pk in request.GET.getlist("cadre") if pk.isdigit()]
        )
        initial["cadres"] = "\n".join(chosen.values_list("id_number", flat=True))
    form = BatchForm(request.POST or None, cadres=cadre_list(user=request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        job = services.appointment_form_batch_enqueue(
            actor=request.user,
            cadre_ids=[cadre.pk for cadre in form.cleaned_data["cadres"]],
            proposal=form.proposal(),
            extension=form.cleaned_data["file_format"],
        )
        messages.info(
            request,
            _("正在生成%(count)s份干部任免审批表，完成后可在本页下载。") % {"count": len(form.cleaned_data["cadres"])},
        )
        return redirect("core:job_run_detail", pk=job.pk)
    return render_page(
        request,
        "core/form.html",
        {
            "form": form,
            "page_title": _("批量生成干部任免审批表"),
            "submit_label": _("生成"),
            "intro": _("Word 文件按人分别打包为一个 zip；PDF 为一个文件，每人一份，便于打印。"),
        },
    )


# ---------------------------------------------------------------- the record audit


class AuditFindingList(ListPage):
    """干部信息核查 (三龄两历): what the nightly audit found on the records the user may see, each finding with
    its rule, for staff to fix on the cadre's page. Org staff may start the audit at once."""

    title = gettext_lazy("干部信息核查")
    table_class = AuditFindingTable
    filterset_class = AuditFindingFilter
    template_name = "dashboard/audit_list.html"

    def get_queryset(self):
        return selectors.audit_finding_list(user=self.request.user)

    def get_context_data(self) -> dict:
        return {
            "last_run": selectors.record_audit_last_run(),
            "may_run": policy.is_org_wide(self.request.user),
        }


@login_required
@require_POST
def record_audit_run(request):
    """Start the record audit now (org staff): the job page shows its progress."""
    job = services.record_audit_enqueue(actor=request.user)
    messages.info(request, _("已开始干部信息核查，完成后结果列表即更新。"))
    return redirect("core:job_run_detail", pk=job.pk)
