"""Words that confused people: "(optioneel)" on every filter, a livestream promised for a meeting
long past."""

import datetime as dt

from django.urls import reverse

from tests.conftest import make_meeting


def test_filters_do_not_say_optioneel_but_forms_do(griffie_client):
    for url in (reverse("memos:list"), reverse("lta:register")):
        page = griffie_client.get(url).content.decode()
        assert 'role="search"' in page and "(optioneel)" not in page
    assert "(optioneel)" in griffie_client.get(reverse("collegevoorstellen:create")).content.decode()


def test_a_past_meeting_was_streamed_a_coming_one_can_be_followed(client, db):
    past = make_meeting(title="Voorbij", livestream=True)
    coming = make_meeting(title="Komend", livestream=True, date=dt.date.today() + dt.timedelta(days=7))
    past_page = client.get(past.get_absolute_url()).content.decode()
    assert "werd live uitgezonden" in past_page and "is live te volgen" not in past_page
    assert "is live te volgen" in client.get(coming.get_absolute_url()).content.decode()
