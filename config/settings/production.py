"""Production: refuses to start degraded; HTTPS, secure cookies, manifest static files.

Without DJANGO_SECRET_KEY, DATABASE_URL (PostgreSQL) or CELERY_BROKER_URL it does not start: the embedded
defaults (SQLite, eager tasks) have no row locks, no exclusion constraints, and would run 100,000-row
exports inside gunicorn.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: a missing key is an ImproperlyConfigured error


def _required(name: str, *, refuse_prefix: str = "") -> str:
    """An environment variable production cannot run without (ImproperlyConfigured, naming it, if absent)."""
    value = env(name, default="").strip()
    if not value or (refuse_prefix and value.startswith(refuse_prefix)):
        raise ImproperlyConfigured(
            f"Set the {name} environment variable: production does not fall back to the embedded "
            "SQLite database and eager in-process tasks."
        )
    return value


_required("DATABASE_URL", refuse_prefix="sqlite")
CELERY_BROKER_URL = _required("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# Needed only when pages are posted from another origin (e.g. a separate front-end host).
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Monitoring asks the application port directly over HTTP: the health endpoint answers without a redirect.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS starts short (an hour) so that a mistake in the HTTPS set-up can be undone; raise it with the setting
# (e.g. to a week, then a year) once HTTPS is known good. Browsers' preload lists are for public domains, not
# an intranet host: preload stays off, so Django's preload reminder (security.W021) is silenced.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Only the hashed copies of the static files: every page links them through {% static %} (the manifest), so
# nothing asks for an unhashed name. Halves collectstatic's compressing (each install and upgrade) and staticfiles/.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
