"""Page-level access shared by every app's views: which pages are for staff only."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _


def require_staff(request: HttpRequest) -> None:
    """Staff-only pages (org staff, unit HR, admins) answer 403 to anyone else; records stay scoped by selectors."""
    if not request.user.is_staff_user:
        raise PermissionDenied(_("此页面仅供干部管理工作人员使用。"))
