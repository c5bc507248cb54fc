"""The roster export as a background job, for lists too large to answer within one request."""

import tempfile

from django.core.files import File
from django.http import QueryDict

from accounts.models import User
from cadres.exports import roster_filename, roster_write
from cadres.filters import CadreFilter
from cadres.selectors import cadre_list
from core.jobs import job_run_advance, job_run_enqueue, job_run_execute, job_run_start
from core.models import JobRun

ROSTER_EXPORT_KIND = "cadres.roster_export"


class _RequestLike:
    """What the FilterSet needs of a request: the user, for the unit choices scoped to him or her."""

    def __init__(self, user: User) -> None:
        self.user = user


def roster_queryset(*, user: User, query_string: str):
    """The scoped cadre list with the page's filters applied, exactly as the list page shows it."""
    data = QueryDict(query_string)
    filterset = CadreFilter(data=data, queryset=cadre_list(user=user), request=_RequestLike(user))
    return filterset.qs if filterset.is_valid() else cadre_list(user=user).none()


def roster_export_enqueue(*, user: User, query_string: str) -> JobRun:
    """Record the job and send it to a worker (the same export twice gives the same job)."""
    from cadres.tasks import roster_export_task

    return job_run_enqueue(
        task=roster_export_task, kind=ROSTER_EXPORT_KIND, requested_by=user, parameters={"query": query_string}
    )


def roster_export_run(*, job_id: int) -> None:
    """Run (or re-run after a restart) a roster export job: same input, same file."""
    job_run_execute(job_id=job_id, work=_roster_export_work)


def _roster_export_work(job: JobRun) -> dict:
    queryset = roster_queryset(user=job.requested_by, query_string=job.parameters.get("query", ""))
    job_run_start(job=job, total=queryset.count())
    with tempfile.TemporaryFile() as handle:
        written = roster_write(queryset=queryset, file_obj=handle, on_batch=lambda n: job_run_advance(job=job, by=n))
        handle.seek(0)
        job.result_file.save(roster_filename(), File(handle), save=False)
    job.total = written
    return {"rows": written}
