"""Migration 0003 moves the agenda package PDFs out of their binary column into storage."""

import datetime as dt
import hashlib

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("meetings", "0002_revision")
AFTER = ("meetings", "0003_package_files_in_storage")
OLD_PDF = b"%PDF-1.7 an agenda package kept in the database"


def migrate_to(target) -> object:
    """Migrate meetings to `target`; returns the apps of that state (historical models)."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_package_pdfs_move_from_the_database_to_storage_and_back():
    try:
        apps = migrate_to(BEFORE)
        Meeting = apps.get_model("meetings", "Meeting")
        AgendaPackage = apps.get_model("meetings", "AgendaPackage")
        meeting = Meeting.objects.create(
            kind="beeldvormend",
            title="Beeldvormende sessie",
            date=dt.date(2022, 1, 12),
            start_time=dt.time(10, 30),
            end_time=dt.time(12),
            location="Raadzaal",
        )
        built = AgendaPackage.objects.create(
            meeting=meeting, audience="public", fingerprint="a" * 64, state="done", pdf=OLD_PDF, page_count=1
        )
        failed = AgendaPackage.objects.create(
            meeting=meeting, audience="internal", fingerprint="b" * 64, state="failed"
        )

        apps = migrate_to(AFTER)
        AgendaPackage = apps.get_model("meetings", "AgendaPackage")
        package = AgendaPackage.objects.get(pk=built.pk)
        assert package.sha256 == hashlib.sha256(OLD_PDF).hexdigest() and package.size == len(OLD_PDF)
        assert package.file.name.startswith(f"agendapakketten/{meeting.pk}/public-{built.pk}-")
        with default_storage.open(package.file.name) as stored:
            assert stored.read() == OLD_PDF
        assert AgendaPackage.objects.get(pk=failed.pk).sha256 == ""

        apps = migrate_to(BEFORE)
        AgendaPackage = apps.get_model("meetings", "AgendaPackage")
        assert bytes(AgendaPackage.objects.get(pk=built.pk).pdf) == OLD_PDF
        assert AgendaPackage.objects.get(pk=failed.pk).pdf is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
