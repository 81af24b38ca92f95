"""Flat pages: each main page costs the same number of queries, at most 10, for every role that
opens it, before and after the archive grows by a few hundred meetings, memos, LTA items,
contacts, collegevoorstellen and verzoeken; the memo editor's HTML does not grow with the contact
directory.

The counts are pinned exactly (EXPECTED): a page that starts asking once per row, or once more per
request, fails here with the page and the role named."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from raadsmemo.accounts.roles import BEHEERDER
from raadsmemo.collegevoorstellen.models import Collegevoorstel
from raadsmemo.lta.models import Indiening, Kind, LtaItem, StatusUpdate
from raadsmemo.lta.services import status_update_add
from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingKind
from raadsmemo.memos import publication
from raadsmemo.memos.models import Memo, MemoContact, ProgrammeSlot
from raadsmemo.people.models import Bestuurder, Contact, Fractie
from raadsmemo.verzoeken.models import Agendaverzoek, Inspreekverzoek
from tests.conftest import add_item, make_item, make_meeting, make_user, publish_memo

MAX_QUERIES = 10
GROWTH = 300
ROLES = ("anonymous", "raadslid", "agendacommissie", "beheerder", "griffie")
EVERYONE = ROLES
CONCEPT_READERS = ("agendacommissie", "griffie")
GRIFFIE = ("griffie",)

# Each page's query count for every role that opens it, whatever the archive's size. A signed-in
# user's counts include the session, the user and the user's roles (3).
EXPECTED: dict[str, dict[str, int]] = {
    "komende vergaderingen": {
        "anonymous": 5,
        "raadslid": 8,
        "agendacommissie": 8,
        "beheerder": 8,
        "griffie": 8,
    },
    "vergadering": {"anonymous": 5, "raadslid": 8, "agendacommissie": 9, "beheerder": 8, "griffie": 10},
    "archief": {"anonymous": 3, "raadslid": 6, "agendacommissie": 6, "beheerder": 6, "griffie": 6},
    "agenda bewerken": {"griffie": 9},
    "agendapunt: memo": {"anonymous": 2, "raadslid": 5, "agendacommissie": 8, "beheerder": 5, "griffie": 8},
    "memo (gepubliceerde versie)": {
        "anonymous": 2,
        "raadslid": 5,
        "agendacommissie": 5,
        "beheerder": 5,
        "griffie": 5,
    },
    "memo's": {"agendacommissie": 5, "griffie": 5},
    "memo": {"agendacommissie": 9, "griffie": 10},
    "memo bewerken": {"griffie": 10},
    "overzicht": {"agendacommissie": 7, "griffie": 7},
    "LTA": {"anonymous": 5, "raadslid": 8, "agendacommissie": 8, "beheerder": 8, "griffie": 8},
    "LTA-item": {"anonymous": 6, "raadslid": 9, "agendacommissie": 9, "beheerder": 9, "griffie": 10},
    "contactpersonen": {"griffie": 5},
    "bestuurders": {"griffie": 4},
    "fracties": {"griffie": 4},
    "collegevoorstellen": {"agendacommissie": 5, "griffie": 5},
    "collegevoorstel": {"agendacommissie": 7, "griffie": 8},
    "agendaverzoeken": {"agendacommissie": 5, "griffie": 5},
    "agendaverzoek": {"agendacommissie": 4, "griffie": 5},
    "inspreekverzoeken": {"griffie": 5},
    "iCalendar": {"anonymous": 3, "raadslid": 5, "agendacommissie": 5, "beheerder": 5, "griffie": 5},
    "Atom": {"anonymous": 2, "raadslid": 4, "agendacommissie": 4, "beheerder": 4, "griffie": 4},
    "API: vergaderingen": {"anonymous": 5},
    "API: agendapunten": {"anonymous": 5},
    "API: informatieobjecten": {"anonymous": 6},
    "API: fracties": {"anonymous": 2},
    "zoeken": {"anonymous": 2, "raadslid": 5, "agendacommissie": 5, "beheerder": 5, "griffie": 5},
}


def pages(world) -> dict[str, tuple[tuple[str, ...], str]]:
    """Every main page and the roles that may open it (tests/test_permission_matrix.py)."""
    meeting, item, memo, concept = world["meeting"], world["item"], world["memo"], world["concept"]
    return {
        "komende vergaderingen": (EVERYONE, reverse("meetings:upcoming")),
        "vergadering": (EVERYONE, meeting.get_absolute_url()),
        "archief": (EVERYONE, reverse("meetings:archive")),
        "agenda bewerken": (GRIFFIE, reverse("meetings:edit", args=[meeting.pk])),
        "agendapunt: memo": (EVERYONE, reverse("meetings:item_memo", args=[meeting.pk, item.pk])),
        "memo (gepubliceerde versie)": (EVERYONE, memo.current_version.get_absolute_url()),
        "memo's": (CONCEPT_READERS, reverse("memos:list")),
        "memo": (CONCEPT_READERS, reverse("memos:detail", args=[concept.pk])),
        "memo bewerken": (GRIFFIE, reverse("memos:edit", args=[concept.pk])),
        "overzicht": (CONCEPT_READERS, reverse("home")),
        "LTA": (EVERYONE, reverse("lta:register")),
        "LTA-item": (EVERYONE, world["lta_item"].get_absolute_url()),
        "contactpersonen": (GRIFFIE, reverse("people:contact_list")),
        "bestuurders": (GRIFFIE, reverse("people:bestuurder_list")),
        "fracties": (GRIFFIE, reverse("people:fractie_list")),
        "collegevoorstellen": (CONCEPT_READERS, reverse("collegevoorstellen:list")),
        "collegevoorstel": (CONCEPT_READERS, reverse("collegevoorstellen:detail", args=[world["cv"].pk])),
        "agendaverzoeken": (CONCEPT_READERS, reverse("verzoeken:agendaverzoek_list")),
        "agendaverzoek": (
            CONCEPT_READERS,
            reverse("verzoeken:agendaverzoek_detail", args=[world["agendaverzoek"].pk]),
        ),
        "inspreekverzoeken": (GRIFFIE, reverse("verzoeken:inspreekverzoek_list")),
        "iCalendar": (EVERYONE, reverse("meetings:ical")),
        "Atom": (EVERYONE, reverse("meetings:atom")),
        "API: vergaderingen": (("anonymous",), reverse("api:vergaderingen")),
        "API: agendapunten": (("anonymous",), reverse("api:agendapunten")),
        "API: informatieobjecten": (("anonymous",), reverse("api:informatieobjecten")),
        "API: fracties": (("anonymous",), reverse("api:fracties")),
        "zoeken": (EVERYONE, reverse("search:search") + "?q=sessie"),
    }


def small_world(gerda) -> dict:
    """A little of everything, made through the services as the griffie would."""
    today = timezone.localdate()
    fractie = Fractie.objects.create(name="PvdA")
    bestuurder = Bestuurder.objects.create(name="Isabelle Diks", role="wethouder", portefeuille="Werk")
    meeting = make_meeting(title="Sessie over de woonvisie", date=today + dt.timedelta(days=3))
    memo = Memo.objects.create(purpose="beeldvormend", datum=today, title="Woonvisie", created_by=gerda)
    for hour in (10, 11):
        ProgrammeSlot.objects.create(
            memo=memo, start=dt.time(hour), end=dt.time(hour, 30), activity="uitleg", position=hour
        )
    item = add_item(meeting, memo=publish_memo(memo, by=gerda))
    add_item(meeting, "Rondvraag")
    past = make_meeting(title="Sessie van vorig jaar", date=today - dt.timedelta(days=300))
    add_item(past, "Terugblik")
    lta_item = make_item(
        "M-31", kind=Kind.MOTIE, indieners=[fractie], portefeuillehouder=bestuurder, by=gerda
    )
    for day in (1, 2):
        status_update_add(item=lta_item, date=dt.date(2026, 1, day), text=f"Stand {day}", by=gerda)
    contacts = [Contact.objects.create(name=f"Annet Visser {j}", function="adviseur") for j in range(3)]
    concept = Memo.objects.create(purpose="beeldvormend", datum=today, title="Concept", created_by=gerda)
    for position, contact in enumerate(contacts[:2]):
        MemoContact.objects.create(memo=concept, contact=contact, position=position)
    cv = Collegevoorstel.objects.create(
        zaak="Zaak",
        datum=today,
        auteur="A",
        onderwerp="Aankoop perceel",
        voorstel="Ja.",
        portefeuillehouder=bestuurder,
    )
    agendaverzoek = Agendaverzoek.objects.create(
        requester="inwoner",
        subject="Oversteekplaatsen",
        explanation="Gevaarlijk.",
        name="A",
        email="a@example.org",
    )
    Inspreekverzoek.objects.create(
        agenda_item=item,
        item_title=item.title,
        meeting_title=meeting.title,
        meeting_starts_at=meeting.starts_at,
        name="Anna Smit",
        email="anna@example.org",
        text="Over de woonvisie.",
    )
    return {
        "meeting": meeting,
        "item": item,
        "memo": memo,
        "concept": concept,
        "lta_item": lta_item,
        "cv": cv,
        "agendaverzoek": agendaverzoek,
    }


def grow(n: int, *, by) -> None:
    """n more of everything, in bulk: meetings (coming and past, public or not) with two items
    each, memos (some on an item) with programme slots and contacts, LTA items with updates,
    contacts, fracties and bestuurders, collegevoorstellen, agendaverzoeken and inspreekverzoeken."""
    today = timezone.localdate()
    now = timezone.now()

    def day(i: int) -> dt.date:
        # Every other one coming (within the weeks the pages show), the others past.
        return today + dt.timedelta(days=(i % 20) + 1 if i % 2 else -(i % 700) - 1)

    meetings = Meeting.objects.bulk_create(
        Meeting(
            kind=MeetingKind.BEELDVORMEND if i % 3 else MeetingKind.MENINGSVORMEND,
            title=f"Sessie {i}",
            date=day(i),
            start_time=dt.time(10 + i % 8),
            end_time=dt.time(19),
            location="Raadzaal",
            is_public=i % 5 != 0,
            is_published=True,
            published_at=now,
        )
        for i in range(n)
    )
    memos = Memo.objects.bulk_create(
        Memo(purpose="beeldvormend", datum=day(i), title=f"Memo {i}", created_by=by) for i in range(n)
    )
    items = AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=m, position=1, title=f"Punt {i}", memo=memos[i]) for i, m in enumerate(meetings)]
        + [AgendaItem(meeting=m, position=2, title=f"Rondvraag {i}") for i, m in enumerate(meetings)]
    )
    ProgrammeSlot.objects.bulk_create(
        ProgrammeSlot(memo=memo, start=dt.time(hour), end=dt.time(hour, 30), activity="uitleg", position=hour)
        for memo in memos
        for hour in (10, 11)
    )
    contacts = Contact.objects.bulk_create(
        Contact(name=f"Contact {i:04}", function="adviseur", email=f"c{i}@groningen.nl") for i in range(n)
    )
    MemoContact.objects.bulk_create(
        MemoContact(memo=memo, contact=contacts[i], position=0) for i, memo in enumerate(memos)
    )
    fracties = Fractie.objects.bulk_create(Fractie(name=f"Fractie {i}") for i in range(n // 10))
    bestuurders = Bestuurder.objects.bulk_create(
        Bestuurder(name=f"Wethouder {i}", role="wethouder", portefeuille=f"Portefeuille {i}")
        for i in range(n // 10)
    )
    lta_items = LtaItem.objects.bulk_create(
        LtaItem(
            number=f"2030-{i}",
            kind=Kind.TOEZEGGING,
            title=f"Toezegging {i}",
            portefeuillehouder=bestuurders[i % len(bestuurders)],
            deadline=day(i),
        )
        for i in range(n)
    )
    Indiening.objects.bulk_create(
        Indiening(item=item, fractie=fracties[i % len(fracties)]) for i, item in enumerate(lta_items)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(item=item, date=dt.date(2026, 1, d), text=f"Stand {d}", author=by)
        for item in lta_items
        for d in (1, 2)
    )
    LtaItem.objects.filter(pk__in=[item.pk for item in lta_items]).refresh_last_update()
    Collegevoorstel.objects.bulk_create(
        Collegevoorstel(zaak=f"Zaak {i}", datum=day(i), auteur="A", onderwerp=f"Voorstel {i}", voorstel="Ja.")
        for i in range(n)
    )
    Agendaverzoek.objects.bulk_create(
        Agendaverzoek(
            requester="inwoner", subject=f"Verzoek {i}", explanation="Graag.", name="B", email="b@example.org"
        )
        for i in range(n)
    )
    Inspreekverzoek.objects.bulk_create(
        Inspreekverzoek(
            agenda_item=agenda_item,
            item_title=agenda_item.title,
            meeting_title=agenda_item.meeting.title,
            meeting_starts_at=now + dt.timedelta(days=i % 20),
            name=f"Spreker {i}",
            email="s@example.org",
            text="Hierover.",
        )
        for i, agenda_item in enumerate(items[:n])
    )


def measure(client, url: str) -> tuple[int, int]:
    """The queries of one request and the size of the page it answers with. The public page
    cache starts empty: what is counted is the page as it is made, not a copy."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), len(response.content)


def measure_all(clients: dict[str, Client], world) -> dict[str, dict[str, tuple[int, int]]]:
    found = {}
    for name, (roles, url) in pages(world).items():
        for role in roles:
            # Once to warm up what a process keeps (content types, the site): then counted.
            measure(clients[role], url)
            found.setdefault(name, {})[role] = measure(clients[role], url)
    return found


@pytest.fixture
def stub_pdf(monkeypatch):
    # Publishing renders the version's PDF; its content does not matter here.
    monkeypatch.setattr(publication, "render_memo_pdf", lambda context, version=None: b"%PDF-1.7 stand-in")


@pytest.mark.django_db
def test_main_pages_cost_the_same_few_queries_whatever_the_archive(gerda, age, rik, stub_pdf):
    users = {
        "raadslid": rik,
        "agendacommissie": age,
        "beheerder": make_user("bea", BEHEERDER),
        "griffie": gerda,
    }
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    world = small_world(gerda)

    before = measure_all(clients, world)
    grow(GROWTH, by=gerda)
    after = measure_all(clients, world)

    counts_before = {page: {role: n for role, (n, _) in by_role.items()} for page, by_role in before.items()}
    counts_after = {page: {role: n for role, (n, _) in by_role.items()} for page, by_role in after.items()}
    assert counts_before == EXPECTED
    assert counts_after == EXPECTED
    assert max(n for by_role in EXPECTED.values() for n in by_role.values()) <= MAX_QUERIES

    # The editor's page does not grow with the contact directory (GROWTH contacts more): the
    # contact rows are picked by search, not from a <select> of everyone.
    assert after["memo bewerken"]["griffie"][1] == before["memo bewerken"]["griffie"][1]
