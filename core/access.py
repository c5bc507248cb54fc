"""Page-level access shared by every app's views: which pages are for staff only (asks accounts.policy)."""

from django.http import HttpRequest

from accounts import policy


def require_staff(request: HttpRequest) -> None:
    """Staff-only pages (org staff, unit HR, admins) answer 403 to anyone else; records stay scoped by selectors."""
    policy.require_staff(request.user)


def require_org_wide(request: HttpRequest, message: str | None = None) -> None:
    """Pages of county-wide work (courses, the burden-reduction register) answer 403 to anyone but org staff."""
    policy.require_org_wide(request.user, message)
