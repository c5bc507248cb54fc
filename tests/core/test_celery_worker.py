"""A background job through a real Celery worker: Redis broker, PostgreSQL, a separate worker process.

Skipped unless CELERY_BROKER_URL points at Redis and the tests run on PostgreSQL; with
CI_REQUIRE_SERVICES=1 (set by .ci/run) a missing service fails the test instead, so CI cannot go green
without having gone through a real worker.

The worker listens on a queue of its own, so parallel test processes (pytest -n 2) and other runs on the
same Redis never take each other's messages. It reads the current test database, which the test fills with
``transactional_db`` so that the rows are committed and visible to another process.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook

from accounts.models import Role
from cadres.models import Cadre
from config.celery_app import app as celery_app
from core.exports import LIST_EXPORT_KIND
from core.jobs import job_run_create, job_run_enqueue
from core.models import JobRun
from core.tasks import list_export_task
from tests.core.worker_jobs import COUNT_KIND, count_task
from tests.factories import CadreFactory, UnitFactory, UserFactory

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT_SECONDS = 90
WORKER_TIMEOUT_SECONDS = 60

pytestmark = pytest.mark.celery_worker


def _missing_services() -> list[str]:
    missing = []
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        missing.append("CELERY_BROKER_URL does not point at Redis")
    if connection.vendor != "postgresql":
        missing.append("the test database is not PostgreSQL")
    return missing


@pytest.fixture
def real_worker_services():
    missing = _missing_services()
    if missing:
        reason = "a real Celery worker needs Redis and PostgreSQL: " + "; ".join(missing)
        if os.environ.get("CI_REQUIRE_SERVICES") == "1":
            pytest.fail(reason + " (CI_REQUIRE_SERVICES=1)")
        pytest.skip(reason)


def _database_url() -> str:
    database = connection.settings_dict
    user = database.get("USER") or "postgres"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


def _start_worker(*, queue: str, media_root: Path, log_path: Path, include: str = "") -> subprocess.Popen:
    """A Celery worker process named after its queue (the same name when started again), reading the
    current test database."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "0",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DJANGO_MEDIA_ROOT": str(media_root),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1"]
    command += ["-Q", queue, "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    command += ["--loglevel=info"] + (["--include", include] if include else [])
    earlier_starts = log_path.read_text().count("ready.") if log_path.exists() else 0
    with log_path.open("a") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(process, log_path, earlier_starts=earlier_starts)
    except BaseException:
        _stop(process)
        raise
    return process


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture
def worker(real_worker_services, tmp_path):
    """A Celery worker process on a queue of its own, reading the current test database."""
    queue = f"test-{uuid.uuid4().hex}"
    media_root = tmp_path / "media"
    media_root.mkdir()
    log_path = tmp_path / "worker.log"
    process = _start_worker(queue=queue, media_root=media_root, log_path=log_path)
    try:
        yield {"queue": queue, "media_root": media_root, "log": log_path, "process": process}
    finally:
        _stop(process)


def _wait_until_ready(process: subprocess.Popen, log_path: Path, *, earlier_starts: int) -> None:
    """Wait for the worker's "ready" line, so that a slow start on a busy machine is not taken for a hang."""
    deadline = time.monotonic() + WORKER_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if log_path.read_text().count("ready.") > earlier_starts:
            return
        if process.poll() is not None:
            break
        time.sleep(0.2)
    pytest.fail(f"the Celery worker did not start:\n{log_path.read_text()}")


def _wait_until_finished(job: JobRun, worker: dict) -> JobRun:
    deadline = time.monotonic() + WORKER_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        if worker["process"].poll() is not None:
            break
        time.sleep(0.2)
    pytest.fail(f"the worker did not finish job {job.pk} (status {job.status}):\n{worker['log'].read_text()}")


@pytest.fixture
def eager_off():
    """Let this process send tasks to the broker instead of running them in place."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = previous


def test_roster_export_runs_in_a_real_worker_and_writes_every_cadre(transactional_db, worker, eager_off):
    # given: committed cadres and an org-staff user who may export them all
    root = UnitFactory(name="新龙县", code="513329")
    organ = UnitFactory(name="县财政局", parent=root)
    CadreFactory.create_batch(7, unit=organ)
    staff = UserFactory(role=Role.ORG_STAFF)
    job = job_run_create(
        kind=LIST_EXPORT_KIND, requested_by=staff, parameters={"view": "cadres:cadre_list", "query": ""}
    )

    # when: the task goes through Redis to the worker process
    list_export_task.apply_async(args=[job.pk], queue=worker["queue"])
    job = _wait_until_finished(job, worker)

    # then: the worker wrote the file, and its rows are exactly the cadres
    assert job.status == JobRun.Status.SUCCEEDED, job.error
    assert job.summary == {"rows": 7}
    assert (job.total, job.done) == (7, 7)
    sheet = load_workbook(worker["media_root"] / job.result_file.name, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[2], rows[3:]  # below the title and the filters line
    id_column = header.index("身份证号")
    assert sorted(row[id_column] for row in data) == sorted(Cadre.objects.values_list("id_number", flat=True))
    assert "core.list_export" in worker["log"].read_text()


def _wait_until(job: JobRun, condition, *, process: subprocess.Popen, log_path: Path) -> JobRun:
    deadline = time.monotonic() + WORKER_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        if process.poll() is not None:
            break
        time.sleep(0.1)
    pytest.fail(f"job {job.pk} stayed {job.status} at {job.done}/{job.total}:\n{log_path.read_text()}")


def test_a_job_whose_worker_is_killed_mid_way_runs_again_when_the_worker_starts_again(
    transactional_db, real_worker_services, tmp_path, eager_off
):
    # given: a worker running a 12-step job (a quarter of a second a step), killed with SIGKILL after 3 steps
    queue, media_root, log_path = f"test-{uuid.uuid4().hex}", tmp_path / "media", tmp_path / "worker.log"
    media_root.mkdir()
    worker = _start_worker(queue=queue, media_root=media_root, log_path=log_path, include="tests.core.worker_jobs")
    staff = UserFactory(role=Role.ORG_STAFF)
    job = job_run_enqueue(
        task=count_task, kind=COUNT_KIND, requested_by=staff, parameters={"steps": 12, "delay": 0.25}, queue=queue
    )
    try:
        _wait_until(job, lambda job: job.done >= 3, process=worker, log_path=log_path)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == JobRun.Status.RUNNING  # nothing in the dead worker could say otherwise
    assert 3 <= job.done < 12

    # when: the worker starts again (same node name)
    restarted = _start_worker(queue=queue, media_root=media_root, log_path=log_path, include="tests.core.worker_jobs")
    try:
        job = _wait_until(job, lambda job: job.is_finished, process=restarted, log_path=log_path)
    finally:
        _stop(restarted)

    # then: the job ran again from the start and finished, in its second attempt
    assert (job.status, job.error) == (JobRun.Status.SUCCEEDED, "")
    assert (job.attempts, job.done, job.total, job.summary) == (2, 12, 12, {"counted": 12})
    assert f"lost jobs: sent again [{job.pk}]" in log_path.read_text()


def test_the_health_endpoint_sees_the_worker_of_each_queue_and_names_it_when_it_stops(
    transactional_db, worker, eager_off, settings
):
    from django.test import Client
    from kombu import Queue

    from core.heartbeats import heartbeat_record

    # given: Redis up, the beat alive, and a worker consuming the (only) queue
    settings.CELERY_TASK_QUEUES = [Queue(worker["queue"])]
    heartbeat_record(name="beat")

    response = Client().get("/health/")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["ok"] is True
    assert f"{worker['queue']} 1" in response.json()["checks"]["worker"]["detail"]

    # when: the worker stops
    _stop(worker["process"])

    # then: 503, naming the worker's queue
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["down"] == ["worker"]
    detail = response.json()["checks"]["worker"]["detail"]
    assert detail.startswith(f"队列 {worker['queue']} 没有后台进程") or detail == "没有后台进程应答。"
