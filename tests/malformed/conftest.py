"""A small world for the malformed-input tests: a published meeting with items and memos, LTA items,
contacts, fracties and bestuurders, so that every page has its forms and links."""

import datetime as dt

import pytest

from raadsmemo.collegevoorstellen.demo import load_collegevoorstel_demo
from raadsmemo.lta.models import Kind
from raadsmemo.meetings.models import MeetingKind
from raadsmemo.people.models import Bestuurder, Fractie
from raadsmemo.verzoeken.models import Agendaverzoek, Inspreekverzoek
from tests.conftest import add_item, make_item, make_meeting


@pytest.fixture
def world(gerda, stapeling_memo, kik_memo, contact):
    fractie = Fractie.objects.create(name="PvdA")
    bestuurder = Bestuurder.objects.create(name="Isabelle Diks", role="wethouder", portefeuille="Werk")
    meeting = make_meeting(date=dt.date(2022, 1, 12))
    item = add_item(meeting, "Stapelingsproject", memo=stapeling_memo)
    add_item(meeting, "Kansen in kaart", memo=kik_memo, confidentiality="vertrouwelijk")
    closed = make_meeting(kind=MeetingKind.MENINGSVORMEND, date=dt.date(2030, 5, 8), is_public=False)
    # A coming public meeting, so that the form to ask to speak is open.
    coming_item = add_item(
        make_meeting(kind=MeetingKind.MENINGSVORMEND, date=dt.date(2030, 5, 15)), "Woonvisie"
    )
    agendaverzoek = Agendaverzoek.objects.create(
        requester="inwoner",
        subject="Oversteekplaatsen",
        explanation="Gevaarlijk.",
        name="A",
        email="a@example.org",
    )
    Inspreekverzoek.objects.create(
        agenda_item=coming_item,
        item_title=coming_item.title,
        meeting_title=coming_item.meeting.title,
        meeting_starts_at=coming_item.meeting.starts_at,
        name="Anna Smit",
        email="anna@example.org",
        text="Over de woonvisie.",
    )
    motie = make_item("M-31", kind=Kind.MOTIE, indieners=[fractie], portefeuillehouder=bestuurder, by=gerda)
    make_item("2019-300", by=gerda, deadline=dt.date(2022, 3, 31))
    return {
        "meeting": meeting,
        "closed_meeting": closed,
        "item": item,
        "coming_item": coming_item,
        "agendaverzoek": agendaverzoek,
        "memo": stapeling_memo,
        "lta": motie,
        "contact": contact,
        "collegevoorstel": load_collegevoorstel_demo(),
        "fractie": fractie,
        "bestuurder": bestuurder,
    }
