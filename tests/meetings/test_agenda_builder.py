"""The griffie's agenda builder: meetings, items, order, time planning, cancel and move."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingStatus
from tests.conftest import add_item, client_for, make_meeting

MEETING_DATA = {
    "kind": "beeldvormend",
    "title": "Beeldvormende sessie Wonen",
    "date": "2026-11-25",
    "start_time": "13:00",
    "end_time": "14:30",
    "location": "Raadzaal",
    "chair": "Ton Schroor",
    "is_public": "on",
    "livestream": "on",
}


def edit_url(meeting):
    return reverse("meetings:edit", args=[meeting.pk])


def url(name, meeting, item=None):
    return reverse(f"meetings:{name}", args=[meeting.pk] if item is None else [meeting.pk, item.pk])


def titles_in_order(meeting):
    return list(meeting.items.order_by("position").values_list("title", flat=True))


@pytest.mark.django_db
def test_griffie_creates_a_meeting(griffie_client):
    response = griffie_client.post(reverse("meetings:create"), MEETING_DATA)
    meeting = Meeting.objects.get()
    assert response["Location"] == edit_url(meeting)
    assert (meeting.date, meeting.start_time, meeting.livestream, meeting.is_published) == (
        dt.date(2026, 11, 25),
        dt.time(13, 0),
        True,
        False,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "12:00"}, "De eindtijd moet na de begintijd liggen."),
        ({"date": "2026-02-30"}, "Deze datum bestaat niet."),
        ({"start_time": "25:61"}, "Vul een tijd in als uu:mm"),
        ({"title": ""}, "Geef de vergadering een titel."),
        ({"location": ""}, "Vul de zaal in, of het woord digitaal."),
        ({"kind": "feest"}, "Kies een soort uit de lijst."),
    ],
)
def test_bad_meeting_input_is_answered_in_dutch(griffie_client, overrides, message):
    data = {**MEETING_DATA, "chair": "Mijn getypte voorzitter", **overrides}
    page = griffie_client.post(reverse("meetings:create"), data).content.decode()
    assert message in page
    assert 'value="Mijn getypte voorzitter"' in page
    assert Meeting.objects.count() == 0


@pytest.mark.django_db
def test_overlapping_meetings_in_the_same_room_are_refused(griffie_client):
    make_meeting(
        title="Meningsvormende sessie",
        date=dt.date(2026, 11, 25),
        start_time=dt.time(14, 0),
        end_time=dt.time(15, 0),
    )
    page = griffie_client.post(reverse("meetings:create"), MEETING_DATA).content.decode()
    assert "In Raadzaal is dan al Meningsvormende sessie (14:00–15:00)." in page
    # Another room, a digital meeting, or right after each other: fine.
    for overrides in (
        {"location": "Zaal 2"},
        {"location": "digitaal"},
        {"start_time": "15:00", "end_time": "16:00"},
    ):
        response = griffie_client.post(reverse("meetings:create"), {**MEETING_DATA, **overrides})
        assert response.status_code == 302, overrides
    # A cancelled meeting frees its room.
    Meeting.objects.filter(title="Meningsvormende sessie").update(status=MeetingStatus.GEANNULEERD)
    assert griffie_client.post(reverse("meetings:create"), MEETING_DATA).status_code == 302


@pytest.mark.django_db
def test_add_items_by_hand_and_from_a_memo(griffie_client, meeting, stapeling_memo):
    griffie_client.post(
        url("item_add", meeting),
        {
            "item-title": "Opening",
            "item-duration_minutes": "5",
            "item-treatment": "bespreekstuk",
        },
    )
    response = griffie_client.post(
        url("item_add", meeting),
        {
            "item-memo": str(stapeling_memo.pk),
            "item-title": "",
            "item-duration_minutes": "60",
            "item-treatment": "bespreekstuk",
        },
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="agenda-builder",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="agenda-builder">')
    assert titles_in_order(meeting) == ["Opening", "Voortgang stapelings- en doorbraakproject"]
    assert AgendaItem.objects.get(memo=stapeling_memo).position == 2
    assert "10:35–11:35" in html  # planned from the meeting's start: 10:30 + 5 minutes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"item-duration_minutes": "120"},
            "Dit agendapunt duurt langer dan de hele vergadering (90 minuten).",
        ),
        ({"item-duration_minutes": "0"}, "Een agendapunt duurt minstens 1 minuut."),
        ({"item-duration_minutes": "lang"}, "Vul een aantal minuten in, zoals 30."),
        ({"item-title": ""}, "Geef het agendapunt een titel, of kies een memo."),
        ({"item-memo": "999999"}, "Deze memo staat al op een agenda of bestaat niet."),
    ],
)
def test_bad_item_input(griffie_client, meeting, overrides, message):
    data = {
        "item-title": "Mijn punt",
        "item-duration_minutes": "30",
        "item-treatment": "bespreekstuk",
        **overrides,
    }
    html = griffie_client.post(url("item_add", meeting), data, HTTP_HX_REQUEST="true").content.decode()
    assert message in html
    assert meeting.items.count() == 0
    if overrides.get("item-title") != "":
        assert 'value="Mijn punt"' in html


@pytest.mark.django_db
def test_a_memo_belongs_to_at_most_one_agenda_item(griffie_client, meeting, stapeling_memo):
    add_item(meeting, "Stapeling", memo=stapeling_memo)
    other = make_meeting(title="Andere sessie", date=dt.date(2022, 1, 19))
    data = {
        "item-memo": str(stapeling_memo.pk),
        "item-duration_minutes": "30",
        "item-treatment": "bespreekstuk",
    }
    html = griffie_client.post(url("item_add", other), data, HTTP_HX_REQUEST="true").content.decode()
    assert "Deze memo staat al op een agenda" in html
    assert other.items.count() == 0


@pytest.mark.django_db
def test_reorder_with_buttons_and_by_dragging(griffie_client, meeting):
    a, b, c = (add_item(meeting, t, 20) for t in ("A", "B", "C"))
    response = griffie_client.post(url("item_down", meeting, a))
    # Without JavaScript: back to the page, at the moved item.
    assert response["Location"] == edit_url(meeting) + f"#punt-{a.pk}"
    assert titles_in_order(meeting) == ["B", "A", "C"]
    response = griffie_client.post(url("item_up", meeting, c), HTTP_HX_REQUEST="true")
    assert titles_in_order(meeting) == ["B", "C", "A"]
    # With htmx: the new place is announced, and the focus goes back to the button used.
    event = json.loads(response["HX-Trigger-After-Settle"])["agenda-changed"]
    assert event == {
        "announce": "‘C’ is nu punt 2 van 3.",
        "focus": f"#up-{c.pk}",
        "fallback": f"#punt-{c.pk}",
    }
    assert f'id="up-{c.pk}"' in response.content.decode()
    html = griffie_client.post(
        url("reorder", meeting), {"order": f"{c.pk},{a.pk},{b.pk}"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert titles_in_order(meeting) == ["C", "A", "B"]
    assert html.index(">C<") < html.index(">A<") < html.index(">B<")
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["", "1,2", "abc", "{a},{a},{b}", "{a},{b},{c},999"])
def test_bad_reorder_changes_nothing(griffie_client, meeting, order):
    a, b, c = (add_item(meeting, t, 20) for t in ("A", "B", "C"))
    order = order.format(a=a.pk, b=b.pk, c=c.pk)
    response = griffie_client.post(url("reorder", meeting), {"order": order}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert titles_in_order(meeting) == ["A", "B", "C"]


@pytest.mark.django_db
def test_time_planning_warnings(griffie_client, meeting, kik_memo, stapeling_memo):
    add_item(meeting, "Introductie", 30)
    add_item(
        meeting, "Stapeling", 45, memo=stapeling_memo
    )  # planned 11:00–11:45; its programme runs 10:30–12:00
    add_item(meeting, "KIK", 30, memo=kik_memo)  # a meningsvormend memo in a beeldvormende sessie
    page = griffie_client.get(edit_url(meeting)).content.decode()
    assert "De agenda loopt 15 minuten uit:" in page and "gepland tot 12:15" in page
    assert "Het programma van de memo valt buiten de geplande tijd van dit punt (11:00–11:45)" in page
    assert "10:30–10:35 introductie" in page and "11:35–12:00 Ruimte voor vragen / gesprek" in page
    assert "Let op: een meningsvormende memo in een beeldvormende sessie." in page


@pytest.mark.django_db
def test_meeting_shorter_than_its_longest_item_is_refused(griffie_client, meeting):
    add_item(meeting, "Lang punt", 80)
    data = {
        **MEETING_DATA,
        "date": "2022-01-12",
        "start_time": "10:30",
        "end_time": "11:30",
    }
    page = griffie_client.post(edit_url(meeting), data).content.decode()
    assert "Agendapunt ‘Lang punt’ duurt 80 minuten, langer dan de vergadering." in page
    meeting.refresh_from_db()
    assert meeting.end_time == dt.time(12, 0)


@pytest.mark.django_db
def test_cancel_keeps_the_meeting_visible_as_geannuleerd(griffie_client, client, meeting):
    before = meeting.sequence
    griffie_client.post(url("cancel", meeting))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEANNULEERD and meeting.sequence > before
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Geannuleerd" in page and "Deze vergadering gaat niet door." in page


@pytest.mark.django_db
def test_move_to_another_date(griffie_client, meeting):
    make_meeting(
        title="Raadsvergadering",
        date=dt.date(2022, 1, 26),
        start_time=dt.time(19, 0),
        end_time=dt.time(23, 0),
    )
    url = reverse("meetings:move", args=[meeting.pk])
    page = griffie_client.post(
        url, {"date": "2022-01-26", "start_time": "20:00", "end_time": "21:00"}
    ).content.decode()
    assert "In Raadzaal is dan al Raadsvergadering (19:00–23:00)." in page
    before = Meeting.objects.get(pk=meeting.pk).sequence
    assert (
        griffie_client.post(
            url, {"date": "2022-01-19", "start_time": "10:30", "end_time": "12:00"}
        ).status_code
        == 302
    )
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2022, 1, 19) and meeting.sequence > before


@pytest.mark.django_db
def test_write_the_memo_of_an_item(griffie_client, meeting):
    item = add_item(meeting, "Woningbouwopgave", 60)
    response = griffie_client.post(url("item_memo_create", meeting, item))
    item.refresh_from_db()
    assert response["Location"] == reverse("memos:edit", args=[item.memo.pk])
    assert (item.memo.title, item.memo.datum, item.memo.purpose) == (
        "Woningbouwopgave",
        meeting.date,
        "beeldvormend",
    )


@pytest.mark.django_db
def test_edit_item_and_its_stukken(griffie_client, meeting):
    item = add_item(meeting, "Punt", 30)
    url = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
    base = {
        "title": "Punt",
        "duration_minutes": "30",
        "treatment": "hamerstuk",
        "confidentiality": "vertrouwelijk",
        "grondslag": "",
        "secret_until": "",
        "memo": "",
        "stukken-TOTAL_FORMS": "1",
        "stukken-INITIAL_FORMS": "0",
        "revision": item.revision,
    }
    page = griffie_client.post(
        url, {**base, "stukken-0-label": "Brief", "stukken-0-url": "file:///etc/passwd"}
    ).content.decode()
    assert "begint met http:// of https://" in page
    response = griffie_client.post(
        url, {**base, "stukken-0-label": "Brief", "stukken-0-url": "https://ris.example/brief.pdf"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.treatment == "hamerstuk" and item.confidentiality == "vertrouwelijk"
    assert [s.label for s in item.stukken.all()] == ["Brief"]


@pytest.mark.django_db
def test_only_griffie_builds_agendas(client, rik, age, meeting):
    assert client.get(edit_url(meeting)).status_code == 302
    for user in (rik, age):
        assert client_for(user).get(edit_url(meeting)).status_code == 403
        for name in ("cancel", "publish", "unpublish", "reorder", "item_add"):
            assert client_for(user).post(url(name, meeting)).status_code == 403, name
    assert client_for(rik).get(reverse("meetings:create")).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEPLAND


@pytest.mark.django_db
def test_remove_an_item_and_publish(griffie_client, meeting):
    a = add_item(meeting, "A")
    add_item(meeting, "B")
    griffie_client.post(url("item_remove", meeting, a))
    assert titles_in_order(meeting) == ["B"]
    meeting_publish = griffie_client.post(url("unpublish", meeting))
    assert meeting_publish["Location"] == edit_url(meeting)
    meeting.refresh_from_db()
    assert not meeting.is_published
    griffie_client.post(url("publish", meeting))
    meeting.refresh_from_db()
    assert meeting.is_published


@pytest.mark.django_db
def test_write_actions_refuse_get(griffie_client, meeting):
    item = add_item(meeting, "A")
    assert griffie_client.get(url("cancel", meeting)).status_code == 405
    assert griffie_client.get(url("item_remove", meeting, item)).status_code == 405
    assert titles_in_order(meeting) == ["A"]
