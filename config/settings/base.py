"""Settings shared by every environment.

Everything that differs between machines comes from the environment (django-environ). With nothing set,
the project runs on embedded defaults: a SQLite file and Celery tasks executed eagerly in-process.
Numbers that domain-rules.md marks S or L live in ``config/settings/rules.py`` so that the organization
department can change them without touching logic.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from kombu import Queue
from whitenoise.compress import Compressor

from config.settings.rules import *  # noqa: F403  (regulation defaults, all overridable)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key-change-me-0123456789")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "simple_history",
    "core.apps.AxesConfig",  # django-axes, named in Chinese
    "django_htmx",
    "core",
    "accounts",
    "cadres",
    "careers",
    "training",
    "postings",
    "care",
    "assessments",
    "rewards",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.JobQueueUnavailableMiddleware",
    "core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]
# A refused form post (no or a stale CSRF token) gets the site's Chinese page with the way back.
CSRF_FAILURE_VIEW = "core.csrf.csrf_failure"

# Content-Security-Policy on every response (Django's own middleware, issue 14.1): scripts only from this
# site's static files, so a stored name that slips past an escape cannot run, and nothing from any other
# origin (the intranet has no internet anyway). Page scripts live in static/js, never inline. Inline
# *styles* stay allowed: templates and ECharts' tooltips set style attributes, which cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Covering indexes (Index(include=…)) serve PostgreSQL's index-only scans; SQLite, the embedded default, cannot
# build them and Django skips them there with this warning. The uniqueness they sit beside is a constraint of
# its own, built everywhere.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# A new PostgreSQL connection costs about 8 ms here; keep connections open (stack-notes.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a handful of users at once: a write transaction takes the write lock when it
    # begins (IMMEDIATE) and waits up to SQLITE_BUSY_TIMEOUT seconds for it, instead of failing half-way with
    # "database is locked"; WAL lets pages read while another request writes (stack-notes.md, issue 14.7).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login lockout (django-axes): five failures lock the username+IP pair for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Every file under MEDIA_ROOT is private (exports, uploaded evidence, generated documents): no URL serves the
# folder. Files go out only through views that check the user (core.private_files). MEDIA_URL is nginx's
# internal location for X-Accel-Redirect: unreachable from outside, so FieldFile.url leads nowhere public.
MEDIA_URL = "/protected-media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# collectstatic (production) compresses static files with gzip and brotli; the CJK fonts (16 MB, compressed
# already, read from disk by WeasyPrint) would take minutes at brotli's highest level for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "otf", "ttf", "map"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The empty choice of every single-choice filter (list pages, API browser) reads 全部, not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("全部")

# An API token lives this long after it is issued (and dies sooner with a password change, a deactivation
# or a revocation: accounts.tokens).
API_TOKEN_LIFETIME = datetime.timedelta(hours=env.int("API_TOKEN_LIFETIME_HOURS", default=12))
REST_FRAMEWORK = {
    # Token first: a request without credentials then gets 401 with "WWW-Authenticate: Token" (DRF takes
    # the header from the first class); session first would answer 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.ErrorDeclaringAutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "干部正向激励管理系统 API",
    "DESCRIPTION": "Cadre incentive management: units, cadres and their careers, training, postings, "
    "assessments, rewards and care. Every list is scoped to the logged-in user.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and its assets come from drf-spectacular-sidecar: nothing is fetched from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI would otherwise ask validator.swagger.io to badge the schema: no outside calls.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets used by more than one field get one schema name (spectacular warns otherwise).
    "ENUM_NAME_OVERRIDES": {
        "EducationEnum": "cadres.choices.Education",
        "RankEnum": "cadres.choices.Rank",
        "LeadershipLevelEnum": "cadres.choices.LeadershipLevel",
        "CategoryEnum": "cadres.choices.Category",
        "CadreStatusEnum": "cadres.choices.CadreStatus",
        "GenderEnum": "cadres.choices.Gender",
        "EthnicityEnum": "cadres.choices.Ethnicity",
        "PoliticalStatusEnum": "cadres.choices.PoliticalStatus",
        "UnitKindEnum": "cadres.choices.UnitKind",
        "RoleEnum": "accounts.models.Role",
        "CareFlatStatusEnum": "care.choices.FlatStatus",
        "CareApplicationStatusEnum": "care.choices.ApplicationStatus",
        "CareLeaveKindEnum": "care.choices.LeaveKind",
        "CareInspectionStatusEnum": "care.choices.InspectionStatus",
        "CareInspectionFrequencyEnum": "care.choices.InspectionFrequency",
        # Choice sets whose field names ("kind", "status", "grade") collide across apps.
        "CourseKindEnum": "training.choices.CourseKind",
        "CourseStatusEnum": "training.choices.CourseStatus",
        "AttendanceStatusEnum": "training.choices.AttendanceStatus",
        "CaseStatusEnum": "careers.choices.CaseStatus",
        "EvaluationGradeEnum": "postings.choices.EvaluationGrade",
        # assessments
        "AssessmentGradeEnum": "assessments.choices.Grade",
        "AssessmentUngradedReasonEnum": "assessments.choices.UngradedReason",
        "AssessmentResultSourceEnum": "assessments.choices.ResultSource",
        "AssessmentPeriodKindEnum": "assessments.choices.PeriodKind",
        "AssessmentPeriodStateEnum": "assessments.choices.PeriodState",
        "AssessmentPoolKindEnum": "assessments.choices.PoolKind",
        "AssessmentTemplateStatusEnum": "assessments.choices.TemplateStatus",
        "AssessmentItemKindEnum": "assessments.choices.ItemKind",
        "AssessmentRaterGroupEnum": "assessments.choices.RaterGroup",
        "AssessmentAssignmentStatusEnum": "assessments.choices.AssignmentStatus",
        "AssessmentRegularGradeEnum": "assessments.choices.RegularGrade",
        "AssessmentObjectionStatusEnum": "assessments.choices.ObjectionStatus",
        "AssessmentSuggestionKindEnum": "assessments.choices.SuggestionKind",
        "AssessmentSuggestionStatusEnum": "assessments.choices.SuggestionStatus",
        "AssessmentSelfSummaryStatusEnum": "assessments.choices.SelfSummaryStatus",
        # rewards
        "AwardKindEnum": "rewards.choices.AwardKind",
        "AwardStatusEnum": "rewards.choices.AwardStatus",
        "CandidateStatusEnum": "rewards.choices.CandidateStatus",
        "GrantStatusEnum": "rewards.choices.GrantStatus",
        "GrantBasisKindEnum": "rewards.choices.GrantBasisKind",
        "LedgerEntryKindEnum": "rewards.choices.LedgerEntryKind",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Celery: with no broker configured, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Redis as result backend (stack-notes.md); job progress itself lives on core.JobRun rows.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ACKS_LATE = True
# A worker process that dies mid-task gives its message back to the queue instead of acknowledging it, so
# the job runs again (jobs are idempotent; core.jobs lets one run at a time). See also JOBS_* below.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# The periodic schedule is code, reviewed like code (django-celery-beat does not support Django 6.1).
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE["postings-daily"] = {
    "task": "postings.tasks.postings_daily",
    "schedule": crontab(hour=1, minute=30),  # CELERY_TIMEZONE: Asia/Shanghai,
}
# Assessments (issue 12): recompute the periods still being scored or proposed every night (changes also queue
# their pools' recompute at once), and put the consequences of last year's results on the staff to-do list.
CELERY_BEAT_SCHEDULE["assessments-recompute-nightly"] = {
    "task": "assessments.tasks.recompute_open_periods",
    "schedule": crontab(hour=2, minute=10),
}
CELERY_BEAT_SCHEDULE["assessments-suggestions-nightly"] = {
    "task": "assessments.tasks.refresh_suggestions",
    "schedule": crontab(hour=2, minute=40),
}

# Page kit (core/pages.py, core/exports.py): a list export of more rows than this runs as a background job
# with a progress bar. ROSTER_EXPORT_INLINE_MAX_ROWS is the setting's former name, still read.
LIST_EXPORT_INLINE_MAX_ROWS = env.int(
    "LIST_EXPORT_INLINE_MAX_ROWS", default=env.int("ROSTER_EXPORT_INLINE_MAX_ROWS", default=5000)
)
# One date format in every table, form and export, in every language: 2026-11-30 (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]

# ---------------------------------------------------------------------------------------------------------------
# Operations (ops, issue 17 and 14.3/14.7/14.8): queues, jobs that never hang, health, backups, private files.
# ---------------------------------------------------------------------------------------------------------------
# Two queues, so that a long recompute never delays an export. A task goes to "recompute" when its name
# matches "*.tasks.recompute_*" (e.g. @shared_task(name="assessments.tasks.recompute_period")) or when it
# says so itself (@shared_task(queue="recompute")); every other task goes to "default". Production runs one
# worker per queue (deploy/systemd/); `make worker` consumes both.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue("default"), Queue("recompute")]
# The record audit (干部信息核查) reads every serving cadre's records: a recompute too.
CELERY_TASK_ROUTES = {
    "*.tasks.recompute_*": {"queue": "recompute"},
    "dashboard.record_audit": {"queue": "recompute"},
    "dashboard.tasks.record_audit_nightly": {"queue": "recompute"},
}
# Starting a job answers at once when the broker is down (core.jobs.job_run_enqueue): seconds to connect.
JOBS_ENQUEUE_CONNECT_TIMEOUT_SECONDS = env.float("JOBS_ENQUEUE_CONNECT_TIMEOUT_SECONDS", default=2.0)
# The job page says "no worker has taken this job" after this many seconds in the queue.
JOBS_UNCLAIMED_WARNING_SECONDS = env.int("JOBS_UNCLAIMED_WARNING_SECONDS", default=30)
# A running job with no progress (heartbeat) for this many minutes is taken for lost: run again or failed.
JOBS_STALE_AFTER_MINUTES = env.int("JOBS_STALE_AFTER_MINUTES", default=10)
# How many times a job is run before a lost run marks it failed (with a reason, and a button to start again).
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
# The watchdog (stale-job check, and the beat's sign of life for the health check) runs this often.
JOBS_WATCHDOG_INTERVAL_SECONDS = 60
CELERY_BEAT_SCHEDULE["core-jobs-watchdog"] = {
    "task": "core.tasks.jobs_watchdog",
    "schedule": JOBS_WATCHDOG_INTERVAL_SECONDS,
}
# Health (core.health, /health/ and /admin/health/): seconds to wait for the workers' answer; the beat counts as
# down when its watchdog has not run for this many seconds (it runs every JOBS_WATCHDOG_INTERVAL_SECONDS).
HEALTH_WORKER_TIMEOUT_SECONDS = env.float("HEALTH_WORKER_TIMEOUT_SECONDS", default=1.0)
HEALTH_BEAT_MAX_AGE_SECONDS = env.int("HEALTH_BEAT_MAX_AGE_SECONDS", default=300)
# Backups (core.backup, manage.py backup / restore): where the nightly backup writes its dated files, how many
# it keeps, and when the health check calls the last one too old.
BACKUP_DIR = env.path("DJANGO_BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
BACKUP_MAX_AGE_HOURS = env.int("BACKUP_MAX_AGE_HOURS", default=26)
if env.bool("BACKUP_NIGHTLY", default=True):
    CELERY_BEAT_SCHEDULE["core-backup-nightly"] = {
        "task": "core.tasks.backup_nightly",
        "schedule": crontab(hour=env.int("BACKUP_HOUR", default=0), minute=40),
    }
# Private files (core.private_files): behind nginx, the app answers with X-Accel-Redirect to MEDIA_URL (an
# internal location) and nginx streams the file; otherwise Django streams it.
PRIVATE_FILES_X_ACCEL = env.bool("DJANGO_PRIVATE_FILES_X_ACCEL", default=False)

# Dashboard: the record audit (干部信息核查) runs nightly.
CELERY_BEAT_SCHEDULE["dashboard-record-audit"] = {
    "task": "dashboard.tasks.record_audit_nightly",
    "schedule": crontab(hour=2, minute=30),  # the record audit (干部信息核查), nightly
}

# The demo county (manage.py seed_demo): dotted paths of ``seed(*, rng, cadres_count, stdout)`` functions that
# add each area's demo data once the cadres exist, called in this order (see cadres/demo.py).
DEMO_SEED_EXTENSIONS: list[str] = [
    "careers.demo.seed",
    "training.demo.seed",
    "postings.demo.seed",
    "care.demo.seed",
    "cadres.demo_records.seed",
    "assessments.demo.seed",
    "rewards.demo.seed",
    "dashboard.demo.seed",  # last: the record audit reads every other area's records
]
# seed_demo --replace calls these first (dotted paths of functions taking no arguments), then deletes every
# cadre and unit with what protects them.
DEMO_DELETE_EXTENSIONS: list[str] = ["rewards.demo.delete", "assessments.demo.delete", "care.demo.delete"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Rewards: award candidates and rank-promotion eligibility of the whole county, every night after the grades.
CELERY_BEAT_SCHEDULE["rewards-eligibility-nightly"] = {
    "task": "rewards.tasks.recompute_eligibility_nightly",
    "schedule": crontab(hour=3, minute=0),
}
# Rewards: the eligibility engine fans out in batches of whole units of about this many active cadres.
REWARDS_ENGINE_BATCH_CADRES = env.int("REWARDS_ENGINE_BATCH_CADRES", default=5000)
