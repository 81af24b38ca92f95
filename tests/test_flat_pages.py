"""Flat pages: each main page costs the same number of queries, at most 10, before and after the
archive grows by meetings, memos, LTA items and contacts; the memo editor's HTML does not grow with
the contact directory."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from raadsmemo.lta.models import Kind
from raadsmemo.lta.services import status_update_add
from raadsmemo.memos import publication
from raadsmemo.memos.models import Memo, MemoContact, ProgrammeSlot
from raadsmemo.people.models import Contact
from tests.conftest import add_item, client_for, make_item, make_meeting, publish_memo

MAX_QUERIES = 10


def grow(n: int, *, start: int, by) -> dict:
    """n more of everything: meetings (coming and past) with items, memos with programme slots
    (published), LTA items with updates, contacts."""
    made = {}
    for i in range(start, start + n):
        # Every other one coming (within the weeks the page shows), the others past.
        when = dt.date.today() + dt.timedelta(days=(i % 20) + 1 if i % 2 else -(i % 300) - 1)
        meeting = make_meeting(title=f"Sessie {i}", date=when)
        memo = Memo.objects.create(purpose="beeldvormend", datum=when, title=f"Memo {i}", created_by=by)
        for hour in (10, 11):
            ProgrammeSlot.objects.create(
                memo=memo, start=dt.time(hour), end=dt.time(hour, 30), activity="uitleg", position=hour
            )
        add_item(meeting, memo=publish_memo(memo, by=by))
        add_item(meeting, f"Punt {i}")
        item = make_item(f"2030-{i}", kind=Kind.TOEZEGGING, by=by)
        for day in (1, 2):
            status_update_add(item=item, date=dt.date(2026, 1, day), text=f"Stand {day}", by=by)
        contacts = [Contact.objects.create(name=f"Contact {i}-{j}", function="adviseur") for j in range(4)]
        concept = Memo.objects.create(purpose="beeldvormend", datum=when, title=f"Concept {i}", created_by=by)
        for position, contact in enumerate(contacts[:2]):
            MemoContact.objects.create(memo=concept, contact=contact, position=position)
        made.update(meeting=meeting, memo=memo, item=item, concept=concept)
    return made


def queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), len(response.content)


@pytest.fixture
def stub_pdf(monkeypatch):
    # Publishing renders the version's PDF; its content does not matter here.
    monkeypatch.setattr(publication, "render_memo_pdf", lambda context, version=None: b"%PDF-1.7 stand-in")


def test_main_pages_cost_the_same_few_queries_whatever_the_archive(client, gerda, stub_pdf):
    first = grow(2, start=1, by=gerda)
    griffie = client_for(gerda)

    def pages(world):
        return {
            ("bezoeker", "komende vergaderingen"): (client, reverse("meetings:upcoming")),
            ("bezoeker", "vergadering"): (client, world["meeting"].get_absolute_url()),
            ("bezoeker", "archief"): (client, reverse("meetings:archive")),
            ("bezoeker", "LTA"): (client, reverse("lta:register")),
            ("bezoeker", "LTA-item"): (client, world["item"].get_absolute_url()),
            ("bezoeker", "memo"): (client, world["memo"].current_version.get_absolute_url()),
            ("bezoeker", "iCalendar"): (client, reverse("meetings:ical")),
            ("bezoeker", "Atom"): (client, reverse("meetings:atom")),
            ("griffie", "overzicht"): (griffie, reverse("home")),
            ("griffie", "memo's"): (griffie, reverse("memos:list")),
            ("griffie", "memo bewerken"): (griffie, reverse("memos:edit", args=[world["concept"].pk])),
            ("griffie", "contactpersonen"): (griffie, reverse("people:contact_list")),
            ("griffie", "LTA"): (griffie, reverse("lta:register")),
            ("griffie", "agenda bewerken"): (griffie, reverse("meetings:edit", args=[world["meeting"].pk])),
        }

    before = {key: queries(c, url) for key, (c, url) in pages(first).items()}
    grow(25, start=100, by=gerda)
    after = {key: queries(c, url) for key, (c, url) in pages(first).items()}
    counts = {key: (before[key][0], after[key][0]) for key in before}
    assert {key: b for key, (b, a) in counts.items() if b != a} == {}, counts
    assert {key: b for key, (b, _) in counts.items() if b > MAX_QUERIES} == {}, counts
    # The editor's page does not grow with the contact directory (100 contacts more).
    editor = ("griffie", "memo bewerken")
    assert after[editor][1] - before[editor][1] < 2_000, (before[editor][1], after[editor][1])
