"""Acceptance 10.1: role checks live in accounts/policy.py only (templates may show or hide links by role)."""

import re
from pathlib import Path

from django.conf import settings

ROLE_CHECK = re.compile(
    r"\.(sees_everything|is_staff_user|can_write_cadres|may_open_admin|is_superuser)\b"
    r"|\.role\b\s*(==|!=|in\b|not in\b)"
    r"|\bRole\.(ADMIN|ORG_STAFF|UNIT_HR|CADRE)\b"
)
# The policy itself; the model that defines the roles; the admin form repeating a database constraint on
# the role; the demo county, which creates its logins with their roles.
ALLOWED = {"accounts/policy.py", "accounts/models.py", "accounts/admin.py", "cadres/demo.py"}
SKIPPED_TOP = {".venv", "node_modules", "tests", "bench", "scripts", "locale", "static", "staticfiles", "media"}


def test_no_role_check_outside_the_policy_module():
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in sorted(base.rglob("*.py")):
        relative = path.relative_to(base).as_posix()
        if relative.split("/")[0] in SKIPPED_TOP or "/migrations/" in relative or relative in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_CHECK.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")

    assert offenders == []
