"""Every write of the requests, keyword-only, in a transaction; the e-mail to the requester is
queued after the write (tasks.send_requester_email)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from raadsmemo.concurrency import claim_revision
from raadsmemo.verzoeken.models import (
    Agendaverzoek,
    AgendaverzoekStatus,
    InspreekStatus,
    Inspreekverzoek,
    SubmissionAttempt,
)
from raadsmemo.verzoeken.signatures import delete_signature_file, store_signature_file
from raadsmemo.verzoeken.tasks import send_requester_email


class VerzoekWorkflowError(Exception):
    """The step does not fit the request's status (decided already, not taken in yet)."""


def _mail(verzoek, step: str) -> None:
    kind = "agendaverzoek" if isinstance(verzoek, Agendaverzoek) else "inspreekverzoek"
    send_requester_email.enqueue(kind, verzoek.pk, step)


# --- Agendaverzoek ---------------------------------------------------------------------------


def agendaverzoek_submit(*, verzoek: Agendaverzoek, upload=None, upload_kind: str = "") -> Agendaverzoek:
    """Store a new request (and its list of signatures) and tell the requester it came in."""
    stored = store_signature_file(upload, upload_kind) if upload else {}
    try:
        with transaction.atomic():
            for field, value in stored.items():
                setattr(verzoek, field, value)
            verzoek.status = AgendaverzoekStatus.ONTVANGEN
            verzoek.received_at = timezone.now()
            verzoek.save()
    except Exception:
        delete_signature_file(stored.get("signature_file", ""))
        raise
    _mail(verzoek, "ontvangen")
    return verzoek


def _require_status(verzoek, *allowed: str) -> None:
    if verzoek.status not in allowed:
        raise VerzoekWorkflowError(
            f"Dit verzoek is al {verzoek.get_status_display().lower()}; er is niets veranderd."
        )


def agendaverzoek_take_in(*, verzoek: Agendaverzoek, based_on_revision: int | None) -> Agendaverzoek:
    """The griffie takes the request in and puts it before the agendacommissie."""
    _require_status(verzoek, AgendaverzoekStatus.ONTVANGEN)
    with transaction.atomic():
        claim_revision(verzoek, based_on_revision)
        verzoek.status = AgendaverzoekStatus.IN_BEHANDELING
        verzoek.taken_in_at = timezone.now()
        verzoek.save(update_fields=["status", "taken_in_at"])
    return verzoek


def agendaverzoek_grant(
    *, verzoek: Agendaverzoek, meeting, memo=None, based_on_revision: int | None
) -> Agendaverzoek:
    """The agendacommissie grants the request and plans it into `meeting`."""
    _require_status(verzoek, AgendaverzoekStatus.IN_BEHANDELING)
    with transaction.atomic():
        claim_revision(verzoek, based_on_revision)
        verzoek.status = AgendaverzoekStatus.TOEGEKEND
        verzoek.meeting = meeting
        verzoek.memo = memo or verzoek.memo
        verzoek.reason = ""
        verzoek.decided_at = timezone.now()
        verzoek.save(update_fields=["status", "meeting", "memo", "reason", "decided_at"])
    _mail(verzoek, "toegekend")
    return verzoek


def agendaverzoek_reject(
    *, verzoek: Agendaverzoek, reason: str, based_on_revision: int | None
) -> Agendaverzoek:
    _require_status(verzoek, AgendaverzoekStatus.IN_BEHANDELING)
    with transaction.atomic():
        claim_revision(verzoek, based_on_revision)
        verzoek.status = AgendaverzoekStatus.AFGEWEZEN
        verzoek.reason = reason
        verzoek.decided_at = timezone.now()
        verzoek.save(update_fields=["status", "reason", "decided_at"])
    _mail(verzoek, "afgewezen")
    return verzoek


def agendaverzoek_link_memo(*, verzoek: Agendaverzoek, memo, based_on_revision: int | None) -> Agendaverzoek:
    with transaction.atomic():
        claim_revision(verzoek, based_on_revision)
        verzoek.memo = memo
        verzoek.save(update_fields=["memo"])
    return verzoek


# --- Inspreekverzoek -------------------------------------------------------------------------


def inspreekverzoek_submit(*, verzoek: Inspreekverzoek, item) -> Inspreekverzoek:
    """Store a request to speak at `item`, with the item's title and time as they are now."""
    with transaction.atomic():
        verzoek.agenda_item = item
        verzoek.item_title = item.title[:300]
        verzoek.meeting_title = item.meeting.title[:200]
        verzoek.meeting_starts_at = item.meeting.starts_at
        verzoek.status = InspreekStatus.ONTVANGEN
        verzoek.received_at = timezone.now()
        verzoek.save()
    _mail(verzoek, "ontvangen")
    return verzoek


def inspreekverzoek_confirm(*, verzoek: Inspreekverzoek, based_on_revision: int | None) -> Inspreekverzoek:
    _require_status(verzoek, InspreekStatus.ONTVANGEN)
    with transaction.atomic():
        claim_revision(verzoek, based_on_revision)
        verzoek.status = InspreekStatus.BEVESTIGD
        verzoek.decided_at = timezone.now()
        verzoek.save(update_fields=["status", "decided_at"])
    _mail(verzoek, "bevestigd")
    return verzoek


def inspreekverzoek_decline(
    *, verzoek: Inspreekverzoek, reason: str, based_on_revision: int | None
) -> Inspreekverzoek:
    _require_status(verzoek, InspreekStatus.ONTVANGEN)
    with transaction.atomic():
        claim_revision(verzoek, based_on_revision)
        verzoek.status = InspreekStatus.AFGEWEZEN
        verzoek.reason = reason
        verzoek.decided_at = timezone.now()
        verzoek.save(update_fields=["status", "reason", "decided_at"])
    _mail(verzoek, "afgewezen")
    return verzoek


# --- Retention -------------------------------------------------------------------------------

ERASED = "(verwijderd)"


def remove_expired_personal_data(*, now: dt.datetime) -> dict:
    """Anonymise the requests past the retention period; delete their lists of signatures.

    What the raad needs stays: the subject, the explanation, who asked (the kind, not the
    person), the count of signatures, the decision and its reason, the meeting and the memo. An
    inspreekverzoek keeps the item and its status; its text and the person go.
    """
    agendaverzoeken = list(Agendaverzoek.objects.expired(now))
    files = [v.signature_file for v in agendaverzoeken if v.signature_file]
    inspreek_ids = list(Inspreekverzoek.objects.expired(now).values_list("pk", flat=True))
    with transaction.atomic():
        Agendaverzoek.objects.filter(pk__in=[v.pk for v in agendaverzoeken]).update(
            name=ERASED,
            organisation="",
            email="",
            phone="",
            signature_file="",
            signature_filename="",
            signature_checksum="",
            signature_content_type="",
            anonymised_at=now,
        )
        Inspreekverzoek.objects.filter(pk__in=inspreek_ids).update(
            name=ERASED, email="", on_behalf_of="", text="", show_name=False, anonymised_at=now
        )
        SubmissionAttempt.objects.filter(at__lt=now - dt.timedelta(hours=1)).delete()
    # Files go once no row points at them any more.
    for name in files:
        delete_signature_file(name)
    return {
        "agendaverzoeken": len(agendaverzoeken),
        "inspreekverzoeken": len(inspreek_ids),
        "files": len(files),
    }
