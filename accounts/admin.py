"""Admin for logins: role, managed units and linked cadre are set here; every change is kept in the history."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import CADRE_ROLE_NOT_STAFF_MESSAGE, Role, User
from core.admin import SafeIdsMixin

ROLE_AND_SCOPE = (_("角色与范围"), {"fields": ("role", "full_name", "managed_units", "cadre")})


class RoleStaffMixin(forms.Form):
    """The database refuses a cadre-role login with admin access (user_cadre_role_not_staff); say why here."""

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if cleaned_data.get("role") == Role.CADRE and cleaned_data.get("is_staff"):
            self.add_error("is_staff", CADRE_ROLE_NOT_STAFF_MESSAGE)
        return cleaned_data


class UserAdminChangeForm(RoleStaffMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class UserAdminCreationForm(RoleStaffMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)


@admin.register(User)
class UserAdmin(SafeIdsMixin, SimpleHistoryAdmin, DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    list_display = ["username", "full_name", "role", "cadre", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "full_name", "cadre__name"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]
    filter_horizontal = ["managed_units", "groups", "user_permissions"]
    fieldsets = (*DjangoUserAdmin.fieldsets, ROLE_AND_SCOPE)
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, ROLE_AND_SCOPE)
