"""The Celery application. Tasks live in each app's tasks.py and take ids only.

Queues and routes are settings (CELERY_TASK_QUEUES, CELERY_TASK_ROUTES in config/settings/base.py).
"""

import os

from celery import Celery
from celery.signals import beat_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("cadre_incentive")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _recover_jobs_of_previous_run(sender, **kwargs) -> None:
    """A worker that starts again finds the jobs it was running when it died: they run again or fail."""
    from core.jobs import job_runs_recover_worker

    job_runs_recover_worker(worker=sender.hostname)


@beat_init.connect
def _beat_started(sender, **kwargs) -> None:
    """The beat records that it runs as soon as it starts (then its watchdog task does, every minute), so that
    the health check sees a freshly started beat at once."""
    import django

    django.setup()
    from core.heartbeats import heartbeat_record

    heartbeat_record(name="beat", details={"started": True})
