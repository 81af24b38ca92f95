"""The load balancer's health check (/gezond/): the database answers, the file store (local disk
or the object store) takes a file, gives it back and lets it go, and Redis, when the cache is Redis,
keeps a key. 200 when all do, 503 naming the part that does not (Redis is named, but the server
works without it: no 503), and never a secret or an address in the answer."""

import pytest
import redis
from django.db import OperationalError
from django.urls import reverse

from raadsmemo.settings import caches_from_environment
from raadsmemo.storage import stored_files_storage
from tests.scale.conftest import free_port

pytestmark = pytest.mark.django_db


def health(client):
    response = client.get(reverse("health"))
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    return response


def test_local_files_and_the_database_answer_200_and_no_probe_is_left(client, settings):
    response = health(client)
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "bestanden": "ok"}
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []
    # Load balancers often probe with HEAD.
    assert client.head(reverse("health")).status_code == 200


def test_a_local_store_that_cannot_be_written_answers_503(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-a-directory"
    settings.MEDIA_ROOT.write_text("a file where the directory should be")
    response = health(client)
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "bestanden": "fout"}


def test_the_object_store_answers_200_and_no_probe_is_left(client, s3_settings):
    response = health(client)
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "bestanden": "ok"}
    assert s3_settings.keys() == []


def test_a_missing_bucket_answers_503_without_naming_it_or_the_keys(client, settings, bucket):
    environ = {**bucket.environ, "AWS_STORAGE_BUCKET_NAME": "raadsmemo-bestaat-niet"}
    settings.STORAGES = {**settings.STORAGES, "default": stored_files_storage(environ)}
    response = health(client)
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "bestanden": "fout"}
    body = response.content.decode()
    for secret in ("raadsmemo-bestaat-niet", bucket.endpoint, *bucket.environ.values()):
        assert secret not in body


def test_a_database_that_does_not_answer_gives_503(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection to server at 10.0.0.5 failed: password authentication")

    monkeypatch.setattr("raadsmemo.observability.connection", Unreachable())
    response = health(client)
    assert response.status_code == 503
    assert response.json() == {"database": "fout", "bestanden": "ok"}
    assert "10.0.0.5" not in response.content.decode()


def test_redis_answers_200_and_no_probe_is_left(client, redis_settings):
    response = health(client)
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "bestanden": "ok", "cache": "ok"}
    with redis.Redis.from_url(redis_settings) as connection:
        assert connection.keys("*gezond*") == []


def test_a_redis_that_does_not_answer_is_reported_without_its_address_but_no_503(client, settings):
    nobody = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.CACHES = caches_from_environment({"REDIS_URL": nobody})
    response = health(client)
    # The server works without Redis (slower): no reason to take it out of the load balancer.
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "bestanden": "ok", "cache": "fout"}
    assert nobody.split("//")[1].split("/")[0] not in response.content.decode()
