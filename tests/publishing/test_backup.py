"""manage.py backup and restore: a backup restores into a new, empty installation with the same
rows and byte-identical stored files, and restore refuses a non-empty installation or a damaged
backup without changing anything.

The new installation is a real one: another database (a new SQLite file, or a new PostgreSQL
database when the suite runs on PostgreSQL) and another MEDIA_ROOT, migrated and restored by
`manage.py` in a subprocess, as an operator would.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from raadsmemo.concurrency import ANY_REVISION
from raadsmemo.meetings.models import AgendaPackage
from raadsmemo.meetings.services import meeting_publish
from raadsmemo.meetings.tasks import request_package_builds
from raadsmemo.memos.models import Memo, MemoVersion
from raadsmemo.memos.publication import memo_take_step
from raadsmemo.memos.workflow import TERUG_NAAR_CONCEPT
from raadsmemo.publishing.backup import row_counts
from tests.conftest import add_item, make_meeting, publish_memo

PROJECT = Path(settings.BASE_DIR)


def file_checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file under a MEDIA_ROOT, by its name relative to it."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


class Installation:
    """A second raadsmemo installation: its own database and MEDIA_ROOT, driven by manage.py."""

    def __init__(self, tmp_path: Path):
        self.media = tmp_path / "restored-media"
        db = settings.DATABASES["default"]
        if connection.vendor == "postgresql":
            self.pg_name = f"{db['NAME']}_restore"
            self._pg(f'DROP DATABASE IF EXISTS "{self.pg_name}"', f'CREATE DATABASE "{self.pg_name}"')
            password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
            self.url = f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{self.pg_name}"
        else:
            self.pg_name = None
            self.url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"

    @staticmethod
    def _pg(*statements):
        with connection._nodb_cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def manage(self, *args) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "DJANGO_SETTINGS_MODULE": "raadsmemo.settings",
            "CONN_MAX_AGE": "0",
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def drop(self):
        if self.pg_name:
            self._pg(f'DROP DATABASE IF EXISTS "{self.pg_name}"')


@pytest.fixture
def new_installation(tmp_path):
    installation = Installation(tmp_path)
    migrated = installation.manage("migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    yield installation
    installation.drop()


@pytest.fixture
def data(gerda, age, rik, stapeling_memo, kik_memo, contact, m31, toezegging):
    """Published memo versions (one memo published twice: append-only rows and their stored HTML,
    PDF and JSON), a published meeting with its two agenda packages (real PDFs), the LTA, three users."""
    meeting = make_meeting(published=False)
    stapeling = publish_memo(stapeling_memo, by=gerda)
    add_item(meeting, memo=stapeling, minutes=60)
    add_item(
        meeting,
        memo=publish_memo(kik_memo, by=gerda, until="vastgesteld"),
        minutes=30,
        confidentiality="vertrouwelijk",
    )
    meeting_publish(meeting=meeting, by=gerda)
    stapeling = memo_take_step(
        memo=stapeling,
        step=TERUG_NAAR_CONCEPT,
        by=gerda,
        reason="Aanvulling.",
        based_on_revision=ANY_REVISION,
    )
    stapeling.samenvatting += " Met een aanvulling."
    stapeling.save(update_fields=["samenvatting"])
    publish_memo(stapeling, by=gerda, reason="Aanvulling")
    request_package_builds(meeting.pk)
    assert AgendaPackage.objects.filter(state="done").count() == 2
    assert MemoVersion.objects.count() == 3
    return meeting


@pytest.mark.django_db
def test_a_backup_restores_into_an_empty_installation_with_every_stored_file_identical(
    data, tmp_path, new_installation
):
    archive = tmp_path / "raadsmemo.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert out.getvalue().startswith(f"Back-up geschreven: {archive} (")
    manifest = manifest_of(archive)
    originals = file_checksums(Path(settings.MEDIA_ROOT))
    assert len([name for name in originals if name.endswith(".pdf")]) == 2 + 3  # packages, versions
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == originals
    counts = row_counts()
    assert manifest["rows"] == counts
    assert counts["auth.user"] == 3 and counts["memos.memo"] == Memo.objects.count() == 2
    assert counts["meetings.agendapackage"] == 2 and counts["lta.statusupdate"] >= 4
    assert counts["memos.memoversion"] == 3

    # A damaged backup (one byte of one PDF) is refused, and leaves the installation empty.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        changed = False
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.endswith(".pdf") and not changed:
                content, changed = content[:-1] + bytes([content[-1] ^ 1]), True
            target.addfile(member, io.BytesIO(content))
    refused = new_installation.manage("restore", str(damaged))
    assert refused.returncode != 0
    assert "klopt niet met de SHA-256 in het manifest" in refused.stderr
    assert file_checksums(new_installation.media) == {}

    restored = new_installation.manage("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "SHA-256 van elk bestand en de aantallen rijen gecontroleerd" in restored.stdout
    assert file_checksums(new_installation.media) == originals

    # What the new installation holds, seen through its own backup: the same rows and files.
    again = tmp_path / "again.tar.gz"
    assert new_installation.manage("backup", str(again)).returncode == 0
    assert manifest_of(again)["rows"] == counts
    assert manifest_of(again)["files"] == manifest["files"]

    # Restoring once more is refused: the installation is not empty any more.
    twice = new_installation.manage("restore", str(archive))
    assert twice.returncode != 0 and "De database is niet leeg" in twice.stderr


@pytest.mark.django_db
def test_backup_overwrites_nothing_and_restore_refuses_what_is_no_backup(tmp_path):
    existing = tmp_path / "bestaat.tar.gz"
    existing.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="bestaat al; een back-up overschrijft niets"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"not a backup"
    with pytest.raises(CommandError, match="is niet te lezen als back-up"):
        call_command("restore", str(existing))
    # A directory: the archive gets a dated name in it.
    call_command("backup", str(tmp_path), stdout=io.StringIO())
    assert len(list(tmp_path.glob("raadsmemo-backup-*.tar.gz"))) == 1
