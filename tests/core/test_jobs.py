"""core.jobs: one job per request, an immediate answer when the broker is down, runs that claim their job,
lost runs that run again or fail with a reason, and the job page that says what is going on.

The real worker (SIGKILL mid-job) is in test_celery_worker.py; these run eagerly, on any database.
"""

import datetime
import socket
import subprocess
import sys

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from config.celery_app import app as celery_app
from core.api.exceptions import exception_handler
from core.jobs import (
    JobQueueUnavailable,
    job_run_create,
    job_run_enqueue,
    job_run_execute,
    job_run_start,
    job_runs_recover_stale,
    job_runs_recover_worker,
)
from core.models import JobRun
from tests.conftest import client_for
from tests.core.worker_jobs import COUNT_KIND, count_task
from tests.factories import CadreFactory, UserFactory

LOST_REASON_START = "任务执行中断（后台进程意外退出或长时间没有进展），已尝试 3 次仍未完成。"
BROKER_DOWN_MESSAGE = "后台任务服务暂时无法连接，任务没有启动。请稍后再试，或联系系统管理员检查 Redis 与后台进程。"


def _enqueue(user, **parameters) -> JobRun:
    return job_run_enqueue(task=count_task, kind=COUNT_KIND, requested_by=user, parameters=parameters)


def _running(job: JobRun, *, worker: str, attempts: int = 1, minutes_ago: int = 0, pid: int | None = None) -> JobRun:
    """Make ``job`` look as if ``worker`` were running it, last heard of ``minutes_ago``."""
    heard = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    JobRun.objects.filter(pk=job.pk).update(
        status=JobRun.Status.RUNNING, worker=worker, worker_pid=pid, attempts=attempts, heartbeat_at=heard, total=3
    )
    job.refresh_from_db()
    return job


@pytest.fixture
def staff(db):
    return UserFactory(username="orgstaff", role=Role.ORG_STAFF)


@pytest.fixture
def queued_job(staff):
    """A count job recorded inside a transaction that is never committed: it stays queued."""
    return _enqueue(staff, steps=3)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


# ---------------------------------------------------------------- starting


def test_a_job_started_outside_a_transaction_runs_at_once_in_eager_mode(transactional_db):
    staff = UserFactory(role=Role.ORG_STAFF)

    job = _enqueue(staff, steps=3)

    assert job.status == JobRun.Status.SUCCEEDED
    assert (job.total, job.done, job.attempts, job.summary) == (3, 3, 1, {"counted": 3})
    assert job.task_name == "tests.count"


def test_the_same_request_while_the_first_is_queued_gives_the_same_job(staff, queued_job):
    again = _enqueue(staff, steps=3)

    assert again.pk == queued_job.pk
    assert JobRun.objects.count() == 1


def test_other_parameters_or_another_user_start_another_job(staff, queued_job):
    other_user = UserFactory(role=Role.ORG_STAFF)

    other_parameters = _enqueue(staff, steps=4)
    other_requester = _enqueue(other_user, steps=3)

    assert len({queued_job.pk, other_parameters.pk, other_requester.pk}) == 3


def test_the_same_request_after_the_first_finished_starts_a_new_job(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _enqueue(staff, steps=2)
    with django_capture_on_commit_callbacks(execute=True):
        second = _enqueue(staff, steps=2)
    first.refresh_from_db()
    second.refresh_from_db()

    assert first.status == second.status == JobRun.Status.SUCCEEDED
    assert first.pk != second.pk


@override_settings(LIST_EXPORT_INLINE_MAX_ROWS=1)
def test_opening_the_export_link_twice_starts_one_job(as_user, staff, county):
    CadreFactory.create_batch(2, unit=county["organ"])
    client = as_user(staff)

    first = client.get(reverse("cadres:roster_export"), {"q": ""})
    second = client.get(reverse("cadres:roster_export"), {"q": ""})

    job = JobRun.objects.get()
    assert first["Location"] == second["Location"] == reverse("core:job_run_detail", args=[job.pk])


@pytest.fixture
def broker_down():
    """Real (not eager) tasks, and a broker address where nothing listens."""
    conf = celery_app.conf
    previous = conf.task_always_eager, conf.get("broker_write_url")
    # broker_write_url wins over the configured CELERY_BROKER_URL for sending (broker_url would not).
    conf.task_always_eager, conf.broker_write_url = False, "redis://127.0.0.1:9/0"
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_write_url = previous


@override_settings(LIST_EXPORT_INLINE_MAX_ROWS=1)
def test_an_export_with_the_broker_down_answers_with_a_message_and_leaves_no_job(broker_down, staff, county):
    CadreFactory.create_batch(2, unit=county["organ"])
    client = client_for(staff)
    list_url = "http://testserver" + reverse("cadres:cadre_list") + "?category=civil_servant"

    response = client.get(reverse("cadres:roster_export"), HTTP_REFERER=list_url)

    assert response.status_code == 302
    assert response["Location"] == list_url
    assert not JobRun.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert BROKER_DOWN_MESSAGE in page


def test_a_foreign_referer_is_not_followed_when_the_broker_is_down(broker_down, staff, county):
    CadreFactory.create_batch(2, unit=county["organ"])
    client = client_for(staff)
    with override_settings(LIST_EXPORT_INLINE_MAX_ROWS=1):
        response = client.get(reverse("cadres:roster_export"), HTTP_REFERER="http://example.invalid/")

    assert response["Location"] == reverse("home")
    assert not JobRun.objects.exists()


def test_enqueue_with_the_broker_down_raises_and_records_nothing(broker_down, staff):
    with pytest.raises(JobQueueUnavailable) as raised:
        _enqueue(staff, steps=3)

    assert str(raised.value) == BROKER_DOWN_MESSAGE
    assert not JobRun.objects.exists()


def test_a_broker_lost_between_the_request_and_the_commit_marks_the_job_failed(
    staff, broker_down, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("core.jobs._require_broker", lambda: None)  # still up when the job was recorded

    with django_capture_on_commit_callbacks(execute=True):
        job = _enqueue(staff, steps=3)

    job.refresh_from_db()
    assert (job.status, job.error) == (JobRun.Status.FAILED, BROKER_DOWN_MESSAGE)


def test_the_api_answers_503_with_the_reason_when_the_broker_is_down():
    response = exception_handler(JobQueueUnavailable(), {})

    assert response.status_code == 503
    assert response.data == {"code": "job_queue_unavailable", "detail": BROKER_DOWN_MESSAGE, "fields": {}}


# ---------------------------------------------------------------- running


def test_a_failing_job_is_marked_failed_with_the_error_and_does_not_raise(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _enqueue(staff, steps=3, fail="磁盘已满")

    job.refresh_from_db()

    assert (job.status, job.error, job.attempts) == (JobRun.Status.FAILED, "磁盘已满", 1)
    assert job.finished_at is not None


def test_a_second_delivery_of_a_finished_job_does_nothing(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _enqueue(staff, steps=2)
    job.refresh_from_db()
    finished_at = job.finished_at

    count_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert (job.status, job.attempts, job.finished_at) == (JobRun.Status.SUCCEEDED, 1, finished_at)


def test_a_delivery_while_a_live_process_runs_the_job_leaves_it_alone(queued_job):
    job = _running(queued_job, worker="celery@other-machine", minutes_ago=1)

    count_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert (job.status, job.attempts, job.worker, job.done) == (JobRun.Status.RUNNING, 1, "celery@other-machine", 0)


def test_a_delivery_takes_over_when_the_process_that_ran_the_job_is_dead(queued_job):
    # the eager "worker" is the host name: same machine, the process is gone
    job = _running(queued_job, worker=socket.gethostname(), pid=_dead_pid())

    count_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert (job.status, job.attempts, job.done) == (JobRun.Status.SUCCEEDED, 2, 3)


def test_a_delivery_for_a_deleted_job_does_nothing(db):
    job_run_execute(job_id=987654, work=lambda job: pytest.fail("must not run"))


@pytest.mark.postgres
def test_a_failure_is_recorded_even_when_the_database_connection_was_cut(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("cuts its own PostgreSQL backend")
    job = job_run_create(kind=COUNT_KIND, requested_by=UserFactory(role=Role.ORG_STAFF), task_name="tests.count")

    def cut_the_connection(job):
        job_run_start(job=job, total=10)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    job_run_execute(job_id=job.pk, work=cut_the_connection)

    job.refresh_from_db()
    assert job.status == JobRun.Status.FAILED
    assert "terminat" in job.error  # PostgreSQL's "terminating connection due to administrator command"


# ---------------------------------------------------------------- lost runs


def test_a_restarted_worker_runs_its_lost_jobs_again(queued_job):
    job = _running(queued_job, worker="celery@vm1")
    elsewhere = _running(_enqueue(queued_job.requested_by, steps=5), worker="celery@vm2")

    report = job_runs_recover_worker(worker="celery@vm1")

    job.refresh_from_db()
    elsewhere.refresh_from_db()
    assert report.rerun == (job.pk,)
    assert (job.status, job.attempts, job.done) == (JobRun.Status.SUCCEEDED, 2, 3)
    assert elsewhere.status == JobRun.Status.RUNNING


def test_a_lost_job_out_of_attempts_is_failed_with_the_reason_and_can_be_restarted(queued_job):
    job = _running(queued_job, worker="celery@vm1", attempts=3)

    report = job_runs_recover_worker(worker="celery@vm1")

    job.refresh_from_db()
    assert report.failed == (job.pk,)
    assert job.status == JobRun.Status.FAILED
    assert job.error.startswith(LOST_REASON_START)
    assert job.is_restartable


def test_the_stale_check_takes_only_jobs_silent_for_longer_than_the_setting(staff, queued_job):
    silent = _running(queued_job, worker="celery@vm1", minutes_ago=11)
    busy = _running(_enqueue(staff, steps=4), worker="celery@vm1", minutes_ago=9)
    waiting = _enqueue(staff, steps=5)

    report = job_runs_recover_stale()

    assert report.rerun == (silent.pk,)
    assert dict(JobRun.objects.values_list("pk", "status")) == {
        silent.pk: JobRun.Status.SUCCEEDED,
        busy.pk: JobRun.Status.RUNNING,
        waiting.pk: JobRun.Status.PENDING,
    }


@override_settings(JOBS_STALE_AFTER_MINUTES=2)
def test_the_stale_limit_is_a_setting(queued_job):
    job = _running(queued_job, worker="celery@vm1", minutes_ago=3)

    assert job_runs_recover_stale().rerun == (job.pk,)


def test_a_stale_job_that_no_task_can_restart_is_failed(db):
    job = job_run_create(kind="postings_daily")
    job_run_start(job=job, total=1)
    JobRun.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=30))

    report = job_runs_recover_stale()

    job.refresh_from_db()
    assert report.failed == (job.pk,)
    assert job.error == "任务执行中断（后台进程意外退出或超过 10 分钟没有进展）。"
    assert not job.is_restartable


def test_the_watchdog_task_recovers_and_records_the_beat(queued_job):
    from core.models import ServiceHeartbeat
    from core.tasks import jobs_watchdog

    job = _running(queued_job, worker="celery@vm1", minutes_ago=20)

    result = jobs_watchdog.apply().get()

    assert result == {"rerun": [job.pk], "failed": []}
    assert ServiceHeartbeat.objects.get(name="beat").details == {"rerun": [job.pk], "failed": []}


# ---------------------------------------------------------------- the job page


def _fragment(client, job: JobRun) -> str:
    return client.get(reverse("core:job_run_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()


def test_the_page_says_so_when_no_worker_has_taken_the_job(as_user, staff, queued_job):
    client = as_user(staff)
    fresh = _fragment(client, queued_job)
    JobRun.objects.filter(pk=queued_job.pk).update(created_at=timezone.now() - datetime.timedelta(seconds=31))

    waited = _fragment(client, queued_job)

    assert "还没有后台进程接手" not in fresh
    assert "任务已排队，但还没有后台进程接手。" in waited
    assert 'hx-trigger="every 1s"' in waited


def test_a_failed_job_offers_restart_and_restarting_runs_it_again(as_user, staff, queued_job):
    job = _running(queued_job, worker="celery@vm1", attempts=3)
    job_runs_recover_worker(worker="celery@vm1")
    client = as_user(staff)
    restart_url = reverse("core:job_run_restart", args=[job.pk])

    fragment = _fragment(client, job)
    response = client.post(restart_url)

    job.refresh_from_db()
    assert restart_url in fragment
    assert response["Location"] == reverse("core:job_run_detail", args=[job.pk])
    assert (job.status, job.attempts, job.done, job.error) == (JobRun.Status.SUCCEEDED, 1, 3, "")


def test_another_user_cannot_restart_a_job(as_user, queued_job):
    job = _running(queued_job, worker="celery@vm1", attempts=3)
    job_runs_recover_worker(worker="celery@vm1")
    other = UserFactory(role=Role.ORG_STAFF)

    response = as_user(other).post(reverse("core:job_run_restart", args=[job.pk]))

    job.refresh_from_db()
    assert response.status_code == 404
    assert job.status == JobRun.Status.FAILED


def test_restarting_when_the_same_request_runs_again_leads_to_that_job(as_user, staff, queued_job):
    job = _running(queued_job, worker="celery@vm1", attempts=3)
    job_runs_recover_worker(worker="celery@vm1")
    newer = _enqueue(staff, steps=3)  # the user started the same export again meanwhile

    response = as_user(staff).post(reverse("core:job_run_restart", args=[job.pk]))

    job.refresh_from_db()
    assert response["Location"] == reverse("core:job_run_detail", args=[newer.pk])
    assert job.status == JobRun.Status.FAILED


def test_a_succeeded_job_cannot_be_restarted(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _enqueue(staff, steps=1)

    response = client_for(staff).post(reverse("core:job_run_restart", args=[job.pk]))

    assert response.status_code == 404
