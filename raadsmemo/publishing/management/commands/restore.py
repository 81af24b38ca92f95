from django.core.management.base import BaseCommand, CommandError

from raadsmemo.publishing.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty installation (a new database, "
        "migrated, and an empty MEDIA_ROOT). Checks the SHA-256 of every file and the row counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="the archive made by `manage.py backup`")

    def handle(self, *args, source, **options):
        try:
            restored = restore_backup(source)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Teruggezet: {restored.rows} rijen in {restored.tables} tabellen en {restored.files} "
            "bestanden; SHA-256 van elk bestand en de aantallen rijen gecontroleerd."
        )
