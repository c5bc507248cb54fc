"""Production settings: refuse to start without a secret key; pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def run_manage(*args: str, unset: tuple[str, ...] = (), **env_overrides: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_overrides})
    for name in unset:
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


SERVICES = {"DATABASE_URL": "postgres://production@127.0.0.1:1/cadres", "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_ALLOWED_HOSTS="example.org", **SERVICES)

    assert result.returncode == 1
    assert "django.core.exceptions.ImproperlyConfigured: Set the DJANGO_SECRET_KEY environment variable" in (
        result.stderr
    )


def test_production_passes_the_deployment_checks():
    # Production runs on PostgreSQL: the URL points at a closed port because the checks never connect, and
    # SQLite-only warnings (such as covering indexes it ignores) do not apply.
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="example.org",
        **SERVICES,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    # security.W021 (HSTS preload) is silenced on purpose: preload lists are for public domains.
    assert result.stdout == "System check identified no issues (1 silenced).\n"
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    ("missing", "value"),
    [
        ("DATABASE_URL", None),
        ("DATABASE_URL", "sqlite:////tmp/production.sqlite3"),
        ("CELERY_BROKER_URL", None),
        ("CELERY_BROKER_URL", ""),
    ],
)
def test_production_refuses_to_start_without_its_database_or_broker(missing, value):
    services = {name: url for name, url in SERVICES.items() if name != missing or value is not None}
    if value is not None:
        services[missing] = value
    result = run_manage(
        "check",
        unset=() if value is not None else (missing,),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="example.org",
        **services,
    )

    assert result.returncode == 1
    assert f"ImproperlyConfigured: Set the {missing} environment variable" in result.stderr


def test_production_hsts_starts_short_and_is_raised_by_the_setting():
    script = "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS, settings.CELERY_TASK_ALWAYS_EAGER)"
    base = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(60), "DJANGO_ALLOWED_HOSTS": "example.org", **SERVICES}

    short = run_manage("shell", "-c", script, **base)
    raised = run_manage("shell", "-c", script, DJANGO_SECURE_HSTS_SECONDS="31536000", **base)

    assert (short.stdout.splitlines()[-1], raised.stdout.splitlines()[-1]) == ("3600 False", "31536000 False")
