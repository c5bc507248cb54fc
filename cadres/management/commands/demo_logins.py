"""``manage.py demo_logins``: print the four demo logins with their role, scope and password."""

import unicodedata

from django.core.management.base import BaseCommand

from accounts import policy
from accounts.models import User
from cadres import demo

SITE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "列出演示账号（用户名、角色、可见范围、密码）。"

    def handle(self, *args, **options):
        users = {
            user.username: user
            for user in User.objects.filter(username__in=demo.DEMO_LOGINS)
            .select_related("cadre__unit")
            .prefetch_related("managed_units")
        }
        if not users:
            self.stdout.write("还没有演示账号：先运行 manage.py seed_demo。")
            return
        self.stdout.write(f"\n干部正向激励管理系统  {SITE_URL}\n")
        self.stdout.write(f"{_pad('用户名', 10)}{_pad('密码', 12)}{_pad('角色', 16)}可见范围")
        for username in demo.DEMO_LOGINS:
            user = users.get(username)
            if user is None:
                continue
            role = _pad(str(user.get_role_display()), 16)
            self.stdout.write(f"{_pad(username, 10)}{_pad(demo.DEMO_PASSWORD, 12)}{role}{_scope(user)}")
        self.stdout.write("")


def _scope(user: User) -> str:
    if policy.is_org_wide(user):
        return "全县所有单位和干部"
    units = "、".join(unit.name for unit in user.managed_units.all())
    if units:
        return f"{units}及其下属单位的干部"
    if user.cadre_id:
        return f"本人档案：{user.cadre.name}（{user.cadre.unit.name}）"
    return "无"


def _pad(text: str, width: int) -> str:
    """Left-align in a terminal, where a Chinese character takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(1, width - used)
