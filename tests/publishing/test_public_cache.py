"""Cheap repeat reads: an anonymous visitor's public pages answer a repeat request with 304, and
never a stale one: the ETag is a hash of the page as it is now."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import add_item, client_for, make_item, make_meeting, publish_memo


@pytest.fixture
def meeting(db):
    return make_meeting(title="Sessie Woningbouw", date=timezone.localdate() + dt.timedelta(days=7))


@pytest.mark.parametrize("page", ["upcoming", "detail"])
def test_a_repeat_request_gets_304_and_a_change_a_new_page(client, meeting, page):
    url = reverse("meetings:upcoming") if page == "upcoming" else meeting.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and "public" in first["Cache-Control"] and first["ETag"]
    assert "Sessie Woningbouw" in first.content.decode()
    repeat = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert repeat.status_code == 304 and repeat.content == b"" and repeat["ETag"] == first["ETag"]
    add_item(meeting, "Nieuw agendapunt")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Nieuw agendapunt" in changed.content.decode()


def test_a_memo_made_vertrouwelijk_is_never_answered_with_304(client, meeting, stapeling_memo, gerda):
    add_item(meeting, memo=publish_memo(stapeling_memo, by=gerda))
    url = meeting.get_absolute_url()
    memo_link = reverse("meetings:item_memo", args=[meeting.pk, meeting.items.get().pk])
    before = client.get(url)
    assert memo_link in before.content.decode()
    stapeling_memo.refresh_from_db()
    stapeling_memo.confidentiality = "vertrouwelijk"
    stapeling_memo.save(update_fields=["confidentiality", "updated_at"])
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and memo_link not in after.content.decode()


def test_logged_in_readers_get_their_own_page_never_a_304(client, meeting, gerda):
    anonymous = client.get(reverse("meetings:upcoming"))
    griffie = client_for(gerda).get(reverse("meetings:upcoming"), HTTP_IF_NONE_MATCH=anonymous["ETag"])
    assert griffie.status_code == 200 and "no-store" in griffie["Cache-Control"] and "ETag" not in griffie
    assert "X-CSRFToken" in griffie.content.decode()  # her own page, with her token
    # A visitor's page is the same for everyone: no token, no cookie, no nonce.
    assert "X-CSRFToken" not in anonymous.content.decode() and not anonymous.cookies
    assert client.get(reverse("meetings:upcoming"))["ETag"] == anonymous["ETag"]


def test_the_register_answers_304_until_a_stand_van_zaken_is_added(client, gerda):
    from raadsmemo.lta.services import status_update_add

    item = make_item("2026-1", by=gerda)
    url = reverse("lta:register")
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    status_update_add(item=item, date=dt.date(2026, 1, 2), text="Nieuwe stand", by=gerda)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
