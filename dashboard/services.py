"""Every write of the dashboard app: the background jobs that write generated files (batch 干部任免审批表)
and the record audit's findings. The app never writes another app's records."""

from collections import defaultdict

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import User
from assessments.models import AnnualResult
from cadres.choices import CadreStatus, EducationKind
from cadres.models import Cadre, EducationRecord
from cadres.selectors import cadre_list
from careers.models import Appointment, RankChange
from core.jobs import job_run_advance, job_run_enqueue, job_run_start
from core.models import JobRun
from dashboard import rules as audit_rules
from dashboard.appointment_form import Proposal, appointment_forms_for
from dashboard.appointment_form_documents import render_pdf, render_zip
from dashboard.models import AuditFinding

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


# ---------------------------------------------------------------- the record audit (干部信息核查)

RECORD_AUDIT_KIND = "dashboard.record_audit"


def record_audit_enqueue(*, actor: User) -> JobRun:
    """Start the record audit now (the audit page's button; org staff): a job with a progress bar."""
    from dashboard.tasks import record_audit_task

    policy.require_org_wide(actor)
    return job_run_enqueue(task=record_audit_task, kind=RECORD_AUDIT_KIND, requested_by=actor)


def record_audit_write(job: JobRun) -> dict:
    """Audit every serving cadre in key-ordered batches (``settings.AUDIT_BATCH_SIZE``) and replace each
    batch's findings in one transaction: six queries and one bulk insert per batch, whatever the history.

    Idempotent: the same records give the same findings however often it runs or wherever it stopped; a
    run that stops half-way leaves every batch either as it was or as it now is. Findings of cadres who
    are no longer serving go with the batch their key falls in.
    """
    today = timezone.localdate()
    serving = Cadre.objects.filter(status=CadreStatus.ACTIVE)
    job_run_start(job=job, total=serving.count())
    counts: dict[str, int] = {}
    last_pk, batch_size = 0, settings.AUDIT_BATCH_SIZE
    while True:
        rows = list(serving.filter(pk__gt=last_pk).order_by("pk").values_list(*CADRE_FACT_FIELDS)[:batch_size])
        if not rows:
            break
        first, last = (last_pk + 1, rows[-1][0])
        findings = audit_rules.audit_many(_batch_facts(rows, first=first, last=last))
        new_rows = [
            AuditFinding(cadre_id=cadre_id, rule=f.rule, subject=f.subject, message=f.message[:300], found_on=today)
            for cadre_id, found in findings.items()
            for f in found
        ]
        with transaction.atomic():
            AuditFinding.objects.filter(cadre_id__gte=first, cadre_id__lte=last).delete()
            AuditFinding.objects.bulk_create(new_rows, batch_size=2000)
        for finding in new_rows:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
        last_pk = last
        job_run_advance(job=job, by=len(rows))
    AuditFinding.objects.filter(cadre_id__gt=last_pk).delete()
    return {"findings": sum(counts.values()), "by_rule": counts, "found_on": today.isoformat()}


CADRE_FACT_FIELDS = (
    "pk",
    "birth_date",
    "id_number",
    "work_start_date",
    "party_join_date",
    "post_title",
    "post_date",
    "rank",
    "rank_date",
)


def _batch_facts(rows: list[tuple], *, first: int, last: int) -> list[audit_rules.CadreFacts]:
    """The audit facts of a batch of cadres (their keys from ``first`` to ``last``): four range queries."""
    in_range = {"cadre_id__gte": first, "cadre_id__lte": last}
    education, appointments, rank_changes, results = (defaultdict(list) for _ in range(4))
    for cadre_id, start, end in EducationRecord.objects.filter(kind=EducationKind.FULL_TIME, **in_range).values_list(
        "cadre_id", "start_date", "end_date"
    ):
        education[cadre_id].append(audit_rules.EducationFacts(start=start, end=end))
    for cadre_id, *facts in Appointment.objects.filter(**in_range).values_list(
        "cadre_id", "id", "effective_date", "kind", "post_title"
    ):
        appointments[cadre_id].append(audit_rules.AppointmentFacts(*facts))
    for cadre_id, *facts in RankChange.objects.filter(**in_range).values_list(
        "cadre_id", "id", "effective_date", "kind", "from_rank", "to_rank"
    ):
        rank_changes[cadre_id].append(audit_rules.RankChangeFacts(*facts))
    for cadre_id, *facts in AnnualResult.objects.filter(**in_range).values_list(
        "cadre_id", "year", "grade", "ungraded_reason", "confirmed_on"
    ):
        results[cadre_id].append(audit_rules.ResultFacts(*facts))
    return [
        audit_rules.CadreFacts(
            id=pk,
            birth_date=birth_date,
            id_number=id_number,
            work_start_date=work_start_date,
            party_join_date=party_join_date,
            post_title=post_title,
            post_date=post_date,
            rank=rank,
            rank_date=rank_date,
            full_time_education=education[pk],
            appointments=appointments[pk],
            rank_changes=rank_changes[pk],
            results=results[pk],
        )
        for pk, birth_date, id_number, work_start_date, party_join_date, post_title, post_date, rank, rank_date in rows
    ]
