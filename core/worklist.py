"""The to-do list (工作台): what is waiting for this user today, computed from the data when it is read.

Each app registers its kinds of work in its AppConfig.ready() (试用期满待考核 in careers, 锻炼期满 in
postings, 待审核住房申请 in care, 外部学时待审核 in training, 待审批奖励人选 in rewards, 评分任务 in
assessments). An item's ``rows(user, today)`` is the user's scoped queryset of what waits, so the list is
right with or without a beat schedule (a job may cache it, never be its only source). A page reads each
kind with one COUNT and one short preview query, however many rows wait.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

PREVIEW_ROWS = 5


@dataclass(frozen=True)
class WorkItem:
    """One kind of work: its label, who gets it, the waiting rows, how a row reads, where the whole list is.

    ``rows(user, today)`` → scoped QuerySet (or None when the kind is not this user's);
    ``describe(row)`` → ``(text, url)``; ``url`` → the list page (a URL name, or a callable of the user),
    left out when the page is not there.
    """

    key: str
    order: int
    label: str
    rows: Callable[[object, date], QuerySet | None]
    describe: Callable[[object], tuple[str, str]]
    url: str | Callable[[object], str] = ""
    hint: str = ""


_ITEMS: dict[str, WorkItem] = {}


def register_work_item(**fields) -> None:
    item = WorkItem(**fields)
    _ITEMS[item.key] = item


def _url(item: WorkItem, user) -> str:
    if callable(item.url):
        return item.url(user)
    if not item.url:
        return ""
    try:
        return reverse(item.url)
    except NoReverseMatch:  # the app's page is not there (yet): the item still counts
        return ""


def work_rows(user, today: date) -> list[tuple[WorkItem, QuerySet]]:
    """The kinds of work open to ``user``, in order, with their scoped querysets (nothing run yet)."""
    found = []
    for item in sorted(_ITEMS.values(), key=lambda i: i.order):
        rows = item.rows(user, today) if user.is_authenticated else None
        if rows is not None:
            found.append((item, rows))
    return found


def worklist(user, today: date) -> list[dict]:
    """Every kind of work for ``user`` on ``today``, with its count and the first rows.

    Shape: ``[{"key", "label", "hint", "count", "url", "preview": [(text, url)]}]``, kinds with nothing
    waiting included (count 0), so the page says so. Two queries per kind.
    """
    entries = []
    for item, rows in work_rows(user, today):
        count = rows.count()
        preview = [item.describe(row) for row in rows[:PREVIEW_ROWS]] if count else []
        entries.append(
            {
                "key": item.key,
                "label": item.label,
                "hint": item.hint,
                "count": count,
                "url": _url(item, user),
                "preview": preview,
            }
        )
    return entries


def worklist_count(user, today: date) -> int:
    """How many things wait for ``user`` in all (the menu bar's badge): one COUNT per kind."""
    return sum(rows.count() for _item, rows in work_rows(user, today))
