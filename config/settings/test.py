"""Test settings: fast hashing, plain static storage, eager tasks unless a test asks for a real worker.

DATABASE_URL and CELERY_BROKER_URL come from the environment as everywhere else, so CI runs the same tests
against PostgreSQL and Redis.
"""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# whitenoise's manifest storage needs collectstatic; tests use the plain storage (stack-notes.md).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
LANGUAGE_CODE = "zh-hans"
AXES_ENABLED = True
# Keep test connections short-lived so a test database can be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0
