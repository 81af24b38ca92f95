"""The public page cache on a real Redis server (tests/scale/conftest.py starts one), as production
runs it with REDIS_URL: a visitor's page is stored in Redis and served from there, a write makes the
next request render anew, and the content version lives in Redis, where every server reads it, and
starts again above every earlier value when Redis loses it; a Redis that does not answer costs speed,
never a page or a write (raadsmemo/publishing/caching.py)."""

import datetime as dt
import signal
import socket

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from raadsmemo.meetings.models import AgendaItem
from raadsmemo.publishing.caching import VERSION_KEY, content_version, public_pages_changed
from raadsmemo.settings import caches_from_environment
from tests.conftest import add_item, client_for, make_meeting
from tests.scale.conftest import free_port

pytestmark = pytest.mark.django_db

# Django's RedisCache stores a key under KEY_PREFIX and version 1.
STORED_VERSION_KEY = f"raadsmemo:1:{VERSION_KEY}"


@pytest.fixture
def redis_db(redis_settings):
    """The Redis server itself, as another app server would see it (no Django in between)."""
    connection = redis.Redis.from_url(redis_settings)
    yield connection
    connection.close()


@pytest.fixture
def meeting(db):
    return make_meeting(title="Sessie Woningbouw", date=timezone.localdate() + dt.timedelta(days=7))


def get_page(client, url: str):
    """The page twice in one minute (the minute is part of the key): a miss, then a hit."""
    for _ in range(2):  # once more if the first pair straddled a minute
        minute = timezone.now().minute
        first, again = client.get(url), client.get(url)
        if timezone.now().minute == minute:
            return first, again
    raise AssertionError("two requests did not fit in one minute")


def test_redis_url_makes_the_cache_redis_and_without_it_each_process_has_its_own():
    assert caches_from_environment({"REDIS_URL": " redis://cache.internal:6379/2 "}) == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.internal:6379/2",
            "KEY_PREFIX": "raadsmemo",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert caches_from_environment({}) == local
    assert caches_from_environment({"REDIS_URL": "  "}) == local


def test_a_visitors_page_is_stored_in_redis_and_served_from_it(client, meeting, redis_db):
    url = meeting.get_absolute_url()
    first, again = get_page(client, url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert "Sessie Woningbouw" in first.content.decode()
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert again["ETag"] == first["ETag"]
    # The page is in Redis, where every other server finds it.
    assert redis_db.keys("raadsmemo:1:public-page:*") != []


def test_a_write_makes_the_next_request_render_the_page_anew(client, meeting, gerda, redis_db):
    item = add_item(meeting, "Rondvraag")
    url = meeting.get_absolute_url()
    _, cached = get_page(client, url)
    assert cached["X-Page-Cache"] == "hit" and "Rondvraag" in cached.content.decode()

    remove = reverse("meetings:item_remove", args=[meeting.pk, item.pk])
    assert client_for(gerda).post(remove).status_code == 302
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss" and "Rondvraag" not in after.content.decode()


def test_the_content_version_lives_in_redis_and_rises_with_every_write(redis_db):
    version = content_version()
    assert int(redis_db.get(STORED_VERSION_KEY)) == version
    public_pages_changed()  # outside a transaction: raised at once
    assert content_version() > version
    # Another server reads the same number from Redis.
    assert int(redis_db.get(STORED_VERSION_KEY)) == content_version()


def test_a_version_redis_lost_starts_again_above_every_earlier_one(redis_db):
    versions = [content_version()]
    for _ in range(3):
        public_pages_changed()
        versions.append(content_version())
    # The test runs in one transaction: the first write raises the version, the others wait for
    # the commit that raises it once more (which the test never reaches).
    assert versions == [versions[0]] + [versions[0] + 1] * 3

    redis_db.delete(STORED_VERSION_KEY)  # evicted, or Redis restarted without a disk
    restarted = content_version()
    assert restarted > versions[-1]
    assert int(redis_db.get(STORED_VERSION_KEY)) == restarted


def test_a_page_stored_before_the_version_was_lost_is_not_served_after(client, meeting, redis_db):
    url = meeting.get_absolute_url()
    _, cached = get_page(client, url)
    assert cached["X-Page-Cache"] == "hit"
    redis_db.delete(STORED_VERSION_KEY)
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_redis_that_does_not_answer_costs_speed_not_pages_or_writes(client, meeting, gerda, settings):
    item = add_item(meeting, "Rondvraag")
    settings.CACHES = caches_from_environment({"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    url = meeting.get_absolute_url()
    page = client.get(url)
    assert page.status_code == 200 and "Rondvraag" in page.content.decode()
    assert "X-Page-Cache" not in page  # rendered, not stored

    remove = reverse("meetings:item_remove", args=[meeting.pk, item.pk])
    assert client_for(gerda).post(remove).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert "Rondvraag" not in client.get(url).content.decode()


def test_a_redis_that_takes_the_connection_but_never_answers_holds_no_request(client, meeting, settings):
    """Redis gone from the network: the connection hangs instead of being refused. The page is
    rendered without the cache once Redis times out (after REDIS_TIMEOUT_SECONDS; redis-py's own
    default, 5 s a try and retried, held this page some 17 s)."""

    def held_for_ever(*args):
        raise AssertionError("the request waited on Redis for 30 s")

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)  # the system accepts connections; no one ever answers on them
        settings.CACHES = caches_from_environment(
            {"REDIS_URL": f"redis://127.0.0.1:{silent.getsockname()[1]}/0"}
        )
        # A request held for ever fails the test instead of hanging it.
        previous = signal.signal(signal.SIGALRM, held_for_ever)
        signal.alarm(30)
        try:
            page = client.get(meeting.get_absolute_url())
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    assert page.status_code == 200 and "Sessie Woningbouw" in page.content.decode()
