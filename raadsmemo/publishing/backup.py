"""Back up the database and the stored files into one archive; restore it into an empty installation.

The archive (`.tar.gz`) holds:

- `manifest.json`: the format, when and from which database it was made, the migrations the data
  fits, the number of rows per table, and every stored file with its size and SHA-256;
- `data.json`: the database as Django's JSON serialization (`dumpdata --natural-foreign
  --natural-primary --all`), read in one snapshot; users and groups are matched by name, every
  other row keeps its id;
- `files/<name>`: every file in Django's default storage (MEDIA_ROOT), under its stored name.

The same archive restores on SQLite and PostgreSQL. Restoring only inserts rows (append-only
tables refuse UPDATE and DELETE by trigger), so it needs an empty installation: migrated to the
same migrations, no rows, no stored files. It checks the SHA-256 of the data and of every file
against the manifest, and the row counts after loading; anything amiss undoes the restore.

Left out, because they are rebuilt or mean nothing in another installation: content types and
permissions (made by `migrate`), sessions (everyone logs in again), the task queue and its
results (django-tasks-db), and django-axes' login-failure counters.
"""

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "raadsmemo-backup/1"
EXCLUDED_APPS = {"contenttypes", "sessions", "django_tasks_database", "axes"}  # app labels
EXCLUDED_MODELS = {"auth.permission"}
# Rows `migrate` may make itself; the backup's rows are matched to them by natural key (name).
MADE_BY_MIGRATE = {"auth.group", "auth.group.permissions"}
CHUNK = 1024 * 1024
# A file removed between reading the database and copying the files (an agenda package
# replaced by a newer one): the backup is made again, at most this many times.
ATTEMPTS = 3


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Dutch."""


# --- What is backed up ------------------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """The concrete tables of the dump: every model but the excluded apps and models."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]


def tables(model_list) -> list[tuple[str, models.QuerySet]]:
    """(label, rows) of each backed-up table, with the automatic many-to-many tables."""
    result = []
    for model in model_list:
        result.append((model._meta.label_lower, model._base_manager.all()))
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                result.append((f"{model._meta.label_lower}.{field.name}", through._base_manager.all()))
    return result


def row_counts() -> dict[str, int]:
    return {label: rows.count() for label, rows in tables(backed_up_models())}


def applied_migrations() -> list[list[str]]:
    """The migrations applied to this database, of the apps that are backed up."""
    labels = {model._meta.app_label for model in backed_up_models()}
    recorded = MigrationRecorder(connection).applied_migrations()
    return sorted([app, name] for app, name in recorded if app in labels)


def stored_names(directory: str = "") -> list[str]:
    """Every file in the default storage, through the storage API (local disk or an object store)."""
    try:
        subdirectories, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}/{name}" if directory else name for name in files]
    for sub in subdirectories:
        names.extend(stored_names(f"{directory}/{sub}" if directory else sub))
    return sorted(names)


def referenced_files(data: list[dict]) -> set[str]:
    """The stored names the dumped rows refer to (every FileField)."""
    file_fields = {
        model._meta.label_lower: [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
        for model in backed_up_models()
    }
    names = set()
    for row in data:
        for field in file_fields.get(row["model"], []):
            if row["fields"].get(field):
                names.add(row["fields"][field])
    return names


def sha256_of(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


# --- Backup -----------------------------------------------------------------------------------


def backup_path(target: str | Path, now: dt.datetime) -> Path:
    """A file name as given, or in a directory: raadsmemo-backup-<date>-<time>.tar.gz."""
    path = Path(target)
    if path.is_dir():
        path = path / f"raadsmemo-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    if path.exists():
        raise BackupError(f"{path} bestaat al; een back-up overschrijft niets.")
    if not path.parent.is_dir():
        raise BackupError(f"De map {path.parent} bestaat niet.")
    return path


def make_backup(target: str | Path, *, now: dt.datetime) -> tuple[Path, dict]:
    """Write the archive; returns its path and manifest."""
    path = backup_path(target, now)
    for _attempt in range(ATTEMPTS):
        with tempfile.TemporaryDirectory() as scratch:
            data_path = Path(scratch) / "data.json"
            counts, migrations = _dump(data_path)
            with data_path.open("rb") as data_file:
                referenced = referenced_files(json.load(data_file))
            names = stored_names()
            if not referenced <= set(names):
                continue  # a file went between the dump and the listing: read both again
            manifest = {
                "format": FORMAT,
                "created_at": now.isoformat(),
                "database": connection.vendor,
                "migrations": migrations,
                "rows": counts,
                "data": _file_entry(data_path.open("rb")),
                "files": {},
            }
            partial = path.with_name(path.name + ".partial")
            try:
                with tarfile.open(partial, "w:gz") as archive:
                    archive.add(data_path, arcname="data.json")
                    for name in names:
                        try:
                            entry = _add_stored_file(archive, name)
                        except FileNotFoundError:
                            if name in referenced:
                                raise
                            continue  # an unreferenced file that went meanwhile
                        manifest["files"][name] = entry
                    _add_bytes(archive, "manifest.json", _json_bytes(manifest))
            except FileNotFoundError:
                partial.unlink(missing_ok=True)
                continue
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            partial.rename(path)
            return path, manifest
    raise BackupError("Bestanden verdwenen steeds tijdens de back-up; probeer het opnieuw.")


def _dump(data_path: Path) -> tuple[dict[str, int], list[list[str]]]:
    """The rows and their counts, read in one snapshot (repeatable read on PostgreSQL)."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = row_counts()
        call_command(
            "dumpdata",
            *sorted({model._meta.app_label for model in backed_up_models()}),
            exclude=sorted(EXCLUDED_MODELS),
            natural_foreign=True,
            natural_primary=True,
            use_base_manager=True,
            output=str(data_path),
            verbosity=0,
        )
        return counts, applied_migrations()


def _file_entry(stream) -> dict:
    with stream:
        checksum, size = sha256_of(stream)
    return {"sha256": checksum, "size": size}


def _add_stored_file(archive: tarfile.TarFile, name: str) -> dict:
    with default_storage.open(name, "rb") as stored:
        checksum, size = sha256_of(stored)
    info = tarfile.TarInfo(f"files/{name}")
    info.size = size
    with default_storage.open(name, "rb") as stored:
        reader = _HashingReader(stored)
        archive.addfile(info, reader)
    if reader.hexdigest() != checksum:  # stored files never change; this one did while read
        raise BackupError(f"Het bestand {name} veranderde tijdens de back-up.")
    return {"sha256": checksum, "size": size}


def _add_bytes(archive: tarfile.TarFile, arcname: str, data: bytes) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def _json_bytes(value) -> bytes:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).encode()


class _HashingReader:
    """A file object that hashes what is read through it."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


# --- Restore ----------------------------------------------------------------------------------


@dataclass
class Restored:
    rows: int
    tables: int
    files: int


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember("manifest.json")
    except KeyError:
        raise BackupError("Dit is geen back-up van raadsmemo: manifest.json ontbreekt.") from None
    manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Onbekend back-upformaat {manifest.get('format')!r}; verwacht {FORMAT}.")
    return manifest


def check_empty_installation(manifest: dict) -> None:
    """Refuse an installation that has rows, stored files, or other migrations than the backup."""
    if sorted(map(list, manifest["migrations"])) != applied_migrations():
        mine = {tuple(m) for m in applied_migrations()}
        theirs = {tuple(m) for m in manifest["migrations"]}
        missing = ", ".join(f"{a}.{n}" for a, n in sorted(theirs - mine)) or "geen"
        extra = ", ".join(f"{a}.{n}" for a, n in sorted(mine - theirs)) or "geen"
        raise BackupError(
            "De database heeft niet dezelfde migraties als de back-up "
            f"(ontbreekt: {missing}; extra: {extra}). Zet de back-up terug met dezelfde versie van "
            "raadsmemo na `manage.py migrate`, en werk daarna pas bij."
        )
    filled = [label for label, count in row_counts().items() if count and label not in MADE_BY_MIGRATE]
    if filled:
        raise BackupError(
            "De database is niet leeg (er staan al rijen in "
            f"{', '.join(filled[:5])}{' …' if len(filled) > 5 else ''}). Een back-up wordt alleen "
            "teruggezet in een lege installatie: maak een nieuwe database en voer `manage.py migrate` uit. "
            "/ The database is not empty; restore into a new, migrated database."
        )
    present = [name for name in manifest["files"] if default_storage.exists(name)]
    if present:
        raise BackupError(
            f"De opslag (MEDIA_ROOT) is niet leeg: {present[0]} bestaat al. Een teruggezet bestand "
            "overschrijft niets; begin met een lege MEDIA_ROOT."
        )


def restore_backup(source: str | Path) -> Restored:
    """Restore the archive into this (empty) installation, or change nothing and raise BackupError."""
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{source} is niet te lezen als back-up: {error}") from None
    with archive:
        manifest = read_manifest(archive)
        check_empty_installation(manifest)
        data = archive.extractfile("data.json").read()
        if hashlib.sha256(data).hexdigest() != manifest["data"]["sha256"]:
            raise BackupError(
                "data.json klopt niet met de SHA-256 in het manifest: de back-up is beschadigd."
            )
        written: list[str] = []
        try:
            with transaction.atomic():
                _load(data)
                counts = row_counts()
                wrong = {
                    label: (counts.get(label), n)
                    for label, n in manifest["rows"].items()
                    if counts.get(label) != n
                }
                if wrong:
                    raise BackupError(f"Na het terugzetten kloppen de aantallen rijen niet: {wrong}.")
                for name, entry in manifest["files"].items():
                    written.append(_restore_file(archive, name, entry))
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    return Restored(rows=sum(manifest["rows"].values()), tables=len(manifest["rows"]), files=len(written))


def _load(data: bytes) -> int:
    """Insert every row of the dump (never an UPDATE), as loaddata would but insert-only."""
    loaded, deferred, used = 0, [], set()
    with connection.constraint_checks_disabled():
        objects = serializers.deserialize(
            "json", data, handle_forward_references=True, ignorenonexistent=False
        )
        for obj in objects:
            model = type(obj.object)
            used.add(model)
            # A row of a table `migrate` fills (the role groups) is matched to the existing one
            # by name; every other row is new.
            insert = not (model._meta.label_lower in MADE_BY_MIGRATE and obj.object.pk is not None)
            obj.save(force_insert=insert)
            if obj.deferred_fields:
                deferred.append(obj)
            loaded += 1
        for obj in deferred:
            obj.save_deferred_fields()
    connection.check_constraints(table_names=[model._meta.db_table for model in used])
    statements = connection.ops.sequence_reset_sql(no_style(), list(used))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return loaded


def _restore_file(archive: tarfile.TarFile, name: str, entry: dict) -> str:
    try:
        member = archive.extractfile(f"files/{name}")
    except KeyError:
        raise BackupError(f"Het bestand {name} staat in het manifest maar niet in de back-up.") from None
    saved = default_storage.save(name, File(member, name=os.path.basename(name)))
    if saved != name:
        default_storage.delete(saved)
        raise BackupError(f"Het bestand {name} kon niet onder zijn eigen naam worden opgeslagen.")
    with default_storage.open(saved, "rb") as stored:
        checksum, size = sha256_of(stored)
    if (checksum, size) != (entry["sha256"], entry["size"]):
        default_storage.delete(saved)
        raise BackupError(
            f"Het bestand {name} klopt niet met de SHA-256 in het manifest: de back-up is beschadigd."
        )
    return saved
