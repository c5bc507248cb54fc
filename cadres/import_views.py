"""The Excel import pages: upload → preview (a dry run listing every bad row) → confirm → result.

Between preview and confirmation the uploaded file waits under MEDIA_ROOT/imports/ with a random name
that only the session knows; the confirmation form carries a random token, never a path, and the file is
deleted once applied or replaced.
"""

import datetime
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from cadres.import_forms import ImportUploadForm
from cadres.imports import IMPORT_KINDS, cadre_template_response, import_run, unit_template_response
from core.excel import ImportReport
from core.pages import call_service

PENDING_SESSION_KEY = "cadres_import_pending"
RESULT_SESSION_KEY = "cadres_import_result"
PENDING_DIRECTORY = "imports"
PENDING_MAX_AGE = datetime.timedelta(days=1)


def _require_importer(request) -> None:
    if not policy.is_staff(request.user):
        raise PermissionDenied(_("您没有导入数据的权限。"))


# ---------------------------------------------------------------- the waiting file


def _pending_save(request, upload, kind: str) -> dict:
    _pending_discard(request)
    _purge_stale_files()
    token = secrets.token_hex(16)
    name = default_storage.save(f"{PENDING_DIRECTORY}/{token}.xlsx", upload)
    pending = {"token": token, "name": name, "kind": kind, "filename": upload.name[:200], "user_id": request.user.pk}
    request.session[PENDING_SESSION_KEY] = pending
    return pending


def _pending_get(request, token: str) -> dict | None:
    """The session's waiting file, if the posted token is its token and the file is still there."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending or pending.get("user_id") != request.user.pk or pending.get("kind") not in IMPORT_KINDS:
        return None
    if not token or not secrets.compare_digest(str(pending.get("token", "")), token):
        return None
    if not default_storage.exists(pending["name"]):
        return None
    return pending


def _pending_discard(request) -> None:
    pending = request.session.pop(PENDING_SESSION_KEY, None)
    if pending and str(pending.get("name", "")).startswith(f"{PENDING_DIRECTORY}/"):
        default_storage.delete(pending["name"])


def _purge_stale_files() -> None:
    """Remove files of previews that were never confirmed."""
    try:
        _directories, files = default_storage.listdir(PENDING_DIRECTORY)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - PENDING_MAX_AGE
    for filename in files:
        name = f"{PENDING_DIRECTORY}/{filename}"
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
        except FileNotFoundError:
            continue


def _run(request, pending: dict, *, dry_run: bool) -> ImportReport:
    with default_storage.open(pending["name"], "rb") as file_obj:
        return import_run(actor=request.user, kind=pending["kind"], file_obj=file_obj, dry_run=dry_run)


def _preview(request, *, report: ImportReport, pending: dict, token: str | None):
    return render(
        request,
        "cadres/import_preview.html",
        {
            "report": report,
            "kind_label": IMPORT_KINDS[pending["kind"]],
            "filename": pending["filename"],
            "token": token,
        },
    )


# ---------------------------------------------------------------- pages


@login_required
def import_start(request):
    """Choose what to import and upload the file; the answer is the preview of a dry run."""
    _require_importer(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = _pending_save(request, form.cleaned_data["file"], form.cleaned_data["kind"])
        done, report = call_service(request, lambda: _run(request, pending, dry_run=True), form=form, field="file")
        if not done or report.total == 0 or not report.ok:  # nothing to confirm: keep no file
            _pending_discard(request)
        if done and report.total == 0:
            form.add_error("file", _("文件中没有数据行。"))
        elif done:
            return _preview(request, report=report, pending=pending, token=pending["token"] if report.ok else None)
    return render(request, "cadres/import_start.html", {"form": form})


@login_required
@require_POST
def import_apply(request):
    """Apply the previewed file, all rows or none."""
    _require_importer(request)
    pending = _pending_get(request, request.POST.get("token", ""))
    if pending is None:
        messages.error(request, _("导入文件已失效或已导入，请重新上传。"))
        return redirect("cadres:import_start")
    done, report = call_service(request, lambda: _run(request, pending, dry_run=False))
    _pending_discard(request)
    if not done:
        return redirect("cadres:import_start")
    if not report.ok:
        # The data changed since the preview; nothing was written.
        return _preview(request, report=report, pending=pending, token=None)
    request.session[RESULT_SESSION_KEY] = {
        **report.as_dict(),
        "kind_label": IMPORT_KINDS[pending["kind"]],
        "filename": pending["filename"],
    }
    return redirect("cadres:import_result")


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
