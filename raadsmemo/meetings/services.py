"""Writes to meetings and agendas. Every change a calendar must see raises the SEQUENCE.

Every change to a meeting or its agenda goes through `meeting_save` or `meeting_touch`, which
have the agenda packages of a published meeting built again after the commit
(`tasks.schedule_package_builds`; nothing is built when the package of that state exists).
"""

import datetime as dt

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from raadsmemo.accounts.audit import audit
from raadsmemo.concurrency import claim_revision
from raadsmemo.confidentiality import set_secret_readers
from raadsmemo.history import record_by
from raadsmemo.meetings.models import AgendaItem, AgendaStuk, Meeting, MeetingStatus
from raadsmemo.meetings.tasks import schedule_package_builds
from raadsmemo.memos.models import STANDARD_TREATMENT_TEXT, Memo, Purpose, Status
from raadsmemo.publishing.caching import public_pages_changed
from raadsmemo.search.indexing import (
    Kind,
    search_index_meeting,
    search_index_memo_readers,
    search_index_update,
)

# Fields whose change calendar programs must pick up (RFC 5545: raise SEQUENCE).
CALENDAR_FIELDS = {
    "title",
    "date",
    "start_time",
    "end_time",
    "location",
    "status",
    "kind",
    "livestream",
    "chair",
}


def meeting_touch(meeting: Meeting) -> None:
    """The agenda changed: calendars and the agenda package must see a new version."""
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())
    meeting.refresh_from_db(fields=["sequence", "updated_at"])
    public_pages_changed()  # update() sends no signal
    schedule_package_builds(meeting)
    search_index_meeting(meeting)


@transaction.atomic
def meeting_save(*, meeting: Meeting, changed: list[str] | None = None, by=None) -> Meeting:
    """Create a meeting, or save the changed fields of an existing one.

    `by` is who did it, for the history (a request's user is taken by the middleware already;
    the services that change a meeting's standing name the user explicitly).
    """
    record_by(meeting, by)
    if meeting.pk is None:
        meeting.save()
        search_index_meeting(meeting)
        return meeting
    changed = list(changed or [])
    if CALENDAR_FIELDS & set(changed):
        meeting.sequence = F("sequence") + 1
        changed.append("sequence")
    meeting.save(update_fields=[*changed, "updated_at"])
    meeting.refresh_from_db(fields=["sequence"])
    schedule_package_builds(meeting)
    search_index_meeting(meeting)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, changed: list[str], based_on_revision: int | None) -> Meeting:
    """Save the builder's details form, unless someone saved the meeting since it was loaded."""
    claim_revision(meeting, based_on_revision)
    return meeting_save(meeting=meeting, changed=changed)


def meeting_cancel(*, meeting: Meeting, by) -> Meeting:
    """Cancel: the meeting stays visible, as geannuleerd, and calendars mark it cancelled."""
    meeting.status = MeetingStatus.GEANNULEERD
    meeting = meeting_save(meeting=meeting, changed=["status"], by=by)
    audit("meeting_cancelled", user=by, meeting=meeting.pk)
    return meeting


def meeting_move(*, meeting: Meeting, date: dt.date, start_time: dt.time, end_time: dt.time, by) -> Meeting:
    meeting.date, meeting.start_time, meeting.end_time = date, start_time, end_time
    meeting.status = MeetingStatus.GEPLAND
    meeting = meeting_save(meeting=meeting, changed=["date", "start_time", "end_time", "status"], by=by)
    audit("meeting_moved", user=by, meeting=meeting.pk, date=date.isoformat())
    return meeting


@transaction.atomic
def meeting_publish(*, meeting: Meeting, by, publish: bool = True) -> Meeting:
    """Publish (or withdraw) the agenda. Publishing also publishes the vastgestelde memos on it
    (each a new frozen version); a concept stays unpublished and the public page says "memo volgt".
    The packages are built after the commit, so they hold the memos published here."""
    # The memo workflow calls back into meeting_touch: imported here, not at the top.
    from raadsmemo.memos.publication import memo_publish_with_meeting

    meeting.is_published = publish
    if publish and meeting.published_at is None:
        meeting.published_at = timezone.now()
    meeting = meeting_save(meeting=meeting, changed=["is_published", "published_at"], by=by)
    if publish:
        for memo in Memo.objects.filter(agenda_item__meeting=meeting, status=Status.VASTGESTELD):
            memo_publish_with_meeting(memo=memo, by=by)
    audit("meeting_published" if publish else "meeting_unpublished", user=by, meeting=meeting.pk)
    return meeting


def _next_position(meeting: Meeting) -> int:
    return (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, item: AgendaItem, secret_readers=None) -> AgendaItem:
    """Add an item (filled in by the form) at the end of the agenda."""
    item.meeting = meeting
    item.position = _next_position(meeting)
    if item.memo_id and not item.title:
        item.title = item.memo.title
    item.save()
    set_secret_readers(item, secret_readers)
    meeting_touch(meeting)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    """Take an item off the agenda; its memo stays and can go on another agenda."""
    meeting = item.meeting
    pk, memo_pk = item.pk, item.memo_id
    item.delete()
    search_index_update(Kind.AGENDAPUNT, [pk])
    search_index_memo_readers([memo_pk])  # on no agenda now: only staff find it
    _renumber(meeting, list(meeting.items.values_list("pk", flat=True)))
    meeting_touch(meeting)


def _renumber(meeting: Meeting, ordered_ids: list[int]) -> None:
    items = {item.pk: item for item in meeting.items.all()}
    for position, pk in enumerate(ordered_ids, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, ordered_ids: list[int]) -> None:
    """Put the items in this order. The ids must be exactly the meeting's items."""
    current = set(meeting.items.values_list("pk", flat=True))
    if set(ordered_ids) != current or len(ordered_ids) != len(current):
        raise ValueError("De volgorde moet precies de agendapunten van deze vergadering bevatten.")
    _renumber(meeting, ordered_ids)
    meeting_touch(meeting)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, offset: int) -> tuple[int, int]:
    """Move an item up (-1) or down (+1); the keyboard alternative to dragging. Returns its place
    afterwards and the number of items (1-based: "punt 3 van 7")."""
    ids = list(item.meeting.items.values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = index + offset
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        _renumber(item.meeting, ids)
        meeting_touch(item.meeting)
        index = target
    return index + 1, len(ids)


@transaction.atomic
def memo_create_for_item(*, item: AgendaItem, by) -> Memo:
    """Start the voorbereidingsmemo of an item: its date, title and purpose from the meeting."""
    purpose = item.meeting.expected_purpose or Purpose.BEELDVORMEND
    memo = Memo.objects.create(
        purpose=purpose,
        datum=item.meeting.date,
        title=item.title,
        treatment_text=STANDARD_TREATMENT_TEXT[purpose],
        created_by=by,
        updated_by=by,
    )
    item.memo = memo
    item.save(update_fields=["memo", "updated_at"])
    search_index_update(Kind.MEMO, [memo.pk])
    meeting_touch(item.meeting)
    return memo


@transaction.atomic
def agenda_item_save_with_stukken(
    *,
    item: AgendaItem,
    changed: list[str],
    stukken: list[dict],
    based_on_revision: int | None,
    secret_readers=None,
) -> AgendaItem:
    """Save an item's fields and replace its stukken with the submitted list, in order.

    Refused (EditConflict) when someone saved the item since this form loaded it.
    """
    claim_revision(item, based_on_revision)
    # A memo taken off this item is on no agenda now: its readers change (search/readers.py).
    previous_memo = AgendaItem.objects.filter(pk=item.pk).values_list("memo_id", flat=True).first()
    item.save(update_fields=[*changed, "updated_at"] if changed else ["updated_at"])
    set_secret_readers(item, secret_readers)
    item.stukken.all().delete()
    AgendaStuk.objects.bulk_create(AgendaStuk(item=item, position=i, **s) for i, s in enumerate(stukken))
    search_index_memo_readers([previous_memo])
    meeting_touch(item.meeting)
    return item
