"""Backup and restore that lose nothing: the whole database and every private file in one dated file. Issue 17.

A backup is one tar file, ``cadre-backup-YYYYMMDD-HHMMSS.tar``, holding:

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (the embedded SQLite,
  copied with SQLite's online backup, so the application may keep running);
- ``media/…``: every file under MEDIA_ROOT (uploaded evidence, generated documents, exports);
- ``manifest.json``: the SHA-256 and size of each of those members, and the row count of every table as the
  dump saw it (on PostgreSQL the counts and the dump read the same exported snapshot).

``backup_restore`` checks every checksum before it touches anything, refuses a database that already has
tables unless ``force`` (which drops them first), restores the database in one transaction, writes the files
back (checking each checksum again), and compares every table's row count with the manifest.
"""

import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import environ
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from core.heartbeats import heartbeat_record

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
FILE_PREFIX = "cadre-backup-"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; ``str(error)`` says why, for the operator."""


@dataclass
class BackupResult:
    path: Path
    size: int
    tables: int
    rows: int
    files: int


@dataclass
class RestoreResult:
    tables: int
    rows: int
    files: int
    dropped_tables: int = 0
    row_counts: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- which database


def database_settings(database_url: str | None = None, *, alias: str = "default") -> dict:
    """The Django database settings of ``database_url`` (``postgres://…``, ``sqlite:///path``), or of the
    connection ``alias`` (in tests: the test database)."""
    if database_url:
        return environ.Env.db_url_config(database_url)
    return dict(connections[alias].settings_dict)


def _vendor(db: dict) -> str:
    engine = db["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(_("不支持的数据库类型：%(engine)s") % {"engine": engine})


def _pg_environ(db: dict) -> dict:
    """libpq's environment for pg_dump / pg_restore / psycopg: no password on a command line."""
    variables = {
        "PGDATABASE": db.get("NAME") or "",
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode", ""),
        "PGCONNECT_TIMEOUT": "10",
    }
    return os.environ | {key: value for key, value in variables.items() if value}


def _pg_connect(db: dict):
    import psycopg

    env = _pg_environ(db)
    return psycopg.connect(
        dbname=env.get("PGDATABASE"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        connect_timeout=10,
    )


def _sqlite_path(db: dict) -> str:
    return str(db["NAME"])


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT count(*) FROM {_quote(table)}")  # table names come from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [row[0] for row in cursor.fetchall()]


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [row[0] for row in cursor.fetchall()]


def table_row_counts(db: dict) -> dict[str, int]:
    """{table: rows} of every table of the database ``db`` (Django settings), read on a connection of its own."""
    if _vendor(db) == "postgresql":
        with _pg_connect(db) as conn, conn.cursor() as cursor:
            return _row_counts(cursor, _pg_tables(cursor))
    path = _sqlite_path(db)
    if not Path(path).exists():
        return {}
    conn = sqlite3.connect(path)
    try:
        cursor = conn.cursor()
        return _row_counts(cursor, _sqlite_tables(cursor))
    finally:
        conn.close()


# ---------------------------------------------------------------- backup


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_postgresql(db: dict, target: Path) -> dict[str, int]:
    """pg_dump in custom format; the row counts are read in the same snapshot as the dump."""
    with _pg_connect(db) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with conn.cursor() as cursor:
            counts = _row_counts(cursor, _pg_tables(cursor))
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        _run([*command, f"--file={target}"], env=_pg_environ(db))
        conn.rollback()
    return counts


def _dump_sqlite(db: dict, target: Path, alias: str | None) -> dict[str, int]:
    """SQLite's online backup: a consistent copy while the application keeps running."""
    if alias is not None:
        connection = connections[alias]
        connection.ensure_connection()
        source = connection.connection
        close_source = False
    else:
        source = sqlite3.connect(_sqlite_path(db))
        close_source = True
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        cursor = copy.cursor()
        return _row_counts(cursor, _sqlite_tables(cursor))
    finally:
        copy.close()
        if close_source:
            source.close()


def _run(command: list[str], *, env: dict) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        message = _("找不到 %(program)s：请安装 PostgreSQL 客户端（postgresql-client）。")
        raise BackupError(message % {"program": command[0]})
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]}: {error.stderr.strip() or error.returncode}")


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file() and not path.is_symlink())


def backup_create(
    *, directory: Path, database_url: str | None = None, media_root: Path | None = None, now=None
) -> BackupResult:
    """Write one dated backup file into ``directory`` (created if absent) and return what it holds.

    Raises BackupError (pg_dump missing or failing, the file already exists).
    """
    db = database_settings(database_url)
    vendor = _vendor(db)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{FILE_PREFIX}{stamp}.tar"
    if path.exists():
        raise BackupError(_("备份文件已存在：%(path)s") % {"path": path})
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        work = Path(work)
        if vendor == "postgresql":
            dump = work / "database.dump"
            counts = _dump_postgresql(db, dump)
        else:
            dump = work / "database.sqlite3"
            counts = _dump_sqlite(db, dump, alias=None if database_url else "default")
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "vendor": vendor,
            "database": {"name": dump.name, "size": dump.stat().st_size, "sha256": _sha256(dump)},
            "row_counts": counts,
            "media": [
                {"path": file.relative_to(media_root).as_posix(), "size": file.stat().st_size, "sha256": _sha256(file)}
                for file in files
            ],
        }
        partial = directory / f".{path.name}.partial"
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            for file in files:
                archive.add(file, arcname=f"media/{file.relative_to(media_root).as_posix()}")
        partial.rename(path)  # a backup file exists only once it is complete
    return BackupResult(
        path=path, size=path.stat().st_size, tables=len(counts), rows=sum(counts.values()), files=len(files)
    )


def backups_prune(*, directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backup files in ``directory``; return the deleted ones."""
    backups = sorted(Path(directory).glob(f"{FILE_PREFIX}*.tar"))
    doomed = backups[: max(len(backups) - keep, 0)]
    for path in doomed:
        path.unlink()
    return doomed


def backup_scheduled(*, directory: Path | None = None, keep: int | None = None) -> BackupResult:
    """A backup into BACKUP_DIR keeping the last BACKUP_KEEP; the outcome is recorded for the health check."""
    directory = Path(directory or settings.BACKUP_DIR)
    keep = settings.BACKUP_KEEP if keep is None else keep
    try:
        result = backup_create(directory=directory)
        pruned = backups_prune(directory=directory, keep=keep)
    except Exception as error:
        heartbeat_record(name="backup", details={"ok": False, "error": str(error)[:500]})
        raise
    heartbeat_record(
        name="backup",
        details={
            "ok": True,
            "file": str(result.path),
            "size": result.size,
            "rows": result.rows,
            "files": result.files,
            "pruned": [path.name for path in pruned],
        },
    )
    return result


# ---------------------------------------------------------------- restore


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, TypeError):
        raise BackupError(_("这不是本系统的备份文件（缺少 manifest.json）。"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("备份文件格式 %(format)s 不受支持。") % {"format": manifest.get("format")})
    return manifest


def _member_sha256(archive: tarfile.TarFile, name: str) -> str:
    digest = hashlib.sha256()
    try:
        handle = archive.extractfile(name)
    except KeyError:
        raise BackupError(_("备份文件不完整：缺少 %(name)s。") % {"name": name})
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def backup_verify(path: Path) -> dict:
    """Check every member's checksum against the manifest; return the manifest. Raises BackupError."""
    try:
        with tarfile.open(path, "r") as archive:
            manifest = _read_manifest(archive)
            expected = [(manifest["database"]["name"], manifest["database"]["sha256"])]
            expected += [(f"media/{item['path']}", item["sha256"]) for item in manifest["media"]]
            for name, sha256 in expected:
                if _member_sha256(archive, name) != sha256:
                    raise BackupError(_("校验和不符：%(name)s 已损坏。") % {"name": name})
    except (tarfile.TarError, OSError) as error:
        raise BackupError(_("无法读取备份文件：%(error)s") % {"error": error})
    return manifest


def _drop_everything(db: dict, vendor: str) -> int:
    """--force: drop every table (and what hangs on them) of the target database; return how many."""
    if vendor == "postgresql":
        # The whole schema goes, with the functions, triggers and types the migrations made, not only tables.
        with _pg_connect(db) as conn, conn.cursor() as cursor:
            tables = _pg_tables(cursor)
            cursor.execute("SELECT current_schema()")
            schema = _quote(cursor.fetchone()[0])
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {schema}")
        return len(tables)
    conn = sqlite3.connect(_sqlite_path(db))
    try:
        tables = _sqlite_tables(conn.cursor())
    finally:
        conn.close()
    return len(tables)  # the online backup replaces the whole file's content


def backup_restore(
    *, path: Path, database_url: str | None = None, media_root: Path | None = None, force: bool = False
) -> RestoreResult:
    """Restore the backup file ``path`` into the database (default: the configured one) and MEDIA_ROOT.

    Refuses (BackupError) a damaged file, a backup of another database kind, and a database that already has
    tables unless ``force``. Every table's row count is compared with the manifest afterwards.
    """
    path = Path(path)
    manifest = backup_verify(path)
    db = database_settings(database_url)
    vendor = _vendor(db)
    if manifest["vendor"] != vendor:
        raise BackupError(
            _("这是 %(source)s 的备份，不能恢复到 %(target)s。") % {"source": manifest["vendor"], "target": vendor}
        )
    existing = table_row_counts(db)
    if existing and not force:
        rows = sum(existing.values())
        raise BackupError(
            _("目标数据库不是空的（%(tables)s 张表，%(rows)s 行）。确认要覆盖时请加 --force。")
            % {"tables": len(existing), "rows": rows}
        )
    media_root = Path(media_root or settings.MEDIA_ROOT)
    connections.close_all()  # nothing of ours holds the database while it is replaced
    dropped = _drop_everything(db, vendor) if existing else 0
    with tempfile.TemporaryDirectory(prefix="cadre-restore-") as work, tarfile.open(path, "r") as archive:
        work = Path(work)
        dump = work / manifest["database"]["name"]
        with archive.extractfile(manifest["database"]["name"]) as source, dump.open("wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        if vendor == "postgresql":
            command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
            _run([*command, f"--dbname={db['NAME']}", str(dump)], env=_pg_environ(db))
        else:
            _restore_sqlite(dump, Path(_sqlite_path(db)))
        files = _restore_media(archive, manifest, media_root)
    counts = table_row_counts(db)
    differing = sorted(
        table
        for table in set(counts) | set(manifest["row_counts"])
        if counts.get(table) != manifest["row_counts"].get(table)
    )
    if differing:
        raise BackupError(_("恢复后行数与备份不符：%(tables)s") % {"tables": "、".join(differing[:10])})
    return RestoreResult(
        tables=len(counts), rows=sum(counts.values()), files=files, dropped_tables=dropped, row_counts=counts
    )


def _restore_sqlite(dump: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def _restore_media(archive: tarfile.TarFile, manifest: dict, media_root: Path) -> int:
    """Write every file back under ``media_root`` (over a file of the same name), checking its checksum."""
    root = media_root.resolve()
    for item in manifest["media"]:
        target = (media_root / item["path"]).resolve()
        if root not in target.parents:  # a crafted manifest must not write outside MEDIA_ROOT
            raise BackupError(_("备份文件中的路径不安全：%(path)s") % {"path": item["path"]})
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        with archive.extractfile(f"media/{item['path']}") as source, partial.open("wb") as handle:
            shutil.copyfileobj(source, handle, CHUNK)
        if _sha256(partial) != item["sha256"]:
            partial.unlink()
            raise BackupError(_("校验和不符：%(path)s") % {"path": item["path"]})
        partial.replace(target)
    return len(manifest["media"])
