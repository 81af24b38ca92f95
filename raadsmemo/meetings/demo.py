"""Demo meetings: the seed memos in their sessions, and meetings around today's date.

Matched on title, so loading again moves the dates along with today instead of adding more.
"""

import datetime as dt

from django.utils import timezone

from raadsmemo.meetings.models import AgendaItem, AgendaStuk, Meeting, MeetingKind, Treatment
from raadsmemo.meetings.services import memo_create_for_item
from raadsmemo.memos.demo import KANSEN_IN_KAART, STAPELING
from raadsmemo.memos.models import Memo

RIS = "https://gemeenteraad.groningen.nl/Documenten"


def _next_wednesday(today: dt.date, weeks_ahead: int = 0) -> dt.date:
    return today + dt.timedelta(days=(2 - today.weekday()) % 7 + 7 * weeks_ahead)


def _meeting(title: str, **fields) -> Meeting:
    defaults = {"location": "Raadzaal", "is_public": True, "is_published": True, "chair": "", **fields}
    meeting, _ = Meeting.objects.update_or_create(title=title, defaults=defaults)
    if meeting.is_published and meeting.published_at is None:
        meeting.published_at = timezone.now()
        meeting.save(update_fields=["published_at"])
    return meeting


def _items(meeting: Meeting, items: list[dict], *, by=None) -> None:
    """Replace the meeting's items with these (memos stay; a memo is attached, not copied)."""
    meeting.items.all().delete()
    for position, spec in enumerate(items, start=1):
        stukken = spec.pop("stukken", [])
        write_memo = spec.pop("write_memo", False)
        item = AgendaItem.objects.create(meeting=meeting, position=position, **spec)
        for i, (label, url) in enumerate(stukken):
            AgendaStuk.objects.create(item=item, label=label, url=url, position=i)
        if write_memo:
            existing = Memo.objects.filter(title=item.title, agenda_item__isnull=True).first()
            if existing:  # the demo memo of an earlier load: follow the meeting's new date
                existing.datum = meeting.date
                existing.save(update_fields=["datum"])
                item.memo = existing
                item.save(update_fields=["memo"])
            else:
                memo_create_for_item(item=item, by=by)


def load_demo_meetings(by=None, today: dt.date | None = None) -> list[Meeting]:
    today = today or timezone.localdate()
    stapeling = Memo.objects.get(title=STAPELING["title"], datum=STAPELING["datum"])
    kik = Memo.objects.get(title=KANSEN_IN_KAART["title"], datum=KANSEN_IN_KAART["datum"])

    seed_beeld = _meeting(
        "Beeldvormende sessie stapelings- en doorbraakproject",
        kind=MeetingKind.BEELDVORMEND,
        date=dt.date(2022, 1, 12),
        start_time=dt.time(10, 30),
        end_time=dt.time(12, 0),
        location="digitaal",
        chair="Ton Schroor",
        livestream=True,
    )
    _items(seed_beeld, [{"title": stapeling.title, "duration_minutes": 90, "memo": stapeling}])
    seed_mening = _meeting(
        "Meningsvormende sessie Kansen in kaart",
        kind=MeetingKind.MENINGSVORMEND,
        date=dt.date(2021, 3, 3),
        start_time=dt.time(16, 30),
        end_time=dt.time(17, 30),
        location="digitaal",
        chair="Ton Schroor",
        livestream=True,
    )
    _items(
        seed_mening,
        [
            {
                "title": kik.title,
                "duration_minutes": 45,
                "memo": kik,
                "stukken": [
                    (
                        "Collegebrief Kansen in kaart (KIK) een nieuwe fase",
                        f"{RIS}/Kansen-in-kaart-KIK-een-nieuwe-fase.pdf",
                    )
                ],
            }
        ],
    )

    wednesday = _next_wednesday(today)
    upcoming = [
        (
            _meeting(
                "Agendacommissie",
                kind=MeetingKind.AGENDACOMMISSIE,
                date=wednesday - dt.timedelta(days=6),
                start_time=dt.time(12, 0),
                end_time=dt.time(13, 0),
                location="Kamer 3",
                is_public=False,
                chair="Koen Schuiling",
            ),
            [
                {"title": "Vaststellen agenda Politieke Woensdag", "duration_minutes": 30},
                {
                    "title": "Agendaverzoek GroenLinks: warmtenet Paddepoel",
                    "duration_minutes": 15,
                    "confidentiality": "vertrouwelijk",
                },
            ],
        ),
        (
            _meeting(
                "Beeldvormende sessie Woningbouwopgave 2027",
                kind=MeetingKind.BEELDVORMEND,
                date=wednesday,
                start_time=dt.time(13, 0),
                end_time=dt.time(14, 30),
                location="Raadzaal",
                chair="Ton Schroor",
                livestream=True,
            ),
            [
                {
                    "title": "Woningbouwopgave 2027: stand van zaken",
                    "duration_minutes": 60,
                    "write_memo": True,
                    "stukken": [
                        ("Raadsbrief woningbouwopgave", f"{RIS}/Raadsbrief-woningbouwopgave-2027.pdf")
                    ],
                },
                {"title": "Vragen van de raad", "duration_minutes": 30},
            ],
        ),
        (
            _meeting(
                "Meningsvormende sessie Warmtetransitie",
                kind=MeetingKind.MENINGSVORMEND,
                date=wednesday,
                start_time=dt.time(16, 30),
                end_time=dt.time(18, 0),
                location="Raadzaal",
                chair="Ton Schroor",
                livestream=True,
            ),
            [
                {"title": "Warmtevisie 2.0", "duration_minutes": 60, "write_memo": True},
                {
                    "title": "Grondexploitatie Suikerzijde",
                    "duration_minutes": 30,
                    "confidentiality": "vertrouwelijk",
                },
            ],
        ),
        (
            _meeting(
                "Raadsvergadering",
                kind=MeetingKind.RAADSVERGADERING,
                date=_next_wednesday(today, 1),
                start_time=dt.time(19, 0),
                end_time=dt.time(23, 0),
                location="Raadzaal",
                chair="Koen Schuiling",
                livestream=True,
            ),
            [
                {"title": "Opening en mededelingen", "duration_minutes": 10},
                {"title": "Vaststellen notulen", "duration_minutes": 5, "treatment": Treatment.HAMERSTUK},
                {"title": "Warmtevisie 2.0", "duration_minutes": 90},
                {"title": "Sluiting", "duration_minutes": 5},
            ],
        ),
        (
            _meeting(
                "Werksessie Omgevingsvisie",
                kind=MeetingKind.WERKSESSIE,
                date=_next_wednesday(today, 2),
                start_time=dt.time(13, 0),
                end_time=dt.time(15, 0),
                location="Zaal 2",
                is_published=False,
            ),
            [{"title": "Omgevingsvisie: werken in groepen", "duration_minutes": 120}],
        ),
    ]
    for meeting, items in upcoming:
        _items(meeting, items, by=by)
    return [seed_beeld, seed_mening] + [m for m, _ in upcoming]
