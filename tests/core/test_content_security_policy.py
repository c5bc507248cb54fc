"""The Content-Security-Policy (issue 14.1) is on every response, and no template of ours holds inline script."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

EXPECTED_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
# GET on these would start work rather than show a page (exports, a recompute run); they are covered by
# their own tests, and the middleware does not look at the URL.
NOT_A_PAGE = re.compile(r"(export|logout|run|recompute)/?$")


def plain_paths(resolver=None, prefix: str = "") -> list[str]:
    """Every URL of the project that takes no argument (pages, lists, forms, API roots, the admin index)."""
    resolver = resolver or get_resolver()
    paths = []
    for pattern in resolver.url_patterns:
        text = str(pattern.pattern)
        if "<" in text or "(" in text or "\\" in text:
            continue
        text = text.lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            paths.extend(plain_paths(pattern, prefix + text))
        elif isinstance(pattern, URLPattern):
            paths.append("/" + prefix + text)
    return sorted(set(paths))


def test_every_page_without_arguments_carries_the_policy_for_staff_and_anonymous(as_user, org_staff, client):
    paths = [path for path in plain_paths() if not NOT_A_PAGE.search(path)]
    staff = as_user(org_staff)

    missing = {
        (who, path): response.status_code
        for who, visitor in (("staff", staff), ("anonymous", client))
        for path in paths
        if (response := visitor.get(path)).get("Content-Security-Policy") != EXPECTED_POLICY
    }

    assert len(paths) > 60
    assert missing == {}


@pytest.mark.parametrize("path", ["/no-such-page/", "/cadres/999999/", "/api/cadres/999999/", "/admin/login/"])
def test_errors_api_answers_and_the_admin_carry_the_policy_too(as_user, org_staff, path):
    response = as_user(org_staff).get(path)

    assert response["Content-Security-Policy"] == EXPECTED_POLICY


def test_no_template_has_inline_script_or_an_inline_event_handler():
    """The policy would block them: page scripts belong in static/js (json_script data blocks are fine)."""
    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        inline = re.findall(r"<script(?![^>]*\b(?:src|type=\"application/json\")\b)[^>]*>", text)
        handlers = re.findall(r"\son[a-z]+=\"", text)
        if inline or handlers:
            offenders.append(str(template.relative_to(settings.BASE_DIR)))

    assert offenders == []
