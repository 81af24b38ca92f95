"""Background work of the meetings app: building the agenda packages (django-tasks-db worker).

`schedule_package_builds(meeting)` is the one way in: the meeting services call it on every
change to a meeting or its agenda, and so does publishing a memo version. After the commit it
queues a build of each package the meeting has, unless the package of that state is built or
being built already (package_store.claim_build).
"""

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from raadsmemo.meetings import package as agenda_package
from raadsmemo.meetings import package_store
from raadsmemo.meetings.models import AgendaPackage, Meeting
from raadsmemo.publishing.caching import public_pages_changed

log = logging.getLogger(__name__)

State = AgendaPackage.State

FAILED_MESSAGE = (
    "Het agendapakket kon niet worden gemaakt. Probeer het opnieuw; "
    "lukt het dan weer niet, neem dan contact op met de functioneel beheerder."
)


def schedule_package_builds(meeting: Meeting, *, force: bool = False, by=None) -> None:
    """Build the meeting's packages as it is after this transaction commits.

    Only a published meeting gets packages without asking; `force` (the griffie's "opnieuw
    maken") builds also an unpublished meeting's internal package and builds a finished one again.
    """
    meeting_pk = meeting.pk
    transaction.on_commit(lambda: request_package_builds(meeting_pk, force=force, by=by))


def request_package_builds(meeting_pk: int, *, force: bool = False, by=None) -> list[int]:
    """Queue the builds the meeting needs now; returns the ids of the packages queued."""
    meeting = Meeting.objects.filter(pk=meeting_pk).first()
    if meeting is None or not (meeting.is_published or force):
        return []
    queued = []
    for audience in package_store.package_audiences(meeting):
        package = package_store.claim_build(meeting, audience, force=force, by=by)
        if package is not None:
            queued.append(package.pk)
    # Outside the claim's transaction, so that a worker finds the row the task names.
    for package_id in queued:
        build_agenda_package.enqueue(package_id)
    return queued


@task
def build_agenda_package(package_id: int) -> None:
    """Render a queued agenda package, store the PDF, and drop the packages it replaces."""
    package = AgendaPackage.objects.select_related("meeting").filter(pk=package_id).first()
    if package is None or not package.in_progress:
        return  # removed because the meeting changed again, or built by an earlier run
    rows = AgendaPackage.objects.filter(pk=package.pk)  # update(): a removed row is no error
    rows.update(state=State.RUNNING, progress=0, error="")
    public_pages_changed()  # update() sends no signal; the meeting page shows the package's state
    meeting, audience = package.meeting, package.audience
    if agenda_package.package_fingerprint(meeting, audience) != package.fingerprint:
        _superseded(package)
        return
    try:
        shown = package_store.shown_memo_ids(meeting, audience)
        data, page_count = agenda_package.render_agenda_package(
            meeting, audience, progress=lambda percent: rows.update(progress=percent)
        )
        previous = package.file.name if package.is_stored else ""
        name, checksum = package_store.store_package_pdf(package, data, filename=f"{audience}-{package.pk}")
    except Exception:
        log.exception("Agenda package %s of meeting %s failed", package.pk, meeting.pk)
        with transaction.atomic():
            rows.update(state=State.FAILED, error=FAILED_MESSAGE, finished_at=timezone.now())
            package_store.prune_packages(meeting, audience)
            public_pages_changed()
        raise  # the task result records the traceback too
    with transaction.atomic():
        stored = rows.update(
            state=State.DONE,
            progress=100,
            file=name,
            sha256=checksum,
            size=len(data),
            page_count=page_count,
            shown_memos=shown,
            error="",
            finished_at=timezone.now(),
        )
        if not stored:  # the row went while the PDF was made
            package_store.delete_stored_files([name])
            return
        package_store.delete_stored_files([previous])
        package_store.prune_packages(meeting, audience)
        public_pages_changed()


def _superseded(package: AgendaPackage) -> None:
    """The meeting changed while this package waited: its build is no longer wanted.

    A row that has a file from an earlier build keeps it (still the newest finished package of
    its state); one without is removed. The package of the new state has its own build.
    """
    rows = AgendaPackage.objects.filter(pk=package.pk)
    if package.is_stored:
        rows.update(state=State.DONE, progress=100)
        public_pages_changed()
    else:
        rows.delete()
