"""The LTA and the meetings: where an item was made, which meetings treated it, where it was afgedaan.

Every read here takes the viewer: a meeting the viewer may not see (unpublished, or closed to the
public) is never linked or named, and a memo's agenda item only counts when the viewer may read
that memo (AgendaItem.memo_visible_to).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import formats

from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingStatus


def meeting_label(meeting: Meeting) -> str:
    """ "Raadsvergadering 16 december 2026": the title, with the date unless the title has it."""
    day = formats.date_format(meeting.date, "j F Y")
    return meeting.title if day in meeting.title else f"{meeting.title} {day}"


def meeting_choices(*, kinds=None, keep: Meeting | int | None = None):
    """Meetings the griffie may pick in an LTA form: newest first, cancelled ones left out
    (except `keep`, the one already chosen, so an unrelated edit still validates)."""
    keep_pk = keep.pk if isinstance(keep, Meeting) else keep
    queryset = Meeting.objects.exclude(status=MeetingStatus.GEANNULEERD)
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    if keep_pk:
        queryset = queryset | Meeting.objects.filter(pk=keep_pk)
    return queryset.order_by("-date", "-start_time")


def visible_meetings_prefetch(user) -> list[Prefetch]:
    """Prefetch an item's made_in_meeting and afgedaan_in_meeting; one the user may not see is None."""
    return [
        Prefetch("made_in_meeting", Meeting.objects.visible_to(user)),
        Prefetch("afgedaan_in_meeting", Meeting.objects.visible_to(user)),
    ]


@dataclass
class TreatedIn:
    """One meeting in an item's "Behandeld in", with what happened to the item there."""

    meeting: Meeting
    made: bool = False
    afgedaan: bool = False
    agenda_items: list[AgendaItem] = field(default_factory=list)

    @property
    def date(self) -> dt.date:
        return self.meeting.date

    @property
    def label(self) -> str:
        return meeting_label(self.meeting)


def treated_in(item, user) -> list[TreatedIn]:
    """The meetings that treated this item, oldest first, as far as the user may see them.

    `item` comes with its meetings prefetched by visible_meetings_prefetch(user); the agenda items
    whose memo refers to the item take one query, however many there are.
    """
    entries: dict[int, TreatedIn] = {}

    def entry(meeting: Meeting) -> TreatedIn:
        return entries.setdefault(meeting.pk, TreatedIn(meeting))

    if item.made_in_meeting is not None:
        entry(item.made_in_meeting).made = True
    agenda_items = (
        AgendaItem.objects.visible_to(user)
        .filter(memo__lta_item=item)
        .select_related("meeting", "memo")
        .order_by("meeting__date", "meeting__start_time", "position")
    )
    for agenda_item in agenda_items:
        if agenda_item.memo_visible_to(user):
            entry(agenda_item.meeting).agenda_items.append(agenda_item)
    if item.afgedaan_in_meeting is not None:
        entry(item.afgedaan_in_meeting).afgedaan = True
    return sorted(entries.values(), key=lambda e: (e.meeting.date, e.meeting.start_time))
