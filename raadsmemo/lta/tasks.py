"""Background tasks of the LTA (Django's tasks framework; the worker is `manage.py db_worker`)."""

import datetime as dt
import logging
import tempfile

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from raadsmemo.accounts.roles import GRIFFIE
from raadsmemo.lta.models import LtaExport, LtaItem, today
from raadsmemo.lta.services import delete_export_files, lta_exports_expire
from raadsmemo.lta.transfer import export_items_for, export_xlsx

log = logging.getLogger(__name__)

REMINDER_DAYS = 14


def griffie_addresses() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name=GRIFFIE).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


@task
def send_lta_reminders(on: str | None = None) -> dict:
    """E-mail the griffie the open items due within 14 days and those overdue; nothing when none.

    `on` (an ISO date) is the day to remind for; the task's arguments must be JSON.
    """
    day = dt.date.fromisoformat(on) if on else today()
    items = LtaItem.objects.select_related("portefeuillehouder").order_by("deadline", "year", "sequence")
    overdue = list(items.overdue(day))
    due = list(items.due_within(REMINDER_DAYS, day))
    recipients = griffie_addresses()
    result = {"day": day.isoformat(), "overdue": len(overdue), "due": len(due), "sent_to": 0}
    if not (overdue or due) or not recipients:
        return result
    context = {"day": day, "overdue": overdue, "due": due, "days": REMINDER_DAYS}
    subject = f"LTA: {len(overdue)} overschreden, {len(due)} binnen {REMINDER_DAYS} dagen ({day:%d-%m-%Y})"
    body = render_to_string("lta/reminder_email.txt", context)
    EmailMessage(subject, body, to=recipients).send()
    result["sent_to"] = len(recipients)
    return result


@task
def build_lta_export(export_id: int) -> None:
    """Write a requested XLSX export to storage, as its requester may see the items; then
    delete the exports that are older than a day."""
    export = (
        LtaExport.objects.select_related("requester")
        .filter(pk=export_id, status=LtaExport.Status.WACHTEND)
        .first()
    )
    if export is None:
        return  # expired before its turn, or made by an earlier run
    rows = LtaExport.objects.filter(pk=export.pk)  # update(): an expired row is no error
    rows.update(status=LtaExport.Status.BEZIG)
    try:
        # Write-only openpyxl writes the rows to a temporary file, the workbook to another; then
        # the file goes to the storage (disk or the object store) in chunks.
        with tempfile.TemporaryFile(suffix=".xlsx") as out:
            export_xlsx(export_items_for(export.requester, export.item_ids), to=out)
            out.seek(0)
            name = default_storage.save(
                f"lta-exports/lta-export-{export.pk}.xlsx", File(out, name="lta.xlsx")
            )
    except Exception:
        log.exception("LTA export %s failed", export.pk)
        rows.update(status=LtaExport.Status.MISLUKT, finished_at=timezone.now())
        raise  # the task result records the traceback too
    if not rows.update(status=LtaExport.Status.KLAAR, file=name, finished_at=timezone.now()):
        delete_export_files([name])  # the row expired while the file was made
    lta_exports_expire()
