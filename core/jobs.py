"""Background jobs on JobRun rows: start them, run them in a worker, and never leave one "running" forever.

The life of a job, and the one function for each step:

1. ``job_run_enqueue(task=..., kind=..., requested_by=..., parameters=...)`` records the job and hands it to
   a worker at once. The same request (kind, user, parameters) while one is pending or running gives back
   that job: opening an export link twice starts one job. With the broker unreachable it raises
   ``JobQueueUnavailable`` within seconds and leaves no row behind; ``core.middleware`` turns that into a
   message on the page the user came from (and ``core.api.exceptions`` into a 503 for the API).
2. The task (``<app>/tasks.py``, taking the job id only) calls ``job_run_execute(job_id=..., work=fn)``:
   the run claims the row (one run at a time, however often the message is delivered), calls
   ``fn(job) -> summary``, and marks the job succeeded, or failed with the error, also when the error was a
   dropped database connection (a fresh connection records it).
3. Inside ``fn``: ``job_run_start(job=job, total=n)`` once the size is known, ``job_run_advance(job=job,
   by=k)`` after every batch, or ``job_run_heartbeat(job=job)`` during a long single step. A run with no sign
   of life for ``JOBS_STALE_AFTER_MINUTES`` is taken for lost. Save a result file on ``job.result_file``
   with ``save=False``; ``job_run_execute`` saves it with the summary.
4. A lost run (its worker was killed, its machine died) is run again, up to ``JOBS_MAX_ATTEMPTS`` runs in
   all, then marked failed with a reason: at once when the worker starts again (``job_runs_recover_worker``,
   called by the worker's ``worker_ready`` signal in ``config/celery_app.py``), otherwise by the beat's
   watchdog (``job_runs_recover_stale``, ``core.tasks.jobs_watchdog``). The owner can start a failed job
   again (``job_run_retry``, the "重新运行" button of the job page).

Jobs must therefore be idempotent: the same input gives the same result however often they run and wherever
they stop (architecture rule 7). Which queue a task goes to is settings (``CELERY_TASK_ROUTES``): every
task named ``*.tasks.recompute_*`` (and the record audit) goes to "recompute", everything else to "default".

A job whose work fans out over sub-tasks (one per batch, so that more workers finish sooner) calls
``job_run_fan_out(job_id=..., dispatch=fn)`` in its task instead: the job stays running until the sub-tasks'
callback finishes it. A sub-task whose batches spend most of their time in the database runs them on a few
connections at once (``batches_on_connections``), so that one worker's Python overlaps the database's work.

``job_run_create`` records a job without sending it (for a task that records its own run, such as a beat
job); such a job is not restartable and is failed, not run again, when lost.
"""

import datetime
import hashlib
import json
import logging
import os
import queue
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import JobRun

logger = logging.getLogger(__name__)

ACTIVE_STATUSES = (JobRun.Status.PENDING, JobRun.Status.RUNNING)


class JobQueueUnavailable(Exception):
    """The job could not be handed to a worker (the broker is unreachable); nothing was recorded.

    ``str(error)`` is the message for the user, in the active language.
    """

    def __init__(self, message: str | None = None) -> None:
        default = _("后台任务服务暂时无法连接，任务没有启动。请稍后再试，或联系系统管理员检查 Redis 与后台进程。")
        super().__init__(message or default)


class JobAlreadyRunning(Exception):
    """Starting a job again found the same request already pending or running: ``job`` is that one."""

    def __init__(self, job: JobRun) -> None:
        super().__init__(_("同样的任务正在进行中。"))
        self.job = job


# ---------------------------------------------------------------- starting a job


def job_run_create(
    *,
    kind: str,
    requested_by=None,
    parameters: dict | None = None,
    task_name: str = "",
    queue: str = "",
    dedupe_key: str = "",
) -> JobRun:
    """Record a pending job without sending it anywhere (the caller runs or sends it)."""
    return JobRun.objects.create(
        kind=kind,
        requested_by=requested_by,
        parameters=parameters or {},
        task_name=task_name,
        queue=queue,
        dedupe_key=dedupe_key,
    )


def job_run_enqueue(
    *, task, kind: str, requested_by=None, parameters: dict | None = None, queue: str | None = None
) -> JobRun:
    """Record a job and send ``task`` (a Celery task taking the job id) to a worker; return the job.

    ``queue`` overrides the routes in settings (CELERY_TASK_ROUTES), for this job and its later runs.
    While an identical request (same kind, user and parameters) is pending or running, that job is returned
    and nothing new is started. A broker that cannot be reached within ``JOBS_ENQUEUE_CONNECT_TIMEOUT_SECONDS``
    raises ``JobQueueUnavailable`` and nothing is recorded. Called inside a transaction, the task is sent when
    it commits; a send that fails then (the broker went away meanwhile) marks the job failed with that
    message. In eager mode the job runs in place.
    """
    parameters = parameters or {}
    key = _dedupe_key(kind=kind, requested_by=requested_by, parameters=parameters)
    existing = _active_job(key)
    if existing is not None:
        return existing
    _require_broker()
    try:
        with transaction.atomic():
            job = job_run_create(
                kind=kind,
                requested_by=requested_by,
                parameters=parameters,
                task_name=task.name,
                queue=queue or "",
                dedupe_key=key,
            )
    except IntegrityError:
        # A concurrent identical request won the race: its job is the one.
        existing = _active_job(key)
        if existing is None:
            raise
        return existing
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _send_or_fail(job))
        return job
    try:
        _send(job)
    except JobQueueUnavailable:
        JobRun.objects.filter(pk=job.pk).delete()
        raise
    job.refresh_from_db()  # an eager run has finished it already
    return job


def job_run_retry(*, job: JobRun) -> JobRun:
    """Start a failed job again, with a fresh budget of attempts.

    Raises ``JobAlreadyRunning`` if the same request has been started again meanwhile (its job is
    ``error.job``), ``JobQueueUnavailable`` if the broker cannot be reached (the job stays failed).
    """
    if not job.is_restartable:
        raise ValueError(f"job {job.pk} is not a failed job with a known task")
    _require_broker()
    try:
        with transaction.atomic():
            _reset_to_pending(job, attempts=0)
    except IntegrityError as error:
        raise JobAlreadyRunning(_active_job(job.dedupe_key)) from error
    try:
        _send(job)
    except JobQueueUnavailable:
        JobRun.objects.filter(pk=job.pk).update(
            status=JobRun.Status.FAILED, error=job.error or str(JobQueueUnavailable()), finished_at=timezone.now()
        )
        raise
    job.refresh_from_db()
    return job


def _dedupe_key(*, kind: str, requested_by, parameters: dict) -> str:
    user_id = getattr(requested_by, "pk", None)
    text = json.dumps([kind, user_id, parameters], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _active_job(key: str) -> JobRun | None:
    if not key:
        return None
    return JobRun.objects.filter(dedupe_key=key, status__in=ACTIVE_STATUSES).first()


def _reset_to_pending(job: JobRun, *, attempts: int | None = None) -> None:
    fields = {"status": JobRun.Status.PENDING, "done": 0, "error": "", "finished_at": None, "worker": ""}
    if attempts is not None:
        fields["attempts"] = attempts
    fields["worker_pid"] = None
    JobRun.objects.filter(pk=job.pk).update(**fields, updated_at=timezone.now())
    for name, value in fields.items():
        setattr(job, name, value)


def broker_connection_fail_fast():
    """A broker connection of its own that fails fast: the default ones retry for 6 to 19 s while the user
    waits."""
    from config.celery_app import app

    timeout = settings.JOBS_ENQUEUE_CONNECT_TIMEOUT_SECONDS
    options = {"max_retries": 0, "socket_connect_timeout": timeout, "socket_timeout": timeout}
    return app.connection_for_write(connect_timeout=timeout, transport_options=options)


def _require_broker() -> None:
    """Raise ``JobQueueUnavailable`` now, before anything is recorded, if the broker cannot be reached."""
    from config.celery_app import app

    if app.conf.task_always_eager:
        return
    try:
        with broker_connection_fail_fast() as broker:
            broker.ensure_connection(max_retries=0)
    except Exception as error:  # kombu wraps every transport error differently; all mean "unreachable"
        logger.warning("the broker cannot be reached: %s", error)
        raise JobQueueUnavailable() from error


def _send(job: JobRun) -> None:
    """Hand the job's task to the broker, failing fast; in eager mode, run it here and now."""
    from config.celery_app import app

    task = app.tasks.get(job.task_name)
    if task is None:  # the web process imports the apps' tasks modules only when something uses them
        app.loader.import_default_modules()
        task = app.tasks[job.task_name]
    if app.conf.task_always_eager:
        task.apply_async(args=[job.pk])
        return
    try:
        with broker_connection_fail_fast() as broker:
            # Progress lives on the row: no Celery result is kept (the result backend would retry for 19 s).
            task.apply_async(args=[job.pk], queue=job.queue or None, connection=broker, retry=False, ignore_result=True)
    except Exception as error:  # kombu wraps every transport error differently; all mean "not sent"
        logger.warning("job %s (%s) could not be sent: %s", job.pk, job.task_name, error)
        raise JobQueueUnavailable() from error


def _send_or_fail(job: JobRun) -> None:
    try:
        _send(job)
    except JobQueueUnavailable as error:
        JobRun.objects.filter(pk=job.pk).update(
            status=JobRun.Status.FAILED, error=str(error), finished_at=timezone.now()
        )


# ---------------------------------------------------------------- running a job (in the worker)


def job_run_execute(*, job_id: int, work: Callable[[JobRun], dict | None]) -> None:
    """Run one delivery of a job's message: claim the row, call ``work(job)``, record the outcome.

    ``work`` returns the summary (a dict) and may set ``job.result_file`` (``save=False``). A delivery that
    finds the job finished, or running in another live process, does nothing: messages may come twice.
    An exception in ``work`` marks the job failed with its text (logged with its traceback); it is not
    raised again, so an eager run inside a request never turns into a 500.
    """
    job = _claim(job_id)
    if job is None:
        return
    try:
        summary = work(job)
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job_run_fail(job=job, error=str(error) or error.__class__.__name__)
        return
    job_run_finish(job=job, summary=summary)


def job_run_fan_out(*, job_id: int, dispatch: Callable[[JobRun], None]) -> None:
    """Run one delivery of a job whose work is split over sub-tasks (a Celery group or chord).

    Like ``job_run_execute`` the delivery claims the row (one run at a time), but ``dispatch(job)`` only
    plans the work and sends the sub-tasks: the job stays running until the last sub-task's callback calls
    ``job_run_finish`` (or an error callback ``job_run_fail``). Sub-tasks report progress with
    ``job_run_advance``, which is also their sign of life: a fan-out silent for JOBS_STALE_AFTER_MINUTES is
    taken for lost and run again from the start, so every sub-task must be idempotent. An exception in
    ``dispatch`` marks the job failed.
    """
    job = _claim(job_id)
    if job is None:
        return
    try:
        dispatch(job)
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job_run_fail(job=job, error=str(error) or error.__class__.__name__)


def batches_on_connections[T, R](batches: Sequence[T], work: Callable[[T], R], *, connections_at_once: int) -> list[R]:
    """``work(batch)`` for every batch, up to ``connections_at_once`` at a time, each on a thread with a database
    connection of its own (closed when the thread ends); the results in the order of ``batches``.

    For batches that are each one transaction of mostly database work (a recompute's set-based statements):
    while the database computes one batch, this process does the Python of another, so that a single worker
    uses both the server's CPU and its own. ``connections_at_once`` ≤ 1 runs them one after another here. The
    first error stops the batches not yet begun and is raised once the running ones have finished; each batch
    must therefore be a transaction that is whole or absent, and safe to run again.
    """
    if connections_at_once <= 1 or len(batches) <= 1:
        return [work(batch) for batch in batches]
    results: list = [None] * len(batches)
    waiting: queue.SimpleQueue = queue.SimpleQueue()
    for numbered in enumerate(batches):
        waiting.put(numbered)
    errors: list[BaseException] = []

    def drain() -> None:
        try:
            while not errors:
                try:
                    index, batch = waiting.get_nowait()
                except queue.Empty:
                    return
                results[index] = work(batch)
        except BaseException as error:  # re-raised in the calling thread below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connections

    threads = [threading.Thread(target=drain) for _ in range(min(connections_at_once, len(batches)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def _current_worker() -> str:
    from celery import current_task

    request = getattr(current_task, "request", None)
    return getattr(request, "hostname", None) or f"local@{socket.gethostname()}"


def _claim(job_id: int) -> JobRun | None:
    """Make this process the job's one runner, or say (None) that there is nothing to do."""
    now = timezone.now()
    worker, pid = _current_worker(), os.getpid()
    claim = {"status": JobRun.Status.RUNNING, "worker": worker, "worker_pid": pid, "started_at": now}
    claim |= {"heartbeat_at": now, "attempts": F("attempts") + 1, "error": "", "updated_at": now}
    job = JobRun.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None:
        logger.warning("job %s does not exist (deleted, or sent before its row was committed)", job_id)
        return None
    if job.status == JobRun.Status.PENDING:
        claimed = JobRun.objects.filter(pk=job.pk, status=JobRun.Status.PENDING).update(**claim)
    elif job.status == JobRun.Status.RUNNING and _runner_is_gone(job):
        if job.attempts >= settings.JOBS_MAX_ATTEMPTS:
            _fail_lost(job)
            return None
        # Take over from the lost run; the heartbeat in the filter makes sure only one delivery does.
        claimed = JobRun.objects.filter(pk=job.pk, status=JobRun.Status.RUNNING, heartbeat_at=job.heartbeat_at).update(
            **claim
        )
    else:
        return None  # finished, or running in a live process: a duplicate delivery
    if not claimed:
        return None
    job.refresh_from_db()
    return job


def _runner_is_gone(job: JobRun) -> bool:
    """The running job's process is dead (same worker, no such process) or silent for too long."""
    if job.heartbeat_at is None or job.heartbeat_at < _stale_before():
        return True
    if job.worker == _current_worker() and job.worker_pid:
        try:
            os.kill(job.worker_pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def _stale_before():
    return timezone.now() - datetime.timedelta(minutes=settings.JOBS_STALE_AFTER_MINUTES)


def job_run_start(*, job: JobRun, total: int) -> None:
    """The job knows its size: ``total`` items (rows, cadres...) to do, none done yet."""
    now = timezone.now()
    JobRun.objects.filter(pk=job.pk).update(
        status=JobRun.Status.RUNNING, total=total, done=0, error="", heartbeat_at=now, updated_at=now
    )
    job.status, job.total, job.done, job.heartbeat_at = JobRun.Status.RUNNING, total, 0, now


def job_run_advance(*, job: JobRun, by: int) -> None:
    """``by`` more items are done; also a sign of life for the stale-job check."""
    now = timezone.now()
    JobRun.objects.filter(pk=job.pk).update(done=F("done") + by, heartbeat_at=now, updated_at=now)
    job.done += by
    job.heartbeat_at = now


def job_run_heartbeat(*, job: JobRun) -> None:
    """A sign of life during a long single step (call it at least every ``JOBS_STALE_AFTER_MINUTES``)."""
    now = timezone.now()
    JobRun.objects.filter(pk=job.pk).update(heartbeat_at=now, updated_at=now)
    job.heartbeat_at = now


def job_run_finish(*, job: JobRun, summary: dict | None = None) -> None:
    """The job succeeded: everything done, with its summary and result file (if ``work`` set one)."""
    job.status = JobRun.Status.SUCCEEDED
    job.done = job.total
    job.summary = summary or {}
    job.finished_at = timezone.now()
    job.error = ""
    job.save(update_fields=["status", "done", "summary", "result_file", "finished_at", "error", "updated_at"])


def job_run_fail(*, job: JobRun, error: str) -> None:
    """The job failed with ``error`` (shown to its owner). Recorded even if the job's own database
    connection was cut: a broken connection is closed and the failure written on a fresh one."""
    values = {"status": JobRun.Status.FAILED, "error": error[:4000], "finished_at": timezone.now()}
    try:
        JobRun.objects.filter(pk=job.pk).update(**values, updated_at=timezone.now())
    except DatabaseError:
        if connection.in_atomic_block:
            raise
        connection.close()
        JobRun.objects.filter(pk=job.pk).update(**values, updated_at=timezone.now())
    job.status, job.error, job.finished_at = values["status"], values["error"], values["finished_at"]


# ---------------------------------------------------------------- lost runs


@dataclass(frozen=True)
class RecoveryReport:
    """What a recovery pass did: jobs sent to run again, jobs failed for good (ids)."""

    rerun: tuple[int, ...] = ()
    failed: tuple[int, ...] = ()

    def as_dict(self) -> dict:
        return {"rerun": list(self.rerun), "failed": list(self.failed)}


def job_runs_recover_worker(*, worker: str) -> RecoveryReport:
    """A worker has just started: whatever it was running before (killed, machine restarted) is lost.

    Called from the worker's ``worker_ready`` signal with its node name (``celery@host``).
    """
    return _recover(JobRun.objects.filter(status=JobRun.Status.RUNNING, worker=worker))


def job_runs_recover_stale() -> RecoveryReport:
    """Running jobs with no sign of life for ``JOBS_STALE_AFTER_MINUTES`` are lost (the watchdog's check)."""
    stale = Q(heartbeat_at__lt=_stale_before()) | Q(heartbeat_at__isnull=True, updated_at__lt=_stale_before())
    return _recover(JobRun.objects.filter(stale, status=JobRun.Status.RUNNING))


def _recover(jobs) -> RecoveryReport:
    rerun, failed = [], []
    for job in jobs.order_by("pk"):
        if job.task_name and job.attempts < settings.JOBS_MAX_ATTEMPTS:
            # Only this pass moves the job back to the queue (the status in the filter guards it).
            moved = JobRun.objects.filter(pk=job.pk, status=JobRun.Status.RUNNING, heartbeat_at=job.heartbeat_at)
            if not moved.update(status=JobRun.Status.PENDING, worker="", worker_pid=None, updated_at=timezone.now()):
                continue
            job.status = JobRun.Status.PENDING
            try:
                _send(job)
            except JobQueueUnavailable as error:
                job_run_fail(job=job, error=str(error))
                failed.append(job.pk)
            else:
                rerun.append(job.pk)
        else:
            _fail_lost(job)
            failed.append(job.pk)
    if rerun or failed:
        logger.warning("lost jobs: sent again %s, failed %s", rerun, failed)
    return RecoveryReport(rerun=tuple(rerun), failed=tuple(failed))


def _fail_lost(job: JobRun) -> None:
    if job.task_name:
        reason = _(
            "任务执行中断（后台进程意外退出或长时间没有进展），已尝试 %(attempts)s 次仍未完成。"
            "可以点击“重新运行”再试一次；如仍失败，请联系系统管理员。"
        ) % {"attempts": job.attempts}
    else:
        reason = _("任务执行中断（后台进程意外退出或超过 %(minutes)s 分钟没有进展）。") % {
            "minutes": settings.JOBS_STALE_AFTER_MINUTES
        }
    job_run_fail(job=job, error=reason)
