"""The iCalendar and Atom feeds, read back as a calendar program and a feed reader would."""

import datetime as dt
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from raadsmemo.meetings import feeds, services
from raadsmemo.meetings.models import Meeting, MeetingKind, Treatment
from tests.conftest import add_item, make_meeting

pytestmark = pytest.mark.django_db

UTC = dt.UTC
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def in_2022(monkeypatch):
    """The feed's window as seen on 1 January 2022, the time of the seed memos."""
    monkeypatch.setattr(feeds, "_today", lambda: dt.date(2022, 1, 1))


def meeting(
    title="Stapelings- en doorbraakproject",
    *,
    date=None,
    start=dt.time(10, 30),
    end=dt.time(12),
    kind=MeetingKind.BEELDVORMEND,
    publish=True,
    **fields,
) -> Meeting:
    """A meeting made as the griffie makes one (the shared builder), two weeks ahead by default."""
    date = date or dt.date.today() + dt.timedelta(days=14)
    return make_meeting(
        published=publish, title=title, date=date, start_time=start, end_time=end, kind=kind, **fields
    )


def ical(client, url="/vergaderingen/agenda.ics") -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def events_by_summary(calendar) -> dict:
    return {str(e["SUMMARY"]): e for e in calendar.events}


def event_of(client, m: Meeting, url="/vergaderingen/agenda.ics"):
    [event] = [e for e in ical(client, url).events if str(e["UID"]) == f"{m.uid}@raadsmemo"]
    return event


def atom_entries(client) -> list:
    response = client.get("/vergaderingen/agendas.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


# -- iCalendar ----------------------------------------------------------------------------------


def test_ical_feed_is_a_subscribable_calendar(client):
    meeting()
    response = client.get("/vergaderingen/agenda.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=900"
    assert response["ETag"] and response["Last-Modified"]
    body = response.content
    assert body.count(b"\r\n") == body.count(b"\n")  # CRLF line endings only
    assert max(len(line) for line in body.split(b"\r\n")) <= 75  # folded

    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == feeds.PRODID
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Gemeenteraad — alle openbare vergaderingen"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Amsterdam"
    assert calendar.refresh_interval == dt.timedelta(hours=1)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert calendar["X-PUBLISHED-TTL"] == "PT1H"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Amsterdam"]
    assert calendar.get_missing_tzids() == set()
    assert len(calendar.events) == 1


def test_event_times_are_amsterdam_local_times_in_winter_and_summer(client, in_2022):
    winter = meeting("Stapeling", date=dt.date(2022, 1, 12), start=dt.time(10, 30), end=dt.time(12))
    summer = meeting("Zomer", date=dt.date(2022, 7, 6), start=dt.time(10, 30), end=dt.time(12))

    for m, utc_start in ((winter, dt.datetime(2022, 1, 12, 9, 30)), (summer, dt.datetime(2022, 7, 6, 8, 30))):
        event = event_of(client, m)
        start = event["DTSTART"]
        assert start.params["TZID"] == "Europe/Amsterdam"
        assert event.start.tzinfo == ZoneInfo("Europe/Amsterdam")
        assert (event.start.hour, event.start.minute) == (10, 30)
        assert event.start == utc_start.replace(tzinfo=UTC)
        assert event.end == dt.datetime.combine(m.date, dt.time(12), tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_event_carries_title_place_link_and_agenda(client, gerda):
    m = meeting("Stapelings- en doorbraakproject", start=dt.time(13), end=dt.time(15), livestream=True)
    add_item(m, "Opening en mededelingen", duration_minutes=10, treatment=Treatment.HAMERSTUK)
    add_item(m, "Voortgang stapelingsproject", duration_minutes=30)
    closed = add_item(m, "Grondaankoop Suikerzijde", duration_minutes=20, confidentiality="vertrouwelijk")
    add_item(m, "Sluiting", duration_minutes=5)
    memo = services.memo_create_for_item(item=closed, by=gerda)
    memo.title, memo.samenvatting = "Koopovereenkomst perceel 12", "De vraagprijs is 4,2 miljoen euro."
    memo.save(update_fields=["title", "samenvatting"])
    digital = meeting("Digitale werksessie", kind=MeetingKind.WERKSESSIE, location="digitaal")

    event = event_of(client, m)
    url = f"http://testserver/vergaderingen/{m.pk}/"
    assert event["SUMMARY"] == "Stapelings- en doorbraakproject"
    assert event["LOCATION"] == "Raadzaal"
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"] == url
    description = str(event["DESCRIPTION"])
    assert "1. 13:00–13:10 Opening en mededelingen (hamerstuk)" in description
    assert "2. 13:10–13:40 Voortgang stapelingsproject\n" in description
    # A vertrouwelijk item is not in a public feed; the times after it stay those of the meeting.
    assert "Grondaankoop" not in description
    assert "4. 14:00–14:05 Sluiting" in description
    assert "livestream" in description
    assert url in description
    body = client.get("/vergaderingen/agenda.ics").content.decode()
    assert "Koopovereenkomst" not in body and "vraagprijs" not in body.replace("\r\n ", "")
    assert "Grondaankoop" not in body.replace("\r\n ", "")
    assert event_of(client, digital)["LOCATION"] == "Digitaal"


def test_uid_is_stable_and_sequence_rises_with_every_calendar_change(client):
    m = meeting()
    uid = f"{m.uid}@raadsmemo"

    def seen():
        event = event_of(client, m)
        assert event["UID"] == uid
        return event["SEQUENCE"]

    sequences = [seen(), seen()]
    assert sequences[0] == sequences[1]

    services.meeting_move(
        meeting=m, date=m.date + dt.timedelta(days=7), start_time=dt.time(19), end_time=dt.time(22), by=None
    )
    sequences.append(seen())
    m.title = "Stapeling: het vervolg"
    services.meeting_save(meeting=m, changed=["title"])
    sequences.append(seen())
    first = add_item(m, "Eerste punt")
    sequences.append(seen())
    second = add_item(m, "Tweede punt")
    services.agenda_reorder(meeting=m, ordered_ids=[second.pk, first.pk])
    sequences.append(seen())
    services.meeting_cancel(meeting=m, by=None)
    sequences.append(seen())

    assert all(a < b for a, b in zip(sequences[1:], sequences[2:], strict=False)), sequences
    assert event_of(client, m).start.hour == 19


def test_cancelled_meeting_stays_in_the_feed_as_cancelled(client):
    m = meeting("Stapeling")
    services.meeting_cancel(meeting=m, by=None)

    event = event_of(client, m)
    assert event["STATUS"] == "CANCELLED"
    assert "Stapeling" in event["SUMMARY"]
    assert "geannuleerd" in event["DESCRIPTION"]


def test_only_published_public_meetings_in_the_window_are_in_the_feed(client, griffie_client):
    today = dt.date.today()
    meeting("Openbaar en gepubliceerd")
    meeting("Nog niet gepubliceerd", publish=False)
    meeting("Besloten vergadering", is_public=False)
    meeting("Vorig halfjaar", date=today - dt.timedelta(days=180))
    meeting("Twee jaar geleden", date=today - dt.timedelta(days=730))
    meeting("Volgend jaar", date=today + dt.timedelta(days=500))
    unpublished = meeting("Teruggetrokken")
    services.meeting_publish(meeting=unpublished, publish=False, by=None)

    expected = {"Openbaar en gepubliceerd", "Vorig halfjaar", "Volgend jaar"}
    assert set(events_by_summary(ical(client))) == expected
    # A logged-in griffie member subscribes to the same public calendar.
    assert set(events_by_summary(ical(griffie_client))) == expected


def test_feed_per_kind_holds_only_that_kind(client):
    meeting("Beeldvormend", kind=MeetingKind.BEELDVORMEND)
    meeting("Raad", kind=MeetingKind.RAADSVERGADERING)
    meeting("Raad, besloten", kind=MeetingKind.RAADSVERGADERING, is_public=False)

    calendar = ical(client, "/vergaderingen/raadsvergadering.ics")
    assert set(events_by_summary(calendar)) == {"Raad"}
    assert calendar["X-WR-CALNAME"] == "Gemeenteraad — raadsvergaderingen"
    assert len(ical(client, "/vergaderingen/werksessie.ics").events) == 0
    assert client.get("/vergaderingen/vergadering.ics").status_code == 404


def test_conditional_get_answers_304_until_something_changes(client):
    m = meeting()
    etag = client.get("/vergaderingen/agenda.ics")["ETag"]

    unchanged = client.get("/vergaderingen/agenda.ics", headers={"if-none-match": etag})
    assert unchanged.status_code == 304
    assert unchanged["Cache-Control"] == "public, max-age=900"

    add_item(m, "Nieuw punt")
    changed = client.get("/vergaderingen/agenda.ics", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_an_item_saved_without_the_services_still_changes_the_etag(client):
    m = meeting()
    item = add_item(m, "Voortgang stapelingsproject")
    etag = client.get("/vergaderingen/agenda.ics")["ETag"]
    touched = Meeting.objects.get(pk=m.pk).updated_at

    item.title = "Voortgang doorbraakproject"
    item.save(update_fields=["title", "updated_at"])  # the meeting is not touched

    assert Meeting.objects.get(pk=m.pk).updated_at == touched
    changed = client.get("/vergaderingen/agenda.ics", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Voortgang doorbraakproject" in str(event_of(client, m)["DESCRIPTION"])


def test_ical_feed_query_count_does_not_grow_with_meetings(client, gerda):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/vergaderingen/agenda.ics").status_code == 200
        return len(captured)

    m = meeting("Eerste")
    services.memo_create_for_item(item=add_item(m, "Punt"), by=gerda)
    few = queries()
    for n in range(3):
        other = meeting(f"Vergadering {n}")
        services.memo_create_for_item(item=add_item(other, "Punt A"), by=gerda)
        add_item(other, "Punt B")
    assert queries() == few


# -- Atom ---------------------------------------------------------------------------------------


def test_atom_feed_lists_published_agendas_newest_first(client):
    older = meeting("Stapeling", date=dt.date(2022, 1, 12))
    add_item(older, "Voortgang stapelingsproject")
    add_item(older, "Grondaankoop", confidentiality="vertrouwelijk")
    newer = meeting("Kansen in kaart", kind=MeetingKind.MENINGSVORMEND, date=dt.date(2021, 3, 3))
    meeting("Nog niet gepubliceerd", publish=False)
    meeting("Niet openbaar", is_public=False)

    entries = atom_entries(client)
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Agenda Meningsvormende sessie 3 maart 2021: Kansen in kaart",
        "Agenda Beeldvormende sessie 12 januari 2022: Stapeling",
    ]
    first, second = entries
    assert first.findtext(f"{ATOM}id") == f"urn:uuid:{newer.uid}"
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver/vergaderingen/{newer.pk}/"
    assert first.findtext(f"{ATOM}published") and first.findtext(f"{ATOM}updated")
    summary = second.findtext(f"{ATOM}summary")
    assert "<li>Voortgang stapelingsproject</li>" in summary
    assert "Grondaankoop" not in summary
    assert second.findtext(f"{ATOM}id") == f"urn:uuid:{older.uid}"


def test_atom_entry_id_is_stable_and_unpublishing_removes_it(client):
    m = meeting("Stapeling")
    before = atom_entries(client)[0].findtext(f"{ATOM}id")
    services.meeting_move(
        meeting=m, date=m.date + dt.timedelta(days=1), start_time=dt.time(9), end_time=dt.time(10), by=None
    )
    assert atom_entries(client)[0].findtext(f"{ATOM}id") == before

    services.meeting_publish(meeting=m, publish=False, by=None)
    assert atom_entries(client) == []


def test_atom_conditional_get(client):
    meeting()
    response = client.get("/vergaderingen/agendas.atom")
    assert response["Cache-Control"] == "public, max-age=900"
    again = client.get("/vergaderingen/agendas.atom", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_a_new_day_is_a_change_even_when_no_row_changed(client):
    """The feed's window and time zone range follow the day: yesterday's copy is not answered with
    304, whether the reader asks with the ETag or with the date."""
    import time_machine

    with time_machine.travel(dt.datetime(2026, 12, 7, 23, 50, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        meeting(date=dt.date(2026, 12, 9))
        first = client.get("/vergaderingen/agenda.ics")
        again = client.get("/vergaderingen/agenda.ics", headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304
    with time_machine.travel(dt.datetime(2026, 12, 8, 0, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        by_tag = client.get("/vergaderingen/agenda.ics", headers={"if-none-match": first["ETag"]})
        by_date = client.get(
            "/vergaderingen/agenda.ics", headers={"if-modified-since": first["Last-Modified"]}
        )
    assert by_tag.status_code == 200 and by_tag["ETag"] != first["ETag"]
    assert by_date.status_code == 200


def test_the_feed_is_built_once_per_change_not_once_per_subscriber(client, gerda):
    """Every calendar app asks for the same body: with the shared cache it is built once, and a
    change (or a new day) builds it anew."""

    def fetch():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/vergaderingen/agenda.ics")
        return response, len(captured)

    m = meeting("Eerste")
    add_item(m, "Punt")
    first, built = fetch()
    again, kept = fetch()
    assert again.content == first.content and kept < built
    assert kept == 1  # only the state behind the ETag
    add_item(m, "Tweede punt")
    changed, rebuilt = fetch()
    assert "Tweede punt" in changed.content.decode() and rebuilt == built
