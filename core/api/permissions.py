"""The API's permission classes: thin wrappers that ask accounts.policy (the one policy).

Reading follows the scope (selectors; out of scope is 404). Writing needs a staff role, and the record
or field written to must be in the writer's scope (checked by the services).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from accounts import policy


class StaffOnly(permissions.BasePermission):
    """Endpoints only staff use (org staff, unit HR, admins)."""

    message = _("此功能仅供干部管理工作人员使用。")

    def has_permission(self, request, view) -> bool:
        return policy.is_staff(request.user)


class StaffWritesOnly(permissions.BasePermission):
    """Anyone logged in reads within his or her scope; writing needs a staff role."""

    message = _("您没有修改干部档案的权限。")

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or policy.is_staff(request.user)


class OrgWideWritesOnly(permissions.BasePermission):
    """County-wide registers: org staff write, staff read."""

    message = _("此功能由组织部统一管理。")

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or policy.is_org_wide(request.user)
