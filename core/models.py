"""Shared plumbing with no business rules: a timestamped base model, the job-run row, service heartbeats."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_CHOICE_LABELS: dict[tuple[int, str], dict] = {}


def choice_labels(field: models.Field) -> dict:
    """``{value: label}`` of a field's choices, the labels translated into the active language, built once.

    Django's ``get_FOO_display`` rebuilds a dict of every choice on each call, and hashing each lazily
    translated label translates it again: a list page of 25 cadres spent about a fifth of its CPU there.
    """
    key = (id(field), get_language() or "")
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        labels = _CHOICE_LABELS[key] = {value: str(label) for value, label in field.flatchoices}
    return labels


class TimeStampedModel(models.Model):
    """Adds creation and last-change times to a model, and a cheap ``get_FOO_display`` (``choice_labels``)."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            return choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value: Django's own way
            return super()._get_FIELD_display(field)


class JobRun(TimeStampedModel):
    """One run of a background job, with its progress, so a page can show a progress bar.

    Jobs update ``done``/``total`` as they work through key-ordered batches, and write a result file or
    a summary when they finish. A restarted job finds its row by id and carries on. ``core.jobs`` writes
    every field; see its docstring for the life of a job (queued, claimed by a worker, heartbeats, retried
    after a lost worker, failed with a reason).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务类型"), max_length=64, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="job_runs",
    )
    parameters = models.JSONField(_("参数"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    result_file = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    summary = models.JSONField(_("结果摘要"), default=dict, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # The Celery task that runs the job, so that a lost run can be sent again (empty: not restartable).
    task_name = models.CharField(_("任务名"), max_length=200, blank=True)
    # The queue the job was sent to when the caller chose one; empty: the routes in settings decide.
    queue = models.CharField(_("队列"), max_length=200, blank=True)
    # Identifies "the same request" (kind, user, parameters): one such job at a time is pending or running.
    dedupe_key = models.CharField(_("去重键"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    worker = models.CharField(_("执行进程"), max_length=200, blank=True)
    worker_pid = models.PositiveIntegerField(_("进程号"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    # The last sign of life of a running job (claim, progress, heartbeat): the stale-job check reads it.
    heartbeat_at = models.DateTimeField(_("最近进展"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Opening the same export link twice starts one job: a second identical request finds this one.
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(status__in=["pending", "running"]) & ~Q(dedupe_key=""),
                name="jobrun_one_active_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return min(99, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def is_restartable(self) -> bool:
        """A failed job whose task is known can be started again (jobs are idempotent)."""
        return self.status == self.Status.FAILED and bool(self.task_name)

    @property
    def is_waiting_for_worker(self) -> bool:
        """Queued for longer than ``JOBS_UNCLAIMED_WARNING_SECONDS``: probably no worker is running."""
        waited = timezone.now() - self.created_at
        return self.status == self.Status.PENDING and waited > datetime.timedelta(
            seconds=settings.JOBS_UNCLAIMED_WARNING_SECONDS
        )


class ServiceHeartbeat(models.Model):
    """The last time a background service showed it was alive (the beat's periodic check, the last backup).

    The health check reads these rows: the beat itself keeps no record that another machine could read.
    """

    name = models.CharField(_("服务"), max_length=64, unique=True)
    seen_at = models.DateTimeField(_("最近运行"))
    details = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("服务心跳")
        verbose_name_plural = _("服务心跳")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
