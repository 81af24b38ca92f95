"""Confidentiality in every channel: an openbaar, a vertrouwelijk and a geheim item (and memo, stuk,
LTA item) reach exactly those entitled to them, on the pages, in the feeds, in search, in the
agenda package, in the export and in the LTA register. docs/architecture.md, "Who sees what"."""

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse

from raadsmemo.accounts.roles import RAADSLID
from raadsmemo.lta.models import Kind
from raadsmemo.meetings.models import AgendaItem, AgendaPackage, AgendaStuk
from raadsmemo.meetings.package import package_entries
from raadsmemo.memos.models import Memo
from tests.conftest import (
    add_item,
    client_for,
    downloaded,
    make_item,
    make_meeting,
    memo_form_data,
    publish_memo,
)

pytestmark = pytest.mark.django_db

GEHEIM = {"confidentiality": "geheim", "grondslag": "gemeentewet-25", "secret_until": dt.date(2030, 1, 1)}
TITLES = ("Openbaar punt", "Vertrouwelijk punt", "Geheim punt")
# Who sees which of TITLES: the public the first, raadsleden and staff also the second, the
# griffie and the one named (nina) the third.
SEES = {
    "anonymous": {"Openbaar punt"},
    "rik": {"Openbaar punt", "Vertrouwelijk punt"},
    "age": {"Openbaar punt", "Vertrouwelijk punt"},
    "nina": set(TITLES),
    "gerda": set(TITLES),
}


@pytest.fixture
def nina(db):
    """Nina is a raadslid named on the geheim item, memo and LTA item."""
    from tests.conftest import make_user

    return make_user("nina", RAADSLID)


@pytest.fixture
def clients(client, rik, age, nina, gerda):
    return {
        "anonymous": client,
        "rik": client_for(rik),
        "age": client_for(age),
        "nina": client_for(nina),
        "gerda": client_for(gerda),
    }


@pytest.fixture
def agenda(nina):
    meeting = make_meeting(title="Raadsvergadering", date=dt.date(2030, 6, 5), end_time=dt.time(13))
    add_item(meeting, "Openbaar punt", 20)
    vertrouwelijk = add_item(meeting, "Vertrouwelijk punt", 20, confidentiality="vertrouwelijk")
    geheim = add_item(meeting, "Geheim punt", 20, **GEHEIM)
    geheim.secret_readers.add(nina)
    AgendaStuk.objects.create(item=vertrouwelijk, label="Vertrouwelijke brief", url="https://ris.example/v")
    AgendaStuk.objects.create(
        item=vertrouwelijk, label="Geheime notitie", url="https://ris.example/n", **GEHEIM
    )
    AgendaStuk.objects.create(item=geheim, label="Geheime bijlage", url="https://ris.example/g", **GEHEIM)
    return meeting


def seen(text: str) -> set[str]:
    return {title for title in (*TITLES, "Vertrouwelijke brief", "Geheime bijlage") if title in text}


def test_the_meeting_page(clients, agenda):
    url = reverse("meetings:detail", args=[agenda.pk])
    for who, client in clients.items():
        page = client.get(url).content.decode()
        assert seen(page) & set(TITLES) == SEES[who], who
    # A geheim stuk: for the griffie and those named on its item (a vertrouwelijk item names nobody).
    rik, nina, gerda = (clients[who].get(url).content.decode() for who in ("rik", "nina", "gerda"))
    assert "Vertrouwelijke brief" in rik and "Geheime notitie" not in rik
    assert "Geheime bijlage" in nina and "Geheime notitie" not in nina
    assert "Geheime bijlage" in gerda and "Geheime notitie" in gerda


def test_an_items_memo_and_its_pdf_are_a_404_for_whom_the_item_is_not(clients, agenda, gerda):
    for title in TITLES:
        item = AgendaItem.objects.get(title=title)
        item.memo = publish_memo(
            Memo.objects.create(title=f"Memo bij {title}", purpose="beeldvormend", datum=agenda.date)
        )
        item.save(update_fields=["memo"])
        for who, client in clients.items():
            for name in ("meetings:item_memo", "meetings:item_memo_pdf"):
                status = client.get(reverse(name, args=[agenda.pk, item.pk])).status_code
                assert status == (200 if title in SEES[who] else 404), (who, title, name)


def test_the_atom_feed_and_the_icalendar(client, agenda):
    atom = client.get(reverse("meetings:atom")).content.decode()
    ical = client.get(reverse("meetings:ical")).content.decode().replace("\r\n ", "")
    assert seen(atom) == {"Openbaar punt"}
    assert seen(ical) == {"Openbaar punt"}


def test_the_agenda_package(agenda):
    """The public package has the openbaar items; the internal one (griffie, agendacommissie) the
    vertrouwelijke too; nothing geheim is ever in a package."""
    public = [e.planned.title for e in package_entries(agenda, AgendaPackage.Audience.PUBLIC)]
    internal = [e.planned.title for e in package_entries(agenda, AgendaPackage.Audience.INTERNAL)]
    assert public == ["Openbaar punt"]
    assert internal == ["Openbaar punt", "Vertrouwelijk punt"]


@pytest.fixture
def register(nina, gerda):
    make_item("2030-1", title="Openbaar punt", by=gerda)
    make_item("2030-2", title="Vertrouwelijk punt", confidentiality="vertrouwelijk", by=gerda)
    make_item("2030-3", kind=Kind.TOEZEGGING, title="Geheim punt", **GEHEIM, by=gerda).secret_readers.add(
        nina
    )


def test_the_lta_register_its_search_and_item_pages(clients, register):
    for who, client in clients.items():
        assert seen(client.get(reverse("lta:register")).content.decode()) == SEES[who], who
        assert seen(client.get(reverse("lta:register") + "?q=punt").content.decode()) == SEES[who], who
        for number, title in zip(("2030-1", "2030-2", "2030-3"), TITLES, strict=True):
            status = client.get(reverse("lta:detail", args=[number])).status_code
            assert status == (200 if title in SEES[who] else 404), (who, number)


def test_the_lta_export_csv_and_xlsx(clients, register):
    from openpyxl import load_workbook

    for who, client in clients.items():
        text = downloaded(client.get(reverse("lta:export", args=["csv"]))).decode("utf-8-sig")
        assert seen(text) == SEES[who], who
        book = load_workbook(
            io.BytesIO(client.get(reverse("lta:export", args=["xlsx"])).content), read_only=True
        )
        cells = " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row if c)
        assert seen(cells) == SEES[who], who


def test_the_lta_lijst_of_a_meeting(clients, gerda, nina):
    """The lijst van toezeggingen en moties (page and PDF source) is the register too."""
    for n, extra in enumerate(({}, {"confidentiality": "vertrouwelijk"}, GEHEIM), start=1):
        item = make_item(f"2030-{n}", title=TITLES[n - 1], deadline=dt.date(2030, 1, 1), by=gerda, **extra)
        if extra is GEHEIM:
            item.secret_readers.add(nina)
    for who, client in clients.items():
        page = client.get(reverse("lta:lijst") + "?datum=2030-06-05").content.decode()
        assert seen(page) == SEES[who], who


@pytest.fixture
def memos(gerda, nina):
    for title, extra in zip(TITLES, ({}, {"confidentiality": "vertrouwelijk"}, GEHEIM), strict=True):
        memo = Memo.objects.create(title=title, purpose="beeldvormend", datum=dt.date(2030, 6, 5), **extra)
        if extra is GEHEIM:
            memo.secret_readers.add(nina)
    return {m.title: m for m in Memo.objects.all()}


def test_memos_their_search_and_their_pages(clients, memos, nina):
    """Memos are concepts for now (for the griffie and the agendacommissie); a geheim one only for
    the griffie and those named. Nina is named but no concept reader: she sees no memo yet."""
    concept_readers = {"age": {"Openbaar punt", "Vertrouwelijk punt"}, "gerda": set(TITLES)}
    for who, client in clients.items():
        listing = client.get(reverse("memos:list") + "?q=punt")
        expected = concept_readers.get(who, set())
        assert seen(listing.content.decode()) == expected, who
        for title, memo in memos.items():
            status = client.get(reverse("memos:detail", args=[memo.pk])).status_code
            if who in concept_readers:
                assert status == (200 if title in expected else 404), (who, title)
            else:
                assert status in (302, 403), (who, title)


def test_a_memo_on_an_openbaar_item_follows_its_own_confidentiality(clients, memos, agenda):
    item = AgendaItem.objects.get(title="Openbaar punt")
    item.memo = memos["Geheim punt"]
    item.save(update_fields=["memo"])
    publish_memo(item.memo)
    url = reverse("meetings:item_memo", args=[agenda.pk, item.pk])
    assert {who for who, client in clients.items() if client.get(url).status_code == 200} == {"nina", "gerda"}


def test_geheim_asks_for_a_grondslag_and_a_date_in_the_future(griffie_client, stapeling_memo, gerda):
    url = reverse("memos:edit", args=[stapeling_memo.pk])
    with time_machine.travel(dt.datetime(2030, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        griffie_client = client_for(gerda)
        data = memo_form_data(
            title="Grondprijs", revision=str(stapeling_memo.revision), confidentiality="geheim"
        )
        page = griffie_client.post(url, data).content.decode()
        assert "Kies de grondslag van de geheimhouding (Woo of Gemeentewet)." in page
        assert "Vul in tot wanneer de geheimhouding geldt." in page
        assert 'value="Grondprijs"' in page  # what was typed stays
        data.update(grondslag="woo-5.1", secret_until="2030-05-31", secret_readers=[str(gerda.pk)])
        page = griffie_client.post(url, data).content.decode()
        assert "De geheimhouding moet na vandaag aflopen. Kies een latere datum." in page
        data.update(secret_until="2030-12-31")
        assert griffie_client.post(url, data).status_code == 302
    stapeling_memo.refresh_from_db()
    assert (stapeling_memo.confidentiality, stapeling_memo.grondslag) == ("geheim", "woo-5.1")
    assert stapeling_memo.secret_until == dt.date(2030, 12, 31)
    assert list(stapeling_memo.secret_readers.all()) == [gerda]
    # Back to openbaar: the grondslag, the date and the named people go with it.
    with time_machine.travel(dt.datetime(2030, 6, 2, 12, tzinfo=dt.UTC), tick=False):
        data = memo_form_data(title="Grondprijs", revision=str(stapeling_memo.revision), grondslag="woo-5.1")
        assert client_for(gerda).post(url, data).status_code == 302
    stapeling_memo.refresh_from_db()
    assert (stapeling_memo.confidentiality, stapeling_memo.grondslag, stapeling_memo.secret_until) == (
        "openbaar",
        "",
        None,
    )
    assert not stapeling_memo.secret_readers.exists()


def test_a_post_without_the_field_never_makes_a_geheim_item_public(griffie_client, agenda, nina):
    item = AgendaItem.objects.get(title="Geheim punt")
    data = {
        "title": "Geheim punt",
        "duration_minutes": "20",
        "treatment": "bespreekstuk",
        "memo": "",
        "stukken-TOTAL_FORMS": "0",
        "stukken-INITIAL_FORMS": "0",
        "revision": item.revision,
    }
    response = griffie_client.post(reverse("meetings:item_edit", args=[agenda.pk, item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.confidentiality, item.grondslag) == ("geheim", "gemeentewet-25")
    assert list(item.secret_readers.all()) == [nina]


def test_visible_to_is_one_rule_for_querysets_and_objects(agenda, rik, nina, gerda):
    for user in (AnonymousUser(), rik, nina, gerda):
        in_query = set(AgendaItem.objects.visible_to(user).values_list("title", flat=True))
        assert in_query == {item.title for item in AgendaItem.objects.all() if item.allows(user)}


def test_the_dashboard(clients, memos, register):
    """The overview of the griffie and the agendacommissie lists recent memos and LTA deadlines."""
    agendacommissie = clients["age"].get(reverse("home")).content.decode()
    assert "Vertrouwelijk punt" in agendacommissie and "Geheim punt" not in agendacommissie
    assert "Geheim punt" in clients["gerda"].get(reverse("home")).content.decode()


def test_a_vertrouwelijk_memo_pdf_is_never_cached_for_everyone(clients, agenda):
    """The stored PDF of a published memo is cached publicly only when anyone may read it."""
    for title, public in (("Openbaar punt", True), ("Vertrouwelijk punt", False)):
        item = AgendaItem.objects.get(title=title)
        item.memo = publish_memo(
            Memo.objects.create(title=f"Memo bij {title}", purpose="beeldvormend", datum=agenda.date)
        )
        item.save(update_fields=["memo"])
        response = clients["rik"].get(reverse("meetings:item_memo_pdf", args=[agenda.pk, item.pk]))
        assert response.status_code == 200
        assert ("public" in response["Cache-Control"]) is public, (title, response["Cache-Control"])
        assert ("private" in response["Cache-Control"]) is not public, (title, response["Cache-Control"])
        version = item.memo.current_version
        response = clients["rik"].get(reverse("memos:version_pdf", args=[item.memo.pk, version.number]))
        assert response.status_code == 200
        assert ("public" in response["Cache-Control"]) is public, (title, response["Cache-Control"])


def test_an_expired_geheimhouding_stays_geheim_and_tells_the_griffie(clients, register):
    """raadsmemo never lifts a geheimhouding by itself: after its date the item stays geheim, and
    the griffie reads that it is due."""
    with time_machine.travel(dt.datetime(2030, 1, 2, 12, tzinfo=dt.UTC), tick=False):
        page = client_for(User.objects.get(username="gerda")).get(reverse("lta:register")).content.decode()
        assert "geheim, geheimhouding verlopen op 1 januari 2030" in page
        rik = client_for(User.objects.get(username="rik")).get(reverse("lta:register")).content.decode()
        assert "Geheim punt" not in rik
