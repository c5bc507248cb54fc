"""The health endpoint and the admins' page (core.health, issue 17): 200 when everything is up, 503 naming what
is down otherwise. The real-worker version (every check up, with Redis, a worker on each queue and the beat)
is in test_celery_worker.py."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from core.health import health_report
from core.heartbeats import heartbeat_record
from core.models import ServiceHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_tasks():
    """Tasks for real workers, as in production (the broker address is the configured one)."""
    from config.celery_app import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield app.conf
    app.conf.task_always_eager = previous


@pytest.fixture
def broker_down(real_tasks):
    """A broker address where nothing listens."""
    previous = real_tasks.get("broker_write_url")
    real_tasks.broker_write_url = "redis://127.0.0.1:9/0"
    yield
    real_tasks.broker_write_url = previous


def test_on_the_embedded_default_the_endpoint_answers_200_and_says_redis_worker_and_beat_are_not_used():
    response = Client().get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert list(body["checks"]) == ["database", "redis", "worker", "beat", "backup"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["detail"].startswith("未使用")
    assert response["Cache-Control"].startswith("max-age=0")


def test_with_the_broker_unreachable_the_endpoint_answers_503_naming_redis_and_the_worker(broker_down):
    heartbeat_record(name="beat")
    response = Client().get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["down"] == ["redis", "worker"]
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["redis"]["detail"].startswith("不可用：")
    assert body["checks"]["worker"]["detail"] == "无法检查：Redis 不可用。"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["beat"]["ok"] is True


def test_a_beat_that_has_not_run_for_six_minutes_is_down(broker_down):
    heartbeat_record(name="beat")
    ServiceHeartbeat.objects.filter(name="beat").update(seen_at=timezone.now() - datetime.timedelta(minutes=6))
    beat = {check.name: check for check in health_report().checks}["beat"]
    assert (beat.ok, beat.detail) == (False, "定时任务已 6 分钟没有运行。")


def test_a_beat_that_never_ran_is_down(broker_down):
    beat = {check.name: check for check in health_report().checks}["beat"]
    assert (beat.ok, beat.detail) == (False, "定时任务从未运行。")


def test_no_backup_yet_is_noted_but_not_down():
    backup = {check.name: check for check in health_report().checks}["backup"]
    assert (backup.ok, backup.critical) == (True, False)


def test_a_failed_last_backup_makes_the_report_down():
    heartbeat_record(name="backup", details={"ok": False, "error": "pg_dump: connection refused"})
    report = health_report()
    assert report.down == ["backup"]
    backup = {check.name: check for check in report.checks}["backup"]
    assert backup.detail == "最近一次备份失败：pg_dump: connection refused"


def test_a_backup_older_than_the_setting_makes_the_report_down(settings):
    settings.BACKUP_MAX_AGE_HOURS = 26
    heartbeat_record(name="backup", details={"ok": True, "file": "/var/backups/cadre-backup-20261128-004000.tar"})
    ServiceHeartbeat.objects.filter(name="backup").update(seen_at=timezone.now() - datetime.timedelta(hours=30))
    assert health_report().down == ["backup"]


def test_a_database_error_is_named_and_answers_503(monkeypatch):
    def refused():
        raise OSError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr("core.health._check_database", refused)
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]
    assert response.json()["checks"]["database"]["detail"] == (
        "不可用：connection to server at 127.0.0.1, port 5432 failed: Connection refused"
    )


def test_the_admin_page_shows_each_check_to_administrators(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.get("/admin/health/")
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("数据库", "Redis", "后台进程", "定时任务", "备份"):
        assert f"<td>{label}</td>" in page
    index = client.get("/admin/").content.decode()
    assert 'href="/admin/health/"' in index


def test_the_admin_page_is_refused_to_org_staff_and_anonymous_users(org_staff):
    anonymous = Client().get("/admin/health/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    client = Client()
    client.force_login(org_staff)
    response = client.get("/admin/health/")
    assert response.status_code in (302, 403)
