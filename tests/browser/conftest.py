"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

They skip when Chromium is not installed (``make test`` needs only Python and Node), and fail instead when
CI_REQUIRE_SERVICES=1, where .ci/run installs Chromium. Playwright never downloads a browser here.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# The assessed office of the assessment tests, for the journey through an annual assessment.
from tests.assessments.conftest import annual_period, staff_office, template  # noqa: F401

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are still
# synchronous and safe (stack-notes.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM or os.environ.get("CI_REQUIRE_SERVICES") == "1":
        return
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_fontconfig(tmp_path_factory) -> Path:
    """A fontconfig file adding the project's vendored CJK font (static/vendor/fonts) to the system's fonts,
    so that the screenshots show Chinese, not empty boxes, on a machine without a CJK font (CI's)."""
    config = tmp_path_factory.mktemp("fontconfig") / "fonts.conf"
    fonts = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f'<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir></fontconfig>'
    )
    return config


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_fontconfig):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "env": {**os.environ, "FONTCONFIG_FILE": str(browser_fontconfig)},
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English browser, as on many office computers: the pages must still be Chinese.
    return {**browser_context_args, "locale": "en-US"}
