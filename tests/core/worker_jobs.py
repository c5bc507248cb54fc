"""A slow, idempotent job for the tests of core.jobs: counts to ``steps``, ``delay`` seconds a step.

The real-worker tests start their worker with ``--include tests.core.worker_jobs`` so that it knows this
task, and send the job to a queue of that worker only (``job_run_enqueue(queue=...)``), so that parallel
test processes and other runs on the same Redis never take each other's messages.
"""

import time

from celery import shared_task

from core.jobs import job_run_advance, job_run_execute, job_run_start

COUNT_KIND = "tests.count"


def _count(job) -> dict:
    steps, delay = job.parameters["steps"], job.parameters.get("delay", 0)
    if job.parameters.get("fail"):
        raise RuntimeError(job.parameters["fail"])
    job_run_start(job=job, total=steps)
    for _step in range(steps):
        time.sleep(delay)
        job_run_advance(job=job, by=1)
    return {"counted": steps}


@shared_task(name="tests.count", ignore_result=True)
def count_task(job_id: int) -> None:
    job_run_execute(job_id=job_id, work=_count)
