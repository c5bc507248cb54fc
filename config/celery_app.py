"""The Celery application. Tasks live in each app's tasks.py and take ids only."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("cadre_incentive")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
