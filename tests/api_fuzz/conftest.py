"""Counts of the fuzz cases per role, printed at the end of the run (issue 14.9: "quote cases run per role")."""

from collections import Counter

CASES: Counter = Counter()
SERVER_ERRORS: Counter = Counter()


def pytest_terminal_summary(terminalreporter):
    if not CASES:
        return
    terminalreporter.section("schemathesis: cases run per role")
    for role in sorted(CASES):
        terminalreporter.write_line(f"{role}: {CASES[role]} cases, {SERVER_ERRORS[role]} server errors")
    terminalreporter.write_line(f"total: {sum(CASES.values())} cases, {sum(SERVER_ERRORS.values())} server errors")
