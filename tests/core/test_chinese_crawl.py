"""All Chinese: crawl the pages each role reaches from the landing page and find no English a user would read.

Visible text (text nodes outside script/style, and placeholders, titles and labels of controls) that has a
Latin word and not one Chinese character is reported, outside a short allow-list of names that are English
in Chinese offices too (Excel, API…) and the data of the test county. Exports, downloads, the API and the
admin's deeper pages are not crawled (the admin index is).
"""

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.utils import timezone

from tests.care.factories import HousingApplicationFactory, LeaveRecordFactory
from tests.postings.factories import PostingFactory

pytestmark = pytest.mark.django_db

PAGES_PER_ROLE = 45
ALLOWED = {"API", "Excel", "Word", "PDF", "ID", "IP", "English", "xlsx", "xls", "docx", "csv", "et", "zip"}
SKIPPED = re.compile(
    r"^/(api|i18n|static|media)/|/admin/.+|export|download|certificate|template|/pdf|/docx|/word|logout|"
    r"/jobs/|/delete/|/revoke/|/dismiss/"
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-placeholder")


class VisibleText(HTMLParser):
    """Collects the text a user reads, and the page's links."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.texts.append(attributes["value"])
        self.texts.extend(attributes[name] for name in SHOWN_ATTRIBUTES if attributes.get(name))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def english_in(texts: list[str], data: set[str]) -> list[str]:
    found = []
    for text in texts:
        if CJK.search(text):
            continue
        words = [word for word in LATIN_WORD.findall(text) if word not in ALLOWED and word.lower() not in data]
        if words:
            found.append(text)
    return found


def crawl(client, data: set[str]) -> dict[str, list[str]]:
    """Breadth-first from "/", each path once (query strings dropped): {path: [English texts]}."""
    seen, queue, problems, visited = {"/"}, deque(["/"]), {}, 0
    while queue and visited < PAGES_PER_ROLE:
        path = queue.popleft()
        response = client.get(path, follow=True)
        visited += 1
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = VisibleText()
        parser.feed(response.content.decode())
        english = english_in(parser.texts, data)
        if english:
            problems[path] = sorted(set(english))
        for href in parser.links:
            parts = urlsplit(urldefrag(href)[0])
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIPPED.search(parts.path):
                continue
            if parts.path not in seen:
                seen.add(parts.path)
                queue.append(parts.path)
    return problems


@pytest.fixture
def busy_county(county, own_cadre, other_cadre, outside_cadre):
    today = timezone.localdate()
    PostingFactory(cadre=other_cadre, planned_end=today)
    HousingApplicationFactory(cadre=own_cadre)
    LeaveRecordFactory(cadre=other_cadre)
    return county


@pytest.mark.parametrize("role", ["org_staff", "unit_hr", "cadre_user", "admin_user"])
def test_every_page_a_role_reaches_is_in_chinese(request, as_user, busy_county, role):
    user = request.getfixturevalue(role)
    data = {user.username.lower(), *(part.lower() for part in str(user).split())}
    problems = crawl(as_user(user), data)
    if problems:
        pytest.fail("English on the pages:\n" + json.dumps(problems, ensure_ascii=False, indent=1))
