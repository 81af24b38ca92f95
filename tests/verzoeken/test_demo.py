"""The demo data has an agendaverzoek in every status and speakers on a coming public meeting."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from pytest_django.asserts import assertContains, assertNotContains

from raadsmemo.verzoeken.models import Agendaverzoek, AgendaverzoekStatus, Inspreekverzoek


@pytest.mark.django_db
def test_load_demo_makes_requests_once(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    assert sorted(Agendaverzoek.objects.values_list("status", flat=True)) == sorted(
        AgendaverzoekStatus.values
    )
    for verzoek in Agendaverzoek.objects.exclude(signature_count=None):
        assert default_storage.exists(verzoek.signature_file)
    granted = Agendaverzoek.objects.get(status=AgendaverzoekStatus.TOEGEKEND)
    assert granted.meeting is not None and granted.memo is not None
    assert Inspreekverzoek.objects.count() == 2
    page = client.get(granted.meeting.get_absolute_url())
    assertContains(page, "Insprekers: Anna Smit (namens Bewonersvereniging De Hoogte)")
    assertNotContains(page, "Kees Mulder")
