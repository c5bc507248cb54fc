"""Test settings: fast hashing, plain static storage, eager tasks unless a test asks for a real worker.

DATABASE_URL and CELERY_BROKER_URL come from the environment as everywhere else, so CI runs the same tests
against PostgreSQL and Redis.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# whitenoise's manifest storage needs collectstatic; tests use the plain storage (stack-notes.md).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Eager unless told otherwise: the real-worker test starts its worker with CELERY_TASK_ALWAYS_EAGER=false.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
LANGUAGE_CODE = "zh-hans"
AXES_ENABLED = True
# Keep test connections short-lived so a test database can be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# No collectstatic in tests: whitenoise would warn about the missing STATIC_ROOT on every request.
STATIC_ROOT = None
