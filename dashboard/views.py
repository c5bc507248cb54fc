"""Browser pages of the dashboard app: thin; each reads through ``dashboard.selectors`` (scoped to the user)."""

import io
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.shortcuts import render as render_page
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.policy import require_staff
from cadres.selectors import cadre_get, cadre_list, official_order, unit_list
from core.digits import whole_number
from core.excel import SheetTitle, attachment, office_name, write_xlsx
from core.pages import ListPage
from core.periods import period_last_day
from dashboard import appointment_form_documents as documents
from dashboard import selectors, services
from dashboard.appointment_form import appointment_forms_for
from dashboard.figures import BY_KEY
from dashboard.filters import AuditFindingFilter, CadreSubsetFilter
from dashboard.forms import BatchForm, DashboardFilterForm, ProposalForm
from dashboard.summary import yearly_summary
from dashboard.tables import AuditFindingTable, OverdueRetirementTable, RetirementTable, figure_table_class

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
            pk__in=[pk for value in request.GET.getlist("cadre") if (pk := whole_number(value)) is not None]
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


# ---------------------------------------------------------------- the dashboards


def _dashboard_filters(request) -> tuple[DashboardFilterForm, int, object]:
    """The year (default: last year, whose figures are complete) and the unit, among the user's units.

    An unknown year or a unit out of scope falls back to the defaults, with the form saying why.
    """
    today = timezone.localdate()
    years = list(range(today.year, today.year - settings.DASHBOARD_YEARS, -1))
    data = request.GET.copy()
    data.setdefault("year", str(today.year - 1))
    form = DashboardFilterForm(data, units=unit_list(user=request.user), years=years)
    if form.is_valid():
        return form, form.cleaned_data["year"], form.cleaned_data["unit"]
    return form, today.year - 1, None


def _figure_query(year: int, unit) -> str:
    return urlencode({"year": year, **({"unit": unit.pk} if unit else {})})


@login_required
def dashboard(request):
    """The county dashboard (org staff) or the unit dashboard (unit HR: their units): every figure of the
    year, each a link to the records behind it, with charts and the 年度统计表 export."""
    require_staff(request.user)
    form, year, unit = _dashboard_filters(request)
    summary = yearly_summary(user=request.user, year=year, unit=unit)
    query = _figure_query(year, unit)
    charts = [
        {
            "json_id": f"chart-{item.figure.key}-data",
            "title": str(item.figure.label),
            "measure": str(item.figure.measure),
            "url": f"{reverse('dashboard:figure_list', args=[item.figure.key])}?{query}",
            "data": [{"value": float(total), "name": label, "group": value} for value, label, total in item.breakdown],
        }
        for _key, _title, items in summary.sections
        for item in items
        if item.figure.has_breakdown
    ]
    return render_page(
        request,
        "dashboard/dashboard.html",
        {
            "page_title": _("全县干部工作统计") if policy.is_org_wide(request.user) else _("本单位干部工作统计"),
            "form": form,
            "summary": summary,
            "query": query,
            "charts": charts,
        },
    )


class FigureList(ListPage):
    """The records behind one dashboard figure (same queryset as the figure: the count is the list's total)."""

    template_name = "dashboard/figure_list.html"

    def get_figure(self):
        if not hasattr(self, "_figure"):
            self._figure = BY_KEY.get(self.kwargs["key"])
            if self._figure is None:
                raise Http404
        return self._figure

    @property
    def table_class(self):
        return figure_table_class(self.get_figure())

    def get_queryset(self):
        figure = self.get_figure()
        _form, year, unit = _dashboard_filters(self.request)
        self.year, self.unit = year, unit
        records = figure.records(policy.scope(self.request.user), year, unit)
        group = self.request.GET.get("group")
        if group is not None and figure.has_breakdown:
            records = figure.group_records(records, group)
        related = [path for path in (figure.cadre, figure.unit, *figure.names) if path]
        records = records.select_related(*related) if related else records
        if figure.cadre is None:  # flats, villages: their model's order
            return records
        # Records of people are a 名单: the roster's official order (issue 15.4), one cadre's by date.
        return official_order(
            records, f"{figure.cadre}__" if figure.cadre else "", then=(figure.day,) if figure.day else ()
        )

    def filter_data(self):
        return QueryDict()

    keep_parameters = ("year", "unit", "group")

    def get_title(self) -> str:
        figure = self.get_figure()
        unit = f"{self.unit.name} · " if getattr(self, "unit", None) else ""
        return f"{unit}{self.year}年 · {figure.label}"

    def get_context_data(self) -> dict:
        figure = self.get_figure()
        return {
            "figure": figure,
            "dashboard_url": f"{reverse('dashboard:dashboard')}?{_figure_query(self.year, self.unit)}",
        }


@login_required
def yearly_summary_export(request):
    """年度统计表: every figure of the year (and its breakdowns) as an office-ready Excel sheet."""
    require_staff(request.user)
    _form, year, unit = _dashboard_filters(request)
    summary = yearly_summary(user=request.user, year=year, unit=unit)
    rows = []
    for _key, title, items in summary.sections:
        for item in items:
            rows.append([title, str(item.figure.label), "", item.value, str(item.figure.measure)])
            rows.extend(["", "", label, total, str(item.figure.measure)] for _value, label, total in item.breakdown)
    heading_title = _("%(year)s年度干部工作统计表") % {"year": year}
    buffer = io.BytesIO()
    write_xlsx(
        file_obj=buffer,
        sheet_title=heading_title,
        headers=[_("类别"), _("项目"), _("分项"), _("数值"), _("单位")],
        rows=rows,
        heading=SheetTitle(
            title=heading_title, filters=unit.name if unit else _("全部单位"), exported_at=timezone.localtime()
        ),
        numbered=True,
    )
    return attachment(buffer.getvalue(), filename=f"{office_name(heading_title)}.xlsx")


# ---------------------------------------------------------------- the cadre page (我的档案)


def assessment_rewards_section_context(request, cadre) -> dict:
    """Grades, awards and grants, and why a rank promotion is or is not yet possible (four queries)."""
    return selectors.cadre_assessment_and_rewards(cadre=cadre, on=timezone.localdate())
