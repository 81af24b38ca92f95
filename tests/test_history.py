"""Who changed what and when: every change to a memo, meeting, agenda item, LTA item or contact is
in its history, with the user who made it; the griffie sees it on the object's page, nobody else."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from raadsmemo.lta.models import Kind, LtaItem
from raadsmemo.lta.services import lta_items_create_many
from raadsmemo.meetings.models import Meeting
from tests.conftest import add_item, client_for, make_item, make_meeting, memo_form_data

pytestmark = pytest.mark.django_db

AMSTERDAM = dt.timezone(dt.timedelta(hours=1))


def history_rows(response) -> list[str]:
    """The rows of the Geschiedenis table as text ("when | who | what")."""
    page = response.content.decode()
    assert 'id="geschiedenis"' in page
    table = page.split('id="geschiedenis"')[1].split("</table>")[0]
    rows = []
    for row in table.split("<tr")[2:]:
        cells = [" ".join(c.split("</td>")[0].split()) for c in row.split("<td")[1:]]
        rows.append(" | ".join(c.split(">", 1)[1] for c in cells))
    return rows


def test_a_memo_edit_shows_who_changed_which_field_from_what_to_what(gerda, age, rik, stapeling_memo):
    gerda.first_name, gerda.last_name = "Gerda", "de Griffier"
    gerda.save()
    with time_machine.travel(dt.datetime(2027, 3, 4, 14, 5, tzinfo=AMSTERDAM), tick=False):
        griffie_client = client_for(gerda)
        response = griffie_client.post(
            reverse("memos:edit", args=[stapeling_memo.pk]),
            memo_form_data(title="Nieuwe titel", revision=str(stapeling_memo.revision)),
        )
        assert response.status_code == 302
        response = griffie_client.get(reverse("memos:detail", args=[stapeling_memo.pk]))
    newest = history_rows(response)[0]
    assert newest.startswith("4 maart 2027 14:05 | Gerda de Griffier | ")
    assert "<li>Titel van het stuk: Voortgang stapelings- en doorbraakproject → Nieuwe titel</li>" in newest
    # The agendacommissie reads the memo, but not its history.
    assertNotContains(client_for(age).get(reverse("memos:detail", args=[stapeling_memo.pk])), "Geschiedenis")
    assert rik.is_authenticated  # the raadslid does not reach the memo page at all (tests/memos)


def test_publishing_cancelling_and_moving_a_meeting_record_the_user(griffie_client, gerda):
    meeting = make_meeting(published=False)
    assert griffie_client.post(reverse("meetings:publish", args=[meeting.pk])).status_code == 302
    assert griffie_client.post(reverse("meetings:cancel", args=[meeting.pk])).status_code == 302
    moved = {"date": "2022-01-19", "start_time": "10:30", "end_time": "12:00"}
    assert griffie_client.post(reverse("meetings:move", args=[meeting.pk]), moved).status_code == 302

    records = list(Meeting.history.filter(id=meeting.pk).order_by("history_date", "history_id"))
    assert [r.history_user for r in records] == [None, gerda, gerda, gerda]
    assert [(r.is_published, r.status, r.date) for r in records[1:]] == [
        (True, "gepland", dt.date(2022, 1, 12)),
        (True, "geannuleerd", dt.date(2022, 1, 12)),
        (True, "gepland", dt.date(2022, 1, 19)),
    ]
    rows = history_rows(griffie_client.get(reverse("meetings:edit", args=[meeting.pk])))
    assert [row.split(" | ", 2)[1:] for row in rows] == [
        [
            "gerda",
            '<ul class="history-changes"><li>Datum: 12 januari 2022 → 19 januari 2022</li>'
            "<li>Status: Geannuleerd → Gepland</li></ul>",
        ],
        ["gerda", '<ul class="history-changes"><li>Status: Gepland → Geannuleerd</li></ul>'],
        [
            "gerda",
            '<ul class="history-changes"><li>Gepubliceerd: nee → ja</li>'
            "<li>Gepubliceerd op: (leeg) → " + rows[2].split("Gepubliceerd op: (leeg) → ")[1],
        ],
        ["onbekend", "Aangemaakt"],
    ]


def test_the_meeting_page_shows_the_history_to_the_griffie_only(griffie_client, client, age, rik, meeting):
    url = reverse("meetings:detail", args=[meeting.pk])
    assertContains(griffie_client.get(url), "Geschiedenis")
    for other in (client, client_for(age), client_for(rik)):
        assertNotContains(other.get(url), "Geschiedenis")


def test_an_agenda_item_edit_is_in_its_history(griffie_client, gerda, meeting):
    item = add_item(meeting, "Punt")
    url = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
    data = {
        "title": "Punt met een betere titel",
        "duration_minutes": "45",
        "treatment": "bespreekstuk",
        "memo": "",
        "stukken-TOTAL_FORMS": "0",
        "stukken-INITIAL_FORMS": "0",
        "revision": item.revision,
    }
    assert griffie_client.post(url, data).status_code == 302
    newest = history_rows(griffie_client.get(url))[0]
    assert "| gerda |" in newest
    assert "<li>Duur (minuten): 30 → 45</li>" in newest
    assert "<li>Titel: Punt → Punt met een betere titel</li>" in newest


def test_an_lta_status_change_is_in_the_history_on_the_item_page(griffie_client, client, rik, gerda, m31):
    url = reverse("lta:status_set", args=["M-31"])
    data = {"status-status": "aangehouden", "status-reason": "Wacht op de nota."}
    assert griffie_client.post(url, data).status_code == 302
    page = griffie_client.get(reverse("lta:detail", args=["M-31"]))
    assert (
        '| gerda | <ul class="history-changes"><li>Status: Open → Aangehouden</li></ul>'
        in history_rows(page)[0]
    )
    for other in (client, client_for(rik)):
        assertNotContains(other.get(reverse("lta:detail", args=["M-31"])), "Geschiedenis")


def test_a_contact_edit_is_in_its_history(griffie_client, contact):
    url = reverse("people:contact_edit", args=[contact.pk])
    data = {
        "name": "Annet Visser",
        "function": "senior beleidsadviseur",
        "team": "",
        "phone": "050 – 367 7029",
        "email": "annet.visser@groningen.nl",
        "revision": contact.revision,
    }
    assert griffie_client.post(url, data).status_code == 302
    assertInHTML(
        '<ul class="history-changes"><li>Functie: beleidsadviseur → senior beleidsadviseur</li></ul>',
        griffie_client.get(url).content.decode(),
    )


def test_an_import_records_every_new_item_in_one_query_whatever_the_count(gerda, django_assert_num_queries):
    def import_items(first: int, count: int):
        items = [
            (LtaItem(number=f"2030-{n}", kind=Kind.TOEZEGGING, title=f"Item {n}"), [])
            for n in range(first, first + count)
        ]
        return lta_items_create_many(items=items, by=gerda)

    # savepoint, the items, their history rows, the search index (the items, their updates, the
    # documents there, one upsert: raadsmemo/search/indexing.py), release
    with django_assert_num_queries(8) as few:
        import_items(1, 3)
    with django_assert_num_queries(len(few)):
        import_items(100, 300)
    assert LtaItem.history.filter(history_type="+", history_user=gerda).count() == 303


def test_the_history_costs_one_query_however_long_it_is(
    griffie_client, stapeling_memo, django_assert_num_queries
):
    url = reverse("memos:detail", args=[stapeling_memo.pk])
    griffie_client.get(url)  # warm up (session, groups)
    for n in range(12):
        stapeling_memo.title = f"Titel {n}"
        stapeling_memo.save()
    # As pinned in tests/memos/test_memo_detail.py: the history is one of these queries.
    with django_assert_num_queries(10):
        response = griffie_client.get(url)
    assert len(history_rows(response)) == 13
    assert "<li>Titel van het stuk: Titel 10 → Titel 11</li>" in history_rows(response)[0]


def test_a_linked_object_is_named_not_numbered(
    griffie_client, gerda, stapeling_memo, django_assert_num_queries
):
    lta = make_item("2019-300", title="Kansen in kaart", by=gerda)
    stapeling_memo.lta_item = lta
    stapeling_memo.save()
    url = reverse("memos:detail", args=[stapeling_memo.pk])
    griffie_client.get(url)  # warm up (session, groups)
    with django_assert_num_queries(10):  # the LTA item comes with the history's records
        newest = history_rows(griffie_client.get(url))[0]
    assert "<li>LTA-item: (leeg) → 2019-300 Kansen in kaart</li>" in newest
