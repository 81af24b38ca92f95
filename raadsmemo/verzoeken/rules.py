"""When an inspreekverzoek can be made: the one place that knows the closing time."""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def inspreken_closes_at(meeting) -> dt.datetime:
    """Asking to speak closes INSPREKEN_CLOSES_HOURS (24 by default) before the meeting starts."""
    return meeting.starts_at - dt.timedelta(hours=settings.INSPREKEN_CLOSES_HOURS)


def item_takes_speakers(item) -> bool:
    """A public, published, not cancelled meeting, and an openbaar item (not vertrouwelijk or geheim)."""
    meeting = item.meeting
    return meeting.is_published and meeting.is_public and not meeting.is_cancelled and item.is_openbaar


def inspreken_open(item, now: dt.datetime | None = None) -> bool:
    return item_takes_speakers(item) and (now or timezone.now()) < inspreken_closes_at(item.meeting)
