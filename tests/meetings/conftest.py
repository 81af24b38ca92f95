"""Meetings for the tests, built with the services as the app builds them."""

import datetime as dt

import pytest

from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingKind
from raadsmemo.meetings.services import agenda_item_add, meeting_publish, meeting_save


def make_meeting(**fields) -> Meeting:
    defaults = {
        "kind": MeetingKind.BEELDVORMEND,
        "title": "Beeldvormende sessie",
        "date": dt.date(2022, 1, 12),
        "start_time": dt.time(10, 30),
        "end_time": dt.time(12, 0),
        "location": "Raadzaal",
        "is_public": True,
    }
    published = fields.pop("published", True)
    meeting = meeting_save(meeting=Meeting(**{**defaults, **fields}))
    if published:
        meeting_publish(meeting=meeting)
    return meeting


def add_item(meeting: Meeting, title: str, minutes: int = 30, **fields) -> AgendaItem:
    return agenda_item_add(meeting=meeting, item=AgendaItem(title=title, duration_minutes=minutes, **fields))


@pytest.fixture
def meeting(db):
    return make_meeting()
