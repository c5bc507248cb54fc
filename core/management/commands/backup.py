"""manage.py backup: one dated file with the whole database and every private file (core.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from core.backup import BackupError, backup_scheduled


class Command(BaseCommand):
    help = "Write cadre-backup-YYYYMMDD-HHMMSS.tar (database dump + private files + checksums) into BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help=f"where to write it (default BACKUP_DIR: {settings.BACKUP_DIR})")
        parser.add_argument(
            "--keep", type=int, help=f"keep the newest N backups (default BACKUP_KEEP: {settings.BACKUP_KEEP})"
        )

    def handle(self, *args, dir: Path | None, keep: int | None, **options):
        try:
            result = backup_scheduled(directory=dir, keep=keep)
        except BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(
            f"{result.path}  {filesizeformat(result.size)}: {result.tables} tables, {result.rows} rows, "
            f"{result.files} files"
        )
