"""The inspreekverzoek: asked from a coming public agenda item until it closes, confirmed or
declined by the griffie, and the confirmed speakers on the public agenda (named only with consent)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from raadsmemo.meetings.services import meeting_cancel
from raadsmemo.verzoeken.models import InspreekStatus, Inspreekverzoek
from tests.conftest import add_item, client_for, make_meeting
from tests.verzoeken.conftest import AMSTERDAM, inspreek_data

pytestmark = pytest.mark.django_db

SENT = reverse("verzoeken:inspreekverzoek_sent")


@pytest.fixture
def item(db):
    return add_item(make_meeting(title="Meningsvormende sessie Wonen"), "Woonvisie")


def form_url(item) -> str:
    return reverse("verzoeken:inspreekverzoek_create", args=[item.pk])


def test_a_visitor_finds_the_form_on_the_public_meeting_page(client, item, now):
    page = client.get(item.meeting.get_absolute_url())
    assertContains(page, f'href="{form_url(item)}">Inspreken aanvragen')
    form = client.get(form_url(item))
    assertContains(form, "Woonvisie")
    assertContains(form, "uiterlijk dinsdag 11 januari 2022 om 10:30")
    assertContains(form, reverse("verzoeken:privacy"))


def test_a_request_to_speak_is_stored_confirmed_by_mail_and_shown_after_confirmation(
    client, item, gerda, now
):
    assertRedirects(client.post(form_url(item), inspreek_data()), SENT)
    assertContains(client.get(SENT), "Uw aanmelding om in te spreken is verstuurd")
    verzoek = Inspreekverzoek.objects.get()
    assert (verzoek.agenda_item, verzoek.item_title, verzoek.show_name) == (item, "Woonvisie", True)
    assert verzoek.meeting_starts_at == dt.datetime(2022, 1, 12, 10, 30, tzinfo=AMSTERDAM)
    assert [m.subject for m in mail.outbox] == ["Wij hebben uw verzoek om in te spreken ontvangen"]
    assert "woensdag 12 januari 2022 om 10:30" in mail.outbox[0].body
    # Not on the agenda until the griffie confirms.
    assertNotContains(client.get(item.meeting.get_absolute_url()), "Anna Smit")
    griffie = client_for(gerda)
    assertContains(griffie.get(reverse("verzoeken:inspreekverzoek_list")), "Anna Smit")
    confirm = reverse("verzoeken:inspreekverzoek_confirm", args=[verzoek.pk])
    assertRedirects(griffie.post(confirm, {"revision": 1}), reverse("verzoeken:inspreekverzoek_list"))
    assert Inspreekverzoek.objects.get().status == InspreekStatus.BEVESTIGD
    assert mail.outbox[-1].subject == "U kunt inspreken"
    page = client.get(item.meeting.get_absolute_url())
    assertContains(page, "Insprekers: Anna Smit (namens Bewonersvereniging De Hoogte)")
    # A second confirmation changes nothing and sends nothing.
    griffie.post(confirm, {"revision": 2})
    assert len(mail.outbox) == 2


def test_without_consent_the_agenda_counts_the_speaker_but_does_not_name_them(client, item, gerda, now):
    client.post(form_url(item), inspreek_data(show_name=None))
    client.post(form_url(item), inspreek_data(name="Bert Bos", email="bert@example.org", on_behalf_of=""))
    for verzoek in Inspreekverzoek.objects.all():
        client_for(gerda).post(
            reverse("verzoeken:inspreekverzoek_confirm", args=[verzoek.pk]), {"revision": 1}
        )
    page = client.get(item.meeting.get_absolute_url())
    assertContains(page, "Insprekers: Bert Bos en 1 andere inspreker")
    assertNotContains(page, "Anna Smit")
    assertNotContains(page, "Bewonersvereniging")


def test_the_griffie_declines_with_a_reason(client, item, gerda, now):
    client.post(form_url(item), inspreek_data())
    verzoek = Inspreekverzoek.objects.get()
    decline = reverse("verzoeken:inspreekverzoek_decline", args=[verzoek.pk])
    response = client_for(gerda).post(decline, {"revision": 1, "reason": ""})
    assertContains(response, "Schrijf de reden; de aanvrager krijgt die te lezen.", status_code=400)
    assert len(mail.outbox) == 1
    client_for(gerda).post(decline, {"revision": 1, "reason": "Er zijn al vijf insprekers."})
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.reason) == (InspreekStatus.AFGEWEZEN, "Er zijn al vijf insprekers.")
    assert mail.outbox[-1].subject == "Uw verzoek om in te spreken is afgewezen"
    assert "Er zijn al vijf insprekers." in mail.outbox[-1].body
    assertNotContains(client.get(item.meeting.get_absolute_url()), "Insprekers")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Vul uw naam in."),
        ({"email": "anna@"}, "Vul een geldig e-mailadres in"),
        ({"text": ""}, "Schrijf kort waarover u wilt inspreken."),
        ({"text": "x" * 1001}, "Deze tekst is te lang: 1.001 tekens, en er mogen er hoogstens 1.000 zijn."),
        ({"on_behalf_of": "y" * 201}, "Gebruik hoogstens 200 tekens."),
    ],
)
def test_bad_input_gets_a_dutch_error_and_keeps_what_was_typed(client, item, now, overrides, message):
    response = client.post(form_url(item), inspreek_data(**overrides))
    assertContains(response, message)
    assertContains(response, "Nog niet verstuurd.")
    kept = 'value="Anna Smit"' if "name" not in overrides else 'value="anna@example.org"'
    assertContains(response, kept)
    assert not Inspreekverzoek.objects.exists()
    assert mail.outbox == []


def test_a_long_text_comes_back_whole_without_a_maxlength(client, item, now):
    typed = "Over de woonvisie. " * 60
    response = client.post(form_url(item), inspreek_data(text=typed))
    assertContains(response, "Deze tekst is te lang: 1.139 tekens")
    assertContains(response, typed.strip())
    assertNotContains(response, 'maxlength="1000"')


def test_it_closes_24_hours_before_the_meeting(client, item, now):
    url = form_url(item)
    now.move_to(dt.datetime(2022, 1, 11, 10, 29, tzinfo=AMSTERDAM))
    assertContains(client.get(item.meeting.get_absolute_url()), "Inspreken aanvragen")
    assert client.get(url).status_code == 200
    now.move_to(dt.datetime(2022, 1, 11, 10, 30, tzinfo=AMSTERDAM))
    assertNotContains(client.get(item.meeting.get_absolute_url()), "Inspreken aanvragen")
    closed = client.get(url)
    assertContains(
        closed,
        "De aanmelding sloot op dinsdag 11 januari 2022 om 10:30, 24 uur voor het begin van de vergadering.",
    )
    late = client.post(url, inspreek_data())
    assertContains(late, "Uw aanmelding is niet verstuurd.", status_code=410)
    assert not Inspreekverzoek.objects.exists()
    assert mail.outbox == []


def test_the_closing_time_is_a_setting(client, item, now, settings):
    settings.INSPREKEN_CLOSES_HOURS = 24 * 7 + 1
    assertNotContains(client.get(item.meeting.get_absolute_url()), "Inspreken aanvragen")
    assertContains(client.get(form_url(item)), "169 uur voor het begin")


def test_no_speaking_at_a_besloten_item_an_unpublished_or_closed_meeting_or_a_cancelled_one(
    client, item, gerda, now
):
    besloten = add_item(item.meeting, "Grondzaken", confidentiality="vertrouwelijk")
    hidden = add_item(make_meeting(published=False), "Concept")
    private = add_item(make_meeting(is_public=False), "Besloten vergadering")
    for other in (besloten, hidden, private):
        assert client.get(form_url(other)).status_code == 404
        assert client.post(form_url(other), inspreek_data()).status_code == 404
    assertNotContains(client.get(item.meeting.get_absolute_url()), form_url(besloten))
    meeting_cancel(meeting=item.meeting, by=gerda)
    assertNotContains(client.get(item.meeting.get_absolute_url()), "Inspreken aanvragen")
    assertContains(client.get(form_url(item)), "Deze vergadering gaat niet door")
    assert not Inspreekverzoek.objects.exists()


def test_the_honeypot_and_the_rate_limit(client, item, now):
    assertRedirects(client.post(form_url(item), inspreek_data(website="spam")), SENT)
    assert not Inspreekverzoek.objects.exists()
    for i in range(4):
        assertRedirects(client.post(form_url(item), inspreek_data(name=f"Persoon {i}")), SENT)
    assertContains(client.post(form_url(item), inspreek_data()), "Even wachten", status_code=429)
    assert Inspreekverzoek.objects.count() == 4


def test_only_the_griffie_handles_inspreekverzoeken(client, item, rik, age, now):
    client.post(form_url(item), inspreek_data())
    verzoek = Inspreekverzoek.objects.get()
    url = reverse("verzoeken:inspreekverzoek_list")
    assert client.get(url).status_code == 302
    for user in (rik, age):
        assert client_for(user).get(url).status_code == 403
        assert (
            client_for(user)
            .post(reverse("verzoeken:inspreekverzoek_confirm", args=[verzoek.pk]), {"revision": 1})
            .status_code
            == 403
        )
    assert Inspreekverzoek.objects.get().status == InspreekStatus.ONTVANGEN


def test_a_speaker_stays_when_the_item_leaves_the_agenda(client, item, gerda, now):
    from raadsmemo.meetings.services import agenda_item_remove

    client.post(form_url(item), inspreek_data())
    agenda_item_remove(item=item)
    page = client_for(gerda).get(reverse("verzoeken:inspreekverzoek_list"))
    assertContains(page, "Woonvisie (niet meer op de agenda)")


def test_the_inspreek_list_shows_25_a_page_and_a_refused_decline_keeps_its_page(gerda, item, now):
    Inspreekverzoek.objects.bulk_create(
        Inspreekverzoek(
            agenda_item=item,
            item_title=item.title,
            meeting_title=item.meeting.title,
            meeting_starts_at=item.meeting.starts_at + dt.timedelta(minutes=i),
            name=f"Spreker {i:02}",
            email="s@example.org",
            text="Hierover.",
        )
        for i in range(30)
    )
    griffie = client_for(gerda)
    url = reverse("verzoeken:inspreekverzoek_list")
    first = griffie.get(url)
    assertContains(first, "Spreker 24")
    assertNotContains(first, "Spreker 25")
    assertContains(first, "Pagina 1 van 2")
    second = griffie.get(url, {"page": 2})
    assertContains(second, "Spreker 29")
    assertNotContains(second, "Spreker 24")
    # Declining without a reason: the error shows on the page the form was on.
    last = Inspreekverzoek.objects.get(name="Spreker 29")
    decline = reverse("verzoeken:inspreekverzoek_decline", args=[last.pk])
    refused = griffie.post(decline, {"revision": 1, "reason": "", "page": 2})
    assert refused.status_code == 400
    assertContains(refused, "Schrijf de reden", status_code=400)
    assertContains(refused, "Pagina 2 van 2", status_code=400)
    assert Inspreekverzoek.objects.get(pk=last.pk).status == InspreekStatus.ONTVANGEN


def test_the_inspreek_list_takes_a_fixed_number_of_queries(client, gerda, now, django_assert_num_queries):
    griffie = client_for(gerda)
    url = reverse("verzoeken:inspreekverzoek_list")
    items = [add_item(make_meeting(title=f"Sessie {i}"), f"Punt {i}") for i in range(2)]
    for item in items:
        client.post(form_url(item), inspreek_data(), REMOTE_ADDR=f"192.0.2.{item.pk}")
    griffie.get(url)
    with django_assert_num_queries(5):  # session, user, her roles, the count, the page
        griffie.get(url)
    for i in range(6):
        item = add_item(make_meeting(title=f"Meer {i}"), f"Meer {i}")
        client.post(form_url(item), inspreek_data(name=f"Spreker {i}"), REMOTE_ADDR=f"198.51.100.{i}")
    with django_assert_num_queries(5):
        page = griffie.get(url)
    assertContains(page, "Spreker 5")
