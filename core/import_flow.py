"""The one Excel import flow of every app: upload → preview (a dry run) → confirm → done.

The preview lists what the file changes (every updated record with its fields old → new, every new
record) and every bad row; a file with bad rows can be downloaded back with the bad cells marked and a
reason column (``core.excel.error_report_xlsx``). Between preview and confirmation (or the download of
the error report) the upload waits under MEDIA_ROOT/imports/ with a random name only the session knows;
forms carry a random token, never a path, and the file is deleted once applied or replaced.

A legacy Excel 97-2003 workbook (.xls) is accepted too: it is turned into an .xlsx once, when it is kept
(``core.excel.xls_as_xlsx``), so every app's import reads the same rows from it, and its error report is
that .xlsx (the file name says so). WPS (.et) and text (.csv) files are refused: save them as Excel first.

An app's import page is ``import_page(request, key=..., title=..., run=...)``; the cadre and unit import
(cadres.import_views) keeps its own pages on the same helpers.
"""

import datetime
import secrets
from collections.abc import Callable
from typing import IO

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel import ImportReport, attachment, error_report_xlsx, xls_as_xlsx

PENDING_DIRECTORY = "imports"
PENDING_MAX_AGE = datetime.timedelta(days=1)
IMPORT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# How many changed and new rows the preview lists; the counts above them cover every row.
PREVIEW_ROWS = 500
IMPORT_EXTENSIONS = (".xlsx", ".xls")
NOT_XLSX_MESSAGE = gettext_lazy(
    "请上传 Excel 文件（.xlsx 或 .xls）；"
    "WPS 表格（.et）和 .csv 文件请先在 WPS 或 Excel 中“另存为”Excel 工作簿（.xlsx）再上传。"
)

Run = Callable[[IO[bytes], bool], ImportReport]


class ImportFileForm(forms.Form):
    """The upload of an import: one Excel file (.xlsx, or a legacy .xls) of at most 20 MB."""

    file = forms.FileField(
        label=gettext_lazy("Excel文件"),
        help_text=gettext_lazy("支持 .xlsx 和 .xls 格式（.et、.csv 请先另存为 Excel）；请先下载模板，按模板填写。"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ",".join(IMPORT_EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(IMPORT_EXTENSIONS):
            raise ValidationError(NOT_XLSX_MESSAGE)
        if upload.size > IMPORT_MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件过大：最大 20 MB。"))
        return upload


# ---------------------------------------------------------------- the waiting file


def session_key(key: str) -> str:
    return f"import_pending:{key}"


def is_xls_upload(upload) -> bool:
    return upload.name.lower().endswith(".xls")


def pending_save(request, upload, *, key: str, **extra) -> dict:
    """Keep ``upload`` for the session under import ``key`` (replacing an earlier one); its token.

    An .xls upload is kept as its .xlsx conversion (``from_xls`` true). Raises ValidationError, keeping
    nothing, for an .xls that cannot be read.
    """
    pending_discard(request, key=key)
    _purge_stale_files()
    from_xls = is_xls_upload(upload)
    content = ContentFile(xls_as_xlsx(upload).getvalue()) if from_xls else upload
    token = secrets.token_hex(16)
    name = default_storage.save(f"{PENDING_DIRECTORY}/{token}.xlsx", content)
    pending = {
        "token": token,
        "name": name,
        "filename": upload.name[:200],
        "from_xls": from_xls,
        "user_id": request.user.pk,
        "applicable": False,
        **extra,
    }
    request.session[session_key(key)] = pending
    return pending


def pending_mark_applicable(request, pending: dict, *, key: str) -> None:
    """The preview found no bad row: the file may now be applied (until then only its errors are read)."""
    pending["applicable"] = True
    request.session[session_key(key)] = pending


def pending_get(request, token: str, *, key: str, applicable: bool = True) -> dict | None:
    """The session's waiting file if ``token`` is its token and it is still there (and, with
    ``applicable``, passed its preview)."""
    pending = request.session.get(session_key(key))
    if not pending or pending.get("user_id") != request.user.pk:
        return None
    if not token or not secrets.compare_digest(str(pending.get("token", "")), str(token)):
        return None
    if applicable and not pending.get("applicable"):
        return None
    if not default_storage.exists(pending["name"]):
        return None
    return pending


def pending_discard(request, *, key: str) -> None:
    pending = request.session.pop(session_key(key), None)
    if pending and str(pending.get("name", "")).startswith(f"{PENDING_DIRECTORY}/"):
        default_storage.delete(pending["name"])


def pending_run(pending: dict, run: Run, *, dry_run: bool) -> ImportReport:
    with default_storage.open(pending["name"], "rb") as file_obj:
        return run(file_obj, dry_run)


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


def error_report_response(request, token: str, *, key: str, run: Run):
    """The waiting file of a preview with bad rows, marked (core.excel.error_report_xlsx); 404 otherwise.

    The file is checked again (its errors are not kept in the session), so the report is the file's own.
    It is an .xlsx, also for an .xls upload: "名册（错误报告，已转为xlsx）.xlsx".
    """
    pending = pending_get(request, token, key=key, applicable=False)
    if pending is None:
        raise Http404(_("导入文件已失效，请重新上传。"))
    try:
        report = pending_run(pending, run, dry_run=True)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    with default_storage.open(pending["name"], "rb") as file_obj:
        content = error_report_xlsx(file_obj, report.errors)
    stem = pending["filename"].rsplit(".", 1)[0] or _("导入")
    return attachment(content, filename=error_report_filename(stem, from_xls=pending.get("from_xls", False)))


def error_report_filename(stem: str, *, from_xls: bool = False) -> str:
    """ "结果（错误报告）.xlsx"; for an .xls upload "结果（错误报告，已转为xlsx）.xlsx"."""
    if from_xls:
        return _("%(name)s（错误报告，已转为xlsx）.xlsx") % {"name": stem}
    return _("%(name)s（错误报告）.xlsx") % {"name": stem}


# ---------------------------------------------------------------- preview


def preview_context(report: ImportReport, pending: dict | None = None) -> dict:
    """What the preview partial (core/_import_preview.html) shows of ``report`` (and of the waiting file:
    whether it was an .xls, read and reported as .xlsx)."""
    updates, creations = report.updates, report.creations
    return {
        "report": report,
        "from_xls": bool(pending and pending.get("from_xls")),
        "updates": updates[:PREVIEW_ROWS],
        "creations": creations[:PREVIEW_ROWS],
        "updates_cut": max(0, len(updates) - PREVIEW_ROWS),
        "creations_cut": max(0, len(creations) - PREVIEW_ROWS),
    }


def preview_upload(request, upload, *, key: str, run: Run, **extra) -> tuple[dict | None, ImportReport]:
    """Keep ``upload`` and preview it: (the waiting file, the dry run's report).

    A file without bad rows may then be applied by its token; one with bad rows is kept only for its
    error report. Raises ValidationError for a file that cannot be read at all (then nothing is kept).
    """
    pending = pending_save(request, upload, key=key, **extra)
    try:
        report = pending_run(pending, run, dry_run=True)
    except ValidationError:
        pending_discard(request, key=key)
        raise
    if report.total == 0:
        pending_discard(request, key=key)
        raise ValidationError(_("文件中没有数据行。"))
    if report.ok:
        pending_mark_applicable(request, pending, key=key)
    return pending, report


def import_page(
    request,
    *,
    key: str,
    title: str,
    run: Run,
    back_url: str = "",
    template: Callable[[], HttpResponse] | None = None,
    template_url: str = "",
    notes: list[str] | None = None,
    done_message: Callable[[ImportReport], str] | None = None,
):
    """An app's import page, on one URL: GET the upload form (``?template=1`` downloads the blank template
    ``template()`` gives, ``?errors=<token>`` the error report); POST a ``file`` to preview it; POST the
    preview's ``token`` to apply it, all rows or none.

    ``run(file_obj, dry_run)`` is the app's import (``core.excel.run_import`` underneath); ``key`` keeps
    this import's waiting file apart from other imports of the same session. ``template_url`` links a
    template served elsewhere instead.
    """
    if template is not None:
        if request.method == "GET" and request.GET.get("template"):
            return template()
        template_url = template_url or "?template=1"
    context = {"page_title": title, "back_url": back_url, "template_url": template_url, "notes": notes or []}
    if request.method == "GET" and request.GET.get("errors"):
        return error_report_response(request, request.GET["errors"], key=key, run=run)
    if request.method == "POST" and "token" in request.POST and "file" not in request.FILES:
        return _apply(request, key=key, run=run, context=context, done_message=done_message)
    form = ImportFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            pending, report = preview_upload(request, form.cleaned_data["file"], key=key, run=run)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        except PermissionDenied:
            pending_discard(request, key=key)
            raise
        else:
            return render(
                request,
                "core/import.html",
                {**context, **preview_context(report, pending), "form": ImportFileForm(), "pending": pending},
            )
    return render(request, "core/import.html", {**context, "form": form, "report": None})


def _apply(request, *, key: str, run: Run, context: dict, done_message):
    pending = pending_get(request, request.POST.get("token", ""), key=key)
    if pending is None:
        messages.error(request, _("导入文件已失效或已导入，请重新上传。"))
        return redirect(request.path)
    try:
        report = pending_run(pending, run, dry_run=False)
    except ValidationError as error:
        pending_discard(request, key=key)
        messages.error(request, " ".join(error.messages))
        return redirect(request.path)
    if not report.ok:
        # The data changed since the preview; nothing was written. The file stays for its error report.
        pending["applicable"] = False
        request.session[session_key(key)] = pending
        return render(
            request,
            "core/import.html",
            {**context, **preview_context(report, pending), "form": ImportFileForm(), "pending": pending},
        )
    pending_discard(request, key=key)
    message = (
        done_message(report)
        if done_message
        else _("导入完成：新增%(c)s条，更新%(u)s条，无变化%(n)s条。")
        % {"c": report.created, "u": report.updated, "n": report.unchanged}
    )
    messages.success(request, message)
    return redirect(context["back_url"] or request.path)
