"""Every write of the dashboard app: the background jobs that write generated files (batch 干部任免审批表)
and the record audit's findings. The app never writes another app's records."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cadres.selectors import cadre_list
from core.jobs import job_run_create, job_run_fail, job_run_finish, job_run_start
from core.models import JobRun
from dashboard.appointment_form import Proposal, appointment_forms_for
from dashboard.appointment_form_documents import render_pdf, render_zip

APPOINTMENT_FORM_BATCH_KIND = "dashboard.appointment_forms"


def appointment_form_batch_enqueue(*, actor: User, cadre_ids: list[int], proposal: Proposal, extension: str) -> JobRun:
    """Record a batch of 干部任免审批表 as a job (its file is the requester's only) and queue it on commit."""
    from dashboard.tasks import appointment_form_batch_task

    job = job_run_create(
        kind=APPOINTMENT_FORM_BATCH_KIND,
        requested_by=actor,
        parameters={"cadres": cadre_ids, "extension": extension, "proposal": proposal.__dict__},
    )
    transaction.on_commit(lambda: appointment_form_batch_task.delay(job.pk))
    return job


def appointment_form_batch_run(*, job_id: int) -> None:
    """Write the batch: Word files in one zip (one file per cadre), or one PDF with every form. Re-running a
    finished job does nothing; the cadres are read again through the requester's scope."""
    job = JobRun.objects.select_related("requested_by").get(pk=job_id)
    if job.status == JobRun.Status.SUCCEEDED:
        return
    try:
        parameters = job.parameters
        by_pk = cadre_list(user=job.requested_by).in_bulk(parameters["cadres"])
        cadres = [by_pk[pk] for pk in parameters["cadres"] if pk in by_pk]
        job_run_start(job=job, total=len(cadres))
        forms = appointment_forms_for(cadres=cadres, proposal=Proposal(**parameters["proposal"]))
        stamp = f"{timezone.localtime():%Y%m%d_%H%M}"
        if parameters["extension"] == "pdf":
            content, name = render_pdf(forms), f"{_('干部任免审批表')}_{len(forms)}{_('份')}_{stamp}.pdf"
        else:
            content, name = (
                render_zip(forms, extension="docx"),
                f"{_('干部任免审批表')}_{len(forms)}{_('份')}_{stamp}.zip",
            )
        job.result_file.save(name, ContentFile(content), save=False)
        job_run_finish(job=job, summary={"forms": len(forms)})
    except Exception as error:
        job_run_fail(job=job, error=str(error))
        raise
