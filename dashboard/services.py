"""Every write of the dashboard app: the background jobs that write generated files (batch 干部任免审批表)
and the record audit's findings. The app never writes another app's records."""

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cadres.selectors import cadre_list
from core.jobs import job_run_advance, job_run_enqueue, job_run_start
from core.models import JobRun
from dashboard.appointment_form import Proposal, appointment_forms_for
from dashboard.appointment_form_documents import render_pdf, render_zip

APPOINTMENT_FORM_BATCH_KIND = "dashboard.appointment_forms"


def appointment_form_batch_enqueue(*, actor: User, cadre_ids: list[int], proposal: Proposal, extension: str) -> JobRun:
    """Record a batch of 干部任免审批表 as a job (its file is the requester's only) and hand it to a worker.

    Raises ``core.jobs.JobQueueUnavailable`` when no worker can be reached (nothing is recorded then).
    """
    from dashboard.tasks import appointment_form_batch_task

    return job_run_enqueue(
        task=appointment_form_batch_task,
        kind=APPOINTMENT_FORM_BATCH_KIND,
        requested_by=actor,
        parameters={"cadres": cadre_ids, "extension": extension, "proposal": proposal.__dict__},
    )


def appointment_form_batch_write(job: JobRun) -> dict:
    """Write the batch: Word files in one zip (one file per cadre), or one PDF with every form.

    The cadres are read again through the requester's scope, so a cadre moved out of it meanwhile is left
    out; the same job run again writes the same file.
    """
    parameters = job.parameters
    by_pk = cadre_list(user=job.requested_by).in_bulk(parameters["cadres"])
    cadres = [by_pk[pk] for pk in parameters["cadres"] if pk in by_pk]
    job_run_start(job=job, total=len(cadres))
    forms = appointment_forms_for(cadres=cadres, proposal=Proposal(**parameters["proposal"]))
    stamp = f"{timezone.localtime():%Y%m%d_%H%M}"
    title = f"{_('干部任免审批表')}_{len(forms)}{_('份')}_{stamp}"
    if parameters["extension"] == "pdf":
        content, name = render_pdf(forms), f"{title}.pdf"
    else:
        content, name = (
            render_zip(forms, extension="docx", on_each=lambda: job_run_advance(job=job, by=1)),
            f"{title}.zip",
        )
    job.result_file.save(name, ContentFile(content), save=False)
    return {"forms": len(forms)}
