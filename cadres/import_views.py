"""The Excel import pages of cadres and units: upload → preview → confirm → result.

The flow, the waiting file and the preview are core.import_flow's (every import's); these pages add the
choice of what to import and a result page of their own.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from cadres.import_forms import ImportUploadForm
from cadres.imports import IMPORT_KINDS, cadre_template_response, import_run, unit_template_response
from core import import_flow
from core.excel import ImportReport

IMPORT_KEY = "cadres"
PENDING_SESSION_KEY = import_flow.session_key(IMPORT_KEY)  # the session's waiting file
RESULT_SESSION_KEY = "cadres_import_result"


def _require_importer(request) -> None:
    if not policy.is_staff(request.user):
        raise PermissionDenied(_("您没有导入数据的权限。"))


def _runner(request, kind: str):
    return lambda file_obj, dry_run: import_run(actor=request.user, kind=kind, file_obj=file_obj, dry_run=dry_run)


def _preview(request, *, report: ImportReport, pending: dict, token: str | None):
    return render(
        request,
        "cadres/import_preview.html",
        {
            **import_flow.preview_context(report, pending),
            "kind_label": IMPORT_KINDS[pending["kind"]],
            "filename": pending["filename"],
            "token": token,
            "errors_url": None if report.ok else f"{reverse('cadres:import_errors')}?token={pending['token']}",
        },
    )


# ---------------------------------------------------------------- pages


@login_required
def import_start(request):
    """Choose what to import and upload the file; the answer is the preview of a dry run."""
    _require_importer(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            pending, report = import_flow.preview_upload(
                request, form.cleaned_data["file"], key=IMPORT_KEY, run=_runner(request, kind), kind=kind
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            return _preview(request, report=report, pending=pending, token=pending["token"] if report.ok else None)
    return render(request, "cadres/import_start.html", {"form": form})


@login_required
@require_POST
def import_apply(request):
    """Apply the previewed file, all rows or none."""
    _require_importer(request)
    pending = import_flow.pending_get(request, request.POST.get("token", ""), key=IMPORT_KEY)
    if pending is None or pending.get("kind") not in IMPORT_KINDS:
        messages.error(request, _("导入文件已失效或已导入，请重新上传。"))
        return redirect("cadres:import_start")
    try:
        report = import_flow.pending_run(pending, _runner(request, pending["kind"]), dry_run=False)
    except ValidationError as error:
        import_flow.pending_discard(request, key=IMPORT_KEY)
        messages.error(request, " ".join(error.messages))
        return redirect("cadres:import_start")
    if not report.ok:
        # The data changed since the preview; nothing was written. The file stays for its error report.
        pending["applicable"] = False
        request.session[PENDING_SESSION_KEY] = pending
        return _preview(request, report=report, pending=pending, token=None)
    import_flow.pending_discard(request, key=IMPORT_KEY)
    request.session[RESULT_SESSION_KEY] = {
        **report.as_dict(),
        "kind_label": IMPORT_KINDS[pending["kind"]],
        "filename": pending["filename"],
    }
    return redirect("cadres:import_result")


@login_required
def import_errors(request):
    """The error report of the file just previewed: the upload with its bad cells marked and the reasons."""
    _require_importer(request)
    pending = request.session.get(PENDING_SESSION_KEY) or {}
    kind = pending.get("kind") if pending.get("kind") in IMPORT_KINDS else "cadres"
    token = request.GET.get("token", "")
    return import_flow.error_report_response(request, token, key=IMPORT_KEY, run=_runner(request, kind))


@login_required
def import_result(request):
    """The counts of the import just applied."""
    _require_importer(request)
    result = request.session.get(RESULT_SESSION_KEY)
    if not result:
        return redirect("cadres:import_start")
    return render(request, "cadres/import_result.html", {"result": result})


@login_required
def import_template_cadres(request):
    _require_importer(request)
    return cadre_template_response()


@login_required
def import_template_units(request):
    _require_importer(request)
    return unit_template_response()
