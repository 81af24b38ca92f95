"""Background work of the meetings app: building the agenda package PDF (django-tasks-db worker)."""

import logging

from django.tasks import task
from django.utils import timezone

from raadsmemo.meetings import package as agenda_package
from raadsmemo.meetings.models import AgendaPackage

log = logging.getLogger(__name__)

State = AgendaPackage.State

FAILED_MESSAGE = (
    "Het agendapakket kon niet worden gemaakt. Probeer het opnieuw; "
    "lukt het dan weer niet, neem dan contact op met de functioneel beheerder."
)
CHANGED_MESSAGE = (
    "De vergadering is gewijzigd terwijl het agendapakket in de wachtrij stond. Vraag het opnieuw aan."
)


@task
def build_agenda_package(package_id: int) -> None:
    """Render a requested agenda package and store it on its row, reporting progress as it goes."""
    package = AgendaPackage.objects.select_related("meeting").filter(pk=package_id).first()
    if package is None or package.state == State.DONE:
        return  # deleted because the meeting changed again, or built by an earlier run
    rows = AgendaPackage.objects.filter(pk=package.pk)  # update(): a deleted row is no error
    rows.update(state=State.RUNNING, progress=0, error="")
    try:
        if agenda_package.package_fingerprint(package.meeting, package.audience) != package.fingerprint:
            rows.update(state=State.FAILED, error=CHANGED_MESSAGE, finished_at=timezone.now())
            return
        data, page_count = agenda_package.render_agenda_package(
            package.meeting, package.audience, progress=lambda percent: rows.update(progress=percent)
        )
    except Exception:
        log.exception("Agenda package %s of meeting %s failed", package.pk, package.meeting_id)
        rows.update(state=State.FAILED, error=FAILED_MESSAGE, finished_at=timezone.now())
        raise  # the task result records the traceback too
    rows.update(
        state=State.DONE, progress=100, pdf=data, page_count=page_count, error="", finished_at=timezone.now()
    )
