"""Cheap repeat reads: an anonymous visitor's public pages answer a repeat with 304, come from the
cache otherwise, and never show anything stale or anything meant for someone else."""

import pytest
from django.urls import reverse

from raadsmemo.meetings.services import meeting_touch
from tests.conftest import add_item, client_for, make_item, make_meeting, publish_memo


@pytest.fixture
def meeting(db):
    import datetime as dt

    from django.utils import timezone

    return make_meeting(title="Sessie Woningbouw", date=timezone.localdate() + dt.timedelta(days=7))


@pytest.mark.parametrize("page", ["upcoming", "detail"])
def test_a_repeat_request_gets_304_and_a_change_a_new_page(
    client, meeting, page, django_assert_max_num_queries
):
    url = reverse("meetings:upcoming") if page == "upcoming" else meeting.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and "public" in first["Cache-Control"] and first["ETag"]
    assert "Sessie Woningbouw" in first.content.decode()
    with django_assert_max_num_queries(1):  # only the state, no page
        repeat = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert repeat.status_code == 304
    with django_assert_max_num_queries(1):  # from the cache
        cached = client.get(url)
    assert cached.content == first.content
    add_item(meeting, "Nieuw agendapunt")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Nieuw agendapunt" in changed.content.decode()


def test_a_memo_made_vertrouwelijk_leaves_the_cached_page_at_once(client, meeting, stapeling_memo, gerda):
    from django.core.cache import cache

    add_item(meeting, memo=publish_memo(stapeling_memo, by=gerda))
    url = meeting.get_absolute_url()
    memo_link = reverse("meetings:item_memo", args=[meeting.pk, meeting.items.get().pk])
    before = client.get(url).content.decode()
    assert memo_link in before
    stapeling_memo.refresh_from_db()
    stapeling_memo.confidentiality = "vertrouwelijk"
    stapeling_memo.save(update_fields=["confidentiality", "updated_at"])
    served = client.get(url).content
    assert memo_link not in served.decode()
    cache.clear()
    assert client.get(url).content == served  # exactly what a fresh render shows


def test_logged_in_readers_never_get_a_cached_page(client, meeting, gerda):
    anonymous = client.get(reverse("meetings:upcoming"))
    griffie = client_for(gerda).get(reverse("meetings:upcoming"), HTTP_IF_NONE_MATCH=anonymous["ETag"])
    assert griffie.status_code == 200 and "no-store" in griffie["Cache-Control"]
    assert "X-CSRFToken" in griffie.content.decode()  # her own page, with her token
    assert "X-CSRFToken" not in anonymous.content.decode() and "csrftoken" not in anonymous.cookies


def test_the_register_answers_304_until_a_stand_van_zaken_is_added(client, gerda, db):
    import datetime as dt

    from raadsmemo.lta.services import status_update_add

    item = make_item("2026-1", by=gerda)
    url = reverse("lta:register")
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    meeting_touch  # noqa: B018 - imported for the agenda tests above
    status_update_add(item=item, date=dt.date(2026, 1, 2), text="Nieuwe stand", by=gerda)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
