"""Who changed a record, and why: one history context for requests, services, jobs and the shell.

Every change to a person's record is kept with who and when (architecture rule 6). In a request,
django-simple-history's middleware knows the user. Everywhere else (a Celery job, a bulk service, the
shell) the code names the actor itself::

    with history_context(actor=job.requested_by or system_actor(), reason=_("每日实践锻炼状态更新")):
        ...every save and bulk write here is recorded with that actor and reason...

Services wear ``@atomic_with_history`` (a transaction, in the history context of their ``actor=``
argument); tasks open ``history_context`` with the user who started the job, or ``system_actor()`` for
beat runs. Bulk writes go through ``bulk_update_with_history`` / ``bulk_create_with_history`` here, which
fill the actor and reason from the context, or write explicit history rows (``history_rows_for_update``)
when the change is a set-based ``UPDATE``.

Precedence for one row: an explicit ``instance._history_user`` / ``_change_reason``, then the innermost
``history_context``, then the request's user (simple-history's middleware). Models declare their history
with ``core.history.HistoricalRecords`` (a test checks every model does), which reads this context.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from simple_history import models as simple_history_models
from simple_history import utils as simple_history_utils


@dataclass(frozen=True)
class HistoryFrame:
    actor: object | None
    reason: str


_frame: ContextVar[HistoryFrame | None] = ContextVar("history_frame", default=None)


@contextmanager
def history_context(actor, reason: str = "") -> Iterator[HistoryFrame]:
    """Record every change made inside the block with ``actor`` (a User, or None) and ``reason``.

    Nested contexts: the inner actor wins; an inner empty reason keeps the outer one.
    """
    outer = _frame.get()
    frame = HistoryFrame(actor=actor, reason=str(reason or (outer.reason if outer else "")))
    token = _frame.set(frame)
    try:
        yield frame
    finally:
        _frame.reset(token)


def current_actor():
    """The actor of the innermost history context, or None outside one."""
    frame = _frame.get()
    return frame.actor if frame else None


def current_reason() -> str:
    frame = _frame.get()
    return frame.reason if frame else ""


def atomic_with_history(func: Callable | None = None, *, reason: str = "") -> Callable:
    """Decorate a service ``f(*, actor, ...)``: run it in one transaction and in its actor's history context.

    ``@atomic_with_history`` or ``@atomic_with_history(reason=_("…"))``.
    """

    def decorate(service: Callable) -> Callable:
        @functools.wraps(service)
        def wrapper(*args, **kwargs):
            actor = kwargs.get("actor")
            if actor is not None and not getattr(actor, "is_authenticated", False):
                actor = None
            with transaction.atomic(), history_context(actor, str(reason) if reason else ""):
                return service(*args, **kwargs)

        return wrapper

    return decorate(func) if func is not None else decorate


_context_aware_models: set[str] = set()


class HistoricalRecords(simple_history_models.HistoricalRecords):
    """simple-history's HistoricalRecords, reading the actor and reason of ``history_context``."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender._meta.label and not sender._meta.abstract:
            _context_aware_models.add(sender._meta.label)

    def get_history_user(self, instance):
        if hasattr(instance, "_history_user"):
            return instance._history_user
        frame = _frame.get()
        if frame is not None and frame.actor is not None:
            return frame.actor
        return super().get_history_user(instance)

    def get_change_reason_for_object(self, instance, history_type, using):
        reason = super().get_change_reason_for_object(instance, history_type, using)
        return reason if reason else (current_reason() or None)


def _defaults(actor, reason) -> dict:
    return {
        "default_user": actor if actor is not None else current_actor(),
        "default_change_reason": str(reason) if reason else current_reason(),
    }


def bulk_update_with_history(
    objs: list, model: type[models.Model], fields: list[str], *, actor=None, reason: str = "", batch_size: int = 1000
) -> int:
    """``bulk_update`` that writes one history row per object, credited to the context's actor and reason."""
    return simple_history_utils.bulk_update_with_history(
        objs, model, fields, batch_size=batch_size, **_defaults(actor, reason)
    )


def bulk_create_with_history(
    objs: list,
    model: type[models.Model],
    *,
    actor=None,
    reason: str = "",
    batch_size: int = 1000,
    ignore_conflicts: bool = False,
) -> list:
    """``bulk_create`` that writes one history row per object, credited to the context's actor and reason.

    With ``ignore_conflicts``, rows the database already had are skipped, and so is their history.
    """
    return simple_history_utils.bulk_create_with_history(
        objs, model, batch_size=batch_size, ignore_conflicts=ignore_conflicts, **_defaults(actor, reason)
    )


def update_with_history(queryset: models.QuerySet, *, actor=None, reason: str = "", **values) -> int:
    """A set-based ``UPDATE`` that also records one history row per changed row (same actor and reason).

    The rows are locked in primary-key order, updated in one statement, then read back in one query and
    their history rows inserted in bulk: three statements however many rows.
    """
    model = queryset.model
    with transaction.atomic():
        ids = list(queryset.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))
        if not ids:
            return 0
        updated = model._default_manager.filter(pk__in=ids).update(**values)
        changed = list(model._default_manager.filter(pk__in=ids).order_by("pk"))
        model.history.bulk_history_create(
            changed, update=True, default_date=timezone.now(), batch_size=1000, **_defaults(actor, reason)
        )
    return updated


def system_actor():
    """The named system user that beat runs and other jobs started by nobody are credited to.

    It cannot log in (no usable password, inactive) and so reaches nothing through the policy.
    """
    username = getattr(settings, "SYSTEM_ACTOR_USERNAME", "system")
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, is_active=False, full_name=str(gettext_lazy("系统（定时任务）")))
        user.set_unusable_password()
        user.save()
    return user


def reads_history_context(model: type[models.Model]) -> bool:
    """Whether ``model`` declares its history with this module's HistoricalRecords (checked by a test)."""
    return model._meta.label in _context_aware_models
