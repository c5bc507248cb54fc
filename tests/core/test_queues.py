"""Which queue each task goes to (CELERY_TASK_ROUTES, issue 17): the long recomputes on "recompute", so that an
export on "default" never waits behind one."""

import pytest
from django.utils.module_loading import autodiscover_modules

from config.celery_app import app

RECOMPUTE = {
    "assessments.tasks.recompute_failed",
    "assessments.tasks.recompute_finish",
    "assessments.tasks.recompute_open_periods",
    "assessments.tasks.recompute_period",
    "assessments.tasks.recompute_pool_batch",
    "assessments.tasks.recompute_pool_batches",
    "assessments.tasks.recompute_stale_pools",
    "dashboard.record_audit",
    "dashboard.tasks.record_audit_nightly",
    "rewards.tasks.recompute_eligibility",
    "rewards.tasks.recompute_eligibility_batch",
    "rewards.tasks.recompute_eligibility_failed",
    "rewards.tasks.recompute_eligibility_finish",
    "rewards.tasks.recompute_eligibility_nightly",
}


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name, (), {})["queue"].name


@pytest.fixture(scope="module")
def task_names() -> list[str]:
    autodiscover_modules("tasks")  # what the worker imports at start
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def test_the_recompute_jobs_of_assessments_rewards_and_the_record_audit_go_to_the_recompute_queue(task_names):
    assert set(task_names) >= RECOMPUTE
    assert {name for name in task_names if queue_of(name) == "recompute"} == RECOMPUTE


@pytest.mark.parametrize(
    "task_name", ["core.list_export", "dashboard.appointment_form_batch", "core.tasks.jobs_watchdog"]
)
def test_exports_documents_and_the_watchdog_go_to_the_default_queue(task_name):
    assert queue_of(task_name) == "default"


def test_every_beat_task_exists(task_names):
    from django.conf import settings

    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(task_names)
