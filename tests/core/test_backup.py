"""manage.py backup / restore (core.backup, issue 17): a seeded county with an uploaded file goes into one dated
file and comes back into a new database with every row count and the file's checksum equal; a non-empty
database is refused without --force; a damaged file is refused before anything is touched.

On the default test settings this is SQLite's online backup; in CI (DATABASE_URL=postgres://…) the same tests
run pg_dump / pg_restore into a database of their own.
"""

import datetime
import hashlib
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup
from core.heartbeats import heartbeat_get
from core.models import JobRun
from training.models import ExternalHours

pytestmark = pytest.mark.django_db(transaction=True)

EVIDENCE = b"%PDF-1.4\n% evidence of 12 hours at the provincial party school\n" + bytes(range(256)) * 40
APPS_THAT_MUST_HAVE_ROWS = ["cadres", "careers", "training", "postings", "care", "assessments", "rewards", "dashboard"]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def new_database_url(tmp_path):
    """The URL of a new, empty database of the same kind as the test database (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    params = {"user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"], "port": db["PORT"]}
    params = {key: value for key, value in params.items() if value}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    yield f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def counts_of_the_test_database() -> dict[str, int]:
    """Every table's row count, read through Django's own connection (the SQLite test database is in memory)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def seeded_county(media_root, settings):
    """The demo county (units, cadres, careers, postings, care, rewards), plus a course with its sessions, annual
    results, the rewards engine's eligibility, the record audit's findings, and an uploaded evidence PDF.

    The training demo (hundreds of courses, whatever the county's size) is left out for time; a course stands
    in for it."""
    from accounts.models import Role
    from assessments.models import AnnualResult, Period
    from cadres.models import Cadre
    from dashboard.services import record_audit_enqueue
    from rewards.services import eligibility_recompute_enqueue
    from tests.factories import UserFactory
    from tests.training.factories import CourseSessionFactory

    settings.DEMO_SEED_EXTENSIONS = [path for path in settings.DEMO_SEED_EXTENSIONS if path != "training.demo.seed"]
    call_command("seed_demo", seed=17, cadres=60, verbosity=0)
    CourseSessionFactory.create_batch(2)
    cadres = list(Cadre.objects.order_by("pk")[:5])
    # the demo county brings the assessments (ten years of results, the 2025 and 2026 periods) itself
    assert AnnualResult.objects.exists()
    assert Period.objects.filter(year=2025).exists()
    staff = UserFactory(role=Role.ORG_STAFF)
    record_audit_enqueue(actor=staff)
    eligibility_recompute_enqueue(requested_by=staff)
    record = ExternalHours(
        cadre=cadres[0],
        title="省委党校专题培训",
        provider="other",
        start_date=datetime.date(2026, 5, 11),
        end_date=datetime.date(2026, 5, 12),
        hours=Decimal("12.0"),
        status="pending",
    )
    record.evidence.save("培训证明.pdf", ContentFile(EVIDENCE), save=True)
    assert set(JobRun.objects.values_list("kind", "status")) == {
        ("dashboard.record_audit", JobRun.Status.SUCCEEDED),
        ("rewards_recompute", JobRun.Status.SUCCEEDED),
        ("assessments.recompute", JobRun.Status.SUCCEEDED),
    }
    return record


def test_a_seeded_county_comes_back_into_a_new_database_with_every_row_and_file_once(
    seeded_county, media_root, tmp_path, new_database_url
):
    before = counts_of_the_test_database()
    for app in APPS_THAT_MUST_HAVE_ROWS:
        assert any(rows for table, rows in before.items() if table.startswith(f"{app}_")), app

    call_command("backup", dir=tmp_path / "backups", verbosity=0)
    (archive,) = (tmp_path / "backups").glob("cadre-backup-*.tar")
    assert heartbeat_get(name="backup").details["ok"] is True

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(archive), database_url=new_database_url, media_root=restored_media, verbosity=0)

    target = backup.database_settings(new_database_url)
    after = backup.table_row_counts(target)
    assert after == before
    assert after["cadres_cadre"] == 60
    restored_file = restored_media / seeded_county.evidence.name
    assert hashlib.sha256(restored_file.read_bytes()).hexdigest() == hashlib.sha256(EVIDENCE).hexdigest()

    # The target now has tables: a second restore is refused and changes nothing, unless --force.
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(archive), database_url=new_database_url, media_root=restored_media)
    assert backup.table_row_counts(target) == before
    call_command(
        "restore", str(archive), database_url=new_database_url, media_root=restored_media, force=True, verbosity=0
    )
    assert backup.table_row_counts(target) == before


def test_a_damaged_backup_is_refused_before_anything_is_written(media_root, tmp_path, new_database_url):
    media_root.mkdir(parents=True)
    (media_root / "evidence.pdf").write_bytes(EVIDENCE)
    result = backup.backup_create(directory=tmp_path / "backups")
    damaged = tmp_path / "damaged.tar"
    data = bytearray(result.path.read_bytes())
    offset = bytes(data).index(EVIDENCE[:40]) + 20
    data[offset] ^= 0xFF
    damaged.write_bytes(bytes(data))

    with pytest.raises(CommandError, match=r"校验和不符：media/evidence\.pdf"):
        call_command("restore", str(damaged), database_url=new_database_url, media_root=tmp_path / "m")
    assert backup.table_row_counts(backup.database_settings(new_database_url)) == {}
    assert not (tmp_path / "m").exists()


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, new_database_url):
    not_a_backup = tmp_path / "notes.tar"
    with tarfile.open(not_a_backup, "w") as archive:
        archive.add(__file__, arcname="notes.txt")
    with pytest.raises(CommandError, match="这不是本系统的备份文件"):
        call_command("restore", str(not_a_backup), database_url=new_database_url)


def test_the_scheduled_backup_keeps_the_newest_n_files(media_root, tmp_path):
    directory = tmp_path / "backups"
    directory.mkdir()
    for day in (1, 2, 3):
        (directory / f"cadre-backup-202611{day:02d}-004000.tar").write_bytes(b"old")
    result = backup.backup_scheduled(directory=directory, keep=2)
    kept = sorted(path.name for path in directory.glob("cadre-backup-*.tar"))
    assert kept == ["cadre-backup-20261103-004000.tar", result.path.name]
    assert heartbeat_get(name="backup").details["pruned"] == [
        "cadre-backup-20261101-004000.tar",
        "cadre-backup-20261102-004000.tar",
    ]


def test_a_failed_scheduled_backup_is_recorded_for_the_health_check(media_root, tmp_path, monkeypatch):
    def pg_dump_missing(**kwargs):
        raise backup.BackupError("找不到 pg_dump：请安装 PostgreSQL 客户端（postgresql-client）。")

    monkeypatch.setattr(backup, "backup_create", pg_dump_missing)
    with pytest.raises(backup.BackupError):
        backup.backup_scheduled(directory=tmp_path)
    details = heartbeat_get(name="backup").details
    assert details == {"ok": False, "error": "找不到 pg_dump：请安装 PostgreSQL 客户端（postgresql-client）。"}


def test_the_nightly_backup_is_on_the_beat_schedule(settings):
    assert settings.CELERY_BEAT_SCHEDULE["core-backup-nightly"]["task"] == "core.tasks.backup_nightly"
    assert settings.BACKUP_KEEP == 14


def test_backup_files_are_named_by_date_and_time(media_root, tmp_path):
    moment = datetime.datetime(2026, 11, 30, 0, 40, 5, tzinfo=datetime.UTC)
    result = backup.backup_create(directory=tmp_path, now=moment)
    assert result.path == Path(tmp_path / "cadre-backup-20261130-084005.tar")  # Asia/Shanghai
