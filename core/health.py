"""Health of the running system: the database, Redis (the broker), the workers of each queue, the beat's last
run and the last backup, for the department's monitoring (``/health/``) and the admins' page
(``/admin/health/``). Issue 17.

Each check answers within a few seconds even when what it checks is down (fail-fast connections), and says in
one line what it found. On the embedded default (no broker, eager tasks) there is no Redis, worker or beat
to check: those checks say so and pass.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from core.heartbeats import heartbeat_age, heartbeat_get

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    """One line of the report. ``critical`` checks that fail make the whole report "down" (HTTP 503)."""

    name: str  # "database", "redis", "worker", "beat", "backup": stable keys for monitoring
    label: str  # the Chinese name shown to admins
    ok: bool
    detail: str
    critical: bool = True

    def as_dict(self) -> dict:
        return {"ok": self.ok, "label": self.label, "detail": self.detail, "critical": self.critical}


@dataclass(frozen=True)
class HealthReport:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks if check.critical)

    @property
    def down(self) -> list[str]:
        """The names of the critical checks that failed, e.g. ["redis", "worker"]."""
        return [check.name for check in self.checks if check.critical and not check.ok]

    def as_dict(self) -> dict:
        return {
            "status": "ok" if self.ok else "down",
            "down": self.down,
            "checked_at": timezone.now().isoformat(),
            "checks": {check.name: check.as_dict() for check in self.checks},
        }


def health_report() -> HealthReport:
    """Run every check; never raises (a check that crashes is reported as down with its error)."""
    from config.celery_app import app

    eager = bool(app.conf.task_always_eager)
    checks = [_guarded("database", _("数据库"), _check_database)]
    if eager:
        not_used = _("未使用：未配置 CELERY_BROKER_URL，后台任务在网页进程内执行。")
        checks += [
            Check("redis", "Redis", True, not_used),
            Check("worker", _("后台进程"), True, not_used),
            Check("beat", _("定时任务"), True, not_used),
        ]
    else:
        redis = _guarded("redis", "Redis", _check_broker)
        checks.append(redis)
        if redis.ok:
            checks.append(_guarded("worker", _("后台进程"), _check_workers))
        else:
            checks.append(Check("worker", _("后台进程"), False, _("无法检查：Redis 不可用。")))
        checks.append(_guarded("beat", _("定时任务"), _check_beat))
    checks.append(_guarded("backup", _("备份"), _check_backup))
    return HealthReport(checks=checks)


def _guarded(name: str, label: str, check) -> Check:
    try:
        ok, detail, *critical = check()
    except Exception as error:  # a check must report, not crash: the failure is the finding
        logger.warning("health check %s failed: %s", name, error)
        return Check(name, label, False, _("不可用：%(error)s") % {"error": _short(error)})
    return Check(name, label, ok, detail, *critical)


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]


def _check_database() -> tuple[bool, str]:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, _("正常（%(vendor)s）") % {"vendor": connection.vendor}


def _check_broker() -> tuple[bool, str]:
    from core.jobs import broker_connection_fail_fast

    with broker_connection_fail_fast() as broker:
        broker.ensure_connection(max_retries=0)
    return True, _("正常")


def _check_workers() -> tuple[bool, str]:
    """Every queue in CELERY_TASK_QUEUES has a worker that answers within HEALTH_WORKER_TIMEOUT_SECONDS."""
    from config.celery_app import app
    from core.jobs import broker_connection_fail_fast

    with broker_connection_fail_fast() as broker:
        inspect = app.control.inspect(timeout=settings.HEALTH_WORKER_TIMEOUT_SECONDS, connection=broker)
        replies = inspect.active_queues() or {}
    if not replies:
        return False, _("没有后台进程应答。")
    consumers = {queue.name: 0 for queue in settings.CELERY_TASK_QUEUES}
    for queues in replies.values():
        for queue in queues or []:
            consumers[queue["name"]] = consumers.get(queue["name"], 0) + 1
    idle = [name for name, count in consumers.items() if count == 0]
    counts = "，".join(f"{name} {count}" for name, count in sorted(consumers.items()))
    if idle:
        return False, _("队列 %(queues)s 没有后台进程（各队列进程数：%(counts)s）。") % {
            "queues": "、".join(idle),
            "counts": counts,
        }
    return True, _("%(workers)s 个后台进程应答（各队列进程数：%(counts)s）。") % {
        "workers": len(replies),
        "counts": counts,
    }


def _minutes(age) -> int:
    return int(age.total_seconds() // 60)


def _check_beat() -> tuple[bool, str]:
    """The beat's watchdog (every JOBS_WATCHDOG_INTERVAL_SECONDS) ran within HEALTH_BEAT_MAX_AGE_SECONDS."""
    age = heartbeat_age(name="beat")
    if age is None:
        return False, _("定时任务从未运行。")
    if age.total_seconds() > settings.HEALTH_BEAT_MAX_AGE_SECONDS:
        return False, _("定时任务已 %(minutes)s 分钟没有运行。") % {"minutes": _minutes(age)}
    return True, _("最近一次运行在 %(seconds)s 秒前。") % {"seconds": int(age.total_seconds())}


def _check_backup() -> tuple[bool, str, bool]:
    """The last backup succeeded within BACKUP_MAX_AGE_HOURS; critical only once backups are running."""
    heartbeat = heartbeat_get(name="backup")
    if heartbeat is None:
        return True, _("尚无备份记录（manage.py backup，或每晚的定时备份）。"), False
    age = timezone.now() - heartbeat.seen_at
    details = heartbeat.details or {}
    if not details.get("ok", False):
        return False, _("最近一次备份失败：%(error)s") % {"error": details.get("error", "")}, True
    hours = age.total_seconds() / 3600
    if hours > settings.BACKUP_MAX_AGE_HOURS:
        return False, _("最近一次备份已是 %(hours)d 小时前。") % {"hours": hours}, True
    message = _("最近一次备份：%(file)s（%(hours).1f 小时前）。")
    return True, message % {"file": details.get("file", ""), "hours": hours}, True
