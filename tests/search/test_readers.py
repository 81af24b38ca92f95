"""Who finds what, now that it is stored on each document (search/readers.py, issue 12).

The flags must say exactly what the sources' QuerySet rules say, for every reader class and for
the people named on something geheim; they must follow the sources when those change; and a
wrong flag may hide a result but never show one. Every search goes through the client.
"""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains

from raadsmemo.accounts.roles import AGENDACOMMISSIE, RAADSLID, ensure_role_groups
from raadsmemo.collegevoorstellen.models import Collegevoorstel
from raadsmemo.collegevoorstellen.services import collegevoorstel_add
from raadsmemo.concurrency import ANY_REVISION
from raadsmemo.lta.models import LtaItem
from raadsmemo.lta.services import lta_item_update
from raadsmemo.meetings.models import AgendaItem, Meeting
from raadsmemo.meetings.services import (
    agenda_item_add,
    agenda_item_remove,
    meeting_publish,
    meeting_save,
    memo_create_for_item,
)
from raadsmemo.memos.models import Memo
from raadsmemo.memos.services import MemoRows, memo_update
from raadsmemo.search.indexing import search_index_rebuild, search_index_update
from raadsmemo.search.models import Kind, SearchDocument, Variant
from raadsmemo.search.query import reader_conditions, visible_q
from raadsmemo.search.readers import READER_FIELDS
from tests.conftest import client_for, make_item, make_user, publish_memo
from tests.search.test_search import GEHEIM, build_world, titles

URL = reverse("search:search")


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world of test_search.py and, on top, something geheim of every kind with people
    named on it; built once (publishing renders PDFs) and rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            gerda = make_user("wendy", "griffie")
            world = build_world(gerda)
            yield {**world, **build_geheim(gerda, world["meeting"]), "media": media}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(shared_world, db, settings):
    settings.MEDIA_ROOT = shared_world["media"]
    return shared_world


def build_geheim(gerda, meeting) -> dict:
    named_raadslid = make_user("rianne", RAADSLID)
    other_raadslid = make_user("ruud", RAADSLID)
    named_age = make_user("anouk", AGENDACOMMISSIE)
    both = make_user("bram", RAADSLID)  # a raadslid on the agendacommissie: the wider class counts
    both.groups.add(ensure_role_groups()[AGENDACOMMISSIE])
    no_role = make_user("nina", None)  # signed in, no role, named on one LTA item
    make_item("2031-1", title="Geheime kademuurschade", by=gerda, **GEHEIM).secret_readers.set(
        [named_raadslid, no_role, named_age]
    )
    agenda_item_add(
        meeting=meeting, item=AgendaItem(title="Aankoop kadeloods", **GEHEIM), secret_readers=[named_raadslid]
    )
    # An openbaar memo, published, on a geheim item: its readers are the item's.
    on_geheim = agenda_item_add(
        meeting=meeting,
        item=AgendaItem(title="Kadeherstel binnenstad", **GEHEIM),
        secret_readers=[named_raadslid],
    )
    memo = memo_create_for_item(item=on_geheim, by=gerda)
    Memo.objects.filter(pk=memo.pk).update(samenvatting="Herstel van de kademuren.")
    publish_memo(Memo.objects.get(pk=memo.pk), by=gerda)
    # A geheim concept memo, named: the agendacommissie member reads it as it is now.
    item = agenda_item_add(meeting=meeting, item=AgendaItem(title="Kadeonderhoud"))
    secret = memo_create_for_item(item=item, by=gerda)
    secret.title = "Geheim kadebudget"
    secret.confidentiality, secret.grondslag = GEHEIM["confidentiality"], GEHEIM["grondslag"]
    secret.secret_until = GEHEIM["secret_until"]
    memo_update(
        memo=secret,
        fields=["title", "confidentiality", "grondslag", "secret_until"],
        rows=MemoRows(secret_readers=[named_age, both]),
        by=gerda,
        based_on_revision=secret.revision,
    )
    collegevoorstel_add(
        collegevoorstel=Collegevoorstel(
            zaak="Kades",
            datum=dt.date(2022, 3, 1),
            auteur="A",
            onderwerp="Geheime kadeschade college",
            voorstel="Herstellen.",
            confidentiality="geheim",
        ),
        secret_readers=[named_raadslid],
    )
    return {
        "named_raadslid": named_raadslid,
        "other_raadslid": other_raadslid,
        "named_age": named_age,
        "both": both,
        "no_role": no_role,
        "gerda": gerda,
    }


def flagged(user) -> set[int]:
    """The documents the search lets this user find: the stored flags and the named check."""
    condition = Q(pk__in=[])
    for part in reader_conditions(user):
        condition |= part
    return set(SearchDocument.objects.filter(condition).values_list("pk", flat=True))


def by_the_rules(user) -> set[int]:
    """The documents the sources' QuerySet rules let this user find (the search before)."""
    return set(SearchDocument.objects.filter(visible_q(user)).values_list("pk", flat=True))


def geheim_titles(user) -> set[str]:
    return set(
        SearchDocument.objects.filter(pk__in=flagged(user), is_geheim=True).values_list("title", flat=True)
    )


def test_the_stored_flags_say_what_the_sources_rules_say(world):
    users = {
        "anonymous": AnonymousUser(),
        **{
            name: world[name] for name in ["no_role", "named_raadslid", "other_raadslid", "named_age", "both"]
        },
        "griffie": world["gerda"],
    }
    for name, user in users.items():
        assert flagged(user) == by_the_rules(user), name
    # ... and that is not nothing: each finds what is theirs, the named their geheim things.
    assert geheim_titles(AnonymousUser()) == set()
    assert geheim_titles(world["no_role"]) == {"Geheime kademuurschade"}
    assert geheim_titles(world["other_raadslid"]) == set()
    assert geheim_titles(world["named_raadslid"]) == {
        "Geheime kademuurschade",
        "Aankoop kadeloods",
        "Kadeherstel binnenstad",  # the agenda item and its memo's published version
        "Geheime kadeschade college",
    }
    # the agendacommissie reads an openbaar memo on a geheim item as it is now without a name
    assert geheim_titles(world["named_age"]) == {
        "Geheime kademuurschade",
        "Geheim kadebudget",
        "Kadeherstel binnenstad",
    }
    assert "Geheim kadebudget" in geheim_titles(world["both"])
    assert len(flagged(world["gerda"])) == SearchDocument.objects.filter(variant=Variant.ACTUEEL).count()
    # A rebuild stores the same flags.
    fields = ["kind", "object_id", "variant", *READER_FIELDS]
    before = set(SearchDocument.objects.values_list(*fields))
    search_index_rebuild()
    assert set(SearchDocument.objects.values_list(*fields)) == before


def test_named_readers_find_geheim_things_and_nobody_else(client, world):
    rianne, ruud = client_for(world["named_raadslid"]), client_for(world["other_raadslid"])
    assert titles(rianne, "kadeloods") == {"Aankoop kadeloods"}
    assert titles(rianne, "kademuren") == {"Kadeherstel binnenstad"}  # the published memo's text
    assert titles(rianne, "kadeschade") == {"Geheime kadeschade college"}
    assert titles(client_for(world["no_role"]), "kademuurschade") == {"Geheime kademuurschade"}
    for other in [ruud, client, client_for(world["no_role"])]:
        assert titles(other, "kadeloods") == set()
        assert titles(other, "kadeschade") == set()
        assert titles(other, "kademuren") == set()
    assert titles(ruud, "kademuurschade") == set()  # a raadslid reads vertrouwelijk, not geheim
    assert titles(client, "kadebudget") == set()
    assert titles(client_for(world["named_age"]), "kadebudget") == {"Geheim kadebudget"}
    # Named no more: not found any more, without a reindex (the name is checked when searching).
    LtaItem.objects.get(number="2031-1").secret_readers.remove(world["no_role"])
    assert titles(client_for(world["no_role"]), "kademuurschade") == set()


def test_a_memo_made_vertrouwelijk_leaves_the_anonymous_results(client, world):
    memo = Memo.objects.get(pk=world["memo"].pk)  # published, back to concept since
    assert titles(client, "toezeggingen") == {"Bouwen van sociale huurwoningen", "Woningbouw in de wijken"}
    memo.confidentiality = "vertrouwelijk"
    memo_update(
        memo=memo,
        fields=["confidentiality"],
        rows=MemoRows(),
        by=world["gerda"],
        based_on_revision=memo.revision,
    )
    published = SearchDocument.objects.get(kind=Kind.MEMO, object_id=memo.pk, variant=Variant.GEPUBLICEERD)
    assert (published.for_public, published.for_raadsleden) == (False, True)
    assert titles(client, "toezeggingen") == {"Woningbouw in de wijken"}
    assert "Bouwen van sociale huurwoningen" in titles(client_for(world["other_raadslid"]), "toezeggingen")


def test_an_lta_item_made_vertrouwelijk_leaves_the_anonymous_results(client, world):
    item = LtaItem.objects.get(number="2019-300")
    assert titles(client, "woningbouw") == {"Woningbouw in de wijken"}
    item.confidentiality = "vertrouwelijk"
    lta_item_update(item=item, fields=["confidentiality"], based_on_revision=ANY_REVISION)
    assert titles(client, "woningbouw") == set()
    assert "Woningbouw in de wijken" in titles(client_for(world["other_raadslid"]), "woningbouw")


def test_an_unpublished_meeting_takes_its_items_and_memos_along(client, world):
    meeting = Meeting.objects.get(pk=world["meeting"].pk)
    found = {"Bouwen van sociale huurwoningen", "Woningbouw in de wijken"}
    assert titles(client, "toezeggingen") == found
    meeting_publish(meeting=meeting, by=world["gerda"], publish=False)
    stored = SearchDocument.objects.filter(
        kind=Kind.MEMO, object_id=world["memo"].pk, variant=Variant.GEPUBLICEERD
    )
    assert stored.get().for_public is False
    assert titles(client, "toezeggingen") == {"Woningbouw in de wijken"}
    assert titles(client, "huurwoningen") == {"Woningbouw in de wijken"}  # the agenda item too
    assert titles(client, "volkshuisvesting") == set()  # the meeting itself
    assert "Bouwen van sociale huurwoningen" not in titles(
        client_for(world["other_raadslid"]), "huurwoningen"
    )
    assert "Bouwen van sociale huurwoningen" in titles(client_for(world["gerda"]), "huurwoningen")
    meeting_publish(meeting=meeting, by=world["gerda"])  # and back
    assert titles(client, "toezeggingen") == found


def test_a_besloten_meeting_is_for_raadsleden_only(client, world):
    meeting = Meeting.objects.get(pk=world["meeting"].pk)
    meeting.is_public = False
    meeting_save(meeting=meeting, changed=["is_public"])
    assert titles(client, "toezeggingen") == {"Woningbouw in de wijken"}
    assert "Bouwen van sociale huurwoningen" in titles(client_for(world["other_raadslid"]), "toezeggingen")


def test_a_memo_taken_off_the_agenda_is_found_by_staff_only(client, world):
    item = world["meeting"].items.get(memo=world["memo"])
    agenda_item_remove(item=item)
    assert titles(client, "toezeggingen") == {"Woningbouw in de wijken"}
    assert "Bouwen van sociale huurwoningen" not in titles(
        client_for(world["other_raadslid"]), "toezeggingen"
    )
    assert "Herziene woonvisie Kardinge" in titles(client_for(world["gerda"]), "toezeggingen")


def test_a_wrong_flag_never_shows_a_result(client, world):
    """Defence in depth: the page's rows are checked against the sources' rules again."""
    concept = SearchDocument.objects.filter(title="Toezegging parkeerplaatsen")
    concept.update(for_public=True)  # as a bug or a stale index would leave it
    assert titles(client, "parkeerplaatsen") == set()
    SearchDocument.objects.filter(title="Werksessie woningtoewijzing").update(for_public=True)
    assert titles(client, "woningtoewijzing") == set()


def test_suggestions_search_titles_only(client, world):
    """As you type: the titles. "Woningbouw in de wijken" says "huurwoning" in its text only."""
    page = titles(client, "huurwoningen")
    assert page == {"Bouwen van sociale huurwoningen", "Woningbouw in de wijken"}
    response = client.get(
        URL, {"q": "huurwoningen"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="zoek-suggesties"
    )
    html = re.sub(r"</?mark>", "", response.content.decode())
    assert "Bouwen van sociale huurwoningen" in html
    assert "Woningbouw in de wijken" not in html


def test_query_counts_do_not_grow_with_the_named(world, django_assert_num_queries):
    """A raadslid named on geheim things: her session, user and roles, then the two queries of
    the search (the named check is part of the first), however many things name her."""
    rianne = client_for(world["named_raadslid"])
    with django_assert_num_queries(3 + 2):
        rianne.get(URL, {"q": "kade"})
    for i in range(3):
        make_item(
            f"2031-1{i}", title=f"Geheime kadeplannen {i}", by=world["gerda"], **GEHEIM
        ).secret_readers.add(world["named_raadslid"])
    with django_assert_num_queries(3 + 2):
        response = rianne.get(URL, {"q": "kade"})
    assert "Geheime kadeplannen 2" in re.sub(r"</?mark>", "", response.content.decode())
    with django_assert_num_queries(3 + 2):
        rianne.get(URL, {"q": "kade"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="zoek-suggesties")


def test_more_than_a_thousand_matches_are_told_as_such(client, db):
    items = LtaItem.objects.bulk_create(
        LtaItem(number=f"2020-{i}", year=2020, sequence=i, kind="toezegging", title=f"Kadeplan {i}")
        for i in range(1, 1003)
    )
    search_index_update(Kind.LTA, [item.pk for item in items])
    response = client.get(URL, {"q": "kadeplan"})
    assertContains(response, "Meer dan 1.000 resultaten voor „kadeplan”, pagina 1 van 50")
    assert len(titles(client, "kadeplan")) == 20
