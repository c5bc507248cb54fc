"""The custom user model: a role, the units a unit-HR user manages, and the cadre a cadre user is."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords

CADRE_ROLE_NOT_STAFF_MESSAGE = _("“干部本人”角色的账号不能进入管理后台。")


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    ORG_STAFF = "org_staff", _("组织部工作人员")
    UNIT_HR = "unit_hr", _("单位人事专干")
    CADRE = "cadre", _("干部本人")


class User(AbstractUser):
    """A login. What it may see follows from its role (see accounts/policy.py):

    - admin and org staff: every unit and record;
    - unit HR: the cadres of ``managed_units`` and all their sub-units, read and write;
    - cadre: read-only, the linked ``cadre`` only.
    """

    role = models.CharField(_("角色"), max_length=16, choices=Role, default=Role.CADRE)
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    managed_units = models.ManyToManyField(
        "cadres.Unit", verbose_name=_("管理单位"), blank=True, related_name="hr_users"
    )
    cadre = models.OneToOneField(
        "cadres.Cadre",
        verbose_name=_("对应干部"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user_account",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="cadre") | models.Q(is_staff=False),
                name="user_cadre_role_not_staff",
                violation_error_message=CADRE_ROLE_NOT_STAFF_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs) -> None:
        """Save; a new password or a deactivation ends the user's API tokens (``accounts.tokens``), as it
        ends the other browser sessions."""
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed or not self.is_active:
            from accounts.tokens import tokens_revoke

            tokens_revoke(user=self)

    # For templates' display-only conditions; code asks accounts.policy, the one place that decides.
    @property
    def sees_everything(self) -> bool:
        """Admins and org staff see all units and all records (``policy.is_org_wide``)."""
        from accounts import policy

        return policy.is_org_wide(self)

    @property
    def is_staff_user(self) -> bool:
        """Anyone who works on other people's records (``policy.is_staff``)."""
        from accounts import policy

        return policy.is_staff(self)

    @property
    def can_write_cadres(self) -> bool:
        """May create and change cadre records (``policy.is_staff``)."""
        from accounts import policy

        return policy.is_staff(self)

    @property
    def may_open_admin(self) -> bool:
        """Shows the admin link in the menu (``policy.is_admin``)."""
        from accounts import policy

        return policy.is_admin(self)
