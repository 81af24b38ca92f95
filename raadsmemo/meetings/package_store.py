"""Where agenda packages are kept, when they are built, and which one a reader gets.

A published meeting has two packages: the internal one (griffie, agendacommissie) and, when the
meeting is public, the public one. The task worker builds them after every change to what they
show (`tasks.schedule_package_builds`, called by the meeting services); nobody has to ask.

- One row per state of the meeting (its fingerprint, package.py) and audience. A build stores
  the PDF through Django's storage API under a new name (a file is never overwritten) and
  records its SHA-256 and size on the row.
- While a new package is built, readers keep getting the newest package that was finished
  (`PackageState.download`), so a visitor never finds nothing where there was something. The
  public one only if everything it shows in full is still public: once an item or a memo is made
  vertrouwelijk or geheim, or taken off the agenda, the older public package is not offered again.
- When a build finishes, the rows and files of earlier states are removed; what is left is the
  package of the meeting as it is now and, until that one is built, the newest finished one.
"""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from raadsmemo.meetings.models import AgendaPackage, Meeting
from raadsmemo.meetings.package import (
    audience_is_public,
    package_fingerprint,
    package_items,
    shows_memo,
)
from raadsmemo.publishing.caching import public_pages_changed

log = logging.getLogger(__name__)

Audience, State = AgendaPackage.Audience, AgendaPackage.State

# A package still queued or running after this long lost its worker (a restart): build it again.
STALE_AFTER = dt.timedelta(minutes=15)


def package_audiences(meeting: Meeting) -> list[str]:
    """The packages a meeting has: the public one when it is published and public, the internal one."""
    return [Audience.PUBLIC, Audience.INTERNAL] if audience_is_public(meeting) else [Audience.INTERNAL]


def shown_memo_ids(meeting: Meeting, audience: str) -> list[int]:
    """The memos the package of this audience shows in full, as the meeting is now."""
    items = package_items(meeting, audience).select_related("memo").order_by("position", "pk")
    return [item.memo_id for item in items if shows_memo(item, audience)]


@dataclass
class PackageState:
    """One audience's package of a meeting: the one being built for it as it is now, and the download."""

    meeting: Meeting
    audience: str
    current: AgendaPackage | None  # the row of the meeting as it is now, in whatever state
    download: AgendaPackage | None  # the stored package a reader of this audience gets

    @property
    def is_internal(self) -> bool:
        return self.audience == Audience.INTERNAL

    @property
    def is_outdated(self) -> bool:
        """The download shows an earlier state of the meeting (a newer one is built or failed)."""
        return self.download is not None and self.download.fingerprint != getattr(
            self.current, "fingerprint", ""
        )

    @property
    def in_progress(self) -> bool:
        return self.current is not None and self.current.in_progress

    @property
    def is_failed(self) -> bool:
        return self.current is not None and self.current.state == State.FAILED


def package_states(meeting: Meeting, audiences: list[str]) -> list[PackageState]:
    """The state of each audience's package, in a fixed number of queries (3 per audience, at most 4)."""
    rows = list(AgendaPackage.objects.filter(meeting=meeting, audience__in=audiences))
    states = []
    for audience in audiences:
        fingerprint = package_fingerprint(meeting, audience)
        mine = [row for row in rows if row.audience == audience]
        current = next((row for row in mine if row.fingerprint == fingerprint), None)
        download = current if current is not None and current.is_stored else None
        if download is None:
            download = _fallback(meeting, audience, [row for row in mine if row.is_stored])
        states.append(PackageState(meeting, audience, current, download))
    return states


def package_state(meeting: Meeting, audience: str) -> PackageState:
    return package_states(meeting, [audience])[0]


def _fallback(meeting: Meeting, audience: str, stored: list[AgendaPackage]) -> AgendaPackage | None:
    """The newest finished package of an earlier state, if its readers may still read all of it."""
    if not stored:
        return None
    newest = max(stored, key=lambda row: (row.finished_at or row.created_at, row.pk))
    if audience == Audience.INTERNAL:
        return newest
    if newest.shown_memos is None or not set(newest.shown_memos) <= set(shown_memo_ids(meeting, audience)):
        return None  # it shows a memo the public may no longer read
    return newest


# --- Building ------------------------------------------------------------------------------


def claim_build(meeting: Meeting, audience: str, *, force: bool = False, by=None) -> AgendaPackage | None:
    """The package row to build for the meeting as it is now, or None when there is nothing to do.

    Nothing to do: the package of this state is built (unless `force`) or being built. A failed
    build, or one that lost its worker, is claimed again; of two simultaneous claims only one wins.
    """
    requested_by = by if by is not None and by.is_authenticated else None
    fingerprint = package_fingerprint(meeting, audience)
    with transaction.atomic():
        package, created = AgendaPackage.objects.get_or_create(
            meeting=meeting,
            audience=audience,
            fingerprint=fingerprint,
            defaults={"requested_by": requested_by},
        )
        if created:
            return package
        stale = package.in_progress and package.created_at < timezone.now() - STALE_AFTER
        if not (package.state == State.FAILED or stale or (force and package.state == State.DONE)):
            return None
        # Compare-and-set: of two simultaneous requests only one queues a build.
        claimed = AgendaPackage.objects.filter(
            pk=package.pk, state=package.state, created_at=package.created_at
        ).update(
            state=State.QUEUED,
            progress=0,
            error="",
            created_at=timezone.now(),
            requested_by=requested_by,
        )
    if claimed:
        public_pages_changed()  # update() sends no signal
    return package if claimed else None


def store_package_pdf(package: AgendaPackage, data: bytes, *, filename: str) -> tuple[str, str]:
    """Write the PDF to storage under a new name; returns the stored name and its SHA-256."""
    checksum = hashlib.sha256(data).hexdigest()
    package.file.save(f"{filename}-{checksum[:12]}.pdf", ContentFile(data), save=False)
    return package.file.name, checksum


def delete_stored_files(names: list[str]) -> None:
    """Remove files after the transaction that let go of them commits (never before: a rollback
    would leave a row without its file)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: _delete_now(names))


def _delete_now(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # a file that is already gone, or a store that is down: log, go on
            log.warning("Could not delete stored agenda package %s", name, exc_info=True)


def prune_packages(meeting: Meeting, audience: str) -> None:
    """Remove the rows (and their files) nobody gets any more.

    Kept: the row of the meeting as it is now, rows being built, and the newest finished
    package while the current one has no file yet. Call inside a transaction.
    """
    fingerprint = package_fingerprint(meeting, audience)
    rows = list(AgendaPackage.objects.filter(meeting=meeting, audience=audience))
    keep = {row.pk for row in rows if row.fingerprint == fingerprint or row.in_progress}
    if not any(row.is_stored for row in rows if row.pk in keep):
        stored = [row for row in rows if row.is_stored]
        if stored:
            keep.add(max(stored, key=lambda row: (row.finished_at or row.created_at, row.pk)).pk)
    gone = [row for row in rows if row.pk not in keep]
    if gone:
        AgendaPackage.objects.filter(pk__in=[row.pk for row in gone]).delete()
        delete_stored_files([row.file.name for row in gone])
