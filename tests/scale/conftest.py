"""An S3-compatible object store for the tests: moto's server mode on a free port of 127.0.0.1,
started once per test session (per xdist worker), and a new empty bucket for each test.

`s3_settings` points Django's default storage at that bucket, through the same function that reads
the production environment (raadsmemo.storage.stored_files_storage).
"""

import logging
import uuid
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

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
