"""What several servers share, for the tests: an S3-compatible object store (moto's server mode)
and a Redis server, each on a free port of 127.0.0.1 and started once per test session (per xdist
worker); a new empty bucket for each test.

`s3_settings` points Django's default storage at that bucket, through the same function that reads
the production environment (raadsmemo.storage.stored_files_storage); `redis_settings` points the
cache at Redis the same way (raadsmemo.settings.caches_from_environment).
"""

import logging
import os
import shutil
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

from raadsmemo.settings import caches_from_environment
from raadsmemo.storage import stored_files_storage

REGION = "eu-west-1"
# moto takes any keys; these are no one's.
KEYS = {"AWS_ACCESS_KEY_ID": "raadsmemo-test", "AWS_SECRET_ACCESS_KEY": "raadsmemo-test-secret"}


@dataclass
class Bucket:
    """A bucket in the test's object store, and what the app needs in its environment to use it."""

    name: str
    endpoint: str
    client: object  # boto3's S3 client, with the test's own keys

    @property
    def environ(self) -> dict[str, str]:
        return {
            "AWS_STORAGE_BUCKET_NAME": self.name,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ADDRESSING_STYLE": "path",
            **KEYS,
        }

    def keys(self) -> list[str]:
        """Every object's key in the bucket."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return [entry["Key"] for page in pages for entry in page.get("Contents", [])]

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server in a thread of this process, on a port the system picks."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint) -> Bucket:
    """A new, empty, private bucket."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **_boto_keys())
    name = f"raadsmemo-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return Bucket(name=name, endpoint=s3_endpoint, client=client)


@pytest.fixture
def s3_settings(settings, bucket) -> Bucket:
    """Django's default storage is the bucket (settings' own reading of the environment)."""
    settings.STORAGES = {**settings.STORAGES, "default": stored_files_storage(bucket.environ)}
    return bucket


def _boto_keys() -> dict[str, str]:
    return {
        "aws_access_key_id": KEYS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": KEYS["AWS_SECRET_ACCESS_KEY"],
    }


# --- Redis --------------------------------------------------------------------------------------

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    """A port of 127.0.0.1 that is free now (the system picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def skip_or_fail(reason: str):
    """Skip, saying why; under CI=true a missing prerequisite fails the test instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} -- this test may not skip in CI")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A redis-server of the test's own on a free port, keeping nothing on disk; stopped at the end."""
    if not os.access(REDIS_SERVER, os.X_OK):
        skip_or_fail(f"redis-server is not installed ({REDIS_SERVER})")
    port = free_port()
    log = tmp_path_factory.mktemp("redis") / "redis.log"
    command = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for_redis(process, port, log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_redis(process: subprocess.Popen, port: int, log) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"redis-server stopped at start:\n{log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    pytest.fail(f"redis-server did not answer within 10 s:\n{log.read_text()[-2000:]}")


@pytest.fixture
def redis_settings(settings, redis_url) -> str:
    """Django's cache is the Redis server (settings' own reading of REDIS_URL), emptied first."""
    from django.core.cache import cache

    settings.CACHES = caches_from_environment({"REDIS_URL": redis_url})
    cache.clear()
    return redis_url
