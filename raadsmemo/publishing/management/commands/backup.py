from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from raadsmemo.publishing.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file (MEDIA_ROOT) into one .tar.gz with a manifest "
        "(row counts, SHA-256 of every file). Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="the archive to write, or a directory to write it in")

    def handle(self, *args, target, **options):
        try:
            path, manifest = make_backup(target, now=timezone.now())
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Back-up geschreven: {path} ({rows} rijen uit {len(manifest['rows'])} tabellen, "
            f"{len(manifest['files'])} bestanden)."
        )
