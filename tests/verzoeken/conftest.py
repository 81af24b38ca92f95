"""Requests from residents: a fixed 'now' a week before the builders' meeting, and helpers that
fill in the public forms as a browser posts them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# make_meeting's meeting is on 12 January 2022 at 10:30; asking to speak closes 24 hours before.
A_WEEK_BEFORE = dt.datetime(2022, 1, 5, 12, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def now():
    with time_machine.travel(A_WEEK_BEFORE, tick=False) as traveller:
        yield traveller


def signatures_csv(rows: int = 60, name: str = "handtekeningen.csv") -> SimpleUploadedFile:
    body = "naam;adres\n" + "".join(f"Inwoner {i};Straat {i}\n" for i in range(rows))
    return SimpleUploadedFile(name, body.encode(), content_type="text/csv")


def agendaverzoek_data(**overrides) -> dict:
    """A valid agendaverzoek of inwoners, as the browser posts it (multipart, with the list)."""
    data = {
        "requester": "inwoner",
        "organisation": "",
        "subject": "Veilige oversteekplaatsen bij de scholen",
        "explanation": "Sinds de nieuwe busroute is het 's ochtends gevaarlijk bij de scholen.",
        "signature_count": "50",
        "signature_list": signatures_csv(),
        "name": "Fatima el Amrani",
        "email": "fatima@example.org",
        "phone": "",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def inspreek_data(**overrides) -> dict:
    data = {
        "name": "Anna Smit",
        "email": "anna@example.org",
        "on_behalf_of": "Bewonersvereniging De Hoogte",
        "text": "Wat de plannen voor onze wijk betekenen.",
        "show_name": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
