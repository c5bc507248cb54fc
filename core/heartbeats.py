"""Signs of life of the background services, for the health check (core.health)."""

import datetime

from django.utils import timezone

from core.models import ServiceHeartbeat


def heartbeat_record(*, name: str, details: dict | None = None) -> ServiceHeartbeat:
    """``name`` ("beat", "backup") ran just now; ``details`` say what it did."""
    heartbeat, _created = ServiceHeartbeat.objects.update_or_create(
        name=name, defaults={"seen_at": timezone.now(), "details": details or {}}
    )
    return heartbeat


def heartbeat_age(*, name: str) -> datetime.timedelta | None:
    """How long ago ``name`` last ran, or None if it never did."""
    seen_at = ServiceHeartbeat.objects.filter(name=name).values_list("seen_at", flat=True).first()
    return None if seen_at is None else timezone.now() - seen_at


def heartbeat_get(*, name: str) -> ServiceHeartbeat | None:
    """The last sign of life of ``name`` with its details, or None if it never ran."""
    return ServiceHeartbeat.objects.filter(name=name).first()
