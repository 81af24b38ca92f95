"""Personal data goes VERZOEKEN_BEWAARTERMIJN_DAGEN after the decision or the meeting: the task
that the management command queues, and what it leaves."""

import datetime as dt

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from raadsmemo.verzoeken.models import Agendaverzoek, InspreekStatus, Inspreekverzoek, SubmissionAttempt
from raadsmemo.verzoeken.services import ERASED
from tests.conftest import add_item, client_for, make_meeting
from tests.verzoeken.conftest import AMSTERDAM, agendaverzoek_data, inspreek_data

pytestmark = pytest.mark.django_db

DECIDED = dt.datetime(2022, 1, 10, 12, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def decided(client, gerda, age):
    """Two rejected agendaverzoeken of inwoners, decided on DECIDED, and one never decided."""
    with time_machine.travel(DECIDED - dt.timedelta(days=3), tick=False):
        for subject in ("Eerste", "Tweede", "Nooit besloten"):
            client.post(
                reverse("verzoeken:agendaverzoek_create"),
                agendaverzoek_data(subject=subject),
                REMOTE_ADDR=subject,
            )
    with time_machine.travel(DECIDED, tick=False):
        for verzoek in Agendaverzoek.objects.exclude(subject="Nooit besloten"):
            client_for(gerda).post(
                reverse("verzoeken:agendaverzoek_take_in", args=[verzoek.pk]), {"revision": 1}
            )
            client_for(age).post(
                reverse("verzoeken:agendaverzoek_reject", args=[verzoek.pk]),
                {"revision": 2, "reason": "Niet nu."},
            )
    with time_machine.travel(DECIDED + dt.timedelta(days=1), tick=False):
        Agendaverzoek.objects.filter(subject="Tweede").update(decided_at=DECIDED + dt.timedelta(days=1))
    return {v.subject: v for v in Agendaverzoek.objects.all()}


def test_personal_data_and_the_signature_list_go_after_the_retention_period(decided, gerda, settings):
    settings.VERZOEKEN_BEWAARTERMIJN_DAGEN = 365
    files = {subject: v.signature_file for subject, v in decided.items()}
    assert all(default_storage.exists(name) for name in files.values())
    with time_machine.travel(DECIDED + dt.timedelta(days=365, hours=1), tick=False):
        call_command("verzoeken_opschonen")
    first, second, open_one = (
        Agendaverzoek.objects.get(subject=s) for s in ("Eerste", "Tweede", "Nooit besloten")
    )
    assert (first.name, first.email, first.phone, first.signature_file) == (ERASED, "", "", "")
    assert first.anonymised_at is not None
    # What the raad needs stays.
    assert (first.subject, first.signature_count, first.status, first.reason) == (
        "Eerste",
        50,
        "afgewezen",
        "Niet nu.",
    )
    assert not default_storage.exists(files["Eerste"])
    # Decided a day later: one more day; never decided: kept until decided.
    assert second.email == "fatima@example.org" and default_storage.exists(files["Tweede"])
    assert open_one.email == "fatima@example.org" and default_storage.exists(files["Nooit besloten"])
    page = client_for(gerda).get(first.get_absolute_url())
    assertContains(page, "Verwijderd op")
    assert client_for(gerda).get(reverse("verzoeken:signature_list", args=[first.pk])).status_code == 404
    with time_machine.travel(DECIDED + dt.timedelta(days=366, hours=1), tick=False):
        call_command("verzoeken_opschonen")
    assert Agendaverzoek.objects.get(subject="Tweede").email == ""
    assert not default_storage.exists(files["Tweede"])


def test_the_period_is_a_setting(decided, settings):
    settings.VERZOEKEN_BEWAARTERMIJN_DAGEN = 30
    with time_machine.travel(DECIDED + dt.timedelta(days=29), tick=False):
        call_command("verzoeken_opschonen")
    assert not Agendaverzoek.objects.filter(anonymised_at__isnull=False).exists()
    with time_machine.travel(DECIDED + dt.timedelta(days=30, hours=1), tick=False):
        call_command("verzoeken_opschonen")
    assert Agendaverzoek.objects.filter(anonymised_at__isnull=False).count() == 1


def test_an_inspreekverzoek_goes_a_period_after_its_meeting(client, gerda):
    meeting = make_meeting()
    item = add_item(meeting, "Woonvisie")
    with time_machine.travel(dt.datetime(2022, 1, 5, tzinfo=AMSTERDAM), tick=False):
        client.post(reverse("verzoeken:inspreekverzoek_create", args=[item.pk]), inspreek_data())
        verzoek = Inspreekverzoek.objects.get()
        client_for(gerda).post(
            reverse("verzoeken:inspreekverzoek_confirm", args=[verzoek.pk]), {"revision": 1}
        )
    with time_machine.travel(dt.datetime(2023, 1, 12, 10, 0, tzinfo=AMSTERDAM), tick=False):
        call_command("verzoeken_opschonen")
    assert Inspreekverzoek.objects.get().anonymised_at is None
    with time_machine.travel(dt.datetime(2023, 1, 12, 11, 0, tzinfo=AMSTERDAM), tick=False):
        call_command("verzoeken_opschonen")
    verzoek = Inspreekverzoek.objects.get()
    assert (verzoek.name, verzoek.email, verzoek.on_behalf_of, verzoek.text, verzoek.show_name) == (
        ERASED,
        "",
        "",
        "",
        False,
    )
    assert (verzoek.status, verzoek.item_title) == (InspreekStatus.BEVESTIGD, "Woonvisie")
    assert "Anna" not in client.get(meeting.get_absolute_url()).content.decode()


def test_rate_limit_counts_are_kept_an_hour_at_most(client):
    with time_machine.travel(DECIDED, tick=False):
        client.post(reverse("verzoeken:agendaverzoek_create"), agendaverzoek_data())
    assert SubmissionAttempt.objects.count() == 1
    assert "127.0.0.1" not in SubmissionAttempt.objects.get().address_hash
    with time_machine.travel(DECIDED + dt.timedelta(hours=1, minutes=1), tick=False):
        call_command("verzoeken_opschonen")
    assert not SubmissionAttempt.objects.exists()
