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


# --- The shared page cache (PUBLIC_PAGE_CACHE; on in every test, tests/conftest.py) --------------


def test_a_visitor_gets_the_stored_page_without_a_query(client, meeting, gerda, django_assert_num_queries):
    url = meeting.get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Content-Type"] == first["Content-Type"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # The griffie's page is her own, never the visitor's.
    griffie = client_for(gerda).get(url)
    assert "X-Page-Cache" not in griffie and "X-CSRFToken" in griffie.content.decode()


def test_a_fragment_or_a_personal_request_never_comes_from_the_cache(client, meeting):
    url = meeting.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get(url, HTTP_HX_REQUEST="true")
    client.cookies["messages"] = "iets"  # a message waiting to be shown
    assert "X-Page-Cache" not in client.get(url)


def test_every_change_a_visitor_can_see_reaches_the_next_request(client, meeting, stapeling_memo, gerda):
    from raadsmemo.lta.services import status_update_add

    url = meeting.get_absolute_url()
    register = reverse("lta:register")
    item = make_item("2026-7", by=gerda)
    for page in (url, register):
        client.get(page)
        assert client.get(page)["X-Page-Cache"] == "hit"

    add_item(meeting, memo=publish_memo(stapeling_memo, by=gerda))
    memo_link = reverse("meetings:item_memo", args=[meeting.pk, meeting.items.get().pk])
    shown = client.get(url)
    assert shown["X-Page-Cache"] == "miss" and memo_link in shown.content.decode()

    stapeling_memo.refresh_from_db()
    stapeling_memo.confidentiality = "vertrouwelijk"
    stapeling_memo.save(update_fields=["confidentiality", "updated_at"])
    assert memo_link not in client.get(url).content.decode()
    assert client.get(memo_link).status_code == 404  # nor the memo page, once cached

    before = client.get(register).content
    status_update_add(item=item, date=dt.date(2026, 1, 2), text="Brief is verstuurd", by=gerda)
    after = client.get(register)
    assert after["X-Page-Cache"] == "miss" and after.content != before
    make_item("2026-8", title="Zwembad De Parrel", by=gerda)
    assert "Zwembad De Parrel" in client.get(register).content.decode()


def test_a_griffie_post_reaches_the_visitors_page(client, meeting, gerda):
    """Through the app, as the griffie works: a cancelled meeting says so on the next request."""
    url = meeting.get_absolute_url()
    assert "geannuleerd" not in client.get(url).content.decode().lower()
    griffie = client_for(gerda)
    meeting.refresh_from_db()
    response = griffie.post(reverse("meetings:cancel", args=[meeting.pk]))
    assert response.status_code == 302
    assert "geannuleerd" in client.get(url).content.decode().lower()


def test_the_page_follows_the_clock_to_the_minute(client, db):
    """Asking to speak closes 24 hours before the meeting: the page says so from that minute on,
    though nothing was written."""
    import time_machine

    from tests.verzoeken.conftest import AMSTERDAM

    item = add_item(make_meeting(title="Meningsvormende sessie Wonen"), "Woonvisie")
    url = item.meeting.get_absolute_url()
    with time_machine.travel(dt.datetime(2022, 1, 11, 10, 29, 5, tzinfo=AMSTERDAM), tick=False) as now:
        assert "Inspreken aanvragen" in client.get(url).content.decode()
        now.move_to(dt.datetime(2022, 1, 11, 10, 29, 55, tzinfo=AMSTERDAM))
        assert client.get(url)["X-Page-Cache"] == "hit"
        now.move_to(dt.datetime(2022, 1, 11, 10, 30, 0, tzinfo=AMSTERDAM))
        closed = client.get(url)
        assert closed["X-Page-Cache"] == "miss" and "Inspreken aanvragen" not in closed.content.decode()


def test_someones_draft_leaves_the_cache_alone(client, meeting, stapeling_memo, gerda):
    from raadsmemo.memos.models import MemoDraft
    from raadsmemo.publishing.caching import content_version

    before = content_version()
    MemoDraft.objects.create(memo=stapeling_memo, author=gerda, data={"title": "Half getypt"})
    assert content_version() == before
    stapeling_memo.title = "Nieuwe titel"
    stapeling_memo.save()
    assert content_version() > before


@pytest.mark.django_db(transaction=True)
def test_the_version_rises_again_when_the_write_commits_and_a_rollback_blocks_nothing():
    """A page rendered from the old rows while a write was under way is stored under a version
    that the commit leaves behind."""
    from django.db import transaction

    from raadsmemo.people.models import Contact
    from raadsmemo.publishing.caching import content_version

    start = content_version()
    with transaction.atomic():
        Contact.objects.create(name="Jüri Õunapuu", function="adviseur")
        during = content_version()
        Contact.objects.create(name="Łucja Wąsik", function="adviseur")  # same block: once
        assert content_version() == during > start
    assert content_version() > during
    try:
        with transaction.atomic():
            Contact.objects.create(name="Ærling Østergård", function="adviseur")
            raise RuntimeError
    except RuntimeError:
        pass
    rolled_back = content_version()
    with transaction.atomic():
        Contact.objects.create(name="Zoë Ní Bhriain", function="adviseur")
    assert content_version() > rolled_back + 1


def test_a_lost_version_starts_again_above_any_earlier_one(db):
    from django.core.cache import cache

    from raadsmemo.publishing.caching import VERSION_KEY, content_version, public_pages_changed

    public_pages_changed()
    used = content_version()
    cache.delete(VERSION_KEY)  # evicted, or a memory cache restarted
    assert content_version() > used


# Port 1 on 127.0.0.1 refuses every connection: a Redis that is down.
REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_with_the_cache_server_down_visitors_still_read_and_the_griffie_still_writes(
    client, meeting, gerda, settings, caplog
):
    """The cache is a help, never a need: no 500 for a reader, no lost write for the griffie."""
    settings.CACHES = REDIS_DOWN
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200 and "Sessie Woningbouw" in page.content.decode()
    assert "X-Page-Cache" not in page  # neither a hit nor a stored miss: rendered as without a cache
    assert client.get(meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304

    griffie = client_for(gerda)
    meeting.refresh_from_db()
    assert griffie.post(reverse("meetings:cancel", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert "geannuleerd" in client.get(meeting.get_absolute_url()).content.decode().lower()
    assert any("Paginacache niet bereikbaar" in record.getMessage() for record in caplog.records)
