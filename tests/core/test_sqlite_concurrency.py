"""The embedded SQLite under concurrent writers (issue 14.7): no "database is locked", no 500.

The test copies its database (migrated, with the test's rows) into a file with SQLite's online backup, starts
the development server of `make run` on that file (threaded, with the project's SQLite options), and sends
concurrent requests from threads: 10 enrolments in one course, 8 flat allocations. Before immediate
transactions and a busy timeout, these gave six and two 500s "database is locked".
"""

import datetime
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.care.factories import BuildingFactory, FlatFactory
from tests.factories import CadreFactory, UserFactory
from tests.training.factories import CourseFactory

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CSRF_SECRET = "a" * 32  # an unmasked token: the cookie and the form field carry the same secret
SERVER_START_TIMEOUT_SECONDS = 90

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="the embedded SQLite only"
)


def test_the_project_opens_sqlite_with_immediate_transactions_and_a_busy_timeout():
    options = settings.DATABASES["default"]["OPTIONS"]

    assert (options["transaction_mode"], options["timeout"]) == ("IMMEDIATE", 20)
    assert "journal_mode=WAL" in options["init_command"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def sqlite_file_server(transactional_db, tmp_path):
    """``start(session_key)``: copy the test database into a file and serve it with `runserver` (threaded)."""
    processes = []

    def start() -> tuple[str, Path]:
        database = tmp_path / "db.sqlite3"
        target = sqlite3.connect(database)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        port = _free_port()
        log_path = tmp_path / "server.log"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
            "CELERY_TASK_ALWAYS_EAGER": "true",
        }
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
                cwd=PROJECT_ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return f"http://127.0.0.1:{port}", database
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"the development server did not start:\n{log_path.read_text()}")

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=15)


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _post_all(base_url: str, session: str, posts: list[tuple[str, dict]]) -> list[int]:
    """Send every (path, form) at once from its own thread; the HTTP status of each, redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"

    def post(item: tuple[str, dict]) -> int:
        path, form = item
        body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": CSRF_SECRET}).encode()
        request = urllib.request.Request(base_url + path, data=body, headers={"Cookie": cookie})
        try:
            with opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=len(posts)) as pool:
        return list(pool.map(post, posts))


def test_ten_concurrent_enrolments_give_no_server_error(sqlite_file_server, county):
    # given: a course with 5 seats, and 10 cadres of the county
    starts = datetime.date.today() + datetime.timedelta(days=30)
    course = CourseFactory(capacity=5, start_date=starts, end_date=starts + datetime.timedelta(days=9))
    cadres = CadreFactory.create_batch(10, unit=county["organ"])
    session = _session_cookie(UserFactory(username="orgstaff", role=Role.ORG_STAFF))
    base_url, database = sqlite_file_server()
    enrol = reverse("training:enrol_one", args=[course.pk])

    # when: all ten are enrolled at the same moment
    statuses = _post_all(base_url, session, [(enrol, {"cadre": cadre.pk}) for cadre in cadres])

    # then: every request answered with its redirect, and the course has 5 seats taken and 5 waiting
    assert statuses == [302] * 10
    with sqlite3.connect(database) as result:
        rows = result.execute(
            "SELECT status, COUNT(*), COUNT(DISTINCT seat) FROM training_enrolment WHERE course_id = ? GROUP BY status",
            [course.pk],
        ).fetchall()
    assert sorted(rows) == [("enrolled", 5, 5), ("waiting", 5, 0)]


def test_eight_concurrent_flat_allocations_give_no_server_error(sqlite_file_server, county):
    # given: eight free flats in the township, and eight cadres without a flat
    building = BuildingFactory(unit=county["township"])
    flats = FlatFactory.create_batch(8, building=building)
    cadres = CadreFactory.create_batch(8, unit=county["township"])
    session = _session_cookie(UserFactory(username="orgstaff", role=Role.ORG_STAFF))
    base_url, database = sqlite_file_server()
    today = datetime.date.today().isoformat()
    allocate = reverse("care:tenancy_allocate")

    # when: each cadre moves into a flat at the same moment
    posts = [(allocate, {"cadre": c.pk, "flat": f.pk, "start_date": today}) for c, f in zip(cadres, flats, strict=True)]
    statuses = _post_all(base_url, session, posts)

    # then: all eight are allocated, each flat occupied once
    assert statuses == [302] * 8
    with sqlite3.connect(database) as result:
        tenancies = result.execute("SELECT COUNT(*), COUNT(DISTINCT flat_id) FROM care_tenancy").fetchone()
        occupied = result.execute("SELECT COUNT(*) FROM care_flat WHERE status = 'occupied'").fetchone()
    assert (tenancies, occupied) == ((8, 8), (8,))
