"""manage.py restore FILE: the database and private files of a backup, into an empty database (core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup file written by `manage.py backup` into the configured database (or --database-url) "
        "and MEDIA_ROOT. Checks every checksum first; refuses a database that has tables unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database-url", help="restore into this database instead of DATABASE_URL")
        parser.add_argument("--media-root", type=Path, help="write the files here instead of MEDIA_ROOT")
        parser.add_argument(
            "--force", action="store_true", help="drop every table of a non-empty target database first"
        )

    def handle(self, *args, file: Path, database_url: str | None, media_root: Path | None, force: bool, **options):
        try:
            result = backup_restore(path=file, database_url=database_url, media_root=media_root, force=force)
        except BackupError as error:
            raise CommandError(str(error))
        if result.dropped_tables:
            self.stdout.write(f"dropped {result.dropped_tables} existing tables (--force)")
        self.stdout.write(
            f"restored {result.tables} tables, {result.rows} rows (equal to the backup's counts), {result.files} files."
        )
        self.stdout.write("If this release is newer than the backup, run `manage.py migrate` now.")
