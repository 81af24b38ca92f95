"""Writes to the LTA: every one in a transaction, every status change logged as an update."""

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from raadsmemo.concurrency import ANY_REVISION, claim_revision
from raadsmemo.confidentiality import set_secret_readers
from raadsmemo.history import record_by
from raadsmemo.lta.meeting_links import meeting_label
from raadsmemo.lta.models import (
    EXPORTS_WAITING_MAX,
    NEXT_STATUSES,
    Indiening,
    LtaExport,
    LtaItem,
    Status,
    StatusUpdate,
    UpdateKind,
    today,
)
from raadsmemo.meetings.models import Meeting
from raadsmemo.publishing.caching import public_pages_changed
from raadsmemo.search.indexing import Kind, search_index_update

log = logging.getLogger(__name__)


class LtaWorkflowError(Exception):
    """The requested step does not fit the item's current status; the message is Dutch."""


def set_indieners(item: LtaItem, fracties) -> None:
    """Replace the indieners by these fracties, in this order."""
    item.indieningen.all().delete()
    Indiening.objects.bulk_create(
        Indiening(item=item, fractie=fractie, position=i) for i, fractie in enumerate(fracties)
    )


@transaction.atomic
def lta_item_create(*, item: LtaItem, indieners=(), by, secret_readers=None) -> LtaItem:
    """Store a new item (an unsaved instance filled by a form) with its indieners."""
    item.created_by = by
    record_by(item, by)
    item.save()
    set_indieners(item, indieners)
    set_secret_readers(item, secret_readers)
    search_index_update(Kind.LTA, [item.pk])
    return item


@transaction.atomic
def lta_item_update(
    *,
    item: LtaItem,
    fields: list[str],
    indieners=None,
    based_on_revision: int | None = ANY_REVISION,
    secret_readers=None,
) -> LtaItem:
    """Save the edited fields (never the number, never the status) and the indieners.

    Refused (EditConflict) when someone saved the item since this form loaded it.
    """
    claim_revision(item, based_on_revision)
    fields = [f for f in fields if f not in ("number", "status", "indieners")]
    item.save(update_fields=[*fields, "updated_at"])
    if indieners is not None:
        set_indieners(item, indieners)
    set_secret_readers(item, secret_readers)
    search_index_update(Kind.LTA, [item.pk])
    return item


def _log(item: LtaItem, *, kind: str, date: dt.date, text: str, by) -> StatusUpdate:
    update = StatusUpdate.objects.create(item=item, kind=kind, date=date, text=text, author=by)
    search_index_update(Kind.LTA, [item.pk])
    return update


@transaction.atomic
def status_update_add(*, item: LtaItem, date: dt.date, text: str, by) -> StatusUpdate:
    """Append a dated stand van zaken. Earlier updates stay as they are."""
    item.save(update_fields=["updated_at"])
    return _log(item, kind=UpdateKind.STAND_VAN_ZAKEN, date=date, text=text, by=by)


@transaction.atomic
def lta_item_set_status(*, item: LtaItem, status: str, reason: str, by, on: dt.date | None = None) -> LtaItem:
    """Hold (aanhouden), drop (vervallen) or reopen an item, with the reason in the log."""
    item = LtaItem.objects.select_for_update().get(pk=item.pk)
    if status not in NEXT_STATUSES[Status(item.status)]:
        raise LtaWorkflowError(
            f"Een item dat {item.get_status_display().lower()} is, kan niet op "
            f"{Status(status).label.lower()} worden gezet."
        )
    previous = item.get_status_display().lower()
    record_by(item, by)
    item.status = status
    fields = ["status", "updated_at"]
    if status == Status.OPEN:  # a reopened item starts without a pending proposal
        item.afdoening_proposed_on, item.afdoening_reason = None, ""
        fields += ["afdoening_proposed_on", "afdoening_reason"]
    item.save(update_fields=fields)
    text = f"Status gewijzigd van {previous} naar {item.get_status_display().lower()}: {reason}"
    _log(item, kind=UpdateKind.STATUS, date=on or today(), text=text, by=by)
    return item


@transaction.atomic
def lta_item_propose_afdoening(*, item: LtaItem, reason: str, by, on: dt.date | None = None) -> LtaItem:
    """The griffie proposes to the raad to declare the item afgedaan, with a reason."""
    item = LtaItem.objects.select_for_update().get(pk=item.pk)
    if not item.can_propose_afdoening:
        if item.afdoening_pending:
            raise LtaWorkflowError("Voor dit item ligt al een voorstel tot afdoening bij de raad.")
        raise LtaWorkflowError(
            f"Een item dat {item.get_status_display().lower()} is, kan niet worden afgedaan."
        )
    on = on or today()
    record_by(item, by)
    item.afdoening_proposed_on, item.afdoening_reason = on, reason
    item.save(update_fields=["afdoening_proposed_on", "afdoening_reason", "updated_at"])
    _log(item, kind=UpdateKind.AFDOENING, date=on, text=f"Voorstel tot afdoening: {reason}", by=by)
    return item


@transaction.atomic
def lta_item_afdoen(
    *, item: LtaItem, decided_on: dt.date, meeting: Meeting | str, afgedaan: bool = True, by
) -> LtaItem:
    """Record the raad's decision on the proposal: afgedaan, or not (the item stays as it was).

    `meeting` is the raadsvergadering (a Meeting), or text for one that raadsmemo does not have.
    """
    item = LtaItem.objects.select_for_update().get(pk=item.pk)
    if not item.afdoening_pending:
        raise LtaWorkflowError("Er ligt geen voorstel tot afdoening voor dit item. Stel dat eerst voor.")
    name = meeting_label(meeting) if isinstance(meeting, Meeting) else meeting
    record_by(item, by)
    if afgedaan:
        item.status, item.afgedaan_on = Status.AFGEDAAN, decided_on
        if isinstance(meeting, Meeting):
            item.afgedaan_in_meeting, item.afgedaan_in = meeting, ""
        else:
            item.afgedaan_in_meeting, item.afgedaan_in = None, meeting
        text = f"Afgedaan door de raad in {name}."
    else:
        item.afdoening_proposed_on, item.afdoening_reason = None, ""
        text = f"De raad heeft in {name} besloten het item niet af te doen; het blijft staan."
    item.save(
        update_fields=[
            "status",
            "afgedaan_on",
            "afgedaan_in",
            "afgedaan_in_meeting",
            "afdoening_proposed_on",
            "afdoening_reason",
            "updated_at",
        ]
    )
    _log(item, kind=UpdateKind.AFDOENING, date=decided_on, text=text, by=by)
    return item


@transaction.atomic
def lta_items_create_many(*, items: list[tuple[LtaItem, list]], by) -> list[LtaItem]:
    """Store many new items with their indieners (an import): a few queries, not a few per item.

    New items start as the form makes them; a status other than open is set afterwards through
    lta_item_set_status, so the workflow and its log hold here too.
    """
    for item, _ in items:
        item.created_by = by
        item.set_sort_keys()
    # bulk_create_with_history: the items and their "aangemaakt" history rows, one INSERT each
    # (batched), so an import of 5,000 rows stays a handful of queries and is in the history too.
    created = bulk_create_with_history([item for item, _ in items], LtaItem, default_user=by)
    Indiening.objects.bulk_create(
        Indiening(item=item, fractie=fractie, position=i)
        for item, (_, fracties) in zip(created, items, strict=True)
        for i, fractie in enumerate(fracties)
    )
    search_index_update(Kind.LTA, [item.pk for item in created])
    public_pages_changed()  # bulk_create sends no signal; the register shows the new items
    return created


@transaction.atomic
def status_updates_add(*, updates: list[tuple[LtaItem, dt.date, str]], by) -> None:
    """Append many stand-van-zaken updates at once, each item's oldest first (an import)."""
    StatusUpdate.objects.bulk_create(
        StatusUpdate(item=item, date=date, text=text, author=by) for item, date, text in updates
    )
    items = LtaItem.objects.filter(pk__in={item.pk for item, _, _ in updates})
    items.update(updated_at=timezone.now())
    items.refresh_last_update()  # bulk_create skips StatusUpdate.save(), which keeps it one by one
    search_index_update(Kind.LTA, [item.pk for item, _, _ in updates])
    public_pages_changed()  # bulk_create and update() send no signal


@transaction.atomic
def lta_import(*, plan, filename: str, by, on: dt.date | None = None) -> dict[str, int]:
    """Apply the rows of an import plan that have no errors, through the services above.

    New items are created together (lta_items_create_many); changed ones through
    lta_item_update; status changes through lta_item_set_status, so the workflow holds here as
    in the forms: a step that no longer fits (the register changed) raises LtaWorkflowError and
    nothing stays. Returns how many items were new, changed and unchanged.
    """
    on = on or today()
    rows = [row for row in plan.importable if row.action != "ongewijzigd"]
    new = [row for row in rows if row.item is None]
    created = lta_items_create_many(
        items=[
            (
                LtaItem(number=row.number, **{a: v for a, v in row.values.items() if a != "indieners"}),
                row.values.get("indieners", []),
            )
            for row in new
        ],
        by=by,
    )
    items = dict(zip((id(row) for row in new), created, strict=True))
    updates = []
    for row in rows:
        item = items.get(id(row)) or row.item
        indieners = row.values["indieners"] if "indieners" in row.changes else None
        if row.item is not None and (row.changed_fields or indieners is not None):
            for attr in row.changed_fields:
                setattr(item, attr, row.values[attr])
            lta_item_update(item=item, fields=row.changed_fields, indieners=indieners)
        if row.status and row.status != item.status:
            item = lta_item_set_status(
                item=item, status=row.status, reason=f"import van {filename}", by=by, on=on
            )
        # The file lists updates newest first; append oldest first, so the log grows in order.
        updates += [(item, date or on, text) for date, text in reversed(row.new_updates)]
    status_updates_add(updates=updates, by=by)
    counts = plan.counts
    return {a: counts[a] for a in ("nieuw", "gewijzigd", "ongewijzigd")}


class ExportLimitReached(Exception):
    """The user has EXPORTS_WAITING_MAX exports waiting already; the message is Dutch."""


def lta_export_create(*, items, criteria: dict, by) -> LtaExport:
    """Ask the task worker for an XLSX of these items (a QuerySet, already limited to what `by`
    may see and sorted): they are fixed now, as `by` sees them now. Refused (ExportLimitReached)
    when `by` has EXPORTS_WAITING_MAX exports waiting; old exports go first."""
    from raadsmemo.lta.tasks import build_lta_export  # the task module uses these services

    lta_exports_expire()
    with transaction.atomic():
        # One request at a time per user, so two quick clicks cannot both pass the limit.
        get_user_model().objects.select_for_update().filter(pk=by.pk).first()
        if LtaExport.objects.filter(requester=by).waiting().count() >= EXPORTS_WAITING_MAX:
            raise ExportLimitReached(
                f"U hebt al {EXPORTS_WAITING_MAX} exports in de wachtrij staan. Wacht tot er één klaar "
                "is en vraag deze export dan opnieuw aan."
            )
        export = LtaExport.objects.create(
            requester=by, criteria=criteria, item_ids=list(items.values_list("pk", flat=True))
        )
        # After the commit, so that the worker finds the row the task names.
        transaction.on_commit(lambda: build_lta_export.enqueue(export.pk))
    return export


def lta_exports_expire(now=None) -> int:
    """Delete the exports older than a day, rows and files; returns how many went."""
    with transaction.atomic():
        expired = list(LtaExport.objects.expired(now).select_for_update().only("pk", "file"))
        if not expired:
            return 0
        LtaExport.objects.filter(pk__in=[e.pk for e in expired]).delete()
        names = [e.file.name for e in expired if e.file]
        transaction.on_commit(lambda: delete_export_files(names))
    return len(expired)


def delete_export_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # already gone, or the store is down: the next expiry does not retry; log it
            log.warning("Could not delete stored LTA export %s", name, exc_info=True)
