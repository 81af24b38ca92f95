"""Search in Dutch (raadsmemo/search): one box for everything the reader may see.

The world below has, per source, something public and something a visitor may not see (a
concept, something vertrouwelijk or geheim, something unpublished), all with forms of "woning"
or "toezegging" in them. Every test searches through the client, as a reader would.
"""

import datetime as dt
import re

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains

from raadsmemo.collegevoorstellen.demo import load_collegevoorstel_demo, publish_collegevoorstel_demo
from raadsmemo.collegevoorstellen.models import Collegevoorstel
from raadsmemo.collegevoorstellen.services import collegevoorstel_add
from raadsmemo.concurrency import ANY_REVISION
from raadsmemo.lta.models import Kind as LtaKind
from raadsmemo.lta.services import status_update_add
from raadsmemo.meetings.services import agenda_item_remove, memo_create_for_item
from raadsmemo.memos.models import Memo
from raadsmemo.memos.publication import memo_take_step
from raadsmemo.memos.services import MemoRows, memo_update
from raadsmemo.memos.workflow import TERUG_NAAR_CONCEPT
from raadsmemo.people.models import Contact
from raadsmemo.people.services import contact_create
from raadsmemo.search.indexing import search_index_rebuild
from raadsmemo.search.models import SearchDocument
from raadsmemo.search.query import crude_stem
from tests.conftest import add_item, client_for, make_item, make_meeting, make_user, publish_memo

GEHEIM = {"confidentiality": "geheim", "grondslag": "gemeentewet-25", "secret_until": dt.date(2030, 1, 1)}
URL = reverse("search:search")


@pytest.fixture
def vendor() -> str:
    """The database the suite runs on: PostgreSQL in CI (full text), SQLite by default (fallback).
    Tests assert the behaviour of the one they run on; nothing is skipped."""
    assert connection.vendor in ("postgresql", "sqlite")
    return connection.vendor


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module (publishing renders PDFs), inside a transaction that is rolled
    back at the end; each test runs in a savepoint of it (pytest-django's `db`)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield {**build_world(make_user("wendy", "griffie")), "media": media}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(shared_world, db, settings):
    settings.MEDIA_ROOT = shared_world["media"]  # where the published versions were stored
    return shared_world


def build_world(gerda) -> dict:
    """Per source, what a visitor may find and what they may not."""
    meeting = make_meeting(title="Beeldvormende sessie volkshuisvesting", date=dt.date(2022, 1, 12))
    item = add_item(meeting, "Bouwen van sociale huurwoningen")
    add_item(meeting, "Grondexploitatie woningbouwlocatie", confidentiality="vertrouwelijk")
    add_item(meeting, "Aankoop woningcomplex", **GEHEIM)
    hidden = make_meeting(published=False, title="Werksessie woningtoewijzing", date=dt.date(2022, 2, 2))
    add_item(hidden, "Urgentieregeling woningzoekenden")

    # A memo published, then back to concept and renamed: readers find the published version.
    memo = memo_create_for_item(item=item, by=gerda)
    Memo.objects.filter(pk=memo.pk).update(samenvatting="Het college doet toezeggingen over nieuwe woningen.")
    memo = publish_memo(Memo.objects.get(pk=memo.pk), by=gerda)
    memo = memo_take_step(
        memo=memo, step=TERUG_NAAR_CONCEPT, by=gerda, reason="Titel", based_on_revision=ANY_REVISION
    )
    memo.title = "Herziene woonvisie Kardinge"
    memo_update(memo=memo, fields=["title"], rows=MemoRows(), by=gerda, based_on_revision=memo.revision)
    # A concept that was never published.
    concept_item = add_item(meeting, "Parkeren bij woonwijken")
    concept = memo_create_for_item(item=concept_item, by=gerda)
    concept.title = "Toezegging parkeerplaatsen"
    memo_update(memo=concept, fields=["title"], rows=MemoRows(), by=gerda, based_on_revision=concept.revision)

    toezegging = make_item("2019-300", title="Woningbouw in de wijken", text="Het college bouwt.", by=gerda)
    status_update_add(
        item=toezegging, date=dt.date(2022, 1, 18), text="De eerste huurwoning is opgeleverd.", by=gerda
    )
    make_item("2030-1", title="Vertrouwelijke woningruil", confidentiality="vertrouwelijk", by=gerda)
    make_item("2030-2", kind=LtaKind.MOTIE, title="Geheime woningaankoop", by=gerda, **GEHEIM)

    public_cv = load_collegevoorstel_demo()  # made outside the services: the seed
    collegevoorstel_add(collegevoorstel=public_cv, secret_readers=[])
    publish_collegevoorstel_demo(public_cv, by=gerda)
    collegevoorstel_add(
        collegevoorstel=Collegevoorstel(
            zaak="Woningen Oosterhout",
            datum=dt.date(2022, 3, 1),
            auteur="A",
            onderwerp="Concept woningplan",
            voorstel="Woningen bouwen.",
        ),
        secret_readers=[],
    )
    collegevoorstel_add(
        collegevoorstel=Collegevoorstel(
            zaak="Grondaankoop",
            datum=dt.date(2022, 3, 1),
            auteur="A",
            onderwerp="Geheime woningaankoop college",
            voorstel="Kopen.",
            confidentiality="geheim",
        ),
        secret_readers=[],
    )
    contact_create(contact=Contact(name="Wim Woningstichting", function="Beleidsadviseur wonen"))
    return {"memo": memo, "concept": concept, "meeting": meeting}


def titles(client, q: str, **params) -> set[str]:
    """The titles on the results page (marks taken out), as a reader reads them."""
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    html = response.content.decode()
    block = html.split('id="zoekresultaten"', 1)[1]
    found = re.findall(r'search-result__title"><a class="utrecht-link" href="[^"]*">(.*?)</a>', block)
    return {re.sub(r"</?mark>", "", t) for t in found}


def test_the_search_box_is_in_every_header_and_the_page_works_without_javascript(client, world):
    page = client.get(reverse("meetings:upcoming"))
    assertContains(page, '<form class="header-search" role="search"', count=1)
    assertContains(page, 'action="/zoeken/"')
    assertContains(page, '<label class="visually-hidden" for="zoek-kop">', count=1)
    response = client.get(URL, {"q": "woningen"})
    assertContains(response, "resultaten voor „woningen”")
    assertContains(response, 'id="zoekresultaten" class="search-results" aria-live="polite"')


def test_another_form_of_the_same_word_finds_hidden_titles(client, world):
    """The issue's must-show: "woningen" finds "huurwoning(en)", "Woningbouw"; "toezeggingen"
    finds the memo whose text says "toezeggingen" and the LTA toezegging by its kind."""
    found = titles(client, "woningen")
    assert "Woningbouw in de wijken" in found
    assert "Bouwen van sociale huurwoningen" in found
    assert titles(client, "woning") >= {"Woningbouw in de wijken", "Bouwen van sociale huurwoningen"}
    assert "Bouwen van sociale huurwoningen" in titles(client, "toezegging")  # its summary: "toezeggingen"
    assert "Woningbouw in de wijken" in titles(client, "huurwoningen")  # its stand van zaken: "huurwoning"


def test_an_anonymous_visitor_finds_no_concept_confidential_or_unpublished_item(client, world):
    found = titles(client, "woningen") | titles(client, "woning") | titles(client, "toezegging")
    assert found == {"Bouwen van sociale huurwoningen", "Woningbouw in de wijken"}
    # Per source, what the visitor never finds:
    assert titles(client, "Kardinge") == set()  # the concept's new title (memo back to concept)
    assert titles(client, "parkeerplaatsen") == set()  # a concept memo never published
    assert titles(client, "grondexploitatie") == set()  # a vertrouwelijk agenda item
    assert titles(client, "woningcomplex") == set()  # a geheim agenda item
    assert titles(client, "woningtoewijzing") == set()  # an unpublished meeting
    assert titles(client, "woningzoekenden") == set()  # an item of an unpublished meeting
    assert titles(client, "woningruil") == set()  # a vertrouwelijk LTA item
    assert titles(client, "woningaankoop") == set()  # a geheim LTA item and a geheim collegevoorstel
    assert titles(client, "woningplan") == set()  # a concept collegevoorstel
    assert titles(client, "woningstichting") == set()  # contacts are the griffie's
    # The published collegevoorstel is for everyone.
    assert titles(client, "wijkgericht") == {"Informatie wijkgericht werken"}


def test_the_griffie_finds_everything_as_it_is_now(griffie_client, world):
    found = set()
    for q in ["Kardinge", "parkeerplaatsen", "grondexploitatie", "woningcomplex", "woningtoewijzing"]:
        found |= titles(griffie_client, q)
    for q in ["woningzoekenden", "woningruil", "woningaankoop", "woningplan", "woningstichting"]:
        found |= titles(griffie_client, q)
    assert found == {
        "Herziene woonvisie Kardinge",
        "Toezegging parkeerplaatsen",
        "Grondexploitatie woningbouwlocatie",
        "Aankoop woningcomplex",
        "Werksessie woningtoewijzing",
        "Urgentieregeling woningzoekenden",
        "Vertrouwelijke woningruil",
        "Geheime woningaankoop",
        "Geheime woningaankoop college",
        "Concept woningplan",
        "Wim Woningstichting",
    }
    # A concept is marked as one, wherever the griffie meets it.
    assertContains(griffie_client.get(URL, {"q": "parkeerplaatsen"}), "Beeldvormend · Concept")


def test_a_raadslid_reads_vertrouwelijk_but_no_concept(world, db):
    rik = client_for(make_user("raadslid2", "raadslid"))
    assert titles(rik, "woningruil") == {"Vertrouwelijke woningruil"}
    assert titles(rik, "grondexploitatie") == {"Grondexploitatie woningbouwlocatie"}
    assert titles(rik, "Kardinge") == set()
    assert titles(rik, "parkeerplaatsen") == set()
    assert titles(rik, "woningcomplex") == set()  # geheim, not named
    assert titles(rik, "woningstichting") == set()


def test_the_agendacommissie_reads_concepts_but_not_contacts(world, db):
    age = client_for(make_user("age2", "agendacommissie"))
    assert titles(age, "parkeerplaatsen") == {"Toezegging parkeerplaatsen"}
    assert titles(age, "Kardinge") == {"Herziene woonvisie Kardinge"}
    assert titles(age, "woningplan") == {"Concept woningplan"}  # openbaar collegevoorstel as it is now
    assert titles(age, "woningstichting") == set()
    assert titles(age, "woningaankoop") == set()  # geheim, not named
    form = age.get(URL).content.decode()
    assert 'value="contact"' not in form


def test_filters_by_kind_and_year(client, griffie_client, world):
    assert titles(client, "woningen", soort="lta") == {"Woningbouw in de wijken"}
    assert titles(client, "huurwoning", soort="agendapunt") == {"Bouwen van sociale huurwoningen"}
    assert titles(griffie_client, "woning", jaar="2022", soort="vergadering") == {
        "Werksessie woningtoewijzing"
    }
    assert titles(griffie_client, "woning", jaar="2021") == set()


def test_the_index_follows_the_services(griffie_client, client, world, gerda):
    # A removed agenda item is no longer found; a new stand van zaken is.
    item = world["meeting"].items.get(title="Parkeren bij woonwijken")
    agenda_item_remove(item=item)
    assert "Parkeren bij woonwijken" not in titles(griffie_client, "woonwijken")
    toezegging = make_item("2019-301", title="Fietsparkeren", by=gerda)
    status_update_add(item=toezegging, date=dt.date(2022, 2, 1), text="Stallingen geopend.", by=gerda)
    assert titles(client, "stalling") == {"Fietsparkeren"}
    # A rebuild makes the same index.
    before = set(SearchDocument.objects.values_list("kind", "object_id", "variant", "title", "body"))
    counts = search_index_rebuild()
    after = set(SearchDocument.objects.values_list("kind", "object_id", "variant", "title", "body"))
    assert before == after
    assert counts["memo"] == 3  # the published memo's two variants and the concept


def test_markup_in_a_title_is_shown_as_text(griffie_client, gerda, db):
    make_item("2019-400", title="<script>alert(1)</script> woningen", by=gerda)
    response = griffie_client.get(URL, {"q": "woningen"})
    assert b"<script>alert(1)</script>" not in response.content
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_results_and_snippets_per_database(client, world, vendor):
    """PostgreSQL: ranked full text in Dutch with the hits marked by SearchHeadline, over the GIN
    index. SQLite: the fallback, contains on a crude stem, title hits first."""
    html = client.get(URL, {"q": "toezeggingen"}).content.decode()
    order = re.findall(r'search-result__title"><a[^>]*>(.*?)</a>', html.split('id="zoekresultaten"')[1])
    if vendor == "postgresql":
        vector = SearchDocument.objects.filter(title="Woningbouw in de wijken").values_list(
            "search_vector", flat=True
        )
        assert "'woningbouw':1A" in vector.get()  # stored, generated by the database, weighted
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "EXPLAIN SELECT id FROM search_searchdocument WHERE search_vector @@ to_tsquery('dutch', 'woning')"
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("RESET enable_seqscan")
        assert "search_document_vector_gin" in plan
        # Ranked: a title hit (weight A) before a hit in the text (weight B).
        ranked = [
            re.sub(r"</?mark>", "", t)
            for t in re.findall(
                r'search-result__title"><a[^>]*>(.*?)</a>',
                client.get(URL, {"q": "huurwoning"}).content.decode(),
            )
        ]
        assert "<mark>toezeggingen</mark>" in html  # the memo's summary: the word, marked
        assert ranked == [
            "Bouwen van sociale huurwoningen",
            "Bouwen van sociale huurwoningen",
            "Woningbouw in de wijken",
        ]
    else:
        assert SearchDocument.objects.filter(search_vector__isnull=False).count() == 0
        assert "<mark>toezegging</mark>en" in html  # the stem, marked in the summary
        assert crude_stem("toezeggingen") == "toezegging" and crude_stem("woningen") == "woning"
    # the memo whose summary says "toezeggingen", and the LTA item of kind toezegging
    assert [re.sub(r"</?mark>", "", t) for t in order] == [
        "Bouwen van sociale huurwoningen",
        "Woningbouw in de wijken",
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "w" * 201}, "Zoek op hoogstens 200 tekens; maak de zoekvraag korter."),
        ({"q": "woning", "soort": "onzin"}, "Deze soort bestaat niet. Kies een soort uit de lijst."),
        ({"q": "woning", "jaar": "twintig"}, "Kies een jaar uit de lijst."),
        ({"q": "woning", "jaar": "99999999999999999999"}, "Kies een jaar uit de lijst."),
    ],
)
def test_bad_input_gets_a_dutch_message(client, db, params, message):
    response = client.get(URL, params)
    assertContains(response, message)
    response = client.get(URL, params, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="zoek-suggesties")
    assertContains(response, message)


def test_more_bad_input_never_fails(client, griffie_client, world):
    assert client.get(URL, {"q": "woning\x00"}).status_code == 400  # NUL: the middleware's Dutch 400
    assert client.get(URL, {"q": "woning", "soort": "contact"}).status_code == 200  # not the visitor's
    assertContains(client.get(URL, {"q": "woning", "soort": "contact"}), "Deze soort bestaat niet.")
    for q in ["&|!():*<>'\"", "de het een", "ß" * 50, "!!!", "a:* & b", "\\", "🏠 woningen"]:
        assert client.get(URL, {"q": q}).status_code == 200
    assert client.get(URL, {"q": "woning", "pagina": "99999999999999"}).status_code == 200
    assert titles(client, "🏠 woningen") >= {"Woningbouw in de wijken"}


def test_htmx_gets_only_the_fragment_it_targets(client, world):
    response = client.get(URL, {"q": "woningen"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="zoek-suggesties")
    html = response.content.decode()
    assert "<html" not in html and 'class="header-search__list"' in html
    assert "Woningbouw in de wijken" in re.sub(r"</?mark>", "", html)
    assert 'href="/zoeken/?q=woningen">Alle resultaten bekijken</a>' in html
    response = client.get(URL, {"q": "woningen"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="zoekresultaten")
    html = response.content.decode()
    assert "<html" not in html and "search-results__list" in html and "header-search__list" not in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_query_counts_stay_flat(client, griffie_client, world, gerda, vendor, django_assert_num_queries):
    # PostgreSQL: the matches (the reader flag, capped, ranked), the page checked with its headlines; SQLite:
    # the count and the page. A visitor's role checks need no query.
    searching = 2
    with django_assert_num_queries(searching):
        client.get(URL, {"q": "woningen"})
    for i in range(5):
        make_item(f"2019-5{i:02d}", title=f"Woningen {i}", by=gerda)
    with django_assert_num_queries(searching):
        client.get(URL, {"q": "woningen"})
    # the griffie: her session and user, her roles, then the search
    with django_assert_num_queries(3 + searching):
        griffie_client.get(URL, {"q": "woningen"})
    # nothing found: no page to fetch (PostgreSQL stops after the matches)
    with django_assert_num_queries(1 if vendor == "postgresql" else 2):
        client.get(URL, {"q": "xylofoonvereniging"})
    # an empty search asks nothing of the index
    with django_assert_num_queries(0):
        client.get(URL)


def test_past_the_ranked_maximum_the_newest_come_first(client, world, monkeypatch, django_assert_num_queries):
    """A frequent word matches much of the index: the reader hears there are more and sees the
    newest first (ranking every match would read them all)."""
    monkeypatch.setattr("raadsmemo.search.query.RANKED_MAX", 1)
    with django_assert_num_queries(2):  # the same as a ranked search
        response = client.get(URL, {"q": "woningen"})
    assertContains(response, "Meer dan 1 resultaten voor „woningen”")
    assertContains(response, "de nieuwste eerst. Maak de zoekvraag preciezer of kies een soort of jaar.")
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]
    found = re.findall(r'search-result__kind">[^<]*· (\d+) (\w+) (\d{4})', response.content.decode())
    dates = [dt.date(int(y), months.index(m) + 1, int(d)) for d, m, y in found]
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)


def test_a_later_page_continues_the_ranking_and_past_the_end_keeps_the_count(world, db):
    from django.contrib.auth.models import AnonymousUser

    from raadsmemo.search.query import search

    reader = AnonymousUser()
    everything = search(reader, "toezeggingen", limit=20)
    assert everything.total == len(everything.results) == 2
    one_by_one = [search(reader, "toezeggingen", limit=1, offset=n).results for n in range(2)]
    assert [r.url for page in one_by_one for r in page] == [r.url for r in everything.results]
    beyond = search(reader, "toezeggingen", limit=1, offset=5)
    assert beyond.results == [] and beyond.total == 2 and not beyond.many
