"""The read page follows the seed layout; its query count does not grow with its rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from raadsmemo.memos.models import MemoContact, MemoLink, ProgrammeSlot
from raadsmemo.people.models import Contact


def text_positions(page: str, parts: list[str]) -> list[int]:
    """Where each part first appears in the memo body, searching on from the previous part."""
    body = page.split("data-memo-body", 1)[1]
    positions, start = [], 0
    for part in parts:
        start = body.index(part, start)
        positions.append(start)
    return positions


@pytest.mark.django_db
def test_beeldvormend_memo_reads_like_the_seed(griffie_client, stapeling_memo):
    page = griffie_client.get(reverse("memos:detail", args=[stapeling_memo.pk])).content.decode()
    seed_order = [
        "Voorbereidingsmemo",
        "beeldvormend",
        "Aan:",
        "Raad",
        "Van:",
        "Agendacommissie",
        "Datum:",
        "12 januari 2022",
        "Betreft",
        "Agendaverzoek",
        "College",
        "Titel en datum van het stuk (+ link):",
        "Voortgang stapelings- en doorbraakproject",
        "Ambtelijke contactgegevens voor technische vragen:",
        "Annet Visser (beleidsadviseur) / 050 – 367 7029 / ",
        "annet.visser@groningen.nl",
        "Hessel Luxen (bestuursadviseur)",
        "Korte samenvatting:",
        "Op de LTA stond oorspronkelijk een toezegging",
        "Programma",
        "10:30 – 10:35",
        "introductie door wethouders Diks en Jongman",
        "11:35 – 12:00",
        "Vermeld op LTA?",
        "Nee",
        "Deadline?",
        "Doel van de activiteit",
        "Beeldvormend",
        "Wijze van behandeling (vorm) en uitkomst activiteit",
        "De sessie is bedoeld om de leden van de raad",
    ]
    positions = text_positions(page, seed_order)
    assert positions == sorted(positions)
    # Sections for other purposes, and empty ones, are left out rather than printed empty.
    assert "Advies + argumentatie" not in page
    assert "Voorgeschiedenis" not in page
    assert "Nadere informatie" not in page
    assert "Bespreking in" not in page


@pytest.mark.django_db
def test_meningsvormend_memo_shows_advice_lta_and_speaking_times(griffie_client, kik_memo):
    page = griffie_client.get(reverse("memos:detail", args=[kik_memo.pk])).content.decode()
    seed_order = [
        "meningsvormend",
        "3 maart 2021",
        "Collegebrief",
        "Kansen in kaart (KIK) – een nieuwe fase",
        "Bijlage - rapport Kansen in kaart",
        "E.F. Wams / 050 367 5764",
        "In deze brief informeert het college",
        "Vermeld op LTA?",
        "Ja, item nr 2019-300",
        "Deadline?",
        "Meningsvormend",
        "Advies + argumentatie (i.g.v. meningsvormend):",
        "discussie",
        "Omdat het een collegebrief betreft",
        "Bespreking in één ronde. In geval van spreektijden, maximaal 3 minuten per fractie, college maximaal 12 minuten.",
        "Nadere informatie",
        "Onderzoek KIK (IOS)",
    ]
    positions = text_positions(page, seed_order)
    assert positions == sorted(positions)
    assert "Programma" not in page.split("data-memo-body")[1]


def add_rows(memo, n):
    for i in range(n):
        c = Contact.objects.create(name=f"Contact {memo.pk}-{i}", phone="050 367 0000")
        MemoContact.objects.create(memo=memo, contact=c, position=10 + i)
        ProgrammeSlot.objects.create(
            memo=memo,
            start=dt.time(13, i),
            end=dt.time(13, i + 1),
            activity=f"Slot {i}",
            position=10 + i,
        )
        MemoLink.objects.create(
            memo=memo, section="stuk", label=f"Link {i}", url="https://example.org", position=10 + i
        )


@pytest.mark.django_db
# Session, user, roles, then the memo with its rows and its workflow; the detail page reads the
# memo's history (one query, the griffie's "Geschiedenis"), and reads the agendaverzoeken it answers
# (its Betreft says "Agendaverzoek") with the memo itself; the editor also looks for a draft and fills its contact
# rows' contacts (one query, whatever the directory) and the people who may be named on a geheim memo.
@pytest.mark.parametrize(("view", "queries"), [("memos:detail", 10), ("memos:pdf", 7), ("memos:edit", 10)])
def test_query_count_does_not_grow_with_rows(
    griffie_client, stapeling_memo, view, queries, django_assert_num_queries
):
    url = reverse(view, args=[stapeling_memo.pk])
    griffie_client.get(url)  # warm up (session, groups)
    with CaptureQueriesContext(connection) as few:
        assert griffie_client.get(url).status_code == 200
    add_rows(stapeling_memo, 12)
    with django_assert_num_queries(queries) as many:
        response = griffie_client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many]
    if view == "memos:detail":
        assert "Slot 11" in response.content.decode()
