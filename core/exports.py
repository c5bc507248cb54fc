"""Excel export of any kit list: the same rows, filters and columns as the page, for every app's lists.

A list up to ``settings.LIST_EXPORT_INLINE_MAX_ROWS`` rows downloads at once. A larger one becomes a
background job (a JobRun row with a progress bar, core/job_run_detail.html): the job remembers the list's
URL name and query string, and the worker rebuilds the very same page for the same user, so scope,
filters, sorting and the column choice are exactly those of the page.
"""

import io
import tempfile
from typing import IO

from django.conf import settings
from django.contrib import messages
from django.core.files import File
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.excel import SheetTitle, attachment, office_name, write_xlsx
from core.jobs import job_run_advance, job_run_enqueue, job_run_execute, job_run_start
from core.models import JobRun
from core.pages import EXPORT_PARAMETER, ListPage, exported_columns, table_records, table_values

LIST_EXPORT_KIND = "core.list_export"
EXPORT_BATCH_SIZE = 2000


def export_filename(title: str) -> str:
    """ "干部名册_20261130_0915.xlsx": the list's name and the minute of the export."""
    return f"{office_name(title)}_{timezone.localtime():%Y%m%d_%H%M}.xlsx"


def row_count(table) -> int:
    """How many rows the table holds over all its pages (one COUNT query for a queryset)."""
    records = table.data.data
    return records.count() if isinstance(records, QuerySet) else len(records)


def list_export_write(page: ListPage, table, *, file_obj: IO[bytes], on_batch=None) -> int:
    """Write the table's rows (every page of them) with the office layout; return the row count."""
    title = page.export_title()
    return write_xlsx(
        file_obj=file_obj,
        sheet_title=title,
        headers=[str(column.header) for column in exported_columns(table)],
        rows=table_values(table, table_records(table)),
        heading=SheetTitle(title=title, filters=page.filters_text(), exported_at=timezone.localtime()),
        numbered=True,
        on_batch=on_batch,
        batch_size=EXPORT_BATCH_SIZE,
    )


def list_export_response(page: ListPage, table) -> HttpResponse:
    """The export of a list page's request: a download, or a redirect to the progress of a background job."""
    request = page.request
    if row_count(table) > settings.LIST_EXPORT_INLINE_MAX_ROWS:
        query = request.GET.copy()
        query.pop(EXPORT_PARAMETER, None)
        job = list_export_enqueue(
            user=request.user, view_name=request.resolver_match.view_name, query_string=query.urlencode()
        )
        messages.info(request, _("导出的记录较多，已转为后台任务，完成后可在本页下载。"))
        return redirect("core:job_run_detail", pk=job.pk)
    buffer = io.BytesIO()
    list_export_write(page, table, file_obj=buffer)
    return attachment(buffer.getvalue(), filename=export_filename(page.export_title()))


def list_export_enqueue(*, user: User, view_name: str, query_string: str) -> JobRun:
    """Record the export job and send it to a worker (the same export twice gives the same job)."""
    from core.tasks import list_export_task

    return job_run_enqueue(
        task=list_export_task,
        kind=LIST_EXPORT_KIND,
        requested_by=user,
        parameters={"view": view_name, "query": query_string},
    )


def _page_for(job: JobRun) -> ListPage:
    """The list page of the job's URL, set up for the job's user and query string, as the browser had it."""
    match = resolve(reverse(job.parameters["view"]))
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(job.parameters.get("query", ""))
    request.user = job.requested_by
    request.resolver_match = match
    page = match.func.view_class(**match.func.view_initkwargs)
    page.setup(request, *match.args, **match.kwargs)
    page.check_access()
    return page


def list_export_run(*, job_id: int) -> None:
    """Run (or re-run after a restart) a list export job: same input, same file."""
    job_run_execute(job_id=job_id, work=_list_export_work)


def _list_export_work(job: JobRun) -> dict:
    page = _page_for(job)
    table = page.build_table()
    job_run_start(job=job, total=row_count(table))
    with tempfile.TemporaryFile() as handle:
        written = list_export_write(page, table, file_obj=handle, on_batch=lambda n: job_run_advance(job=job, by=n))
        handle.seek(0)
        job.result_file.save(export_filename(page.export_title()), File(handle), save=False)
    job.total = written
    return {"rows": written}
